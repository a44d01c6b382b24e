import { Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AppConfig, APP_CONFIG, LogLevel } from '../core/app-config';
import { CoreModule } from '../core/core.module';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept when it is a plausible id, so it can be followed across services. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` if plausible, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The route pattern of a request (`/reservations/:id`), put on the raw request by MetricsHooks. */
export const ROUTE = Symbol('route');
type RoutedRequest = IncomingMessage & { [ROUTE]?: string };

const PINO_LEVELS: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Probes and scrapes every few seconds would drown the request log. */
const QUIET_PATHS = /^\/(health(\/|$|\?)|metrics($|\?))/;

export function pinoHttpOptions(config: AppConfig): Options {
  return {
    level: PINO_LEVELS[config.logLevel],
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
      : {}),
    // Nest's middleware sees a URL relative to its mount point; originalUrl is the one requested.
    autoLogging: {
      ignore: (request: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.test(request.originalUrl ?? request.url ?? ''),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : 'info',
    // One line per request: the request id (Fastify's, from requestIdOf), method, route, status
    // and duration (`responseTime`, ms), not every header.
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customProps: (request: RoutedRequest) => ({ route: request[ROUTE] }),
  };
}

/** Structured logs: pino through nestjs-pino (Nest's own log calls go to it too, from main.ts). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [CoreModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: pinoHttpOptions(config) }),
    }),
  ],
})
export class LoggingModule {}
