import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { StoreModule } from '../store/store.module';
import { IdempotencyHooks } from './idempotency.hooks';
import { IdempotencyService } from './idempotency.service';

/** Idempotency-Key on every POST: the service's rules, and the Fastify hooks that apply them. */
@Module({
  imports: [CoreModule, StoreModule],
  providers: [IdempotencyService, IdempotencyHooks],
})
export class IdempotencyModule {}
