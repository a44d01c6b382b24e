import { SchedulerRegistry } from '@nestjs/schedule';
import fc from 'fast-check';
import type { StoreHarness } from './store-harness';
import { stockedItem } from '../support/factories';
import { ManualClock } from '../../src/core/clock';
import { ExpirySweeper } from '../../src/reservations/expiry-sweeper';
import { ReservationLine, ReservationStatus } from '../../src/reservations/reservation';
import { ReservationsService } from '../../src/reservations/reservations.service';
import { DomainError } from '../../src/common/errors/domain-error';
import { ErrorCode } from '../../src/common/errors/error-code';
import { InventoryService } from '../../src/inventory/inventory.service';

/*
 * Model-based test of the whole hold lifecycle: random sequences of reserve (one SKU or a cart) /
 * confirm / cancel / extend / advance-clock / sweep / adjust-stock / change a per-customer limit
 * run against the real services on a store adapter and against a plain reference model. After
 * every step the service must agree with the model and every invariant of the README's
 * "Invariants" section must hold.
 */

const SKUS = ['SKU-A', 'SKU-B', 'SKU-C'];
const USERS = ['ann', 'bob', 'cy'];
const INITIAL_STOCK = [5, 3, 4];
const TTL_MS = 300_000;
const MAX_HOLD_MS = 450_000;

interface ModelItem {
  total: number;
  available: number;
  reserved: number;
  sold: number;
  received: number;
  limit: number | null;
}
interface ModelHold {
  id: string;
  userId: string;
  lines: ReservationLine[];
  status: ReservationStatus;
  createdAt: number;
  expiresAt: number;
}
interface Model {
  now: number;
  items: Map<string, ModelItem>;
  holds: ModelHold[];
}
interface Real {
  store: StoreHarness;
  clock: ManualClock;
  reservations: ReservationsService;
  inventory: InventoryService;
  sweeper: ExpirySweeper;
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };
async function attempt(action: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code };
    throw error;
  }
}

/** Moves every line of `hold` out of reserved, as a settlement does. */
function settleInModel(model: Model, hold: ModelHold, to: Exclude<ReservationStatus, 'active'>) {
  hold.status = to;
  for (const { sku, quantity } of hold.lines) {
    const item = model.items.get(sku)!;
    item.reserved -= quantity;
    if (to === 'confirmed') {
      item.total -= quantity;
      item.sold += quantity;
    } else {
      item.available += quantity;
    }
  }
}

const isDue = (model: Model, hold: ModelHold) => hold.expiresAt <= model.now;

/** Units of `sku` that `userId` holds (active) plus has bought (confirmed), from the model. */
const heldOrBought = (model: Model, userId: string, sku: string) =>
  model.holds
    .filter((h) => h.userId === userId && (h.status === 'active' || h.status === 'confirmed'))
    .flatMap((h) => h.lines)
    .filter((l) => l.sku === sku)
    .reduce((sum, l) => sum + l.quantity, 0);

const byLineSku = (lines: ReservationLine[]) =>
  [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));

