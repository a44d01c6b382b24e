import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { ExpirySweeper } from './expiry-sweeper';
import { ReservationsService } from './reservations.service';

/** A long sweep must not hold the event loop: requests are served between its batches. */
describe('ExpirySweeper between batches', () => {
  it('lets the event loop run between batches, and not within one', async () => {
    const config = loadConfig({});
    const store = new InMemoryStore();
    const clock = new ManualClock();
    const reservations = new ReservationsService(store.reservations, clock, config);
    await store.inventory.create(
      {
        sku: 'S',
        name: 'S',
        description: null,
        price: 1,
        currency: 'EUR',
        imageUrl: null,
        totalQuantity: 10,
      },
      clock.now(),
    );
    for (let i = 0; i < 7; i += 1)
      await reservations.reserve({ sku: 'S', userId: `u${i}`, quantity: 1 });
    clock.advance(3600_000);
    const expire = jest.spyOn(store.reservations, 'expire');
    const sut = new ExpirySweeper(store.reservations, clock, new SchedulerRegistry(), {
      ...config,
      expirySweep: { cron: '* * * * * *', batchSize: 3 },
    });

    // Each time the event loop gets a turn, note how many expiries had happened by then.
    const turns: number[] = [];
    let sweeping = true;
    const onTurn = () => {
      turns.push(expire.mock.calls.length);
      if (sweeping) setImmediate(onTurn);
    };
    setImmediate(onTurn);
    const report = await sut.sweep();
    sweeping = false;

    expect(report.expired).toBe(7);
    // Batches of 3, 3 and 1: the loop ran after the first and after the second, never mid-batch.
    expect(turns).toEqual([3, 6]);
  });
});
