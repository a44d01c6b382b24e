/**
 * Fastify vs Express for THIS app, side by side in one run.
 *
 *   npm run bench        (= npx ts-node --transpile-only bench/http-adapters.bench.ts)
 *
 * Each round starts the real application twice, each time in a fresh child process: once with the
 * production setup (createHttpAdapter() + configureApp(): Fastify) and once on Nest's Express
 * adapter (body limit 16 KiB). The child listens on 127.0.0.1, port 0. This process drives it with
 * autocannon, so the server and the load generator each get one of the machine's two cores.
 * Scenarios, each a discarded 1 s warm-up then a measured run:
 *   get      GET /inventory/<sku>
 *   reserve  POST /inventory/reserve, quantity 1, a distinct userId on every request (the hot write path)
 * The adapter order alternates (F,E then E,F) to cancel drift. Per scenario and adapter it reports
 * the median over rounds of req/s (autocannon's mean) and of p99 latency, and the fastify/express
 * ratios of those medians. Every non-2xx response or socket error is counted and shown; a run that
 * has any is marked ERRORS, left out of the medians, and the process exits with status 1.
 * Progress goes to stderr; the table and a JSON document go to stdout.
 *
 * Knobs (environment): BENCH_ROUNDS (5), BENCH_DURATION_S (5), BENCH_WARMUP_S (1), BENCH_CONNECTIONS (50).
 */
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import os from 'node:os';

type Adapter = 'fastify' | 'express';
type Scenario = 'get' | 'reserve';
const ADAPTERS: readonly Adapter[] = ['fastify', 'express'];
const SCENARIOS: readonly Scenario[] = ['get', 'reserve'];

const ADMIN_API_KEY = 'bench-admin-key-0123456789';
const SKU = 'BENCH-SKU-1';
const STOCK = 1_000_000_000; // the most POST /inventory accepts; a reserve run takes well under 1e6

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const DURATION_S = intFromEnv('BENCH_DURATION_S', 5);
const WARMUP_S = intFromEnv('BENCH_WARMUP_S', 1);
const CONNECTIONS = intFromEnv('BENCH_CONNECTIONS', 50);
/** The whole benchmark is killed if it has not finished by then (it normally takes ~2.5 min). */
const WATCHDOG_MS = 6 * 60_000;

// ---------------------------------------------------------------------------------------------
// Child: one application on one adapter, until the parent says close.
// ---------------------------------------------------------------------------------------------

type ToChild = { type: 'cpu'; id: number } | { type: 'close' };
type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; id: number; userMicros: number; systemMicros: number }
  | { type: 'failed'; message: string };

function sendToParent(message: FromChild): void {
  process.send?.(message);
}

async function serve(adapter: Adapter): Promise<void> {
  // Loaded here, not at the top, so the load-generating parent never loads the application.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { configureApp, createHttpAdapter } = await import('../src/app.setup');

  // The application reads its configuration from the environment, as in production.
  Object.assign(process.env, {
    SEED_SAMPLE_DATA: 'false',
    EXPIRY_SWEEP_CRON: '0 0 0 1 1 *', // yearly: no sweep runs during the benchmark
    LOG_LEVEL: 'error',
    ADMIN_API_KEY,
  });
  delete process.env.MONGODB_URI; // always the embedded store
  const module = AppModule;
  let app: { listen(port: number, host: string): Promise<unknown>; close(): Promise<void> };
  let server: { address(): AddressInfo | string | null };
  if (adapter === 'fastify') {
    // Exactly what src/main.ts runs in production (hooks, Swagger, the / redirect included).
    const fastifyApp = await NestFactory.create<NestFastifyApplication>(
      module,
      createHttpAdapter(),
      { logger: false },
    );
    configureApp(fastifyApp);
    app = fastifyApp;
    server = fastifyApp.getHttpServer();
  } else {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    const expressApp = await NestFactory.create<NestExpressApplication>(
      module,
      new ExpressAdapter(),
      { logger: false },
    );
    expressApp.useBodyParser('json', { limit: '16kb' });
    app = expressApp;
    server = expressApp.getHttpServer();
  }
  await app.listen(0, '127.0.0.1');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  process.on('message', (message: ToChild) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      sendToParent({
        type: 'cpu',
        id: message.id,
        userMicros: usage.user,
        systemMicros: usage.system,
      });
    } else if (message.type === 'close') {
      void app.close().finally(() => process.exit(0));
    }
  });
  // If the parent dies, so does this process.
  process.on('disconnect', () => process.exit(0));
  sendToParent({ type: 'ready', port: address.port });
}

