import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { ValidationFailedError } from '../common/errors/domain-error';
import { InventoryItem, NewInventoryItem } from './inventory-item';
import { InsufficientStockError, SkuNotFoundError } from './inventory.errors';
import { InventoryRepository } from './inventory.repository';

export interface InventoryPage {
  items: InventoryItem[];
  nextCursor: string | null;
}

const encodeCursor = (sku: string) => Buffer.from(sku, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

@Injectable()
export class InventoryService {
  private readonly logger = new Logger(InventoryService.name);

  constructor(
    private readonly inventory: InventoryRepository,
    private readonly clock: Clock,
  ) {}

  create(item: NewInventoryItem): Promise<InventoryItem> {
    return this.inventory.create(item, this.clock.now());
  }

  async get(sku: string): Promise<InventoryItem> {
    const item = await this.inventory.findBySku(sku);
    if (!item) throw new SkuNotFoundError(sku);
    return item;
  }

  async list(limit: number, cursor?: string): Promise<InventoryPage> {
    const afterSku = cursor === undefined ? undefined : decodeCursor(cursor);
    if (afterSku !== undefined && afterSku.length === 0) {
      throw new ValidationFailedError([
        { field: 'cursor', problems: ['cursor is not one this API issued'] },
      ]);
    }
    // One extra row tells whether another page follows without a second query.
    const rows = await this.inventory.list({ limit: limit + 1, afterSku });
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].sku) : null;
    return { items, nextCursor };
  }

  async adjustStock(sku: string, delta: number, reason: string): Promise<InventoryItem> {
    const updated = await this.inventory.adjustStock(sku, delta, this.clock.now());
    if (updated) {
      this.logger.log(`Stock of ${sku} adjusted by ${delta} (${reason})`);
      return updated;
    }
    const item = await this.get(sku);
    // The SKU exists, so the conditional removal was refused for want of available units.
    throw new InsufficientStockError(sku, item.availableQuantity, -delta);
  }
}
