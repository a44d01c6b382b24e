import { DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { CheckoutModule } from './checkout/checkout.module';
import { Clock, SystemClock } from './common/clock/clock';
import { ErrorEnvelopeFilter } from './common/errors/error-envelope.filter';
import { SuccessEnvelopeInterceptor } from './common/http/success-envelope.interceptor';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig, APP_CONFIG } from './config/app-config';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InventoryModule } from './inventory/inventory.module';
import { StoreModule } from './store/store.module';

/**
 * The application, built from a parsed configuration. The global pipe, filter and envelope are
 * registered through DI, so tests that compile this module get exactly what production runs.
 */
@Module({})
export class AppModule implements OnApplicationShutdown {
  /** Runs after the HTTP server has closed, as the sweeper's job is stopped and the store closed. */
  onApplicationShutdown(signal?: string): void {
    new Logger('Shutdown').log(
      `Stopped${signal ? ` on ${signal}` : ''}: no longer taking requests`,
    );
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ScheduleModule.forRoot(),
        StoreModule.forRoot(config.store),
        InventoryModule,
        CheckoutModule,
        HealthModule,
        IdempotencyModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_INTERCEPTOR, useClass: SuccessEnvelopeInterceptor },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
