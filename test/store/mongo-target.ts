import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Where the MongoDB leg of the contract suite can get a mongod, decided synchronously (jest
 * decides what to skip before any test runs) and without downloading anything:
 *   1. MONGODB_TEST_URI: a running server (a replica set, so transactions work) whose database
 *      name says it is for tests (the suite empties it). Never MONGODB_URI: that is the
 *      service's own setting, and a shell with the production URI exported must not lose it;
 *   2. MONGOMS_SYSTEM_BINARY: a mongod binary that mongodb-memory-server starts as a replica set;
 *   3. a `mongod` on PATH, or one mongodb-memory-server downloaded and cached earlier.
 */
export type MongoTarget =
  { kind: 'uri'; uri: string } | { kind: 'binary'; path: string } | { kind: 'none'; why: string };

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'mongod'))
    .find((candidate) => existsSync(candidate));
}

function cached(): string | undefined {
  const dirs = [
    join(process.cwd(), 'node_modules', '.cache', 'mongodb-memory-server'),
    join(homedir(), '.cache', 'mongodb-binaries'),
  ];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const binary = readdirSync(dir).find((name) => name.startsWith('mongod-'));
    if (binary) return join(dir, binary);
  }
  return undefined;
}

/** The database a MongoDB URI names (its path), or undefined when it names none. */
export function databaseNameOf(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

/**
 * Refuses a URI whose database name does not contain `test`: the contract suite deletes every
 * document of every collection it uses. A URI with no database is refused too (the driver would
 * use a database called `test`, which may well be someone's).
 */
export function assertTestDatabase(uri: string, variable = 'MONGODB_TEST_URI'): string {
  const name = databaseNameOf(uri);
  if (!name) {
    throw new Error(
      `${variable} names no database; name one whose name contains "test" (the tests delete its data), e.g. mongodb://127.0.0.1:27017/inventory_test?replicaSet=rs0`,
    );
  }
  if (!name.toLowerCase().includes('test')) {
    throw new Error(
      `${variable} names the database "${name}", whose name does not contain "test"; the tests delete its data, so they refuse it`,
    );
  }
  return name;
}

/** The database the suite uses on a mongod it starts itself. */
export const OWN_SERVER_DATABASE = 'inventory_contract_test';

export function findMongoTarget(env: NodeJS.ProcessEnv = process.env): MongoTarget {
  const uri = env.MONGODB_TEST_URI;
  if (uri) {
    assertTestDatabase(uri);
    return { kind: 'uri', uri };
  }
  const system = env.MONGOMS_SYSTEM_BINARY;
  if (system) {
    return existsSync(system)
      ? { kind: 'binary', path: system }
      : { kind: 'none', why: `MONGOMS_SYSTEM_BINARY=${system} does not exist` };
  }
  const found = onPath(env) ?? cached();
  if (found) return { kind: 'binary', path: found };
  return {
    kind: 'none',
    why: 'no mongod on this machine (no MONGODB_TEST_URI, no MONGOMS_SYSTEM_BINARY, none on PATH or in the mongodb-memory-server cache)',
  };
}
