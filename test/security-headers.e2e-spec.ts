import helmet from 'helmet';
import { createServer } from 'node:http';
import request from 'supertest';
import { SECURITY_HEADER_OPTIONS, securityHeaders } from '../src/common/http/security-headers';
import { createTestApp, TestApp } from './support/test-app';

/** Headers node:http itself sends on every response. */
const STANDARD = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];

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

  it('sends the same helmet headers on answers, errors, framework errors and Swagger UI', async () => {
    t = await createTestApp();
    const expected = securityHeaders();
    expect(Object.keys(expected)).toHaveLength(12);
    const server = t.app.getHttpServer();
    const answers = [
      await request(server).get('/inventory').expect(200),
      await request(server).get('/inventory/NOPE-1').expect(404),
      await request(server).post('/inventory/reserve').send({ sku: 1 }).expect(400),
      await request(server).get('/no-such-route').expect(404),
      await request(server).get('/docs/').expect(200),
    ];
    for (const res of answers) expect(res.headers).toMatchObject(expected);
  });

  it('computes the headers helmet itself sets on a real node:http response', async () => {
    const applyHelmet = helmet(SECURITY_HEADER_OPTIONS);
    const server = createServer((req, res) => applyHelmet(req, res, () => res.end()));
    const res = await request(server).get('/').expect(200);
    const fromHelmet = Object.fromEntries(
      Object.entries(res.headers).filter(([name]) => !STANDARD.includes(name)),
    );
    expect(securityHeaders()).toEqual(fromHelmet);
    // The options are honoured, not a fixed list: with CSP off, no CSP header.
    expect(securityHeaders({ contentSecurityPolicy: false })).not.toHaveProperty(
      'content-security-policy',
    );
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
