import { Clock } from '../../src/common/clock/clock';

/** A clock that only moves when told to. */
export class FakeClock extends Clock {
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
