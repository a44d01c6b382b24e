import { CanActivate, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, APP_CONFIG } from '../../core/app-config';
import { CoreModule } from '../../core/core.module';
import { AdminApiKeyHook } from './admin-api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { SlidingLogThrottlerStorage } from './rate-limit.storage';

/** The global guard when rate limiting is off: every request passes at once. */
class NoRateLimit implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

/**
 * Who may call what, and how often: the admin key (a Fastify hook, before any route or
 * Idempotency-Key hook runs) and the per-client rate limit (@nestjs/throttler, a global guard, its
 * hits kept by SlidingLogThrottlerStorage; health is exempt with @SkipThrottle, /metrics and /docs
 * are not Nest routes). With RATE_LIMIT_ENABLED=false the throttler's guard is not installed at
 * all, rather than asked on every request only to skip (an async step per request: about 6 µs of
 * a reserve's CPU time in bench/, 2026-11-25).
 */
@Module({
  imports: [
    CoreModule,
    ThrottlerModule.forRootAsync({
      imports: [CoreModule],
      inject: [APP_CONFIG],
      useFactory: ({ rateLimit }: AppConfig) => ({
        throttlers: [{ ttl: (rateLimit?.windowSeconds ?? 60) * 1000, limit: rateLimit?.max ?? 1 }],
        storage: new SlidingLogThrottlerStorage(),
      }),
    }),
  ],
  providers: [
    AdminApiKeyHook,
    RateLimitGuard,
    {
      provide: APP_GUARD,
      inject: [APP_CONFIG, RateLimitGuard],
      useFactory: ({ rateLimit }: AppConfig, guard: RateLimitGuard): CanActivate =>
        rateLimit === null ? new NoRateLimit() : guard,
    },
  ],
})
export class HttpPolicyModule {}
