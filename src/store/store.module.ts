import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ReservationRepository } from '../checkout/reservation.repository';
import { AppConfig } from '../config/app-config';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { InventoryRepository } from '../inventory/inventory.repository';
import { InMemoryIdempotencyRepository } from './in-memory/in-memory-idempotency.repository';
import { InMemoryInventoryRepository } from './in-memory/in-memory-inventory.repository';
import { InMemoryReservationRepository } from './in-memory/in-memory-reservation.repository';
import { InMemoryStore } from './in-memory/in-memory-store';
import { IdempotencyKeyRecord, IdempotencyKeySchema } from './mongo/idempotency-key.schema';
import { InventoryItemRecord, InventoryItemSchema } from './mongo/inventory-item.schema';
import { MongoIdempotencyRepository } from './mongo/mongo-idempotency.repository';
import { MongoInventoryRepository } from './mongo/mongo-inventory.repository';
import { MongoReservationRepository } from './mongo/mongo-reservation.repository';
import { MongoStoreProbe } from './mongo/mongo-store.probe';
import { ReservationRecord, ReservationSchema } from './mongo/reservation.schema';
import { InMemoryStoreProbe, StoreProbe } from './store-probe';

const PORTS = [InventoryRepository, ReservationRepository, IdempotencyRepository, StoreProbe];

/**
 * Binds the store port to one adapter: MongoDB when MONGODB_URI is set, the in-process store
 * otherwise. Feature modules inject the abstract classes and never know which one they got.
 */
@Global()
@Module({})
export class StoreModule {
  static forRoot(store: AppConfig['store']): DynamicModule {
    return store.kind === 'mongodb' ? this.mongo(store.uri) : this.inMemory();
  }

  private static inMemory(): DynamicModule {
    const providers: Provider[] = [
      InMemoryStore,
      { provide: InventoryRepository, useClass: InMemoryInventoryRepository },
      { provide: ReservationRepository, useClass: InMemoryReservationRepository },
      { provide: IdempotencyRepository, useClass: InMemoryIdempotencyRepository },
      { provide: StoreProbe, useClass: InMemoryStoreProbe },
    ];
    return { module: StoreModule, providers, exports: [...PORTS, InMemoryStore] };
  }

  private static mongo(uri: string): DynamicModule {
    const providers: Provider[] = [
      { provide: InventoryRepository, useClass: MongoInventoryRepository },
      { provide: ReservationRepository, useClass: MongoReservationRepository },
      { provide: IdempotencyRepository, useClass: MongoIdempotencyRepository },
      { provide: StoreProbe, useClass: MongoStoreProbe },
    ];
    return {
      module: StoreModule,
      imports: [
        MongooseModule.forRoot(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true }),
        MongooseModule.forFeature([
          { name: InventoryItemRecord.name, schema: InventoryItemSchema },
          { name: ReservationRecord.name, schema: ReservationSchema },
          { name: IdempotencyKeyRecord.name, schema: IdempotencyKeySchema },
        ]),
      ],
      providers,
      exports: PORTS,
    };
  }
}
