import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { InventorySeeder } from './inventory-seeder';
import { SAMPLE_INVENTORY } from './sample-data';

describe('InventorySeeder', () => {
  let store: InMemoryStore;
  const seeder = (seedSampleData: boolean) =>
    new InventorySeeder(store.inventory, new ManualClock(), {
      ...loadConfig({}),
      seedSampleData,
    });

  beforeEach(() => {
    store = new InMemoryStore();
  });

  it('adds the sample catalogue once; a second run adds nothing and leaves stock as it is', async () => {
    expect(await seeder(true).seed()).toBe(SAMPLE_INVENTORY.length);
    await store.inventory.adjustStock('IPHONE-15-PRO-256', -40, new Date());
    expect(await seeder(true).seed()).toBe(0);
    expect(await store.inventory.findBySku('IPHONE-15-PRO-256')).toMatchObject({
      totalQuantity: 60,
    });
  });

  it('does nothing at bootstrap when SEED_SAMPLE_DATA is off', async () => {
    await seeder(false).onApplicationBootstrap();
    expect(await store.inventory.list({ limit: 10 })).toEqual([]);
  });
});
