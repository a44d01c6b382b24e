import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { writePendingRequestEvents } from '../observability/request-events';
import { DrainService } from './drain.service';

/**
 * On SIGTERM (or SIGINT): drain, then exit 0. Readiness turns 503 and responses carry
 * `Connection: close` at once; Nest then closes the app: Fastify stops accepting connections,
 * closes the idle keep-alive ones and waits for the requests it has read; the sweep stops and
 * the store closes. If that takes longer than `timeoutSeconds`, the process exits 1, saying how
 * many connections were still open (an orchestrator would kill it soon after anyway); if closing
 * fails, it logs the error and exits 1. Before any exit it writes the domain events still held for
 * request lines that will not come (a request still open, or one whose client left during the
 * drain: its connection's `close` may come after the server's).
 */
export function exitGracefullyOnSignals(app: NestFastifyApplication, timeoutSeconds: number): void {
  const logger = new Logger('Shutdown');
  const drain = app.get(DrainService);
  const server = app.getHttpServer();
  let started = false;
  const exit = (code: number): never => {
    writePendingRequestEvents(app.getHttpAdapter().getInstance());
    return process.exit(code);
  };

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) return;
    started = true;
    drain.begin();
    logger.log({ event: 'shutdown.started', signal, timeoutSeconds }, 'Draining');
    const deadline = setTimeout(() => {
      server.getConnections((_error, open) => {
        logger.error(
          { event: 'shutdown.timeout', openConnections: open, timeoutSeconds },
          'Drain timed out; exiting with requests still open',
        );
        exit(1);
      });
    }, timeoutSeconds * 1000);
    deadline.unref();
    try {
      await app.close();
    } catch (error) {
      logger.error({ event: 'shutdown.failed', signal, err: error }, 'Shutdown failed');
      exit(1);
    }
    logger.log({ event: 'shutdown.done', signal }, 'Drained and stopped');
    exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal));
  }
}
