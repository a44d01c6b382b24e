import { InventoryItem } from '../../inventory/inventory-item';
import {
  copyReservation,
  ExtensionPolicy,
  extendedExpiresAt,
  NewHold,
  newReservation,
  refuseExpiry,
  refuseExtension,
  refuseOwnerSettlement,
  refuseReserve,
  Reservation,
  SETTLED_AT,
  Settlement,
} from '../../reservations/reservation';
import {
  ExpiryResult,
  ExtensionResult,
  OwnerSettlementResult,
  ReservationRepository,
  ReserveResult,
} from '../../reservations/reservation.repository';
import { atomically, holdKey, InMemoryState, stored } from './in-memory-state';

/**
 * Each transition is one synchronous block over the shared state (see `atomically`): the
 * refusal rules, every line's item counters, the per-customer counters and the reservation all
 * change in it, so no other call can observe a cart partly held or partly released.
 */
export class InMemoryReservationRepository extends ReservationRepository {
  constructor(private readonly state: InMemoryState) {
    super();
  }

  reserve(hold: NewHold): Promise<ReserveResult> {
    return atomically((): ReserveResult => {
      const refusal = refuseReserve(hold, {
        activeHold: (sku) => {
          const id = this.state.activeHolds.get(holdKey(hold.userId, sku));
          return id === undefined ? undefined : this.copy(id);
        },
        item: (sku) => this.state.items.get(sku),
        heldOrBought: (sku) => this.state.customerUnits.get(holdKey(hold.userId, sku)) ?? 0,
      });
      if (refusal) return refusal;
      const reservation = stored(newReservation(hold));
      for (const { sku, quantity } of reservation.lines) {
        const item = this.state.items.get(sku) as InventoryItem;
        this.state.items.set(sku, {
          ...item,
          availableQuantity: item.availableQuantity - quantity,
          reservedQuantity: item.reservedQuantity + quantity,
          updatedAt: hold.createdAt,
        });
        this.moveCustomerUnits(hold.userId, sku, quantity);
        this.state.activeHolds.set(holdKey(hold.userId, sku), hold.reservationId);
      }
      this.state.reservations.set(hold.reservationId, reservation);
      this.state.holdsByExpiry.set(hold.reservationId, reservation.expiresAt.getTime());
      return { outcome: 'created', reservation: copyReservation(reservation) };
    });
  }

  findById(reservationId: string): Promise<Reservation | null> {
    return atomically(() => this.current(reservationId));
  }

  confirm(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return this.settleForOwner(reservationId, userId, now, 'confirmed');
  }

  cancel(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return this.settleForOwner(reservationId, userId, now, 'cancelled');
  }

  expire(reservationId: string, now: Date): Promise<ExpiryResult> {
    return atomically(
      (): ExpiryResult =>
        refuseExpiry(this.current(reservationId), now) ??
        this.settle(reservationId, 'expired', now),
    );
  }

  extend(
    reservationId: string,
    userId: string,
    now: Date,
    policy: ExtensionPolicy,
  ): Promise<ExtensionResult> {
    return atomically((): ExtensionResult => {
      const current = this.current(reservationId);
      const refusal = refuseExtension(current, userId, now, policy);
      if (refusal || !current) return refusal ?? { outcome: 'not-found' };
      const extended = stored({
        ...current,
        expiresAt: extendedExpiresAt(current, now, policy),
      });
      this.state.reservations.set(reservationId, extended);
      this.state.holdsByExpiry.set(reservationId, extended.expiresAt.getTime());
      return { outcome: 'extended', reservation: copyReservation(extended) };
    });
  }

  /**
   * O(limit · log n) through the expiry index, whatever the number of active holds. The sweep's
   * query also carries the embedded store's stand-in for MongoDB's TTL monitor: up to `limit`
   * settled reservations past their retention are purged with each call.
   */
  findDue(now: Date, limit: number): Promise<string[]> {
    return atomically(() => {
      this.state.purgeSettled(now, limit);
      return this.state.holdsByExpiry.due(now.getTime(), limit);
    });
  }

  heldOrBought(userId: string, sku: string): Promise<number> {
    return atomically(() => this.state.customerUnits.get(holdKey(userId, sku)) ?? 0);
  }

  /** Confirm or cancel: only the owner, only while active and not yet due. */
  private settleForOwner(
    reservationId: string,
    userId: string,
    now: Date,
    to: 'confirmed' | 'cancelled',
  ): Promise<OwnerSettlementResult> {
    return atomically(
      (): OwnerSettlementResult =>
        refuseOwnerSettlement(this.current(reservationId), userId, now) ??
        this.settle(reservationId, to, now),
    );
  }

  private current(reservationId: string): Reservation | null {
    return this.state.reservations.has(reservationId) ? this.copy(reservationId) : null;
  }

  /**
   * The one way a hold leaves `active`: its status and every line's counters change in the same
   * step. Called only inside `atomically`, after the transition's precondition was checked.
   */
  private settle(
    reservationId: string,
    to: Settlement,
    now: Date,
  ): { outcome: 'settled'; reservation: Reservation } {
    const current = this.state.reservations.get(reservationId) as Reservation;
    for (const { sku, quantity: q } of current.lines) {
      const item = this.state.items.get(sku) as InventoryItem;
      this.state.items.set(sku, {
        ...item,
        reservedQuantity: item.reservedQuantity - q,
        // A sale takes the units out of stock; a cancel or expiry gives them back to available.
        ...(to === 'confirmed'
          ? { totalQuantity: item.totalQuantity - q, soldQuantity: item.soldQuantity + q }
          : { availableQuantity: item.availableQuantity + q }),
        updatedAt: now,
      });
      // Bought units keep counting against the user's limit; given-back ones no longer do.
      if (to !== 'confirmed') this.moveCustomerUnits(current.userId, sku, -q);
      this.state.activeHolds.delete(holdKey(current.userId, sku));
    }
    const settled = stored({ ...current, status: to, [SETTLED_AT[to]]: now });
    this.state.reservations.set(reservationId, settled);
    this.state.settled(reservationId, now);
    return { outcome: 'settled', reservation: copyReservation(settled) };
  }

  private moveCustomerUnits(userId: string, sku: string, delta: number): void {
    const key = holdKey(userId, sku);
    const units = (this.state.customerUnits.get(key) ?? 0) + delta;
    if (units === 0) this.state.customerUnits.delete(key);
    else this.state.customerUnits.set(key, units);
  }

  private copy(reservationId: string): Reservation {
    return copyReservation(this.state.reservations.get(reservationId) as Reservation);
  }
}
