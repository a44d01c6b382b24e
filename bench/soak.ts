/*
 * Soak: mixed checkout traffic against a real process for SOAK_SECONDS (default 600), with a
 * short hold TTL so expiry runs all the time. Every 30 s it prints the service's RSS and heap
 * (from its own /metrics); at the end it lets every hold settle and checks the invariants.
 *
 *   npm run soak                      # 10 minutes
 *   SOAK_SECONDS=60 npm run soak      # a quick look
 *
 * SOAK_JOURNEYS_PER_SECOND (default 60) paces the shoppers: each journey is a reserve, a read or
 * two, then a confirm (40%), a cancel (30%) or nothing (30%: the hold expires).
 *
 * Exits 1 if an invariant fails or any answer was a 5xx. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { freePort } from './support/free-port';
import { defaultServiceEnv } from './support/service-env';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
/** Shopper journeys started per second (each is 2-5 requests): a steady load, not a flood. */
const JOURNEYS_PER_SECOND = Number(process.env.SOAK_JOURNEYS_PER_SECOND ?? 60);
const TTL_SECONDS = 5;
const SKUS = Array.from({ length: 20 }, (_, i) => `SOAK-${i + 1}`);
const START_STOCK = 1000;
const RESTOCK = 1000;
const ADMIN_KEY = 'soak-admin-key-0123456789';

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 2 });
let base = '';

interface Answer {
  status: number;
  body: { success: boolean; data?: Record<string, unknown>; code?: string };
}

function call(method: string, path: string, body?: unknown, admin = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        agent,
        method,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(admin ? { 'x-api-key': ADMIN_KEY } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'],
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function scrape(): Promise<Record<string, number>> {
  const text = await new Promise<string>((resolve, reject) => {
    request(`${base}/metrics`, { agent }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve(data));
    })
      .on('error', reject)
      .end();
  });
  const value = (name: string) =>
    Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMb: value('process_resident_memory_bytes') / 2 ** 20,
    heapUsedMb: value('nodejs_heap_size_used_bytes') / 2 ** 20,
    created: value('reservations_created_total'),
    confirmed: value('reservations_confirmed_total'),
    cancelled: value('reservations_cancelled_total'),
    expired: value('reservations_expired_total'),
    held: value('inventory_units_reserved'),
  };
}

const random = (n: number) => Math.floor(Math.random() * n);

