import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock';
import { ValidationFailedError } from '../common/errors/domain-error';
import { AppConfig, APP_CONFIG } from '../config/app-config';
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

export interface ReserveOutcome {
  reservation: Reservation;
  /** True when the user already held this SKU with this quantity: the same hold is returned. */
  isExisting: boolean;
}

/**
 * The business rules of the hold lifecycle. Every state change is delegated to one atomic store
 * transition; this class only decides what a transition's outcome means for the caller.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reserve({ sku, userId, quantity }: ReserveCommand): Promise<ReserveOutcome> {
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
          return { reservation: result.reservation, isExisting: false };
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
          return { reservation: existing, isExisting: true };
        }
      }
    }
  }

  /** Reading a hold that is due settles it first, so a client never sees a stale `active`. */
  async get(reservationId: string): Promise<Reservation> {
    const now = this.clock.now();
    const reservation = await this.reservations.findById(reservationId);
    if (!reservation) throw new ReservationNotFoundError(reservationId);
    if (reservation.status !== 'active' || !isDue(reservation, now)) return reservation;
    const expired = await this.reservations.expire(reservationId, now);
    return expired.reservation ?? reservation;
  }

  confirm(reservationId: string, userId: string): Promise<Reservation> {
    return this.settle('confirm', reservationId, userId);
  }

  cancel(reservationId: string, userId: string): Promise<Reservation> {
    return this.settle('cancel', reservationId, userId);
  }

  /**
   * Confirm or cancel. A repeat of the same settlement answers with the same reservation; the
   * opposite settlement is a conflict; a hold past `expiresAt` is gone (410) even if no sweep
   * has run yet, and is expired on the spot so its units return at once.
   */
  private async settle(
    action: 'confirm' | 'cancel',
    reservationId: string,
    userId: string,
  ): Promise<Reservation> {
    const now = this.clock.now();
    const { transitioned, reservation } = await this.reservations[action](
      reservationId,
      userId,
      now,
    );
    if (!reservation) throw new ReservationNotFoundError(reservationId);
    if (reservation.userId !== userId) throw new ReservationForbiddenError(reservationId);
    if (transitioned) return reservation;
    switch (reservation.status) {
      case 'confirmed':
        if (action === 'confirm') return reservation;
        throw new ReservationAlreadyConfirmedError(reservationId);
      case 'cancelled':
        if (action === 'cancel') return reservation;
        throw new ReservationAlreadyCancelledError(reservationId);
      case 'expired':
        throw new ReservationExpiredError(reservation);
      case 'active':
        // Not transitioned while active and owned by this user: it is due.
        await this.reservations.expire(reservationId, now);
        throw new ReservationExpiredError(reservation);
    }
  }
}
