import { Logger } from '@nestjs/common';
import { ManualClock } from '../core/clock';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { InventoryService } from './inventory.service';
import { stockedItem } from './sample-data';

/** The rules that live in InventoryService, on the embedded store. */

function newTestService() {
  const store = new InMemoryStore();
  const clock = new ManualClock();
  return { sut: new InventoryService(store.inventory, clock), store, clock };
}

const item = (sku: string, totalQuantity = 5) => stockedItem(sku, totalQuantity);

describe('InventoryService', () => {
  let t: ReturnType<typeof newTestService>;
  beforeEach(() => {
    t = newTestService();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('creates a SKU once; a second create answers SKU_ALREADY_EXISTS and keeps the first', async () => {
    await t.sut.create(item('A', 5));
    await expect(t.sut.create(item('A', 9))).rejects.toMatchObject({
      code: 'SKU_ALREADY_EXISTS',
      details: { sku: 'A' },
    });
    expect((await t.sut.get('A')).totalQuantity).toBe(5);
  });

  it('pages through the catalogue with opaque cursors until nextCursor is null', async () => {
    for (const sku of ['D', 'B', 'A', 'C', 'E']) await t.sut.create(item(sku));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await t.sut.list(2, cursor);
      seen.push(...page.items.map((i) => i.sku));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('says an exactly full last page has no next page', async () => {
    for (const sku of ['A', 'B']) await t.sut.create(item(sku));
    expect((await t.sut.list(2)).nextCursor).toBeNull();
  });

  it('refuses a cursor it cannot have issued', async () => {
    await expect(t.sut.list(2, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('adjusts stock, and refuses a removal beyond available with the units the refusal saw', async () => {
    await t.sut.create(item('A', 5));
    await t.store.reservations.reserve({
      reservationId: '00000000-0000-4000-8000-000000000001',
      userId: 'u1',
      lines: [{ sku: 'A', quantity: 2 }],
      createdAt: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + 60_000),
    });
    expect(await t.sut.adjustStock('A', 4, 'delivery')).toMatchObject({
      totalQuantity: 9,
      availableQuantity: 7,
    });
    await expect(t.sut.adjustStock('A', -8, 'count')).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { sku: 'A', availableQuantity: 7, requestedQuantity: 8 },
    });
    await expect(t.sut.adjustStock('NOPE', 1, 'x')).rejects.toMatchObject({
      code: 'SKU_NOT_FOUND',
    });
    expect(await t.sut.get('A')).toMatchObject({ totalQuantity: 9, availableQuantity: 7 });
  });

  it('updates catalogue fields given (absent ones stay), refuses an empty change and an unknown SKU', async () => {
    await t.sut.create(item('A', 5));
    t.clock.advance(1_000);
    const updated = await t.sut.update('A', {
      name: 'Renamed',
      price: undefined,
      maxPerCustomer: 2,
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      price: 100,
      maxPerCustomer: 2,
      totalQuantity: 5,
      updatedAt: t.clock.now(),
    });
    await expect(t.sut.update('A', { price: undefined })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(t.sut.update('NOPE', { name: 'x' })).rejects.toMatchObject({
      code: 'SKU_NOT_FOUND',
    });
  });
});

describe('InventoryService.adjustStock under a retried Idempotency-Key', () => {
  let t: ReturnType<typeof newTestService>;
  beforeEach(async () => {
    t = newTestService();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await t.sut.create(item('S', 10));
  });
  afterEach(() => jest.restoreAllMocks());

  it('the same key and request run again (claim lapsed after an unknown outcome) apply once', async () => {
    await t.sut.adjustStock('S', 5, 'restock', 'key-1');
    expect(await t.sut.adjustStock('S', 5, 'restock', 'key-1')).toMatchObject({
      totalQuantity: 15,
    });
  });

  it('another key, or no key, is another adjustment', async () => {
    await t.sut.adjustStock('S', 5, 'restock', 'key-1');
    await t.sut.adjustStock('S', 5, 'restock', 'key-2');
    await t.sut.adjustStock('S', 1, 'count');
    expect(await t.sut.adjustStock('S', 1, 'count')).toMatchObject({ totalQuantity: 22 });
  });
});
