/**
 * The expiry sweep on the embedded store at scale.
 *
 *   npm run bench:sweep  (= nest build, then node --expose-gc -r ts-node/register/transpile-only bench/sweep.bench.ts)
 *
 * In process (part 1): 1,000,000 active holds on one SKU, 10,000 of them due. Reports
 *   - heap per active hold: heapUsed after a full GC with the holds, minus before, over the count;
 *   - the sweep: ExpirySweeper.sweep() with the production batch size, its wall time, and the
 *     worst event-loop delay while it ran (perf_hooks.monitorEventLoopDelay, 1 ms resolution,
 *     plus a 1 ms interval timer whose worst lateness is the same thing measured another way);
 *   - retention: settled reservations still kept 1 ms before and after
 *     TERMINAL_RESERVATION_RETENTION_SECONDS has passed (asking the sweep's query until nothing more goes).
 * Through HTTP (part 2, skip with SWEEP_HTTP=0): the built service (dist/main.js) with
 * RESERVATION_TTL_SECONDS=15 and a sweep every second; holds are made as fast as the server takes
 * them for SWEEP_FILL_S (20) seconds, so they expire continuously; then, while only the sweeper
 * works, a GET /inventory/:sku every 20 ms for 20 s records how long each request waited.
 *
 * Knobs: SWEEP_HOLDS (1000000), SWEEP_DUE (10000), SWEEP_HTTP (1), SWEEP_FILL_S (20).
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../src/core/app-config';
import { ManualClock } from '../src/core/clock';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { InMemoryStore } from '../src/store/in-memory/in-memory-store';
import { freePort } from './support/free-port';
import { defaultServiceEnv } from './support/service-env';

const HOLDS = Number(process.env.SWEEP_HOLDS ?? 1_000_000);
const DUE = Number(process.env.SWEEP_DUE ?? 10_000);
const FILL_S = Number(process.env.SWEEP_FILL_S ?? 20);
const SKU = 'SWEEP-SKU';

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0) + ' MiB';

function fullGc(): void {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:sweep does)');
  for (let i = 0; i < 3; i += 1) gc();
}

async function inProcess(): Promise<string[]> {
  const config = loadConfig({});
  const clock = new ManualClock('2026-11-24T09:00:00.000Z');
  const store = new InMemoryStore(config);
  await store.inventory.create(
    {
      sku: SKU,
      name: 'Sweep',
      description: null,
      price: 1,
      currency: 'EUR',
      imageUrl: null,
      totalQuantity: HOLDS,
    },
    clock.now(),
  );
  fullGc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = clock.now().getTime();
  const fillStarted = performance.now();
  for (let i = 0; i < HOLDS; i += 1) {
    // Strings built per hold, as a request's parsed body gives them (nothing shared by accident).
    const sku = `sweep-sku${''}`.toUpperCase();
    const createdAt = new Date(t0);
    // The first DUE holds expire at +60 s; the rest from +300 s on, one every millisecond.
    const expiresAt = new Date(i < DUE ? t0 + 60_000 : t0 + 300_000 + i);
    const result = await store.reservations.reserve({
      reservationId: randomUUID(),
      userId: `user-${i}`,
      lines: [{ sku, quantity: 1 }],
      createdAt,
      expiresAt,
    });
    if (result.outcome !== 'created') throw new Error(`hold ${i}: ${result.outcome}`);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  fullGc();
  const heapWith = process.memoryUsage().heapUsed;
  const perHold = (heapWith - heapBefore) / HOLDS;

  const sweeper = new ExpirySweeper(store.reservations, clock, new SchedulerRegistry(), config);
  clock.set(new Date(t0 + 61_000));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let lastTick = performance.now();
  let worstTickLateMs = 0;
  const ticker = setInterval(() => {
    const at = performance.now();
    worstTickLateMs = Math.max(worstTickLateMs, at - lastTick - 1);
    lastTick = at;
  }, 1);
  histogram.enable();
  await new Promise((r) => setTimeout(r, 20)); // the monitor's first sample
  const sweepStarted = performance.now();
  const report = await sweeper.sweep();
  const sweepMs = performance.now() - sweepStarted;
  await new Promise((r) => setTimeout(r, 20));
  histogram.disable();
  clearInterval(ticker);
  const item = await store.inventory.findBySku(SKU);

  // Retention: settled reservations are kept for TERMINAL_RESERVATION_RETENTION_SECONDS, then gone.
  // Asked through findDue (the sweep's query, which carries the purge) rather than a whole sweep,
  // which would also expire every other hold by then.
  const { batchSize } = config.expirySweep;
  const kept = () => store.state.reservations.size - store.state.activeHolds.size;
  const settledBefore = kept();
  const settledAt = t0 + 61_000;
  clock.set(new Date(settledAt + config.terminalReservationRetentionSeconds * 1000 - 1));
  await store.reservations.findDue(clock.now(), batchSize);
  const settledJustBefore = kept();
  clock.advance(1);
  let queries = 0;
  for (let left = kept(); queries < 10_000; queries += 1) {
    await store.reservations.findDue(clock.now(), batchSize);
    if (kept() === left) break;
    left = kept();
  }
  const settledAfter = kept();
  return [
    `In process: ${HOLDS.toLocaleString('en')} active holds (made in ${fillSeconds.toFixed(1)} s), ${DUE.toLocaleString('en')} due`,
    `- heap per active hold after full GC: ${perHold.toFixed(0)} bytes (heapUsed ${mb(heapBefore)} -> ${mb(heapWith)}, rss ${mb(process.memoryUsage().rss)})`,
    `- sweep: expired ${report.expired} in ${sweepMs.toFixed(0)} ms; worst event-loop delay ${(histogram.max / 1e6).toFixed(1)} ms ` +
      `(p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms; 1 ms timer at most ${worstTickLateMs.toFixed(1)} ms late); ` +
      `afterwards available ${item?.availableQuantity}, reserved ${item?.reservedQuantity}`,
    `- settled reservations kept: ${settledBefore} right after the sweep, ${settledJustBefore} 1 ms before the retention ` +
      `(${config.terminalReservationRetentionSeconds} s) ends, ${settledAfter} once it has (${queries} sweep queries of ${batchSize})`,
  ];
}

// ---------------------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function throughHttp(): Promise<string[]> {
  const port = await freePort();
  const adminKey = 'bench-admin-key-0123456789';
  const env: NodeJS.ProcessEnv = {
    ...defaultServiceEnv(port),
    ADMIN_API_KEY: adminKey,
    RESERVATION_TTL_SECONDS: '15',
    EXPIRY_SWEEP_CRON: '* * * * * *',
    // One client makes every request: the per-client rate limit is for shoppers, not for this.
    RATE_LIMIT_ENABLED: 'false',
  };
  const root = path.resolve(__dirname, '..');
  // The build, under plain node, as production runs it (`npm run bench:sweep` builds first).
  const child = fork(path.join(root, 'dist/main.js'), [], {
    cwd: root,
    execArgv: [],
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      if (i > 450) throw new Error('the service did not start within 90 s');
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const created = await fetch(`${base}/inventory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify({
        sku: SKU,
        name: 'Sweep',
        price: 1,
        currency: 'EUR',
        totalQuantity: 1_000_000_000,
      }),
    });
    if (created.status !== 201) throw new Error(`POST /inventory: ${created.status}`);
    let user = 0;
    const fill = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: base,
          connections: 50,
          duration: FILL_S,
          requests: [
            {
              method: 'POST',
              path: '/inventory/reserve',
              headers: { 'content-type': 'application/json' },
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ sku: SKU, quantity: 1, userId: `fill-${++user}` }),
              }),
            },
          ],
        },
        (error, result) => (error ? reject(error as Error) : resolve(result)),
      ),
    );
    // Only the sweeper works now: one GET every 20 ms, each timed from send to last byte.
    const waits: number[] = [];
    const probeUntil = performance.now() + 20_000;
    while (performance.now() < probeUntil) {
      const started = performance.now();
      const response = await fetch(`${base}/inventory/${SKU}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /inventory/${SKU}: ${response.status}`);
      waits.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    const last = await fetch(`${base}/inventory/${SKU}`);
    if (last.status !== 200) throw new Error(`GET /inventory/${SKU}: ${last.status}`);
    const item = (await last.json()) as { data: { reservedQuantity: number } };
    const sorted = [...waits].sort((a, b) => a - b);
    return [
      `Through HTTP: ${fill['2xx'].toLocaleString('en')} holds made in ${FILL_S} s (${fill.non2xx} non-2xx), TTL 15 s, a sweep every second; ` +
        `then ${waits.length} GETs, one every 20 ms, while only the sweeper worked: ` +
        `wait p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1].toFixed(1)} ms; still held at the end: ${item.data.reservedQuantity}`,
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const lines = [
    `Sweep benchmark, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ...(await inProcess()),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (process.env.SWEEP_HTTP !== '0') process.stdout.write((await throughHttp()).join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `sweep benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
