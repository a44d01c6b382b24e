import { types } from 'node:util';
import { HttpException, HttpStatus } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { classifyMongoError, StoreFailure } from '../../store/mongo/mongo-errors';
import { IN_FLIGHT_LOCK_MS } from '../../store/store-timeouts';
import { DomainError, ErrorDetails } from './domain-error';
import { ERROR_CATALOGUE, ErrorCode } from './error-code';

/** The error envelope every failed request answers with. */
export interface ErrorBody {
  success: false;
  message: string;
  code: ErrorCode;
  details: ErrorDetails;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Response headers that go with the code (`Retry-After`). */
  headers: Record<string, string>;
}

/**
 * Codes that mean "retry shortly", and how many seconds to suggest in `Retry-After`. The OpenAPI
 * document declares the header on exactly these codes.
 */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 1,
  STORE_UNAVAILABLE: 5,
  // Write conflicts left after the bounded retries: the hot SKU frees up within a second.
  STORE_BUSY: 1,
  // The Idempotency-Key claim is kept until the in-flight lock lapses; a retry before gets 409.
  STORE_OUTCOME_UNKNOWN: Math.ceil(IN_FLIGHT_LOCK_MS / 1000),
  RATE_LIMITED: 1, // the throttler's own figure, in details.retryAfterSeconds, when there is one
};

function envelope(code: ErrorCode, message?: string, details: ErrorDetails = {}): ErrorResponse {
  const retryAfter =
    typeof details.retryAfterSeconds === 'number'
      ? details.retryAfterSeconds
      : RETRY_AFTER_SECONDS[code];
  return {
    status: ERROR_CATALOGUE[code].status,
    body: { success: false, message: message ?? ERROR_CATALOGUE[code].message, code, details },
    headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
  };
}

/**
 * Nest turns Fastify's request errors (body parsing, size limits, media type) into an
 * HttpException carrying Fastify's status and message; these are the messages of a body that is
 * not JSON (including one carrying "__proto__" or "constructor.prototype" keys).
 */
const MALFORMED_JSON_MESSAGES = new Set(
  [errorCodes.FST_ERR_CTP_INVALID_JSON_BODY, errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY].map(
    (FastifyError) => new FastifyError().message,
  ),
);

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.NOT_FOUND]: 'ROUTE_NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'ROUTE_NOT_FOUND',
  [HttpStatus.REQUEST_TIMEOUT]: 'REQUEST_TIMEOUT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.URI_TOO_LONG]: 'URI_TOO_LONG',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

const STORE_FAILURE_CODES: Record<StoreFailure, ErrorCode> = {
  unavailable: 'STORE_UNAVAILABLE',
  busy: 'STORE_BUSY',
  'outcome-unknown': 'STORE_OUTCOME_UNKNOWN',
};

/**
 * A short, escaped excerpt of something a client sent, for a message or a detail: control,
 * format and non-ASCII characters are shown as \u escapes, and at most `maxLength` characters are
 * kept, so an error never echoes a payload back at length or smuggles terminal codes into a log.
 */
export function excerpt(text: string, maxLength = 80): string {
  const clipped = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return clipped.replace(
    /[^\x20-\x7e…]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function hasClientStatus(exception: unknown): boolean {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  // isNativeError, not instanceof: Node's own errors may come from another realm (as under jest).
  return (
    types.isNativeError(exception) && typeof status === 'number' && status >= 400 && status < 500
  );
}

/**
 * Maps anything thrown while handling a request to a status and the error envelope. This is the
 * one place where error codes become HTTP: the exception filter and the Fastify framework-error
 * handlers both use it.
 */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof DomainError) {
    return envelope(exception.code, exception.message, exception.details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 400 && MALFORMED_JSON_MESSAGES.has(exception.message))
      return envelope('MALFORMED_JSON');
    const code = HTTP_STATUS_CODES[status];
    // Fastify's and Nest's own messages may quote the URL or a header (the media type): the
    // catalogue's message is used instead, and any other message only as a short excerpt.
    if (code && code !== 'VALIDATION_FAILED') return envelope(code);
    if (status >= 400 && status < 500) {
      return envelope('VALIDATION_FAILED', excerpt(exception.message, 160));
    }
  }
  const storeFailure = classifyMongoError(exception);
  if (storeFailure) return envelope(STORE_FAILURE_CODES[storeFailure]);
  // A plain Error that Fastify marked with a client status, which Nest passes on as it is: the
  // body stream of a client that went away mid-body ('aborted'). The client's doing, not a fault.
  if (hasClientStatus(exception)) return envelope('MALFORMED_REQUEST');
  return envelope('INTERNAL_ERROR');
}
