import { performance } from 'node:perf_hooks';
import { latenessMs, Reservation } from '../reservations/reservation';
import { ReservationRepository } from '../reservations/reservation.repository';
import { Metrics } from './metrics';
import { RootLogger } from './root-logger';

/** Where domain events are written: a pino logger, a line per event. */
export type EventLogger = Pick<RootLogger, 'info'>;

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
 * Counts and logs a hold that this call settled (and nothing for any other outcome): the event
 * `reservation.<settlement>`, with the hold's fields and any extra ones computed from it.
 */
function reportSettled<R extends { outcome: string; reservation?: Reservation }>(
  logger: EventLogger,
  result: R,
  counter: { inc(): void },
  settlement: 'confirmed' | 'cancelled' | 'expired',
  extra: (reservation: Reservation) => object = () => ({}),
): R {
  const { reservation } = result;
  if (result.outcome !== 'settled' || !reservation) return result;
  counter.inc();
  logger.info(
    { event: `reservation.${settlement}`, ...holdFields(reservation), ...extra(reservation) },
    `Hold ${settlement}`,
  );
  return result;
}

/** What a domain event line says about a hold: its id, its lines and how many units in all. */
function holdFields({ reservationId, lines }: Reservation) {
  return {
    reservationId,
    lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
    units: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

/**
 * The reservation repository, timed, and reporting each transition it made as a domain event:
 * a counter and one structured log line. The port's outcome unions are where a transition is
 * known to have happened exactly once (`created`, `settled`), whoever asked for it: a request,
 * a retry or the sweep.
 *
 * The lines go straight to pino (`logger`, a child of the root logger), not through Nest's
 * `Logger` and nestjs-pino's bridge: on the reserve path that bridge cost about as much as
 * writing the line itself (bench/, `BENCH_SERVICE_B_ENV`, 2026-11-25).
 */
export function observedReservations(
  target: ReservationRepository,
  metrics: Metrics,
  logger: EventLogger,
): ReservationRepository {
  const inner = timed('reservations', target, metrics);
  return Object.assign(Object.create(inner) as ReservationRepository, {
    async reserve(...args: Parameters<ReservationRepository['reserve']>) {
      const result = await inner.reserve(...args);
      if (result.outcome === 'created') {
        metrics.reservationsCreated.inc();
        const { expiresAt } = result.reservation;
        logger.info(
          { event: 'reservation.created', ...holdFields(result.reservation), expiresAt },
          'Hold created',
        );
      }
      return result;
    },
    async confirm(...args: Parameters<ReservationRepository['confirm']>) {
      return reportSettled(
        logger,
        await inner.confirm(...args),
        metrics.reservationsConfirmed,
        'confirmed',
      );
    },
    async cancel(...args: Parameters<ReservationRepository['cancel']>) {
      return reportSettled(
        logger,
        await inner.cancel(...args),
        metrics.reservationsCancelled,
        'cancelled',
      );
    },
    async expire(...args: Parameters<ReservationRepository['expire']>) {
      const [, now] = args;
      return reportSettled(
        logger,
        await inner.expire(...args),
        metrics.reservationsExpired,
        'expired',
        (reservation) => ({ latenessMs: latenessMs(reservation, now) }),
      );
    },
  });
}
