import { InventoryItem, NewInventoryItem } from './inventory-item';

export interface InventoryPageQuery {
  limit: number;
  /** Return items whose SKU sorts after this one (keyset pagination). */
  afterSku?: string;
}

/**
 * The catalogue side of the store port. Adapters: MongoDB (`store/mongo`) and in-process
 * (`store/in-memory`); `StoreModule` binds one of them to this token.
 */
export abstract class InventoryRepository {
  /** Inserts a new item with all its stock available; throws SkuAlreadyExistsError. */
  abstract create(item: NewInventoryItem, now: Date): Promise<InventoryItem>;

  abstract findBySku(sku: string): Promise<InventoryItem | null>;

  /** Items ordered by SKU. */
  abstract list(query: InventoryPageQuery): Promise<InventoryItem[]>;

  /**
   * Adds (delta > 0) or removes (delta < 0) units of available stock as one atomic conditional
   * step. Returns the updated item, or null when nothing changed: the SKU is unknown, or the
   * removal is larger than what is available.
   */
  abstract adjustStock(sku: string, delta: number, now: Date): Promise<InventoryItem | null>;
}
