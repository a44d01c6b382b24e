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
import request from 'supertest';
import { ERROR_CATALOGUE } from '../src/common/errors/error-code';
import { PageQueryDto } from '../src/common/pagination/page-query.dto';
import { AdjustStockRequestDto } from '../src/inventory/dto/adjust-stock.dto';
import { CreateInventoryItemRequestDto } from '../src/inventory/dto/create-inventory-item.dto';
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
 * Warnings do not fail the run but are listed in the failure message of any error.
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

/** Fails with every finding (warnings included) in the message, so they can be read and fixed. */
function expectNoErrors(linter: string, errorCount: number, findings: string[]): void {
  if (errorCount > 0) {
    throw new Error(`${linter}: ${errorCount} error(s)\n${findings.join('\n')}`);
  }
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

  it('passes Spectral spectral:oas with no errors', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
    const results = await spectral.run(new Document(source, JsonParser, 'openapi.json'));
    expectNoErrors(
      'Spectral (spectral:oas)',
      results.filter((d) => SEVERITY[d.severity] === 'error').length,
      results.map(spectralLine),
    );
  });

  it('passes Redocly recommended (invalid examples as errors) with no errors', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // An example a client copies must match the schema it generates code from.
      rules: { 'no-invalid-media-type-examples': 'error' },
    });
    const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
    expectNoErrors(
      'Redocly (recommended)',
      problems.filter((p) => p.severity === 'error').length,
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

  it('lists exactly the codes of ERROR_CATALOGUE in the ErrorEnvelope code enum', () => {
    const schemas = (document.components as JsonObject).schemas as Record<string, JsonObject>;
    const code = (schemas.ErrorEnvelope.properties as Record<string, JsonObject>).code;
    expect([...(code.enum as string[])].sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it('redirects / to /docs (302), and /docs serves Swagger UI as HTML', async () => {
    const root = await http().get('/').expect(302);
    expect(root.headers.location).toBe('/docs');
    const docs = await http().get('/docs').expect(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.text).toContain('swagger-ui');
  });
});
