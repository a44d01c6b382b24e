import { createConfig, lintFromString, NormalizedProblem } from '@redocly/openapi-core';
import {
  Document,
  ISpectralDiagnostic,
  RulesetDefinition,
  Spectral,
} from '@stoplight/spectral-core';
import { Json as JsonParser } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { getMetadataStorage } from 'class-validator';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ERROR_CATALOGUE, ErrorCode } from '../src/common/errors/error-code';
import { ERROR_DETAILS } from '../src/common/openapi/error-details';
import { errorSchemaName } from '../src/common/openapi/error-responses';
import { PageQueryDto } from '../src/common/pagination/page-query.dto';
import { AdjustStockRequestDto } from '../src/inventory/dto/adjust-stock.dto';
import { CreateInventoryItemRequestDto } from '../src/inventory/dto/create-inventory-item.dto';
import { SKU_INPUT_PATTERN } from '../src/inventory/sku';
import { ReserveRequestDto } from '../src/reservations/dto/reserve-request.dto';
import { SettleReservationRequestDto } from '../src/reservations/dto/settle-reservation-request.dto';
import {
  CartLineRequestDto,
  CreateReservationRequestDto,
} from '../src/reservations/dto/create-reservation-request.dto';
import { ExtendReservationRequestDto } from '../src/reservations/dto/extend-reservation-request.dto';
import { UpdateInventoryItemRequestDto } from '../src/inventory/dto/update-inventory-item.dto';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The OpenAPI document is the contract clients generate code from (its DTOs are the single source
 * of both validation and schema), so it is linted by two independent tools on every run: Spectral's `spectral:oas` ruleset and
 * Redocly's `recommended` ruleset. Redocly's openapi-core 2.x is ESM-only and jest (on Node 20)
 * cannot require it, so the 1.34 line (CommonJS, same rules, still patched) is used in-process.
 * Errors and warnings both fail the run. The document is also committed (openapi/openapi.json):
 * a test fails when the served one drifts from it; `npm run openapi:generate` rewrites it.
 */

type JsonObject = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  method: string;
  path: string;
  op: {
    summary?: string;
    tags?: string[];
    operationId?: string;
    security?: Record<string, string[]>[];
    parameters?: { name: string; in: string; required?: boolean; schema?: JsonObject }[];
    responses: Record<string, { content?: Record<string, JsonObject> }>;
  };
}

function operationsOf(document: JsonObject): Operation[] {
  const paths = document.paths as Record<string, Record<string, Operation['op']>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      op: item[method],
    })),
  );
}

// Spectral's DiagnosticSeverity, by index.
const SEVERITY = ['error', 'warn', 'info', 'hint'];

const spectralLine = (d: ISpectralDiagnostic) =>
  `${SEVERITY[d.severity]} ${String(d.code)} at ${d.path.join('.')}: ${d.message}`;

const redoclyLine = (p: NormalizedProblem) =>
  `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`;

/** Fails on any error or warning, with every finding in the message, so they can be read and fixed. */
function expectNoFindings(linter: string, failing: number, findings: string[]): void {
  if (failing > 0) {
    throw new Error(`${linter}: ${failing} error(s) or warning(s)\n${findings.join('\n')}`);
  }
}

/** The committed document client teams generate from, and the command that rewrites it. */
const COMMITTED = join(__dirname, '..', 'openapi', 'openapi.json');
const REGENERATE = 'npm run openapi:generate';

type Schema = JsonObject & { properties?: Record<string, Schema>; items?: Schema };

/** Every property of every schema, nested objects and array items included, with its path. */
function propertiesOf(
  name: string,
  schema: Schema,
): { where: string; field: string; schema: Schema }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([field, property]) => [
    { where: `${name}.${field}`, field, schema: property },
    ...propertiesOf(`${name}.${field}`, property),
    ...(property.items ? propertiesOf(`${name}.${field}[]`, property.items) : []),
  ]);
}

