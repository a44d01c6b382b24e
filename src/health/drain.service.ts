import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Whether this instance is draining (a SIGTERM arrived). From that moment readiness answers 503,
 * so a load balancer stops sending traffic, and every response leaves with `Connection: close`,
 * so a keep-alive connection is closed once its request is answered instead of being cut.
 * (main.ts starts the drain; Fastify's close then stops accepting connections, closes idle
 * ones, and waits for the requests already read.)
 */
@Injectable()
export class DrainService implements OnModuleInit {
  private drainingSince: Date | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  begin(): void {
    this.drainingSince ??= new Date();
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.drainingSince !== undefined) void reply.header('connection', 'close');
      done(null, payload);
    });
  }
}
