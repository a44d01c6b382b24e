/**
 * The service against the machine's limit, side by side in one run.
 *
 *   npm run bench        (= nest build, then ts-node --transpile-only bench/limit.bench.ts)
 *
 * Three servers, each in a fresh child process on 127.0.0.1, driven by autocannon from this
 * process (so on a 2-core machine the server and the load generator get one core each):
 *   bare     BASELINE: a bare node:http server doing the same in-process work (bench/baseline/)
 *   nest     BASELINE: a minimal Nest-on-Fastify controller, no pipes, interceptors, filters or hooks
 *   service  the service itself: the built dist/main.js under plain node, as production runs it
 *            (`npm run start:prod`; its default settings, the embedded store), with only PORT and
 *            ADMIN_API_KEY set, and rate limiting off (one client makes all the load)
 * Scenarios, each a discarded warm-up then a measured run:
 *   get      GET /inventory/<sku>                                       200
 *   sold-out POST /inventory/reserve on a SKU with no stock, new user    409 INSUFFICIENT_STOCK
 *   reserve  POST /inventory/reserve, quantity 1, a new user each time   201
 *   confirm  POST /checkout/confirm of the holds the reserve run made    200
 * The order of the servers rotates every round; per scenario and server it reports the median
 * over rounds of req/s, p50 and p99, and the ratios to bare node:http. Every response must have
 * the scenario's status: a run with any other status, or a socket error, is shown as ERRORS and
 * left out of the medians (exit status 1).
 *
 * Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION_S (5), BENCH_WARMUP_S (1),
 * BENCH_CONNECTIONS (50), BENCH_TARGETS (bare,nest,service), BENCH_SCENARIOS (all four),
 * BENCH_SERVICE_ENV ("K=V,K=V": extra environment for the service, e.g. to raise a rate limit for
 * the benchmark client), BENCH_SERVICE_B_ENV (when set, a second service target "service-b" with
 * these extra settings runs in the same rounds, e.g. LOG_LEVEL=warn to compare request logging
 * off with the default), BENCH_SERVICE_B_DIR (service-b runs the dist/main.js of another checkout
 * of this repository, built there first, e.g. an older commit, for a before/after in one run),
 * BENCH_CPU_PROFILE (a directory: writes one CPU profile per server and
 * scenario, of the measured window only, and prints its top entries), BENCH_JSON (a file: every
 * run as JSON).
 */
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { FromProbe, ToProbe } from './support/child-probe';
import { summarize as profileSummary } from './support/profile-top';
import { freePort } from './support/free-port';
import { defaultServiceEnv } from './support/service-env';

type Target = 'bare' | 'nest' | 'service' | 'service-b';
type Scenario = 'get' | 'sold-out' | 'reserve' | 'confirm';
const ALL_SCENARIOS: readonly Scenario[] = ['get', 'sold-out', 'reserve', 'confirm'];
const EXPECTED_STATUS: Record<Scenario, number> = {
  get: 200,
  'sold-out': 409,
  reserve: 201,
  confirm: 200,
};

const ADMIN_API_KEY = 'bench-admin-key-0123456789';
const SKU = 'BENCH-SKU-1';
const SOLD_OUT_SKU = 'BENCH-SOLD-OUT';
const STOCK = 1_000_000_000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}
function listFromEnv<T extends string>(name: string, all: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...all];
  const picked = raw.split(',').map((s) => s.trim()) as T[];
  const unknown = picked.filter((p) => !all.includes(p));
  if (unknown.length) throw new Error(`${name}: unknown ${unknown.join(', ')}`);
  return picked;
}
function envFromList(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  return Object.fromEntries(
    raw.split(',').map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`not K=V: ${pair}`);
      return [pair.slice(0, at).trim(), pair.slice(at + 1)];
    }),
  );
}

