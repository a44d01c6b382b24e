import { FakeClock } from '../../test/support/fake-clock';
import { createStoreHarness, StoreHarness } from '../../test/support/store-harness';
import { InventorySeeder } from './inventory-seeder';
import { SAMPLE_INVENTORY } from './sample-data';

describe('InventorySeeder', () => {
  let store: StoreHarness;
  const seeder = (seedSampleData: boolean) =>
    new InventorySeeder(store.inventory, new FakeClock(), { ...store.config, seedSampleData });

  beforeEach(async () => {
    store = await createStoreHarness({ kind: 'in-memory' });
  });
  afterEach(() => store.close());

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
