import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import pino from 'pino';
import { request as httpRequest } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { ReservationEvent } from '../reservations/reservation-events';
import { eventLines } from './event-lines';
import { RequestLogHook } from './request-log.hook';
import { requestEventsOf, writePendingRequestEvents } from './request-events';

const CREATED: ReservationEvent = {
  event: 'reservation.created',
  reservationId: 'r-1',
  lines: [{ sku: 'S', quantity: 1 }],
  units: 1,
  expiresAt: '2026-11-25T12:00:00.000Z',
};
/** The event as a line of its own. */
const OWN_LINE = expect.objectContaining({
  level: 30,
  context: 'Reservations',
  msg: 'Hold created',
  ...CREATED,
}) as unknown;

/** The request line, on a real Fastify instance, with pino writing to an array. */
describe('RequestLogHook', () => {
  let fastify: FastifyInstance;
  let lines: Record<string, unknown>[];
  /** Lets the waiting handlers go on (a test closes the client's connection first). */
  let openGate: () => void;
  /** Settles once a waiting handler has answered (or tried to). */
  let answered: Promise<void>;

  async function start(level = 'info'): Promise<void> {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    fastify = Fastify({ genReqId: () => 'req-1' });
    const host = { httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost;
    const logger = pino({ level }, sink);
    new RequestLogHook(logger, eventLines(logger), host).onModuleInit();
    fastify.get('/inventory/:sku', () => ({ ok: true }));
    fastify.get('/boom', (_request, reply) => reply.code(503).send({ ok: false }));
    fastify.get('/health/ready', () => ({ ok: true }));
    fastify.get('/health/down', (_request, reply) => reply.code(503).send({ ok: false }));
    fastify.get('/metrics', () => 'text');
    const recordCreated = (_request: unknown, reply: FastifyReply) => {
      requestEventsOf(reply)?.record(CREATED);
      return { ok: true };
    };
    fastify.post('/hold', recordCreated);
    fastify.post('/health/hold', recordCreated);
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let answer: () => void;
    answered = new Promise((resolve) => (answer = resolve));
    const afterGate = async <T>(work: () => T): Promise<T> => {
      await gate;
      const result = work();
      setImmediate(answer);
      return result;
    };
    fastify.post('/wait-then-hold', (request, reply) =>
      afterGate(() => recordCreated(request, reply)),
    );
    fastify.post('/hold-then-wait', (request, reply) => {
      recordCreated(request, reply);
      return afterGate(() => ({ ok: true }));
    });
    fastify.get('/wait', () => afterGate(() => ({ ok: true })));
    await fastify.ready();
  }
  afterEach(() => fastify.close());

  it('writes one info line per answered request: id, method, URL, route, status, duration', async () => {
    await start();
    await fastify.inject({ method: 'GET', url: '/inventory/ABC?x=1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/inventory/ABC?x=1' },
      route: '/inventory/:sku',
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
  });

  it('writes a 5xx at error level ("request errored"), even when info is off', async () => {
    await start('warn');
    await fastify.inject({ method: 'GET', url: '/inventory/ABC' });
    await fastify.inject({ method: 'GET', url: '/boom' });
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 503 } }),
    ]);
  });

  it('leaves out probes and scrapes, and shortens a long URL', async () => {
    await start();
    await fastify.inject({ method: 'GET', url: '/health/ready' });
    await fastify.inject({ method: 'GET', url: '/metrics' });
    await fastify.inject({ method: 'GET', url: `/inventory/A?q=${'x'.repeat(300)}` });
    expect(lines).toHaveLength(1);
    const { url } = lines[0].req as { url: string };
    expect(url).toBe(`/inventory/A?q=${'x'.repeat(185)}…`);
  });

  it("carries the request's domain events in its line, with its id, and writes no line of their own", async () => {
    await start();
    await fastify.inject({ method: 'POST', url: '/hold' });
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ id: 'req-1', url: '/hold' }),
        events: [CREATED],
      }),
    ]);
  });

  it('writes the events of a request whose line is left out as lines of their own', async () => {
    await start();
    await fastify.inject({ method: 'POST', url: '/health/hold' });
    expect(lines).toEqual([OWN_LINE]);
  });

  describe('a request whose connection closes before its answer is sent (real sockets)', () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    async function listen(): Promise<number> {
      await start();
      await fastify.listen({ port: 0, host: '127.0.0.1' });
      return (fastify.server.address() as AddressInfo).port;
    }
    async function postAndLeave(port: number, path: string): Promise<void> {
      const client = httpRequest({ port, host: '127.0.0.1', method: 'POST', path });
      const gone = new Promise((resolve) => client.on('error', resolve));
      client.end();
      await pause(100); // the handler is waiting
      client.destroy();
      await gone;
      await pause(50); // the server sees the close
    }

    it('writes an event recorded after the client left as a line of its own', async () => {
      await postAndLeave(await listen(), '/wait-then-hold');
      openGate();
      await answered;
      expect(lines).toEqual([OWN_LINE]);
    });

    it('writes the events recorded before the client left when the connection closes', async () => {
      await postAndLeave(await listen(), '/hold-then-wait');
      expect(lines).toEqual([OWN_LINE]); // at the close, before the handler has even answered
      openGate();
      await answered;
      await pause(20);
      expect(lines).toEqual([OWN_LINE]); // and only once
    });

    it('writes the events of an answer queued behind a slower one on a pipelined connection', async () => {
      const port = await listen();
      const socket = connect(port, '127.0.0.1');
      const gone = new Promise((resolve) => socket.on('close', resolve));
      socket.write(
        'GET /wait HTTP/1.1\r\nHost: x\r\n\r\n' +
          'POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      );
      await pause(100); // /hold has answered; its answer waits behind /wait's
      socket.destroy();
      await gone;
      await pause(50);
      expect(lines).toEqual([OWN_LINE]);
      openGate();
      await answered;
    });
  });

  it("writes an open request's events on their own when asked (a drain that timed out), not again in its line", async () => {
    await start();
    const open = fastify.inject({ method: 'POST', url: '/hold-then-wait' });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the handler has recorded, and waits
    writePendingRequestEvents(fastify);
    expect(lines).toEqual([OWN_LINE]);
    openGate();
    await open;
    expect(lines).toEqual([
      OWN_LINE,
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ url: '/hold-then-wait' }),
      }),
    ]);
    expect(lines[1]).not.toHaveProperty('events');
  });

  it('still logs a probe that fails with a 5xx (a readiness 503: store down, or draining)', async () => {
    await start();
    await fastify.inject({ method: 'GET', url: '/health/down' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'request errored',
        req: expect.objectContaining({ url: '/health/down' }),
      }),
    ]);
  });
});
