import type { SchemaObject } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';

/*
 * What `details` carries for each error code, as named OpenAPI schemas, so a generated client
 * reads `details.availableQuantity` of an INSUFFICIENT_STOCK without a cast. Keyed by every
 * ErrorCode: a new code does not compile until its details are described here (and shown in
 * error-examples.ts). Keep each schema true to what the code's DomainError puts in `details`.
 */

const uuid = { type: 'string', format: 'uuid', example: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11' };
const sku = { type: 'string', example: 'IPHONE-15-PRO-256' };
const dateTime = { type: 'string', format: 'date-time', example: '2026-11-24T09:05:00.000Z' };
const units = { type: 'integer', minimum: 0 };

/** One short line of a cart. */
const shortLine = {
  type: 'object',
  description: 'One short line of a cart.',
  additionalProperties: false,
  required: ['sku', 'availableQuantity', 'requestedQuantity'],
  properties: {
    sku,
    availableQuantity: { ...units, example: 2 },
    requestedQuantity: { type: 'integer', example: 5 },
  },
};

/** One SKU of a request that would pass its per-customer limit. */
const limitBreach = {
  type: 'object',
  description: 'One SKU of the request that would pass its per-customer limit.',
  additionalProperties: false,
  required: ['sku', 'limit', 'heldOrBought', 'requestedQuantity'],
  properties: {
    sku,
    limit: { type: 'integer', minimum: 1, example: 2 },
    heldOrBought: { ...units, example: 2 },
    requestedQuantity: { type: 'integer', example: 1 },
  },
};

/** Details schemas by name; each is published once under `components.schemas`. */
export const ERROR_DETAILS_SCHEMAS = {
  NoErrorDetails: {
    type: 'object',
    description: 'This error carries no details.',
    additionalProperties: false,
  },
  ValidationFailedDetails: {
    type: 'object',
    description:
      'The fields that failed and why. Absent only when the request could not be read at all.',
    additionalProperties: false,
    properties: {
      errors: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['field', 'problems'],
          properties: {
            field: { type: 'string', example: 'quantity' },
            problems: {
              type: 'array',
              items: { type: 'string', example: 'quantity must not be less than 1' },
            },
          },
        },
      },
    },
  },
  SkuErrorDetails: {
    type: 'object',
    description: 'The SKU the error is about.',
    additionalProperties: false,
    required: ['sku'],
    properties: { sku },
  },
  SkuNotFoundDetails: {
    type: 'object',
    description:
      'The unknown SKU; for a cart, `skus` names every unknown one (`sku` is the first).',
    additionalProperties: false,
    required: ['sku'],
    properties: { sku, skus: { type: 'array', items: sku } },
  },
  InsufficientStockDetails: {
    type: 'object',
    description:
      'How many units were asked for and how many are available now. For a cart, `lines` lists ' +
      'every short line and the top-level fields repeat the first of them.',
    additionalProperties: false,
    required: shortLine.required,
    properties: { ...shortLine.properties, lines: { type: 'array', items: shortLine } },
  },
  HoldExtensionLimitDetails: {
    type: 'object',
    description: 'The hold, when it lapses now, and the latest it may ever run to.',
    additionalProperties: false,
    required: ['reservationId', 'expiresAt', 'maxExpiresAt'],
    properties: { reservationId: uuid, expiresAt: dateTime, maxExpiresAt: dateTime },
  },
  CustomerLimitExceededDetails: {
    type: 'object',
    description:
      'The per-customer limit of a SKU, what this user holds or bought of it, and what was asked ' +
      'for; `lines` lists every SKU of the request that would pass its limit (the top level repeats the first).',
    additionalProperties: false,
    required: [...limitBreach.required, 'lines'],
    properties: { ...limitBreach.properties, lines: { type: 'array', items: limitBreach } },
  },
  ReservationErrorDetails: {
    type: 'object',
    description: 'The reservation the error is about.',
    additionalProperties: false,
    required: ['reservationId'],
    properties: { reservationId: uuid },
  },
  ReservationExpiredDetails: {
    type: 'object',
    description: 'The reservation and the instant it lapsed.',
    additionalProperties: false,
    required: ['reservationId', 'expiresAt'],
    properties: { reservationId: uuid, expiresAt: dateTime },
  },
  ActiveReservationExistsDetails: {
    type: 'object',
    description: 'The hold this user already has on the SKU, and the quantity asked for.',
    additionalProperties: false,
    required: ['reservation', 'requestedQuantity'],
    properties: {
      reservation: {
        type: 'object',
        additionalProperties: false,
        required: ['reservationId', 'sku', 'quantity', 'expiresAt'],
        properties: {
          reservationId: uuid,
          sku,
          quantity: { type: 'integer', minimum: 1, example: 1 },
          expiresAt: dateTime,
        },
      },
      requestedQuantity: { type: 'integer', example: 2 },
    },
  },
  IdempotencyKeyErrorDetails: {
    type: 'object',
    description: 'The Idempotency-Key the error is about.',
    additionalProperties: false,
    required: ['idempotencyKey'],
    properties: {
      idempotencyKey: { type: 'string', example: 'b1946ac9-2f0e-4b54-8f2a-1f6f6a3c2d10' },
    },
  },
  RateLimitedDetails: {
    type: 'object',
    description: 'The limit this client passed, and when it may call again.',
    additionalProperties: false,
    required: ['limit', 'windowSeconds', 'retryAfterSeconds'],
    properties: {
      limit: { type: 'integer', minimum: 1, example: 6000 },
      windowSeconds: { type: 'integer', minimum: 1, example: 60 },
      retryAfterSeconds: { type: 'integer', minimum: 0, example: 12 },
    },
  },
  StoreUnavailableDetails: {
    type: 'object',
    description: 'The store that does not answer (from the health check; empty elsewhere).',
    additionalProperties: false,
    properties: {
      store: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'durable', 'status'],
        properties: {
          kind: { type: 'string', enum: ['in-memory', 'mongodb'] },
          durable: { type: 'boolean' },
          status: { type: 'string', enum: ['down'] },
        },
      },
    },
  },
  StoreBusyDetails: {
    type: 'object',
    description:
      'How many times the change was tried before giving up (0: it waited too long for its turn); absent when unknown.',
    additionalProperties: false,
    properties: { attempts: { type: 'integer', minimum: 0, example: 6 } },
  },
} satisfies Record<string, SchemaObject>;

