import { ERROR_CATALOGUE, ErrorCode } from './error-code';

export type ErrorDetails = Record<string, unknown>;

/**
 * Base class of every error the service means to tell a client about. It carries a stable code;
 * the HTTP status is looked up from that code by the exception filter, never chosen here.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOGUE[code].message,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A field-level validation failure, raised by the global ValidationPipe and by services. */
export class ValidationFailedError extends DomainError {
  constructor(errors: { field: string; problems: string[] }[]) {
    super('VALIDATION_FAILED', 'The request is not valid.', { errors });
  }
}
