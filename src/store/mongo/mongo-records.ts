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
