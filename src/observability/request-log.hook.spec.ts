import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { RequestLogHook } from './request-log.hook';

/** The request line, on a real Fastify instance, with pino writing to an array. */
describe('RequestLogHook', () => {
  let fastify: FastifyInstance;
  let lines: Record<string, unknown>[];

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
    new RequestLogHook(pino({ level }, sink), host).onModuleInit();
    fastify.get('/inventory/:sku', () => ({ ok: true }));
    fastify.get('/boom', (_request, reply) => reply.code(503).send({ ok: false }));
    fastify.get('/health/ready', () => ({ ok: true }));
    fastify.get('/health/down', (_request, reply) => reply.code(503).send({ ok: false }));
    fastify.get('/metrics', () => 'text');
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