// ---------------------------------------------------------------------------------------------
// Parent: the rounds, the load, the statistics.
// ---------------------------------------------------------------------------------------------

interface Server {
  adapter: Adapter;
  port: number;
  child: ChildProcess;
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

let current: ChildProcess | undefined;

function startServer(adapter: Adapter): Promise<Server> {
  const child = fork(__filename, ['--serve', adapter], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  current = child;
  let nextId = 0;
  const pending = new Map<number, (micros: number) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${adapter} server did not start within 60 s`));
    }, 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${adapter} server exited before it was ready (${code ?? signal})`));
    });
    child.on('message', (message: FromChild) => {
      if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${adapter} server failed: ${message.message}`));
      } else if (message.type === 'cpu') {
        pending.get(message.id)?.(message.userMicros + message.systemMicros);
        pending.delete(message.id);
      } else if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          adapter,
          port: message.port,
          child,
          cpuMicros: () =>
            new Promise<number>((done) => {
              const id = nextId++;
              pending.set(id, done);
              child.send({ type: 'cpu', id } satisfies ToChild);
            }),
          close: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.send({ type: 'close' } satisfies ToChild);
              const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              await exited;
              clearTimeout(killer);
            }
            current = undefined;
          },
        });
      }
    });
  });
}

/** The parts of an answer the benchmark checks (the envelope of an inventory item). */
interface ItemBody {
  success?: boolean;
  data?: { availableQuantity?: number; reservedQuantity?: number };
}

async function http(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: ItemBody }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_API_KEY },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ItemBody };
}

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error: unknown, result) =>
      error
        ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
        : resolve(result),
    );
  });
}

let userSeq = 0;

function loadOptions(port: number, scenario: Scenario, seconds: number): autocannon.Options {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: seconds };
  if (scenario === 'get')
    return { ...base, requests: [{ method: 'GET', path: `/inventory/${SKU}` }] };
  return {
    ...base,
    requests: [
      {
        method: 'POST',
        path: '/inventory/reserve',
        headers: { 'content-type': 'application/json' },
        // A new shopper on every request: each one is a new hold (201), never an existing one.
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ sku: SKU, quantity: 1, userId: `bench-user-${++userSeq}` }),
        }),
      },
    ],
  };
}

interface Run {
  round: number;
  adapter: Adapter;
  scenario: Scenario;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  status2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  serverCpuPercent: number;
  clientCpuPercent: number;
  warmup: { status2xx: number; non2xx: number; errors: number };
  /** reserve only: reservedQuantity afterwards lies between the 2xx answers and the requests sent. */
  stockCheck?: { reservedQuantity: number; min: number; max: number; ok: boolean };
  problems: string[];
}

async function measure(server: Server, round: number, scenario: Scenario): Promise<Run> {
  const warm = await load(loadOptions(server.port, scenario, WARMUP_S));
  const cpuBefore = await server.cpuMicros();
  const clientBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await load(loadOptions(server.port, scenario, DURATION_S));
  const wallMicros = Number(process.hrtime.bigint() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverMicros = (await server.cpuMicros()) - cpuBefore;

  const problems: string[] = [];
  for (const [label, r] of [
    ['warm-up', warm],
    ['run', result],
  ] as const) {
    if (r.non2xx > 0) problems.push(`${label}: ${r.non2xx} non-2xx responses`);
    if (r.errors > 0) problems.push(`${label}: ${r.errors} errors (${r.timeouts} timeouts)`);
  }
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  const expected = scenario === 'get' ? '200' : '201';
  const unexpected = Object.keys(statusCodes).filter((code) => code !== expected);
  if (unexpected.length > 0)
    problems.push(`status codes other than ${expected}: ${unexpected.join(', ')}`);

  let stockCheck: Run['stockCheck'];
  if (scenario === 'reserve') {
    await new Promise((r) => setTimeout(r, 300)); // let requests cut off at the end of the run finish
    const item = await http(server.port, 'GET', `/inventory/${SKU}`);
    const reservedQuantity = Number(item.body?.data?.reservedQuantity);
    const min = warm['2xx'] + result['2xx'];
    const max = warm.requests.sent + result.requests.sent;
    const ok = item.status === 200 && reservedQuantity >= min && reservedQuantity <= max;
    stockCheck = { reservedQuantity, min, max, ok };
    if (!ok) problems.push(`reservedQuantity ${reservedQuantity} outside [${min}, ${max}]`);
  }

  return {
    round,
    adapter: server.adapter,
    scenario,
    reqPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    status2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    serverCpuPercent: (100 * serverMicros) / wallMicros,
    clientCpuPercent: (100 * (client.user + client.system)) / wallMicros,
    warmup: { status2xx: warm['2xx'], non2xx: warm.non2xx, errors: warm.errors },
    stockCheck,
    problems,
  };
}

async function runOnce(adapter: Adapter, round: number): Promise<Run[]> {
  const server = await startServer(adapter);
  try {
    const created = await http(server.port, 'POST', '/inventory', {
      sku: SKU,
      name: 'Benchmark item',
      price: 100,
      currency: 'USD',
      totalQuantity: STOCK,
    });
    if (created.status !== 201) {
      throw new Error(
        `${adapter}: POST /inventory answered ${created.status} ${JSON.stringify(created.body)}`,
      );
    }
    const probe = await http(server.port, 'GET', `/inventory/${SKU}`);
    if (probe.status !== 200 || probe.body?.data?.availableQuantity !== STOCK) {
      throw new Error(
        `${adapter}: GET /inventory/${SKU} answered ${probe.status} ${JSON.stringify(probe.body)}`,
      );
    }
    const runs: Run[] = [];
    for (const scenario of SCENARIOS) {
      const run = await measure(server, round, scenario);
      runs.push(run);
      process.stderr.write(
        `round ${round} ${adapter.padEnd(7)} ${scenario.padEnd(7)} ${fmt(run.reqPerSec, 0).padStart(7)} req/s` +
          `  p99 ${fmt(run.p99Ms, 0).padStart(4)} ms  server cpu ${fmt(run.serverCpuPercent, 0)}%` +
          `  client cpu ${fmt(run.clientCpuPercent, 0)}%  ${run.problems.length ? 'ERRORS: ' + run.problems.join('; ') : 'ok'}\n`,
      );
    }
    return runs;
  } finally {
    await server.close();
  }
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function versionOf(name: string): string {
  const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
  return String(manifest.version);
}

interface AdapterSummary {
  cleanRuns: number;
  runs: number;
  medianReqPerSec: number;
  minReqPerSec: number;
  maxReqPerSec: number;
  medianP99Ms: number;
  medianP50Ms: number;
  medianServerCpuPercent: number;
  medianClientCpuPercent: number;
}

/** Medians over the clean runs only: a run with any error is shown, never averaged in. */
function summarizeAdapter(runs: Run[], scenario: Scenario, adapter: Adapter): AdapterSummary {
  const all = runs.filter((r) => r.scenario === scenario && r.adapter === adapter);
  const clean = all.filter((r) => r.problems.length === 0);
  const reqs = clean.map((r) => r.reqPerSec);
  return {
    cleanRuns: clean.length,
    runs: all.length,
    medianReqPerSec: median(reqs),
    minReqPerSec: reqs.length ? Math.min(...reqs) : NaN,
    maxReqPerSec: reqs.length ? Math.max(...reqs) : NaN,
    medianP99Ms: median(clean.map((r) => r.p99Ms)),
    medianP50Ms: median(clean.map((r) => r.p50Ms)),
    medianServerCpuPercent: median(clean.map((r) => r.serverCpuPercent)),
    medianClientCpuPercent: median(clean.map((r) => r.clientCpuPercent)),
  };
}

function summarize(runs: Run[]) {
  return SCENARIOS.map((scenario) => {
    const per: Record<Adapter, AdapterSummary> = {
      fastify: summarizeAdapter(runs, scenario, 'fastify'),
      express: summarizeAdapter(runs, scenario, 'express'),
    };
    // Same-round pairs: how often, and by how much, Fastify led within one round.
    const paired = Array.from({ length: ROUNDS }, (_, i) => i + 1).flatMap((round) => {
      const f = runs.find(
        (r) => r.round === round && r.scenario === scenario && r.adapter === 'fastify',
      );
      const e = runs.find(
        (r) => r.round === round && r.scenario === scenario && r.adapter === 'express',
      );
      return f && e && !f.problems.length && !e.problems.length ? [f.reqPerSec / e.reqPerSec] : [];
    });
    return {
      scenario,
      ...per,
      ratioReqPerSecFastifyOverExpress: per.fastify.medianReqPerSec / per.express.medianReqPerSec,
      ratioP99FastifyOverExpress: per.fastify.medianP99Ms / per.express.medianP99Ms,
      pairedRoundRatios: paired,
      roundsFastifyFaster: paired.filter((ratio) => ratio > 1).length,
    };
  });
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `benchmark watchdog: not finished after ${WATCHDOG_MS / 1000} s, stopping\n`,
    );
    current?.kill('SIGKILL');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const startedAt = new Date();
  const loadBefore = os.loadavg();
  process.stderr.write(
    `http-adapters bench: ${ROUNDS} rounds x ${SCENARIOS.length} scenarios x 2 adapters, ` +
      `${WARMUP_S} s warm-up + ${DURATION_S} s, ${CONNECTIONS} connections; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
  );
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order: Adapter[] = round % 2 === 1 ? ['fastify', 'express'] : ['express', 'fastify'];
    for (const adapter of order) runs.push(...(await runOnce(adapter, round)));
  }
  const summary = summarize(runs);
  const failed = runs.filter((r) => r.problems.length > 0);

  const lines = [
    '',
    `Fastify vs Express, ${startedAt.toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, ` +
      `medians of ${ROUNDS} alternating rounds (${DURATION_S} s each, ${CONNECTIONS} connections)`,
    '',
    '| scenario | adapter | req/s (median) | req/s min-max | p99 ms (median) | p50 ms | clean runs | server CPU |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of summary) {
    for (const adapter of ADAPTERS) {
      const a = s[adapter];
      lines.push(
        `| ${s.scenario} | ${adapter} | ${fmt(a.medianReqPerSec, 0)} | ${fmt(a.minReqPerSec, 0)}-${fmt(a.maxReqPerSec, 0)} | ` +
          `${fmt(a.medianP99Ms, 0)} | ${fmt(a.medianP50Ms, 0)} | ${a.cleanRuns}/${a.runs} | ${fmt(a.medianServerCpuPercent, 0)}% |`,
      );
    }
  }
  lines.push(
    '',
    '| scenario | req/s fastify/express | p99 fastify/express | rounds Fastify faster | per-round req/s ratios |',
  );
  lines.push('| --- | ---: | ---: | ---: | --- |');
  for (const s of summary) {
    lines.push(
      `| ${s.scenario} | ${fmt(s.ratioReqPerSecFastifyOverExpress, 2)} | ${fmt(s.ratioP99FastifyOverExpress, 2)} | ` +
        `${s.roundsFastifyFaster}/${s.pairedRoundRatios.length} | ${s.pairedRoundRatios.map((r) => fmt(r, 2)).join(' ')} |`,
    );
  }
  lines.push(
    '',
    failed.length === 0
      ? 'Every response in every run (warm-ups included) was 2xx; no socket errors; reserve stock checks passed.'
      : `RUNS WITH ERRORS (left out of the medians):\n${failed
          .map((r) => `  round ${r.round} ${r.adapter} ${r.scenario}: ${r.problems.join('; ')}`)
          .join('\n')}`,
    '',
  );
  process.stdout.write(lines.join('\n') + '\n');

  const report = {
    benchmark: 'http-adapters',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg(),
    versions: Object.fromEntries(
      [
        '@nestjs/core',
        '@nestjs/platform-fastify',
        'fastify',
        '@nestjs/platform-express',
        'express',
        'autocannon',
      ].map((name) => [name, versionOf(name)]),
    ),
    settings: {
      rounds: ROUNDS,
      durationSeconds: DURATION_S,
      warmupSeconds: WARMUP_S,
      connections: CONNECTIONS,
    },
    summary,
    runs,
    ok: failed.length === 0,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = failed.length === 0 ? 0 : 1;
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3] as Adapter).catch((error: unknown) => {
    sendToParent({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    current?.kill('SIGKILL');
    process.exit(1);
  });
}
