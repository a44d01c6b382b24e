import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

/** Security headers on every answer, and CORS only for the origins CORS_ORIGINS lists. */
describe('Security headers and CORS (HTTP)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('sends helmet headers, without upgrade-insecure-requests, and no CORS headers by default', async () => {
    t = await createTestApp();
    const res = await request(t.app.getHttpServer())
      .get('/inventory')
      .set('origin', 'https://shop.example.com')
      .expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(t.app.getHttpServer())
      .options('/inventory/reserve')
      .set('origin', 'https://shop.example.com')
      .set('access-control-request-method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a listed origin preflight and call the API with the headers it uses; another origin not', async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://shop.example.com,http://localhost:3000' });
    const preflight = (origin: string) =>
      request(t.app.getHttpServer())
        .options('/inventory/reserve')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,idempotency-key,x-request-id');
    const listed = await preflight('https://shop.example.com').expect(204);
    expect(listed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(listed.headers['access-control-allow-headers']).toBe(
      'content-type, idempotency-key, x-api-key, x-request-id',
    );
    expect(listed.headers['access-control-allow-methods']).toContain('POST');
    const other = await preflight('https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const call = await request(t.app.getHttpServer())
      .get('/inventory')
      .set('origin', 'http://localhost:3000')
      .expect(200);
    expect(call.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(call.headers['access-control-expose-headers']).toContain('x-request-id');
  });
});
