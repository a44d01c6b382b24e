import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { InventoryRepository } from '../inventory/inventory.repository';
import { REQUEST_ID_HEADER } from './request-id';
import { Metrics } from './metrics';

/**
 * What every request gets from operations, as two cheap Fastify hooks (no per-request Nest
 * interceptor): its id echoed in `x-request-id` (`onRequest`), and its duration in the request
 * histogram (`onResponse`). Also serves `GET /metrics`, outside Nest's guards (never
 * rate-limited) and outside the API document.
 */
@Injectable()
export class ObservabilityHooks implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly adapterHost: HttpAdapterHost,
    inventory: InventoryRepository,
  ) {
    // Read from the store at scrape time (one call, not the catalogue page by page), so it is
    // right on every instance and after a restart. If the store cannot be read, the gauge keeps
    // its last value: a scrape that failed as a whole would lose every other metric just when
    // they matter (an outage).
    new Gauge({
      name: 'inventory_units_reserved',
      help: 'Units held by active reservations, over every SKU (read from the store at scrape time)',
      registers: [metrics.registry],
      async collect() {
        try {
          this.set(await inventory.unitsReserved());
        } catch {
          return;
        }
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const { httpRequestDuration, registry } = this.metrics;
    fastify.addHook('onRequest', (request, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      httpRequestDuration.observe(
        {
          method: request.method,
          // Unmatched URLs share one label: a scanner must not create a time series per path.
          route: request.routeOptions.url ?? 'unmatched',
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
    fastify.get('/metrics', async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  }
}
