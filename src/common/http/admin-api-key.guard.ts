import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  applyDecorators,
  UseGuards,
} from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig, APP_CONFIG } from '../../core/app-config';
import { DomainError } from '../errors/domain-error';
import { ApiErrors } from '../openapi/api-responses';

export const ADMIN_SECURITY_SCHEME = 'adminApiKey';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admin routes need `x-api-key: <ADMIN_API_KEY>`: 401 without it, 403 with a wrong one. Keys are
 * compared as SHA-256 digests in constant time, so neither length nor content leaks through
 * timing. With no ADMIN_API_KEY configured the routes are open (a warning is logged at start-up).
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.adminApiKey === undefined ? undefined : digest(config.adminApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers['x-api-key'];
    if (header === undefined || header === '') throw new DomainError('ADMIN_API_KEY_MISSING');
    if (typeof header !== 'string' || !timingSafeEqual(digest(header), this.expected)) {
      throw new DomainError('ADMIN_API_KEY_INVALID');
    }
    return true;
  }
}

/** Marks a route as admin-only: the guard, its security scheme and its 401/403 in OpenAPI. */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AdminApiKeyGuard),
    ApiSecurity(ADMIN_SECURITY_SCHEME),
    ApiErrors('ADMIN_API_KEY_MISSING', 'ADMIN_API_KEY_INVALID'),
  );
}
