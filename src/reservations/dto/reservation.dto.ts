import { ApiProperty } from '@nestjs/swagger';
import { ApiModel } from '../../common/openapi/api-model';
import { Reservation, RESERVATION_STATUSES, ReservationStatus } from '../reservation';
import { isoTimestamp, isoTimestampOrNull } from '../../common/time/iso-timestamp';

@ApiModel('Units of one SKU within a reservation.')
export class ReservationLineDto {
  /** @example "IPHONE-15-PRO-256" */
  sku!: string;
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  quantity!: number;
}

@ApiModel('A hold on units of one or more SKUs (a cart) for one shopper, and where it stands.')
export class ReservationDto {
  /** @example "3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11" */
  @ApiProperty({ format: 'uuid' })
  reservationId!: string;
  /**
   * The SKU, when the reservation has exactly one line (as every POST /inventory/reserve hold
   * has); absent for a cart of several lines.
   * @example "IPHONE-15-PRO-256"
   */
  sku?: string;
  /** @example "user-123" */
  userId!: string;
  /**
   * Units held, when the reservation has exactly one line; absent for a cart of several lines.
   * @example 1
   */
  @ApiProperty({ type: 'integer' })
  quantity?: number;
  /** Every line held, in SKU order; they are confirmed, cancelled or expire together. */
  lines!: ReservationLineDto[];

  @ApiProperty({ enum: RESERVATION_STATUSES, enumName: 'ReservationStatus', example: 'active' })
  status!: ReservationStatus;

  /**
   * The instant the hold lapses; from then on it can never be confirmed.
   * @example "2026-11-24T09:05:00.000Z"
   */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
  /**
   * Whole seconds until expiresAt while active (for a storefront countdown); 0 once settled.
   * @example 300
   */
  @ApiProperty({ type: 'integer' })
  secondsRemaining!: number;
  /** @example "2026-11-24T09:00:00.000Z" */
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  /** @example null */
  @ApiProperty({ format: 'date-time' })
  confirmedAt!: string | null;
  /** @example null */
  @ApiProperty({ format: 'date-time' })
  cancelledAt!: string | null;
  /** @example null */
  @ApiProperty({ format: 'date-time' })
  expiredAt!: string | null;
}

@ApiModel('A hold, and whether it already existed.')
export class ReserveResultDto extends ReservationDto {
  /**
   * True when this user already held this SKU with this quantity: the existing hold is returned
   * (status 200) instead of a new one (status 201).
   * @example false
   */
  isExisting!: boolean;
}

export function toReservationDto(reservation: Reservation, now: Date): ReservationDto {
  const msLeft = reservation.expiresAt.getTime() - now.getTime();
  const single = reservation.lines.length === 1 ? reservation.lines[0] : undefined;
  return {
    reservationId: reservation.reservationId,
    // A one-line reservation keeps the shape POST /inventory/reserve has always answered with.
    ...(single && { sku: single.sku }),
    userId: reservation.userId,
    ...(single && { quantity: single.quantity }),
    lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    status: reservation.status,
    expiresAt: isoTimestamp(reservation.expiresAt),
    secondsRemaining: reservation.status === 'active' ? Math.max(0, Math.ceil(msLeft / 1000)) : 0,
    createdAt: isoTimestamp(reservation.createdAt),
    confirmedAt: isoTimestampOrNull(reservation.confirmedAt),
    cancelledAt: isoTimestampOrNull(reservation.cancelledAt),
    expiredAt: isoTimestampOrNull(reservation.expiredAt),
  };
}
