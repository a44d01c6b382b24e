import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, ServerObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, APP_CONFIG } from '../../core/app-config';
import { NOT_STORED } from '../../idempotency/idempotency.service';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/error-code';
import { ADMIN_SECURITY_SCHEME } from '../http/admin-api-key.guard';
import { ERROR_CODES_EXTENSION } from './api-responses';
import { documentErrorResponses } from './error-responses';

const DESCRIPTION = `Holds stock while a shopper pays. A hold (reservation) takes units from \`availableQuantity\`
into \`reservedQuantity\` at once, and is then confirmed (sold), cancelled (units back) or expires on its own
(units back). It never sells more than it has, never loses a unit, and answers a retry with the same result.

Every success is \`{ "success": true, "data": ... }\`; every error is
\`{ "success": false, "message", "code", "details" }\` with a stable upper-snake \`code\` to switch on; each
operation lists only the codes it can answer with, and \`details\` has a schema per code.

Every POST takes an optional \`Idempotency-Key\`. In Swagger UI, leave it empty: each Execute then sends a fresh
UUID, so testers never share a key; type one yourself to try a replay.`;

/** Answered by the key check itself, before anything is stored: never a replay. */
const KEY_CHECK_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
]);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, with its method and path. */
function operationsOf(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
}

/**
 * The routes that need `x-api-key`, read from the document (where `@AdminOnly()` put its
 * security requirement), e.g. `POST /inventory`. The start-up warning, the security scheme's
 * description and the tests all use this list; nobody writes it by hand.
 */
export function adminRoutes(document: OpenAPIObject): string[] {
  return operationsOf(document)
    .filter(({ operation }) =>
      (operation.security ?? []).some((requirement) => ADMIN_SECURITY_SCHEME in requirement),
    )
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
}

/**
 * Limits that come from the running configuration, so the document never advertises a value
 * the server refuses: schema -> property -> maximum.
 */
function configuredMaximums(config: AppConfig): Record<string, Record<string, number>> {
  return {
    ReserveRequest: { quantity: config.maxReservationQuantity },
    CartLineRequest: { quantity: config.maxReservationQuantity },
  };
}

/**
 * PUBLIC_URL when it is set; otherwise a URL template a client fills in (Swagger UI shows the
 * variables as fields), defaulting to this process on localhost.
 */
function serverOf(config: AppConfig): ServerObject {
  if (config.publicUrl)
    return { url: config.publicUrl, description: 'This deployment (PUBLIC_URL)' };
  return {
    url: '{scheme}://{host}:{port}',
    description: 'Where the service runs (set PUBLIC_URL to publish one address)',
    variables: {
      scheme: { default: 'http', enum: ['http', 'https'] },
      host: { default: 'localhost' },
      port: { default: String(config.port) },
    },
  };
}

/**
 * Every route but health can answer 429 RATE_LIMITED when rate limiting is on: added to the
 * codes `@ApiErrors` declared, before they become responses.
 */
function addRateLimited(document: OpenAPIObject, config: AppConfig): void {
  if (!config.rateLimit) return;
  for (const { path, operation } of operationsOf(document)) {
    if (path.startsWith('/health')) continue;
    const extensions = operation as unknown as Record<string, unknown>;
    const codes = (extensions[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined) ?? [];
    extensions[ERROR_CODES_EXTENSION] = [...codes, 'RATE_LIMITED'];
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = app.get<AppConfig>(APP_CONFIG);
  const builder = new DocumentBuilder()
    .setTitle('Inventory Reservation Service')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addTag('inventory', 'The catalogue and its stock counters')
    .addTag('reservations', 'Holding stock for a shopper')
    .addTag('checkout', 'Settling a hold: confirm (sale) or cancel (units back)')
    .addTag('health', 'Liveness and readiness')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, ADMIN_SECURITY_SCHEME)
    .build();
  // A controller method's name is its operationId: the name a generated SDK exposes.
  const document = SwaggerModule.createDocument(app, builder, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  document.servers = [serverOf(config)];
  document.info.contact = { name: 'Inventory reservation team', email: 'inventory@example.org' };
  for (const { operation } of operationsOf(document)) {
    // Operations without a security requirement are public: say so explicitly.
    operation.security ??= [];
  }
  addRateLimited(document, config);
  documentErrorResponses(
    document,
    operationsOf(document).map(({ operation }) => operation),
    {
      isIdempotent: (operation) =>
        (operation.parameters ?? []).some(
          (p) => 'name' in p && p.in === 'header' && p.name === 'Idempotency-Key',
        ),
      isReplayed: (code) =>
        !NOT_STORED.has(code) && !KEY_CHECK_CODES.has(code) && ERROR_CATALOGUE[code].status < 500,
    },
  );
  const scheme = document.components?.securitySchemes?.[ADMIN_SECURITY_SCHEME];
  if (scheme && 'type' in scheme) {
    scheme.description = `ADMIN_API_KEY, for the admin routes: ${adminRoutes(document).join(', ')}.`;
  }
  for (const [schema, maximums] of Object.entries(configuredMaximums(config))) {
    const target = document.components?.schemas?.[schema];
    if (!target || !('properties' in target)) continue;
    for (const [property, maximum] of Object.entries(maximums)) {
      const field = target.properties?.[property];
      if (field && !('$ref' in field)) field.maximum = maximum;
    }
  }
  return document;
}
