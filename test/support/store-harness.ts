import { Global, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { ReservationRepository } from '../../src/checkout/reservation.repository';
import { AppConfig, APP_CONFIG, loadConfig } from '../../src/config/app-config';
import { IdempotencyRepository } from '../../src/idempotency/idempotency.repository';
import { InventoryRepository } from '../../src/inventory/inventory.repository';
import { InMemoryStore } from '../../src/store/in-memory/in-memory-store';
import { StoreModule } from '../../src/store/store.module';

/** One store adapter, wired exactly as the app wires it, for the contract suite. */
export interface StoreHarness {
  inventory: InventoryRepository;
  reservations: ReservationRepository;
  idempotency: IdempotencyRepository;
  config: AppConfig;
  /** Empties the store between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createStoreHarness(store: AppConfig['store']): Promise<StoreHarness> {
  const config = { ...loadConfig({}), store };

  @Global()
  @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
  class ConfigModule {}

  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [ConfigModule, StoreModule.forRoot(store)],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();

  const reset = async () => {
    if (store.kind === 'mongodb') {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      await Promise.all(Object.values(connection.collections).map((c) => c.deleteMany({})));
    } else {
      const state = moduleRef.get(InMemoryStore);
      state.items.clear();
      state.reservations.clear();
      state.activeHolds.clear();
      state.idempotencyKeys.clear();
    }
  };

  return {
    inventory: moduleRef.get(InventoryRepository),
    reservations: moduleRef.get(ReservationRepository),
    idempotency: moduleRef.get(IdempotencyRepository),
    config,
    reset,
    close: () => moduleRef.close(),
  };
}