export type ErrorDetailsSchemaName = keyof typeof ERROR_DETAILS_SCHEMAS;

/** The details schema of every code. */
export const ERROR_DETAILS: Record<ErrorCode, ErrorDetailsSchemaName> = {
  VALIDATION_FAILED: 'ValidationFailedDetails',
  MALFORMED_JSON: 'NoErrorDetails',
  ADMIN_API_KEY_MISSING: 'NoErrorDetails',
  ADMIN_API_KEY_INVALID: 'NoErrorDetails',
  RESERVATION_FORBIDDEN: 'ReservationErrorDetails',
  ROUTE_NOT_FOUND: 'NoErrorDetails',
  SKU_NOT_FOUND: 'SkuNotFoundDetails',
  RESERVATION_NOT_FOUND: 'ReservationErrorDetails',
  SKU_ALREADY_EXISTS: 'SkuErrorDetails',
  INSUFFICIENT_STOCK: 'InsufficientStockDetails',
  ACTIVE_RESERVATION_EXISTS: 'ActiveReservationExistsDetails',
  RESERVATION_ALREADY_CONFIRMED: 'ReservationErrorDetails',
  RESERVATION_ALREADY_CANCELLED: 'ReservationErrorDetails',
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 'IdempotencyKeyErrorDetails',
  RESERVATION_EXPIRED: 'ReservationExpiredDetails',
  PAYLOAD_TOO_LARGE: 'NoErrorDetails',
  UNSUPPORTED_MEDIA_TYPE: 'NoErrorDetails',
  IDEMPOTENCY_KEY_REUSED: 'IdempotencyKeyErrorDetails',
  INTERNAL_ERROR: 'NoErrorDetails',
  STORE_UNAVAILABLE: 'StoreUnavailableDetails',
  STORE_BUSY: 'StoreBusyDetails',
  STORE_OUTCOME_UNKNOWN: 'NoErrorDetails',
  HOLD_EXTENSION_LIMIT_REACHED: 'HoldExtensionLimitDetails',
  CUSTOMER_LIMIT_EXCEEDED: 'CustomerLimitExceededDetails',
  MALFORMED_REQUEST: 'NoErrorDetails',
  REQUEST_TIMEOUT: 'NoErrorDetails',
  URI_TOO_LONG: 'NoErrorDetails',
  REQUEST_HEADERS_TOO_LARGE: 'NoErrorDetails',
  RATE_LIMITED: 'RateLimitedDetails',
  SHUTTING_DOWN: 'NoErrorDetails',
};
