import { DomainError } from '../common/errors/domain-error';
import { CustomerLimitBreach, Reservation } from './reservation';

export class ReservationNotFoundError extends DomainError {
  constructor(reservationId: string) {
    super('RESERVATION_NOT_FOUND', `No reservation has id ${reservationId}.`, { reservationId });
  }
}

export class ReservationForbiddenError extends DomainError {
  constructor(reservationId: string) {
    super('RESERVATION_FORBIDDEN', 'This reservation belongs to another user.', { reservationId });
  }
}

export class ReservationExpiredError extends DomainError {
  constructor(reservation: Reservation) {
    super(
      'RESERVATION_EXPIRED',
      `The reservation expired at ${reservation.expiresAt.toISOString()}.`,
      {
        reservationId: reservation.reservationId,
        expiresAt: reservation.expiresAt.toISOString(),
      },
    );
  }
}

export class ReservationAlreadyConfirmedError extends DomainError {
  constructor(reservationId: string) {
    super('RESERVATION_ALREADY_CONFIRMED', 'The reservation is already confirmed.', {
      reservationId,
    });
  }
}

export class ReservationAlreadyCancelledError extends DomainError {
  constructor(reservationId: string) {
    super('RESERVATION_ALREADY_CANCELLED', 'The reservation is already cancelled.', {
      reservationId,
    });
  }
}

/** The user already holds `sku` (one of the SKUs asked for) in `existing`. */
export class ActiveReservationExistsError extends DomainError {
  constructor(existing: Reservation, sku: string, requestedQuantity: number) {
    const held = existing.lines.find((line) => line.sku === sku)?.quantity ?? 0;
    super(
      'ACTIVE_RESERVATION_EXISTS',
      `This user already holds ${held} of ${sku}; cancel it before holding ${requestedQuantity}.`,
      {
        reservation: {
          reservationId: existing.reservationId,
          sku,
          quantity: held,
          expiresAt: existing.expiresAt.toISOString(),
        },
        requestedQuantity,
      },
    );
  }
}

export class HoldExtensionLimitReachedError extends DomainError {
  constructor(reservation: Reservation, maxExpiresAt: Date) {
    super(
      'HOLD_EXTENSION_LIMIT_REACHED',
      `The hold already runs to ${maxExpiresAt.toISOString()}, the longest it may.`,
      {
        reservationId: reservation.reservationId,
        expiresAt: reservation.expiresAt.toISOString(),
        maxExpiresAt: maxExpiresAt.toISOString(),
      },
    );
  }
}

/** Every line that would pass its limit; the first one also at the top level of `details`. */
export class CustomerLimitExceededError extends DomainError {
  constructor(breaches: CustomerLimitBreach[]) {
    const [first] = breaches;
    super(
      'CUSTOMER_LIMIT_EXCEEDED',
      `At most ${first.limit} of ${first.sku} per customer; this user holds or bought ${first.heldOrBought} and asked for ${first.requestedQuantity}.`,
      { ...first, lines: breaches },
    );
  }
}
