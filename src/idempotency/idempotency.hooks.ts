import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodeOf } from '../common/errors/error-envelope.filter';
import {
  Claim,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyService,
  REPLAYED_HEADER,
} from './idempotency.service';

/**
 * Wires Idempotency-Key into every POST as Fastify hooks, when the module initialises (before
 * the server is ready): `preHandler` (the body is parsed, no handler has run) admits or replays;
 * `onSend` sees the exact status and serialized body the client gets, success or error envelope
 * alike, and stores them before they leave.
 */
@Injectable()
export class IdempotencyHooks implements OnModuleInit {
  private readonly logger = new Logger('Idempotency');
  private readonly claims = new WeakMap<FastifyRequest, Claim>();

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Callback-style hooks, so a request without a key (most GETs, most POSTs) passes straight
    // through without a promise and a microtask turn for each hook.
    fastify.addHook('preHandler', (request, reply, done) => {
      const key = request.headers[IDEMPOTENCY_KEY_HEADER];
      if (request.method !== 'POST' || typeof key !== 'string') return done();
      this.admit(request, reply, key).then(() => done(), done);
    });
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const claim = this.claims.get(request);
      if (!claim) return done(null, payload);
      this.claims.delete(request);
      void this.record(claim, reply, payload).then(() => done(null, payload));
    });
  }

  private async admit(request: FastifyRequest, reply: FastifyReply, key: string): Promise<void> {
    const apiKey = request.headers['x-api-key'];
    const admission = await this.idempotency.admit(key, {
      method: request.method,
      url: request.url,
      caller: typeof apiKey === 'string' ? createHash('sha256').update(apiKey).digest('hex') : '',
      body: request.body,
    });
    if (admission.kind === 'proceed') {
      this.claims.set(request, admission.claim);
      return;
    }
    await reply
      .code(admission.response.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .header(REPLAYED_HEADER, 'true')
      .send(admission.response.body);
  }

  /** Never rejects: the client gets its answer whether or not the response could be stored. */
  private async record(claim: Claim, reply: FastifyReply, payload: unknown): Promise<void> {
    try {
      await this.idempotency.recordResponse(claim, {
        statusCode: reply.statusCode,
        body: typeof payload === 'string' ? payload : undefined,
        errorCode: errorCodeOf(reply.request),
      });
    } catch (error) {
      // The client still gets its answer; the claim lapses after its in-flight lock and a retry is processed.
      this.logger.error(
        `Could not store the response for key ${claim.key}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
