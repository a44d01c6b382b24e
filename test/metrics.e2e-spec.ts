import request from 'supertest';
import { InventoryRepository } from '../src/inventory/inventory.repository';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+-]+|[+-]?(nan|inf))$/i; // Prometheus reads NaN and Inf in any case
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;

/** The Prometheus exposition format, line by line; every sample as `name{labels}` → value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || COMMENT.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

describe('GET /metrics', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const scrape = async () => {
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(res.text);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await http()
      .post('/inventory')
      .set('x-api-key', ADMIN_KEY)
      .send(itemBody({ sku: 'METRIC-1', totalQuantity: 10 }))
      .expect(201);
  });
  afterAll(() => t.close());

  it('parses as Prometheus text, with the process metrics', async () => {
    const samples = await scrape();
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts a reserve and a confirm, the units held, and the requests by route and status', async () => {
    const before = await scrape();
    const hold = await http()
      .post('/inventory/reserve')
      .send({ sku: 'METRIC-1', quantity: 3, userId: 'metrics-1' })
      .expect(201);
    // A retry of the same hold is not a new hold.
    await http()
      .post('/inventory/reserve')
      .send({ sku: 'METRIC-1', quantity: 3, userId: 'metrics-1' })
      .expect(200);
    const held = await scrape();
    expect(held.get('inventory_units_reserved')).toBe(3);
    const { reservationId } = hold.body.data;
    await http().post('/checkout/confirm').send({ reservationId, userId: 'metrics-1' }).expect(200);
    await http().post('/checkout/confirm').send({ reservationId, userId: 'metrics-1' }).expect(200);
    const after = await scrape();
    const moved = (name: string) => after.get(name)! - (before.get(name) ?? 0);
    expect({
      created: moved('reservations_created_total'),
      confirmed: moved('reservations_confirmed_total'),
      cancelled: moved('reservations_cancelled_total'),
      expired: moved('reservations_expired_total'),
    }).toEqual({ created: 1, confirmed: 1, cancelled: 0, expired: 0 });
    expect(after.get('inventory_units_reserved')).toBe(0);
    expect(
      moved(
        'http_request_duration_seconds_count{method="POST",route="/inventory/reserve",status_code="201"}',
      ),
    ).toBe(1);
    expect(
      moved(
        'http_request_duration_seconds_count{method="POST",route="/checkout/confirm",status_code="200"}',
      ),
    ).toBe(2);
    expect(
      moved('store_call_duration_seconds_count{repository="reservations",operation="reserve"}'),
    ).toBe(2);
  });

  it('counts an expiry by the sweep, and records the sweep', async () => {
    const before = await scrape();
    await http()
      .post('/inventory/reserve')
      .send({ sku: 'METRIC-1', quantity: 1, userId: 'metrics-2' })
      .expect(201);
    t.clock.advance(t.config.reservationTtlSeconds * 1000 + 1500);
    await t.app.get(ExpirySweeper).sweepAndLog();
    const after = await scrape();
    expect(
      after.get('reservations_expired_total')! - before.get('reservations_expired_total')!,
    ).toBe(1);
    expect(after.get('expiry_sweep_duration_seconds_count')).toBeGreaterThan(0);
    expect(after.get('expiry_sweep_max_lateness_seconds')).toBe(1.5);
  });

  it('labels unmatched URLs as one route, so a scanner cannot create a series per path', async () => {
    await http().get('/wp-admin/one').expect(404);
    await http().get('/wp-admin/two').expect(404);
    const samples = await scrape();
    expect(
      samples.get(
        'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}',
      ),
    ).toBeGreaterThanOrEqual(2);
    expect([...samples.keys()].some((key) => key.includes('wp-admin'))).toBe(false);
  });

  it('still answers when the store cannot be read: the units-held gauge keeps its last value', async () => {
    // A unit held, so the last value is not the 0 a reset would also show.
    await http()
      .post('/inventory/reserve')
      .send({ sku: 'METRIC-1', quantity: 2, userId: 'metrics-gauge' })
      .expect(201);
    const last = (await scrape()).get('inventory_units_reserved');
    expect(last).toBe(2);
    // The port the gauge reads is the timed proxy over the adapter: its `unitsReserved` is
    // replaced on the adapter underneath, which the proxy calls.
    const inventory = t.app.get(InventoryRepository);
    const unitsReserved = jest.fn(() => Promise.reject(new Error('connection reset by peer')));
    Object.assign(inventory, { unitsReserved });
    try {
      const samples = await scrape();
      expect(unitsReserved).toHaveBeenCalled();
      expect(samples.get('inventory_units_reserved')).toBe(last);
      expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      // The adapter's own method (on its prototype) shows through again.
      delete (inventory as { unitsReserved?: unknown }).unitsReserved;
    }
  });
});
