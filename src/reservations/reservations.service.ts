import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertNever } from '../common/assert-never';
import { ValidationFailedError } from '../common/errors/domain-error';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { Clock } from '../core/clock';
import {
  CartInsufficientStockError,
  InsufficientStockError,
  SkuNotFoundError,
  SkusNotFoundError,
} from '../inventory/inventory.errors';
import { ExtensionPolicy, isDue, Reservation, ReservationLine } from './reservation';
import { ReservationEvents } from './reservation-events';
import {
  ActiveReservationExistsError,
  CustomerLimitExceededError,
  HoldExtensionLimitReachedError,
  ReservationAlreadyCancelledError,
  ReservationAlreadyConfirmedError,
  ReservationExpiredError,
  ReservationForbiddenError,
  ReservationNotFoundError,
} from './reservation.errors';
import { ReservationRepository, ReserveResult } from './reservation.repository';

export interface ReserveCommand {
  sku: string;
  userId: string;
  quantity: number;
}

export interface ReserveCartCommand {
  userId: string;
  lines: ReservationLine[];
}

/** A reservation as it stood at `asOf`, the instant the service acted (for `secondsRemaining`). */
export interface ReservationAsOf {
  reservation: Reservation;
  asOf: Date;
}

export interface ReserveOutcome extends ReservationAsOf {
  /** True when the user already held this SKU with this quantity: the same hold is returned. */
  isExisting: boolean;
}

type Refused = Exclude<ReserveResult, { outcome: 'created' }>;

