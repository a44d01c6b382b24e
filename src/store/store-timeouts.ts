/**
 * How long the store may take, in one place so the bounds can be checked against each other
 * (the Idempotency-Key in-flight lock must outlast the longest request). Every number is a
 * ceiling on waiting, not a target: a healthy replica set answers in milliseconds.
 */
export const STORE_TIMEOUTS = {
  /** How long an operation waits for a primary to be found (election, outage) before a 503. */
  serverSelectionMs: 2_000,
  /** Opening a TCP connection to a member. */
  connectMs: 2_000,
  /** Server-side limit on every query and update (`maxTimeMS`) and on a commit (`maxCommitTimeMS`). */
  operationMs: 2_000,
  /** A majority must acknowledge a commit within this (`wtimeout`), or its outcome is unknown. */
  majorityAckMs: 3_000,
  /**
   * Client-side last resort: a socket silent this long is closed (a server that hangs). Above
   * operationMs + majorityAckMs, so it never cuts off an answer the server is still allowed to give.
   */
  socketMs: 6_000,
  /** One transition as a whole: waiting for its turn on a hot SKU, every attempt and backoff. */
  transitionMs: 8_000,
} as const;

/** The worst one operation can take: find a primary, connect, then a silent socket. */
export const WORST_OPERATION_MS =
  STORE_TIMEOUTS.serverSelectionMs + STORE_TIMEOUTS.connectMs + STORE_TIMEOUTS.socketMs;

/**
 * A transaction older than `transactionLifetimeLimitSeconds` (60 s by default) is aborted by a
 * background task that runs every half lifetime (at least once a minute), so an attempt can last
 * a lifetime and a half: the server's own bound on one attempt, however many operations a large
 * cart makes. (MongoDB's documentation of the parameter; not observed here.)
 */
export const TRANSACTION_LIFETIME_MS = 60_000;
const LONGEST_TRANSACTION_ATTEMPT_MS = TRANSACTION_LIFETIME_MS * 1.5;

/**
 * The longest a request can run against the store: its budget for one transition, plus the
 * attempt that was running when the budget ran out (which the server aborts as above), plus four
 * single operations at their worst: the Idempotency-Key claim, a read, storing the response, and
 * that attempt's commit. (Counting the attempt's operations instead falls short: a one-line hold
 * is seven, and a cart adds two a line.) Not measured: no server here.
 */
export const LONGEST_REQUEST_MS =
  STORE_TIMEOUTS.transitionMs + LONGEST_TRANSACTION_ATTEMPT_MS + WORST_OPERATION_MS * 4;

/**
 * How long an Idempotency-Key claim stays in flight before a retry may take it over: longer than
 * the longest request, so a retry never takes over a request that is still running.
 */
export const IN_FLIGHT_LOCK_MS = LONGEST_REQUEST_MS + 30_000;
