import pino from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { ROOT_LOGGER } from '../src/observability/root-logger';
import { ExpirySweeper } from '../src/reservations/expiry-sweeper';
import { itemBody } from './support/factories';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';

type Line = Record<string, unknown> & { req?: { id: string }; events?: { event: string }[] };

/**
 * Every route that can make a transition hands its request's event log on: the events land in
 * that request's line, with its id, and only the sweep's are lines of their own.
 */
describe('Domain events in the request line (HTTP)', () => {
  let t: TestApp;
  let lines: Line[];
  let requests = 0;
  const http = () => request(t.app.getHttpServer());
  const as = <T extends { set(name: string, value: string): T }>(test: T) =>
    test.set('x-request-id', `events-${++requests}`);
  /** What the line of the last request says, and which events it carries. */
  const lastLine = () => {
    const line = lines.find((l) => l.req?.id === `events-${requests}`);
    return {
      status: (line?.res as { statusCode?: number } | undefined)?.statusCode,
      events: line?.events,
    };
  };
  const eventsOf = (...names: string[]) => names.map((event) => expect.objectContaining({ event }));
  const reserve = (userId: string) =>
    as(http().post('/inventory/reserve')).send({ sku: 'SKU-1', userId, quantity: 1 });
  const idOf = (response: { body: { data: { reservationId: string } } }) =>
    response.body.data.reservationId;

  beforeEach(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Line);
        done();
      },
    });
    t = await createTestApp({ LOG_LEVEL: 'log', RESERVATION_TTL_SECONDS: '60' }, (builder) =>
      builder.overrideProvider(ROOT_LOGGER).useValue(pino({ level: 'info' }, sink)),
    );
    await http()
      .post('/inventory')
      .set('x-api-key', ADMIN_KEY)
      .send(itemBody({ sku: 'SKU-1', totalQuantity: 50 }))
      .expect(201);
  });
  afterEach(() => t.close());

  it('reserve, cart, confirm and cancel: each event in the line of the request that caused it', async () => {
    const held = await reserve('u1').expect(201);
    expect(lastLine()).toEqual({
      status: 201,
      events: [
        expect.objectContaining({
          event: 'reservation.created',
          reservationId: idOf(held),
          lines: [{ sku: 'SKU-1', quantity: 1 }],
        }),
      ],
    });
    await reserve('u1').expect(200); // the same hold again: no transition, no event
    expect(lastLine()).toEqual({ status: 200, events: undefined });

    await as(http().post('/checkout/confirm')).send({ reservationId: idOf(held), userId: 'u1' });
    expect(lastLine()).toEqual({ status: 200, events: eventsOf('reservation.confirmed') });

    const cart = await as(http().post('/reservations'))
      .send({ userId: 'u2', lines: [{ sku: 'SKU-1', quantity: 2 }] })
      .expect(201);
    expect(lastLine()).toEqual({ status: 201, events: eventsOf('reservation.created') });
    await as(http().post('/checkout/cancel')).send({ reservationId: idOf(cart), userId: 'u2' });
    expect(lastLine()).toEqual({ status: 200, events: eventsOf('reservation.cancelled') });
    expect(lines.filter((line) => 'event' in line)).toEqual([]); // no line of its own
  });

  it('a request that changes nothing has no events: another user, a repeat, an Idempotency-Key replay', async () => {
    const id = idOf(await reserve('u1').expect(201));
    const confirm = (userId: string) =>
      as(http().post('/checkout/confirm')).send({ reservationId: id, userId });
    await confirm('u2').expect(403);
    expect(lastLine()).toEqual({ status: 403, events: undefined });
    await confirm('u1').set('idempotency-key', 'events-key-1').expect(200);
    expect(lastLine()).toEqual({ status: 200, events: eventsOf('reservation.confirmed') });
    // The replay answers the first request's body; the transition happened once, and is logged once.
    await confirm('u1').set('idempotency-key', 'events-key-1').expect(200);
    expect(lastLine()).toEqual({ status: 200, events: undefined });
    await confirm('u1').expect(200); // a repeat without a key: already confirmed
    expect(lastLine()).toEqual({ status: 200, events: undefined });
    expect(lines.filter((line) => 'event' in line)).toEqual([]);
  });

  it('a due hold expired by a request (read, confirm, extend, a new reserve) is in that request line', async () => {
    const ids = [];
    for (const user of ['u1', 'u2', 'u3', 'u4']) ids.push(idOf(await reserve(user).expect(201)));
    t.clock.advance(60_000);

    await as(http().get(`/reservations/${ids[0]}`)).expect(200);
    expect(lastLine()).toEqual({ status: 200, events: eventsOf('reservation.expired') });
    await as(http().post('/checkout/confirm')).send({ reservationId: ids[1], userId: 'u2' });
    expect(lastLine()).toEqual({ status: 410, events: eventsOf('reservation.expired') });
    await as(http().post(`/reservations/${ids[2]}/extend`)).send({ userId: 'u3' });
    expect(lastLine()).toEqual({ status: 410, events: eventsOf('reservation.expired') });
    // u4's new hold first expires the old one, in the same request.
    await reserve('u4').expect(201);
    expect(lastLine()).toEqual({
      status: 201,
      events: eventsOf('reservation.expired', 'reservation.created'),
    });
    expect(lines.filter((line) => 'event' in line)).toEqual([]);
  });

  it("the sweep's expiries are lines of their own", async () => {
    const id = idOf(await reserve('u1').expect(201));
    t.clock.advance(60_000);
    await t.app.get(ExpirySweeper).sweep();
    expect(lines.filter((line) => typeof line.event === 'string')).toEqual([
      expect.objectContaining({
        context: 'Reservations',
        msg: 'Hold expired',
        event: 'reservation.expired',
        reservationId: id,
        latenessMs: 0,
      }),
    ]);
  });
});