/**
 * The business rules of the hold lifecycle. Every state change is delegated to one atomic store
 * transition; this class only decides what each outcome of a transition means for the caller.
 *
 * `events`: where the domain events of the transitions a call makes go, handed on to the store
 * (a request's own log, so they are written with its request line; without one, lines of their
 * own).
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One SKU (POST /inventory/reserve): the same request while its hold is active returns it. */
  async reserve(
    { sku, userId, quantity }: ReserveCommand,
    events?: ReservationEvents,
  ): Promise<ReserveOutcome> {
    this.checkQuantities([{ sku, quantity }], () => 'quantity');
    return this.place(userId, [{ sku, quantity }], events, (refusal, now) => {
      switch (refusal.outcome) {
        case 'existing': {
          const { reservation } = refusal;
          const [line] = reservation.lines;
          const same =
            reservation.lines.length === 1 && line.sku === sku && line.quantity === quantity;
          if (same) return { reservation, asOf: now, isExisting: true };
          throw new ActiveReservationExistsError(reservation, sku, quantity);
        }
        case 'unknown-skus':
          throw new SkuNotFoundError(sku);
        case 'insufficient-stock':
          throw new InsufficientStockError(sku, refusal.lines[0].availableQuantity, quantity);
        case 'customer-limit-exceeded':
          throw new CustomerLimitExceededError(refusal.breaches);
        default:
          return assertNever(refusal);
      }
    });
  }

  /** A cart (POST /reservations): every line held in one reservation, or nothing. */
  async reserveCart(
    { userId, lines }: ReserveCartCommand,
    events?: ReservationEvents,
  ): Promise<ReservationAsOf> {
    this.checkQuantities(lines, (i) => `lines.${i}.quantity`);
    const outcome = await this.place(userId, lines, events, (refusal) => {
      switch (refusal.outcome) {
        case 'existing': {
          const requested = lines.find((line) => line.sku === refusal.sku)?.quantity ?? 0;
          throw new ActiveReservationExistsError(refusal.reservation, refusal.sku, requested);
        }
        case 'unknown-skus':
          throw new SkusNotFoundError(refusal.skus);
        case 'insufficient-stock':
          throw new CartInsufficientStockError(refusal.lines);
        case 'customer-limit-exceeded':
          throw new CustomerLimitExceededError(refusal.breaches);
        default:
          return assertNever(refusal);
      }
    });
    return { reservation: outcome.reservation, asOf: outcome.asOf };
  }

  /** The configured limit is checked here, once; the DTO checks the type and the minimum. */
  private checkQuantities(lines: ReservationLine[], field: (index: number) => string): void {
    const max = this.config.maxReservationQuantity;
    const errors = lines.flatMap((line, i) =>
      line.quantity > max
        ? [{ field: field(i), problems: [`quantity must not be greater than ${max}`] }]
        : [],
    );
    if (errors.length > 0) throw new ValidationFailedError(errors);
  }

  /**
   * Places a hold, or hands the refusal to `refused`. Loops only while the user's previous hold
   * on one of the SKUs is due but not yet swept: that hold is expired here (its units go back)
   * and the reservation is tried again.
   */
  private async place(
    userId: string,
    lines: ReservationLine[],
    events: ReservationEvents | undefined,
    refused: (refusal: Refused, now: Date) => ReserveOutcome,
  ): Promise<ReserveOutcome> {
    for (;;) {
      const now = this.clock.now();
      const hold = {
        reservationId: randomUUID(),
        userId,
        lines,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.reservationTtlSeconds * 1000),
      };
      const result = await this.reservations.reserve(hold, events);
      if (result.outcome === 'created') {
        return { reservation: result.reservation, asOf: now, isExisting: false };
      }
      if (result.outcome === 'existing' && isDue(result.reservation, now)) {
        await this.reservations.expire(result.reservation.reservationId, now, events);
        continue;
      }
      return refused(result, now);
    }
  }

  /** Reading a hold that is due expires it first, so a client never sees a stale `active`. */
  async get(reservationId: string, events?: ReservationEvents): Promise<ReservationAsOf> {
    const now = this.clock.now();
    const reservation = await this.reservations.findById(reservationId);
    if (!reservation) throw new ReservationNotFoundError(reservationId);
    if (reservation.status !== 'active' || !isDue(reservation, now)) {
      return { reservation, asOf: now };
    }
    // Whoever settled it (this call, a sweep, or the shopper a moment ago), the client sees the
    // reservation as it now stands.
    const result = await this.reservations.expire(reservationId, now, events);
    if (result.outcome === 'not-found') throw new ReservationNotFoundError(reservationId);
    return { reservation: result.reservation, asOf: now };
  }

  confirm(
    reservationId: string,
    userId: string,
    events?: ReservationEvents,
  ): Promise<ReservationAsOf> {
    return this.settleAsOwner('confirm', reservationId, userId, events);
  }

  cancel(
    reservationId: string,
    userId: string,
    events?: ReservationEvents,
  ): Promise<ReservationAsOf> {
    return this.settleAsOwner('cancel', reservationId, userId, events);
  }

  /**
   * More time at the payment step: `expiresAt` becomes now + RESERVATION_TTL_SECONDS, never
   * past createdAt + MAX_HOLD_SECONDS. A hold past `expiresAt` is gone (410) and is expired on
   * the spot, as for confirm.
   */
  async extend(
    reservationId: string,
    userId: string,
    events?: ReservationEvents,
  ): Promise<ReservationAsOf> {
    const now = this.clock.now();
    const policy: ExtensionPolicy = {
      ttlSeconds: this.config.reservationTtlSeconds,
      maxHoldSeconds: this.config.maxHoldSeconds,
    };
    const result = await this.reservations.extend(reservationId, userId, now, policy);
    switch (result.outcome) {
      case 'extended':
        return { reservation: result.reservation, asOf: now };
      case 'limit-reached':
        throw new HoldExtensionLimitReachedError(result.reservation, result.maxExpiresAt);
      case 'not-found':
      case 'forbidden':
      case 'due':
      case 'already-expired':
        return this.refuseLapsedOrForeign(reservationId, result, now, events);
      case 'already-confirmed':
        throw new ReservationAlreadyConfirmedError(reservationId);
      case 'already-cancelled':
        throw new ReservationAlreadyCancelledError(reservationId);
      default:
        return assertNever(result);
    }
  }

  /**
   * The refusals confirm, cancel and extend answer alike: 404 unknown, 403 another user's, and
   * 410 past `expiresAt` (a hold still active but due is expired on the spot, so its units
   * return at once, even before any sweep).
   */
  private async refuseLapsedOrForeign(
    reservationId: string,
    refusal:
      | { outcome: 'not-found' }
      | { outcome: 'forbidden' }
      | { outcome: 'due' | 'already-expired'; reservation: Reservation },
    now: Date,
    events: ReservationEvents | undefined,
  ): Promise<never> {
    switch (refusal.outcome) {
      case 'not-found':
        throw new ReservationNotFoundError(reservationId);
      case 'forbidden':
        throw new ReservationForbiddenError(reservationId);
      case 'due':
        await this.reservations.expire(reservationId, now, events);
        throw new ReservationExpiredError(refusal.reservation);
      case 'already-expired':
        throw new ReservationExpiredError(refusal.reservation);
    }
  }

  /**
   * Confirm or cancel by the shopper. A repeat of the same action answers with the same
   * reservation; the opposite one is a conflict; a hold past `expiresAt` is gone (410) even if
   * no sweep has run yet, and is expired on the spot so its units return at once.
   */
  private async settleAsOwner(
    action: 'confirm' | 'cancel',
    reservationId: string,
    userId: string,
    events: ReservationEvents | undefined,
  ): Promise<ReservationAsOf> {
    const now = this.clock.now();
    const result = await this.reservations[action](reservationId, userId, now, events);
    switch (result.outcome) {
      case 'settled':
        return { reservation: result.reservation, asOf: now };
      case 'not-found':
      case 'forbidden':
      case 'due':
      case 'already-expired':
        return this.refuseLapsedOrForeign(reservationId, result, now, events);
      case 'already-confirmed':
        if (action === 'confirm') return { reservation: result.reservation, asOf: now };
        throw new ReservationAlreadyConfirmedError(reservationId);
      case 'already-cancelled':
        if (action === 'cancel') return { reservation: result.reservation, asOf: now };
        throw new ReservationAlreadyCancelledError(reservationId);
      default:
        return assertNever(result);
    }
  }
}
