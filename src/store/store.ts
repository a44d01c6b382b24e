import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { InventoryRepository } from '../inventory/inventory.repository';
import { ReservationRepository } from '../reservations/reservation.repository';
import { StoreProbe } from './store-probe';
import { SweepLease } from './sweep-lease';

/**
 * One adapter of the store port, whole: its repositories, its probe, and how to close it.
 * `StoreModule` opens one and hands out the parts; nothing above the port sees this class.
 */
export abstract class Store {
  abstract readonly inventory: InventoryRepository;
  abstract readonly reservations: ReservationRepository;
  abstract readonly idempotency: IdempotencyRepository;
  abstract readonly probe: StoreProbe;
  abstract readonly sweepLease: SweepLease;
  abstract close(): Promise<void>;
}
