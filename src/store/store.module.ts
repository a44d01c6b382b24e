import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../core/app-config';
import { CoreModule } from '../core/core.module';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { EVENT_LINES } from '../observability/event-lines';
import { observedReservations, timed } from '../observability/instrumented-store';
import { Metrics } from '../observability/metrics';
import { MetricsModule } from '../observability/metrics.module';
import { RootLoggerModule } from '../observability/root-logger';
import { InventoryRepository } from '../inventory/inventory.repository';
import { ReservationEvents } from '../reservations/reservation-events';
import { ReservationRepository } from '../reservations/reservation.repository';
import { InMemoryStore } from './in-memory/in-memory-store';
import { MongoStore } from './mongo/mongo-store';
import { Store } from './store';
import { StoreProbe } from './store-probe';
import { SweepLease } from './sweep-lease';

/** The one place an adapter is chosen: MongoDB when MONGODB_URI is set, in-process otherwise. */
export function openStore(config: AppConfig): Promise<Store> {
  return config.store.kind === 'mongodb'
    ? MongoStore.open(config.store.uri, config)
    : Promise.resolve(new InMemoryStore(config));
}

/**
 * The store port. Feature modules import this module and inject the abstract repositories;
 * they never learn which adapter they got.
 */
@Module({
  imports: [CoreModule, MetricsModule, RootLoggerModule],
  providers: [
    { provide: Store, inject: [APP_CONFIG], useFactory: openStore },
    // Every repository is timed; the reservation one also counts its transitions and records
    // their events (with the request line of the request that caused them; else lines of their own).
    {
      provide: InventoryRepository,
      inject: [Store, Metrics],
      useFactory: (s: Store, m: Metrics) => timed('inventory', s.inventory, m),
    },
    {
      provide: ReservationRepository,
      inject: [Store, Metrics, EVENT_LINES],
      useFactory: (s: Store, m: Metrics, lines: ReservationEvents) =>
        observedReservations(s.reservations, m, lines),
    },
    {
      provide: IdempotencyRepository,
      inject: [Store, Metrics],
      useFactory: (s: Store, m: Metrics) => timed('idempotency', s.idempotency, m),
    },
    { provide: StoreProbe, inject: [Store], useFactory: (s: Store) => s.probe },
    { provide: SweepLease, inject: [Store], useFactory: (s: Store) => s.sweepLease },
  ],
  exports: [
    InventoryRepository,
    ReservationRepository,
    IdempotencyRepository,
    StoreProbe,
    SweepLease,
  ],
})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(Store) private readonly store: Store) {}

  /** After the HTTP server and the sweeper have stopped. */
  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
