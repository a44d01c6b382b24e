import { connect } from 'node:net';
import request from 'supertest';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/*
 * A hostile HTTP table: what a scanner, a fuzzer or a careless client sends. Every case must get
 * a 4xx in the error envelope (never a 500, which also burns CPU on each such request), no message
 * may echo more than a short excerpt of what was sent, and afterwards the catalogue and the holds
 * are exactly as they were. Cases go over a real socket, so Node's and Fastify's own refusals
 * (bad request lines, oversized headers, long parameters) are seen as a client sees them.
 */

interface HostileCase {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
}

const RESERVE = '/inventory/reserve';
const HOLD_ID = '6f1d1c1e-0000-4000-8000-000000000000';
const json = (value: unknown) => JSON.stringify(value);
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const valid = { sku: 'GOOD-1', quantity: 1, userId: 'hostile-1' };
const long = (n: number) => 'A'.repeat(n);

const post = (path: string, body: string, status: number, name: string): HostileCase => ({
  name,
  method: 'POST',
  path,
  body,
  status,
});
const get = (path: string, status: number, name: string): HostileCase => ({
  name,
  method: 'GET',
  path,
  status,
});

const CASES: HostileCase[] = [
  // Nesting deeper than any legal request, refused before anything recursive runs.
  post(RESERVE, nestedArrays(5000), 400, '5,000 nested arrays'),
  post(RESERVE, nestedObjects(2500), 400, '2,500 nested objects'),
  post('/checkout/confirm', nestedArrays(5000), 400, '5,000 nested arrays on confirm'),
  post('/checkout/cancel', nestedObjects(2000), 400, '2,000 nested objects on cancel'),
  post('/inventory', nestedArrays(5000), 400, '5,000 nested arrays on create (admin)'),
  post(RESERVE, json({ ...valid, sku: JSON.parse(nestedArrays(9)) }), 400, '9 levels in a field'),
  post(RESERVE, json({ ...valid, userId: { a: { b: { c: {} } } } }), 400, 'an object as userId'),
  post(RESERVE, json({ ...valid, sku: '['.repeat(60) }), 400, 'brackets inside a string'),
  // Field names every object inherits, which the validation libraries would drop or let pass.
  post(
    RESERVE,
    '{"sku":"GOOD-1","quantity":1,"userId":"u1","constructor":1}',
    400,
    'a constructor field',
  ),
  post(
    '/reservations',
    '{"userId":"u1","lines":[{"sku":"GOOD-1","quantity":1,"prototype":{}}]}',
    400,
    'a prototype field in a cart line',
  ),
  get('/inventory?limit=5&hasOwnProperty=1', 400, 'a hasOwnProperty query key'),
  // Carts, extensions and item updates.
  post(
    '/reservations',
    `{"userId":"u1","lines":${nestedArrays(5000)}}`,
    400,
    'nested arrays as cart lines',
  ),
  post(
    '/reservations',
    json({
      userId: 'u1',
      lines: Array.from({ length: 51 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 })),
    }),
    400,
    'a cart of 51 lines',
  ),
  post(
    '/reservations',
    json({ userId: 'u1', lines: [{ sku: { $gt: '' }, quantity: 1 }] }),
    400,
    '$gt in a cart line',
  ),
  post('/reservations', json({ userId: 'u1', lines: 'GOOD-1' }), 400, 'cart lines as a string'),
  post(`/reservations/${HOLD_ID}/extend`, json({ userId: { $ne: null } }), 400, '$ne on extend'),
  post('/reservations/not-a-uuid/extend', json({ userId: 'u1' }), 400, 'extend a non-UUID'),
  {
    name: 'PATCH an item without the admin key',
    method: 'PATCH',
    path: '/inventory/GOOD-1',
    body: json({ price: 1 }),
    status: 401,
  },
  {
    name: 'PATCH an item with price 1e300',
    method: 'PATCH',
    path: '/inventory/GOOD-1',
    body: json({ price: 1e300 }),
    headers: { 'x-api-key': ADMIN_KEY },
    status: 400,
  },
  {
    name: 'PATCH an item with 2,500 nested objects',
    method: 'PATCH',
    path: '/inventory/GOOD-1',
    body: nestedObjects(2500),
    headers: { 'x-api-key': ADMIN_KEY },
    status: 400,
  },
  // Not a JSON object where one is required.
  post(RESERVE, '"a string"', 400, 'a JSON string'),
  post(RESERVE, '42', 400, 'a JSON number'),
  post(RESERVE, 'true', 400, 'a JSON boolean'),
  post(RESERVE, '[]', 400, 'an empty array'),
  post(RESERVE, json(Array.from({ length: 200 }, () => valid)), 400, 'an array of 200 holds'),
  // Numbers a parser or a validator may choke on.
  post(RESERVE, '{"sku":"GOOD-1","quantity":1e309,"userId":"u1"}', 400, 'quantity 1e309'),
  post(
    RESERVE,
    '{"sku":"GOOD-1","quantity":99999999999999999999999,"userId":"u1"}',
    400,
    'quantity 1e23',
  ),
  post(RESERVE, '{"sku":"GOOD-1","quantity":-0,"userId":"u1"}', 400, 'quantity -0'),
  post(RESERVE, '{"sku":"GOOD-1","quantity":1e-400,"userId":"u1"}', 400, 'quantity 1e-400'),
  post(RESERVE, json({ ...valid, quantity: 2 ** 53 + 1 }), 400, 'quantity 2^53+1'),
  post(
    RESERVE,
    `{"sku":"GOOD-1","quantity":${'9'.repeat(5000)},"userId":"u1"}`,
    400,
    '5,000 digits',
  ),
  post('/inventory', json(itemBody({ sku: 'NEW-1', price: 1e300 })), 400, 'price 1e300'),
  post('/inventory/GOOD-1/adjustments', json({ delta: 1e300, reason: 'x' }), 400, 'delta 1e300'),
  // Duplicate keys: the last one wins in JSON.parse, and is validated.
  post(
    RESERVE,
    '{"sku":"GOOD-1","sku":{"$gt":""},"quantity":1,"userId":"u1"}',
    400,
    'duplicate sku',
  ),
  post(
    RESERVE,
    '{"sku":"GOOD-1","quantity":1,"quantity":"1","userId":"u1"}',
    400,
    'duplicate quantity',
  ),
  // Unicode and control characters in ids.
  get('/inventory/%00', 400, 'a NUL SKU'),
  get('/inventory/GOOD%E2%80%8B1', 400, 'a zero-width space in a SKU'),
  get('/inventory/%FF', 400, 'a bad percent-encoding'),
  get('/reservations/%ZZ', 400, 'a broken percent-encoding'),
  get('/reservations/not-a-uuid', 400, 'a reservation id that is not a UUID'),
  get(`/reservations/${encodeURIComponent('\u202e' + HOLD_ID)}`, 400, 'an RTL override in an id'),
  post(RESERVE, json({ ...valid, userId: 'u\u0000' }), 400, 'a NUL in userId'),
  post(RESERVE, json({ ...valid, userId: '🛒🛒' }), 400, 'emoji as userId'),
  post(RESERVE, json({ ...valid, sku: 'GOOD-１' }), 400, 'a full-width digit in a SKU'),
  post(RESERVE, '{"sku":"GOOD-1","quantity":1,"userId":"\\ud800"}', 400, 'a lone surrogate'),
  post(RESERVE, json({ ...valid, userId: 'u'.repeat(5000) }), 400, '5,000-character userId'),
  // Operator objects everywhere.
  post(RESERVE, json({ ...valid, quantity: { $gt: 0 } }), 400, '$gt as quantity'),
  post('/checkout/confirm', json({ reservationId: { $ne: null }, userId: 'u1' }), 400, '$ne id'),
  post(
    '/checkout/cancel',
    json({ reservationId: HOLD_ID, userId: { $regex: '.*' } }),
    400,
    '$regex',
  ),
  post('/inventory', json(itemBody({ sku: { $where: '1' } as never })), 400, '$where as sku'),
  post('/inventory/GOOD-1/adjustments', json({ delta: 1, reason: { $gt: '' } }), 400, '$gt reason'),
  get('/inventory?cursor[$gt]=', 400, 'an operator object in a query'),
  get('/inventory?limit[$gt]=1', 400, 'an operator object as limit'),
  // Wrong methods.
  { name: 'PUT on reserve', method: 'PUT', path: RESERVE, body: json(valid), status: 404 },
  { name: 'DELETE a reservation', method: 'DELETE', path: `/reservations/${HOLD_ID}`, status: 404 },
  { name: 'GET confirm', method: 'GET', path: '/checkout/confirm', status: 404 },
  { name: 'POST health', method: 'POST', path: '/health', body: '{}', status: 404 },
  { name: 'PROPFIND', method: 'PROPFIND', path: '/inventory', status: 404 },
  // Long parameters and query strings.
  get(`/reservations/${long(5000)}`, 414, 'a 5,000-character reservation id'),
  get(`/inventory/${long(5000)}`, 414, 'a 5,000-character SKU'),
  post(`/inventory/${long(5000)}/adjustments`, '{}', 414, 'a 5,000-character SKU on adjust'),
  get(`/inventory?cursor=${long(8000)}`, 400, 'an 8,000-character cursor'),
  get(
    `/inventory?${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')}`,
    400,
    '1,000 params',
  ),
  get(`/inventory?cursor=${long(20_000)}`, 431, 'a 20 KB query string'),
  // Repeated query keys and prototype keys in queries.
  get('/inventory?limit=1&limit=2', 400, 'a repeated limit'),
  get('/inventory?cursor=a&cursor=b', 400, 'a repeated cursor'),
  get('/inventory?limit[]=1', 400, 'limit as an array'),
  get('/inventory?__proto__[limit]=1', 400, 'a __proto__ query key'),
  get('/inventory?constructor[prototype][x]=1', 400, 'a constructor.prototype query key'),
  // Header abuse.
  {
    ...post(RESERVE, json(valid), 415, 'a JSON-ish media type'),
    headers: { 'content-type': 'application/jsonx' },
  },
  {
    ...post(RESERVE, json(valid), 415, 'a UTF-16 charset'),
    headers: { 'content-type': 'application/json; charset=utf-16' },
  },
  {
    ...post(RESERVE, json(valid), 415, `a ${long(3000).length}-character media type`),
    headers: { 'content-type': `application/${long(3000)}` },
  },
  {
    ...post(RESERVE, json(valid), 415, 'a gzip body that is not gzip'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  },
  {
    ...post(RESERVE, json(valid), 400, 'an over-long Idempotency-Key'),
    headers: { 'idempotency-key': long(300) },
  },
  {
    ...post(RESERVE, json(valid), 400, 'a control character in a header'),
    headers: { 'idempotency-key': 'key\u0001' },
  },
  {
    ...post('/inventory', json(itemBody({ sku: 'NEW-2' })), 403, 'a 10,000-character x-api-key'),
    headers: { 'x-api-key': long(10_000) },
  },
  {
    ...post('/inventory', json(itemBody({ sku: 'NEW-3' })), 431, 'a 20 KB header'),
    headers: { 'x-api-key': ADMIN_KEY, 'x-padding': long(20_000) },
  },
  {
    ...post(RESERVE, json(valid), 400, 'Content-Length and chunked together'),
    headers: { 'transfer-encoding': 'chunked', 'content-length': '5' },
  },
  {
    ...post(RESERVE, json(valid), 400, 'a Content-Length that is not a number'),
    headers: { 'content-length': 'twelve' },
  },
];

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request, written byte for byte (no client library tidies it up), on its own connection. */
function rawRequest(port: number, c: HostileCase): Promise<RawResponse> {
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    connection: 'close',
    ...(c.body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(c.body)) }
      : {}),
    ...(c.path.startsWith('/inventory') && c.method === 'POST' && c.path !== RESERVE
      ? { 'x-api-key': ADMIN_KEY }
      : {}),
    ...c.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const chunked = headers['transfer-encoding'] === 'chunked';
  const body = c.body === undefined ? '' : chunked ? `0\r\n\r\n` : c.body;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${c.name}: no answer in 10 s`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!Number.isInteger(status)) return reject(new Error(`${c.name}: no response: ${text}`));
      const parsed = Object.fromEntries(
        headerLines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      let payload = rest.join('\r\n\r\n');
      if (parsed['transfer-encoding'] === 'chunked') {
        payload = payload.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '');
      }
      resolve({ status, headers: parsed, body: payload });
    });
    socket.write(`${c.method} ${c.path} HTTP/1.1\r\n${head}\r\n${body}`);
  });
}

describe('Hostile input (a real socket)', () => {
  let t: TestApp;
  let port: number;
  const http = () => request(t.app.getHttpServer());
  const answers = new Map<string, number>();

  const snapshot = async () => {
    const catalogue = await http().get('/inventory?limit=100').expect(200);
    const hold = await http().get(`/reservations/${holdId}`).expect(200);
    return { items: catalogue.body.data.items, hold: hold.body.data };
  };
  let holdId: string;
  let before: unknown;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    await http()
      .post('/inventory')
      .set('x-api-key', ADMIN_KEY)
      .send(itemBody({ sku: 'GOOD-1', totalQuantity: 5 }))
      .expect(201);
    const hold = await http()
      .post(RESERVE)
      .send({ ...valid, userId: 'holder' })
      .expect(201);
    holdId = hold.body.data.reservationId;
    before = await snapshot();
  });
  afterAll(async () => {
    const statuses = [...answers.values()];
    // A readable summary for the record: how many cases, and which statuses they got.
    const counts = statuses.reduce<Record<number, number>>(
      (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
      {},
    );
    process.stdout.write(`Hostile cases: ${statuses.length}; statuses: ${json(counts)}\n`);
    await t.close();
  });

  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s → the expected 4xx in the envelope, with no long echo',
    async (_name, c) => {
      const res = await rawRequest(port, c);
      answers.set(c.name, res.status);
      expect(res.status).toBeLessThan(500);
      expect(res.status).toBe(c.status);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toEqual({
        success: false,
        code: expect.stringMatching(/^[A-Z_]+$/),
        message: expect.any(String),
        details: expect.any(Object),
      });
      // Nothing the client sent comes back at length (the longest inputs here are thousands of characters).
      expect(res.body.length).toBeLessThan(2048);
      expect(res.body).not.toMatch(/A{100}|\[{50}|9{100}/);
    },
  );

  it('changes nothing: the catalogue and the hold are as they were', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
