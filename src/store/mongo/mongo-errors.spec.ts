import { mongo } from 'mongoose';
import {
  classifyMongoError,
  isDuplicateKeyError,
  isTransientTransactionError,
  isUnknownCommitResult,
} from './mongo-errors';

/*
 * Errors built with the driver's own classes, as the driver raises them (the shapes come from
 * the server's replies: `code`, `errmsg`, `errorLabels`, `keyPattern`).
 */
const serverError = (code: number, errmsg: string, errorLabels: string[] = []) =>
  new mongo.MongoServerError({ code, errmsg, errorLabels });
const labelled = <E extends InstanceType<typeof mongo.MongoError>>(
  error: E,
  ...labels: string[]
) => {
  labels.forEach((label) => error.addErrorLabel(label));
  return error;
};
const noPrimary = { type: 'ReplicaSetNoPrimary', servers: new Map() } as never;

describe('classifyMongoError: by class, label and code, never by name', () => {
  it.each([
    ['no primary found in time', new mongo.MongoServerSelectionError('timed out', noPrimary)],
    ['a dropped connection', new mongo.MongoNetworkError('connection reset')],
    ['a socket timeout', new mongo.MongoNetworkTimeoutError('timed out')],
    ['a client not connected', new mongo.MongoNotConnectedError('not connected')],
    ['a closed topology', new mongo.MongoTopologyClosedError()],
    ['NotWritablePrimary (10107)', serverError(10107, 'not primary')],
    ['InterruptedDueToReplStateChange (11602)', serverError(11602, 'operation was interrupted')],
    ['PrimarySteppedDown (189)', serverError(189, 'primary stepped down')],
    ['ShutdownInProgress (91)', serverError(91, 'shutting down')],
    [
      'MaxTimeMSExpired (50): our per-operation budget',
      serverError(50, 'operation exceeded time limit'),
    ],
    [
      'a stepdown inside a transaction (transient, but an outage)',
      serverError(10107, 'not primary', ['TransientTransactionError']),
    ],
    ['a RetryableWriteError the driver gave up on', serverError(1, 'x', ['RetryableWriteError'])],
  ])('%s → unavailable', (_, error) => {
    expect(classifyMongoError(error)).toBe('unavailable');
  });

  it('a cleared connection pool is a network error, whatever its class is called', () => {
    class RenamedPoolClearedError extends mongo.MongoNetworkError {}
    expect(classifyMongoError(new RenamedPoolClearedError('pool cleared'))).toBe('unavailable');
  });

  it('a name alone decides nothing: a plain Error named like a driver error is a 500', () => {
    const impostor = Object.assign(new Error('x'), { name: 'MongoServerSelectionError' });
    expect(classifyMongoError(impostor)).toBeUndefined();
  });

  it.each([
    ['WriteConflict (112) left after the retries', serverError(112, 'WriteConflict')],
    [
      'any TransientTransactionError from the server that is not an outage',
      serverError(251, 'NoSuchTransaction', ['TransientTransactionError']),
    ],
  ])('%s → busy', (_, error) => {
    expect(classifyMongoError(error)).toBe('busy');
  });

  it.each([
    [
      'a commit whose reply was lost',
      labelled(new mongo.MongoNetworkError('reset'), 'UnknownTransactionCommitResult'),
    ],
    [
      'a commit that timed out waiting for the majority',
      serverError(64, 'waiting for replication timed out', ['UnknownTransactionCommitResult']),
    ],
    [
      'a write the primary applied but a majority did not acknowledge',
      new mongo.MongoWriteConcernError({
        writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' },
      } as never),
    ],
  ])('%s → outcome-unknown', (_, error) => {
    expect(classifyMongoError(error)).toBe('outcome-unknown');
  });

  it.each([
    ['a duplicate key', serverError(11000, 'E11000 duplicate key error')],
    ['a document failing validation', serverError(121, 'Document failed validation')],
    ['not a driver error', new TypeError('x is undefined')],
    ['not an error at all', 'boom'],
  ])('%s → not a store failure (a 500 or handled by the caller)', (_, error) => {
    expect(classifyMongoError(error)).toBeUndefined();
  });
});

describe('transaction retry decisions', () => {
  it('retries the whole transaction only on TransientTransactionError', () => {
    expect(isTransientTransactionError(serverError(112, 'x', ['TransientTransactionError']))).toBe(
      true,
    );
    expect(isTransientTransactionError(serverError(112, 'x'))).toBe(false);
    expect(isTransientTransactionError(new Error('x'))).toBe(false);
  });

  it('retries a commit on UnknownTransactionCommitResult, except after MaxTimeMSExpired', () => {
    expect(isUnknownCommitResult(serverError(91, 'x', ['UnknownTransactionCommitResult']))).toBe(
      true,
    );
    expect(isUnknownCommitResult(serverError(50, 'x', ['UnknownTransactionCommitResult']))).toBe(
      false,
    );
    expect(isUnknownCommitResult(serverError(91, 'x'))).toBe(false);
  });
});

describe('isDuplicateKeyError', () => {
  const duplicate = (index: string, keyPattern?: Record<string, number>) =>
    new mongo.MongoServerError({
      code: 11000,
      errmsg: `E11000 duplicate key error collection: shop.reservations index: ${index} dup key: { userId: "u1", sku: "S" }`,
      ...(keyPattern ? { keyPattern, keyValue: { userId: 'u1', sku: 'S' } } : {}),
    });

  it('matches E11000 on the named index, with or without keyPattern', () => {
    expect(
      isDuplicateKeyError(
        duplicate('one_active_hold_per_user_and_sku'),
        'one_active_hold_per_user_and_sku',
      ),
    ).toBe(true);
    expect(
      isDuplicateKeyError(
        duplicate('one_active_hold_per_user_and_sku', { userId: 1, sku: 1 }),
        'one_active_hold_per_user_and_sku',
        ['sku', 'userId'],
      ),
    ).toBe(true);
  });

  it('does not match another index, a prefix of the name, or other fields under the same name', () => {
    expect(
      isDuplicateKeyError(duplicate('reservation_id_unique'), 'one_active_hold_per_user_and_sku'),
    ).toBe(false);
    expect(isDuplicateKeyError(duplicate('sku_unique_v2'), 'sku_unique')).toBe(false);
    expect(isDuplicateKeyError(duplicate('sku_unique', { name: 1 }), 'sku_unique', ['sku'])).toBe(
      false,
    );
  });

  it('does not match other codes or things that only look like a driver error', () => {
    const message = 'E11000 duplicate key error index: sku_unique dup key: { sku: "S" }';
    expect(
      isDuplicateKeyError(
        new mongo.MongoServerError({ code: 11001, errmsg: message }),
        'sku_unique',
      ),
    ).toBe(false);
    expect(isDuplicateKeyError({ code: 11000, message }, 'sku_unique')).toBe(false);
  });
});
