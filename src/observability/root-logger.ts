import { Module } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { AppConfig, APP_CONFIG, LogLevel } from '../core/app-config';
import { CoreModule } from '../core/core.module';
import { EVENT_LINES, eventLines } from './event-lines';

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
 * stdout through pino's own destination (sonic-boom), asynchronously (`sync: false`): a request
 * does not wait for its line to be written, nor the event loop for a log collector that reads
 * slowly; pino writes what is left when the process exits.
 *
 * Each line is handed over as a Buffer (`contentMode: 'buffer'`). Given strings, sonic-boom
 * appends each line to the text queued behind the write in flight and measures that whole text's
 * UTF-8 length again, which copies it: under load every line copied the kilobytes queued before
 * it (about 8 KB of garbage per reserve, seen with V8's sampling heap profiler; 114 against 124
 * µs of CPU per reserve in bench/, 2026-11-25). Buffers are queued in a list and joined once per
 * write.
 */
function stdoutDestination(): DestinationStream & { flush(cb?: (err?: Error) => void): void } {
  const sonic = pino.destination({ dest: 1, sync: false, contentMode: 'buffer' });
  // sonic-boom's typings know only strings. Its methods are looked up on each call: on EPIPE
  // pino replaces them with no-ops.
  const write = (line: Buffer) =>
    (sonic.write as unknown as (data: Buffer) => boolean).call(sonic, line);
  return {
    write: (line: string) => void write(Buffer.from(line)),
    flush: (cb) => sonic.flush(cb),
  };
}

/** JSON lines on stdout; pino-pretty, which runs in its own worker thread, with LOG_FORMAT=pretty. */
function createRootLogger(config: AppConfig): RootLogger {
  const options = rootLoggerOptions(config);
  return config.logFormat === 'pretty' ? pino(options) : pino(options, stdoutDestination());
}

@Module({
  imports: [CoreModule],
  providers: [
    { provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: createRootLogger },
    { provide: EVENT_LINES, inject: [ROOT_LOGGER], useFactory: eventLines },
  ],
  exports: [ROOT_LOGGER, EVENT_LINES],
})
export class RootLoggerModule {}
