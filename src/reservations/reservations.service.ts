import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertNever } from '../common/assert-never';
import { ValidationFailedError } from '../common/errors/domain-error';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { Clock } from '../core/clock';
import { InsufficientStockError, SkuNotFoundError } from '../inventory/inventory.errors';
import { isDue, Reservation } from './reservation';
import {
  ActiveReservationExistsError,
  ReservationAlreadyCancelledError,
  ReservationAlreadyConfirmedError,
  ReservationExpiredError,
  ReservationForbiddenError,
  ReservationNotFoundError,
} from './reservation.errors';
import { ReservationRepository } from './reservation.repository';

export interface ReserveCommand {
  sku: string;
  userId: string;
  quantity: number;
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

/**
 * The business rules of the hold lifecycle. Every state change is delegated to one atomic store
 * transition; this class only decides what each outcome of a transition means for the caller.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reserve({ sku, userId, quantity }: ReserveCommand): Promise<ReserveOutcome> {
    // The configured limit is checked here, once; the DTO checks the type and the minimum.
    if (quantity > this.config.maxReservationQuantity) {
      throw new ValidationFailedError([
        {
          field: 'quantity',
          problems: [`quantity must not be greater than ${this.config.maxReservationQuantity}`],
        },
      ]);
    }
    // Loops only while the user's previous hold on this SKU is due but not yet swept: that hold
    // is expired here (its units go back) and the reservation is tried again.
    for (;;) {
      const now = this.clock.now();
      const result = await this.reservations.reserve({
        reservationId: randomUUID(),
        sku,
        userId,
        quantity,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.reservationTtlSeconds * 1000),
      });
      switch (result.outcome) {
        case 'created':
          return { reservation: result.reservation, asOf: now, isExisting: false };
        case 'unknown-sku':
          throw new SkuNotFoundError(sku);
        case 'insufficient-stock':
          throw new InsufficientStockError(sku, result.availableQuantity, quantity);
        case 'existing': {
          const existing = result.reservation;
          if (isDue(existing, now)) {
            await this.reservations.expire(existing.reservationId, now);
            continue;
          }
          if (existing.quantity !== quantity)
            throw new ActiveReservationExistsError(existing, quantity);
          return { reservation: existing, asOf: now, isExisting: true };
        }
        default:
          return assertNever(result);
      }
    }
  }

  /** Reading a hold that is due expires it first, so a client never sees a stale `active`. */
  async get(reservationId: string): Promise<ReservationAsOf> {
    const now = this.clock.now();
    const reservation = await this.reservations.findById(reservationId);
    if (!reservation) throw new ReservationNotFoundError(reservationId);
    if (reservation.status !== 'active' || !isDue(reservation, now)) {
      return { reservation, asOf: now };
    }
    // Whoever settled it (this call, a sweep, or the shopper a moment ago), the client sees the
    // reservation as it now stands.
    const result = await this.reservations.expire(reservationId, now);
    if (result.outcome === 'not-found') throw new ReservationNotFoundError(reservationId);
    return { reservation: result.reservation, asOf: now };
  }

  confirm(reservationId: string, userId: string): Promise<ReservationAsOf> {
    return this.settleAsOwner('confirm', reservationId, userId);
  }

  cancel(reservationId: string, userId: string): Promise<ReservationAsOf> {
    return this.settleAsOwner('cancel', reservationId, userId);
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
  ): Promise<ReservationAsOf> {
    const now = this.clock.now();
    const result = await this.reservations[action](reservationId, userId, now);
    switch (result.outcome) {
      case 'settled':
        return { reservation: result.reservation, asOf: now };
      case 'not-found':
        throw new ReservationNotFoundError(reservationId);
      case 'forbidden':
        throw new ReservationForbiddenError(reservationId);
      case 'due':
        await this.reservations.expire(reservationId, now);
        throw new ReservationExpiredError(result.reservation);
      case 'already-expired':
        throw new ReservationExpiredError(result.reservation);
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
