import { isoTimestamp } from '../common/time/iso-timestamp';
import { latenessMs, Reservation, ReservationLine, Settlement } from './reservation';

/** What every event of a hold says about it: its id, its lines and how many units in all. */
interface HoldFields {
  reservationId: string;
  lines: ReservationLine[];
  units: number;
}

/**
 * The domain events of the hold lifecycle, as the fields they are logged with: one per
 * transition that happened (a hold created, or settled by this call), never for a refusal.
 */
export type ReservationEvent = HoldFields &
  (
    | { event: 'reservation.created'; expiresAt: string }
    | { event: 'reservation.confirmed' | 'reservation.cancelled' }
    | { event: 'reservation.expired'; latenessMs: number }
  );

/**
 * Where a transition's event goes. For a transition a request caused, the request's own log
 * (its events are written with its request line, and so carry its request id); for any other
 * (the sweep), a line of its own.
 */
export interface ReservationEvents {
  record(event: ReservationEvent): void;
}

function holdFields({ reservationId, lines }: Reservation): HoldFields {
  return {
    reservationId,
    lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
    units: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

export function createdEvent(reservation: Reservation): ReservationEvent {
  return {
    event: 'reservation.created',
    ...holdFields(reservation),
    expiresAt: isoTimestamp(reservation.expiresAt),
  };
}

/** `now`: the instant the transition was asked for (an expiry reports how late it came). */
export function settledEvent(
  settlement: Settlement,
  reservation: Reservation,
  now: Date,
): ReservationEvent {
  return settlement === 'expired'
    ? {
        event: 'reservation.expired',
        ...holdFields(reservation),
        latenessMs: latenessMs(reservation, now),
      }
    : { event: `reservation.${settlement}`, ...holdFields(reservation) };
}
