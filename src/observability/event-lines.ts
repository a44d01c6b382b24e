import { ReservationEvent, ReservationEvents } from '../reservations/reservation-events';
import { RootLogger } from './root-logger';

const MESSAGES: Record<ReservationEvent['event'], string> = {
  'reservation.created': 'Hold created',
  'reservation.confirmed': 'Hold confirmed',
  'reservation.cancelled': 'Hold cancelled',
  'reservation.expired': 'Hold expired',
};

/** The one writer of domain events as lines of their own (`eventLines`), from RootLoggerModule. */
export const EVENT_LINES = 'EVENT_LINES';

/**
 * Domain events as log lines of their own, at `info`, with `context: "Reservations"`: those no
 * request caused (the sweep's expiries), and a request's events that its request line could not
 * carry (see RequestEventLog). Straight to pino, not through Nest's `Logger` and nestjs-pino's
 * bridge, which cost as much again per line (bench/, 2026-11-25).
 */
export function eventLines(root: RootLogger): ReservationEvents {
  const logger = root.child({ context: 'Reservations' });
  return { record: (event) => logger.info(event, MESSAGES[event.event]) };
}
