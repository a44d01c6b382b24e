import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-code';
import { ApiModel } from './api-model';
import { ERROR_DETAILS_EXAMPLES } from './error-examples';

@ApiModel('The body of every error response.')
export class ErrorEnvelopeDto {
  @ApiProperty({ enum: [false], example: false })
  success!: false;

  @ApiProperty({ example: 'Only 2 of IPHONE-15-PRO-256 available; 5 requested.' })
  message!: string;

  @ApiProperty({
    description: 'Stable machine-readable error code; switch on this, not on the message.',
    enum: Object.keys(ERROR_CATALOGUE),
    example: 'INSUFFICIENT_STOCK',
  })
  code!: ErrorCode;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Context for the error, e.g. availableQuantity and requestedQuantity.',
    example: { sku: 'IPHONE-15-PRO-256', availableQuantity: 2, requestedQuantity: 5 },
  })
  details!: Record<string, unknown>;
}

/** The error body a code answers with, as shown in OpenAPI examples. */
function errorExample(code: ErrorCode) {
  return {
    success: false,
    message: ERROR_CATALOGUE[code].message,
    code,
    details: ERROR_DETAILS_EXAMPLES[code] ?? {},
  };
}

/**
 * Documents error responses: one response per HTTP status, the error envelope as its schema and
 * one named example per code (so Swagger UI shows every case a client must handle).
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        description: group.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].message}`).join(' '),
        schema: { $ref: getSchemaPath(ErrorEnvelopeDto) },
        examples: Object.fromEntries(
          group.map((code) => [
            code,
            { summary: ERROR_CATALOGUE[code].message, value: errorExample(code) },
          ]),
        ),
      }),
    ),
  );
}

/**
 * Documents a success response: `{ success: true, data: <model> }`, with an example.
 */
export function ApiEnvelope(
  status: number,
  model: Type<unknown>,
  options: {
    description: string;
    example: unknown;
    headers?: Record<string, { description: string; schema: { type: 'string' } }>;
  },
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description: options.description,
      headers: options.headers,
      schema: {
        type: 'object',
        required: ['success', 'data'],
        properties: {
          success: { type: 'boolean', enum: [true], example: true },
          data: { $ref: getSchemaPath(model) },
        },
      },
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