async function main(): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;

  // The built service (`npm run soak` builds it first), as production runs it.
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...defaultServiceEnv(port),
      ADMIN_API_KEY: ADMIN_KEY,
      RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
      EXPIRY_SWEEP_CRON: '* * * * * *',
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'warn',
      // One load generator is one address: the soak is about memory and invariants, not limits.
      RATE_LIMIT_ENABLED: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let started = Date.now(); ;) {
    try {
      await call('GET', '/health/live');
      break;
    } catch {
      if (Date.now() - started > 60_000) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const received = new Map<string, number>();
  for (const sku of SKUS) {
    await call(
      'POST',
      '/inventory',
      {
        sku,
        name: sku,
        price: 100,
        currency: 'EUR',
        totalQuantity: START_STOCK,
      },
      true,
    );
    received.set(sku, START_STOCK);
  }

  const counts = {
    requests: 0,
    errors5xx: 0,
    confirmedUnits: 0,
    byStatus: {} as Record<number, number>,
  };
  const record = (answer: Answer) => {
    counts.requests += 1;
    counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
    if (answer.status >= 500) counts.errors5xx += 1;
    return answer;
  };
  const deadline = Date.now() + SECONDS * 1000;

  const pause = (CONCURRENCY * 1000) / JOURNEYS_PER_SECOND;
  const shopper = async () => {
    for (let next = Date.now(); Date.now() < deadline;) {
      next += pause;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      const sku = SKUS[random(SKUS.length)];
      const userId = `shopper-${random(5000)}`;
      const quantity = 1 + random(3);
      const held = record(await call('POST', '/inventory/reserve', { sku, quantity, userId }));
      if (held.status === 409 && held.body.code === 'INSUFFICIENT_STOCK') {
        const adjusted = record(
          await call(
            'POST',
            `/inventory/${sku}/adjustments`,
            { delta: RESTOCK, reason: 'soak restock' },
            true,
          ),
        );
        if (adjusted.status === 200) received.set(sku, received.get(sku)! + RESTOCK);
        continue;
      }
      record(await call('GET', `/inventory/${sku}`));
      if (held.status !== 201) continue;
      const reservationId = held.body.data!.reservationId as string;
      record(await call('GET', `/reservations/${reservationId}`));
      const roll = Math.random();
      if (roll < 0.4) {
        const confirmed = record(
          await call('POST', '/checkout/confirm', { reservationId, userId }),
        );
        if (confirmed.status === 200) counts.confirmedUnits += quantity;
      } else if (roll < 0.7) {
        record(await call('POST', '/checkout/cancel', { reservationId, userId }));
      } // else: left to expire
      if (Math.random() < 0.05) record(await call('GET', '/inventory?limit=50'));
    }
  };

  const started = Date.now();
  const samples: Record<string, number | string>[] = [];
  const sample = async () => {
    const m = await scrape();
    const line = {
      minute: ((Date.now() - started) / 60_000).toFixed(1),
      rssMb: m.rssMb.toFixed(1),
      heapUsedMb: m.heapUsedMb.toFixed(1),
      requests: counts.requests,
      created: m.created,
    };
    samples.push(line);
    console.log(JSON.stringify(line));
  };
  const sampler = setInterval(() => void sample(), 30_000);
  await Promise.all(Array.from({ length: CONCURRENCY }, shopper));
  clearInterval(sampler);
  await sample();

  // Let every hold lapse and be swept, then check the books.
  await new Promise((r) => setTimeout(r, (TTL_SECONDS + 3) * 1000));
  const page = await call('GET', '/inventory?limit=100');
  const items = page.body.data!.items as {
    sku: string;
    totalQuantity: number;
    availableQuantity: number;
    reservedQuantity: number;
    soldQuantity: number;
  }[];
  const m = await scrape();
  const soldUnits = items.reduce((sum, item) => sum + item.soldQuantity, 0);
  const failures = [
    ...items.flatMap((item) => [
      item.totalQuantity !== item.availableQuantity + item.reservedQuantity &&
        `${item.sku}: total ${item.totalQuantity} != available + reserved`,
      item.reservedQuantity !== 0 && `${item.sku}: ${item.reservedQuantity} units still held`,
      item.totalQuantity + item.soldQuantity !== received.get(item.sku) &&
        `${item.sku}: total + sold != stock received ${received.get(item.sku)}`,
    ]),
    soldUnits !== counts.confirmedUnits &&
      `sold ${soldUnits} units, but clients saw ${counts.confirmedUnits} confirmed`,
    m.created !== m.confirmed + m.cancelled + m.expired &&
      `metrics: created ${m.created} != confirmed + cancelled + expired`,
    m.held !== 0 && `metrics: ${m.held} units held after everything lapsed`,
    counts.errors5xx !== 0 && `${counts.errors5xx} answers were 5xx`,
  ].filter(Boolean);
  console.log(
    JSON.stringify({
      seconds: SECONDS,
      requests: counts.requests,
      requestsPerSecond: Math.round(counts.requests / SECONDS),
      byStatus: counts.byStatus,
      holds: {
        created: m.created,
        confirmed: m.confirmed,
        cancelled: m.cancelled,
        expired: m.expired,
      },
      soldUnits,
      invariants: failures.length === 0 ? 'all hold' : failures,
    }),
  );
  child.kill('SIGTERM');
  await once(child, 'exit');
  agent.destroy();
  process.exitCode = failures.length === 0 ? 0 : 1;
}

void main();
