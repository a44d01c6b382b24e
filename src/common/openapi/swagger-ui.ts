import { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi-document';

interface SwaggerUiRequest {
  method?: string;
  headers: Record<string, string | undefined>;
}

/**
 * Runs in the browser (Swagger UI serializes it with `toString()`: it must not use anything from
 * this module). Before each Execute of a POST, fills an empty Idempotency-Key with a fresh UUID,
 * so two testers, or two presses of Execute, never share a key; a key the tester typed is sent as
 * typed (to try a replay). `crypto.randomUUID` exists only in secure contexts (https, localhost),
 * so on plain http elsewhere the UUID is built from `crypto.getRandomValues`.
 */
function freshIdempotencyKey(request: SwaggerUiRequest): SwaggerUiRequest {
  if ((request.method ?? '').toUpperCase() !== 'POST') return request;
  const typed = Object.keys(request.headers).find(
    (name) => name.toLowerCase() === 'idempotency-key',
  );
  if (typed !== undefined && (request.headers[typed] ?? '').trim() !== '') return request;
  if (typed !== undefined) delete request.headers[typed];
  const uuid =
    typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
          (
            Number(c) ^
            (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (Number(c) / 4)))
          ).toString(16),
        );
  request.headers['Idempotency-Key'] = uuid;
  return request;
}

/**
 * In Swagger UI, "Try it out" goes to the server the page was loaded from (whatever address the
 * tester used), listed first; the configured PUBLIC_URL stays selectable. `/docs-json` keeps the
 * document as committed.
 */
function forTheBrowser(document: OpenAPIObject): OpenAPIObject {
  return {
    ...document,
    servers: [
      { url: '/', description: 'The server this page was loaded from' },
      ...(document.servers ?? []),
    ],
  };
}

/** Swagger UI at /docs, the document at /docs-json and /docs-yaml. */
export function setupSwaggerUi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'Inventory Reservation Service',
    patchDocumentOnRequest: <TRequest>(
      request: TRequest,
      _reply: unknown,
      document: OpenAPIObject,
    ) =>
      (request as { url?: string }).url?.endsWith('swagger-ui-init.js')
        ? forTheBrowser(document)
        : document,
    swaggerOptions: {
      persistAuthorization: true,
      displayRequestDuration: true,
      requestInterceptor: freshIdempotencyKey,
    },
  });
}
