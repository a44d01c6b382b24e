import { applyDecorators, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiSecurity } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig, APP_CONFIG } from '../../core/app-config';
import { DomainError } from '../errors/domain-error';
import { ApiErrors } from '../openapi/api-responses';

export const ADMIN_SECURITY_SCHEME = 'adminApiKey';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `@AdminOnly()`: the route needs the admin API key. */
    adminOnly?: boolean;
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admin routes need `x-api-key: <ADMIN_API_KEY>`: 401 without it, 403 with a wrong one. Keys are
 * compared as SHA-256 digests in constant time, so neither length nor content leaks through
 * timing. With no ADMIN_API_KEY configured the routes are open (a warning is logged at start-up).
 *
 * A Fastify `onRequest` hook rather than a Nest guard: guards run after every Fastify hook, and
 * the Idempotency-Key hook (`preHandler`) must never look a key up, or claim one, for a caller
 * who may not call the route (an anonymous caller would learn which keys exist). `onRequest`
 * runs first of all, before the body is even read.
 */
@Injectable()
export class AdminApiKeyHook implements OnModuleInit {
  private readonly expected: Buffer | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.expected = config.adminApiKey === undefined ? undefined : digest(config.adminApiKey);
  }

  onModuleInit(): void {
    const { expected } = this;
    if (!expected) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.config?.adminOnly !== true) return done();
      done(checkAdminKey(request, expected) as FastifyError | undefined);
    });
  }
}

function checkAdminKey(request: FastifyRequest, expected: Buffer): DomainError | undefined {
  const header = request.headers['x-api-key'];
  if (header === undefined || header === '') return new DomainError('ADMIN_API_KEY_MISSING');
  if (typeof header !== 'string' || !timingSafeEqual(digest(header), expected)) {
    return new DomainError('ADMIN_API_KEY_INVALID');
  }
  return undefined;
}

/** Marks a route as admin-only: the key check, its security scheme and its 401/403 in OpenAPI. */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    RouteConfig({ adminOnly: true }),
    ApiSecurity(ADMIN_SECURITY_SCHEME),
    ApiErrors('ADMIN_API_KEY_MISSING', 'ADMIN_API_KEY_INVALID'),
  );
}
