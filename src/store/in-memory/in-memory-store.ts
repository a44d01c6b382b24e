import { Store } from '../store';
import { InMemoryStoreProbe } from '../store-probe';
import { InMemorySweepLease } from '../sweep-lease';
import { InMemoryIdempotencyRepository } from './in-memory-idempotency.repository';
import { InMemoryInventoryRepository } from './in-memory-inventory.repository';
import { InMemoryReservationRepository } from './in-memory-reservation.repository';
import { InMemoryState } from './in-memory-state';

/** The embedded default: everything in this process, nothing kept across restarts. */
export class InMemoryStore extends Store {
  readonly state = new InMemoryState();
  readonly inventory = new InMemoryInventoryRepository(this.state);
  readonly reservations = new InMemoryReservationRepository(this.state);
  readonly idempotency = new InMemoryIdempotencyRepository(this.state);
  readonly probe = new InMemoryStoreProbe();
  readonly sweepLease = new InMemorySweepLease();

  close(): Promise<void> {
    return Promise.resolve();
  }
}
