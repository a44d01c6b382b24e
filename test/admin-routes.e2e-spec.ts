import { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ADMIN_SECURITY_SCHEME } from '../src/common/http/admin-api-key.guard';
import { adminRoutes } from '../src/common/openapi/openapi-document';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The admin routes are whatever `@AdminOnly()` marks; every other list of them is derived from
 * the OpenAPI document (where that decorator puts its security requirement) and checked here:
 * the guard's answers, the security scheme's description and the README's API table.
 */
describe('Admin routes', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  let routes: string[];
  const http = () => request(t.app.getHttpServer());
  /** `POST /inventory/{sku}/adjustments` -> a request to a concrete path. */
  const call = (route: string) => {
    const [method, path] = route.split(' ');
    const concrete = path.replace(/\{[^}]+\}/g, 'SOME-SKU');
    return http()[method.toLowerCase() as 'post'](concrete);
  };

  beforeAll(async () => {
    t = await createTestApp();
    document = (await http().get('/docs-json').expect(200)).body as OpenAPIObject;
    routes = adminRoutes(document);
  });
  afterAll(() => t.close());

  it('finds the catalogue changes among them, and no read', () => {
    expect(routes).toEqual(
      expect.arrayContaining(['POST /inventory', 'POST /inventory/{sku}/adjustments']),
    );
    expect(routes.filter((route) => route.startsWith('GET '))).toEqual([]);
  });

  it('answers 401 without x-api-key and 403 with a wrong one on every admin route', async () => {
    for (const route of routes) {
      const missing = await call(route).send({});
      expect({ route, status: missing.status, code: missing.body.code }).toEqual({
        route,
        status: 401,
        code: 'ADMIN_API_KEY_MISSING',
      });
      const wrong = await call(route).set('x-api-key', 'wrong-key').send({});
      expect({ route, status: wrong.status, code: wrong.body.code }).toEqual({
        route,
        status: 403,
        code: 'ADMIN_API_KEY_INVALID',
      });
    }
  });

  it('names every admin route in the security scheme description', () => {
    const scheme = document.components?.securitySchemes?.[ADMIN_SECURITY_SCHEME] as {
      description: string;
    };
    for (const route of routes) expect(scheme.description).toContain(route);
  });

  it("marks exactly these routes (admin) in the README's API table", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const marked = [...readme.matchAll(/^\| `(GET|POST|PATCH|PUT|DELETE) ([^` ]+)[^|]*\(admin\)/gm)]
      .map(([, method, path]) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(marked).toEqual([...routes].sort());
  });
});
