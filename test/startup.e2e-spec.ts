import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/*
 * The service as `npm start` runs it: a real process from src/main.ts (through ts-node, so no
 * build is needed), on the embedded store with its sample data, stopped with SIGTERM.
 */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    // Never the service's MONGODB_URI from the calling shell: these runs use the embedded store.
    env: { ...process.env, MONGODB_URI: '', ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitFor(url: string, deadlineMs: number): Promise<Response> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('Start-up and shutdown (a real process)', () => {
  it('stops at once on a bad setting, naming the variable', async () => {
    const { child, output } = start({ RESERVATION_TTL_SECONDS: 'soon' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(output()).toMatch(/Invalid configuration:\s+RESERVATION_TTL_SECONDS: /);
  }, 60_000);

  it('serves the sample catalogue on the embedded store, says so loudly, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { child, output } = start({
      PORT: String(port),
      MONGODB_URI: '',
      ADMIN_API_KEY: '',
      SEED_SAMPLE_DATA: '',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await (await waitFor(`${base}/health`, 45_000)).json();
      expect(health).toMatchObject({
        success: true,
        data: { status: 'ok', store: { kind: 'in-memory', durable: false, status: 'up' } },
      });
      const page = (await (await fetch(`${base}/inventory?limit=100`)).json()) as {
        data: { items: { sku: string }[] };
      };
      expect(page.data.items.map((item) => item.sku)).toContain('IPHONE-15-PRO-256');
      expect(page.data.items).toHaveLength(5);
      const docs = await fetch(`${base}/`, { redirect: 'manual' });
      expect([docs.status, docs.headers.get('location')]).toEqual([302, '/docs']);
      expect(output()).toContain('Embedded in-process store: nothing is kept across restarts');
      // The admin routes are listed from the OpenAPI document, not by hand.
      expect(output()).toMatch(
        /ADMIN_API_KEY is not set: the admin routes \(.*POST \/inventory\/\{sku\}\/adjustments.*\) are open/,
      );
    } finally {
      child.kill('SIGTERM');
    }
    // Nest closes the app on SIGTERM (enableShutdownHooks), then re-raises the signal to exit.
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(output()).toContain('Stopped on SIGTERM: no longer taking requests');
  }, 90_000);
});
