import {
  catalogueChanges,
  InventoryItem,
  InventoryItemChanges,
  NewInventoryItem,
  newInventoryItem,
} from '../../inventory/inventory-item';
import {
  AdjustStockResult,
  CreateItemResult,
  InventoryPageQuery,
  InventoryRepository,
  UpdateItemResult,
} from '../../inventory/inventory.repository';
import { atomically, InMemoryState } from './in-memory-state';

export class InMemoryInventoryRepository extends InventoryRepository {
  constructor(private readonly state: InMemoryState) {
    super();
  }

  create(item: NewInventoryItem, now: Date): Promise<CreateItemResult> {
    return atomically((): CreateItemResult => {
      if (this.state.items.has(item.sku)) return { outcome: 'sku-exists' };
      const created = newInventoryItem(item, now);
      this.state.items.set(item.sku, created);
      const { skusInOrder } = this.state;
      skusInOrder.splice(firstIndexAfter(skusInOrder, item.sku), 0, item.sku);
      return { outcome: 'created', item: { ...created } };
    });
  }

  findBySku(sku: string): Promise<InventoryItem | null> {
    return atomically(() => {
      const item = this.state.items.get(sku);
      return item ? { ...item } : null;
    });
  }

  /** A page costs O(log n + limit), not a sort of the whole catalogue. */
  list({ limit, afterSku }: InventoryPageQuery): Promise<InventoryItem[]> {
    return atomically(() => {
      const { skusInOrder, items } = this.state;
      const from = afterSku === undefined ? 0 : firstIndexAfter(skusInOrder, afterSku);
      return skusInOrder
        .slice(from, from + limit)
        .map((sku) => ({ ...(items.get(sku) as InventoryItem) }));
    });
  }

  unitsReserved(): Promise<number> {
    return atomically(() => {
      let units = 0;
      for (const item of this.state.items.values()) units += item.reservedQuantity;
      return units;
    });
  }

  adjustStock(
    sku: string,
    delta: number,
    now: Date,
    adjustmentId?: string,
  ): Promise<AdjustStockResult> {
    return atomically((): AdjustStockResult => {
      const item = this.state.items.get(sku);
      if (!item) return { outcome: 'unknown-sku' };
      if (adjustmentId !== undefined && this.state.adjustments.has(adjustmentId)) {
        return { outcome: 'already-applied', item: { ...item } };
      }
      if (item.availableQuantity + delta < 0) {
        return { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity };
      }
      const updated: InventoryItem = {
        ...item,
        availableQuantity: item.availableQuantity + delta,
        totalQuantity: item.totalQuantity + delta,
        updatedAt: now,
      };
      this.state.items.set(sku, updated);
      if (adjustmentId !== undefined) this.state.adjustments.add(adjustmentId);
      return { outcome: 'adjusted', item: { ...updated } };
    });
  }

  update(sku: string, changes: InventoryItemChanges, now: Date): Promise<UpdateItemResult> {
    return atomically((): UpdateItemResult => {
      const item = this.state.items.get(sku);
      if (!item) return { outcome: 'unknown-sku' };
      const updated: InventoryItem = { ...item, ...catalogueChanges(changes), updatedAt: now };
      this.state.items.set(sku, updated);
      return { outcome: 'updated', item: { ...updated } };
    });
  }
}

/** The index of the first SKU in `sorted` that sorts after `sku` (code-unit order, as `bySku`). */
function firstIndexAfter(sorted: string[], sku: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= sku) low = middle + 1;
    else high = middle;
  }
  return low;
}
