import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as requestEvents from '../observability/request-events';
import { DrainService } from './drain.service';
import { exitGracefullyOnSignals } from './shutdown';

/** The signal handling alone, on a stand-in app; the whole drain runs in test/drain.e2e-spec.ts. */
describe('exitGracefullyOnSignals', () => {
  let handlers: Map<string, () => void>;
  let exit: jest.SpyInstance;
  let logged: { level: string; fields: unknown }[];

  beforeEach(() => {
    handlers = new Map();
    jest.spyOn(process, 'once').mockImplementation(((signal: string, handler: () => void) => {
      handlers.set(signal, handler);
      return process;
    }) as typeof process.once);
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    jest.spyOn(requestEvents, 'writePendingRequestEvents');
    logged = [];
    for (const level of ['log', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
        logged.push({ level, fields: args[0] });
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  const fastify = {};
  const openConnections = 3;
  // Only the timeout test's server reports its connections: the other tests' deadlines outlive them.
  const appClosing = (close: () => Promise<void>, getConnections: unknown = jest.fn()) => {
    const drain = { begin: jest.fn() };
    const app = {
      get: (token: unknown) => (token === DrainService ? drain : undefined),
      getHttpServer: () => ({ getConnections }),
      getHttpAdapter: () => ({ getInstance: () => fastify }),
      close,
    } as unknown as NestFastifyApplication;
    exitGracefullyOnSignals(app, 10);
    return drain;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** The events held for request lines are written, on the app's Fastify, before it exits. */
  const expectHeldEventsWrittenFirst = () => {
    const written = jest.mocked(requestEvents.writePendingRequestEvents);
    expect(written.mock.calls[0]).toEqual([fastify]); // (the mocked exit returns; a real one does not)
    expect(written.mock.invocationCallOrder[0]).toBeLessThan(exit.mock.invocationCallOrder[0]);
  };

  it('drains on SIGTERM, logs shutdown.done and exits 0', async () => {
    const drain = appClosing(() => Promise.resolve());
    handlers.get('SIGTERM')!();
    await settle();
    expect(drain.begin).toHaveBeenCalledTimes(1);
    expect(exit.mock.calls[0]).toEqual([0]);
    expect(logged.map(({ fields }) => (fields as { event: string }).event)).toEqual([
      'shutdown.started',
      'shutdown.done',
    ]);
    expectHeldEventsWrittenFirst();
  });

  it("on a drain that times out: logs shutdown.timeout, writes the open requests' events, exits 1", () => {
    jest.useFakeTimers();
    try {
      appClosing(
        () => new Promise(() => undefined), // never closes
        (report: (error: null, open: number) => void) => report(null, openConnections),
      );
      handlers.get('SIGTERM')!();
      jest.advanceTimersByTime(10_000);
      expect(logged).toContainEqual({
        level: 'error',
        fields: expect.objectContaining({ event: 'shutdown.timeout', openConnections }),
      });
      expect(exit.mock.calls).toEqual([[1]]);
      expectHeldEventsWrittenFirst();
    } finally {
      jest.useRealTimers();
    }
  });

  it('logs shutdown.failed with the error and exits 1 when closing fails', async () => {
    appClosing(() => Promise.reject(new Error('store close failed')));
    handlers.get('SIGINT')!();
    await settle();
    expect(exit.mock.calls[0]).toEqual([1]);
    expect(logged).toContainEqual({
      level: 'error',
      fields: expect.objectContaining({
        event: 'shutdown.failed',
        signal: 'SIGINT',
        err: expect.objectContaining({ message: 'store close failed' }),
      }),
    });
    expectHeldEventsWrittenFirst();
  });
});
