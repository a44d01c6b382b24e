import { setTimeout as sleep } from 'node:timers/promises';
import { ClientSession, Connection, mongo } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error';
import { STORE_TIMEOUTS } from '../store-timeouts';
import { KeyedQueue, KeyedQueueTimeoutError } from './keyed-queue';
import {
  classifyMongoError,
  isTransientTransactionError,
  isUnknownCommitResult,
} from './mongo-errors';

/** Attempts of one transition before it is answered 503 STORE_BUSY (also bounded by time). */
export const MAX_TRANSACTION_ATTEMPTS = 6;
/** Commit retries after an UnknownTransactionCommitResult before the outcome is called unknown. */
export const MAX_COMMIT_ATTEMPTS = 2;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 250;

/**
 * "Full jitter" exponential backoff: a random wait in [0, min(cap, base * 2^(attempt-1))), so
 * transactions that conflicted once do not collide again in lockstep.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));
}

/**
 * Snapshot reads, majority commit with a bounded wait for the acknowledgement, and the primary
 * only: a `readPreference` other than primary in MONGODB_URI would make every transaction fail.
 */
export const TRANSACTION_OPTIONS: mongo.TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority', wtimeoutMS: STORE_TIMEOUTS.majorityAckMs },
  readPreference: 'primary',
  maxCommitTimeMS: STORE_TIMEOUTS.operationMs,
};

export interface TransactionScope {
  /**
   * What the transaction writes that other transitions of this instance also write (the SKUs
   * whose stock it moves): transitions sharing a key run one after another, never at once.
   */
  keys?: readonly string[];
  /**
   * When the transition must be over (ms since the epoch); by default STORE_TIMEOUTS.transitionMs
   * from now. A caller that runs a transition again as a whole (reserve, after a duplicate-key
   * race) passes the deadline of its first run, so the transition keeps one budget.
   */
  deadline?: number;
}

/** The seams of the runner, replaced in unit tests. */
export interface TransactionRuntime {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realRuntime: TransactionRuntime = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
  random: Math.random,
};

const queues = new WeakMap<Connection, KeyedQueue>();

function queueOf(connection: Connection): KeyedQueue {
  let queue = queues.get(connection);
  if (!queue) queues.set(connection, (queue = new KeyedQueue()));
  return queue;
}

function busy(attempts: number): DomainError {
  return new DomainError('STORE_BUSY', undefined, { attempts });
}

/**
 * Runs `work` as one multi-document ACID transaction (replica set required), re-running it whole
 * (so every filter is re-evaluated) after a TransientTransactionError such as a write conflict:
 * at most MAX_TRANSACTION_ATTEMPTS times, with jittered backoff, within STORE_TIMEOUTS.transitionMs
 * including the wait for its keys; then 503 STORE_BUSY. A commit whose result stays unknown is
 * 503 STORE_OUTCOME_UNKNOWN: the change may have been applied, so it must not be taken as
 * "never ran". Our own loop instead of the driver's `withTransaction`, whose budget is a fixed
 * 120 s that no option shortens (driver 7.8: its `timeoutMS` is deprecated and has no effect).
 */
export async function inTransaction<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
  scope: TransactionScope = {},
  runtime: TransactionRuntime = realRuntime,
): Promise<T> {
  const deadline = scope.deadline ?? runtime.now() + STORE_TIMEOUTS.transitionMs;
  const attempts = () => attemptUntilDeadline(connection, work, deadline, runtime);
  if (!scope.keys?.length) return attempts();
  try {
    const maxWaitMs = Math.max(0, deadline - runtime.now());
    return await queueOf(connection).run(scope.keys, maxWaitMs, attempts);
  } catch (error) {
    if (error instanceof KeyedQueueTimeoutError) throw busy(0);
    throw error;
  }
}

async function attemptUntilDeadline<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
  deadline: number,
  runtime: TransactionRuntime,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptOnce(connection, work);
    } catch (error) {
      if (!isTransientTransactionError(error)) throw error;
      // A stepdown before commit is transient too, but it is an outage, not contention.
      if (classifyMongoError(error) !== 'busy') throw error;
      const wait = backoffMs(attempt, () => runtime.random());
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || runtime.now() + wait >= deadline)
        throw busy(attempt);
      await runtime.sleep(wait);
    }
  }
}

async function attemptOnce<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  const session = await connection.startSession();
  try {
    session.startTransaction(TRANSACTION_OPTIONS);
    let result: T;
    try {
      result = await work(session);
    } catch (error) {
      // Never committed, so nothing was applied; the abort itself may fail if the server is gone.
      await session.abortTransaction().catch(() => undefined);
      throw error;
    }
    await commit(session);
    return result;
  } finally {
    await session.endSession().catch(() => undefined);
  }
}

async function commit(session: ClientSession): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await session.commitTransaction();
      return;
    } catch (error) {
      // Retrying the commit as is is safe: the driver resends it with majority write concern.
      if (isUnknownCommitResult(error) && attempt < MAX_COMMIT_ATTEMPTS) continue;
      if (isUnknownCommitResult(error) || classifyMongoError(error) === 'outcome-unknown')
        throw new DomainError('STORE_OUTCOME_UNKNOWN');
      throw error; // TransientTransactionError: not committed, retried whole by the caller
    }
  }
}
