import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's defaults, which Swagger UI works with (its scripts and styles are files served from
 * 'self'), less `upgrade-insecure-requests`: behind plain HTTP (a local run, a cluster-internal
 * port) it would send the UI's own requests to an https:// that does not exist.
 */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

/**
 * The headers helmet sets with these options, found once by running its middleware against a
 * response that only records them. With options that use no per-request function (no CSP nonce)
 * helmet sets the same headers on every response, so they are computed at start-up, not per request.
 */
export function securityHeaders(
  options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS,
): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet throws on bad options (since 8.1 it no longer passes them to `next`).
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

/**
 * Security headers on every response, from helmet, through one `onRequest` hook that copies the
 * headers computed at start-up. (@fastify/helmet, the plugin, builds helmet's middleware again for
 * every request, re-parsing the CSP each time: about a seventh of a `GET /inventory/:sku`'s CPU
 * time in the limit benchmark's profile, for headers that never change.)
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
