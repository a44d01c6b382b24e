import { SchedulerRegistry } from '@nestjs/schedule';
import { ExpirySweeper, SweepReport } from '../src/reservations/expiry-sweeper';
import { ReservationRepository } from '../src/reservations/reservation.repository';
import { ManualClock } from '../src/core/clock';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

/*
 * Concurrency over real HTTP (a listening socket, many requests in flight at once). These guard
 * against the bugs commerce platforms have shipped: lost updates from read-modify-write counters
 * (Vendure, Medusa) and overselling from check-then-insert (Magento).
 */
describe('Flash sale (concurrent HTTP)', () => {
  let t: TestApp;
  let base: string;

  const post = async (path: string, body: object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: { reservationId: string; lines: { sku: string; quantity: number }[] };
        code?: string;
      },
    };
  };
  const item = async (sku: string) => {
    const res = await fetch(`${base}/inventory/${sku}`);
    return ((await res.json()) as { data: Record<string, number> }).data;
  };
  const expectInvariant = (stock: Record<string, number>) => {
    expect(stock.totalQuantity).toBe(stock.availableQuantity + stock.reservedQuantity);
    for (const n of [stock.totalQuantity, stock.availableQuantity, stock.reservedQuantity])
      expect(n).toBeGreaterThanOrEqual(0);
  };

  /** A SKU with `units` units, each held by its own shopper (one at a time, in order). */
  const stockAndHoldAll = async (sku: string, units: number) => {
    await post('/inventory', itemBody({ sku, totalQuantity: units }), { 'x-api-key': ADMIN_KEY });
    const holds: { reservationId: string; userId: string }[] = [];
    for (let i = 0; i < units; i += 1) {
      const { body } = await post('/inventory/reserve', { sku, quantity: 1, userId: `u${i}` });
      holds.push({ reservationId: body.data!.reservationId, userId: `u${i}` });
    }
    return holds;
  };

  beforeEach(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
  });
  afterEach(() => t.close());

  it('500 shoppers, 100 units: exactly 100 holds, 400 × 409, nothing lost', async () => {
    await post('/inventory', itemBody({ sku: 'FLASH', totalQuantity: 100 }), {
      'x-api-key': ADMIN_KEY,
    });
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        post('/inventory/reserve', { sku: 'FLASH', quantity: 1, userId: `shopper-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(400);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === 'INSUFFICIENT_STOCK'),
    ).toBe(true);
    const stock = await item('FLASH');
    expect(stock).toMatchObject({
      totalQuantity: 100,
      availableQuantity: 0,
      reservedQuantity: 100,
    });
    expectInvariant(stock);
  });

  it('20 identical requests at once make one hold', async () => {
    await post('/inventory', itemBody({ sku: 'DUP', totalQuantity: 10 }), {
      'x-api-key': ADMIN_KEY,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/inventory/reserve', { sku: 'DUP', quantity: 2, userId: 'same-user' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.data?.reservationId)).size).toBe(1);
    expect(await item('DUP')).toMatchObject({ availableQuantity: 8, reservedQuantity: 2 });
  });

  it('confirm racing cancel: exactly one wins, the other gets 409, units counted once', async () => {
    await post('/inventory', itemBody({ sku: 'RACE', totalQuantity: 50 }), {
      'x-api-key': ADMIN_KEY,
    });
    for (let i = 0; i < 25; i += 1) {
      const { body } = await post('/inventory/reserve', {
        sku: 'RACE',
        quantity: 2,
        userId: `u${i}`,
      });
      const settle = { reservationId: body.data!.reservationId, userId: `u${i}` };
      const [confirmed, cancelled] = await Promise.all([
        post('/checkout/confirm', settle),
        post('/checkout/cancel', settle),
      ]);
      expect([confirmed.status, cancelled.status].sort()).toEqual([200, 409]);
    }
    const stock = await item('RACE');
    expect(stock.reservedQuantity).toBe(0);
    expect(stock.soldQuantity + stock.availableQuantity).toBe(50);
    expectInvariant(stock);
  });

  it('confirm racing the sweeper at the expiry instant: one outcome, units counted once', async () => {
    const holds = await stockAndHoldAll('EDGE', 30);
    t.clock.advance(t.config.reservationTtlSeconds * 1000); // exactly expiresAt
    const sweeper = t.app.get(ExpirySweeper);
    const [confirms, sweepA, sweepB] = await Promise.all([
      Promise.all(holds.map((h) => post('/checkout/confirm', h))),
      sweeper.sweep(),
      sweeper.sweep(),
    ]);
    expect(confirms.every((r) => r.status === 410)).toBe(true);
    // Each hold was expired exactly once, by a sweep or by the confirm that found it due.
    expect(sweepA.expired + sweepB.expired).toBeLessThanOrEqual(30);
    const stock = await item('EDGE');
    expect(stock).toMatchObject({
      totalQuantity: 30,
      availableQuantity: 30,
      reservedQuantity: 0,
      soldQuantity: 0,
    });
    expect((await sweeper.sweep()).expired).toBe(0);
  });

  it('confirms a millisecond before expiry racing a sweeper that is already past it: each hold settles once', async () => {
    const holds = await stockAndHoldAll('EDGE2', 40);
    const ttlMs = t.config.reservationTtlSeconds * 1000;
    t.clock.advance(ttlMs - 1); // the app (and so every confirm) is 1 ms before expiresAt
    const sweeperClock = new ManualClock(new Date(t.clock.now().getTime() + 1)); // the sweeper is at expiresAt
    const sweeper = new ExpirySweeper(
      t.app.get(ReservationRepository),
      sweeperClock,
      new SchedulerRegistry(),
      t.config,
    );
    // The sweep starts once the first confirms have been answered, while the rest are in flight.
    let sweeping: Promise<SweepReport> | undefined;
    let answered = 0;
    const confirms = await Promise.all(
      holds.map((h) =>
        post('/checkout/confirm', h).then((res) => {
          answered += 1;
          if (answered === 5) sweeping = sweeper.sweep();
          return res;
        }),
      ),
    );
    const sweep = await sweeping!;
    const confirmed = confirms.filter((r) => r.status === 200).length;
    expect(confirms.every((r) => r.status === 200 || r.status === 410)).toBe(true);
    expect(confirmed + sweep.expired).toBe(40);
    const stock = await item('EDGE2');
    expect(stock).toMatchObject({
      totalQuantity: 40 - confirmed,
      availableQuantity: sweep.expired,
      reservedQuantity: 0,
      soldQuantity: confirmed,
    });
  });

  /** Counts of each answer, for the test's one line of output and its failure messages. */
  const tally = (results: { status: number; body: { code?: string } }[]) =>
    results.reduce<Record<string, number>>((counts, r) => {
      const key = r.body.code ? `${r.status} ${r.body.code}` : String(r.status);
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});

  it('cart sale: 300 concurrent carts of 1-3 overlapping SKUs, scarce stock: each held whole or not at all, nothing oversold', async () => {
    const stockOf: Record<string, number> = { 'CART-A': 40, 'CART-B': 30, 'CART-C': 20 };
    const skus = Object.keys(stockOf);
    for (const [sku, totalQuantity] of Object.entries(stockOf)) {
      await post('/inventory', itemBody({ sku, totalQuantity }), { 'x-api-key': ADMIN_KEY });
    }
    // A fixed spread of carts: every non-empty subset of the three SKUs, quantities 1-2.
    const carts = Array.from({ length: 300 }, (_, i) => {
      const subset = (i % 7) + 1; // 1..7 as a bit set over the SKUs
      return {
        userId: `cart-shopper-${i}`,
        lines: skus
          .filter((_, k) => (subset >> k) & 1)
          .map((sku, k) => ({ sku, quantity: ((i + k) % 2) + 1 })),
      };
    });
    const results = await Promise.all(carts.map((cart) => post('/reservations', cart)));
    const counts = tally(results);
    expect(Object.keys(counts).sort()).toEqual(['201', '409 INSUFFICIENT_STOCK']);
    const held = carts.filter((_, i) => results[i].status === 201);
    for (const sku of skus) {
      const units = held
        .flatMap((cart) => cart.lines)
        .filter((line) => line.sku === sku)
        .reduce((sum, line) => sum + line.quantity, 0);
      const stock = await item(sku);
      // reserved(sku) = the sum of that SKU's lines in the held carts: no cart is partly held.
      expect({ sku, reserved: stock.reservedQuantity }).toEqual({ sku, reserved: units });
      expect(stock.totalQuantity).toBe(stockOf[sku]);
      expectInvariant(stock);
    }
    // Every held cart holds exactly the lines it asked for.
    for (const [i, result] of results.entries()) {
      if (result.status !== 201) continue;
      const asked = [...carts[i].lines].sort((a, b) => a.sku.localeCompare(b.sku));
      expect(result.body.data!.lines).toEqual(asked);
    }
    // Settle them all at once, half confirmed and half cancelled: every unit is counted once.
    const settled = await Promise.all(
      results.flatMap((result, i) =>
        result.status === 201
          ? [
              post(i % 2 === 0 ? '/checkout/confirm' : '/checkout/cancel', {
                reservationId: result.body.data!.reservationId,
                userId: carts[i].userId,
              }),
            ]
          : [],
      ),
    );
    expect(settled.every((r) => r.status === 200)).toBe(true);
    for (const sku of skus) {
      const stock = await item(sku);
      expect(stock.reservedQuantity).toBe(0);
      expect(stock.soldQuantity + stock.availableQuantity).toBe(stockOf[sku]);
      expectInvariant(stock);
    }
    process.stderr.write(
      `cart sale: 300 carts -> ${JSON.stringify(counts)}; held units ${skus
        .map(
          (sku) =>
            `${sku}=${held
              .flatMap((c) => c.lines)
              .filter((l) => l.sku === sku)
              .reduce((n, l) => n + l.quantity, 0)}/${stockOf[sku]}`,
        )
        .join(' ')}\n`,
    );
  });

  it('limit sale: 200 concurrent shoppers (20 users x 10), maxPerCustomer 2: every user ends with exactly 2, never more', async () => {
    await post('/inventory', itemBody({ sku: 'LIMITED', totalQuantity: 1000, maxPerCustomer: 2 }), {
      'x-api-key': ADMIN_KEY,
    });
    const users = Array.from({ length: 20 }, (_, u) => `limit-user-${u}`);
    // Open the connections first, so the 200 reserves reach the server together rather than
    // one TCP handshake apart.
    await Promise.all(Array.from({ length: 200 }, () => item('LIMITED')));
    const reserves: { status: number; body: { code?: string } }[] = [];
    const confirmedIds = new Map<string, Set<string>>(users.map((u) => [u, new Set()]));
    // Each shopper holds one unit (half through POST /inventory/reserve, half as a one-line
    // cart), confirms it at once, and tries again until the limit refuses them: a user's holds
    // compete with their own other shoppers' holds and with what they already bought.
    const shopper = async (i: number) => {
      const userId = users[i % 20];
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const res =
          (i + attempt) % 2 === 0
            ? await post('/inventory/reserve', { sku: 'LIMITED', quantity: 1, userId })
            : await post('/reservations', { userId, lines: [{ sku: 'LIMITED', quantity: 1 }] });
        reserves.push(res);
        if (res.body.code === 'CUSTOMER_LIMIT_EXCEEDED') return;
        if (res.status === 200 || res.status === 201) {
          const { reservationId } = res.body.data!;
          const confirmed = await post('/checkout/confirm', { reservationId, userId });
          expect(confirmed.status).toBe(200);
          confirmedIds.get(userId)!.add(reservationId);
        }
      }
      throw new Error(`shopper ${i} was never refused by the limit`);
    };
    await Promise.all(Array.from({ length: 200 }, (_, i) => shopper(i)));
    const counts = tally(reserves);
    expect(
      Object.keys(counts).filter(
        (k) =>
          !['200', '201', '409 CUSTOMER_LIMIT_EXCEEDED', '409 ACTIVE_RESERVATION_EXISTS'].includes(
            k,
          ),
      ),
    ).toEqual([]);
    expect(counts['409 CUSTOMER_LIMIT_EXCEEDED']).toBe(200);
    const perUser = [...confirmedIds.values()].map((ids) => ids.size);
    expect(perUser).toEqual(users.map(() => 2));
    const stock = await item('LIMITED');
    expect(stock).toMatchObject({ soldQuantity: 40, reservedQuantity: 0, totalQuantity: 960 });
    expectInvariant(stock);
    process.stderr.write(
      `limit sale: 200 shoppers of 20 users, ${reserves.length} reserves -> ${JSON.stringify(counts)}; sold 40, per user ${Math.max(...perUser)}\n`,
    );
  });
});
