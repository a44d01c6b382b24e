import request from 'supertest';
import { PAGE_EXAMPLE } from '../src/inventory/dto/inventory.examples';
import { InventoryPageDto } from '../src/inventory/dto/inventory-item.dto';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';
import { itemBody } from './support/factories';

describe('Inventory catalogue (HTTP)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const admin = { 'x-api-key': ADMIN_KEY };

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('creates an item with all of its stock available, and reads it back case-insensitively', async () => {
    const body = itemBody({ sku: 'Mug-Blue', totalQuantity: 7 });
    const created = await http().post('/inventory').set(admin).send(body).expect(201);
    expect(created.body).toEqual({
      success: true,
      data: expect.objectContaining({
        sku: 'MUG-BLUE',
        totalQuantity: 7,
        availableQuantity: 7,
        reservedQuantity: 0,
        soldQuantity: 0,
        createdAt: '2026-11-24T09:00:00.000Z',
      }),
    });
    const read = await http().get('/inventory/mug-blue').expect(200);
    expect(read.body.data).toEqual(created.body.data);
  });

  it('takes null for the optional description and imageUrl, as documented', async () => {
    const body = { ...itemBody({ sku: 'PLAIN-1' }), description: null, imageUrl: null };
    const created = await http().post('/inventory').set(admin).send(body).expect(201);
    expect(created.body.data).toMatchObject({ description: null, imageUrl: null });
  });

  it('answers 404 SKU_NOT_FOUND for an unknown SKU', async () => {
    const res = await http().get('/inventory/NOPE-1').expect(404);
    expect(res.body).toEqual({
      success: false,
      code: 'SKU_NOT_FOUND',
      message: expect.any(String),
      details: { sku: 'NOPE-1' },
    });
  });

  it('refuses a second item with the same SKU (409) and keeps the first unchanged', async () => {
    await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'DUP-1', totalQuantity: 3 }))
      .expect(201);
    const res = await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'dup-1', totalQuantity: 9 }))
      .expect(409);
    expect(res.body.code).toBe('SKU_ALREADY_EXISTS');
    const read = await http().get('/inventory/DUP-1').expect(200);
    expect(read.body.data.totalQuantity).toBe(3);
  });

  it("publishes a page example that is the sample catalogue's real first page", async () => {
    await t.close();
    t = await createTestApp({ SEED_SAMPLE_DATA: 'true' });
    const page = await http().get('/inventory?limit=2').expect(200);
    const fields = ({ items, nextCursor }: InventoryPageDto) => ({
      skus: items.map((item) => item.sku),
      totals: items.map((item) => item.totalQuantity),
      nextCursor,
    });
    expect(fields(page.body.data as InventoryPageDto)).toEqual(fields(PAGE_EXAMPLE));
  });

  it('pages through the catalogue in SKU order with an opaque cursor', async () => {
    for (const sku of ['C-1', 'A-1', 'E-1', 'B-1', 'D-1']) {
      await http().post('/inventory').set(admin).send(itemBody({ sku })).expect(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await http()
        .get('/inventory')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.data.items.map((item: { sku: string }) => item.sku));
      cursor = res.body.data.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['A-1', 'B-1', 'C-1', 'D-1', 'E-1']);
  });

  describe('stock adjustments', () => {
    beforeEach(async () => {
      await http()
        .post('/inventory')
        .set(admin)
        .send(itemBody({ sku: 'ADJ-1', totalQuantity: 5 }))
        .expect(201);
    });

    it('adds stock', async () => {
      const res = await http()
        .post('/inventory/ADJ-1/adjustments')
        .set(admin)
        .send({ delta: 4, reason: 'delivery' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        totalQuantity: 9,
        availableQuantity: 9,
        reservedQuantity: 0,
      });
    });

    it('removes stock down to zero', async () => {
      const res = await http()
        .post('/inventory/ADJ-1/adjustments')
        .set(admin)
        .send({ delta: -5, reason: 'damaged' })
        .expect(200);
      expect(res.body.data).toMatchObject({ totalQuantity: 0, availableQuantity: 0 });
    });

    it('refuses a removal larger than available with 409 and changes nothing', async () => {
      const res = await http()
        .post('/inventory/ADJ-1/adjustments')
        .set(admin)
        .send({ delta: -6, reason: 'audit' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        details: { sku: 'ADJ-1', availableQuantity: 5, requestedQuantity: 6 },
      });
      const read = await http().get('/inventory/ADJ-1').expect(200);
      expect(read.body.data).toMatchObject({ totalQuantity: 5, availableQuantity: 5 });
    });

    it('cannot remove units that are held by a reservation', async () => {
      await http()
        .post('/inventory/reserve')
        .send({ sku: 'ADJ-1', quantity: 3, userId: 'u1' })
        .expect(201);
      await http()
        .post('/inventory/ADJ-1/adjustments')
        .set(admin)
        .send({ delta: -3, reason: 'audit' })
        .expect(409);
      const res = await http()
        .post('/inventory/ADJ-1/adjustments')
        .set(admin)
        .send({ delta: -2, reason: 'audit' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        totalQuantity: 3,
        availableQuantity: 0,
        reservedQuantity: 3,
      });
    });

    it('answers 404 for an unknown SKU', async () => {
      const res = await http()
        .post('/inventory/NOPE/adjustments')
        .set(admin)
        .send({ delta: 1, reason: 'x' })
        .expect(404);
      expect(res.body.code).toBe('SKU_NOT_FOUND');
    });
  });

  describe('admin key', () => {
    it('answers 401 without x-api-key and creates nothing', async () => {
      const res = await http()
        .post('/inventory')
        .send(itemBody({ sku: 'NOKEY-1' }))
        .expect(401);
      expect(res.body.code).toBe('ADMIN_API_KEY_MISSING');
      await http().get('/inventory/NOKEY-1').expect(404);
    });

    it('answers 403 with a wrong x-api-key and adjusts nothing', async () => {
      await http()
        .post('/inventory')
        .set(admin)
        .send(itemBody({ sku: 'KEY-1', totalQuantity: 2 }))
        .expect(201);
      const res = await http()
        .post('/inventory/KEY-1/adjustments')
        .set({ 'x-api-key': 'wrong' })
        .send({ delta: 5, reason: 'x' })
        .expect(403);
      expect(res.body.code).toBe('ADMIN_API_KEY_INVALID');
      expect((await http().get('/inventory/KEY-1')).body.data.totalQuantity).toBe(2);
    });

    it('leaves reads public', async () => {
      await http().get('/inventory').expect(200);
    });
  });
});
