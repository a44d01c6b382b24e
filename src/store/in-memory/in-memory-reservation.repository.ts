import { Injectable } from '@nestjs/common';
import {
  isDue,
  NewHold,
  newReservation,
  Reservation,
  Settlement,
  SETTLED_AT,
} from '../../checkout/reservation';
import {
  ReservationRepository,
  ReserveResult,
  TransitionResult,
} from '../../checkout/reservation.repository';
import { InventoryItem } from '../../inventory/inventory-item';
import { atomically, holdKey, InMemoryStore } from './in-memory-store';

@Injectable()
export class InMemoryReservationRepository extends ReservationRepository {
  constructor(private readonly store: InMemoryStore) {
    super();
  }

  reserve(hold: NewHold): Promise<ReserveResult> {
    return atomically((): ReserveResult => {
      const existingId = this.store.activeHolds.get(holdKey(hold.userId, hold.sku));
      if (existingId) return { outcome: 'existing', reservation: this.copy(existingId) };
      const item = this.store.items.get(hold.sku);
      if (!item) return { outcome: 'unknown-sku' };
      if (item.availableQuantity < hold.quantity) {
        return { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity };
      }
      this.store.items.set(hold.sku, {
        ...item,
        availableQuantity: item.availableQuantity - hold.quantity,
        reservedQuantity: item.reservedQuantity + hold.quantity,
        updatedAt: hold.createdAt,
      });
      const reservation = newReservation(hold);
      this.store.reservations.set(hold.reservationId, reservation);
      this.store.activeHolds.set(holdKey(hold.userId, hold.sku), hold.reservationId);
      return { outcome: 'created', reservation: { ...reservation } };
    });
  }

  findById(reservationId: string): Promise<Reservation | null> {
    return atomically(() =>
      this.store.reservations.has(reservationId) ? this.copy(reservationId) : null,
    );
  }

  confirm(reservationId: string, userId: string, now: Date): Promise<TransitionResult> {
    return this.transition(
      reservationId,
      now,
      'confirmed',
      (r) => r.userId === userId && !isDue(r, now),
    );
  }

  cancel(reservationId: string, userId: string, now: Date): Promise<TransitionResult> {
    return this.transition(
      reservationId,
      now,
      'cancelled',
      (r) => r.userId === userId && !isDue(r, now),
    );
  }

  expire(reservationId: string, now: Date): Promise<TransitionResult> {
    return this.transition(reservationId, now, 'expired', (r) => isDue(r, now));
  }

  findDue(now: Date, limit: number): Promise<string[]> {
    return atomically(() =>
      [...this.store.activeHolds.values()]
        .map((id) => this.store.reservations.get(id) as Reservation)
        .filter((r) => isDue(r, now))
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
        .slice(0, limit)
        .map((r) => r.reservationId),
    );
  }

  /** The one way a hold leaves `active`: status and stock counters change in the same step. */
  private transition(
    reservationId: string,
    now: Date,
    to: Settlement,
    allowed: (reservation: Reservation) => boolean,
  ): Promise<TransitionResult> {
    return atomically((): TransitionResult => {
      const current = this.store.reservations.get(reservationId);
      if (!current) return { transitioned: false, reservation: null };
      if (current.status !== 'active' || !allowed(current)) {
        return { transitioned: false, reservation: { ...current } };
      }
      const item = this.store.items.get(current.sku) as InventoryItem;
      const q = current.quantity;
      this.store.items.set(current.sku, {
        ...item,
        reservedQuantity: item.reservedQuantity - q,
        // A sale takes the units out of stock; a cancel or expiry gives them back to available.
        ...(to === 'confirmed'
          ? { totalQuantity: item.totalQuantity - q, soldQuantity: item.soldQuantity + q }
          : { availableQuantity: item.availableQuantity + q }),
        updatedAt: now,
      });
      const settled: Reservation = { ...current, status: to, [SETTLED_AT[to]]: now };
      this.store.reservations.set(reservationId, settled);
      this.store.activeHolds.delete(holdKey(current.userId, current.sku));
      return { transitioned: true, reservation: { ...settled } };
    });
  }

  private copy(reservationId: string): Reservation {
    return { ...(this.store.reservations.get(reservationId) as Reservation) };
  }
}
