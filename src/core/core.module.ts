import { Module } from '@nestjs/common';
import { APP_CONFIG, loadConfig } from './app-config';
import { Clock, SystemClock } from './clock';

/**
 * What every feature needs and nothing else provides: the validated configuration and the clock.
 * Static and imported by each module that uses it, so the graph shows who depends on them.
 * The configuration is parsed from the environment once per application; tests replace it (and
 * the clock) with `overrideProvider`.
 */
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig(process.env) },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [APP_CONFIG, Clock],
})
export class CoreModule {}
