import { performance } from 'node:perf_hooks';
import { NewHold, Reservation, Settlement } from '../reservations/reservation';
import { createdEvent, ReservationEvents, settledEvent } from '../reservations/reservation-events';
import { ReservationRepository } from '../reservations/reservation.repository';
import { Metrics } from './metrics';

/**
 * A store port repository whose every call is timed (`store_call_duration_seconds`), returned
 * in place of the adapter's own by StoreModule. A Proxy, so a method added to the port is timed
 * without being listed here.
 */
export function timed<T extends object>(repository: string, target: T, metrics: Metrics): T {
  type Method = (...args: unknown[]) => unknown;
  const wrap = (operation: string, method: Method): Method => {
    const labels = { repository, operation };
    return (...args) => {
      const started = performance.now();
      const result: unknown = method.apply(target, args);
      if (!(result instanceof Promise)) return result;
      const observe = () =>
        metrics.storeCallDuration.observe(labels, (performance.now() - started) / 1000);
      return result.then(
        (value: unknown) => {
          observe();
          return value;
        },
        (error: unknown) => {
          observe();
          throw error;
        },
      );
    };
  };
  // One timed wrapper per method, made on first use and kept while the method stays the same
  // (a test may replace one on the target).
  const wrappers = new Map<string, { method: Method; timed: Method }>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let wrapper = wrappers.get(property);
      if (wrapper?.method !== value) {
        wrapper = { method: value as Method, timed: wrap(property, value as Method) };
        wrappers.set(property, wrapper);
      }
      return wrapper.timed;
    },
  });
}

/**
 * Counts a hold that this call settled and records its event (nothing for any other outcome).
 */
function reportSettled<R extends { outcome: string; reservation?: Reservation }>(
  result: R,
  counter: { inc(): void },
  settlement: Settlement,
  now: Date,
  events: ReservationEvents,
): R {
  const { reservation } = result;
  if (result.outcome !== 'settled' || !reservation) return result;
  counter.inc();
  events.record(settledEvent(settlement, reservation, now));
  return result;
}

/**
 * The reservation repository, timed, and reporting each transition it made as a domain event:
 * a counter, and the event recorded where the caller said (its request's line) or, without one,
 * on `eventLines` (a line of its own). The port's outcome unions are where a transition is known
 * to have happened exactly once (`created`, `settled`), whoever asked for it: a request, a retry
 * or the sweep.
 */
export function observedReservations(
  target: ReservationRepository,
  metrics: Metrics,
  eventLines: ReservationEvents,
): ReservationRepository {
  const inner = timed('reservations', target, metrics);
  const transitions = {
    async reserve(hold: NewHold, events = eventLines) {
      const result = await inner.reserve(hold);
      if (result.outcome === 'created') {
        metrics.reservationsCreated.inc();
        events.record(createdEvent(result.reservation));
      }
      return result;
    },
    async confirm(reservationId: string, userId: string, now: Date, events = eventLines) {
      const result = await inner.confirm(reservationId, userId, now);
      return reportSettled(result, metrics.reservationsConfirmed, 'confirmed', now, events);
    },
    async cancel(reservationId: string, userId: string, now: Date, events = eventLines) {
      const result = await inner.cancel(reservationId, userId, now);
      return reportSettled(result, metrics.reservationsCancelled, 'cancelled', now, events);
    },
    async expire(reservationId: string, now: Date, events = eventLines) {
      const result = await inner.expire(reservationId, now);
      return reportSettled(result, metrics.reservationsExpired, 'expired', now, events);
    },
    // A port method that takes `events` and is missing here does not compile: its events would
    // otherwise be dropped without a word (the adapters ignore the argument).
  } satisfies Record<TakesEvents<ReservationRepository>, unknown>;
  return Object.assign(Object.create(inner) as ReservationRepository, transitions);
}

/** The names of `T`'s methods that take a `ReservationEvents` argument. */
type TakesEvents<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => unknown
    ? ReservationEvents extends A[number]
      ? K
      : never
    : never;
}[keyof T];
