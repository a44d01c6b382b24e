import { ExpiryRefusal, NewHold, OwnerSettlementRefusal, Reservation } from './reservation';

/*
 * Every transition reports its outcome as one discriminated union: never a thrown domain error,
 * never a null or a flag the caller must interpret. Each outcome carries what the caller needs
 * to answer, read in the same atomic step as the transition.
 */

export type ReserveResult =
  | { outcome: 'created'; reservation: Reservation }
  /** The user already has an active hold on this SKU (one per user and SKU; enforced by the store). */
  | { outcome: 'existing'; reservation: Reservation }
  | { outcome: 'insufficient-stock'; availableQuantity: number }
  | { outcome: 'unknown-sku' };

/** Confirm and cancel: the hold was settled now, or why not. */
export type OwnerSettlementResult =
  { outcome: 'settled'; reservation: Reservation } | OwnerSettlementRefusal;

/** Expire: the hold was expired now (its units went back), or why not. */
export type ExpiryResult = { outcome: 'settled'; reservation: Reservation } | ExpiryRefusal;

/**
 * The hold lifecycle side of the store port. Each method *is* one state transition and each
 * adapter makes it atomic: the reservation's status change and the stock counters it moves
 * happen together or not at all, and a transition's precondition (`status: active`, the owner,
 * not yet due / already due) is checked in the same atomic step that applies it.
 */
export abstract class ReservationRepository {
  /** Takes `quantity` from available into reserved and records an active hold. */
  abstract reserve(hold: NewHold): Promise<ReserveResult>;

  abstract findById(reservationId: string): Promise<Reservation | null>;

  /** active, owned by `userId`, not due at `now` -> confirmed; its units leave stock as sold. */
  abstract confirm(
    reservationId: string,
    userId: string,
    now: Date,
  ): Promise<OwnerSettlementResult>;

  /** active, owned by `userId`, not due at `now` -> cancelled; its units return to available. */
  abstract cancel(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult>;

  /** active and due at `now` -> expired; its units return to available. */
  abstract expire(reservationId: string, now: Date): Promise<ExpiryResult>;

  /** Ids of active holds due at `now`, oldest first, at most `limit`. */
  abstract findDue(now: Date, limit: number): Promise<string[]>;
}
