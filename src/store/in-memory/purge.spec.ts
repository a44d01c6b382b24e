import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../core/clock';
import { InMemoryStore } from './in-memory-store';

/**
 * Settled reservations leave the embedded store after TERMINAL_RESERVATION_RETENTION_SECONDS, as
 * MongoDB's TTL index on `purgeAfter` removes them there; active holds never do.
 */
describe('InMemoryStore: purge of settled reservations', () => {
  const RETENTION_S = 60;
  const TTL_MS = 3_600_000;
  let sut: InMemoryStore;
  let clock: ManualClock;

  beforeEach(async () => {
    sut = new InMemoryStore({ terminalReservationRetentionSeconds: RETENTION_S });
    clock = new ManualClock();
    await sut.inventory.create(
      {
        sku: 'S',
        name: 'S',
        description: null,
        price: 1,
        currency: 'EUR',
        imageUrl: null,
        totalQuantity: 1000,
      },
      clock.now(),
    );
  });

  const hold = async (userId: string, ttlMs = TTL_MS) => {
    const now = clock.now();
    const result = await sut.reservations.reserve({
      reservationId: randomUUID(),
      userId,
      lines: [{ sku: 'S', quantity: 1 }],
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    if (result.outcome !== 'created') throw new Error(result.outcome);
    return result.reservation.reservationId;
  };
  const exists = async (id: string) => (await sut.reservations.findById(id)) !== null;

  it('keeps a confirmed, a cancelled and an expired reservation until the retention ends, then purges them', async () => {
    const confirmed = await hold('u1');
    const cancelled = await hold('u2');
    const expired = await hold('u3', 1000);
    clock.advance(1000);
    await sut.reservations.confirm(confirmed, 'u1', clock.now());
    await sut.reservations.cancel(cancelled, 'u2', clock.now());
    await sut.reservations.expire(expired, clock.now());
    const settledAt = clock.now().getTime();

    clock.set(new Date(settledAt + RETENTION_S * 1000 - 1));
    await sut.reservations.findDue(clock.now(), 500);
    expect([await exists(confirmed), await exists(cancelled), await exists(expired)]).toEqual([
      true,
      true,
      true,
    ]);

    clock.set(new Date(settledAt + RETENTION_S * 1000));
    await sut.reservations.findDue(clock.now(), 500);
    expect([await exists(confirmed), await exists(cancelled), await exists(expired)]).toEqual([
      false,
      false,
      false,
    ]);
    expect(sut.state.reservations.size).toBe(0);
  });

  it('never purges an active hold, however long past the retention', async () => {
    const active = await hold('u1');
    clock.advance(10 * RETENTION_S * 1000);
    expect(await sut.reservations.findDue(clock.now(), 500)).toEqual([]);
    expect(await sut.reservations.findById(active)).toMatchObject({ status: 'active' });
    expect(await sut.inventory.findBySku('S')).toMatchObject({ reservedQuantity: 1 });
  });

  it('purges at most one batch per sweep query, oldest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = await hold(`u${i}`);
      await sut.reservations.cancel(id, `u${i}`, clock.now());
      ids.push(id);
      clock.advance(1);
    }
    clock.advance(RETENTION_S * 1000);
    await sut.reservations.findDue(clock.now(), 2);
    expect(await Promise.all(ids.map(exists))).toEqual([false, false, true, true, true]);
    await sut.reservations.findDue(clock.now(), 2);
    await sut.reservations.findDue(clock.now(), 2);
    expect(sut.state.reservations.size).toBe(0);
  });

  it('keeps pace with settlements without any sweep: each one purges up to two past their retention', async () => {
    const old: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const id = await hold(`old${i}`);
      await sut.reservations.confirm(id, `old${i}`, clock.now());
      old.push(id);
    }
    clock.advance(RETENTION_S * 1000);
    const fresh = await hold('fresh');
    await sut.reservations.cancel(fresh, 'fresh', clock.now());
    expect((await Promise.all(old.map(exists))).filter(Boolean)).toHaveLength(2);
    expect(await exists(fresh)).toBe(true);
  });

  it('keeps the retention across a reset', () => {
    sut.state.reset();
    expect(sut.state.settledRetentionMs).toBe(RETENTION_S * 1000);
  });
});
