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

/**
 * A clock that moves only when told to: specs put a hold exactly at, before and after its expiry
 * instant, and benchmarks replay a scenario at fixed instants.
 */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-11-24T09:00:00.000Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
