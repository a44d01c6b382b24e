import { DomainError } from '../common/errors/domain-error';
import { Reservation } from './reservation';

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

export class ActiveReservationExistsError extends DomainError {
  constructor(existing: Reservation, requestedQuantity: number) {
    super(
      'ACTIVE_RESERVATION_EXISTS',
      `This user already holds ${existing.quantity} of ${existing.sku}; cancel it before holding ${requestedQuantity}.`,
      {
        reservation: {
          reservationId: existing.reservationId,
          sku: existing.sku,
          quantity: existing.quantity,
          expiresAt: existing.expiresAt.toISOString(),
        },
        requestedQuantity,
      },
    );
  }
}
