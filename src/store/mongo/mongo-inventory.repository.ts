import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { InventoryItem, NewInventoryItem, newInventoryItem } from '../../inventory/inventory-item';
import { SkuAlreadyExistsError } from '../../inventory/inventory.errors';
import { InventoryPageQuery, InventoryRepository } from '../../inventory/inventory.repository';
import { InventoryItemRecord } from './inventory-item.schema';
import { isDuplicateKeyError, toInventoryItem } from './mongo-records';
import { adjustStock } from './store-queries';

@Injectable()
export class MongoInventoryRepository extends InventoryRepository {
  constructor(
    @InjectModel(InventoryItemRecord.name) private readonly items: Model<InventoryItemRecord>,
  ) {
    super();
  }

  async create(item: NewInventoryItem, now: Date): Promise<InventoryItem> {
    const created = newInventoryItem(item, now);
    try {
      await this.items.create(created);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new SkuAlreadyExistsError(item.sku);
      throw error;
    }
    return created;
  }

  async findBySku(sku: string): Promise<InventoryItem | null> {
    const doc = await this.items.findOne({ sku }).lean<InventoryItemRecord>().exec();
    return doc ? toInventoryItem(doc) : null;
  }

  async list({ limit, afterSku }: InventoryPageQuery): Promise<InventoryItem[]> {
    const filter = afterSku === undefined ? {} : { sku: { $gt: afterSku } };
    const docs = await this.items
      .find(filter)
      .sort({ sku: 1 })
      .limit(limit)
      .lean<InventoryItemRecord[]>()
      .exec();
    return docs.map(toInventoryItem);
  }

  async adjustStock(sku: string, delta: number, now: Date): Promise<InventoryItem | null> {
    const { filter, update } = adjustStock(sku, delta, now);
    const doc = await this.items
      .findOneAndUpdate(filter, update, { new: true })
      .lean<InventoryItemRecord>()
      .exec();
    return doc ? toInventoryItem(doc) : null;
  }
}