async function checkAgreement(model: Model, real: Real): Promise<void> {
  for (const sku of SKUS) {
    const expected = model.items.get(sku)!;
    const actual = await real.store.inventory.findBySku(sku);
    expect({
      sku,
      total: actual!.totalQuantity,
      available: actual!.availableQuantity,
      reserved: actual!.reservedQuantity,
      sold: actual!.soldQuantity,
      limit: actual!.maxPerCustomer,
    }).toEqual({
      sku,
      total: expected.total,
      available: expected.available,
      reserved: expected.reserved,
      sold: expected.sold,
      limit: expected.limit,
    });
    // Invariants 1-3.
    expect(actual!.totalQuantity).toBe(actual!.availableQuantity + actual!.reservedQuantity);
    expect(
      Math.min(actual!.totalQuantity, actual!.availableQuantity, actual!.reservedQuantity),
    ).toBeGreaterThanOrEqual(0);
    // reserved(sku) = the sum of that SKU's lines in active reservations.
    const activeHeld = model.holds
      .filter((h) => h.status === 'active')
      .flatMap((h) => h.lines)
      .filter((l) => l.sku === sku)
      .reduce((sum, l) => sum + l.quantity, 0);
    expect(actual!.reservedQuantity).toBe(activeHeld);
    expect(actual!.soldQuantity).toBeLessThanOrEqual(expected.received);
    // The per-customer counter = the user's active plus confirmed units, and never past a limit
    // that stood when they were taken (a limit lowered later does not take units back).
    for (const userId of USERS) {
      expect({
        userId,
        sku,
        units: await real.store.reservations.heldOrBought(userId, sku),
      }).toEqual({ userId, sku, units: heldOrBought(model, userId, sku) });
    }
  }
  // Every hold, with all of its lines, in the state the model says: a cart is never partly held.
  for (const hold of model.holds) {
    const found = await real.store.reservations.findById(hold.id);
    expect({
      id: hold.id,
      status: found?.status,
      lines: found?.lines,
      expiresAt: found?.expiresAt.getTime(),
    }).toEqual({
      id: hold.id,
      status: hold.status,
      lines: byLineSku(hold.lines),
      expiresAt: hold.expiresAt,
    });
  }
}

/**
 * What the model expects a reserve of `lines` by `userId` to do, after expiring the user's due
 * holds on those SKUs (as the service does): a refusal code, 'existing' with that hold, or null
 * when it places a new hold.
 */
function expectReserve(
  model: Model,
  userId: string,
  lines: ReservationLine[],
): { refused: string } | { existing: ModelHold } | null {
  for (const { sku } of byLineSku(lines)) {
    const hold = model.holds.find(
      (h) => h.userId === userId && h.status === 'active' && h.lines.some((l) => l.sku === sku),
    );
    if (!hold) continue;
    if (isDue(model, hold)) {
      settleInModel(model, hold, 'expired');
      return expectReserve(model, userId, lines);
    }
    return { existing: hold };
  }
  const breach = lines.some(({ sku, quantity }) => {
    const { limit } = model.items.get(sku)!;
    return limit !== null && heldOrBought(model, userId, sku) + quantity > limit;
  });
  if (breach) return { refused: 'CUSTOMER_LIMIT_EXCEEDED' };
  if (lines.some(({ sku, quantity }) => model.items.get(sku)!.available < quantity)) {
    return { refused: 'INSUFFICIENT_STOCK' };
  }
  return null;
}

function placeInModel(model: Model, id: string, userId: string, lines: ReservationLine[]) {
  for (const { sku, quantity } of lines) {
    const item = model.items.get(sku)!;
    item.available -= quantity;
    item.reserved += quantity;
  }
  model.holds.push({
    id,
    userId,
    lines,
    status: 'active',
    createdAt: model.now,
    expiresAt: model.now + TTL_MS,
  });
}

class Reserve implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: string,
    readonly userId: string,
    readonly quantity: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const outcome = await attempt(() =>
      real.reservations.reserve({ sku: this.sku, userId: this.userId, quantity: this.quantity }),
    );
    const lines = [{ sku: this.sku, quantity: this.quantity }];
    const expected = expectReserve(model, this.userId, lines);
    if (expected === null) {
      expect(outcome).toMatchObject({ ok: true, value: { isExisting: false } });
      const { reservation } = (outcome as { value: { reservation: { reservationId: string } } })
        .value;
      placeInModel(model, reservation.reservationId, this.userId, lines);
    } else if ('existing' in expected) {
      const { existing } = expected;
      const same =
        existing.lines.length === 1 &&
        existing.lines[0].sku === this.sku &&
        existing.lines[0].quantity === this.quantity;
      if (same) {
        expect(outcome).toMatchObject({
          ok: true,
          value: { isExisting: true, reservation: { reservationId: existing.id } },
        });
      } else {
        expect(outcome).toEqual({ ok: false, code: 'ACTIVE_RESERVATION_EXISTS' });
      }
    } else {
      expect(outcome).toEqual({ ok: false, code: expected.refused });
    }
    await checkAgreement(model, real);
  }
  toString = () => `reserve(${this.sku}, ${this.userId}, ${this.quantity})`;
}

