import { Logger } from '@nestjs/common';
import { mongo } from 'mongoose';
import request from 'supertest';
import { IN_FLIGHT_LOCK_MS } from '../src/idempotency/idempotency.service';
import { InventoryRepository } from '../src/inventory/inventory.repository';
import { ReservationRepository } from '../src/reservations/reservation.repository';
import { InMemoryStore } from '../src/store/in-memory/in-memory-store';
import { stockedItem } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/*
 * What a client sees when the MongoDB driver fails mid-request, over HTTP: the driver's own error
 * classes are thrown from the store port (as the MongoDB adapter would let them through), and the
 * app must answer 503 with Retry-After, never 500, and keep or release the Idempotency-Key claim
 * according to whether the change may have been applied. No server is involved.
 */

const noPrimary = () =>
  new mongo.MongoServerSelectionError('Server selection timed out after 2000 ms', {
    type: 'ReplicaSetNoPrimary',
    servers: new Map(),
  } as never);
const lostCommit = () => {
  const error = new mongo.MongoNetworkError('connection reset during commitTransaction');
  error.addErrorLabel('UnknownTransactionCommitResult');
  return error;
};

describe('Store failures over HTTP (driver errors from the store port)', () => {
  let t: TestApp;
  let store: InMemoryStore;
  /** What the next adjustStock call does before (or instead of) reaching the real store. */
  let failure: 'none' | 'no-primary' | 'commit-lost-after-applying' = 'none';

  beforeEach(async () => {
    store = new InMemoryStore();
    await store.inventory.create(stockedItem('S', 10), new Date());
    failure = 'none';
    const inventory = new Proxy(store.inventory, {
      get(target, property) {
        if (property !== 'adjustStock') {
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        }
        return async (...args: Parameters<InventoryRepository['adjustStock']>) => {
          const mode = failure;
          failure = 'none';
          if (mode === 'no-primary') throw noPrimary();
          const result = await target.adjustStock(...args);
          // The commit landed, but its reply was lost: the caller cannot know it did.
          if (mode === 'commit-lost-after-applying') throw lostCommit();
          return result;
        };
      },
    });
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(InventoryRepository).useValue(inventory),
    );
  });
  afterEach(() => t.close());

  const adjust = (key: string) =>
    request(t.app.getHttpServer())
      .post('/inventory/S/adjustments')
      .set({ 'x-api-key': ADMIN_KEY, 'idempotency-key': key })
      .send({ delta: 5, reason: 'restock' });
  const total = async () => (await store.inventory.findBySku('S'))?.totalQuantity;

  it('no primary: 503 STORE_UNAVAILABLE with Retry-After; the key is released, a retry runs', async () => {
    failure = 'no-primary';
    const res = await adjust('k-1').expect(503);
    expect(res.body).toMatchObject({ success: false, code: 'STORE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe('5');
    expect(await total()).toBe(10);
    await adjust('k-1').expect(200);
    expect(await total()).toBe(15);
  });

  it('a lost commit: 503 STORE_OUTCOME_UNKNOWN; the claim is kept; the re-run applies nothing twice', async () => {
    failure = 'commit-lost-after-applying';
    const res = await adjust('k-2').expect(503);
    expect(res.body.code).toBe('STORE_OUTCOME_UNKNOWN');
    // Retry-After says when the kept claim lapses.
    expect(Number(res.headers['retry-after']) * 1000).toBe(IN_FLIGHT_LOCK_MS);
    expect(await total()).toBe(15); // it was applied after all
    // While the first attempt may still be landing, the same key is refused, not re-run.
    expect((await adjust('k-2').expect(409)).body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    // After the lock lapses the request runs again, and the adjustment id stops a second apply.
    t.clock.advance(IN_FLIGHT_LOCK_MS);
    const retried = await adjust('k-2').expect(200);
    expect(retried.body.data.totalQuantity).toBe(15);
    expect(await total()).toBe(15);
    // And from now on the key replays that answer.
    expect((await adjust('k-2').expect(200)).headers['idempotent-replayed']).toBe('true');
  });
});

describe('Hot SKU over HTTP: write conflicts left after the retries', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('answers 503 STORE_BUSY with Retry-After: 1, not 500', async () => {
    const conflicted = new mongo.MongoServerError({
      code: 112,
      errmsg: 'WriteConflict error: this operation conflicted with another operation',
    });
    const reservations = {
      reserve: () => Promise.reject(conflicted),
    } as unknown as ReservationRepository;
    t = await createTestApp({}, (builder) =>
      builder.overrideProvider(ReservationRepository).useValue(reservations),
    );
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const res = await request(t.app.getHttpServer())
        .post('/inventory/reserve')
        .set('x-request-id', 'busy-1')
        .send({ sku: 'S', quantity: 1, userId: 'u1' })
        .expect(503);
      expect(res.body).toMatchObject({ success: false, code: 'STORE_BUSY' });
      expect(res.headers['retry-after']).toBe('1');
      // The 5xx is logged with the request id, so it can be matched with the request's log line.
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({
          req: { id: 'busy-1' },
          code: 'STORE_BUSY',
          err: expect.any(Error),
        }),
        expect.any(String),
      );
    } finally {
      logged.mockRestore();
    }
  });
});
