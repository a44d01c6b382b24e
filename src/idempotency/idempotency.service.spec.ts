import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { LONGEST_REQUEST_MS } from '../store/store-timeouts';
import { IdempotencyService, IdempotentRequest, IN_FLIGHT_LOCK_MS } from './idempotency.service';

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

const adjustment = {
  method: 'POST',
  url: '/inventory/S/adjustments',
  caller: 'admin',
  body: { delta: 5, reason: 'restock' },
};

describe('IdempotencyService: what a failed request leaves behind', () => {
  let clock: ManualClock;
  let sut: IdempotencyService;

  beforeEach(() => {
    clock = new ManualClock();
    sut = new IdempotencyService(new InMemoryStore().idempotency, clock, loadConfig({}));
  });

  const fail = async (errorCode: ErrorCode, statusCode: number) => {
    const admission = await sut.admit('key-1', adjustment);
    if (admission.kind !== 'proceed') throw new Error('expected to proceed');
    await sut.recordResponse(admission.claim, { statusCode, body: '{}', errorCode });
  };
  const retryCode = () =>
    sut.admit('key-1', adjustment).then(
      (admission) => admission.kind,
      (error: unknown) => (error instanceof DomainError ? error.code : error),
    );

  it('an unknown outcome keeps the claim: a retry is refused while it may still be applying', async () => {
    await fail('STORE_OUTCOME_UNKNOWN', 503);
    expect(await retryCode()).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    clock.advance(IN_FLIGHT_LOCK_MS - 1);
    expect(await retryCode()).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    // Once the lock lapses the same request runs again (every transition is safe to re-run).
    clock.advance(1);
    expect(await retryCode()).toBe('proceed');
  });

  it.each<[ErrorCode, number]>([
    ['STORE_UNAVAILABLE', 503],
    ['STORE_BUSY', 503],
    ['INTERNAL_ERROR', 500],
  ])('%s (nothing applied) releases the claim: a retry runs at once', async (code, status) => {
    await fail(code, status);
    expect(await retryCode()).toBe('proceed');
  });

  it('the in-flight lock outlasts the longest request the store allows', () => {
    expect(IN_FLIGHT_LOCK_MS).toBeGreaterThan(LONGEST_REQUEST_MS);
  });
});