class ReserveCart implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly userId: string,
    readonly lines: ReservationLine[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const outcome = await attempt(() =>
      real.reservations.reserveCart({ userId: this.userId, lines: this.lines }),
    );
    const expected = expectReserve(model, this.userId, this.lines);
    if (expected === null) {
      expect(outcome).toMatchObject({ ok: true, value: { reservation: { status: 'active' } } });
      const { reservation } = (outcome as { value: { reservation: { reservationId: string } } })
        .value;
      placeInModel(model, reservation.reservationId, this.userId, this.lines);
    } else if ('existing' in expected) {
      expect(outcome).toEqual({ ok: false, code: 'ACTIVE_RESERVATION_EXISTS' });
    } else {
      expect(outcome).toEqual({ ok: false, code: expected.refused });
    }
    await checkAgreement(model, real);
  }
  toString = () =>
    `reserveCart(${this.userId}, ${this.lines.map((l) => `${l.sku}×${l.quantity}`).join(' ')})`;
}

/** Why the owner's action on `hold` is refused, by the model; null when it may go ahead. */
function ownerRefusal(
  model: Model,
  hold: ModelHold,
  asOwner: boolean,
  repeatOf: ReservationStatus | null,
): ErrorCode | 'repeat' | null {
  if (!asOwner) return 'RESERVATION_FORBIDDEN';
  if (hold.status === repeatOf) return 'repeat';
  if (hold.status === 'confirmed') return 'RESERVATION_ALREADY_CONFIRMED';
  if (hold.status === 'cancelled') return 'RESERVATION_ALREADY_CANCELLED';
  if (hold.status === 'expired') return 'RESERVATION_EXPIRED';
  if (isDue(model, hold)) {
    settleInModel(model, hold, 'expired');
    return 'RESERVATION_EXPIRED';
  }
  return null;
}

class Settle implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly action: 'confirm' | 'cancel',
    readonly pick: number,
    readonly asOwner: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.holds.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const hold = model.holds[this.pick % model.holds.length];
    const userId = this.asOwner ? hold.userId : 'intruder';
    const outcome = await attempt(() => real.reservations[this.action](hold.id, userId));
    const done: ReservationStatus = this.action === 'confirm' ? 'confirmed' : 'cancelled';
    const refusal = ownerRefusal(model, hold, this.asOwner, done);
    if (refusal === 'repeat') {
      expect(outcome.ok).toBe(true);
    } else if (refusal !== null) {
      expect(outcome).toEqual({ ok: false, code: refusal });
    } else {
      expect(outcome).toMatchObject({ ok: true, value: { reservation: { status: done } } });
      settleInModel(model, hold, done);
    }
    await checkAgreement(model, real);
  }
  toString = () => `${this.action}(#${this.pick}${this.asOwner ? '' : ', as intruder'})`;
}

class Extend implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly asOwner: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.holds.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const hold = model.holds[this.pick % model.holds.length];
    const userId = this.asOwner ? hold.userId : 'intruder';
    const outcome = await attempt(() => real.reservations.extend(hold.id, userId));
    const refusal = ownerRefusal(model, hold, this.asOwner, null);
    const cap = hold.createdAt + MAX_HOLD_MS;
    if (refusal !== null) {
      expect(outcome).toEqual({ ok: false, code: refusal });
    } else if (hold.expiresAt >= cap) {
      expect(outcome).toEqual({ ok: false, code: 'HOLD_EXTENSION_LIMIT_REACHED' });
    } else {
      hold.expiresAt = Math.max(hold.expiresAt, Math.min(model.now + TTL_MS, cap));
      expect(outcome).toMatchObject({ ok: true, value: { reservation: { status: 'active' } } });
    }
    await checkAgreement(model, real);
  }
  toString = () => `extend(#${this.pick}${this.asOwner ? '' : ', as intruder'})`;
}

