import { Logger } from '@nestjs/common';
import { AddressInfo, connect } from 'node:net';
import request from 'supertest';
import * as errorResponse from '../src/common/errors/error-response';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/** Bad input gets a 4xx in the error envelope, never a 500, and changes nothing. */
describe('Bad input (HTTP)', () => {
  let t: TestApp;
  const admin = { 'x-api-key': ADMIN_KEY };
  const valid = { sku: 'GOOD-1', quantity: 1, userId: 'user-1' };

  beforeAll(async () => {
    t = await createTestApp();
    await request(t.app.getHttpServer())
      .post('/inventory')
      .set(admin)
      .send(itemBody({ sku: 'GOOD-1', totalQuantity: 5 }))
      .expect(201);
  });
  afterAll(() => t.close());

  const unchanged = async () => {
    const res = await request(t.app.getHttpServer()).get('/inventory/GOOD-1').expect(200);
    expect(res.body.data).toMatchObject({
      totalQuantity: 5,
      availableQuantity: 5,
      reservedQuantity: 0,
    });
  };
  const expectEnvelope = (res: request.Response, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body).toEqual({
      success: false,
      code,
      message: expect.any(String),
      details: expect.any(Object),
    });
  };

  const raw = (path: string, body: string, contentType = 'application/json') =>
    request(t.app.getHttpServer())
      .post(path)
      .set('content-type', contentType)
      .set(admin)
      .send(body);

  describe.each([
    '/inventory/reserve',
    '/inventory',
    '/inventory/GOOD-1/adjustments',
    '/checkout/confirm',
    '/checkout/cancel',
  ])('POST %s', (path) => {
    it.each([
      ['malformed JSON', '{"sku": "GOOD-1",', 400, 'MALFORMED_JSON'],
      ['an empty JSON body', '', 400, 'MALFORMED_JSON'],
      [
        'a __proto__ key',
        '{"__proto__": {"isAdmin": true}, "sku": "GOOD-1"}',
        400,
        'MALFORMED_JSON',
      ],
      [
        'a constructor.prototype key',
        '{"constructor": {"prototype": {"x": 1}}}',
        400,
        'MALFORMED_JSON',
      ],
      ['a JSON array', '[1, 2]', 400, 'VALIDATION_FAILED'],
      ['JSON null', 'null', 400, 'VALIDATION_FAILED'],
    ])('%s → %i %s', async (_case, body, status, code) => {
      expectEnvelope(await raw(path, body), status, code);
      await unchanged();
    });

    it('a body over 16 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await raw(path, JSON.stringify({ ...valid, padding: 'x'.repeat(17 * 1024) }));
      expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
      await unchanged();
    });

    it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      expectEnvelope(await raw(path, 'sku=GOOD-1', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await unchanged();
    });
  });

  describe('POST /inventory/reserve field rules', () => {
    it.each([
      ['quantity 0', { ...valid, quantity: 0 }],
      ['a negative quantity', { ...valid, quantity: -1 }],
      ['a fractional quantity', { ...valid, quantity: 1.5 }],
      ['a huge quantity', { ...valid, quantity: 1e300 }],
      ['a quantity as a string', { ...valid, quantity: '1' }],
      ['a quantity above the limit', { ...valid, quantity: 10_001 }],
      ['a missing quantity', { sku: 'GOOD-1', userId: 'user-1' }],
      ['an unknown field', { ...valid, price: 0 }],
      ['an operator object for sku', { ...valid, sku: { $gt: '' } }],
      ['an operator object for userId', { ...valid, userId: { $ne: null } }],
      ['a userId with spaces', { ...valid, userId: 'user 1' }],
      ['a userId of 129 characters', { ...valid, userId: 'u'.repeat(129) }],
      ['an empty userId', { ...valid, userId: '' }],
      ['a SKU with a slash', { ...valid, sku: 'GOOD/1' }],
      ['a SKU of 65 characters', { ...valid, sku: 'A'.repeat(65) }],
    ])('%s → 400 VALIDATION_FAILED naming the field', async (_case, body) => {
      const res = await request(t.app.getHttpServer()).post('/inventory/reserve').send(body);
      expectEnvelope(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.errors.length).toBeGreaterThan(0);
      await unchanged();
    });
  });

  describe('unknown fields named like what every object inherits', () => {
    const refused = (res: request.Response, field: string) => {
      expectEnvelope(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.errors).toContainEqual({
        field,
        problems: [`property ${field.split('.').pop()} should not exist`],
      });
    };

    it.each([
      'constructor',
      'hasOwnProperty',
      'isPrototypeOf',
      '__lookupGetter__',
      'valueOf',
      'prototype',
    ])(
      '%s in a reserve body, a cart line and a query → 400 naming it, nothing held',
      async (name) => {
        const server = t.app.getHttpServer();
        refused(
          await request(server)
            .post('/inventory/reserve')
            .send({ ...valid, [name]: 1 }),
          name,
        );
        refused(
          await request(server)
            .post('/reservations')
            .send({ userId: 'user-1', lines: [{ sku: 'GOOD-1', quantity: 1, [name]: 1 }] }),
          `lines.0.${name}`,
        );
        refused(await request(server).get(`/inventory?limit=5&${name}=1`), name);
        await unchanged();
      },
    );
  });

  describe('checkout field rules', () => {
    it.each([
      ['a reservationId that is not a UUID', { reservationId: 'abc', userId: 'u1' }],
      ['an operator object as reservationId', { reservationId: { $gt: '' }, userId: 'u1' }],
      ['a missing userId', { reservationId: '6f1d1c1e-0000-4000-8000-000000000000' }],
    ])('%s → 400', async (_case, body) => {
      expectEnvelope(
        await request(t.app.getHttpServer()).post('/checkout/confirm').send(body),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('catalogue field rules', () => {
    it.each([
      ['a negative price', { price: -1 }],
      ['a fractional price', { price: 19.99 }],
      ['a lower-case currency of four letters', { currency: 'euro' }],
      ['a non-http image URL', { imageUrl: 'javascript:alert(1)' }],
      ['a negative totalQuantity', { totalQuantity: -5 }],
      ['an empty name', { name: '' }],
    ])('POST /inventory with %s → 400 and no item', async (_case, override) => {
      const body = itemBody({ sku: 'NEW-1', ...override });
      expectEnvelope(
        await request(t.app.getHttpServer()).post('/inventory').set(admin).send(body),
        400,
        'VALIDATION_FAILED',
      );
      await request(t.app.getHttpServer()).get('/inventory/NEW-1').expect(404);
    });

    it.each([
      ['a zero delta', { delta: 0, reason: 'x' }],
      ['a fractional delta', { delta: 1.5, reason: 'x' }],
      ['no reason', { delta: 1 }],
    ])('an adjustment with %s → 400', async (_case, body) => {
      const res = await request(t.app.getHttpServer())
        .post('/inventory/GOOD-1/adjustments')
        .set(admin)
        .send(body);
      expectEnvelope(res, 400, 'VALIDATION_FAILED');
      await unchanged();
    });

    it.each([
      ['limit 0', { limit: 0 }],
      ['limit 101', { limit: 101 }],
      ['a limit that is not a number', { limit: 'ten' }],
      ['a forged cursor', { cursor: '!!!' }],
      ['a cursor of zero bytes, well-formed base64url', { cursor: 'AAAA' }],
      ['a cursor of bytes that are not text', { cursor: '____' }],
      ['a cursor that is not the encoding of its own key', { cursor: 'QUJDRB' }],
      ['an unknown query parameter', { page: 'x' }],
    ])('GET /inventory with %s → 400', async (_case, query) => {
      expectEnvelope(
        await request(t.app.getHttpServer()).get('/inventory').query(query),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a SKU path parameter that cannot be a SKU → 400', async () => {
      expectEnvelope(
        await request(t.app.getHttpServer()).get('/inventory/-bad'),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  it('an unknown route → 404 ROUTE_NOT_FOUND in the envelope', async () => {
    expectEnvelope(await request(t.app.getHttpServer()).get('/nope'), 404, 'ROUTE_NOT_FOUND');
    expectEnvelope(
      await request(t.app.getHttpServer()).delete('/inventory/GOOD-1'),
      404,
      'ROUTE_NOT_FOUND',
    );
  });

  it('takes a client that goes away mid-body for a bad request, not a fault of ours, and changes nothing', async () => {
    const server = t.app.getHttpServer();
    if (!server.listening)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const answered = jest.spyOn(errorResponse, 'toErrorResponse');
    try {
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /inventory/reserve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"sku":"GOOD-1",',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      // The server notices the abort (the socket error, then the body stream's 'aborted'), and
      // maps each like any other error: as the client's, never as a fault of ours.
      for (let i = 0; i < 100 && answered.mock.results.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const statuses = answered.mock.results.map((r) => (r.value as { status: number }).status);
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set([400]));
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      answered.mockRestore();
    }
    await unchanged();
  });

  it.each(['utf-8', 'UTF-8', 'utf8', '"utf-8"'])(
    'takes a JSON body declared as charset=%s',
    async (charset) => {
      const userId = `charset-${Buffer.from(charset).toString('hex')}`;
      const held = await request(t.app.getHttpServer())
        .post('/inventory/reserve')
        .set('content-type', `application/json; charset=${charset}`)
        .send(JSON.stringify({ ...valid, userId }))
        .expect(201);
      // Given back, so the stock is as the other cases expect it.
      await request(t.app.getHttpServer())
        .post('/checkout/cancel')
        .send({ reservationId: held.body.data.reservationId, userId })
        .expect(200);
      await unchanged();
    },
  );

  it.each(['utf-16', 'iso-8859-1'])(
    'refuses a JSON body declared as charset=%s with 415, and changes nothing',
    async (charset) => {
      const res = await request(t.app.getHttpServer())
        .post('/inventory/reserve')
        .set('content-type', `application/json; charset=${charset}`)
        .send(JSON.stringify(valid));
      expectEnvelope(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await unchanged();
    },
  );
});
