import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module';
import { LoggingModule } from './logging.module';
import { MetricsModule } from './metrics.module';
import { ObservabilityHooks } from './observability.hooks';

/** Request logs (pino), request ids, and Prometheus metrics at GET /metrics. */
@Module({
  imports: [LoggingModule, MetricsModule, StoreModule],
  providers: [ObservabilityHooks],
})
export class ObservabilityModule {}
