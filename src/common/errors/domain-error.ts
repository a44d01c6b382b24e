import { ERROR_CATALOGUE, ErrorCode } from './error-code';

export type ErrorDetails = Record<string, unknown>;

/**
 * Base class of every error the service means to tell a client about. It carries a stable code;
 * the HTTP status is looked up from that code by the exception filter, never chosen here.
 *
 * A refusal (a 4xx: sold out, not found, invalid) is an answer, not a fault: it is never logged,
 * so it is made without a stack trace, which would cost more than the rest of the refusal (the
 * Nest and Fastify frames under a handler are deep). A 5xx code keeps its stack for the error log.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}) {
    const stackTraceLimit = Error.stackTraceLimit;
    if (ERROR_CATALOGUE[code].status < 500) Error.stackTraceLimit = 0;
    try {
      super(message ?? ERROR_CATALOGUE[code].message);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.code = code;
    this.details = details;
    this.name = new.target.name;
  }
}

/** A field-level validation failure, raised by the global ValidationPipe and by services. */
export class ValidationFailedError extends DomainError {
  constructor(errors: { field: string; problems: string[] }[]) {
    super('VALIDATION_FAILED', 'The request is not valid.', { errors });
  }
}
