import { IdempotencyRecord } from '../../idempotency/idempotency.repository';
import { InventoryItem } from '../../inventory/inventory-item';
import { Reservation } from '../../reservations/reservation';

/**
 * The embedded store's state, shared by its repositories. Every repository method reads and
 * writes it synchronously, without an `await` in between, so on Node's single thread each
 * transition is atomic by construction. Records are copied in and out, never shared.
 */
export class InMemoryState {
  items = new Map<string, InventoryItem>();
  reservations = new Map<string, Reservation>();
  /** `${userId}\n${sku}` -> reservationId of the one active hold (a unique partial index). */
  activeHolds = new Map<string, string>();
  /** `${userId}\n${sku}` -> units held (active) plus bought (confirmed): the per-customer counter. */
  customerUnits = new Map<string, number>();
  /** Idempotency-Key -> record, in insertion (and so expiry) order. */
  idempotencyKeys = new Map<string, IdempotencyRecord>();
  /** Ids of the stock adjustments applied (a unique index). */
  adjustments = new Set<string>();

  /** Empties every collection at once (tests start each case from nothing). */
  reset(): void {
    Object.assign(this, new InMemoryState());
  }
}

export const holdKey = (userId: string, sku: string) => `${userId}\n${sku}`;

/**
 * Runs a store operation that is synchronous (no `await` inside, so nothing interleaves with it)
 * and hands its result or error back as a promise, as the port expects.
 */
export function atomically<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
