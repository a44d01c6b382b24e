import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { stockedItem } from '../inventory/sample-data';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { ExpirySweeper } from './expiry-sweeper';
import { ReservationsService } from './reservations.service';

describe('ExpirySweeper', () => {
  const config = loadConfig({});
  let store: InMemoryStore;
  let clock: ManualClock;
  let reservations: ReservationsService;
  const sweeper = (batchSize: number) =>
    new ExpirySweeper(store.reservations, clock, new SchedulerRegistry(), {
      ...config,
      expirySweep: { cron: '* * * * * *', batchSize },
    });

  beforeEach(async () => {
    store = new InMemoryStore();
    clock = new ManualClock();
    reservations = new ReservationsService(store.reservations, clock, config);
    await store.inventory.create(stockedItem('S', 100), clock.now());
  });

  const holdMany = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await reservations.reserve({ sku: 'S', userId: `u${i}`, quantity: 1 });
      clock.advance(1000);
    }
  };
  const stock = async () => store.inventory.findBySku('S');

  it('expires nothing before the expiry instant, everything due at it', async () => {
    await holdMany(3); // expire at T+300s, T+301s, T+302s; clock now at T+3s
    clock.set('2026-11-24T09:04:59.999Z');
    expect(await sweeper(10).sweep()).toEqual({ expired: 0, maxLatenessMs: 0, failed: 0 });
    clock.set('2026-11-24T09:05:01.000Z');
    expect(await sweeper(10).sweep()).toEqual({ expired: 2, maxLatenessMs: 1000, failed: 0 });
    expect(await stock()).toMatchObject({ availableQuantity: 99, reservedQuantity: 1 });
  });

  it('drains more than one batch in a run', async () => {
    await holdMany(7);
    clock.advance(3600_000);
    expect((await sweeper(2).sweep()).expired).toBe(7);
    expect(await stock()).toMatchObject({ availableQuantity: 100, reservedQuantity: 0 });
  });

  it('a second sweep changes nothing', async () => {
    await holdMany(5);
    clock.advance(3600_000);
    expect((await sweeper(10).sweep()).expired).toBe(5);
    const after = await stock();
    expect(await sweeper(10).sweep()).toEqual({ expired: 0, maxLatenessMs: 0, failed: 0 });
    expect(await stock()).toEqual(after);
  });

  it('two sweeps at once expire each hold once and credit each unit once', async () => {
    await holdMany(20);
    clock.advance(3600_000);
    const [a, b] = await Promise.all([sweeper(3).sweep(), sweeper(3).sweep()]);
    expect(a.expired + b.expired).toBe(20);
    expect(await stock()).toMatchObject({
      totalQuantity: 100,
      availableQuantity: 100,
      reservedQuantity: 0,
    });
  });

  it('leaves confirmed and cancelled holds alone', async () => {
    const { reservation: kept } = await reservations.reserve({
      sku: 'S',
      userId: 'buyer',
      quantity: 4,
    });
    const { reservation: dropped } = await reservations.reserve({
      sku: 'S',
      userId: 'quitter',
      quantity: 3,
    });
    await reservations.confirm(kept.reservationId, 'buyer');
    await reservations.cancel(dropped.reservationId, 'quitter');
    clock.advance(3600_000);
    expect((await sweeper(10).sweep()).expired).toBe(0);
    expect(await stock()).toMatchObject({
      totalQuantity: 96,
      availableQuantity: 96,
      reservedQuantity: 0,
      soldQuantity: 4,
    });
  });
});

describe('ExpirySweeper on its schedule', () => {
  const report = { expired: 3, maxLatenessMs: 1500 };

  it('logs how many holds it expired and how late the most overdue was', async () => {
    const sut = new ExpirySweeper(
      {} as never,
      new ManualClock(),
      new SchedulerRegistry(),
      {} as never,
    );
    jest.spyOn(sut, 'sweep').mockResolvedValue(report);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await sut.sweepAndLog();
    expect(log).toHaveBeenCalledWith(
      { event: 'expiry.sweep', expired: 3, maxLatenessMs: 1500, durationMs: expect.any(Number) },
      'Expiry sweep',
    );
    log.mockRestore();
  });

  it('logs a failed sweep instead of letting the tick crash; the next tick tries again', async () => {
    const sut = new ExpirySweeper(
      {} as never,
      new ManualClock(),
      new SchedulerRegistry(),
      {} as never,
    );
    jest.spyOn(sut, 'sweep').mockRejectedValueOnce(new Error('store went away'));
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(sut.sweepAndLog()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith('Expiry sweep failed: store went away');
    error.mockRestore();
  });
});
