import { DomainError } from '../common/errors/domain-error';
import { loadConfig } from '../core/app-config';
import { ManualClock } from '../core/clock';
import { stockedItem } from '../inventory/sample-data';
import { InventoryService } from '../inventory/inventory.service';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { ReservationsService } from './reservations.service';

/** The rules that live in ReservationsService, on the embedded store at fixed instants. */

const TTL_SECONDS = 300;

function newTestService(env: Record<string, string> = {}) {
  const store = new InMemoryStore();
  const clock = new ManualClock('2026-11-24T09:00:00.000Z');
  const config = loadConfig({ RESERVATION_TTL_SECONDS: String(TTL_SECONDS), ...env });
  const sut = new ReservationsService(store.reservations, clock, config);
  return { sut, store, clock };
}

const item = stockedItem;

/** The code of the domain error a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a domain error');
}

describe('ReservationsService', () => {
  let t: ReturnType<typeof newTestService>;
  const counters = async (sku = 'S') => {
    const found = await t.store.inventory.findBySku(sku);
    return { available: found?.availableQuantity, reserved: found?.reservedQuantity };
  };

  beforeEach(async () => {
    t = newTestService();
    await t.store.inventory.create(item('S', 5), t.clock.now());
  });

  describe('reserve', () => {
    it('holds the units until now + RESERVATION_TTL_SECONDS and answers as of now', async () => {
      const { reservation, asOf, isExisting } = await t.sut.reserve({
        sku: 'S',
        userId: 'u1',
        quantity: 2,
      });
      expect(isExisting).toBe(false);
      expect(asOf).toEqual(t.clock.now());
      expect(reservation.expiresAt.getTime() - asOf.getTime()).toBe(TTL_SECONDS * 1000);
      expect(await counters()).toEqual({ available: 3, reserved: 2 });
    });

    it('refuses more than MAX_RESERVATION_QUANTITY with 400, holding nothing', async () => {
      t = newTestService({ MAX_RESERVATION_QUANTITY: '3' });
      await t.store.inventory.create(item('S', 5), t.clock.now());
      expect(await codeOf(t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 4 }))).toBe(
        'VALIDATION_FAILED',
      );
      expect(await counters()).toEqual({ available: 5, reserved: 0 });
    });

    it('names an unknown SKU, and reports short stock with what is available', async () => {
      expect(await codeOf(t.sut.reserve({ sku: 'NOPE', userId: 'u1', quantity: 1 }))).toBe(
        'SKU_NOT_FOUND',
      );
      await expect(t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 6 })).rejects.toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        details: { sku: 'S', availableQuantity: 5, requestedQuantity: 6 },
      });
    });

    it('returns the same hold for the same user, SKU and quantity; another quantity is a conflict', async () => {
      const first = await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 2 });
      t.clock.advance(1000);
      const again = await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 2 });
      expect(again).toEqual({
        reservation: first.reservation,
        asOf: t.clock.now(),
        isExisting: true,
      });
      expect(await codeOf(t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 3 }))).toBe(
        'ACTIVE_RESERVATION_EXISTS',
      );
      expect(await counters()).toEqual({ available: 3, reserved: 2 });
    });

    it('expires a due previous hold of the same user and holds afresh', async () => {
      const first = await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 2 });
      t.clock.advance(TTL_SECONDS * 1000);
      const second = await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 3 });
      expect(second.isExisting).toBe(false);
      expect(second.reservation.reservationId).not.toBe(first.reservation.reservationId);
      expect((await t.store.reservations.findById(first.reservation.reservationId))?.status).toBe(
        'expired',
      );
      expect(await counters()).toEqual({ available: 2, reserved: 3 });
    });
  });

  describe('get', () => {
    it('expires a due hold on read and gives its units back', async () => {
      const { reservation } = await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 2 });
      t.clock.set(reservation.expiresAt);
      const read = await t.sut.get(reservation.reservationId);
      expect(read.reservation).toMatchObject({ status: 'expired', expiredAt: t.clock.now() });
      expect(await counters()).toEqual({ available: 5, reserved: 0 });
    });

    it('answers 404 for an unknown id', async () => {
      expect(await codeOf(t.sut.get('00000000-0000-4000-8000-000000000000'))).toBe(
        'RESERVATION_NOT_FOUND',
      );
    });
  });

  describe('confirm and cancel', () => {
    let id: string;
    beforeEach(async () => {
      id = (await t.sut.reserve({ sku: 'S', userId: 'u1', quantity: 2 })).reservation.reservationId;
    });

    it('a repeat of the same action answers with the same reservation', async () => {
      const confirmed = await t.sut.confirm(id, 'u1');
      expect(confirmed.reservation.status).toBe('confirmed');
      expect((await t.sut.confirm(id, 'u1')).reservation).toEqual(confirmed.reservation);
    });

    it('the opposite action after a settlement is a conflict naming what happened', async () => {
      await t.sut.confirm(id, 'u1');
      expect(await codeOf(t.sut.cancel(id, 'u1'))).toBe('RESERVATION_ALREADY_CONFIRMED');
      const other = (await t.sut.reserve({ sku: 'S', userId: 'u2', quantity: 1 })).reservation;
      await t.sut.cancel(other.reservationId, 'u2');
      expect((await t.sut.cancel(other.reservationId, 'u2')).reservation.status).toBe('cancelled');
      expect(await codeOf(t.sut.confirm(other.reservationId, 'u2'))).toBe(
        'RESERVATION_ALREADY_CANCELLED',
      );
    });

    it("refuses another user's hold with 403 and an unknown id with 404", async () => {
      expect(await codeOf(t.sut.confirm(id, 'u2'))).toBe('RESERVATION_FORBIDDEN');
      expect(await codeOf(t.sut.cancel('00000000-0000-4000-8000-000000000000', 'u1'))).toBe(
        'RESERVATION_NOT_FOUND',
      );
      expect(await counters()).toEqual({ available: 3, reserved: 2 });
    });

    it('at the expiry instant answers 410 and expires the hold on the spot, before any sweep', async () => {
      t.clock.advance(TTL_SECONDS * 1000);
      expect(await codeOf(t.sut.confirm(id, 'u1'))).toBe('RESERVATION_EXPIRED');
      expect(await counters()).toEqual({ available: 5, reserved: 0 });
      expect(await codeOf(t.sut.cancel(id, 'u1'))).toBe('RESERVATION_EXPIRED');
    });
  });
});

/** Carts, extension and per-customer limits: what each store outcome means. */
describe('ReservationsService: carts, extension, limits', () => {
  const config = { ...loadConfig({ MAX_RESERVATION_QUANTITY: '10' }), maxHoldSeconds: 600 };
  let store: InMemoryStore;
  let clock: ManualClock;
  let sut: ReservationsService;

  const limitedItem = (
    sku: string,
    totalQuantity: number,
    maxPerCustomer: number | null = null,
  ) => ({ ...stockedItem(sku, totalQuantity), maxPerCustomer });
  const refusal = async (action: Promise<unknown>) => {
    try {
      await action;
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, details: error.details };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  beforeEach(async () => {
    store = new InMemoryStore();
    clock = new ManualClock();
    sut = new ReservationsService(store.reservations, clock, config);
    const inventory = new InventoryService(store.inventory, clock);
    await inventory.create(limitedItem('A', 10));
    await inventory.create(limitedItem('B', 10, 3));
  });

  it('refuses every line above MAX_RESERVATION_QUANTITY by its field, before touching the store', async () => {
    expect(
      await refusal(
        sut.reserveCart({
          userId: 'u1',
          lines: [
            { sku: 'A', quantity: 11 },
            { sku: 'B', quantity: 1 },
            { sku: 'C', quantity: 12 },
          ],
        }),
      ),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      details: {
        errors: [
          { field: 'lines.0.quantity', problems: ['quantity must not be greater than 10'] },
          { field: 'lines.2.quantity', problems: ['quantity must not be greater than 10'] },
        ],
      },
    });
    expect((await store.inventory.findBySku('B'))!.reservedQuantity).toBe(0);
  });

  it('a due cart of the same user does not block a new cart: it is expired, then the new one held', async () => {
    const first = await sut.reserveCart({
      userId: 'u1',
      lines: [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 2 },
      ],
    });
    clock.advance(config.reservationTtlSeconds * 1000);
    const second = await sut.reserveCart({ userId: 'u1', lines: [{ sku: 'B', quantity: 3 }] });
    expect(second.reservation.status).toBe('active');
    expect((await store.reservations.findById(first.reservation.reservationId))!.status).toBe(
      'expired',
    );
    expect((await store.inventory.findBySku('A'))!.reservedQuantity).toBe(0);
    expect(await store.reservations.heldOrBought('u1', 'B')).toBe(3);
  });

  it('a single reserve of a SKU held in a cart is a conflict, not the same hold', async () => {
    await sut.reserveCart({
      userId: 'u1',
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
    });
    expect(await refusal(sut.reserve({ sku: 'A', quantity: 1, userId: 'u1' }))).toMatchObject({
      code: 'ACTIVE_RESERVATION_EXISTS',
      details: { reservation: { sku: 'A', quantity: 1 }, requestedQuantity: 1 },
    });
  });

  it('a single reserve keeps its one-SKU INSUFFICIENT_STOCK and SKU_NOT_FOUND details', async () => {
    await sut.reserve({ sku: 'A', quantity: 8, userId: 'u1' });
    expect(await refusal(sut.reserve({ sku: 'A', quantity: 3, userId: 'u2' }))).toEqual({
      code: 'INSUFFICIENT_STOCK',
      details: { sku: 'A', availableQuantity: 2, requestedQuantity: 3 },
    });
    expect(await refusal(sut.reserve({ sku: 'NOPE', quantity: 1, userId: 'u2' }))).toEqual({
      code: 'SKU_NOT_FOUND',
      details: { sku: 'NOPE' },
    });
  });

  it('extend gives now + TTL up to the cap, and expires a due hold on the spot (410)', async () => {
    const { reservation } = await sut.reserve({ sku: 'A', quantity: 2, userId: 'u1' });
    clock.advance(200_000);
    expect((await sut.extend(reservation.reservationId, 'u1')).reservation.expiresAt).toEqual(
      new Date(clock.now().getTime() + 300_000),
    );
    clock.advance(200_000);
    expect((await sut.extend(reservation.reservationId, 'u1')).reservation.expiresAt).toEqual(
      new Date(reservation.createdAt.getTime() + 600_000),
    );
    expect(await refusal(sut.extend(reservation.reservationId, 'u1'))).toMatchObject({
      code: 'HOLD_EXTENSION_LIMIT_REACHED',
    });
    clock.advance(200_000);
    expect(await refusal(sut.extend(reservation.reservationId, 'u1'))).toMatchObject({
      code: 'RESERVATION_EXPIRED',
    });
    expect((await store.reservations.findById(reservation.reservationId))!.status).toBe('expired');
    expect((await store.inventory.findBySku('A'))!.availableQuantity).toBe(10);
  });
});
