import { Reservation } from '../../reservations/reservation';
import { InventoryItem } from '../../inventory/inventory-item';
import { InventoryItemRecord } from './inventory-item.schema';
import { ReservationRecord } from './reservation.schema';

/** Plain domain objects out of lean documents: no _id, no mongoose internals leak upward. */
export function toInventoryItem(doc: InventoryItemRecord): InventoryItem {
  return {
    sku: doc.sku,
    name: doc.name,
    description: doc.description ?? null,
    price: doc.price,
    currency: doc.currency,
    imageUrl: doc.imageUrl ?? null,
    maxPerCustomer: doc.maxPerCustomer ?? null,
    totalQuantity: doc.totalQuantity,
    availableQuantity: doc.availableQuantity,
    reservedQuantity: doc.reservedQuantity,
    soldQuantity: doc.soldQuantity,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toReservation(doc: ReservationRecord): Reservation {
  return {
    reservationId: doc.reservationId,
    userId: doc.userId,
    lines: doc.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    status: doc.status,
    expiresAt: doc.expiresAt,
    createdAt: doc.createdAt,
    confirmedAt: doc.confirmedAt ?? null,
    cancelledAt: doc.cancelledAt ?? null,
    expiredAt: doc.expiredAt ?? null,
  };
}

/**
 * A duplicate-key error (E11000) on the named unique index, and only that one: a duplicate on
 * another index is a different failure and must not be read as, say, "this user already holds
 * this SKU". The server names the index in the message (`... index: <name> dup key: ...`).
 */
export function isDuplicateKeyError(error: unknown, indexName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 11000 && typeof message === 'string' && message.includes(` index: ${indexName} `);
}
