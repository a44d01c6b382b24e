import { isDeepStrictEqual } from 'node:util';
import type { Connection, Model } from 'mongoose';

/** The options of an index that change what it does (anything else is cosmetic). */
export interface IndexSpec {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  partialFilterExpression?: Record<string, unknown>;
  expireAfterSeconds?: number;
}

/** The command that builds or rebuilds the indexes, named in every refusal. */
export const BUILD_INDEXES_COMMAND = 'npm run db:indexes';

/** The indexes a model's schema declares (the `_id` index is implicit and always there). */
export function declaredIndexes(model: Pick<Model<unknown>, 'schema'>): IndexSpec[] {
  return model.schema.indexes().map(([key, options]) => {
    const { name, unique, partialFilterExpression, expireAfterSeconds } = options as IndexSpec;
    if (!name) throw new Error(`An index of ${Object.keys(key).join(', ')} has no name`);
    return { name, key, unique, partialFilterExpression, expireAfterSeconds };
  });
}

function describe(spec: IndexSpec): string {
  return JSON.stringify({
    key: spec.key,
    unique: spec.unique ?? false,
    partialFilterExpression: spec.partialFilterExpression,
    expireAfterSeconds: spec.expireAfterSeconds,
  });
}

function sameIndex(declared: IndexSpec, found: IndexSpec): boolean {
  // Key order matters in a compound index, so compare entries in order.
  return (
    isDeepStrictEqual(Object.entries(declared.key), Object.entries(found.key)) &&
    (declared.unique ?? false) === (found.unique ?? false) &&
    isDeepStrictEqual(declared.partialFilterExpression, found.partialFilterExpression) &&
    declared.expireAfterSeconds === found.expireAfterSeconds
  );
}

/**
 * What is wrong with a collection's indexes, one line per problem: a declared index that is
 * missing, or present under its name with another definition. Extra indexes are left alone
 * (an operator may have added one for their own queries).
 */
export function indexProblems(
  collection: string,
  declared: readonly IndexSpec[],
  found: readonly IndexSpec[],
): string[] {
  const byName = new Map(found.map((index) => [index.name, index]));
  return declared.flatMap((want) => {
    const have = byName.get(want.name);
    if (!have) return [`${collection}: index ${want.name} is missing`];
    if (!sameIndex(want, have))
      return [`${collection}: index ${want.name} is ${describe(have)}, expected ${describe(want)}`];
    return [];
  });
}

/** Refuses to start on missing or different indexes, naming the command that mends them. */
export function assertIndexes(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `MongoDB indexes do not match this version of the service (run \`${BUILD_INDEXES_COMMAND}\` ` +
      `with the same MONGODB_URI, by a user allowed to create indexes, then start again):\n  ${problems.join('\n  ')}`,
  );
}

/** The indexes that exist on a model's collection ([] if the collection does not exist yet). */
async function existingIndexes(model: Pick<Model<unknown>, 'collection'>): Promise<IndexSpec[]> {
  try {
    const found: unknown[] = await model.collection.listIndexes().toArray();
    return found as IndexSpec[];
  } catch (error) {
    if ((error as { code?: unknown }).code === 26) return []; // NamespaceNotFound
    throw error;
  }
}

/** Every problem with the indexes of every model on the connection. */
export async function checkIndexes(connection: Connection): Promise<string[]> {
  const problems = await Promise.all(
    Object.values(connection.models).map(async (model) =>
      indexProblems(
        model.collection.collectionName,
        declaredIndexes(model),
        await existingIndexes(model),
      ),
    ),
  );
  return problems.flat();
}

/**
 * Creates each collection and brings its indexes to what the schemas declare (mongoose
 * `syncIndexes`: builds missing ones, drops and rebuilds changed ones, drops undeclared ones).
 * Run by `npm run db:indexes`, never by the service itself.
 */
export async function buildIndexes(connection: Connection): Promise<Record<string, string[]>> {
  const dropped: Record<string, string[]> = {};
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((error: { code?: unknown }) => {
      if (error.code !== 48) throw error; // NamespaceExists
    });
    dropped[model.collection.collectionName] = await model.syncIndexes();
  }
  return dropped;
}
