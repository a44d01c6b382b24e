import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Request and store latencies in seconds: from sub-millisecond (embedded store) to a slow replica. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * Every Prometheus metric of the service, in one registry per application (so two apps in one
 * test process never share counters), with Node's default process metrics beside them.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, and how long they took',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: this.registers,
  });

  readonly reservationsCreated = this.counter('reservations_created_total', 'Holds created');
  readonly reservationsConfirmed = this.counter(
    'reservations_confirmed_total',
    'Holds confirmed (units sold)',
  );
  readonly reservationsCancelled = this.counter(
    'reservations_cancelled_total',
    'Holds cancelled by the shopper (units back)',
  );
  readonly reservationsExpired = this.counter(
    'reservations_expired_total',
    'Holds expired, by the sweep or on the spot (units back)',
  );

  readonly storeCallDuration = new Histogram({
    name: 'store_call_duration_seconds',
    help: 'Calls to the store port by repository and operation, and how long they took',
    labelNames: ['repository', 'operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: this.registers,
  });

  readonly sweepDuration = new Histogram({
    name: 'expiry_sweep_duration_seconds',
    help: 'How long each expiry sweep took',
    buckets: LATENCY_BUCKETS,
    registers: this.registers,
  });

  readonly sweepLateness = new Gauge({
    name: 'expiry_sweep_max_lateness_seconds',
    help: 'In the last sweep that expired anything, how long past expiresAt the most overdue hold was',
    registers: this.registers,
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: this.registers });
  }
}
