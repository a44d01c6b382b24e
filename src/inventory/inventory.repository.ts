import { InventoryItem, InventoryItemChanges, NewInventoryItem } from './inventory-item';

export interface InventoryPageQuery {
  limit: number;
  /** Return items whose SKU sorts after this one (keyset pagination). */
  afterSku?: string;
}

export type CreateItemResult =
  { outcome: 'created'; item: InventoryItem } | { outcome: 'sku-exists' };

export type AdjustStockResult =
  | { outcome: 'adjusted'; item: InventoryItem }
  /** An adjustment with this id was applied before: nothing changed now; the item as it is. */
  | { outcome: 'already-applied'; item: InventoryItem }
  | { outcome: 'unknown-sku' }
  /** A removal larger than what is available; the available units as the refused step saw them. */
  | { outcome: 'insufficient-stock'; availableQuantity: number };

export type UpdateItemResult =
  { outcome: 'updated'; item: InventoryItem } | { outcome: 'unknown-sku' };

/**
 * The catalogue side of the store port. Adapters: in-process (`store/in-memory`) and MongoDB
 * (`store/mongo`); `StoreModule` binds one of them to this token.
 */
export abstract class InventoryRepository {
  /** Inserts a new item with all its stock available, unless the SKU exists. */
  abstract create(item: NewInventoryItem, now: Date): Promise<CreateItemResult>;

  abstract findBySku(sku: string): Promise<InventoryItem | null>;

  /** Items ordered by SKU. */
  abstract list(query: InventoryPageQuery): Promise<InventoryItem[]>;

  /**
   * Units held by active reservations over the whole catalogue (the sum of every item's
   * `reservedQuantity`), in one call whatever the catalogue's size: read at every metrics scrape.
   */
  abstract unitsReserved(): Promise<number>;

  /**
   * Adds (delta > 0) or removes (delta < 0) units of available stock as one atomic conditional
   * step: a removal larger than what is available changes nothing. With an `adjustmentId`, the
   * id is recorded in that same step and an adjustment with an id already recorded changes
   * nothing (`already-applied`): a retry whose first attempt's outcome was unknown cannot apply
   * it twice.
   */
  abstract adjustStock(
    sku: string,
    delta: number,
    now: Date,
    adjustmentId?: string,
  ): Promise<AdjustStockResult>;

  /**
   * Sets the descriptive fields and `maxPerCustomer` in one atomic update; never the stock
   * counters. A lower limit applies to later reserves; holds and sales already made stand.
   */
  abstract update(sku: string, changes: InventoryItemChanges, now: Date): Promise<UpdateItemResult>;
}