const ROUNDS = intFromEnv('BENCH_ROUNDS', 3);
const DURATION_S = intFromEnv('BENCH_DURATION_S', 5);
const WARMUP_S = intFromEnv('BENCH_WARMUP_S', 1);
const CONNECTIONS = intFromEnv('BENCH_CONNECTIONS', 50);
const SERVICE_B_ENV = process.env.BENCH_SERVICE_B_ENV;
const SERVICE_B_DIR = process.env.BENCH_SERVICE_B_DIR;
const TARGETS = listFromEnv<Target>(
  'BENCH_TARGETS',
  SERVICE_B_ENV !== undefined || SERVICE_B_DIR
    ? ['bare', 'nest', 'service', 'service-b']
    : ['bare', 'nest', 'service'],
);
const SCENARIOS = listFromEnv('BENCH_SCENARIOS', ALL_SCENARIOS);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const WATCHDOG_MS = 20 * 60_000;

const ROOT = path.resolve(__dirname, '..');
const ENTRY: Record<Target, string> = {
  bare: 'bench/baseline/bare-node-http.server.ts',
  nest: 'bench/baseline/minimal-nest.server.ts',
  service: 'dist/main.js',
  'service-b': 'dist/main.js',
};

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

interface Server {
  target: Target;
  port: number;
  ask(message: Omit<ToProbe, 'id'>): Promise<FromProbe>;
  close(): Promise<void>;
}

let current: ChildProcess | undefined;
let compiledProbe: string | undefined;

/** support/child-probe.ts as plain JavaScript, so it can be preloaded without ts-node. */
function probeScript(): string {
  if (compiledProbe) return compiledProbe;
  const source = readFileSync(path.join(__dirname, 'support/child-probe.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-probe-')), 'child-probe.js');
  writeFileSync(file, outputText);
  return (compiledProbe = file);
}

function serviceEnv(target: Target): Record<string, string> {
  if (target !== 'service' && target !== 'service-b') return {};
  return {
    ADMIN_API_KEY,
    // All the load comes from one client: the per-client rate limit is for shoppers, not for
    // this (BENCH_SERVICE_ENV may turn it back on, e.g. with RATE_LIMIT_MAX raised).
    RATE_LIMIT_ENABLED: 'false',
    ...envFromList(process.env.BENCH_SERVICE_ENV),
    ...(target === 'service-b' ? envFromList(SERVICE_B_ENV) : {}),
  };
}

