import { freePort, jsonLines, startService, waitFor } from './support/real-process';

/*
 * The service as `npm start` runs it: a real process from src/main.ts on the embedded store with
 * its sample data, stopped with SIGTERM.
 */
describe('Start-up and shutdown (a real process)', () => {
  it('stops at once on a bad setting, naming the variable', async () => {
    const service = startService({ RESERVATION_TTL_SECONDS: 'soon' });
    expect((await service.exited).code).toBe(1);
    expect(service.output()).toMatch(/Invalid configuration:\s+RESERVATION_TTL_SECONDS: /);
  }, 60_000);

  it('refuses to start on MongoDB without ADMIN_API_KEY unless open admin routes are asked for', async () => {
    const service = startService({
      MONGODB_URI: 'mongodb://127.0.0.1:1/never-reached?replicaSet=rs0',
      ADMIN_API_KEY: '',
      ADMIN_ROUTES_OPEN: '',
    });
    expect((await service.exited).code).toBe(1);
    expect(service.output()).toMatch(/ADMIN_API_KEY: must be set when MONGODB_URI is/);
  }, 60_000);

  it('serves the sample catalogue, logs one JSON line per request with its x-request-id, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const service = startService({
      PORT: String(port),
      MONGODB_URI: '',
      ADMIN_API_KEY: '',
      SEED_SAMPLE_DATA: '',
      LOG_LEVEL: '',
      LOG_FORMAT: '',
    });
    let reservationId = '';
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await (await waitFor(`${base}/health`, 45_000)).json();
      expect(health).toMatchObject({
        success: true,
        data: { status: 'ok', store: { kind: 'in-memory', durable: false, status: 'up' } },
      });
      const res = await fetch(`${base}/inventory?limit=100`, {
        headers: { 'x-request-id': 'startup-check-1' },
      });
      expect(res.headers.get('x-request-id')).toBe('startup-check-1');
      const page = (await res.json()) as { data: { items: { sku: string }[] } };
      expect(page.data.items.map((item) => item.sku)).toContain('IPHONE-15-PRO-256');
      expect(page.data.items).toHaveLength(5);
      // A request id that is not a plausible id is replaced, not echoed.
      const forged = await fetch(`${base}/inventory/IPHONE-15-PRO-256`, {
        headers: { 'x-request-id': 'x'.repeat(500) },
      });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const hold = await fetch(`${base}/inventory/reserve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'startup-hold-1' },
        body: JSON.stringify({ sku: 'IPHONE-15-PRO-256', userId: 'startup-user', quantity: 1 }),
      });
      expect(hold.status).toBe(201);
      ({ reservationId } = ((await hold.json()) as { data: { reservationId: string } }).data);
      const docs = await fetch(`${base}/`, { redirect: 'manual' });
      expect([docs.status, docs.headers.get('location')]).toEqual([302, '/docs']);
      expect(service.output()).toContain(
        'Embedded in-process store: nothing is kept across restarts',
      );
      // The admin routes are listed from the OpenAPI document, not by hand.
      expect(service.output()).toMatch(
        /ADMIN_API_KEY is not set: the admin routes \(.*POST \/inventory\/\{sku\}\/adjustments.*\) are open/,
      );
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const lines = jsonLines(service.output());
    const requestLines = lines.filter(
      (line) => (line.req as { id?: string })?.id === 'startup-check-1',
    );
    // One line per request: nothing else (a request middleware) logs it a second time.
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'startup-check-1', method: 'GET', url: '/inventory?limit=100' },
      route: '/inventory',
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    // A domain event a request caused is a set of fields in that request's line, not a line of its own.
    const holdLines = lines.filter((line) => JSON.stringify(line).includes('reservation.created'));
    expect(holdLines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ id: 'startup-hold-1', url: '/inventory/reserve' }),
        res: { statusCode: 201 },
        events: [
          {
            event: 'reservation.created',
            reservationId,
            lines: [{ sku: 'IPHONE-15-PRO-256', quantity: 1 }],
            units: 1,
            expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          },
        ],
      }),
    ]);
    expect(lines.map((line) => line.event)).toEqual(
      expect.arrayContaining(['shutdown.started', 'shutdown.done']),
    );
  }, 90_000);

  it('logs human-readable lines with LOG_FORMAT=pretty', async () => {
    const port = await freePort();
    const service = startService({ PORT: String(port), LOG_FORMAT: 'pretty', LOG_LEVEL: '' });
    try {
      await waitFor(`${port && `http://127.0.0.1:${port}`}/health/live`, 45_000);
      await fetch(`http://127.0.0.1:${port}/inventory/IPHONE-15-PRO-256`, {
        headers: { 'x-request-id': 'pretty-1' },
      });
    } finally {
      service.child.kill('SIGTERM');
    }
    expect((await service.exited).code).toBe(0);
    expect(service.output()).toMatch(/INFO.*request completed/);
    expect(service.output()).toContain('pretty-1');
    expect(jsonLines(service.output())).toEqual([]);
  }, 90_000);
});
