import request from 'supertest';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/**
 * Regression: the Idempotency-Key hook used to run before the admin check, so an anonymous
 * caller got 422 IDEMPOTENCY_KEY_REUSED for a key already used and 401 for a fresh one - a way to
 * learn which keys exist. The admin check now runs before any key is looked up or claimed.
 */
describe('Admin authorisation before Idempotency-Key', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 401/403 for a used key exactly as for a fresh one', async () => {
    const used = 'admin-key-used-1';
    await http()
      .post('/inventory')
      .set({ 'x-api-key': ADMIN_KEY, 'idempotency-key': used })
      .send(itemBody({ sku: 'AUTH-1' }))
      .expect(201);

    for (const key of [used, 'admin-key-never-used']) {
      const anonymous = await http()
        .post('/inventory')
        .set('idempotency-key', key)
        .send(itemBody({ sku: 'AUTH-2' }));
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'ADMIN_API_KEY_MISSING']);
      const wrong = await http()
        .post('/inventory')
        .set({ 'idempotency-key': key, 'x-api-key': 'not-the-admin-key-at-all' })
        .send(itemBody({ sku: 'AUTH-2' }));
      expect([wrong.status, wrong.body.code]).toEqual([403, 'ADMIN_API_KEY_INVALID']);
      expect(wrong.headers['idempotent-replayed']).toBeUndefined();
    }
  });

  it('never claims a key for a refused caller: the admin then uses it afresh', async () => {
    const key = 'admin-key-fresh-2';
    await http()
      .post('/inventory/AUTH-1/adjustments')
      .set('idempotency-key', key)
      .send({ delta: 1, reason: 'x' })
      .expect(401);
    const res = await http()
      .post('/inventory/AUTH-1/adjustments')
      .set({ 'idempotency-key': key, 'x-api-key': ADMIN_KEY })
      .send({ delta: 1, reason: 'x' })
      .expect(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body.data.totalQuantity).toBe(11);
  });
});
