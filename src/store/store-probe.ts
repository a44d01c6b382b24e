/** What the health check and the start-up banner need to know about the store in use. */
export abstract class StoreProbe {
  abstract readonly kind: 'in-memory' | 'mongodb';
  /** False for the embedded store: it keeps nothing across restarts. */
  abstract readonly durable: boolean;
  /** What an operator must know about this store, said at start-up and in /health. */
  abstract readonly warning: string | undefined;
  /** Resolves when the store answers; rejects with the reason when it does not. */
  abstract ping(): Promise<void>;
}

export const IN_MEMORY_STORE_WARNING =
  'Embedded in-process store: nothing is kept across restarts and it cannot be shared by two instances. Set MONGODB_URI for production.';

export class InMemoryStoreProbe extends StoreProbe {
  readonly kind = 'in-memory' as const;
  readonly durable = false;
  readonly warning = IN_MEMORY_STORE_WARNING;
  ping(): Promise<void> {
    return Promise.resolve();
  }
}
