export type StoreKind = 'in-memory' | 'mongodb';

/** What the health check and the start-up banner need to know about the store in use. */
export abstract class StoreProbe {
  abstract readonly kind: StoreKind;
  /** False for the embedded store: it keeps nothing across restarts. */
  abstract readonly durable: boolean;
  /** Resolves when the store answers; rejects with the reason when it does not. */
  abstract ping(): Promise<void>;
}

export class InMemoryStoreProbe extends StoreProbe {
  readonly kind = 'in-memory' as const;
  readonly durable = false;
  ping(): Promise<void> {
    return Promise.resolve();
  }
}
