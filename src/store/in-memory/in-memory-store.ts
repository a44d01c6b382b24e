import { AppConfig, loadConfig } from '../../core/app-config';
import { Store } from '../store';
import { InMemoryStoreProbe } from '../store-probe';
import { InMemorySweepLease } from '../sweep-lease';
import { InMemoryIdempotencyRepository } from './in-memory-idempotency.repository';
import { InMemoryInventoryRepository } from './in-memory-inventory.repository';
import { InMemoryReservationRepository } from './in-memory-reservation.repository';
import { InMemoryState } from './in-memory-state';

/** The embedded default: everything in this process, nothing kept across restarts. */
export class InMemoryStore extends Store {
  readonly state: InMemoryState;
  readonly inventory: InMemoryInventoryRepository;
  readonly reservations: InMemoryReservationRepository;
  readonly idempotency: InMemoryIdempotencyRepository;
  readonly probe = new InMemoryStoreProbe();
  readonly sweepLease = new InMemorySweepLease();

  /** Without settings, the production defaults (as `loadConfig` gives them). */
  constructor(settings: Pick<AppConfig, 'terminalReservationRetentionSeconds'> = loadConfig({})) {
    super();
    this.state = new InMemoryState(settings.terminalReservationRetentionSeconds * 1000);
    this.inventory = new InMemoryInventoryRepository(this.state);
    this.reservations = new InMemoryReservationRepository(this.state);
    this.idempotency = new InMemoryIdempotencyRepository(this.state);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
