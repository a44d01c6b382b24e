import request from 'supertest';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** POST /reservations/:id/extend: more time at the payment step, up to MAX_HOLD_SECONDS. */
describe('Extending a hold (HTTP)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const extend = (id: string, userId = 'u1') =>
    http().post(`/reservations/${id}/extend`).send({ userId });
  const hold = async (userId = 'u1') =>
    (
      await http()
        .post('/reservations')
        .send({
          userId,
          lines: [
            { sku: 'SKU-1', quantity: 2 },
            { sku: 'SKU-2', quantity: 1 },
          ],
        })
        .expect(201)
    ).body.data.reservationId as string;
  const reserved = async () =>
    (await http().get('/inventory/SKU-1').expect(200)).body.data.reservedQuantity as number;

  beforeEach(async () => {
    // Holds of 5 minutes, extended at most to 12 minutes after they were made.
    t = await createTestApp({ RESERVATION_TTL_SECONDS: '300', MAX_HOLD_SECONDS: '720' });
    for (const sku of ['SKU-1', 'SKU-2']) {
      await http()
        .post('/inventory')
        .set('x-api-key', ADMIN_KEY)
        .send(itemBody({ sku, totalQuantity: 10 }))
        .expect(201);
    }
  });
  afterEach(() => t.close());

  it('200: expiresAt becomes now + TTL, then the cap; at the cap 409 HOLD_EXTENSION_LIMIT_REACHED', async () => {
    const id = await hold();
    t.clock.advance(240_000); // 09:04
    const first = await extend(id).expect(200);
    expect(first.body.data).toMatchObject({
      reservationId: id,
      status: 'active',
      expiresAt: '2026-11-24T09:09:00.000Z',
      secondsRemaining: 300,
    });
    t.clock.advance(240_000); // 09:08: now + TTL would be 09:13, the cap is 09:12
    expect((await extend(id).expect(200)).body.data).toMatchObject({
      expiresAt: '2026-11-24T09:12:00.000Z',
      secondsRemaining: 240,
    });
    const capped = await extend(id).expect(409);
    expect(capped.body).toMatchObject({
      code: 'HOLD_EXTENSION_LIMIT_REACHED',
      details: {
        reservationId: id,
        expiresAt: '2026-11-24T09:12:00.000Z',
        maxExpiresAt: '2026-11-24T09:12:00.000Z',
      },
    });
    // The extended hold still confirms after its first expiresAt.
    await http().post('/checkout/confirm').send({ reservationId: id, userId: 'u1' }).expect(200);
  });

  it('410 at expiresAt, before any sweep; the units go back at once', async () => {
    const id = await hold();
    t.clock.advance(300_000);
    expect((await extend(id).expect(410)).body.code).toBe('RESERVATION_EXPIRED');
    expect(await reserved()).toBe(0);
    expect((await http().get(`/reservations/${id}`)).body.data.status).toBe('expired');
  });

  it('410 for a hold the sweep already expired, and nothing changes', async () => {
    const id = await hold();
    t.clock.advance(300_000);
    expect((await t.app.get(ExpirySweeper).sweep()).expired).toBe(1);
    expect((await extend(id).expect(410)).body.code).toBe('RESERVATION_EXPIRED');
    expect(await reserved()).toBe(0);
    expect((await http().get(`/reservations/${id}`)).body.data.status).toBe('expired');
  });

  it('409 once confirmed or cancelled, 403 for another user, 404 unknown, 400 for a bad id', async () => {
    const confirmed = await hold('u1');
    await http()
      .post('/checkout/confirm')
      .send({ reservationId: confirmed, userId: 'u1' })
      .expect(200);
    expect((await extend(confirmed).expect(409)).body.code).toBe('RESERVATION_ALREADY_CONFIRMED');
    const cancelled = await hold('u2');
    await http()
      .post('/checkout/cancel')
      .send({ reservationId: cancelled, userId: 'u2' })
      .expect(200);
    expect((await extend(cancelled, 'u2').expect(409)).body.code).toBe(
      'RESERVATION_ALREADY_CANCELLED',
    );
    const other = await hold('u3');
    expect((await extend(other, 'u4').expect(403)).body.code).toBe('RESERVATION_FORBIDDEN');
    expect((await extend('6f1d1c1e-0000-4000-8000-000000000000').expect(404)).body.code).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect((await extend('not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await http().post(`/reservations/${other}/extend`).send({}).expect(400);
  });

  it('an extended hold is not swept at its old expiresAt', async () => {
    const id = await hold();
    t.clock.advance(200_000);
    await extend(id).expect(200);
    t.clock.advance(150_000); // past the first expiresAt, before the new one
    expect((await t.app.get(ExpirySweeper).sweep()).expired).toBe(0);
    expect((await http().get(`/reservations/${id}`)).body.data.status).toBe('active');
    expect(await reserved()).toBe(2);
  });
});
