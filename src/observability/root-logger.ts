import { Module } from '@nestjs/common';
import pino, { Logger, LoggerOptions } from 'pino';
import { AppConfig, APP_CONFIG, LogLevel } from '../core/app-config';
import { CoreModule } from '../core/core.module';

/** The one pino logger every log line goes through (`pino.Logger`). */
export const ROOT_LOGGER = 'ROOT_LOGGER';
export type RootLogger = Logger;

const PINO_LEVELS: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** JSON lines at LOG_LEVEL; human-readable ones (pino-pretty) only with LOG_FORMAT=pretty. */
function rootLoggerOptions(config: AppConfig): LoggerOptions {
  return {
    level: PINO_LEVELS[config.logLevel],
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
      : {}),
  };
}

/**
 * JSON lines go to stdout asynchronously (pino's `sync: false` destination): a request does not
 * wait for its line to be written, nor the event loop for a log collector that reads slowly; pino
 * writes what is left when the process exits. (pino-pretty runs in its own worker thread anyway.)
 */
function createRootLogger(config: AppConfig): RootLogger {
  const options = rootLoggerOptions(config);
  return config.logFormat === 'pretty'
    ? pino(options)
    : pino(options, pino.destination({ dest: 1, sync: false }));
}

@Module({
  imports: [CoreModule],
  providers: [{ provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: createRootLogger }],
  exports: [ROOT_LOGGER],
})
export class RootLoggerModule {}
