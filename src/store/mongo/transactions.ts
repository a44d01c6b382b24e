import { ClientSession, Connection } from 'mongoose';

/**
 * Runs `work` as one multi-document ACID transaction (replica set required). mongoose's
 * `connection.transaction` retries on TransientTransactionError (e.g. a write conflict with a
 * concurrent transition on the same item), re-running `work` so every filter is re-evaluated.
 */
export function inTransaction<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  return connection.transaction(work, {
    readConcern: { level: 'snapshot' },
    writeConcern: { w: 'majority' },
  });
}
