import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

/** Per-client rate limiting: 429 RATE_LIMITED with Retry-After after the limit, and not before. */
describe('Rate limiting (HTTP)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('answers the first RATE_LIMIT_MAX requests, then 429 with Retry-After; health stays exempt', async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const http = () => request(t.app.getHttpServer());
    // Every route counts towards one budget per client.
    for (const path of [
      '/inventory',
      '/inventory/NONE-1',
      '/inventory',
      '/inventory',
      '/inventory',
    ]) {
      const res = await http().get(path);
      expect(res.status).toBeLessThan(429);
    }
    const limited = await http().get('/inventory').expect(429);
    expect(limited.body).toEqual({
      success: false,
      code: 'RATE_LIMITED',
      message: expect.any(String),
      details: { limit: 5, windowSeconds: 60, retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await http().post('/inventory/reserve').send({}).expect(429);
    await http().get('/health/ready').expect(200);
    await http().get('/health/live').expect(200);
    await http().get('/metrics').expect(200);
  });

  it('documents 429 with Retry-After on every route but health', async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '7' });
    const doc = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body;
    const reserve = doc.paths['/inventory/reserve'].post.responses['429'];
    expect(reserve.headers['Retry-After']).toBeDefined();
    expect(reserve.content['application/json'].examples.RATE_LIMITED.value.code).toBe(
      'RATE_LIMITED',
    );
    const methods = ['get', 'post', 'patch'] as const;
    type Operation = { responses: Record<string, { headers?: Record<string, unknown> }> };
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, Operation>>,
    ).flatMap(([path, item]) => methods.flatMap((m) => (item[m] ? [{ path, op: item[m] }] : [])));
    expect(operations.length).toBeGreaterThan(10);
    const wrong = operations
      .filter(({ path, op }) => path.startsWith('/health') === (op.responses['429'] !== undefined))
      .map(({ path }) => path);
    expect(wrong).toEqual([]);
    for (const { path, op } of operations.filter((o) => !o.path.startsWith('/health'))) {
      expect({
        path,
        retryAfter: op.responses['429']?.headers?.['Retry-After'] !== undefined,
      }).toEqual({
        path,
        retryAfter: true,
      });
    }
    expect(doc.paths['/health/ready'].get.responses['429']).toBeUndefined();
    expect(
      doc.paths['/inventory/reserve'].post.responses['201'].headers['X-Request-Id'],
    ).toBeDefined();
  });

  it('does not keep a 429 for an Idempotency-Key: the retry after the window is processed', async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    const http = () => request(t.app.getHttpServer());
    await http().get('/inventory').expect(200);
    const reserve = () =>
      http()
        .post('/inventory/reserve')
        .set('idempotency-key', 'throttled-1')
        .send({ sku: 'NONE-1', quantity: 1, userId: 'u1' });
    expect((await reserve()).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const retried = await reserve();
    expect([retried.status, retried.body.code]).toEqual([404, 'SKU_NOT_FOUND']);
  });

  it('never limits when RATE_LIMIT_ENABLED=false', async () => {
    t = await createTestApp({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_MAX: '2' });
    for (let i = 0; i < 10; i += 1) {
      await request(t.app.getHttpServer()).get('/inventory').expect(200);
    }
  });

  it('counts clients apart by X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const burst = async (trustProxy: string) => {
      t = await createTestApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: trustProxy });
      const statuses: number[] = [];
      for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
        const res = await request(t.app.getHttpServer())
          .get('/inventory')
          .set('x-forwarded-for', client);
        statuses.push(res.status);
      }
      await t.close();
      return statuses;
    };
    expect(await burst('true')).toEqual([200, 200, 200]);
    // One hop (the test client stands in for the proxy), or the proxy's own address.
    expect(await burst('1')).toEqual([200, 200, 200]);
    expect(await burst('127.0.0.1,::1,::ffff:127.0.0.1')).toEqual([200, 200, 200]);
    expect(await burst('false')).toEqual([200, 200, 429]);
    expect(await burst('10.9.9.9')).toEqual([200, 200, 429]);
    t = await createTestApp();
  });
});
