import { AppConfig, loadConfig } from '../../src/core/app-config';
import { InMemoryStore } from '../../src/store/in-memory/in-memory-store';
import { buildIndexes } from '../../src/store/mongo/indexes';
import { MongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/store';
import { openStore } from '../../src/store/store.module';

/** One store adapter, opened exactly as StoreModule opens it, for the contract suite. */
export interface StoreHarness {
  store: Store;
  inventory: Store['inventory'];
  reservations: Store['reservations'];
  idempotency: Store['idempotency'];
  config: AppConfig;
  /** Empties the store between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createStoreHarness(store: AppConfig['store']): Promise<StoreHarness> {
  const config = { ...loadConfig({}), store };
  // What `npm run db:indexes` does on a fresh database, so that the store then opens exactly as
  // StoreModule opens it, its index check included.
  if (store.kind === 'mongodb') await prepareIndexes(store.uri, config);
  const opened = await openStore(config);
  const reset = async () => {
    if (opened instanceof InMemoryStore) opened.state.reset();
    else if (opened instanceof MongoStore) await opened.deleteEverything();
  };
  return {
    store: opened,
    inventory: opened.inventory,
    reservations: opened.reservations,
    idempotency: opened.idempotency,
    config,
    reset,
    close: () => opened.close(),
  };
}

async function prepareIndexes(uri: string, config: AppConfig): Promise<void> {
  const indexer = await MongoStore.open(uri, config, { checkIndexes: false });
  try {
    await buildIndexes(indexer.connection);
  } finally {
    await indexer.close();
  }
}
