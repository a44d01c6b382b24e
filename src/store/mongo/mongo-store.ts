import mongoose, { Connection } from 'mongoose';
import { AppConfig } from '../../core/app-config';
import { Store } from '../store';
import { CustomerUnitsRecord, CustomerUnitsSchema } from './customer-units.schema';
import { IdempotencyKeyRecord, IdempotencyKeySchema } from './idempotency-key.schema';
import { InventoryItemRecord, InventoryItemSchema } from './inventory-item.schema';
import { MongoIdempotencyRepository } from './mongo-idempotency.repository';
import { MongoInventoryRepository } from './mongo-inventory.repository';
import { MongoReservationRepository } from './mongo-reservation.repository';
import { MongoStoreProbe } from './mongo-store.probe';
import { ReservationRecord, ReservationSchema } from './reservation.schema';
import { assertSupportsTransactions } from './topology';

/**
 * The production store: MongoDB through mongoose, one connection per application. Opened by
 * `StoreModule` only when MONGODB_URI is set, so the embedded default never loads a driver
 * connection (which is why this adapter opens its own connection instead of importing
 * `MongooseModule.forRoot`, a module that would connect whatever the configuration says).
 */
export class MongoStore extends Store {
  readonly inventory: MongoInventoryRepository;
  readonly reservations: MongoReservationRepository;
  readonly idempotency: MongoIdempotencyRepository;
  readonly probe: MongoStoreProbe;

  private constructor(
    private readonly connection: Connection,
    config: AppConfig,
  ) {
    super();
    const items = connection.model(InventoryItemRecord.name, InventoryItemSchema);
    const reservations = connection.model(ReservationRecord.name, ReservationSchema);
    const keys = connection.model(IdempotencyKeyRecord.name, IdempotencyKeySchema);
    const customerUnits = connection.model(CustomerUnitsRecord.name, CustomerUnitsSchema);
    this.inventory = new MongoInventoryRepository(connection, items);
    this.reservations = new MongoReservationRepository(
      connection,
      reservations,
      items,
      customerUnits,
      config,
    );
    this.idempotency = new MongoIdempotencyRepository(keys);
    this.probe = new MongoStoreProbe(connection);
  }

  /**
   * Connects, refuses a deployment without transactions, then builds the indexes before the
   * first request (the one-active-hold rule and the unique SKU depend on them).
   */
  static async open(uri: string, config: AppConfig): Promise<MongoStore> {
    const connection = await mongoose
      .createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true })
      .asPromise();
    try {
      const hello = await connection.db!.admin().command({ hello: 1 });
      assertSupportsTransactions(hello);
      const store = new MongoStore(connection, config);
      await Promise.all(Object.values(connection.models).map((model) => model.init()));
      return store;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** Every collection of this store's database, for test set-up only. */
  async deleteEverything(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((m) => m.deleteMany({})));
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
