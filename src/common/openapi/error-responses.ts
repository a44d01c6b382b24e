import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-code';
import { RETRY_AFTER_SECONDS } from '../errors/error-response';
import { ERROR_CODES_EXTENSION, WITHOUT_STORE_EXTENSION } from './api-responses';
import { ERROR_DETAILS, ERROR_DETAILS_SCHEMAS } from './error-details';
import { ERROR_DETAILS_EXAMPLES } from './error-examples';

/** Codes every operation can answer with: a bug, and (unless it never touches it) the store down. */
const ALWAYS: ErrorCode[] = ['INTERNAL_ERROR'];
const STORE: ErrorCode[] = ['STORE_UNAVAILABLE'];
/**
 * Codes of a store write on MongoDB: write conflicts left after the bounded retries, and a commit
 * whose outcome is unknown. Documented on the operations that write (those that take an
 * Idempotency-Key, which the unknown outcome's retry relies on).
 */
const STORE_WRITES: ErrorCode[] = ['STORE_BUSY', 'STORE_OUTCOME_UNKNOWN'];

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const REPLAYED_HEADER_NAME = 'Idempotent-Replayed';
export const RETRY_AFTER_HEADER = 'Retry-After';

/** Response headers, published once under `components.headers`. */
const HEADERS: Record<string, HeaderObject> = {
  [REQUEST_ID_HEADER]: {
    description:
      "Identifies this request in the service's logs: the `x-request-id` the client sent, or one generated " +
      'for it. Quote it when reporting a problem.',
    schema: { type: 'string', example: '5b0f4c1e-8a7d-4d2b-9f43-0c6e1a2b3c4d' },
  },
  [REPLAYED_HEADER_NAME]: {
    description:
      '`true` when this answer replays the first response to this `Idempotency-Key`: its status and body byte ' +
      'for byte, so time-dependent fields such as `secondsRemaining` are as they were then (read ' +
      '`GET /reservations/{id}` for a live countdown). Absent on an answer that was processed now.',
    schema: { type: 'string', enum: ['true'] },
  },
  [RETRY_AFTER_HEADER]: {
    description: 'Seconds to wait before retrying (sent with the codes that mean "retry shortly").',
    schema: { type: 'integer', minimum: 0, example: 5 },
  },
};

const suggestsRetry = (code: ErrorCode) => RETRY_AFTER_SECONDS[code] !== undefined;

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** `INSUFFICIENT_STOCK` -> `InsufficientStockError`, `INTERNAL_ERROR` -> `InternalError`. */
export function errorSchemaName(code: ErrorCode): string {
  const pascal = code
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
  return pascal.endsWith('Error') ? pascal : `${pascal}Error`;
}

function errorSchema(code: ErrorCode): SchemaObject {
  return {
    type: 'object',
    description: `${ERROR_CATALOGUE[code].message} (HTTP ${ERROR_CATALOGUE[code].status})`,
    required: ['success', 'message', 'code', 'details'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      message: { type: 'string', description: 'For people; switch on `code`, not on this.' },
      code: { type: 'string', enum: [code] },
      details: { $ref: `#/components/schemas/${ERROR_DETAILS[code]}` },
    },
  };
}

function errorExample(code: ErrorCode) {
  return {
    summary: ERROR_CATALOGUE[code].message,
    value: {
      success: false,
      message: ERROR_CATALOGUE[code].message,
      code,
      details: ERROR_DETAILS_EXAMPLES[code] ?? {},
    },
  };
}

function errorResponse(codes: ErrorCode[]): ResponseObject {
  const refs = codes.map((code) => ({ $ref: `#/components/schemas/${errorSchemaName(code)}` }));
  const schema =
    refs.length === 1
      ? refs[0]
      : {
          oneOf: refs,
          discriminator: {
            propertyName: 'code',
            mapping: Object.fromEntries(codes.map((code, i) => [code, refs[i].$ref])),
          },
        };
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].message}`).join(' '),
    content: {
      'application/json': {
        schema,
        examples: Object.fromEntries(codes.map((code) => [code, errorExample(code)])),
      },
    },
  };
}

export interface Replays {
  /** Whether the operation takes an Idempotency-Key (so its answers may be replays). */
  isIdempotent(operation: OperationObject): boolean;
  /** Whether an answer with this code is kept for its Idempotency-Key and replayed. */
  isReplayed(code: ErrorCode): boolean;
}

/**
 * Turns each operation's `x-error-codes` (from `@ApiErrors`) into its error responses: one per
 * HTTP status, listing only the codes the operation can return, each with its own envelope
 * schema (`code` a single value, `details` its named schema) joined by a discriminator on `code`.
 * Adds 500 (and 503 where the store is used) everywhere, declares the response headers, and
 * publishes only the schemas that are used.
 */
export function documentErrorResponses(
  document: OpenAPIObject,
  operations: OperationObject[],
  replays: Replays,
): void {
  const usedCodes = new Set<ErrorCode>();
  let anyIdempotent = false;
  let anyRetryAfter = false;
  for (const operation of operations) {
    const extensions = operation as unknown as Record<string, unknown>;
    const declared = (extensions[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined) ?? [];
    const withoutStore = extensions[WITHOUT_STORE_EXTENSION] === true;
    delete extensions[ERROR_CODES_EXTENSION];
    delete extensions[WITHOUT_STORE_EXTENSION];
    const writes = !withoutStore && replays.isIdempotent(operation) ? STORE_WRITES : [];
    const codes = [...new Set([...declared, ...ALWAYS, ...(withoutStore ? [] : STORE), ...writes])];
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of Object.keys(ERROR_CATALOGUE) as ErrorCode[]) {
      if (!codes.includes(code)) continue;
      usedCodes.add(code);
      const status = ERROR_CATALOGUE[code].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, group] of byStatus) {
      operation.responses[String(status)] = errorResponse(group);
    }
    const idempotent = replays.isIdempotent(operation);
    anyIdempotent ||= idempotent;
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!response || '$ref' in response) continue;
      const group = byStatus.get(Number(status));
      const replayed: boolean =
        idempotent &&
        (group ? group.some((code) => replays.isReplayed(code)) : /^2\d\d$/.test(status));
      const retryAfter = group?.some(suggestsRetry) ?? false;
      anyRetryAfter ||= retryAfter;
      response.headers = {
        ...response.headers,
        [REQUEST_ID_HEADER]: headerRef(REQUEST_ID_HEADER),
        ...(replayed ? { [REPLAYED_HEADER_NAME]: headerRef(REPLAYED_HEADER_NAME) } : {}),
        ...(retryAfter ? { [RETRY_AFTER_HEADER]: headerRef(RETRY_AFTER_HEADER) } : {}),
      };
    }
    operation.responses = Object.fromEntries(
      Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  const details = new Set([...usedCodes].map((code) => ERROR_DETAILS[code]));
  for (const name of details) schemas[name] = ERROR_DETAILS_SCHEMAS[name];
  for (const code of usedCodes) schemas[errorSchemaName(code)] = errorSchema(code);
  components.headers = {
    ...components.headers,
    [REQUEST_ID_HEADER]: HEADERS[REQUEST_ID_HEADER],
    ...(anyIdempotent ? { [REPLAYED_HEADER_NAME]: HEADERS[REPLAYED_HEADER_NAME] } : {}),
    ...(anyRetryAfter ? { [RETRY_AFTER_HEADER]: HEADERS[RETRY_AFTER_HEADER] } : {}),
  };
}
