import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { IdempotencyService, IdempotentRequest } from './idempotency.service';

/** The Idempotency-Key rules that live in IdempotencyService, on the embedded store. */

function newTestService() {
  const store = new InMemoryStore();
  const clock = new ManualClock();
  const sut = new IdempotencyService(store.idempotency, clock, loadConfig({}));
  return { sut, store, clock };
}

const request = (body: unknown = { sku: 'S', quantity: 1 }): IdempotentRequest => ({
  method: 'POST',
  url: '/inventory/reserve',
  caller: '',
  body,
});
const created = { statusCode: 201, body: '{"success":true,"data":{}}', errorCode: undefined };

describe('IdempotencyService', () => {
  let t: ReturnType<typeof newTestService>;
  beforeEach(() => {
    t = newTestService();
  });

  it('lets the first request proceed and replays its stored response to the same request', async () => {
    const first = await t.sut.admit('k1', request());
    if (first.kind !== 'proceed') throw new Error('expected proceed');
    await t.sut.recordResponse(first.claim, created);
    expect(await t.sut.admit('k1', request())).toEqual({
      kind: 'replay',
      response: { statusCode: 201, body: created.body },
    });
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const first = await t.sut.admit('k1', request({ sku: 'S', quantity: 1 }));
    if (first.kind !== 'proceed') throw new Error('expected proceed');
    await t.sut.recordResponse(first.claim, created);
    expect((await t.sut.admit('k1', request({ quantity: 1, sku: 'S' }))).kind).toBe('replay');
  });

  it('answers 422 for the same key with another request, 409 while the first is in flight', async () => {
    await t.sut.admit('k1', request());
    await expect(t.sut.admit('k1', request())).rejects.toMatchObject({
      code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    });
    await expect(t.sut.admit('k1', request({ sku: 'OTHER', quantity: 1 }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { idempotencyKey: 'k1' },
    });
  });

  it('refuses a key that is not 1-255 printable characters', async () => {
    await expect(t.sut.admit('', request())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(t.sut.admit('x'.repeat(256), request())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it.each([
    ['a 400 the request never ran past', 400, 'VALIDATION_FAILED'],
    ['a 401 for a missing admin key', 401, 'ADMIN_API_KEY_MISSING'],
    ['a 5xx', 503, 'STORE_UNAVAILABLE'],
  ] as const)(
    'does not keep %s: a retry with the key is processed',
    async (_, statusCode, code) => {
      const first = await t.sut.admit('k1', request());
      if (first.kind !== 'proceed') throw new Error('expected proceed');
      await t.sut.recordResponse(first.claim, { statusCode, body: '{}', errorCode: code });
      expect((await t.sut.admit('k1', request())).kind).toBe('proceed');
    },
  );

  it('keeps a domain refusal such as 409 INSUFFICIENT_STOCK and replays it', async () => {
    const first = await t.sut.admit('k1', request());
    if (first.kind !== 'proceed') throw new Error('expected proceed');
    const refused = {
      statusCode: 409,
      body: '{"success":false}',
      errorCode: 'INSUFFICIENT_STOCK' as const,
    };
    await t.sut.recordResponse(first.claim, refused);
    expect(await t.sut.admit('k1', request())).toEqual({
      kind: 'replay',
      response: { statusCode: 409, body: '{"success":false}' },
    });
  });

  it('releases the key when the body is not a string it could replay byte for byte', async () => {
    const first = await t.sut.admit('k1', request());
    if (first.kind !== 'proceed') throw new Error('expected proceed');
    await t.sut.recordResponse(first.claim, {
      statusCode: 200,
      body: undefined,
      errorCode: undefined,
    });
    expect((await t.sut.admit('k1', request())).kind).toBe('proceed');
  });

  it('forgets a key after IDEMPOTENCY_TTL_SECONDS', async () => {
    const first = await t.sut.admit('k1', request());
    if (first.kind !== 'proceed') throw new Error('expected proceed');
    await t.sut.recordResponse(first.claim, created);
    t.clock.advance(86_400 * 1000);
    expect((await t.sut.admit('k1', request({ other: true }))).kind).toBe('proceed');
  });
});
