import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiProperty,
  ApiResponse,
  ApiSchema,
  DECORATORS,
} from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';
import { schemaNameOf } from './api-model';

/**
 * The extension an operation's error codes travel in, from `@ApiErrors` to the document builder
 * (error-responses.ts), which turns them into one response per status with a schema per code.
 */
export const ERROR_CODES_EXTENSION = 'x-error-codes';
/** Marks an operation that never touches the store (so it cannot answer 503 STORE_UNAVAILABLE). */
export const WITHOUT_STORE_EXTENSION = 'x-without-store';

/**
 * Documents the error codes an operation can answer with. Repeatable (route, admin guard and
 * Idempotency-Key each add theirs): the codes accumulate, and each status of the document lists
 * exactly these codes, with `details` typed per code. Every operation also gets 500
 * INTERNAL_ERROR and 503 STORE_UNAVAILABLE (unless marked `@ApiWithoutStore()`), added when the
 * document is built.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return (_target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key === undefined || descriptor === undefined) {
      throw new Error('@ApiErrors documents one route: put it on a controller method');
    }
    // Written directly: `@ApiExtension` keeps the first value of a key, and the codes accumulate.
    const handler = descriptor.value as object;
    const extensions =
      (Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) as Record<string, unknown>) ?? {};
    const known = (extensions[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined) ?? [];
    Reflect.defineMetadata(
      DECORATORS.API_EXTENSION,
      { ...extensions, [ERROR_CODES_EXTENSION]: [...new Set([...known, ...codes])] },
      handler,
    );
  };
}

/** For a route that never touches the store: no 503 STORE_UNAVAILABLE is documented on it. */
export function ApiWithoutStore(): MethodDecorator {
  return ApiExtension(WITHOUT_STORE_EXTENSION, true);
}

const envelopes = new Map<Type<unknown>, { schema: Type<unknown>; name: string }>();

/**
 * The named success envelope of a payload: `InventoryItem` -> `InventoryItemResponse`
 * `{ success: true, data: InventoryItem }`, so a generated client has one type to unwrap.
 */
function envelopeOf(model: Type<unknown>): { schema: Type<unknown>; name: string } {
  const known = envelopes.get(model);
  if (known) return known;
  const name = `${schemaNameOf(model)}Response`;
  class SuccessEnvelope {}
  ApiProperty({ type: Boolean, enum: [true], example: true })(SuccessEnvelope.prototype, 'success');
  ApiProperty({ type: () => model })(SuccessEnvelope.prototype, 'data');
  ApiSchema({ name, description: `A successful answer carrying a ${schemaNameOf(model)}.` })(
    SuccessEnvelope,
  );
  envelopes.set(model, { schema: SuccessEnvelope, name });
  return { schema: SuccessEnvelope, name };
}

/** Documents a success response: the model's named envelope `{ success: true, data }`, with an example. */
export function ApiEnvelope(
  status: number,
  model: Type<unknown>,
  options: { description: string; example: unknown },
): MethodDecorator & ClassDecorator {
  const envelope = envelopeOf(model);
  return applyDecorators(
    ApiExtraModels(model, envelope.schema),
    ApiResponse({
      status,
      description: options.description,
      schema: { $ref: `#/components/schemas/${envelope.name}` },
      example: { success: true, data: options.example },
    }),
  );
}

/** Documents what any JSON request body can be refused for: 400, 413 and 415. */
export function ApiJsonBody(): MethodDecorator & ClassDecorator {
  return ApiErrors(
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
  );
}
