import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ReservationRepository } from '../checkout/reservation.repository';
import { AppConfig } from '../config/app-config';
import { InventoryRepository } from '../inventory/inventory.repository';
import { InMemoryInventoryRepository } from './in-memory/in-memory-inventory.repository';
import { InMemoryReservationRepository } from './in-memory/in-memory-reservation.repository';
import { InMemoryStore } from './in-memory/in-memory-store';
import { InventoryItemRecord, InventoryItemSchema } from './mongo/inventory-item.schema';
import { MongoInventoryRepository } from './mongo/mongo-inventory.repository';
import { MongoReservationRepository } from './mongo/mongo-reservation.repository';
import { MongoStoreProbe } from './mongo/mongo-store.probe';
import { ReservationRecord, ReservationSchema } from './mongo/reservation.schema';
import { InMemoryStoreProbe, StoreProbe } from './store-probe';

const PORTS = [InventoryRepository, ReservationRepository, StoreProbe];

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
      { provide: StoreProbe, useClass: InMemoryStoreProbe },
    ];
    return { module: StoreModule, providers, exports: [...PORTS, InMemoryStore] };
  }

  private static mongo(uri: string): DynamicModule {
    const providers: Provider[] = [
      { provide: InventoryRepository, useClass: MongoInventoryRepository },
      { provide: ReservationRepository, useClass: MongoReservationRepository },
      { provide: StoreProbe, useClass: MongoStoreProbe },
    ];
    return {
      module: StoreModule,
      imports: [
        MongooseModule.forRoot(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true }),
        MongooseModule.forFeature([
          { name: InventoryItemRecord.name, schema: InventoryItemSchema },
          { name: ReservationRecord.name, schema: ReservationSchema },
        ]),
      ],
      providers,
      exports: PORTS,
    };
  }
}
