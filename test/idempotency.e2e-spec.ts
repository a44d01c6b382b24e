import request from 'supertest';
import { NewHold } from '../src/reservations/reservation';
import { ReservationRepository, ReserveResult } from '../src/reservations/reservation.repository';
import { InMemoryReservationRepository } from '../src/store/in-memory/in-memory-reservation.repository';
import { InMemoryStore } from '../src/store/in-memory/in-memory-store';
import { Store } from '../src/store/store';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** Holds every reserve until `open()` is called, so a request can be caught in flight. */
class GatedReservationRepository extends InMemoryReservationRepository {
  private gate = Promise.resolve();
  private openGate = () => undefined as void;
  entered = 0;
  /** The next reserve fails as a store outage would. */
  failNext = false;

  close(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  open(): void {
    this.openGate();
  }
  override async reserve(hold: NewHold): Promise<ReserveResult> {
    this.entered += 1;
    await this.gate;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store went away');
    }
    return super.reserve(hold);
  }
}

describe('Idempotency-Key (HTTP)', () => {
  let t: TestApp;
  let gated: GatedReservationRepository;
  const http = () => request(t.app.getHttpServer());
  const admin = { 'x-api-key': ADMIN_KEY };
  const hold = { sku: 'KEYED', quantity: 2, userId: 'u1' };
  const stock = async () => (await http().get('/inventory/KEYED').expect(200)).body.data;
  const reserveWithKey = (key: string, body: object = hold) =>
    http().post('/inventory/reserve').set('Idempotency-Key', key).send(body);

  beforeEach(async () => {
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(ReservationRepository).useFactory({
        factory: (store: Store) =>
          (gated = new GatedReservationRepository((store as InMemoryStore).state)),
        inject: [Store],
      }),
    );
    await http()
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'KEYED', totalQuantity: 100 }))
      .expect(201);
  });
  afterEach(() => t.close());

  it('replays the first status and byte-identical body, flagged as a replay; stock moves once', async () => {
    const first = await reserveWithKey('key-1').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    t.clock.advance(30_000);
    const again = await reserveWithKey('key-1').expect(201);
    expect(again.text).toBe(first.text);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(await stock()).toMatchObject({ availableQuantity: 98, reservedQuantity: 2 });
  });

  it('matches the body by content, not by key order or whitespace', async () => {
    const first = await reserveWithKey('key-order').expect(201);
    const again = await http()
      .post('/inventory/reserve')
      .set('Idempotency-Key', 'key-order')
      .set('content-type', 'application/json')
      .send('{ "userId": "u1",   "quantity": 2, "sku": "KEYED" }')
      .expect(201);
    expect(again.text).toBe(first.text);
  });

  it('422 IDEMPOTENCY_KEY_REUSED for the same key with a different body or path, changing nothing', async () => {
    await reserveWithKey('key-2').expect(201);
    const res = await reserveWithKey('key-2', { ...hold, quantity: 3 }).expect(422);
    expect(res.body).toMatchObject({
      success: false,
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { idempotencyKey: 'key-2' },
    });
    const reservationId = (await reserveWithKey('key-2').expect(201)).body.data.reservationId;
    await http()
      .post('/checkout/cancel')
      .set('Idempotency-Key', 'key-2')
      .send({ reservationId, userId: 'u1' })
      .expect(422);
    expect(await stock()).toMatchObject({ reservedQuantity: 2 });
  });

  it('409 IDEMPOTENCY_REQUEST_IN_PROGRESS while the first is running; the retry afterwards replays it', async () => {
    gated.close();
    const first = reserveWithKey('key-3').then((res) => res);
    while (gated.entered === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const during = await reserveWithKey('key-3').expect(409);
    expect(during.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    expect(during.headers['retry-after']).toBe('1');
    gated.open();
    expect((await first).status).toBe(201);
    const after = await reserveWithKey('key-3').expect(201);
    expect(after.text).toBe((await first).text);
    expect(gated.entered).toBe(1);
  });

  it('50 concurrent requests with one key make one hold and one stock decrement', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => reserveWithKey('key-4')));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(
      results.every(
        (r) =>
          r.status === 201 ||
          (r.status === 409 && r.body.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS'),
      ),
    ).toBe(true);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    expect(gated.entered).toBe(1);
    expect(await stock()).toMatchObject({ availableQuantity: 98, reservedQuantity: 2 });
  });

  it('does not keep a 400: the corrected retry with the same key is processed', async () => {
    const bad = await reserveWithKey('key-5', { ...hold, quantity: 0 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await reserveWithKey('key-5').expect(201);
    expect(await stock()).toMatchObject({ reservedQuantity: 2 });
  });

  it('does not keep a 5xx: the retry with the same key is processed', async () => {
    gated.failNext = true;
    const failed = await reserveWithKey('key-5xx').expect(500);
    expect(failed.body.code).toBe('INTERNAL_ERROR');
    const retried = await reserveWithKey('key-5xx').expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await stock()).toMatchObject({ reservedQuantity: 2 });
  });

  it('keeps a business refusal: a retried 409 INSUFFICIENT_STOCK is replayed, even after a restock', async () => {
    const tooMany = { ...hold, quantity: 101 };
    const first = await reserveWithKey('key-6', tooMany).expect(409);
    await http()
      .post('/inventory/KEYED/adjustments')
      .set(admin)
      .send({ delta: 50, reason: 'restock' })
      .expect(200);
    const again = await reserveWithKey('key-6', tooMany).expect(409);
    expect(again.text).toBe(first.text);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await reserveWithKey('key-6b', tooMany).expect(201);
  });

  it('a key is kept 24 h; after it expires the key may be used again', async () => {
    await reserveWithKey('key-7').expect(201);
    t.clock.advance(24 * 3600_000 - 1);
    await reserveWithKey('key-7', { ...hold, userId: 'u2' }).expect(422);
    t.clock.advance(1);
    const reused = await reserveWithKey('key-7', { ...hold, userId: 'u2' }).expect(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays confirm and admin routes too; an unauthorised attempt is not kept', async () => {
    const { reservationId } = (await reserveWithKey('key-8').expect(201)).body.data;
    const confirm = { reservationId, userId: 'u1' };
    const first = await http()
      .post('/checkout/confirm')
      .set('Idempotency-Key', 'key-9')
      .send(confirm)
      .expect(200);
    const again = await http()
      .post('/checkout/confirm')
      .set('Idempotency-Key', 'key-9')
      .send(confirm)
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);

    const adjust = { delta: 5, reason: 'delivery' };
    await http()
      .post('/inventory/KEYED/adjustments')
      .set('Idempotency-Key', 'key-10')
      .send(adjust)
      .expect(401);
    const applied = await http()
      .post('/inventory/KEYED/adjustments')
      .set(admin)
      .set('Idempotency-Key', 'key-10')
      .send(adjust)
      .expect(200);
    const replayed = await http()
      .post('/inventory/KEYED/adjustments')
      .set(admin)
      .set('Idempotency-Key', 'key-10')
      .send(adjust)
      .expect(200);
    expect(replayed.text).toBe(applied.text);
    expect(await stock()).toMatchObject({ totalQuantity: 103 });
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a character outside printable ASCII', 'cl\u00e9-1'],
    ['that is empty', ''],
  ])('refuses a key %s with 400, changing nothing', async (_case, key) => {
    const res = await http().post('/inventory/reserve').set('Idempotency-Key', key).send(hold);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await stock()).toMatchObject({ reservedQuantity: 0 });
  });

  it('works with no key at all, as before', async () => {
    await http().post('/inventory/reserve').send(hold).expect(201);
    await http().post('/inventory/reserve').send(hold).expect(200);
  });
});
