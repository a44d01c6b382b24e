import request from 'supertest';
import { DrainService } from '../src/health/drain.service';
import { IN_MEMORY_STORE_WARNING, StoreProbe } from '../src/store/store-probe';
import { itemBody } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Health and an unconfigured admin key (HTTP)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('reports the embedded store as up, not durable, with its warning', async () => {
    t = await createTestApp();
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        status: 'ok',
        store: {
          kind: 'in-memory',
          durable: false,
          status: 'up',
          warning: IN_MEMORY_STORE_WARNING,
        },
      },
    });
  });

  it('answers /health/live 200 and /health/ready as /health', async () => {
    t = await createTestApp();
    const live = await request(t.app.getHttpServer()).get('/health/live').expect(200);
    expect(live.body).toEqual({ success: true, data: { status: 'ok' } });
    const ready = await request(t.app.getHttpServer()).get('/health/ready').expect(200);
    const health = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(ready.body).toEqual(health.body);
  });

  it('once draining: readiness 503 SHUTTING_DOWN, liveness 200, every response with Connection: close', async () => {
    t = await createTestApp();
    const keepAlive = { connection: 'keep-alive' };
    const before = await request(t.app.getHttpServer()).get('/inventory').set(keepAlive);
    expect(before.headers.connection).toBe('keep-alive');
    t.app.get(DrainService).begin();
    for (const path of ['/health/ready', '/health']) {
      const res = await request(t.app.getHttpServer()).get(path).set(keepAlive).expect(503);
      expect(res.body).toMatchObject({ success: false, code: 'SHUTTING_DOWN' });
      expect(res.headers.connection).toBe('close');
    }
    const live = await request(t.app.getHttpServer())
      .get('/health/live')
      .set(keepAlive)
      .expect(200);
    expect(live.headers.connection).toBe('close');
    const served = await request(t.app.getHttpServer())
      .get('/inventory')
      .set(keepAlive)
      .expect(200);
    expect(served.headers.connection).toBe('close');
  });

  it('answers 503 STORE_UNAVAILABLE while the store does not answer', async () => {
    const unreachable: StoreProbe = {
      kind: 'mongodb',
      durable: true,
      warning: undefined,
      ping: () => Promise.reject(new Error('connection refused')),
    };
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(StoreProbe).useValue(unreachable),
    );
    await request(t.app.getHttpServer()).get('/health/ready').expect(503);
    await request(t.app.getHttpServer()).get('/health/live').expect(200);
    const res = await request(t.app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toEqual({
      success: false,
      code: 'STORE_UNAVAILABLE',
      message: expect.any(String),
      details: { store: { kind: 'mongodb', durable: true, status: 'down' } },
    });
    expect(res.headers['retry-after']).toBe('5');
  });

  it('leaves the admin routes open when ADMIN_API_KEY is not set', async () => {
    t = await createTestApp({ ADMIN_API_KEY: '' });
    await request(t.app.getHttpServer())
      .post('/inventory')
      .send(itemBody({ sku: 'OPEN-1' }))
      .expect(201);
    await request(t.app.getHttpServer())
      .post('/inventory/OPEN-1/adjustments')
      .send({ delta: 1, reason: 'x' })
      .expect(200);
  });
});