async function startServer(target: Target): Promise<Server> {
  const port = await freePort();
  // The service always runs on its embedded store with its own defaults, whatever this shell has.
  const env = { ...defaultServiceEnv(port), ...serviceEnv(target) };
  const root = target === 'service-b' && SERVICE_B_DIR ? path.resolve(SERVICE_B_DIR) : ROOT;
  const entry = path.join(root, ENTRY[target]);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` in ${root}`);
  const isService = target === 'service' || target === 'service-b';
  const child = fork(entry, [], {
    cwd: root,
    // The service runs its build under plain node, as in production; the baselines are
    // TypeScript files, loaded through ts-node.
    execArgv: [
      ...(isService ? [] : ['-r', 'ts-node/register/transpile-only']),
      '-r',
      probeScript(),
    ],
    env,
    // The service's start-up lines go to this process's stderr, next to the progress lines.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  current = child;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 0;
  const pending = new Map<number, (reply: FromProbe) => void>();
  child.on('message', (reply: FromProbe) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${target} exited before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${target} did not answer GET /health within 90 s`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    target,
    port,
    ask: (message) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.send({ ...message, id });
      }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      current = undefined;
    },
  };
}

async function http(port: number, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_API_KEY },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: { reservedQuantity?: number } },
  };
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error: unknown, result) =>
      error
        ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
        : resolve(result),
    );
  });
}

interface Hold {
  reservationId: string;
  userId: string;
}

let userSeq = 0;
const RESERVATION_ID = '"reservationId":"';

/** Holds made by the reserve run of the current server, confirmed by its confirm run. */
let holds: Hold[] = [];
let nextHold = 0;

function loadOptions(
  port: number,
  scenario: Scenario,
  run: { duration: number } | { amount: number },
): autocannon.Options {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, ...run };
  const post = (
    path: string,
    body: () => object,
    onResponse?: (status: number, body: string) => void,
  ) => ({
    ...base,
    requests: [
      {
        method: 'POST' as const,
        path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: autocannon.Request) => ({
          ...request,
          body: JSON.stringify(body()),
        }),
        onResponse,
      },
    ],
  });
  switch (scenario) {
    case 'get':
      return { ...base, requests: [{ method: 'GET', path: `/inventory/${SKU}` }] };
    case 'sold-out':
      return post('/inventory/reserve', () => ({
        sku: SOLD_OUT_SKU,
        quantity: 1,
        userId: `bench-user-${++userSeq}`,
      }));
    case 'reserve': {
      // The user is sent in the body and read back from the answer, next to its reservationId.
      return post(
        '/inventory/reserve',
        () => ({ sku: SKU, quantity: 1, userId: `bench-user-${++userSeq}` }),
        (status, body) => {
          if (status !== 201) return;
          const at = body.indexOf(RESERVATION_ID) + RESERVATION_ID.length;
          const user = /"userId":"([^"]+)"/.exec(body)?.[1];
          if (at >= RESERVATION_ID.length && user)
            holds.push({ reservationId: body.slice(at, at + 36), userId: user });
        },
      );
    }
    case 'confirm':
      return post('/checkout/confirm', () => {
        // Past the last hold (never in a sized run) the last one again: 200, already confirmed.
        const hold = holds[Math.min(nextHold++, holds.length - 1)];
        return { reservationId: hold.reservationId, userId: hold.userId };
      });
  }
}

interface Run {
  round: number;
  target: Target;
  scenario: Scenario;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  statusCodes: Record<string, number>;
  serverCpuPercent: number;
  /** Server CPU time per request, in microseconds: its cost, whether or not it was saturated. */
  cpuMicrosPerRequest: number;
  problems: string[];
}

async function measure(server: Server, round: number, scenario: Scenario): Promise<Run> {
  let warmRun: { duration: number } | { amount: number } = { duration: WARMUP_S };
  let measuredRun: { duration: number } | { amount: number } = { duration: DURATION_S };
  if (scenario === 'confirm') {
    // Sized by the holds the reserve run made: a fifth to warm up, the rest measured.
    if (holds.length < 5 * CONNECTIONS) throw new Error('confirm needs the reserve scenario first');
    nextHold = 0;
    const warm = Math.floor(holds.length / 5);
    warmRun = { amount: warm };
    measuredRun = { amount: holds.length - warm - CONNECTIONS };
  }
  const warm = await load(loadOptions(server.port, scenario, warmRun));
  const profiling = PROFILE_DIR !== undefined;
  if (profiling) await server.ask({ type: 'profile-start' });
  const cpuBefore = (await server.ask({ type: 'cpu' })).cpuMicros ?? 0;
  const started = process.hrtime.bigint();
  const result = await load(loadOptions(server.port, scenario, measuredRun));
  const wallMicros = Number(process.hrtime.bigint() - started) / 1000;
  const cpuMicros = ((await server.ask({ type: 'cpu' })).cpuMicros ?? 0) - cpuBefore;
  if (profiling) {
    const file = path.resolve(PROFILE_DIR, `${server.target}-${scenario}-r${round}.cpuprofile`);
    await server.ask({ type: 'profile-stop', path: file } as Omit<ToProbe, 'id'>);
    const top = profileSummary(JSON.parse(readFileSync(file, 'utf8')), 15);
    process.stderr.write(`profile ${file}\n${top}\n`);
  }

  const expected = String(EXPECTED_STATUS[scenario]);
  const problems: string[] = [];
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  for (const [label, r] of [
    ['warm-up', warm],
    ['run', result],
  ] as const) {
    const codes = Object.keys(r.statusCodeStats ?? {}).filter((code) => code !== expected);
    if (codes.length) problems.push(`${label}: status ${codes.join(', ')} (expected ${expected})`);
    if (r.errors > 0) problems.push(`${label}: ${r.errors} socket errors (${r.timeouts} timeouts)`);
  }
  if (scenario === 'reserve') {
    await new Promise((r) => setTimeout(r, 300));
    const item = await http(server.port, 'GET', `/inventory/${SKU}`);
    const reserved = Number(item.body?.data?.reservedQuantity);
    const min = warm['2xx'] + result['2xx'];
    const max = warm.requests.sent + result.requests.sent;
    if (!(reserved >= min && reserved <= max))
      problems.push(`reservedQuantity ${reserved} outside [${min}, ${max}]`);
  }
  return {
    round,
    target: server.target,
    scenario,
    reqPerSec: result.requests.total / (wallMicros / 1e6),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statusCodes,
    serverCpuPercent: (100 * cpuMicros) / wallMicros,
    cpuMicrosPerRequest: cpuMicros / result.requests.total,
    problems,
  };
}

async function runOnce(target: Target, round: number): Promise<Run[]> {
  const server = await startServer(target);
  try {
    holds = [];
    for (const [sku, totalQuantity] of [
      [SKU, STOCK],
      [SOLD_OUT_SKU, 0],
    ] as const) {
      const created = await http(server.port, 'POST', '/inventory', {
        sku,
        name: 'Benchmark item',
        price: 100,
        currency: 'USD',
        totalQuantity,
      });
      if (created.status !== 201)
        throw new Error(`${target}: POST /inventory ${created.status} ${JSON.stringify(created)}`);
    }
    const runs: Run[] = [];
    for (const scenario of SCENARIOS) {
      const run = await measure(server, round, scenario);
      runs.push(run);
      process.stderr.write(
        `round ${round} ${target.padEnd(9)} ${scenario.padEnd(8)} ${fmt(run.reqPerSec, 0).padStart(6)} req/s` +
          `  p50 ${fmt(run.p50Ms, 0).padStart(3)} ms  p99 ${fmt(run.p99Ms, 0).padStart(3)} ms` +
          `  server cpu ${fmt(run.serverCpuPercent, 0)}%  ${run.problems.length ? 'ERRORS: ' + run.problems.join('; ') : 'ok'}\n`,
      );
    }
    return runs;
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function clean(runs: Run[], scenario: Scenario, target: Target): Run[] {
  return runs.filter(
    (r) => r.scenario === scenario && r.target === target && r.problems.length === 0,
  );
}

function report(runs: Run[], startedAt: Date, load: number[]): string {
  const med = (scenario: Scenario, target: Target, pick: (r: Run) => number) =>
    median(clean(runs, scenario, target).map(pick));
  const lines = [
    `Against the limit, ${startedAt.toISOString()}, node ${process.version}, ${os.cpus().length} CPUs ` +
      `(${os.cpus()[0]?.model ?? '?'}), load average before ${load.map((l) => l.toFixed(2)).join(' ')}; ` +
      `medians of ${ROUNDS} rotating rounds, ${DURATION_S} s each (confirm: sized by the holds made), ${CONNECTIONS} connections`,
    '',
    '| scenario | server | req/s (median) | min-max | p50 ms | p99 ms | x bare | server CPU | CPU µs/req | clean runs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const rpsOf = (scenario: Scenario, target: Target) => med(scenario, target, (r) => r.reqPerSec);
  const costOf = (scenario: Scenario, target: Target) =>
    med(scenario, target, (r) => r.cpuMicrosPerRequest);
  for (const scenario of SCENARIOS) {
    for (const target of TARGETS) {
      const reqs = clean(runs, scenario, target).map((r) => r.reqPerSec);
      const all = runs.filter((r) => r.scenario === scenario && r.target === target).length;
      const cells = [
        scenario,
        target,
        fmt(median(reqs), 0),
        `${fmt(Math.min(...reqs), 0)}-${fmt(Math.max(...reqs), 0)}`,
        fmt(
          med(scenario, target, (r) => r.p50Ms),
          0,
        ),
        fmt(
          med(scenario, target, (r) => r.p99Ms),
          0,
        ),
        fmt(median(reqs) / rpsOf(scenario, 'bare'), 2),
        `${fmt(
          med(scenario, target, (r) => r.serverCpuPercent),
          0,
        )}%`,
        fmt(costOf(scenario, target), 0),
        `${reqs.length}/${all}`,
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  const services = TARGETS.filter((t) => t.startsWith('service'));
  if (services.length && TARGETS.includes('bare')) {
    lines.push(
      '',
      // CPU per request compares costs even when a server was not saturated (the load generator
      // shares the machine, and a bare server can outrun it).
      '| scenario | server | x bare (req/s) | x nest (req/s) | per-round x bare (req/s) | x bare (CPU per request) |',
      '| --- | --- | ---: | ---: | --- | ---: |',
    );
    for (const scenario of SCENARIOS) {
      for (const target of services) {
        const perRound = Array.from({ length: ROUNDS }, (_, i) => {
          const s = clean(runs, scenario, target).find((r) => r.round === i + 1);
          const b = clean(runs, scenario, 'bare').find((r) => r.round === i + 1);
          return s && b ? fmt(s.reqPerSec / b.reqPerSec, 2) : 'n/a';
        });
        const cells = [
          scenario,
          target,
          fmt(rpsOf(scenario, target) / rpsOf(scenario, 'bare'), 2),
          fmt(rpsOf(scenario, target) / rpsOf(scenario, 'nest'), 2),
          perRound.join(' '),
          fmt(costOf(scenario, 'bare') / costOf(scenario, target), 2),
        ];
        lines.push(`| ${cells.join(' | ')} |`);
      }
    }
  }
  if (SCENARIOS.includes('sold-out') && SCENARIOS.includes('reserve')) {
    lines.push('');
    for (const target of TARGETS) {
      const ratio =
        med('sold-out', target, (r) => r.reqPerSec) / med('reserve', target, (r) => r.reqPerSec);
      lines.push(`sold-out / reserve req/s, ${target}: ${fmt(ratio, 2)}`);
    }
  }
  const failed = runs.filter((r) => r.problems.length > 0);
  lines.push(
    '',
    failed.length === 0
      ? 'Every response of every run (warm-ups included) had the expected status; no socket errors; reserve stock checks passed.'
      : `RUNS WITH ERRORS (left out of the medians):\n${failed
          .map((r) => `  round ${r.round} ${r.target} ${r.scenario}: ${r.problems.join('; ')}`)
          .join('\n')}`,
  );
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`benchmark watchdog: not finished after ${WATCHDOG_MS / 1000} s\n`);
    current?.kill('SIGKILL');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  process.stderr.write(
    `limit bench: ${ROUNDS} rounds x ${TARGETS.join('/')} x ${SCENARIOS.join('/')}, ` +
      `${WARMUP_S} s warm-up + ${DURATION_S} s, ${CONNECTIONS} connections\n`,
  );
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const shift = (round - 1) % TARGETS.length;
    const order = [...TARGETS.slice(shift), ...TARGETS.slice(0, shift)];
    for (const target of order) runs.push(...(await runOnce(target, round)));
  }
  process.stdout.write('\n' + report(runs, startedAt, loadBefore));
  if (process.env.BENCH_JSON) {
    writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify({ startedAt, node: process.version, cpus: os.cpus().length, runs }, null, 2),
    );
  }
  process.exitCode = runs.some((r) => r.problems.length > 0) ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  current?.kill('SIGKILL');
  process.exit(1);
});
