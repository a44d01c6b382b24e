import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RequestLogHook } from './request-log.hook';
import { ROOT_LOGGER, RootLogger, RootLoggerModule } from './root-logger';

/**
 * Structured logs, all through one pino logger (ROOT_LOGGER): Nest's own log calls and ours
 * (Nest's Logger, bridged by nestjs-pino's Logger; main.ts installs it), and one line per request,
 * written by a Fastify hook (RequestLogHook).
 *
 * nestjs-pino's request middleware is not applied (`forRoutes: []`): it would run pino-http
 * through Nest's middleware layer for every request, make a child logger per request, and carry
 * it in an AsyncLocalStorage, which taxes every promise the process creates. In the limit
 * benchmark's profile that was about a fifth of a request's CPU time, for a request id the
 * request line and the error log carry explicitly anyway.
 */
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      inject: [ROOT_LOGGER],
      useFactory: (logger: RootLogger) => ({ pinoHttp: { logger }, forRoutes: [] }),
    }),
  ],
  providers: [RequestLogHook],
})
export class LoggingModule {}
