import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../errors/domain-error';

/**
 * @nestjs/throttler's guard, counting every route together per client address (Fastify's
 * `request.ip`, which honours TRUST_PROXY), and answering 429 RATE_LIMITED in the error envelope.
 * The throttler has already set `Retry-After` (seconds) on the response.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new DomainError('RATE_LIMITED', undefined, {
      limit: detail.limit,
      windowSeconds: Math.round(detail.ttl / 1000),
      retryAfterSeconds: detail.timeToBlockExpire,
    });
  }
}
