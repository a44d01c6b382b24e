import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ManualClock } from '../../src/core/clock';
import { ExpirySweeper, SWEEP_LEASE, SWEEP_LEASE_MS } from '../../src/reservations/expiry-sweeper';
import { ReservationRepository } from '../../src/reservations/reservation.repository';
import { ReservationsService } from '../../src/reservations/reservations.service';
import { stockedItem } from '../support/factories';
import type { StoreHarness } from './store-harness';

/*
 * The expiry sweeper on a real adapter (in-memory here; MongoDB wherever a mongod can be had):
 * a hold whose expiry always fails never stalls the others, and the store's lease lets one
 * instance sweep at a time.
 */

/** The adapter as it is, except that expiring `badId` always fails (its item edited by hand, say). */
function expiryAlwaysFailsFor(repo: ReservationRepository, badId: string): ReservationRepository {
  return new Proxy(repo, {
    get(target, property) {
      if (property === 'expire') {
        return (id: string, now: Date) =>
          id === badId
            ? Promise.reject(new Error('Stock of S does not cover hold'))
            : target.expire(id, now);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

export function describeSweeperContract(
  label: string,
  harnessFactory: () => Promise<StoreHarness>,
): void {
  describe(`expiry sweeper on the store: ${label}`, () => {
    let store: StoreHarness;
    let clock: ManualClock;
    let errors: string[];

    beforeAll(async () => {
      store = await harnessFactory();
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await store.reset();
      clock = new ManualClock();
      errors = [];
      jest
        .spyOn(Logger.prototype, 'error')
        .mockImplementation((message: unknown) => void errors.push(String(message)));
    });
    afterEach(() => jest.restoreAllMocks());

    const sweeper = (reservations: ReservationRepository, batchSize: number, withLease = true) =>
      new ExpirySweeper(
        reservations,
        clock,
        new SchedulerRegistry(),
        { ...store.config, expirySweep: { cron: '* * * * * *', batchSize } },
        withLease ? store.store.sweepLease : undefined,
      );

    /** `count` holds of one unit each on SKU `S`, one second apart; returns their ids, oldest first. */
    const holdMany = async (count: number) => {
      await store.inventory.create(stockedItem('S', 100), clock.now());
      const service = new ReservationsService(store.reservations, clock, store.config);
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const { reservation } = await service.reserve({ sku: 'S', userId: `u${i}`, quantity: 1 });
        ids.push(reservation.reservationId);
        clock.advance(1000);
      }
      clock.advance(store.config.reservationTtlSeconds * 1000);
      return ids;
    };

    it('a hold whose expiry always fails is logged and skipped; every other due hold expires', async () => {
      const [bad, ...others] = await holdMany(6);
      // Batches of one: the failing hold is the oldest, so it heads every batch it can.
      const sut = sweeper(expiryAlwaysFailsFor(store.reservations, bad), 1);
      const report = await sut.sweep();
      expect(report).toMatchObject({ expired: 5, failed: 1 });
      for (const id of others) {
        expect((await store.reservations.findById(id))?.status).toBe('expired');
      }
      expect((await store.reservations.findById(bad))?.status).toBe('active');
      expect(errors).toEqual([
        expect.stringMatching(new RegExp(`Could not expire hold ${bad}.*does not cover hold`)),
      ]);
      expect(await store.inventory.findBySku('S')).toMatchObject({
        availableQuantity: 99,
        reservedQuantity: 1,
      });
      // The next sweep tries it again, and changes nothing else.
      expect(await sut.sweep()).toMatchObject({ expired: 0, failed: 1 });
    });

    it('one instance sweeps at a time: the other skips while the lease is held', async () => {
      await holdMany(4);
      const [a, b] = [sweeper(store.reservations, 2), sweeper(store.reservations, 2)];
      const reports = await Promise.all([a.sweep(), b.sweep()]);
      expect(reports.map((r) => r.expired).sort()).toEqual([0, 4]);
      expect(reports.filter((r) => r.skipped === 'lease-held-elsewhere')).toHaveLength(1);
      // Given up at the end of the sweep: the other instance can take the next one at once.
      await holdMany(0);
      expect((await b.sweep()).skipped).toBeUndefined();
    });

    it('a lease left by an instance that died lapses, and then another sweeps', async () => {
      await holdMany(3);
      const until = new Date(clock.now().getTime() + SWEEP_LEASE_MS);
      expect(
        await store.store.sweepLease.acquire(SWEEP_LEASE, 'dead-instance', clock.now(), until),
      ).toBe(true);
      const sut = sweeper(store.reservations, 10);
      expect(await sut.sweep()).toMatchObject({ expired: 0, skipped: 'lease-held-elsewhere' });
      clock.advance(SWEEP_LEASE_MS);
      expect(await sut.sweep()).toMatchObject({ expired: 3 });
    });
  });
}
