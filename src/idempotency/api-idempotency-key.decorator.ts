import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-responses';

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
        'shortly. Validation failures (400) are not kept, so a corrected retry with the same key is processed.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        example: 'b1946ac9-2f0e-4b54-8f2a-1f6f6a3c2d10',
      },
    }),
    ApiErrors('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'),
  );
}
