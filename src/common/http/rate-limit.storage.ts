import { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for one hit (the package exports the type only from a deep path). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One key's hits: the instant each stops counting, oldest first, from `head` on. */
interface Counter {
  hitsExpireAt: number[];
  head: number;
  /** When the key's window resets (X-RateLimit-Reset). */
  expiresAt: number;
  isBlocked: boolean;
  blockExpiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;
/** Dropped hits are cut off the front of the array once there are this many and they are half of it. */
const COMPACT_AFTER = 1024;

const seconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * @nestjs/throttler's storage with the library's own rule and answers (a sliding log: a hit counts
 * for `ttl`; past `limit` hits the key is blocked for `blockDuration`), kept so that a request costs
 * the same however many hits its key has: each key's hit expiries are a queue, oldest first, and
 * only the expired ones at its head are looked at. (The library's in-memory storage filters every
 * hit of the key into a new array on every request: with the default 6,000 a minute, a busy client
 * costs each of its requests a pass over up to 6,000 numbers and an array as long.)
 *
 * Exact as long as every hit of a key has the same `ttl`, as with the one throttler configured in
 * HttpPolicyModule; a shorter `ttl` after a longer one would be counted a little longer, never less.
 * Keys with no live hit and no block are dropped once a minute.
 */
export class SlidingLogThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly counters = new Map<string, Counter>();
  private sweep: NodeJS.Timeout | undefined;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweep ??= setInterval(() => this.dropIdle(Date.now()), SWEEP_INTERVAL_MS).unref();
    const now = Date.now();
    const id = `${throttlerName}\n${key}`;
    let counter = this.counters.get(id);
    if (!counter) {
      counter = {
        hitsExpireAt: [],
        head: 0,
        expiresAt: now + ttl,
        isBlocked: false,
        blockExpiresAt: 0,
      };
      this.counters.set(id, counter);
    }
    prune(counter, now);
    let timeToExpire = seconds(counter.expiresAt - now);
    if (timeToExpire <= 0) {
      counter.expiresAt = now + ttl;
      timeToExpire = seconds(ttl);
    }
    return Promise.resolve(
      blockDuration <= 0
        ? countWithoutBlock(counter, now, ttl, limit, timeToExpire)
        : countWithBlock(counter, now, ttl, limit, blockDuration, timeToExpire),
    );
  }

  /** How many keys are remembered (read by the tests). */
  get keys(): number {
    return this.counters.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.counters.clear();
  }

  /** Forgets keys that no longer count anything. */
  dropIdle(now: number): void {
    for (const [id, counter] of this.counters) {
      prune(counter, now);
      const blocked = counter.isBlocked && counter.blockExpiresAt > now;
      if (!blocked && counter.expiresAt <= now && hits(counter) === 0) this.counters.delete(id);
    }
  }
}

const hits = (counter: Counter) => counter.hitsExpireAt.length - counter.head;

/** Drops the hits that have stopped counting (all at the head: they were added in order). */
function prune(counter: Counter, now: number): void {
  const { hitsExpireAt } = counter;
  while (counter.head < hitsExpireAt.length && hitsExpireAt[counter.head] <= now) counter.head += 1;
  if (counter.head >= COMPACT_AFTER && counter.head * 2 >= hitsExpireAt.length) {
    counter.hitsExpireAt = hitsExpireAt.slice(counter.head);
    counter.head = 0;
  }
}

/** With a block duration: past the limit, every request is refused until the block ends. */
function countWithBlock(
  counter: Counter,
  now: number,
  ttl: number,
  limit: number,
  blockDuration: number,
  timeToExpire: number,
): ThrottlerStorageRecord {
  if (!counter.isBlocked) counter.hitsExpireAt.push(now + ttl);
  if (hits(counter) > limit && !counter.isBlocked) {
    counter.isBlocked = true;
    counter.blockExpiresAt = now + blockDuration;
  }
  const timeToBlockExpire = seconds(counter.blockExpiresAt - now);
  if (timeToBlockExpire <= 0 && counter.isBlocked) {
    // The block is over: the count starts again from this request.
    counter.isBlocked = false;
    counter.hitsExpireAt = [now + ttl];
    counter.head = 0;
  }
  return {
    totalHits: hits(counter),
    timeToExpire,
    isBlocked: counter.isBlocked,
    timeToBlockExpire,
  };
}

/** Without one: a request over the limit is refused and not counted; the next may pass. */
function countWithoutBlock(
  counter: Counter,
  now: number,
  ttl: number,
  limit: number,
  timeToExpire: number,
): ThrottlerStorageRecord {
  const isBlocked = hits(counter) >= limit;
  if (!isBlocked) counter.hitsExpireAt.push(now + ttl);
  // No hit kept only with a limit of 0 (the library allows it; RATE_LIMIT_MAX is at least 1).
  const timeToBlockExpire =
    hits(counter) > 0 ? seconds(counter.hitsExpireAt[counter.head] - now) : timeToExpire;
  return {
    totalHits: hits(counter) + (isBlocked ? 1 : 0),
    timeToExpire,
    isBlocked,
    timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
  };
}