class SetLimit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: string,
    readonly limit: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.inventory.update(this.sku, { maxPerCustomer: this.limit });
    model.items.get(this.sku)!.limit = this.limit;
    await checkAgreement(model, real);
  }
  toString = () => `setLimit(${this.sku}, ${this.limit})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    real.clock.advance(this.ms);
    await checkAgreement(model, real);
  }
  toString = () => `advance(${this.ms} ms)`;
}

class Sweep implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const due = model.holds.filter((h) => h.status === 'active' && isDue(model, h));
    due.forEach((h) => settleInModel(model, h, 'expired'));
    expect((await real.sweeper.sweep()).expired).toBe(due.length);
    await checkAgreement(model, real);
  }
  toString = () => 'sweep()';
}

class Adjust implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: string,
    readonly delta: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const outcome = await attempt(() =>
      real.inventory.adjustStock(this.sku, this.delta, 'model test'),
    );
    const item = model.items.get(this.sku)!;
    if (item.available + this.delta >= 0) {
      expect(outcome.ok).toBe(true);
      item.available += this.delta;
      item.total += this.delta;
      if (this.delta > 0) item.received += this.delta;
    } else {
      expect(outcome).toEqual({ ok: false, code: 'INSUFFICIENT_STOCK' });
    }
    await checkAgreement(model, real);
  }
  toString = () => `adjust(${this.sku}, ${this.delta})`;
}

const cartLines = fc
  .subarray(SKUS, { minLength: 1, maxLength: 3 })
  .chain((skus) =>
    fc
      .tuple(...skus.map(() => fc.integer({ min: 1, max: 3 })))
      .map((quantities) => skus.map((sku, i) => ({ sku, quantity: quantities[i] }))),
  )
  // Clients send lines in any order; the store keeps them in SKU order.
  .chain((lines) => fc.shuffledSubarray(lines, { minLength: lines.length }));

const commands = [
  fc
    .tuple(fc.constantFrom(...SKUS), fc.constantFrom(...USERS), fc.integer({ min: 1, max: 3 }))
    .map(([s, u, q]) => new Reserve(s, u, q)),
  fc.tuple(fc.constantFrom(...USERS), cartLines).map(([u, lines]) => new ReserveCart(u, lines)),
  fc
    .tuple(fc.constantFrom('confirm' as const, 'cancel' as const), fc.nat(), fc.boolean())
    .map(([a, p, o]) => new Settle(a, p, o || p % 5 !== 0)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, o]) => new Extend(p, o || p % 5 !== 0)),
  fc
    .tuple(fc.constantFrom(...SKUS), fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }))
    .map(([s, limit]) => new SetLimit(s, limit)),
  fc.integer({ min: 1, max: 200_000 }).map((ms) => new Advance(ms)),
  fc.constant(new Sweep()),
  fc
    .tuple(
      fc.constantFrom(...SKUS),
      fc.integer({ min: -4, max: 4 }).filter((d) => d !== 0),
    )
    .map(([s, d]) => new Adjust(s, d)),
];

export async function checkLifecycleAgainstModel(
  store: StoreHarness,
  numRuns: number,
  maxCommands = 40,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands, size: 'max' }), async (cmds) => {
      await store.reset();
      const clock = new ManualClock();
      const config = {
        ...store.config,
        reservationTtlSeconds: TTL_MS / 1000,
        maxHoldSeconds: MAX_HOLD_MS / 1000,
        expirySweep: { cron: '* * * * * *', batchSize: 2 },
      };
      const inventory = new InventoryService(store.inventory, clock);
      const real: Real = {
        store,
        clock,
        inventory,
        reservations: new ReservationsService(store.reservations, clock, config),
        sweeper: new ExpirySweeper(store.reservations, clock, new SchedulerRegistry(), config),
      };
      const model: Model = { now: clock.now().getTime(), items: new Map(), holds: [] };
      for (const [i, sku] of SKUS.entries()) {
        const total = INITIAL_STOCK[i];
        await inventory.create(stockedItem(sku, total));
        model.items.set(sku, {
          total,
          available: total,
          reserved: 0,
          sold: 0,
          received: total,
          limit: null,
        });
      }
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns },
  );
}
