import request from 'supertest';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** maxPerCustomer on items, and PATCH /inventory/:sku that sets it (with the other catalogue fields). */
describe('Per-customer limits and item updates (HTTP)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const admin = { 'x-api-key': ADMIN_KEY };
  const patch = (sku: string, body: object) =>
    http().patch(`/inventory/${sku}`).set(admin).send(body);
  const reserve = (userId: string, quantity: number, sku = 'LIMITED') =>
    http().post('/inventory/reserve').send({ sku, quantity, userId });
  const confirm = (reservationId: string, userId: string) =>
    http().post('/checkout/confirm').send({ reservationId, userId }).expect(200);

  beforeEach(async () => {
    t = await createTestApp();
    await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'LIMITED', totalQuantity: 50, maxPerCustomer: 2 }))
      .expect(201);
    await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'FREE', totalQuantity: 50 }))
      .expect(201);
  });
  afterEach(() => t.close());

  it('created with maxPerCustomer; shown on the item (null when there is none)', async () => {
    expect((await http().get('/inventory/LIMITED')).body.data.maxPerCustomer).toBe(2);
    expect((await http().get('/inventory/FREE')).body.data.maxPerCustomer).toBeNull();
  });

  it('409 CUSTOMER_LIMIT_EXCEEDED with the limit and what the user holds or bought', async () => {
    const bought = await reserve('u1', 1).expect(201);
    await confirm(bought.body.data.reservationId, 'u1');
    const res = await reserve('u1', 2).expect(409);
    expect(res.body).toMatchObject({
      success: false,
      code: 'CUSTOMER_LIMIT_EXCEEDED',
      details: { sku: 'LIMITED', limit: 2, heldOrBought: 1, requestedQuantity: 2 },
    });
    await reserve('u1', 1).expect(201);
    // A cart is refused whole, naming the line.
    const cart = await http()
      .post('/reservations')
      .send({
        userId: 'u2',
        lines: [
          { sku: 'FREE', quantity: 1 },
          { sku: 'LIMITED', quantity: 3 },
        ],
      })
      .expect(409);
    expect(cart.body.details).toMatchObject({
      lines: [{ sku: 'LIMITED', limit: 2, heldOrBought: 0, requestedQuantity: 3 }],
    });
    expect((await http().get('/inventory/FREE')).body.data.reservedQuantity).toBe(0);
  });

  it('cancelled and expired units no longer count; bought ones do', async () => {
    const cancelled = await reserve('u1', 2).expect(201);
    await http()
      .post('/checkout/cancel')
      .send({ reservationId: cancelled.body.data.reservationId, userId: 'u1' })
      .expect(200);
    await reserve('u1', 2).expect(201);
    t.clock.advance(300_000);
    const again = await reserve('u1', 2).expect(201); // the lapsed hold is expired first
    await confirm(again.body.data.reservationId, 'u1');
    expect((await reserve('u1', 1).expect(409)).body.code).toBe('CUSTOMER_LIMIT_EXCEEDED');
  });

  it('PATCH changes catalogue fields, never stock; null clears; a raised limit applies at once', async () => {
    await reserve('u1', 2).expect(201);
    const res = await patch('limited', {
      name: 'Limited edition',
      price: 4999,
      currency: 'usd',
      description: null,
      maxPerCustomer: 5,
    }).expect(200);
    expect(res.body.data).toMatchObject({
      sku: 'LIMITED',
      name: 'Limited edition',
      price: 4999,
      currency: 'USD',
      description: null,
      maxPerCustomer: 5,
      totalQuantity: 50,
      availableQuantity: 48,
      reservedQuantity: 2,
    });
    await reserve('u2', 5).expect(201);
    await patch('LIMITED', { maxPerCustomer: null }).expect(200);
    await reserve('u3', 20).expect(201);
  });

  it('a lowered limit applies to later reserves; what was held stands', async () => {
    const held = await reserve('u1', 2).expect(201);
    await patch('LIMITED', { maxPerCustomer: 1 }).expect(200);
    await confirm(held.body.data.reservationId, 'u1');
    expect((await reserve('u2', 2).expect(409)).body.details).toMatchObject({ limit: 1 });
    await reserve('u2', 1).expect(201);
  });

  it.each([
    ['an empty body', {}],
    ['a stock counter', { availableQuantity: 100 }],
    ['a null name', { name: null }],
    ['a zero maxPerCustomer', { maxPerCustomer: 0 }],
    ['a fractional price', { price: 1.5 }],
    ['a bad currency', { currency: 'EURO' }],
    ['an operator object', { name: { $gt: '' } }],
  ])('PATCH 400 VALIDATION_FAILED for %s, and nothing changes', async (_, body) => {
    const before = (await http().get('/inventory/LIMITED')).body.data;
    expect((await patch('LIMITED', body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await http().get('/inventory/LIMITED')).body.data).toEqual(before);
  });

  it('PATCH is admin-only (401 without a key, 403 with a wrong one) and 404 for an unknown SKU', async () => {
    expect(
      (await http().patch('/inventory/LIMITED').send({ name: 'x' }).expect(401)).body.code,
    ).toBe('ADMIN_API_KEY_MISSING');
    await http()
      .patch('/inventory/LIMITED')
      .set('x-api-key', 'wrong-key-wrong-key')
      .send({ name: 'x' })
      .expect(403);
    expect((await patch('NOPE', { name: 'x' }).expect(404)).body.code).toBe('SKU_NOT_FOUND');
  });

  it('POST /inventory refuses a maxPerCustomer below 1', async () => {
    await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ maxPerCustomer: 0 }))
      .expect(400);
  });
});