describe('OpenAPI document (GET /docs-json)', () => {
  let t: TestApp;
  let document: JsonObject;
  let source: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    const res = await http().get('/docs-json').expect(200);
    document = res.body as JsonObject;
    source = JSON.stringify(document, null, 2);
  });
  afterAll(() => t.close());

  it('passes Spectral spectral:oas with no errors and no warnings', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
    const results = await spectral.run(new Document(source, JsonParser, 'openapi.json'));
    expectNoFindings(
      'Spectral (spectral:oas)',
      results.filter((d) => ['error', 'warn'].includes(SEVERITY[d.severity])).length,
      results.map(spectralLine),
    );
  });

  it('passes Redocly recommended (invalid examples as errors) with no errors and no warnings', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // An example a client copies must match the schema it generates code from.
      rules: { 'no-invalid-media-type-examples': 'error' },
    });
    const all = await lintFromString({ source, absoluteRef: '/openapi.json', config });
    // An operation that takes no input at all (GET /health) has no 4xx to document: Redocly's
    // operation-4xx-response is accepted there and only there, and asserted so the exception
    // cannot outlive its reason.
    const inputless = new Set(
      operationsOf(document)
        .filter(({ op }) => !op.parameters?.length && !('requestBody' in op))
        .map(({ method, path }) => `#/paths/${path.replaceAll('/', '~1')}/${method}/responses`),
    );
    const isInputlessWithout4xx = (p: NormalizedProblem) =>
      p.ruleId === 'operation-4xx-response' &&
      p.location.some((l) => inputless.has(l.pointer ?? ''));
    expect(all.filter(isInputlessWithout4xx).map((p) => p.location[0].pointer)).toEqual(
      expect.arrayContaining(['#/paths/~1health/get/responses']),
    );
    const problems = all.filter((p) => !isInputlessWithout4xx(p));
    expectNoFindings(
      'Redocly (recommended)',
      problems.filter((p) => p.severity === 'error' || p.severity === 'warn').length,
      problems.map(redoclyLine),
    );
  });

  it('gives every operation a summary, tags, an operationId and an explicit security key', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(0);
    const missing = operations.flatMap(({ method, path, op }) => {
      const where = `${method.toUpperCase()} ${path}`;
      return [
        !op.summary && `${where}: no summary`,
        !op.tags?.length && `${where}: no tags`,
        !op.operationId && `${where}: no operationId`,
        !('security' in op) && `${where}: no security key`,
      ].filter(Boolean);
    });
    expect(missing).toEqual([]);
  });

  it('requires the admin API key exactly on the admin routes and nothing on public ones', () => {
    const admin = new Set([
      'POST /inventory',
      'POST /inventory/{sku}/adjustments',
      'PATCH /inventory/{sku}',
    ]);
    const security = Object.fromEntries(
      operationsOf(document).map(({ method, path, op }) => [
        `${method.toUpperCase()} ${path}`,
        op.security,
      ]),
    );
    const expected = Object.fromEntries(
      Object.keys(security).map((where) => [where, admin.has(where) ? [{ adminApiKey: [] }] : []]),
    );
    expect(security).toEqual(expected);
    expect(Object.keys(security)).toEqual(expect.arrayContaining([...admin]));
    const schemes = (document.components as JsonObject).securitySchemes as JsonObject;
    expect(schemes.adminApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  it('gives every response code content with a schema and an example', () => {
    const missing = operationsOf(document).flatMap(({ method, path, op }) =>
      Object.entries(op.responses).flatMap(([status, response]) => {
        const where = `${method.toUpperCase()} ${path} ${status}`;
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) return [`${where}: no content`];
        return media.flatMap(([type, content]) => [
          ...(content.schema ? [] : [`${where} ${type}: no schema`]),
          ...('example' in content || 'examples' in content
            ? []
            : [`${where} ${type}: no example`]),
        ]);
      }),
    );
    expect(missing).toEqual([]);
  });

  it('documents 400/413/415, the success status and the optional Idempotency-Key (409, 422) on every POST', () => {
    const posts = operationsOf(document).filter((o) => o.method === 'post');
    expect(posts.length).toBeGreaterThan(0);
    const missing = posts.flatMap(({ path, op }) => {
      const codes = Object.keys(op.responses);
      return [
        ...(['400', '413', '415'].every((c) => codes.includes(c))
          ? []
          : [`POST ${path}: not all of 400, 413, 415`]),
        ...(codes.some((code) => /^2\d\d$/.test(code)) ? [] : [`POST ${path}: no 2xx`]),
        ...(codes.includes('409') && codes.includes('422')
          ? []
          : [`POST ${path}: no 409/422 for Idempotency-Key`]),
        ...((op.parameters as JsonObject[] | undefined)?.some(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.required === false,
        )
          ? []
          : [`POST ${path}: no optional Idempotency-Key header`]),
        // Exactly once: a handler reading the header must not publish it again (as required).
        ...((op.parameters as JsonObject[] | undefined)?.filter(
          (p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key',
        ).length === 1
          ? []
          : [`POST ${path}: Idempotency-Key published more than once`]),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('documents every field the validation pipe checks (bodies and query parameters)', () => {
    // Guards against the swagger plugin silently dropping a field (it does for a file not named
    // *.dto.ts, or for a decorator argument such as `-1_000_000_000`).
    const validated = (dto: new () => object) =>
      [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(dto, '', false, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
    const schemas = (document.components as JsonObject).schemas as Record<string, JsonObject>;
    const requestSchemas = [
      [CreateInventoryItemRequestDto, 'CreateInventoryItemRequest'],
      [AdjustStockRequestDto, 'AdjustStockRequest'],
      [ReserveRequestDto, 'ReserveRequest'],
      [SettleReservationRequestDto, 'SettleReservationRequest'],
      [CreateReservationRequestDto, 'CreateReservationRequest'],
      [CartLineRequestDto, 'CartLineRequest'],
      [ExtendReservationRequestDto, 'ExtendReservationRequest'],
      [UpdateInventoryItemRequestDto, 'UpdateInventoryItemRequest'],
    ] as const;
    for (const [dto, schemaName] of requestSchemas) {
      const documented = Object.keys(schemas[schemaName].properties as JsonObject).sort();
      expect({ dto: dto.name, fields: documented }).toEqual({
        dto: dto.name,
        fields: validated(dto),
      });
    }
    const list = operationsOf(document).find((o) => o.method === 'get' && o.path === '/inventory');
    const query = (list?.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(query.sort()).toEqual(validated(PageQueryDto));
    const requiredWithDefault = operationsOf(document).flatMap(({ method, path, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.required && p.schema && 'default' in p.schema)
        .map((p) => `${method.toUpperCase()} ${path} ?${p.name}`),
    );
    expect(requiredWithDefault).toEqual([]);
  });

  it('types whole numbers as integer and gives identifiers their patterns, for client generators', () => {
    const schemas = (document.components as JsonObject).schemas as Record<
      string,
      { properties: Record<string, JsonObject> }
    >;
    const integers = [
      ['ReserveRequest', 'quantity'],
      ['CreateInventoryItemRequest', 'price'],
      ['CreateInventoryItemRequest', 'totalQuantity'],
      ['AdjustStockRequest', 'delta'],
      ['InventoryItem', 'availableQuantity'],
      ['Reservation', 'secondsRemaining'],
    ];
    expect(
      integers.filter(([schema, field]) => schemas[schema].properties[field].type !== 'integer'),
    ).toEqual([]);
    const reserve = schemas.ReserveRequest.properties;
    expect(new RegExp(reserve.sku.pattern as string).test('iphone-15-pro-256')).toBe(true);
    expect(new RegExp(reserve.userId.pattern as string).test('user 1')).toBe(false);
  });

  it('names the cart, extension and item-update operations as a generated SDK should expose them', () => {
    const ids = Object.fromEntries(
      operationsOf(document).map(({ method, path, op }) => [
        `${method.toUpperCase()} ${path}`,
        op.operationId,
      ]),
    );
    expect(ids).toMatchObject({
      'POST /reservations': 'createReservation',
      'POST /reservations/{id}/extend': 'extendReservation',
      'PATCH /inventory/{sku}': 'updateInventoryItem',
    });
    const schemas = (document.components as JsonObject).schemas as Record<
      string,
      { properties: Record<string, JsonObject> }
    >;
    expect(schemas.CartLineRequest.properties.quantity.maximum).toBe(
      t.config.maxReservationQuantity,
    );
    expect(schemas.CreateReservationRequest.properties.lines).toMatchObject({
      minItems: 1,
      maxItems: 50,
    });
  });

  it('matches the committed openapi/openapi.json (run `npm run openapi:generate` after an API change)', () => {
    const served = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(COMMITTED, served);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as JsonObject;
    if (JSON.stringify(committed) !== JSON.stringify(document)) {
      // The diff below shows what changed; the fix is to regenerate and commit the file.
      expect({ regenerateWith: REGENERATE, document }).toEqual({
        regenerateWith: REGENERATE,
        document: committed,
      });
    }
  });

  it('names operations as a generated SDK should expose them, and schemas as the DTO classes', () => {
    const ids = operationsOf(document).map(({ op }) => op.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'listInventory',
        'getInventoryItem',
        'createInventoryItem',
        'adjustStock',
        'reserveInventory',
        'getReservation',
        'confirmReservation',
        'cancelReservation',
        'getHealth',
      ]),
    );
    expect(ids.filter((id) => !/^[a-z]+[A-Z][A-Za-z]+$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const schemas = (document.components as JsonObject).schemas as Record<string, Schema>;
    expect(Object.keys(schemas).filter((name) => !/^[A-Z][A-Za-z]+$/.test(name))).toEqual([]);
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'InventoryItemResponse',
        'InventoryPageResponse',
        'ReserveResultResponse',
        'ReservationResponse',
        'HealthResponse',
      ]),
    );
  });

  it('wraps every success in a named envelope schema {success: true, data}', () => {
    const schemas = (document.components as JsonObject).schemas as Record<string, Schema>;
    const inline = operationsOf(document).flatMap(({ method, path, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^2\d\d$/.test(status))
        .flatMap(([status, response]) => {
          const ref = (response.content?.['application/json']?.schema as JsonObject)?.$ref;
          const name = typeof ref === 'string' ? ref.split('/').pop() : undefined;
          const envelope = name ? schemas[name] : undefined;
          return envelope?.properties?.success && envelope.properties.data?.$ref
            ? []
            : [`${method.toUpperCase()} ${path} ${status}`];
        }),
    );
    expect(inline).toEqual([]);
  });

  it('gives dates format date-time, ids format uuid and money format int64', () => {
    const schemas = (document.components as JsonObject).schemas as Record<string, Schema>;
    const all = Object.entries(schemas).flatMap(([name, schema]) => propertiesOf(name, schema));
    const wrong = all.flatMap(({ where, field, schema }) => [
      ...(/At$/.test(field) && schema.format !== 'date-time' ? [`${where}: not date-time`] : []),
      ...(field === 'reservationId' && schema.format !== 'uuid' ? [`${where}: not uuid`] : []),
      ...(field === 'price' && schema.format !== 'int64' ? [`${where}: not int64`] : []),
    ]);
    expect(wrong).toEqual([]);
    // The field names the checks above rely on are really there.
    expect(all.filter(({ field }) => /At$/.test(field)).length).toBeGreaterThanOrEqual(13);
    expect(all.filter(({ field }) => field === 'price').length).toBe(3);
  });

  it('gives path parameters the pattern and format the server enforces', async () => {
    const params = operationsOf(document).flatMap(({ method, path, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => ({ where: `${method.toUpperCase()} ${path}`, name: p.name, schema: p.schema })),
    );
    expect(params.length).toBeGreaterThan(0);
    for (const { name, schema } of params) {
      if (name === 'sku')
        expect(schema).toMatchObject({ type: 'string', pattern: SKU_INPUT_PATTERN });
      else if (name === 'id') expect(schema).toMatchObject({ type: 'string', format: 'uuid' });
      else throw new Error(`no check for path parameter {${name}}`);
    }
    // What the pattern refuses, the server refuses (400), and what it allows is looked up (404).
    const sku = new RegExp(SKU_INPUT_PATTERN);
    expect(sku.test('-BAD')).toBe(false);
    await http().get('/inventory/-BAD').expect(400);
    expect(sku.test('iphone-15')).toBe(true);
    await http().get('/inventory/iphone-15').expect(404);
    await http().get('/reservations/not-a-uuid').expect(400);
  });

  it('lists per operation only codes of its own statuses, each with a schema whose details are typed', () => {
    const schemas = (document.components as JsonObject).schemas as Record<string, Schema>;
    const problems = operationsOf(document).flatMap(({ method, path, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400)
        .flatMap(([status, response]) => {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const media = response.content?.['application/json'] as JsonObject;
          const codes = Object.keys(media.examples as JsonObject) as ErrorCode[];
          const schema = media.schema as JsonObject;
          const refs = (
            schema.oneOf ? (schema.oneOf as JsonObject[]).map((s) => s.$ref) : [schema.$ref]
          ) as string[];
          return [
            ...codes
              .filter((code) => ERROR_CATALOGUE[code].status !== Number(status))
              .map((code) => `${where}: ${code} has another status`),
            ...(JSON.stringify(refs) ===
            JSON.stringify(codes.map((code) => `#/components/schemas/${errorSchemaName(code)}`))
              ? []
              : [`${where}: schemas ${refs.join()} do not match codes ${codes.join()}`]),
            ...codes.flatMap((code) => {
              const envelope = schemas[errorSchemaName(code)]?.properties ?? {};
              return JSON.stringify(envelope.code?.enum) === JSON.stringify([code]) &&
                envelope.details?.$ref === `#/components/schemas/${ERROR_DETAILS[code]}` &&
                schemas[ERROR_DETAILS[code]]
                ? []
                : [`${where}: ${code} has no schema of its own with typed details`];
            }),
          ];
        }),
    );
    expect(problems).toEqual([]);
    const reserve = operationsOf(document).find((o) => o.op.operationId === 'reserveInventory');
    const confirm = operationsOf(document).find((o) => o.op.operationId === 'confirmReservation');
    const codesOf = (o: Operation | undefined) =>
      Object.values(o?.op.responses ?? {}).flatMap((r) =>
        Object.keys((r.content?.['application/json']?.examples as JsonObject | undefined) ?? {}),
      );
    expect(codesOf(confirm)).not.toContain('INSUFFICIENT_STOCK');
    expect(codesOf(reserve)).toEqual(
      expect.arrayContaining(['INSUFFICIENT_STOCK', 'SKU_NOT_FOUND', 'INTERNAL_ERROR']),
    );
    expect(schemas.InsufficientStockDetails.required).toEqual([
      'sku',
      'availableQuantity',
      'requestedQuantity',
    ]);
  });

  it('documents 500 on every operation, 503 where the store is used, and the response headers', () => {
    // Routes marked @ApiWithoutStore() (they never touch the store), e.g. a liveness probe.
    const WITHOUT_STORE = new Set<string>(['GET /health/live']);
    const problems = operationsOf(document).flatMap(({ method, path, op }) => {
      const where = `${method.toUpperCase()} ${path}`;
      const idempotent = (op.parameters ?? []).some((p) => p.name === 'Idempotency-Key');
      return [
        ...('500' in op.responses ? [] : [`${where}: no 500`]),
        ...('503' in op.responses || WITHOUT_STORE.has(where) ? [] : [`${where}: no 503`]),
        ...Object.entries(op.responses).flatMap(([status, response]) => {
          const headers = Object.keys((response as { headers?: JsonObject }).headers ?? {});
          return [
            ...(headers.includes('X-Request-Id') ? [] : [`${where} ${status}: no X-Request-Id`]),
            ...(idempotent && /^2\d\d$/.test(status) && !headers.includes('Idempotent-Replayed')
              ? [`${where} ${status}: no Idempotent-Replayed`]
              : []),
            ...((status === '503' || status === '429' || (idempotent && status === '409')) !==
            headers.includes('Retry-After')
              ? [`${where} ${status}: Retry-After declared where it is not sent, or missing`]
              : []),
            ...(/^(400|413|415|422|5\d\d)$/.test(status) && headers.includes('Idempotent-Replayed')
              ? [`${where} ${status}: Idempotent-Replayed on an answer that is never replayed`]
              : []),
          ];
        }),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('publishes a useful server, the configured quantity limit, and no empty contact url', async () => {
    // Without PUBLIC_URL: a template defaulting to this process (Redocly flags a bare localhost).
    const [server] = document.servers as { url: string; variables: JsonObject }[];
    expect(server.url).toBe('{scheme}://{host}:{port}');
    expect(server.variables).toEqual({
      scheme: { default: 'http', enum: ['http', 'https'] },
      host: { default: 'localhost' },
      port: { default: '5001' },
    });
    expect(JSON.stringify((document.info as JsonObject).contact)).not.toContain('"url":""');
    const schemas = (document.components as JsonObject).schemas as Record<string, Schema>;
    expect(schemas.ReserveRequest.properties?.quantity.maximum).toBe(
      t.config.maxReservationQuantity,
    );

    const other = await createTestApp({
      MAX_RESERVATION_QUANTITY: '25',
      PUBLIC_URL: 'https://inventory.example.com/',
    });
    try {
      const res = await request(other.app.getHttpServer()).get('/docs-json').expect(200);
      const doc = res.body as {
        servers: JsonObject[];
        components: { schemas: Record<string, Schema> };
      };
      expect(doc.servers).toEqual([
        { url: 'https://inventory.example.com', description: 'This deployment (PUBLIC_URL)' },
      ]);
      expect(doc.components.schemas.ReserveRequest.properties?.quantity.maximum).toBe(25);
    } finally {
      await other.close();
    }
  });

  it('gives Idempotency-Key no example, and Swagger UI a fresh key per Execute against its own server', async () => {
    const headers = operationsOf(document).flatMap(({ op }) =>
      (op.parameters ?? []).filter((p) => p.name === 'Idempotency-Key'),
    );
    expect(headers.length).toBeGreaterThan(0);
    expect(JSON.stringify(headers)).not.toMatch(/"examples?"/);
    const init = await http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('requestInterceptor');
    expect(init.text).toContain("request.headers['Idempotency-Key'] = uuid");
    expect(init.text).toMatch(/"servers": \[\s*\{\s*"url": "\/"/);
  });

  it('redirects / to /docs (302), and /docs serves Swagger UI as HTML', async () => {
    const root = await http().get('/').expect(302);
    expect(root.headers.location).toBe('/docs');
    const docs = await http().get('/docs').expect(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.text).toContain('swagger-ui');
  });
});
