import { ErrorCode } from '../errors/error-code';

/** Example `details` per error code, shown in the OpenAPI document. */
export const ERROR_DETAILS_EXAMPLES: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  VALIDATION_FAILED: {
    errors: [{ field: 'quantity', problems: ['quantity must not be less than 1'] }],
  },
  SKU_NOT_FOUND: { sku: 'IPHONE-15-PRO-256' },
  SKU_ALREADY_EXISTS: { sku: 'IPHONE-15-PRO-256' },
  INSUFFICIENT_STOCK: { sku: 'IPHONE-15-PRO-256', availableQuantity: 2, requestedQuantity: 5 },
  RESERVATION_NOT_FOUND: { reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11' },
  RESERVATION_FORBIDDEN: { reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11' },
  RESERVATION_EXPIRED: {
    reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11',
    expiresAt: '2026-11-24T09:05:00.000Z',
  },
  RESERVATION_ALREADY_CONFIRMED: { reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11' },
  RESERVATION_ALREADY_CANCELLED: { reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11' },
  ACTIVE_RESERVATION_EXISTS: {
    reservation: {
      reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11',
      sku: 'IPHONE-15-PRO-256',
      quantity: 1,
      expiresAt: '2026-11-24T09:05:00.000Z',
    },
    requestedQuantity: 2,
  },
  HOLD_EXTENSION_LIMIT_REACHED: {
    reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11',
    expiresAt: '2026-11-24T09:30:00.000Z',
    maxExpiresAt: '2026-11-24T09:30:00.000Z',
  },
  CUSTOMER_LIMIT_EXCEEDED: {
    sku: 'IPHONE-15-PRO-256',
    limit: 2,
    heldOrBought: 1,
    requestedQuantity: 2,
    lines: [{ sku: 'IPHONE-15-PRO-256', limit: 2, heldOrBought: 1, requestedQuantity: 2 }],
  },
  IDEMPOTENCY_KEY_REUSED: { idempotencyKey: 'b1946ac9-2f0e-4b54-8f2a-1f6f6a3c2d10' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { idempotencyKey: 'b1946ac9-2f0e-4b54-8f2a-1f6f6a3c2d10' },
  RATE_LIMITED: { limit: 6000, windowSeconds: 60, retryAfterSeconds: 12 },
};
