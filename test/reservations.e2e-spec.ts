import request from 'supertest';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** Every row of the README's API table for the hold lifecycle, through HTTP on the embedded store. */
describe('Reservation lifecycle (HTTP)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const SKU = 'PHONE-1';

  const reserve = (body: object) => http().post('/inventory/reserve').send(body);
  const confirm = (reservationId: string, userId = 'u1') =>
    http().post('/checkout/confirm').send({ reservationId, userId });
  const cancel = (reservationId: string, userId = 'u1') =>
    http().post('/checkout/cancel').send({ reservationId, userId });
  const stock = async () => (await http().get(`/inventory/${SKU}`).expect(200)).body.data;
  const hold = async (userId = 'u1', quantity = 2): Promise<string> =>
    (await reserve({ sku: SKU, quantity, userId }).expect(201)).body.data.reservationId;

  beforeEach(async () => {
    t = await createTestApp({ RESERVATION_TTL_SECONDS: '300' });
    await http()
      .post('/inventory')
      .set('x-api-key', ADMIN_KEY)
      .send(itemBody({ sku: SKU, totalQuantity: 10 }))
      .expect(201);
  });
  afterEach(() => t.close());

  describe('POST /inventory/reserve', () => {
    it('201: a new hold, with expiresAt and a countdown', async () => {
      const res = await reserve({ sku: 'phone-1', quantity: 2, userId: 'u1' }).expect(201);
      expect(res.body).toEqual({
        success: true,
        data: {
          reservationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          sku: SKU,
          userId: 'u1',
          quantity: 2,
          lines: [{ sku: SKU, quantity: 2 }],
          status: 'active',
          expiresAt: '2026-11-24T09:05:00.000Z',
          secondsRemaining: 300,
          createdAt: '2026-11-24T09:00:00.000Z',
          confirmedAt: null,
          cancelledAt: null,
          expiredAt: null,
          isExisting: false,
        },
      });
      expect(await stock()).toMatchObject({
        totalQuantity: 10,
        availableQuantity: 8,
        reservedQuantity: 2,
      });
    });

    it('200 isExisting: the same user, SKU and quantity while active returns the same hold', async () => {
      const id = await hold('u1', 2);
      t.clock.advance(60_000);
      const res = await reserve({ sku: SKU, quantity: 2, userId: 'u1' }).expect(200);
      expect(res.body.data).toMatchObject({
        reservationId: id,
        isExisting: true,
        secondsRemaining: 240,
      });
      expect((await stock()).reservedQuantity).toBe(2);
    });

    it('409 ACTIVE_RESERVATION_EXISTS: the same user and SKU with another quantity, the hold in details', async () => {
      const id = await hold('u1', 2);
      const res = await reserve({ sku: SKU, quantity: 3, userId: 'u1' }).expect(409);
      expect(res.body).toMatchObject({
        success: false,
        code: 'ACTIVE_RESERVATION_EXISTS',
        details: { reservation: { reservationId: id, quantity: 2 }, requestedQuantity: 3 },
      });
      expect((await stock()).reservedQuantity).toBe(2);
    });

    it('a lapsed hold does not block the same user: it is expired and a new one made', async () => {
      const first = await hold('u1', 2);
      t.clock.advance(300_000);
      const res = await reserve({ sku: SKU, quantity: 2, userId: 'u1' }).expect(201);
      expect(res.body.data.reservationId).not.toBe(first);
      expect(await stock()).toMatchObject({ availableQuantity: 8, reservedQuantity: 2 });
      expect((await http().get(`/reservations/${first}`)).body.data.status).toBe('expired');
    });

    it('409 INSUFFICIENT_STOCK with available and requested in details', async () => {
      await hold('u1', 8);
      const res = await reserve({ sku: SKU, quantity: 3, userId: 'u2' }).expect(409);
      expect(res.body).toEqual({
        success: false,
        code: 'INSUFFICIENT_STOCK',
        message: expect.any(String),
        details: { sku: SKU, availableQuantity: 2, requestedQuantity: 3 },
      });
    });

    it('404 SKU_NOT_FOUND', async () => {
      const res = await reserve({ sku: 'NOPE', quantity: 1, userId: 'u1' }).expect(404);
      expect(res.body.code).toBe('SKU_NOT_FOUND');
    });

    it('400 above MAX_RESERVATION_QUANTITY, and nothing is held', async () => {
      await http()
        .post(`/inventory/${SKU}/adjustments`)
        .set('x-api-key', ADMIN_KEY)
        .send({ delta: 20_000, reason: 'x' });
      const res = await reserve({ sku: SKU, quantity: 10_001, userId: 'u1' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((await stock()).reservedQuantity).toBe(0);
    });
  });

  describe('GET /reservations/:id', () => {
    it('shows status, expiresAt and seconds left', async () => {
      const id = await hold();
      t.clock.advance(100_500);
      const res = await http().get(`/reservations/${id}`).expect(200);
      expect(res.body.data).toMatchObject({
        reservationId: id,
        status: 'active',
        expiresAt: '2026-11-24T09:05:00.000Z',
        secondsRemaining: 200,
      });
    });

    it('a hold read at its expiry instant is expired, and its units are back', async () => {
      const id = await hold();
      t.clock.advance(300_000);
      const res = await http().get(`/reservations/${id}`).expect(200);
      expect(res.body.data).toMatchObject({
        status: 'expired',
        secondsRemaining: 0,
        expiredAt: '2026-11-24T09:05:00.000Z',
      });
      expect(await stock()).toMatchObject({ availableQuantity: 10, reservedQuantity: 0 });
    });

    it('404 RESERVATION_NOT_FOUND; 400 for an id that is not a UUID', async () => {
      expect(
        (await http().get('/reservations/6f1d1c1e-0000-4000-8000-000000000000').expect(404)).body
          .code,
      ).toBe('RESERVATION_NOT_FOUND');
      expect((await http().get('/reservations/not-a-uuid').expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('POST /checkout/confirm', () => {
    it('200, and again 200 with the same body: the units are sold once', async () => {
      const id = await hold('u1', 2);
      const first = await confirm(id).expect(200);
      expect(first.body.data).toMatchObject({
        reservationId: id,
        status: 'confirmed',
        confirmedAt: '2026-11-24T09:00:00.000Z',
      });
      t.clock.advance(5_000);
      const again = await confirm(id).expect(200);
      expect(again.text).toBe(first.text);
      expect(await stock()).toMatchObject({
        totalQuantity: 8,
        availableQuantity: 8,
        reservedQuantity: 0,
        soldQuantity: 2,
      });
    });

    it('403 RESERVATION_FORBIDDEN for another user, and nothing changes', async () => {
      const id = await hold('u1');
      expect((await confirm(id, 'u2').expect(403)).body.code).toBe('RESERVATION_FORBIDDEN');
      expect((await http().get(`/reservations/${id}`)).body.data.status).toBe('active');
    });

    it('404 RESERVATION_NOT_FOUND', async () => {
      expect((await confirm('6f1d1c1e-0000-4000-8000-000000000000').expect(404)).body.code).toBe(
        'RESERVATION_NOT_FOUND',
      );
    });

    it('409 RESERVATION_ALREADY_CANCELLED after a cancel', async () => {
      const id = await hold();
      await cancel(id).expect(200);
      expect((await confirm(id).expect(409)).body.code).toBe('RESERVATION_ALREADY_CANCELLED');
    });

    it('410 RESERVATION_EXPIRED at the expiry instant, before any sweep, and the units go back once', async () => {
      const id = await hold('u1', 2);
      t.clock.advance(299_999);
      t.clock.advance(1);
      const res = await confirm(id).expect(410);
      expect(res.body).toMatchObject({
        code: 'RESERVATION_EXPIRED',
        details: { reservationId: id, expiresAt: '2026-11-24T09:05:00.000Z' },
      });
      await confirm(id).expect(410);
      expect(await stock()).toMatchObject({
        totalQuantity: 10,
        availableQuantity: 10,
        reservedQuantity: 0,
        soldQuantity: 0,
      });
    });

    it('one millisecond before expiry it still confirms', async () => {
      const id = await hold();
      t.clock.advance(299_999);
      await confirm(id).expect(200);
    });
  });

  describe('POST /checkout/cancel', () => {
    it('200 and the units are back; again 200 with the same body', async () => {
      const id = await hold('u1', 2);
      const first = await cancel(id).expect(200);
      expect(first.body.data).toMatchObject({
        status: 'cancelled',
        cancelledAt: '2026-11-24T09:00:00.000Z',
      });
      const again = await cancel(id).expect(200);
      expect(again.text).toBe(first.text);
      expect(await stock()).toMatchObject({ availableQuantity: 10, reservedQuantity: 0 });
    });

    it('409 RESERVATION_ALREADY_CONFIRMED after a confirm, and the sale stands', async () => {
      const id = await hold('u1', 2);
      await confirm(id).expect(200);
      expect((await cancel(id).expect(409)).body.code).toBe('RESERVATION_ALREADY_CONFIRMED');
      expect(await stock()).toMatchObject({ totalQuantity: 8, soldQuantity: 2 });
    });

    it('410 once expired (swept or not)', async () => {
      const id = await hold();
      t.clock.advance(300_000);
      expect((await cancel(id).expect(410)).body.code).toBe('RESERVATION_EXPIRED');
      const swept = await hold('u2');
      t.clock.advance(300_000);
      await t.app.get(ExpirySweeper).sweep();
      await cancel(swept, 'u2').expect(410);
    });

    it('403 for another user', async () => {
      const id = await hold('u1');
      await cancel(id, 'u2').expect(403);
      expect(await stock()).toMatchObject({ reservedQuantity: 2 });
    });
  });
});
