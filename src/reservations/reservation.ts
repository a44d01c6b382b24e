import { bySku } from '../inventory/sku';
export const RESERVATION_STATUSES = ['active', 'confirmed', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** The most lines one reservation (a cart) may hold. */
export const MAX_LINES_PER_RESERVATION = 50;

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

/** `quantity` units of one SKU within a reservation. */
export interface ReservationLine {
  sku: string;
  quantity: number;
}

/**
 * A hold on one or more lines (each SKU at most once, kept in SKU order) for one user, until
 * `expiresAt`. Every transition moves all of its lines together.
 */
export interface Reservation {
  reservationId: string;
  userId: string;
  lines: ReservationLine[];
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
  'reservationId' | 'userId' | 'lines' | 'expiresAt' | 'createdAt'
>;

/**
 * A reservation's lines in SKU order. Every adapter touches items in this order, so two carts
 * that share SKUs always lock them in the same order and can never wait on each other in a cycle.
 * A reservation names each SKU once: the stock and per-customer checks read each item once per
 * reservation, so a repeated SKU would be checked against units it takes twice. Requests
 * guarantee it (`@ArrayUnique`); a caller that breaks it is a bug, refused here before anything
 * is written.
 */
export function inSkuOrder(lines: readonly ReservationLine[]): ReservationLine[] {
  // One line (every POST /inventory/reserve): nothing to order or compare.
  if (lines.length === 1) return [{ sku: lines[0].sku, quantity: lines[0].quantity }];
  const sorted = lines.map((line) => ({ ...line })).sort(bySku);
  const repeated = sorted.find((line, i) => i > 0 && line.sku === sorted[i - 1].sku);
  if (repeated) throw new Error(`A reservation names SKU ${repeated.sku} more than once`);
  return sorted;
}

export function newReservation(hold: NewHold): Reservation {
  return {
    reservationId: hold.reservationId,
    userId: hold.userId,
    lines: inSkuOrder(hold.lines),
    status: 'active',
    expiresAt: hold.expiresAt,
    createdAt: hold.createdAt,
    confirmedAt: null,
    cancelledAt: null,
    expiredAt: null,
  };
}

/** A copy that shares nothing with the original (stores hand out copies, never their records). */
export function copyReservation(reservation: Reservation): Reservation {
  return { ...reservation, lines: reservation.lines.map((line) => ({ ...line })) };
}

/** How long past its `expiresAt` a hold was expired (the sweep's lateness), in ms. */
export function latenessMs(reservation: Reservation, now: Date): number {
  return now.getTime() - reservation.expiresAt.getTime();
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

/** Why a confirm, cancel or extend by the shopper moved nothing. */
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

/** How far a hold may be extended: each extension gives `ttlSeconds` from now, up to the cap. */
export interface ExtensionPolicy {
  ttlSeconds: number;
  /** No hold lasts beyond `createdAt + maxHoldSeconds`, however often it is extended. */
  maxHoldSeconds: number;
}

/** Why an extension moved nothing. */
export type ExtensionRefusal =
  | OwnerSettlementRefusal
  /** `expiresAt` already stands at `createdAt + maxHoldSeconds`. */
  | { outcome: 'limit-reached'; reservation: Reservation; maxExpiresAt: Date };

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
 * MongoDB: the same transaction, against the snapshot it read and writes under), so the refusal
 * they report is the state the transition actually saw.
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

/** The latest `expiresAt` any extension may give `reservation`. */
export function maxExpiresAt(reservation: Reservation, policy: ExtensionPolicy): Date {
  return new Date(reservation.createdAt.getTime() + policy.maxHoldSeconds * 1000);
}

/**
 * The `expiresAt` an extension at `now` gives: now + TTL, never past the cap, and never earlier
 * than the hold already runs.
 */
export function extendedExpiresAt(
  reservation: Reservation,
  now: Date,
  policy: ExtensionPolicy,
): Date {
  const wanted = Math.min(
    now.getTime() + policy.ttlSeconds * 1000,
    maxExpiresAt(reservation, policy).getTime(),
  );
  return new Date(Math.max(wanted, reservation.expiresAt.getTime()));
}

/** Why the owner's extension at `now` may not extend `current`; undefined when it may. */
export function refuseExtension(
  current: Reservation | null,
  userId: string,
  now: Date,
  policy: ExtensionPolicy,
): ExtensionRefusal | undefined {
  const refusal = refuseOwnerSettlement(current, userId, now);
  if (refusal || !current) return refusal;
  const cap = maxExpiresAt(current, policy);
  return current.expiresAt.getTime() >= cap.getTime()
    ? { outcome: 'limit-reached', reservation: current, maxExpiresAt: cap }
    : undefined;
}

/** A line that cannot be held: what was asked and what the same atomic step found available. */
export interface ShortLine {
  sku: string;
  requestedQuantity: number;
  availableQuantity: number;
}

/** A line that would take the user past the item's `maxPerCustomer`. */
export interface CustomerLimitBreach {
  sku: string;
  limit: number;
  /** Units of this SKU the user holds (active) plus has bought (confirmed). */
  heldOrBought: number;
  requestedQuantity: number;
}

/** Why a reserve placed nothing. */
export type ReserveRefusal =
  /** The user already has an active hold on `sku`, one of the requested SKUs. */
  | { outcome: 'existing'; sku: string; reservation: Reservation }
  | { outcome: 'unknown-skus'; skus: string[] }
  | { outcome: 'customer-limit-exceeded'; breaches: CustomerLimitBreach[] }
  | { outcome: 'insufficient-stock'; lines: ShortLine[] };

/** What a reserve must know of the store, read in the same atomic step that would place it. */
export interface ReserveSnapshot {
  /** The user's active hold on each requested SKU, if any. */
  activeHold(sku: string): Reservation | undefined;
  /** The item's free units and per-customer limit; undefined for an unknown SKU. */
  item(sku: string): { availableQuantity: number; maxPerCustomer: number | null } | undefined;
  /** Units of `sku` the user holds plus has bought (the per-customer counter). */
  heldOrBought(sku: string): number;
}

/**
 * Why `hold` may not be placed; undefined when it may. Checked in this order: an existing hold
 * on one of the SKUs, unknown SKUs, per-customer limits, stock. Every unknown SKU, every breach
 * and every short line is reported, not just the first.
 */
export function refuseReserve(
  hold: Pick<NewHold, 'lines'>,
  snapshot: ReserveSnapshot,
): ReserveRefusal | undefined {
  const lines = inSkuOrder(hold.lines);
  for (const { sku } of lines) {
    const reservation = snapshot.activeHold(sku);
    if (reservation) return { outcome: 'existing', sku, reservation };
  }
  const unknown = lines.filter(({ sku }) => !snapshot.item(sku)).map(({ sku }) => sku);
  if (unknown.length > 0) return { outcome: 'unknown-skus', skus: unknown };
  const breaches: CustomerLimitBreach[] = [];
  const short: ShortLine[] = [];
  for (const { sku, quantity } of lines) {
    const { availableQuantity, maxPerCustomer } = snapshot.item(sku)!;
    const heldOrBought = snapshot.heldOrBought(sku);
    if (maxPerCustomer !== null && heldOrBought + quantity > maxPerCustomer) {
      breaches.push({ sku, limit: maxPerCustomer, heldOrBought, requestedQuantity: quantity });
    }
    if (availableQuantity < quantity) {
      short.push({ sku, requestedQuantity: quantity, availableQuantity });
    }
  }
  if (breaches.length > 0) return { outcome: 'customer-limit-exceeded', breaches };
  if (short.length > 0) return { outcome: 'insufficient-stock', lines: short };
  return undefined;
}
