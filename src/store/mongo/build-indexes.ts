import { AppConfig, loadConfig } from '../../core/app-config';
import { buildIndexes, checkIndexes } from './indexes';
import { MongoStore } from './mongo-store';

/**
 * The configuration the indexing command runs with: the environment's, except that it serves no
 * routes, so the serving rule "MONGODB_URI needs ADMIN_API_KEY" does not apply to it.
 */
export function indexingConfig(env: NodeJS.ProcessEnv): { config: AppConfig; uri: string } {
  const config = loadConfig({ ...env, ADMIN_ROUTES_OPEN: 'true' });
  if (config.store.kind !== 'mongodb') throw new Error('MONGODB_URI is not set: nothing to index.');
  return { config, uri: config.store.uri };
}

/**
 * `npm run db:indexes`: creates the collections and builds (or rebuilds) the indexes the schemas
 * declare, on the database MONGODB_URI names. The service never builds indexes itself (a changed
 * definition would make every instance fail at boot, and its database user would need index
 * rights); it checks them at start-up and refuses to run without them. Safe to run again.
 */
async function main(): Promise<void> {
  const { config, uri } = indexingConfig(process.env);
  const store = await MongoStore.open(uri, config, { checkIndexes: false });
  try {
    const dropped = await buildIndexes(store.connection);
    for (const [collection, names] of Object.entries(dropped)) {
      const note = names.length ? ` (dropped undeclared or changed: ${names.join(', ')})` : '';
      process.stdout.write(`${collection}: indexes in place${note}\n`);
    }
    const problems = await checkIndexes(store.connection);
    if (problems.length) throw new Error(`Indexes still differ:\n  ${problems.join('\n  ')}`);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
