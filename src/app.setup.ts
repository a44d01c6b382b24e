import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SuccessEnvelopeFastifyAdapter } from './common/http/success-envelope';
import { setupSwaggerUi } from './common/openapi/swagger-ui';

/** Request bodies above this are refused with 413 before they are parsed. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** Fastify, with every handler's result wrapped in the success envelope. */
export function createHttpAdapter(): SuccessEnvelopeFastifyAdapter {
  return new SuccessEnvelopeFastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Bodies with "__proto__" or "constructor.prototype" keys are refused outright (400).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
}

/**
 * Everything main.ts and the e2e tests share: shutdown hooks, JSON-only bodies, the OpenAPI
 * document and Swagger UI, and the `/` redirect. Call before `init()` / `listen()`. (Errors
 * Fastify raises before a handler runs reach the global ErrorEnvelopeFilter through Nest's own
 * Fastify error handler; the Idempotency-Key hooks are registered by IdempotencyModule.)
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: anything else is a 415, not a string body for the validator.
  fastify.removeContentTypeParser('text/plain');
  fastify.get('/', (_request, reply) => reply.redirect('/docs'));
  setupSwaggerUi(app);
  return app;
}
