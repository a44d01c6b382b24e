import { ClientSession, Connection, mongo } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error';
import { STORE_TIMEOUTS } from '../store-timeouts';
import {
  backoffMs,
  inTransaction,
  MAX_COMMIT_ATTEMPTS,
  MAX_TRANSACTION_ATTEMPTS,
  TRANSACTION_OPTIONS,
  TransactionRuntime,
} from './transactions';

/*
 * The transaction runner's decisions, driven through a scripted session (what the driver's
 * ClientSession would report), with the driver's own error classes. No server is involved: this
 * shows what the runner does with each answer, not that a server gives those answers.
 */

const conflict = () =>
  new mongo.MongoServerError({
    code: 112,
    errmsg: 'WriteConflict',
    errorLabels: ['TransientTransactionError'],
  });
const stepdown = () =>
  new mongo.MongoServerError({
    code: 10107,
    errmsg: 'not primary',
    errorLabels: ['TransientTransactionError'],
  });
const lostCommitReply = () => {
  const error = new mongo.MongoNetworkError('connection reset');
  error.addErrorLabel('UnknownTransactionCommitResult');
  return error;
};

class ScriptedSession {
  started: unknown[] = [];
  commits = 0;
  aborts = 0;
  ended = 0;
  constructor(private readonly commitErrors: Error[]) {}
  startTransaction(options: unknown) {
    this.started.push(options);
  }
  commitTransaction() {
    this.commits += 1;
    const error = this.commitErrors.shift();
    return error ? Promise.reject(error) : Promise.resolve();
  }
  abortTransaction() {
    this.aborts += 1;
    return Promise.resolve();
  }
  endSession() {
    this.ended += 1;
    return Promise.resolve();
  }
}

function fakeConnection(commitErrors: Error[] = []) {
  const sessions: ScriptedSession[] = [];
  const connection = {
    startSession: () => {
      const session = new ScriptedSession(commitErrors);
      sessions.push(session);
      return Promise.resolve(session);
    },
  } as unknown as Connection;
  return { connection, sessions };
}

function fakeRuntime(): TransactionRuntime & { slept: number[] } {
  let clock = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => clock,
    sleep: (ms) => {
      slept.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
  };
}

/** Work that fails with the given errors on its first attempts, then returns 'done'. */
function failingThen(...errors: Error[]) {
  let calls = 0;
  const work = (session: ClientSession) => {
    void session;
    calls += 1;
    const error = errors.shift();
    return error ? Promise.reject(error) : Promise.resolve('done');
  };
  return { work, calls: () => calls };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof DomainError ? error.code : error),
  );

describe('backoffMs: exponential with full jitter', () => {
  it('grows with the attempt, is capped, and is scaled by the random draw', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, () => 0.999))).toEqual([9, 19, 39, 79, 159]);
    expect(backoffMs(20, () => 0.999)).toBe(249);
    expect(backoffMs(5, () => 0)).toBe(0);
    expect(backoffMs(5, () => 0.5)).toBe(80);
  });
});

