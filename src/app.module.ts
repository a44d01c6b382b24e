import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ErrorEnvelopeFilter } from './common/errors/error-envelope.filter';
import { HttpPolicyModule } from './common/http/http-policy.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InventoryModule } from './inventory/inventory.module';
import { ObservabilityModule } from './observability/observability.module';
import { ReservationsModule } from './reservations/reservations.module';

/**
 * The application: the features, and the global pipe and filter registered through DI, so tests
 * that compile this module get exactly what production runs (the success envelope is applied by
 * the HTTP adapter, `createHttpAdapter()`, which main.ts and the tests share). Each feature module
 * imports what it uses (CoreModule for configuration and clock, StoreModule for the store port).
 */
@Module({
  imports: [
    // Registers SchedulerRegistry globally (Nest's own choice) for the expiry sweeper.
    ScheduleModule.forRoot(),
    ObservabilityModule,
    HttpPolicyModule,
    InventoryModule,
    ReservationsModule,
    IdempotencyModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
  ],
})
export class AppModule {}
