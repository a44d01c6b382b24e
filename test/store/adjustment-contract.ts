import { stockedItem } from '../support/factories';
import type { StoreHarness } from './store-harness';

/*
 * Stock adjustments are idempotent in themselves: an adjustment id is recorded in the same atomic
 * step as the stock change, so the same adjustment never applies twice, even when a retry runs it
 * again after an outcome nobody saw (the first commit may have landed).
 */
export function describeAdjustmentContract(
  label: string,
  harnessFactory: () => Promise<StoreHarness>,
): void {
  describe(`stock adjustments with an id: ${label}`, () => {
    let store: StoreHarness;
    const t0 = new Date('2026-11-24T09:00:00.000Z');

    beforeAll(async () => {
      store = await harnessFactory();
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await store.reset();
      await store.inventory.create(stockedItem('S', 10), t0);
    });

    const total = async () => (await store.inventory.findBySku('S'))?.totalQuantity;

    it('applies an adjustment once; the same id again changes nothing and says so', async () => {
      const first = await store.inventory.adjustStock('S', 5, t0, 'adj-1');
      expect(first).toMatchObject({ outcome: 'adjusted', item: { totalQuantity: 15 } });
      const again = await store.inventory.adjustStock('S', 5, t0, 'adj-1');
      expect(again).toMatchObject({
        outcome: 'already-applied',
        item: { totalQuantity: 15, availableQuantity: 15 },
      });
      expect(await total()).toBe(15);
    });

    it('different ids, or no id at all, each apply', async () => {
      await store.inventory.adjustStock('S', 5, t0, 'adj-1');
      await store.inventory.adjustStock('S', 5, t0, 'adj-2');
      await store.inventory.adjustStock('S', 1, t0);
      await store.inventory.adjustStock('S', 1, t0);
      expect(await total()).toBe(22);
    });

    it('the same adjustment sent five times at once applies exactly once', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.inventory.adjustStock('S', -3, t0, 'adj-x')),
      );
      expect(results.filter((r) => r.outcome === 'adjusted')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'already-applied')).toHaveLength(4);
      expect(await store.inventory.findBySku('S')).toMatchObject({
        totalQuantity: 7,
        availableQuantity: 7,
      });
    });

    it('a refused adjustment records nothing: the same id applies once stock allows it', async () => {
      expect(await store.inventory.adjustStock('S', -11, t0, 'adj-r')).toEqual({
        outcome: 'insufficient-stock',
        availableQuantity: 10,
      });
      await store.inventory.adjustStock('S', 5, t0);
      expect(await store.inventory.adjustStock('S', -11, t0, 'adj-r')).toMatchObject({
        outcome: 'adjusted',
        item: { totalQuantity: 4 },
      });
    });

    it('an unknown SKU is still unknown with an id', async () => {
      expect(await store.inventory.adjustStock('NOPE', 1, t0, 'adj-n')).toEqual({
        outcome: 'unknown-sku',
      });
    });
  });
}