describe('inTransaction', () => {
  it('commits once, on the primary with snapshot reads and a bounded majority commit', async () => {
    const { connection, sessions } = fakeConnection();
    await expect(inTransaction(connection, failingThen().work, {}, fakeRuntime())).resolves.toBe(
      'done',
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ commits: 1, aborts: 0, ended: 1 });
    expect(sessions[0].started).toEqual([TRANSACTION_OPTIONS]);
    expect(TRANSACTION_OPTIONS).toMatchObject({
      readPreference: 'primary',
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority', wtimeoutMS: STORE_TIMEOUTS.majorityAckMs },
    });
  });

  it('re-runs the whole transaction after a write conflict, with backoff between attempts', async () => {
    const { connection, sessions } = fakeConnection();
    const runtime = fakeRuntime();
    const work = failingThen(conflict(), conflict());
    await expect(inTransaction(connection, work.work, {}, runtime)).resolves.toBe('done');
    expect(work.calls()).toBe(3);
    // backoffMs(n, () => 0.5), worked out by hand: half of 10 ms, then half of 20 ms.
    expect(runtime.slept).toEqual([5, 10]);
    expect(sessions.map((s) => s.aborts)).toEqual([1, 1, 0]);
    expect(sessions.every((s) => s.ended === 1)).toBe(true);
  });

  it('after MAX_TRANSACTION_ATTEMPTS conflicts answers STORE_BUSY, not a 500', async () => {
    const { connection } = fakeConnection();
    const work = failingThen(...Array.from({ length: 50 }, conflict));
    expect(await codeOf(inTransaction(connection, work.work, {}, fakeRuntime()))).toBe(
      'STORE_BUSY',
    );
    expect(work.calls()).toBe(MAX_TRANSACTION_ATTEMPTS);
  });

  it('stops retrying when the time budget is spent, even with attempts left', async () => {
    const { connection } = fakeConnection();
    const runtime = fakeRuntime();
    let calls = 0;
    const slowWork = (session: ClientSession) => {
      void session;
      calls += 1;
      void runtime.sleep(STORE_TIMEOUTS.transitionMs); // this attempt alone used the whole budget
      return Promise.reject(conflict());
    };
    expect(await codeOf(inTransaction(connection, slowWork, {}, runtime))).toBe('STORE_BUSY');
    // Gave up after the one attempt, not after MAX_TRANSACTION_ATTEMPTS.
    expect(calls).toBe(1);
  });

  it("keeps a caller's deadline: a transition run again as a whole does not get a fresh budget", async () => {
    const { connection } = fakeConnection();
    const runtime = fakeRuntime();
    const work = failingThen(...Array.from({ length: 50 }, conflict));
    // What is left of the first run's budget covers one attempt and no backoff.
    const deadline = runtime.now() + 1;
    expect(await codeOf(inTransaction(connection, work.work, { deadline }, runtime))).toBe(
      'STORE_BUSY',
    );
    expect(work.calls()).toBe(1);
  });

  it("waits for a busy key only until the caller's deadline, then answers STORE_BUSY", async () => {
    const { connection } = fakeConnection();
    let release!: () => void;
    const holder = inTransaction(
      connection,
      () => new Promise<string>((resolve) => (release = () => resolve('held'))),
      { keys: ['HOT'] },
    );
    // Little is left of this caller's budget: it must not wait a fresh 8 s for the key (this
    // test's own 3 s limit fails it if it does).
    const late = inTransaction(connection, () => Promise.resolve('ran'), {
      keys: ['HOT'],
      deadline: Date.now() + 50,
    });
    expect(await codeOf(late)).toBe('STORE_BUSY');
    release();
    expect(await holder).toBe('held');
  }, 3_000);

  it('a stepdown is not retried as contention: it surfaces as the driver error (503 unavailable)', async () => {
    const { connection } = fakeConnection();
    const work = failingThen(stepdown());
    const error = await codeOf(inTransaction(connection, work.work, {}, fakeRuntime()));
    expect(error).toBeInstanceOf(mongo.MongoServerError);
    expect(work.calls()).toBe(1);
  });

  it('a refusal or bug inside the work aborts and is not retried', async () => {
    const { connection, sessions } = fakeConnection();
    const work = failingThen(new Error('Stock of S changed mid-transaction'));
    await expect(inTransaction(connection, work.work, {}, fakeRuntime())).rejects.toThrow(
      'changed mid-transaction',
    );
    expect(work.calls()).toBe(1);
    expect(sessions[0]).toMatchObject({ aborts: 1, commits: 0 });
  });

  it('retries a commit whose reply was lost, and succeeds if the retry is acknowledged', async () => {
    const { connection, sessions } = fakeConnection([lostCommitReply()]);
    const work = failingThen();
    await expect(inTransaction(connection, work.work, {}, fakeRuntime())).resolves.toBe('done');
    expect(work.calls()).toBe(1); // the work is not run again: only the commit is resent
    expect(sessions[0].commits).toBe(2);
  });

  it('a commit still unknown after its retries is STORE_OUTCOME_UNKNOWN, never re-run', async () => {
    const { connection, sessions } = fakeConnection(
      Array.from({ length: MAX_COMMIT_ATTEMPTS }, lostCommitReply),
    );
    const work = failingThen();
    expect(await codeOf(inTransaction(connection, work.work, {}, fakeRuntime()))).toBe(
      'STORE_OUTCOME_UNKNOWN',
    );
    expect(work.calls()).toBe(1);
    expect(sessions[0].commits).toBe(MAX_COMMIT_ATTEMPTS);
  });

  it('a commit refused as transient (conflict at commit) re-runs the transaction', async () => {
    const { connection, sessions } = fakeConnection([conflict()]);
    const work = failingThen();
    await expect(inTransaction(connection, work.work, {}, fakeRuntime())).resolves.toBe('done');
    expect(work.calls()).toBe(2);
    expect(sessions).toHaveLength(2);
  });

  it('transactions on the same SKU from one instance never overlap; other SKUs do', async () => {
    const { connection } = fakeConnection();
    let running = 0;
    let mostAtOnce = 0;
    const work = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return 'done';
    };
    await Promise.all(
      Array.from({ length: 10 }, () => inTransaction(connection, work, { keys: ['HOT'] })),
    );
    expect(mostAtOnce).toBe(1);
    mostAtOnce = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => inTransaction(connection, work, { keys: [`S${i}`] })),
    );
    expect(mostAtOnce).toBeGreaterThan(1); // different SKUs are not held back
  });
});
