import { MongoMemoryReplSet } from 'mongodb-memory-server';
import { findMongoTarget, OWN_SERVER_DATABASE } from './mongo-target';
import { createStoreHarness, StoreHarness } from './store-harness';
import { describeStoreContract } from './store-contract';
import { describeAdjustmentContract } from './adjustment-contract';
import { describeSweeperContract } from './sweeper-contract';

/*
 * The MongoDB leg of the store contract. It runs wherever a mongod can be had (see
 * test/store/mongo-target.ts: MONGODB_TEST_URI, never MONGODB_URI) and is skipped, with the reason in its name, where none can:
 * it never pretends to have passed.
 */
const target = findMongoTarget();

if (target.kind === 'none') {
  process.stderr.write(`\nMongoDB store contract SKIPPED: ${target.why}.\n`);
  describe.skip(`store contract: mongodb — SKIPPED: ${target.why}`, () => {
    it('runs the store contract against MongoDB', () => undefined);
  });
} else {
  let replSet: MongoMemoryReplSet | undefined;
  let uri: string;

  const harness = async (): Promise<StoreHarness> => {
    if (target.kind === 'uri') {
      uri = target.uri;
    } else {
      // A one-member replica set: transactions need one.
      replSet = await MongoMemoryReplSet.create({
        binary: { systemBinary: target.path },
        replSet: { count: 1, storageEngine: 'wiredTiger' },
      });
      uri = replSet.getUri(OWN_SERVER_DATABASE);
    }
    const store = await createStoreHarness({ kind: 'mongodb', uri });
    return {
      ...store,
      close: async () => {
        await store.close();
        await replSet?.stop();
      },
    };
  };

  describeStoreContract(
    `mongodb (${target.kind === 'uri' ? 'MONGODB_TEST_URI' : target.path})`,
    harness,
    {
      // Fewer runs than in memory: each step is a few transactions on a real server.
      modelRuns: 40,
      // A second application instance on the same database, as after a restart.
      reopen: () => createStoreHarness({ kind: 'mongodb', uri }),
    },
  );

  describeSweeperContract(
    `mongodb (${target.kind === 'uri' ? 'MONGODB_TEST_URI' : target.path})`,
    harness,
  );

  describeAdjustmentContract(
    `mongodb (${target.kind === 'uri' ? 'MONGODB_TEST_URI' : target.path})`,
    harness,
  );
}
