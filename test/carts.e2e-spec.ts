import request from 'supertest';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** POST /reservations: a whole cart held in one reservation, and its lifecycle, over HTTP. */
describe('Cart holds (HTTP)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const createCart = (body: object) => http().post('/reservations').send(body);
  const stock = async (sku: string) =>
    (await http().get(`/inventory/${sku}`).expect(200)).body.data;
  const counters = async (sku: string) => {
    const { totalQuantity, availableQuantity, reservedQuantity, soldQuantity } = await stock(sku);
    return [totalQuantity, availableQuantity, reservedQuantity, soldQuantity];
  };
  const cartOf = (userId = 'u1') => ({
    userId,
    lines: [
      { sku: 'phone', quantity: 1 },
      { sku: 'CASE', quantity: 2 },
    ],
  });

  beforeEach(async () => {
    t = await createTestApp();
    for (const [sku, totalQuantity] of [
      ['PHONE', 5],
      ['CASE', 3],
      ['CABLE', 10],
    ] as const) {
      await http()
        .post('/inventory')
        .set('x-api-key', ADMIN_KEY)
        .send(itemBody({ sku, totalQuantity }))
        .expect(201);
    }
  });
  afterEach(() => t.close());

  it('201: one reservation holding every line, in SKU order, without the one-line sku/quantity', async () => {
    const res = await createCart(cartOf()).expect(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        reservationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        userId: 'u1',
        lines: [
          { sku: 'CASE', quantity: 2 },
          { sku: 'PHONE', quantity: 1 },
        ],
        status: 'active',
        expiresAt: '2026-11-24T09:05:00.000Z',
        secondsRemaining: 300,
        createdAt: '2026-11-24T09:00:00.000Z',
        confirmedAt: null,
        cancelledAt: null,
        expiredAt: null,
      },
    });
    expect(await counters('PHONE')).toEqual([5, 4, 1, 0]);
    expect(await counters('CASE')).toEqual([3, 1, 2, 0]);
    const read = await http().get(`/reservations/${res.body.data.reservationId}`).expect(200);
    expect(read.body.data).toEqual(res.body.data);
  });

  it('a one-line cart reads like a POST /inventory/reserve hold (sku and quantity shown)', async () => {
    const res = await createCart({ userId: 'u1', lines: [{ sku: 'CABLE', quantity: 4 }] }).expect(
      201,
    );
    expect(res.body.data).toMatchObject({
      sku: 'CABLE',
      quantity: 4,
      lines: [{ sku: 'CABLE', quantity: 4 }],
    });
  });

  it('409 INSUFFICIENT_STOCK lists every short line; nothing is held', async () => {
    const res = await createCart({
      userId: 'u1',
      lines: [
        { sku: 'PHONE', quantity: 6 },
        { sku: 'CABLE', quantity: 1 },
        { sku: 'CASE', quantity: 4 },
      ],
    }).expect(409);
    expect(res.body).toEqual({
      success: false,
      code: 'INSUFFICIENT_STOCK',
      message: expect.any(String),
      details: {
        sku: 'CASE',
        requestedQuantity: 4,
        availableQuantity: 3,
        lines: [
          { sku: 'CASE', requestedQuantity: 4, availableQuantity: 3 },
          { sku: 'PHONE', requestedQuantity: 6, availableQuantity: 5 },
        ],
      },
    });
    expect(await counters('CABLE')).toEqual([10, 10, 0, 0]);
  });

  it('404 SKU_NOT_FOUND names every unknown SKU; nothing is held', async () => {
    const res = await createCart({
      userId: 'u1',
      lines: [
        { sku: 'PHONE', quantity: 1 },
        { sku: 'NOPE-1', quantity: 1 },
        { sku: 'nope-2', quantity: 1 },
      ],
    }).expect(404);
    expect(res.body).toMatchObject({
      code: 'SKU_NOT_FOUND',
      details: { sku: 'NOPE-1', skus: ['NOPE-1', 'NOPE-2'] },
    });
    expect(await counters('PHONE')).toEqual([5, 5, 0, 0]);
  });

  it('409 ACTIVE_RESERVATION_EXISTS when the user already holds one of the SKUs', async () => {
    const single = await http()
      .post('/inventory/reserve')
      .send({ sku: 'CASE', quantity: 1, userId: 'u1' })
      .expect(201);
    const res = await createCart(cartOf()).expect(409);
    expect(res.body).toMatchObject({
      code: 'ACTIVE_RESERVATION_EXISTS',
      details: {
        reservation: { reservationId: single.body.data.reservationId, sku: 'CASE', quantity: 1 },
        requestedQuantity: 2,
      },
    });
    expect(await counters('PHONE')).toEqual([5, 5, 0, 0]);
    // And a single reserve of a SKU held within a cart is refused the same way.
    await createCart({
      userId: 'u2',
      lines: [
        { sku: 'PHONE', quantity: 1 },
        { sku: 'CABLE', quantity: 1 },
      ],
    }).expect(201);
    const again = await http()
      .post('/inventory/reserve')
      .send({ sku: 'CABLE', quantity: 1, userId: 'u2' })
      .expect(409);
    expect(again.body.code).toBe('ACTIVE_RESERVATION_EXISTS');
  });

  it('confirm sells every line; a repeat answers the same', async () => {
    const id = (await createCart(cartOf()).expect(201)).body.data.reservationId;
    const first = await http()
      .post('/checkout/confirm')
      .send({ reservationId: id, userId: 'u1' })
      .expect(200);
    expect(first.body.data).toMatchObject({ status: 'confirmed', lines: expect.any(Array) });
    expect(await counters('PHONE')).toEqual([4, 4, 0, 1]);
    expect(await counters('CASE')).toEqual([1, 1, 0, 2]);
    const again = await http()
      .post('/checkout/confirm')
      .send({ reservationId: id, userId: 'u1' })
      .expect(200);
    expect(again.text).toBe(first.text);
  });

  it('cancel gives every line back', async () => {
    const id = (await createCart(cartOf()).expect(201)).body.data.reservationId;
    await http().post('/checkout/cancel').send({ reservationId: id, userId: 'u1' }).expect(200);
    expect(await counters('PHONE')).toEqual([5, 5, 0, 0]);
    expect(await counters('CASE')).toEqual([3, 3, 0, 0]);
  });

  it('expiry, on read and by the sweeper, gives every line back once', async () => {
    const read = (await createCart(cartOf('u1')).expect(201)).body.data.reservationId;
    const swept = (
      await createCart({
        userId: 'u2',
        lines: [
          { sku: 'CABLE', quantity: 3 },
          { sku: 'PHONE', quantity: 2 },
        ],
      }).expect(201)
    ).body.data.reservationId;
    t.clock.advance(300_000);
    expect((await http().get(`/reservations/${read}`).expect(200)).body.data.status).toBe(
      'expired',
    );
    expect((await t.app.get(ExpirySweeper).sweep()).expired).toBe(1);
    expect((await t.app.get(ExpirySweeper).sweep()).expired).toBe(0);
    await http().post('/checkout/confirm').send({ reservationId: swept, userId: 'u2' }).expect(410);
    expect(await counters('PHONE')).toEqual([5, 5, 0, 0]);
    expect(await counters('CASE')).toEqual([3, 3, 0, 0]);
    expect(await counters('CABLE')).toEqual([10, 10, 0, 0]);
  });

  it.each([
    ['no lines', { userId: 'u1', lines: [] }],
    ['lines not an array', { userId: 'u1', lines: { sku: 'PHONE', quantity: 1 } }],
    [
      'the same SKU twice (after upper-casing)',
      {
        userId: 'u1',
        lines: [
          { sku: 'phone', quantity: 1 },
          { sku: 'PHONE', quantity: 1 },
        ],
      },
    ],
    [
      '51 lines',
      {
        userId: 'u1',
        lines: Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })),
      },
    ],
    ['a zero quantity', { userId: 'u1', lines: [{ sku: 'PHONE', quantity: 0 }] }],
    ['a fractional quantity', { userId: 'u1', lines: [{ sku: 'PHONE', quantity: 1.5 }] }],
    [
      'a quantity above MAX_RESERVATION_QUANTITY',
      { userId: 'u1', lines: [{ sku: 'PHONE', quantity: 10_001 }] },
    ],
    [
      'an unknown field in a line',
      { userId: 'u1', lines: [{ sku: 'PHONE', quantity: 1, price: 0 }] },
    ],
    ['an operator object as SKU', { userId: 'u1', lines: [{ sku: { $gt: '' }, quantity: 1 }] }],
    ['a line that is not an object', { userId: 'u1', lines: [7] }],
    [
      'a line that is an array of lines',
      { userId: 'u1', lines: [[{ sku: 'PHONE', quantity: 1 }]] },
    ],
    ['a line that is an empty array', { userId: 'u1', lines: [[]] }],
    ['no userId', { lines: [{ sku: 'PHONE', quantity: 1 }] }],
  ])('400 VALIDATION_FAILED for %s, and nothing is held', async (_, body) => {
    const res = await createCart(body).expect(400);
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    expect(await counters('PHONE')).toEqual([5, 5, 0, 0]);
  });

  it('Idempotency-Key: a retried cart replays the first answer and holds once', async () => {
    const first = await createCart(cartOf()).set('Idempotency-Key', 'cart-1').expect(201);
    const retry = await createCart(cartOf()).set('Idempotency-Key', 'cart-1').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await counters('CASE')).toEqual([3, 1, 2, 0]);
    await createCart(cartOf('u2')).set('Idempotency-Key', 'cart-1').expect(422);
  });
});
