import { Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The metrics registry, for whoever records into it (the store port, the sweep, HTTP hooks). */
@Module({
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
