import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/openapi/api-responses';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from './idempotency.service';

/**
 * The request's Idempotency-Key, if it sent one, as a handler parameter. (Nest's `@Headers()`
 * would also publish the header in the API document, a second time and as required; this one is
 * documented once, as optional, by `@ApiIdempotencyKey()`.)
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const key = context.switchToHttp().getRequest<FastifyRequest>().headers[IDEMPOTENCY_KEY_HEADER];
    return typeof key === 'string' ? key : undefined;
  },
);

/** Documents the optional Idempotency-Key header and its 409 and 422 answers on a POST. */
export function ApiIdempotencyKey(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Optional, 1-255 printable characters (a UUID is ideal). The first request with a key is processed and its ' +
        'status and body kept for at least 24 h; the same key with the same request replays them (with ' +
        '`Idempotent-Replayed: true`); with a different request → 422; while the first is still running → 409, retry ' +
        'shortly. Validation failures (400) are not kept, so a corrected retry with the same key is processed. ' +
        'A replay is the first answer as it was: its `secondsRemaining` does not count down. ' +
        'In Swagger UI, leave this empty: each Execute then sends a fresh UUID; type a key to try a replay.',
      // No example: Swagger UI would pre-fill it, and every tester would send the same key.
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: IDEMPOTENCY_KEY_PATTERN.source,
      },
    }),
    ApiErrors('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'),
  );
}
