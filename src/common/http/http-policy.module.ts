import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module';
import { AdminApiKeyHook } from './admin-api-key.guard';

/** Who may call what, decided before any route or Idempotency-Key hook runs. */
@Module({
  imports: [CoreModule],
  providers: [AdminApiKeyHook],
})
export class HttpPolicyModule {}
