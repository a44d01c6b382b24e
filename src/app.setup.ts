import cors from '@fastify/cors';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { onClientError, onFrameworkError } from './common/http/framework-errors';
import { jsonBodyParser } from './common/http/json-body';
import { registerSecurityHeaders } from './common/http/security-headers';
import { SuccessEnvelopeFastifyAdapter } from './common/http/success-envelope';
import { setupSwaggerUi } from './common/openapi/swagger-ui';
import { AppConfig, APP_CONFIG } from './core/app-config';
import { REQUEST_ID_HEADER, requestIdOf } from './observability/request-id';

/** Request bodies above this are refused with 413 before they are parsed. */
const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * TRUST_PROXY as Fastify takes it. A hop count (trust the N nearest hops, as Express and Fastify
 * before 5.12 read a number) is given as the function proxy-addr calls for each hop: Fastify 5.12
 * reads a bare number as "trust no hop", since a count trusts whatever peer is nearest.
 */
function trustProxyOption(
  trustProxy: boolean | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}

/** Fastify, with every handler's result wrapped in the success envelope. */
export function createHttpAdapter(
  options: { trustProxy?: boolean | number | string[] } = {},
): SuccessEnvelopeFastifyAdapter {
  return new SuccessEnvelopeFastifyAdapter({
    // Whether X-Forwarded-For names the client (TRUST_PROXY): the address rate limits count by.
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    // The caller's x-request-id (if plausible) or a new UUID; echoed and logged with each request.
    genReqId: requestIdOf,
    // During a drain, a request that still arrives on an open connection is served in full (with
    // `Connection: close`), rather than refused with Fastify's own 503 body.
    return503OnClosing: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Bodies with "__proto__" or "constructor.prototype" keys are refused outright (400).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // URLs Fastify cannot route and requests Node cannot parse answer in the error envelope.
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  });
}

/**
 * Everything main.ts and the e2e tests share: JSON-only bodies, the OpenAPI
 * document and Swagger UI, and the `/` redirect. Call before `init()` / `listen()`. (Errors
 * Fastify raises before a handler runs reach the global ErrorEnvelopeFilter through Nest's own
 * Fastify error handler; the Idempotency-Key hooks are registered by IdempotencyModule.)
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  const config = app.get<AppConfig>(APP_CONFIG);
  // Security headers on every response (helmet's, computed once; see security-headers.ts).
  registerSecurityHeaders(fastify);
  // CORS only for the origins listed in CORS_ORIGINS; with none, no CORS headers at all.
  if (config.corsOrigins.length > 0) {
    void fastify.register(cors, {
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH'],
      allowedHeaders: ['content-type', 'idempotency-key', 'x-api-key', REQUEST_ID_HEADER],
      exposedHeaders: [REQUEST_ID_HEADER, 'idempotent-replayed', 'retry-after'],
      maxAge: 600,
    });
  }
  // The API speaks JSON only: anything else is a 415, not a string body for the validator.
  // (Registering this parser also keeps Nest from adding its JSON and form parsers.)
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser(fastify));
  fastify.get('/', (_request, reply) => reply.redirect('/docs'));
  setupSwaggerUi(app);
  return app;
}
