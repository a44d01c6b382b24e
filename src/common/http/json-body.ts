import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError, ValidationFailedError } from '../errors/domain-error';

/**
 * Deeper than any request this API takes (a cart's `{ lines: [{ sku, quantity }] }` is 3), and
 * shallow enough that nothing downstream (the validation pipe refuses prototype keys and
 * transforms recursively) can run out of stack: 5,000 nested arrays fit in 10 KB.
 */
export const MAX_JSON_DEPTH = 8;

/** The `charset` parameter of a Content-Type, if any. */
const CHARSET = /;\s*charset\s*=\s*([^;\s]+)/i;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting in a JSON text, found by one pass over its bytes (strings skipped). */
export function exceedsJsonDepth(body: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The one JSON body parser (Nest's and Fastify's defaults are replaced, so no other media type
 * is parsed: anything else is a 415). Before JSON.parse it refuses what no route takes: a
 * compressed body (Fastify would parse the bytes as if they were plain), and nesting deeper
 * than MAX_JSON_DEPTH. After it, anything but an object: every body this API takes is one.
 * Prototype-poisoning keys are still refused by Fastify's secure parser.
 */
export function jsonBodyParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body uncompressed.'));
    }
    // JSON travels as UTF-8 (RFC 8259), which is how the body is read: a body declared in
    // another charset would be read as something it is not.
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^"?utf-?8"?$/i.test(charset)) {
      return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as UTF-8.'));
    }
    if (exceedsJsonDepth(body, MAX_JSON_DEPTH)) {
      return done(
        new ValidationFailedError([
          { field: 'body', problems: [`body must not nest deeper than ${MAX_JSON_DEPTH} levels`] },
        ]),
      );
    }
    void parse(request, body.toString('utf8'), (error, value) => {
      if (error) return done(error);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return done(
          new ValidationFailedError([{ field: 'body', problems: ['body must be a JSON object'] }]),
        );
      }
      done(null, value);
    });
  };
}
