import { Injectable } from '@nestjs/common';
import { InventoryItem, NewInventoryItem, newInventoryItem } from '../../inventory/inventory-item';
import { SkuAlreadyExistsError } from '../../inventory/inventory.errors';
import { InventoryPageQuery, InventoryRepository } from '../../inventory/inventory.repository';
import { atomically, InMemoryStore } from './in-memory-store';

@Injectable()
export class InMemoryInventoryRepository extends InventoryRepository {
  constructor(private readonly store: InMemoryStore) {
    super();
  }

  create(item: NewInventoryItem, now: Date): Promise<InventoryItem> {
    return atomically(() => {
      if (this.store.items.has(item.sku)) throw new SkuAlreadyExistsError(item.sku);
      const created = newInventoryItem(item, now);
      this.store.items.set(item.sku, created);
      return { ...created };
    });
  }

  findBySku(sku: string): Promise<InventoryItem | null> {
    return atomically(() => {
      const item = this.store.items.get(sku);
      return item ? { ...item } : null;
    });
  }

  list({ limit, afterSku }: InventoryPageQuery): Promise<InventoryItem[]> {
    return atomically(() =>
      [...this.store.items.values()]
        .filter((item) => afterSku === undefined || item.sku > afterSku)
        .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
        .slice(0, limit)
        .map((item) => ({ ...item })),
    );
  }

  adjustStock(sku: string, delta: number, now: Date): Promise<InventoryItem | null> {
    return atomically(() => {
      const item = this.store.items.get(sku);
      if (!item || item.availableQuantity + delta < 0) return null;
      const updated: InventoryItem = {
        ...item,
        availableQuantity: item.availableQuantity + delta,
        totalQuantity: item.totalQuantity + delta,
        updatedAt: now,
      };
      this.store.items.set(sku, updated);
      return { ...updated };
    });
  }
}
