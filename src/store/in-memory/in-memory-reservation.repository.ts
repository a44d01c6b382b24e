import { InventoryItem } from '../../inventory/inventory-item';
import {
  NewHold,
  newReservation,
  refuseExpiry,
  refuseOwnerSettlement,
  Reservation,
  SETTLED_AT,
  Settlement,
} from '../../reservations/reservation';
import {
  ExpiryResult,
  OwnerSettlementResult,
  ReservationRepository,
  ReserveResult,
} from '../../reservations/reservation.repository';
import { atomically, holdKey, InMemoryState } from './in-memory-state';

export class InMemoryReservationRepository extends ReservationRepository {
  constructor(private readonly state: InMemoryState) {
    super();
  }

  reserve(hold: NewHold): Promise<ReserveResult> {
    return atomically((): ReserveResult => {
      const existingId = this.state.activeHolds.get(holdKey(hold.userId, hold.sku));
      if (existingId) return { outcome: 'existing', reservation: this.copy(existingId) };
      const item = this.state.items.get(hold.sku);
      if (!item) return { outcome: 'unknown-sku' };
      if (item.availableQuantity < hold.quantity) {
        return { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity };
      }
      this.state.items.set(hold.sku, {
        ...item,
        availableQuantity: item.availableQuantity - hold.quantity,
        reservedQuantity: item.reservedQuantity + hold.quantity,
        updatedAt: hold.createdAt,
      });
      const reservation = newReservation(hold);
      this.state.reservations.set(hold.reservationId, reservation);
      this.state.activeHolds.set(holdKey(hold.userId, hold.sku), hold.reservationId);
      return { outcome: 'created', reservation: { ...reservation } };
    });
  }

  findById(reservationId: string): Promise<Reservation | null> {
    return atomically(() =>
      this.state.reservations.has(reservationId) ? this.copy(reservationId) : null,
    );
  }

  confirm(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return atomically(
      (): OwnerSettlementResult =>
        refuseOwnerSettlement(this.current(reservationId), userId, now) ??
        this.settle(reservationId, 'confirmed', now),
    );
  }

  cancel(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return atomically(
      (): OwnerSettlementResult =>
        refuseOwnerSettlement(this.current(reservationId), userId, now) ??
        this.settle(reservationId, 'cancelled', now),
    );
  }

  expire(reservationId: string, now: Date): Promise<ExpiryResult> {
    return atomically(
      (): ExpiryResult =>
        refuseExpiry(this.current(reservationId), now) ??
        this.settle(reservationId, 'expired', now),
    );
  }

  findDue(now: Date, limit: number): Promise<string[]> {
    return atomically(() =>
      [...this.state.activeHolds.values()]
        .map((id) => this.state.reservations.get(id) as Reservation)
        .filter((r) => r.expiresAt.getTime() <= now.getTime())
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
        .slice(0, limit)
        .map((r) => r.reservationId),
    );
  }

  private current(reservationId: string): Reservation | null {
    return this.state.reservations.has(reservationId) ? this.copy(reservationId) : null;
  }

  /**
   * The one way a hold leaves `active`: status and stock counters change in the same step.
   * Called only inside `atomically`, after the transition's precondition was checked.
   */
  private settle(
    reservationId: string,
    to: Settlement,
    now: Date,
  ): { outcome: 'settled'; reservation: Reservation } {
    const current = this.state.reservations.get(reservationId) as Reservation;
    const item = this.state.items.get(current.sku) as InventoryItem;
    const q = current.quantity;
    this.state.items.set(current.sku, {
      ...item,
      reservedQuantity: item.reservedQuantity - q,
      // A sale takes the units out of stock; a cancel or expiry gives them back to available.
      ...(to === 'confirmed'
        ? { totalQuantity: item.totalQuantity - q, soldQuantity: item.soldQuantity + q }
        : { availableQuantity: item.availableQuantity + q }),
      updatedAt: now,
    });
    const settled: Reservation = { ...current, status: to, [SETTLED_AT[to]]: now };
    this.state.reservations.set(reservationId, settled);
    this.state.activeHolds.delete(holdKey(current.userId, current.sku));
    return { outcome: 'settled', reservation: { ...settled } };
  }

  private copy(reservationId: string): Reservation {
    return { ...(this.state.reservations.get(reservationId) as Reservation) };
  }
}
