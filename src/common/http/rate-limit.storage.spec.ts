import { ThrottlerStorageService } from '@nestjs/throttler';
import fc from 'fast-check';
import { SlidingLogThrottlerStorage } from './rate-limit.storage';

/**
 * The storage answers exactly as @nestjs/throttler's own in-memory storage does, step for step,
 * for any sequence of hits and pauses on a few keys (both on the same fake clock).
 */
describe('SlidingLogThrottlerStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-25T12:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  const step = fc.oneof(
    fc.record({ hit: fc.constantFrom('a', 'b', 'c') }),
    // Whole steps of 500 ms too, so that hits and blocks end exactly on the instant asked about.
    fc.record({
      waitMs: fc.oneof(
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 1, max: 8 }).map((n) => n * 500),
      ),
    }),
  );

  it.each([
    ['with a block (past the limit, refused until the block ends)', 2_000],
    ['without a block (only the hits over the limit are refused)', 0],
  ])('answers as the library storage does, %s', async (_name, blockDuration) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 300 }),
        fc.integer({ min: 1, max: 5 }),
        async (steps, limit) => {
          const reference = new ThrottlerStorageService();
          const sut = new SlidingLogThrottlerStorage();
          try {
            for (const s of steps) {
              if ('waitMs' in s) {
                jest.setSystemTime(Date.now() + s.waitMs);
                continue;
              }
              const args = [s.hit, 3_000, limit, blockDuration, 'default'] as const;
              expect(await sut.increment(...args)).toEqual(await reference.increment(...args));
            }
          } finally {
            reference.onApplicationShutdown();
            sut.onApplicationShutdown();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers as the library storage does for a busy key, thousands of hits in its window', async () => {
    const reference = new ThrottlerStorageService();
    const sut = new SlidingLogThrottlerStorage();
    for (let i = 0; i < 20_000; i += 1) {
      jest.setSystemTime(Date.now() + (i % 7));
      const args = ['busy', 10_000, 3_000, 0, 'default'] as const;
      expect(await sut.increment(...args)).toEqual(await reference.increment(...args));
    }
    reference.onApplicationShutdown();
    sut.onApplicationShutdown();
  });

  it('forgets idle keys, keeps the blocked and the counting ones', async () => {
    const sut = new SlidingLogThrottlerStorage();
    const counted = (key: string) => sut.increment(key, 1_000, 1, 60_000, 'default');
    await counted('idle');
    await counted('blocked');
    await counted('blocked');
    jest.setSystemTime(Date.now() + 5_000);
    await counted('recent');
    expect(sut.keys).toBe(3);
    sut.dropIdle(Date.now());
    expect(sut.keys).toBe(2);
    // A key that was forgotten starts from nothing; the others remember.
    expect((await counted('idle')).totalHits).toBe(1);
    expect((await counted('blocked')).isBlocked).toBe(true);
    expect((await counted('recent')).isBlocked).toBe(true);
    sut.onApplicationShutdown();
  });
});
