import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Where the MongoDB leg of the contract suite can get a mongod, decided synchronously (jest
 * decides what to skip before any test runs) and without downloading anything:
 *   1. MONGODB_URI: a running server (a replica set, so transactions work);
 *   2. MONGOMS_SYSTEM_BINARY: a mongod binary that mongodb-memory-server starts as a replica set;
 *   3. a `mongod` on PATH, or one mongodb-memory-server downloaded and cached earlier.
 */
export type MongoTarget =
  { kind: 'uri'; uri: string } | { kind: 'binary'; path: string } | { kind: 'none'; why: string };

function onPath(): string | undefined {
  return (process.env.PATH ?? '')
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

export function findMongoTarget(): MongoTarget {
  if (process.env.MONGODB_URI) return { kind: 'uri', uri: process.env.MONGODB_URI };
  const system = process.env.MONGOMS_SYSTEM_BINARY;
  if (system) {
    return existsSync(system)
      ? { kind: 'binary', path: system }
      : { kind: 'none', why: `MONGOMS_SYSTEM_BINARY=${system} does not exist` };
  }
  const found = onPath() ?? cached();
  if (found) return { kind: 'binary', path: found };
  return {
    kind: 'none',
    why: 'no mongod on this machine (no MONGODB_URI, no MONGOMS_SYSTEM_BINARY, none on PATH or in the mongodb-memory-server cache)',
  };
}
