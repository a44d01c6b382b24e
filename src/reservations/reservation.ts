export const RESERVATION_STATUSES = ['active', 'confirmed', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Where an active hold can go, exactly once. "Settle" means any of the three: confirm (a sale),
 * cancel (the shopper gives the units back) or expire (the hold lapsed; the units go back).
 */
export type Settlement = Exclude<ReservationStatus, 'active'>;

/** The timestamp each settlement stamps. */
export const SETTLED_AT: Record<Settlement, 'confirmedAt' | 'cancelledAt' | 'expiredAt'> = {
  confirmed: 'confirmedAt',
  cancelled: 'cancelledAt',
  expired: 'expiredAt',
};

/** A hold on `quantity` units of one SKU for one user, until `expiresAt`. */
export interface Reservation {
  reservationId: string;
  sku: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
}

/** What a store needs to place a new hold. */
export type NewHold = Pick<
  Reservation,
  'reservationId' | 'sku' | 'userId' | 'quantity' | 'expiresAt' | 'createdAt'
>;

export function newReservation(hold: NewHold): Reservation {
  return { ...hold, status: 'active', confirmedAt: null, cancelledAt: null, expiredAt: null };
}

/** A hold is due once `now` reaches `expiresAt`: from that instant it can never be confirmed. */
export function isDue(reservation: Reservation, now: Date): boolean {
  return reservation.expiresAt.getTime() <= now.getTime();
}

/** A reservation that left `active` earlier: which way it went, and the reservation as it is. */
export type AlreadySettled =
  | { outcome: 'already-confirmed'; reservation: Reservation }
  | { outcome: 'already-cancelled'; reservation: Reservation }
  | { outcome: 'already-expired'; reservation: Reservation };

/** Why a confirm or cancel by the shopper moved nothing. */
export type OwnerSettlementRefusal =
  | { outcome: 'not-found' }
  /** The reservation belongs to another user; nothing about it is told. */
  | { outcome: 'forbidden' }
  /** Still active, but at or past `expiresAt`: it can only expire now. */
  | { outcome: 'due'; reservation: Reservation }
  | AlreadySettled;

/** Why an expiry moved nothing. */
export type ExpiryRefusal =
  { outcome: 'not-found' } | { outcome: 'not-due'; reservation: Reservation } | AlreadySettled;

function alreadySettled(reservation: Reservation): AlreadySettled | undefined {
  switch (reservation.status) {
    case 'active':
      return undefined;
    case 'confirmed':
      return { outcome: 'already-confirmed', reservation };
    case 'cancelled':
      return { outcome: 'already-cancelled', reservation };
    case 'expired':
      return { outcome: 'already-expired', reservation };
  }
}

/*
 * The preconditions of each transition, decided in one place. Both adapters apply them inside
 * the same atomic step as the transition itself (in memory: the same synchronous block; in
 * MongoDB: the same transaction, against the snapshot the conditional update missed), so the
 * refusal they report is the state the transition actually saw.
 */

/** Why the owner's confirm or cancel at `now` may not settle `current`; undefined when it may. */
export function refuseOwnerSettlement(
  current: Reservation | null,
  userId: string,
  now: Date,
): OwnerSettlementRefusal | undefined {
  if (!current) return { outcome: 'not-found' };
  if (current.userId !== userId) return { outcome: 'forbidden' };
  const settled = alreadySettled(current);
  if (settled) return settled;
  return isDue(current, now) ? { outcome: 'due', reservation: current } : undefined;
}

/** Why `current` may not expire at `now`; undefined when it may. */
export function refuseExpiry(current: Reservation | null, now: Date): ExpiryRefusal | undefined {
  if (!current) return { outcome: 'not-found' };
  const settled = alreadySettled(current);
  if (settled) return settled;
  return isDue(current, now) ? undefined : { outcome: 'not-due', reservation: current };
}
