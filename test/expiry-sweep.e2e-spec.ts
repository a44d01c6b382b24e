import request from 'supertest';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

describe('Expiry sweep on its schedule (EXPIRY_SWEEP_CRON)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('the cron job, ticking every second, gives a lapsed hold back without any request touching it', async () => {
    t = await createTestApp({ EXPIRY_SWEEP_CRON: '* * * * * *', RESERVATION_TTL_SECONDS: '60' });
    const http = request(t.app.getHttpServer());
    await http
      .post('/inventory')
      .set('x-api-key', ADMIN_KEY)
      .send(itemBody({ sku: 'TICK', totalQuantity: 3 }))
      .expect(201);
    await http
      .post('/inventory/reserve')
      .send({ sku: 'TICK', quantity: 2, userId: 'u1' })
      .expect(201);
    t.clock.advance(60_000);

    const deadline = Date.now() + 5_000;
    let reserved = 2;
    while (reserved !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      reserved = (await request(t.app.getHttpServer()).get('/inventory/TICK')).body.data
        .reservedQuantity;
    }
    expect(reserved).toBe(0);
    const item = (await request(t.app.getHttpServer()).get('/inventory/TICK')).body.data;
    expect(item).toMatchObject({ totalQuantity: 3, availableQuantity: 3 });
  });
});
