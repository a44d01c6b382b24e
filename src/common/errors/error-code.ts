/**
 * Every stable, machine-readable error code the API can answer with, its HTTP status and a
 * one-line description. The exception filter and the OpenAPI examples both read this table, so a
 * code is mapped to HTTP in exactly one place.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  MALFORMED_REQUEST: { status: 400, message: 'The request is not well-formed HTTP.' },
  ADMIN_API_KEY_MISSING: { status: 401, message: 'This route needs the x-api-key header.' },
  ADMIN_API_KEY_INVALID: { status: 403, message: 'The x-api-key header is not valid.' },
  RESERVATION_FORBIDDEN: {
    status: 403,
    message: 'This reservation belongs to another user.',
  },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  SKU_NOT_FOUND: { status: 404, message: 'No inventory item has this SKU.' },
  RESERVATION_NOT_FOUND: { status: 404, message: 'No reservation has this id.' },
  SKU_ALREADY_EXISTS: { status: 409, message: 'An inventory item with this SKU already exists.' },
  INSUFFICIENT_STOCK: { status: 409, message: 'Not enough stock is available.' },
  ACTIVE_RESERVATION_EXISTS: {
    status: 409,
    message: 'This user already holds an active reservation of this SKU.',
  },
  RESERVATION_ALREADY_CONFIRMED: {
    status: 409,
    message: 'The reservation is already confirmed.',
  },
  RESERVATION_ALREADY_CANCELLED: {
    status: 409,
    message: 'The reservation is already cancelled.',
  },
  HOLD_EXTENSION_LIMIT_REACHED: {
    status: 409,
    message: 'The hold already runs to the longest it may (MAX_HOLD_SECONDS after it was made).',
  },
  CUSTOMER_LIMIT_EXCEEDED: {
    status: 409,
    message: 'This would take the user past the per-customer limit of a SKU.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed; retry shortly.',
  },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.' },
  RESERVATION_EXPIRED: { status: 410, message: 'The reservation has expired.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  URI_TOO_LONG: { status: 414, message: 'A path parameter or the URL is too long.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Send the request body as application/json.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used for a different request.',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests from this client; retry after the Retry-After header.',
  },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side.' },
  STORE_UNAVAILABLE: { status: 503, message: 'The store is not reachable; retry shortly.' },
  STORE_BUSY: {
    status: 503,
    message: 'Too many concurrent changes to the same stock; nothing was changed, retry shortly.',
  },
  STORE_OUTCOME_UNKNOWN: {
    status: 503,
    message:
      'The store did not confirm whether the change was applied; retry with the same Idempotency-Key after Retry-After.',
  },
  SHUTTING_DOWN: {
    status: 503,
    message: 'This instance is shutting down; retry on another one.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
