import { ReservationDto, ReserveResultDto } from './reservation.dto';

const base: ReservationDto = {
  reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11',
  sku: 'IPHONE-15-PRO-256',
  userId: 'user-123',
  quantity: 1,
  lines: [{ sku: 'IPHONE-15-PRO-256', quantity: 1 }],
  status: 'active',
  expiresAt: '2026-11-24T09:05:00.000Z',
  secondsRemaining: 300,
  createdAt: '2026-11-24T09:00:00.000Z',
  confirmedAt: null,
  cancelledAt: null,
  expiredAt: null,
};

export const ACTIVE_EXAMPLE: ReservationDto = base;
export const NEW_HOLD_EXAMPLE: ReserveResultDto = { ...base, isExisting: false };
export const EXISTING_HOLD_EXAMPLE: ReserveResultDto = {
  ...base,
  secondsRemaining: 241,
  isExisting: true,
};
export const CONFIRMED_EXAMPLE: ReservationDto = {
  ...base,
  status: 'confirmed',
  secondsRemaining: 0,
  confirmedAt: '2026-11-24T09:02:10.000Z',
};
export const CANCELLED_EXAMPLE: ReservationDto = {
  ...base,
  status: 'cancelled',
  secondsRemaining: 0,
  cancelledAt: '2026-11-24T09:01:30.000Z',
};
export const CART_EXAMPLE: ReservationDto = {
  reservationId: base.reservationId,
  userId: base.userId,
  lines: [
    { sku: 'AIRPODS-PRO-2', quantity: 1 },
    { sku: 'IPHONE-15-PRO-256', quantity: 1 },
  ],
  status: 'active',
  expiresAt: base.expiresAt,
  secondsRemaining: 300,
  createdAt: base.createdAt,
  confirmedAt: null,
  cancelledAt: null,
  expiredAt: null,
};
export const EXTENDED_EXAMPLE: ReservationDto = {
  ...CART_EXAMPLE,
  expiresAt: '2026-11-24T09:09:00.000Z',
  secondsRemaining: 300,
};
