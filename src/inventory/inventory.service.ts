import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { assertNever } from '../common/assert-never';
import { decodeCursor, Page, toPage } from '../common/pagination/cursor';
import { ValidationFailedError } from '../common/errors/domain-error';
import { Clock } from '../core/clock';
import { InventoryItem, InventoryItemChanges, NewInventoryItem } from './inventory-item';
import {
  InsufficientStockError,
  SkuAlreadyExistsError,
  SkuNotFoundError,
} from './inventory.errors';
import { InventoryRepository } from './inventory.repository';

@Injectable()
export class InventoryService {
  private readonly logger = new Logger(InventoryService.name);

  constructor(
    private readonly inventory: InventoryRepository,
    private readonly clock: Clock,
  ) {}

  async create(item: NewInventoryItem): Promise<InventoryItem> {
    const result = await this.inventory.create(item, this.clock.now());
    switch (result.outcome) {
      case 'created':
        return result.item;
      case 'sku-exists':
        throw new SkuAlreadyExistsError(item.sku);
      default:
        return assertNever(result);
    }
  }

  async get(sku: string): Promise<InventoryItem> {
    const item = await this.inventory.findBySku(sku);
    if (!item) throw new SkuNotFoundError(sku);
    return item;
  }

  async list(limit: number, cursor?: string): Promise<Page<InventoryItem>> {
    const afterSku = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.inventory.list({ limit: limit + 1, afterSku });
    return toPage(rows, limit, (item) => item.sku);
  }

  /**
   * With an Idempotency-Key, the adjustment gets an id derived from the key and the request, so
   * a retry after an unknown outcome (the claim lapsed, the request runs again) cannot apply the
   * same adjustment twice.
   */
  async adjustStock(
    sku: string,
    delta: number,
    reason: string,
    idempotencyKey?: string,
  ): Promise<InventoryItem> {
    const adjustmentId =
      idempotencyKey === undefined
        ? undefined
        : createHash('sha256')
            .update(JSON.stringify([idempotencyKey, sku, delta, reason]))
            .digest('hex');
    const result = await this.inventory.adjustStock(sku, delta, this.clock.now(), adjustmentId);
    switch (result.outcome) {
      case 'adjusted':
        this.logger.log(`Stock of ${sku} adjusted by ${delta} (${reason})`);
        return result.item;
      case 'already-applied':
        this.logger.log(`Stock adjustment of ${sku} by ${delta} was already applied; not again`);
        return result.item;
      case 'unknown-sku':
        throw new SkuNotFoundError(sku);
      case 'insufficient-stock':
        throw new InsufficientStockError(sku, result.availableQuantity, -delta);
      default:
        return assertNever(result);
    }
  }

  /** Changes catalogue fields (not stock) in one atomic update. */
  async update(sku: string, changes: InventoryItemChanges): Promise<InventoryItem> {
    const given = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as InventoryItemChanges;
    if (Object.keys(given).length === 0) {
      throw new ValidationFailedError([
        {
          field: 'body',
          problems: [
            'the body must set at least one of name, description, price, currency, imageUrl, maxPerCustomer',
          ],
        },
      ]);
    }
    const result = await this.inventory.update(sku, given, this.clock.now());
    switch (result.outcome) {
      case 'updated':
        this.logger.log(`Item ${sku} updated (${Object.keys(given).join(', ')})`);
        return result.item;
      case 'unknown-sku':
        throw new SkuNotFoundError(sku);
      default:
        return assertNever(result);
    }
  }
}
