/**
 * Where "now" comes from. Injected everywhere time matters (hold expiry, sweeps, idempotency
 * retention) so tests can put a hold exactly at, before and after its expiry instant.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
