import { mongo } from 'mongoose';

/**
 * What a driver error means for the request that met it:
 * - `unavailable`: no primary could be reached or it stepped down mid-way; nothing was applied
 *   (a transaction that never committed is aborted by the server), so a retry is safe;
 * - `busy`: the write lost a conflict with a concurrent transaction on the same document and the
 *   bounded retries ran out; nothing was applied;
 * - `outcome-unknown`: the write may or may not have been applied (a commit whose result was
 *   lost, a write acknowledged by the primary but not by a majority);
 * - `undefined`: anything else (a bug, a validation error): a 500.
 *
 * Decided by the driver's classes, error labels and server error codes, never by `error.name`
 * (names are not part of the driver's API and a subclass renamed in a minor release would turn a
 * failover into a 500).
 */
export type StoreFailure = 'unavailable' | 'busy' | 'outcome-unknown';

/** Server codes of a node that cannot take the write now (election, shutdown, stepdown). */
export const NOT_PRIMARY_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  10058, // LegacyNotPrimary
  133, // FailedToSatisfyReadPreference
  134, // ReadConcernMajorityNotAvailableYet
  50, // MaxTimeMSExpired: our own per-operation budget ran out on the server
]);

/** WriteConflict: another transaction wrote the same document first. */
export const WRITE_CONFLICT_CODE = 112;

const { MongoErrorLabel } = mongo;

export function classifyMongoError(error: unknown): StoreFailure | undefined {
  if (!(error instanceof mongo.MongoError)) return undefined;
  // Checked first: a lost commit reply also carries network-error classes and labels.
  if (error.hasErrorLabel(MongoErrorLabel.UnknownTransactionCommitResult)) return 'outcome-unknown';
  // The primary applied the write; a majority did not acknowledge it in time (it may roll back).
  if (error instanceof mongo.MongoWriteConcernError) return 'outcome-unknown';
  if (
    error instanceof mongo.MongoServerError &&
    (error.code === WRITE_CONFLICT_CODE ||
      error.hasErrorLabel(MongoErrorLabel.TransientTransactionError)) &&
    !isUnavailableCode(error)
  ) {
    return 'busy';
  }
  if (
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNetworkError || // includes timeouts and a cleared pool
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    error instanceof mongo.MongoOperationTimeoutError ||
    isUnavailableCode(error) ||
    error.hasErrorLabel(MongoErrorLabel.RetryableWriteError) ||
    error.hasErrorLabel(MongoErrorLabel.ResetPool) ||
    error.hasErrorLabel(MongoErrorLabel.SystemOverloadedError) ||
    error.hasErrorLabel(MongoErrorLabel.TransientTransactionError)
  ) {
    return 'unavailable';
  }
  return undefined;
}

function isUnavailableCode(error: InstanceType<typeof mongo.MongoError>): boolean {
  return typeof error.code === 'number' && NOT_PRIMARY_CODES.has(error.code);
}

/**
 * Worth another attempt of the whole transaction: the server said so (TransientTransactionError:
 * a write conflict, or a stepdown before commit), so nothing of this attempt was applied.
 */
export function isTransientTransactionError(error: unknown): boolean {
  return (
    error instanceof mongo.MongoError &&
    error.hasErrorLabel(MongoErrorLabel.TransientTransactionError)
  );
}

/** A commit whose result is unknown and that the driver's rules say to retry as is. */
export function isUnknownCommitResult(error: unknown): boolean {
  return (
    error instanceof mongo.MongoError &&
    error.hasErrorLabel(MongoErrorLabel.UnknownTransactionCommitResult) &&
    !(error instanceof mongo.MongoServerError && error.code === 50) // MaxTimeMSExpired: final
  );
}

/**
 * A duplicate-key error (E11000) on the named unique index, and only that one: a duplicate on
 * another index is a different failure and must not be read as, say, "this user already holds
 * this SKU". The server names the index only in the message (`... index: <name> dup key: ...`);
 * since 4.4 it also reports the index's fields as `keyPattern`, which, when present and `fields`
 * is given, must match too (an index of that name rebuilt on other fields is not ours).
 */
export function isDuplicateKeyError(
  error: unknown,
  indexName: string,
  fields?: readonly string[],
): boolean {
  if (!(error instanceof mongo.MongoServerError) || error.code !== 11000) return false;
  if (!new RegExp(`\\bindex: ${escapeRegExp(indexName)} dup key`).test(error.message)) return false;
  const keyPattern = (error as { keyPattern?: unknown }).keyPattern;
  if (fields === undefined || keyPattern === null || typeof keyPattern !== 'object') return true;
  const got = Object.keys(keyPattern).sort();
  return got.length === fields.length && [...fields].sort().every((f, i) => f === got[i]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
