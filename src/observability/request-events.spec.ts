import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import { EventEmitter } from 'node:events';
import { ReservationEvent } from '../reservations/reservation-events';
import {
  installRequestEvents,
  pendingRequestEventsOf,
  PendingRequestEvents,
  RequestEventLog,
} from './request-events';

const event = (reservationId: string): ReservationEvent => ({
  event: 'reservation.created',
  reservationId,
  lines: [{ sku: 'S', quantity: 1 }],
  units: 1,
  expiresAt: '2026-11-25T12:00:00.000Z',
});

/** A request's events go to its request line, or to lines of their own; each exactly once. */
describe('RequestEventLog', () => {
  type Connection = EventEmitter & { destroyed: boolean };
  let lines: jest.Mock;
  let fastify: FastifyInstance;
  let server: PendingRequestEvents;
  const connection = (): Connection => Object.assign(new EventEmitter(), { destroyed: false });
  /** A request on `on`: the log of a stand-in reply with just what the log reads from one. */
  const request = (on: Connection, response = { writableFinished: false }) => ({
    response,
    log: new RequestEventLog({
      raw: response,
      request: { raw: { socket: on } },
      server: fastify,
    } as unknown as FastifyReply),
  });
  const close = (on: Connection) => {
    on.destroyed = true;
    on.emit('close');
  };

  beforeEach(() => {
    lines = jest.fn();
    fastify = Fastify();
    installRequestEvents(fastify, { record: lines });
    server = pendingRequestEventsOf(fastify)!;
  });

  it('keeps the events for the request line, in order, and none for a request that caused none', () => {
    const on = connection();
    expect(request(on).log.take()).toBeUndefined();
    const { log, response } = request(on);
    log.record(event('a'));
    log.record(event('b'));
    expect(log.take()).toEqual([event('a'), event('b')]);
    expect(server.size).toBe(0);
    response.writableFinished = true;
    close(on);
    expect(lines).not.toHaveBeenCalled();
  });

  it('writes an event recorded after the request line as a line of its own', () => {
    const { log } = request(connection());
    log.record(event('a'));
    log.take();
    log.record(event('b'));
    expect(lines.mock.calls).toEqual([[event('b')]]);
  });

  it('writes the events of a request whose connection closed before its answer was sent', () => {
    const on = connection();
    const { log } = request(on);
    log.record(event('a'));
    log.record(event('b'));
    close(on);
    expect(lines.mock.calls).toEqual([[event('a')], [event('b')]]);
    expect(log.take()).toBeUndefined(); // and not again with a request line
    expect(server.size).toBe(0);
  });

  it('keeps the order when the connection is already gone but its close has not come yet', () => {
    const on = connection();
    const { log } = request(on);
    log.record(event('a'));
    on.destroyed = true; // Node marks the socket destroyed before it emits 'close'
    log.record(event('b'));
    expect(lines.mock.calls).toEqual([[event('a')], [event('b')]]);
    on.emit('close');
    expect(lines).toHaveBeenCalledTimes(2);
  });

  it('leaves the events of an answered request to its request line, even if the line comes after the close', async () => {
    const on = connection();
    const { log, response } = request(on);
    log.record(event('a'));
    response.writableFinished = true; // answered; an async onResponse hook still runs first
    close(on);
    expect(lines).not.toHaveBeenCalled();
    expect(log.take()).toEqual([event('a')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).not.toHaveBeenCalled();
  });

  it('writes the events of an answered request whose request line never came (a hook before it failed)', async () => {
    const on = connection();
    const { log, response } = request(on);
    log.record(event('a'));
    response.writableFinished = true;
    close(on);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.mock.calls).toEqual([[event('a')]]);
    expect(server.size).toBe(0);
  });

  it('writes an event at once when the connection is already gone', () => {
    const on = connection();
    on.destroyed = true;
    request(on).log.record(event('a'));
    expect(lines.mock.calls).toEqual([[event('a')]]);
    expect(on.listenerCount('close')).toBe(0);
  });

  it('listens once per connection, and a closing connection writes only its own requests', () => {
    const pipelined = connection();
    const other = connection();
    const first = request(pipelined).log;
    const second = request(pipelined).log;
    const elsewhere = request(other).log;
    first.record(event('a'));
    second.record(event('b'));
    elsewhere.record(event('c'));
    expect(pipelined.listenerCount('close')).toBe(1);
    close(pipelined);
    expect(lines.mock.calls).toEqual([[event('a')], [event('b')]]);
    expect(elsewhere.take()).toEqual([event('c')]);
  });

  it('writes every pending event at once when asked (a drain that timed out), and only once', () => {
    const on = connection();
    const { log } = request(on);
    log.record(event('a'));
    const taken = request(on).log;
    taken.record(event('b'));
    taken.take();
    server.writeAll();
    expect(lines.mock.calls).toEqual([[event('a')]]);
    expect(log.take()).toBeUndefined();
    expect(server.size).toBe(0);
  });
});
