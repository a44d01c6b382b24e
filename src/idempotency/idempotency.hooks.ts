import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Claim,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyService,
  REPLAYED_HEADER,
} from './idempotency.service';

/**
 * Wires Idempotency-Key into every POST as Fastify hooks: `preHandler` (the body is parsed, no
 * handler has run) admits or replays; `onSend` sees the exact status and serialized body the
 * client gets, success or error envelope alike, and stores them before they leave.
 */
export function registerIdempotencyHooks(app: NestFastifyApplication): void {
  const idempotency = app.get(IdempotencyService);
  const logger = new Logger('Idempotency');
  const claims = new WeakMap<FastifyRequest, Claim>();
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (request.method !== 'POST' || typeof key !== 'string') return;
    const apiKey = request.headers['x-api-key'];
    const admission = await idempotency.admit(key, {
      method: request.method,
      url: request.url,
      caller: typeof apiKey === 'string' ? createHash('sha256').update(apiKey).digest('hex') : '',
      body: request.body,
    });
    if (admission.kind === 'proceed') {
      claims.set(request, admission.claim);
      return;
    }
    await reply
      .code(admission.response.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .header(REPLAYED_HEADER, 'true')
      .send(admission.response.body);
  });

  fastify.addHook(
    'onSend',
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const claim = claims.get(request);
      if (!claim) return payload;
      claims.delete(request);
      try {
        await idempotency.settle(
          claim,
          reply.statusCode,
          typeof payload === 'string' ? payload : undefined,
        );
      } catch (error) {
        // The client still gets its answer; the claim lapses after its in-flight lock and a retry is processed.
        logger.error(
          `Could not store the response for key ${claim.key}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return payload;
    },
  );
}
