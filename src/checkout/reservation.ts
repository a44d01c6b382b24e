export const RESERVATION_STATUSES = ['active', 'confirmed', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Where an active hold can go; it goes exactly once. */
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
