import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../core/app-config';
import { CoreModule } from '../core/core.module';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { InventoryRepository } from '../inventory/inventory.repository';
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
  imports: [CoreModule],
  providers: [
    { provide: Store, inject: [APP_CONFIG], useFactory: openStore },
    { provide: InventoryRepository, inject: [Store], useFactory: (s: Store) => s.inventory },
    { provide: ReservationRepository, inject: [Store], useFactory: (s: Store) => s.reservations },
    { provide: IdempotencyRepository, inject: [Store], useFactory: (s: Store) => s.idempotency },
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
