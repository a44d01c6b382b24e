import mongoose, { Connection, mongo } from 'mongoose';
import { AppConfig } from '../../core/app-config';
import { Store } from '../store';
import { STORE_TIMEOUTS } from '../store-timeouts';
import { CustomerUnitsRecord, CustomerUnitsSchema } from './customer-units.schema';
import { IdempotencyKeyRecord, IdempotencyKeySchema } from './idempotency-key.schema';
import { assertIndexes, checkIndexes } from './indexes';
import { InventoryItemRecord, InventoryItemSchema } from './inventory-item.schema';
import { MongoIdempotencyRepository } from './mongo-idempotency.repository';
import { MongoInventoryRepository } from './mongo-inventory.repository';
import { MongoReservationRepository } from './mongo-reservation.repository';
import { MongoStoreProbe } from './mongo-store.probe';
import { LeaseRecord, LeaseSchema, MongoSweepLease } from './mongo-sweep-lease';
import { ReservationRecord, ReservationSchema } from './reservation.schema';
import { StockAdjustmentRecord, StockAdjustmentSchema } from './stock-adjustment.schema';
import { assertSupportedDeployment } from './topology';

/**
 * Driver settings, each a documented bound (README, "Running on MongoDB"): a request waits at
 * most this long for a primary, a connection or a silent socket, instead of the driver's 30 s
 * server selection and no socket limit. Reads and writes go to the primary: transactions need
 * it, and a `readPreference` in MONGODB_URI must not send a transition's snapshot elsewhere.
 */
export const CLIENT_OPTIONS: mongo.MongoClientOptions = {
  serverSelectionTimeoutMS: STORE_TIMEOUTS.serverSelectionMs,
  connectTimeoutMS: STORE_TIMEOUTS.connectMs,
  socketTimeoutMS: STORE_TIMEOUTS.socketMs,
  readPreference: 'primary',
  retryWrites: true,
  retryReads: true,
};

/**
 * mongoose settings: no command buffering (with it, an operation during an outage waits for a
 * reconnection and then fails as a plain MongooseError, a 500, instead of failing fast as the
 * driver's MongoServerSelectionError, a 503); no index or collection building at boot (that is
 * `npm run db:indexes`, checked below); `maxTimeMS` on every query and update (not on aggregations:
 * each sets its own, as `unitsReserved` does).
 */
export function configureConnection(connection: Connection): Connection {
  Object.assign(connection.config as object, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  });
  connection.set('maxTimeMS', STORE_TIMEOUTS.operationMs);
  return connection;
}

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
  readonly sweepLease: MongoSweepLease;

  private constructor(
    readonly connection: Connection,
    config: AppConfig,
  ) {
    super();
    const items = connection.model(InventoryItemRecord.name, InventoryItemSchema);
    const reservations = connection.model(ReservationRecord.name, ReservationSchema);
    const keys = connection.model(IdempotencyKeyRecord.name, IdempotencyKeySchema);
    const customerUnits = connection.model(CustomerUnitsRecord.name, CustomerUnitsSchema);
    const adjustments = connection.model(StockAdjustmentRecord.name, StockAdjustmentSchema);
    this.inventory = new MongoInventoryRepository(connection, items, adjustments);
    this.reservations = new MongoReservationRepository(
      connection,
      reservations,
      items,
      customerUnits,
      config,
    );
    this.idempotency = new MongoIdempotencyRepository(keys);
    this.probe = new MongoStoreProbe(connection);
    this.sweepLease = new MongoSweepLease(connection.model(LeaseRecord.name, LeaseSchema));
  }

  /**
   * Connects and, before the first request, refuses what every transition would fail on: a
   * deployment without transactions, a server older than 6.0, indexes missing or different.
   * The deployment is judged from the driver's own topology description (server discovery),
   * the latest one it announced.
   */
  static async open(
    uri: string,
    config: AppConfig,
    { checkIndexes: mustCheckIndexes = true } = {},
  ): Promise<MongoStore> {
    const client = new mongo.MongoClient(uri, CLIENT_OPTIONS);
    let topology: mongo.TopologyDescription | undefined;
    client.on('topologyDescriptionChanged', (event) => (topology = event.newDescription));
    await client.connect();
    const connection = configureConnection(mongoose.createConnection());
    try {
      // connect() returns once a server was selected, so the description names it.
      if (!topology) throw new Error('MONGODB_URI: the driver reported no topology');
      assertSupportedDeployment(topology);
      connection.setClient(client);
      const store = new MongoStore(connection, config);
      if (mustCheckIndexes) assertIndexes(await checkIndexes(connection));
      return store;
    } catch (error) {
      await client.close();
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
