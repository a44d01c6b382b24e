import { SchedulerRegistry } from '@nestjs/schedule';
import fc from 'fast-check';
import type { StoreHarness } from './store-harness';
import { stockedItem } from '../support/factories';
import { ManualClock } from '../../src/core/clock';
import { ExpirySweeper } from '../../src/reservations/expiry-sweeper';
import { ReservationStatus } from '../../src/reservations/reservation';
import { ReservationsService } from '../../src/reservations/reservations.service';
import { DomainError } from '../../src/common/errors/domain-error';
import { InventoryService } from '../../src/inventory/inventory.service';

/*
 * Model-based test of the whole hold lifecycle: random sequences of reserve / confirm / cancel /
 * advance-clock / sweep / adjust-stock run against the real services on a store adapter and
 * against a plain reference model. After every step the service must agree with the model and
 * every invariant of the README's "Invariants" section must hold.
 */

const SKUS = ['SKU-A', 'SKU-B'];
const USERS = ['ann', 'bob', 'cy'];
const INITIAL_STOCK = [5, 3];
const TTL_MS = 300_000;

interface ModelItem {
  total: number;
  available: number;
  reserved: number;
  sold: number;
  received: number;
}
interface ModelHold {
  id: string;
  sku: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
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

function expireInModel(model: Model, hold: ModelHold): void {
  const item = model.items.get(hold.sku)!;
  hold.status = 'expired';
  item.reserved -= hold.quantity;
  item.available += hold.quantity;
}

const isDue = (model: Model, hold: ModelHold) => hold.expiresAt <= model.now;

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
    }).toEqual({
      sku,
      total: expected.total,
      available: expected.available,
      reserved: expected.reserved,
      sold: expected.sold,
    });
    // Invariants 1-3.
    expect(actual!.totalQuantity).toBe(actual!.availableQuantity + actual!.reservedQuantity);
    expect(
      Math.min(actual!.totalQuantity, actual!.availableQuantity, actual!.reservedQuantity),
    ).toBeGreaterThanOrEqual(0);
    const activeHeld = model.holds
      .filter((h) => h.sku === sku && h.status === 'active')
      .reduce((sum, h) => sum + h.quantity, 0);
    expect(actual!.reservedQuantity).toBe(activeHeld);
    expect(actual!.soldQuantity).toBeLessThanOrEqual(expected.received);
  }
  for (const hold of model.holds) {
    expect({
      id: hold.id,
      status: (await real.store.reservations.findById(hold.id))?.status,
    }).toEqual({ id: hold.id, status: hold.status });
  }
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
    let existing = model.holds.find(
      (h) => h.sku === this.sku && h.userId === this.userId && h.status === 'active',
    );
    if (existing && isDue(model, existing)) {
      expireInModel(model, existing);
      existing = undefined;
    }
    const item = model.items.get(this.sku)!;
    if (existing) {
      if (existing.quantity === this.quantity) {
        expect(outcome).toMatchObject({
          ok: true,
          value: { isExisting: true, reservation: { reservationId: existing.id } },
        });
      } else {
        expect(outcome).toEqual({ ok: false, code: 'ACTIVE_RESERVATION_EXISTS' });
      }
    } else if (item.available >= this.quantity) {
      expect(outcome).toMatchObject({ ok: true, value: { isExisting: false } });
      const { reservation } = (outcome as { value: { reservation: { reservationId: string } } })
        .value;
      item.available -= this.quantity;
      item.reserved += this.quantity;
      model.holds.push({
        id: reservation.reservationId,
        sku: this.sku,
        userId: this.userId,
        quantity: this.quantity,
        status: 'active',
        expiresAt: model.now + TTL_MS,
      });
    } else {
      expect(outcome).toEqual({ ok: false, code: 'INSUFFICIENT_STOCK' });
    }
    await checkAgreement(model, real);
  }
  toString = () => `reserve(${this.sku}, ${this.userId}, ${this.quantity})`;
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
    if (!this.asOwner) {
      expect(outcome).toEqual({ ok: false, code: 'RESERVATION_FORBIDDEN' });
    } else if (hold.status === done) {
      expect(outcome.ok).toBe(true);
    } else if (hold.status === 'confirmed') {
      expect(outcome).toEqual({ ok: false, code: 'RESERVATION_ALREADY_CONFIRMED' });
    } else if (hold.status === 'cancelled') {
      expect(outcome).toEqual({ ok: false, code: 'RESERVATION_ALREADY_CANCELLED' });
    } else if (hold.status === 'expired') {
      expect(outcome).toEqual({ ok: false, code: 'RESERVATION_EXPIRED' });
    } else if (isDue(model, hold)) {
      expect(outcome).toEqual({ ok: false, code: 'RESERVATION_EXPIRED' });
      expireInModel(model, hold);
    } else {
      expect(outcome).toMatchObject({ ok: true, value: { reservation: { status: done } } });
      const item = model.items.get(hold.sku)!;
      hold.status = done;
      item.reserved -= hold.quantity;
      if (done === 'confirmed') {
        item.total -= hold.quantity;
        item.sold += hold.quantity;
      } else {
        item.available += hold.quantity;
      }
    }
    await checkAgreement(model, real);
  }
  toString = () => `${this.action}(#${this.pick}${this.asOwner ? '' : ', as intruder'})`;
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
    due.forEach((h) => expireInModel(model, h));
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

const commands = [
  fc
    .tuple(fc.constantFrom(...SKUS), fc.constantFrom(...USERS), fc.integer({ min: 1, max: 3 }))
    .map(([s, u, q]) => new Reserve(s, u, q)),
  fc
    .tuple(fc.constantFrom('confirm' as const, 'cancel' as const), fc.nat(), fc.boolean())
    .map(([a, p, o]) => new Settle(a, p, o || p % 5 !== 0)),
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
        model.items.set(sku, { total, available: total, reserved: 0, sold: 0, received: total });
      }
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns },
  );
}
