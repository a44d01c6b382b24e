import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, APP_CONFIG } from '../../core/app-config';
import { CoreModule } from '../../core/core.module';
import { AdminApiKeyHook } from './admin-api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { SlidingLogThrottlerStorage } from './rate-limit.storage';

/**
 * Who may call what, and how often: the admin key (a Fastify hook, before any route or
 * Idempotency-Key hook runs) and the per-client rate limit (@nestjs/throttler, a global guard, its
 * hits kept by SlidingLogThrottlerStorage; health is exempt with @SkipThrottle, /metrics and /docs
 * are not Nest routes).
 */
@Module({
  imports: [
    CoreModule,
    ThrottlerModule.forRootAsync({
      imports: [CoreModule],
      inject: [APP_CONFIG],
      useFactory: ({ rateLimit }: AppConfig) => ({
        throttlers: [{ ttl: (rateLimit?.windowSeconds ?? 60) * 1000, limit: rateLimit?.max ?? 1 }],
        skipIf: () => rateLimit === null,
        storage: new SlidingLogThrottlerStorage(),
      }),
    }),
  ],
  providers: [AdminApiKeyHook, { provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class HttpPolicyModule {}
