import {
  ExpiryRefusal,
  ExtensionPolicy,
  ExtensionRefusal,
  NewHold,
  OwnerSettlementRefusal,
  Reservation,
  ReserveRefusal,
} from './reservation';
import { ReservationEvents } from './reservation-events';

/*
 * Every transition reports its outcome as one discriminated union: never a thrown domain error,
 * never a null or a flag the caller must interpret. Each outcome carries what the caller needs
 * to answer, read in the same atomic step as the transition.
 */

/**
 * Reserve: every line held, or nothing and why (see `refuseReserve`: an active hold on one of
 * the SKUs, with that hold; unknown SKUs; per-customer limits; short lines).
 */
export type ReserveResult = { outcome: 'created'; reservation: Reservation } | ReserveRefusal;

/** Confirm and cancel: the hold was settled now, or why not. */
export type OwnerSettlementResult =
  { outcome: 'settled'; reservation: Reservation } | OwnerSettlementRefusal;

/** Expire: the hold was expired now (its units went back), or why not. */
export type ExpiryResult = { outcome: 'settled'; reservation: Reservation } | ExpiryRefusal;

/** Extend: `expiresAt` was pushed forward now, or why not. */
export type ExtensionResult = { outcome: 'extended'; reservation: Reservation } | ExtensionRefusal;

/**
 * The hold lifecycle side of the store port. Each method *is* one state transition and each
 * adapter makes it atomic: the reservation's status change, the stock counters of every one of
 * its lines and the per-customer counters happen together or not at all, and a transition's
 * precondition (`status: active`, the owner, not yet due / already due, stock, limits) is checked
 * in the same atomic step that applies it. Items are always touched in SKU order.
 *
 * `events`: where the domain event of a transition that happened goes (see ReservationEvents):
 * a request passes its own, so the event is written with its request line; without one, the
 * event is a log line of its own. Adapters leave it alone: StoreModule wraps whichever adapter
 * it opened in `observedReservations`, which records the event from the outcome, so every
 * adapter reports alike.
 */
export abstract class ReservationRepository {
  /**
   * Takes every line's quantity from available into reserved, adds it to the user's per-customer
   * counter of that SKU and records one active hold; or changes nothing.
   */
  abstract reserve(hold: NewHold, events?: ReservationEvents): Promise<ReserveResult>;

  abstract findById(reservationId: string): Promise<Reservation | null>;

  /** active, owned by `userId`, not due at `now` -> confirmed; its units leave stock as sold. */
  abstract confirm(
    reservationId: string,
    userId: string,
    now: Date,
    events?: ReservationEvents,
  ): Promise<OwnerSettlementResult>;

  /** active, owned by `userId`, not due at `now` -> cancelled; its units return to available. */
  abstract cancel(
    reservationId: string,
    userId: string,
    now: Date,
    events?: ReservationEvents,
  ): Promise<OwnerSettlementResult>;

  /** active and due at `now` -> expired; its units return to available. */
  abstract expire(
    reservationId: string,
    now: Date,
    events?: ReservationEvents,
  ): Promise<ExpiryResult>;

  /**
   * active, owned by `userId`, not due at `now`, below its cap -> `expiresAt` moved to
   * `extendedExpiresAt(...)`. Nothing else changes.
   */
  abstract extend(
    reservationId: string,
    userId: string,
    now: Date,
    policy: ExtensionPolicy,
  ): Promise<ExtensionResult>;

  /** Ids of active holds due at `now`, oldest first, at most `limit`. */
  abstract findDue(now: Date, limit: number): Promise<string[]>;

  /**
   * The per-customer counter of `userId` on `sku`: units held in active reservations plus units
   * bought through confirmed ones. It is what `maxPerCustomer` is checked against.
   */
  abstract heldOrBought(userId: string, sku: string): Promise<number>;
}
