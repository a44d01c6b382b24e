import { ClientSession, Connection, Model } from 'mongoose';
import {
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
import { InventoryItemRecord } from './inventory-item.schema';
import { StockAdjustmentRecord } from './stock-adjustment.schema';
import { isDuplicateKeyError } from './mongo-errors';
import { toInventoryItem } from './mongo-records';
import { adjustStock, updateItem } from './store-queries';
import { STORE_TIMEOUTS } from '../store-timeouts';
import { inTransaction } from './transactions';

export class MongoInventoryRepository extends InventoryRepository {
  constructor(
    private readonly connection: Connection,
    private readonly items: Model<InventoryItemRecord>,
    private readonly adjustments: Model<StockAdjustmentRecord>,
  ) {
    super();
  }

  async create(item: NewInventoryItem, now: Date): Promise<CreateItemResult> {
    const created = newInventoryItem(item, now);
    try {
      await this.items.create(created);
    } catch (error) {
      if (isDuplicateKeyError(error, 'sku_unique')) return { outcome: 'sku-exists' };
      throw error;
    }
    return { outcome: 'created', item: created };
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

  /** One aggregation on the server ($group over the collection), bounded like every query. */
  async unitsReserved(): Promise<number> {
    const [total] = await this.items
      .aggregate<{ units: number }>([
        { $group: { _id: null, units: { $sum: '$reservedQuantity' } } },
      ])
      .option({ maxTimeMS: STORE_TIMEOUTS.operationMs })
      .exec();
    return total?.units ?? 0;
  }

  /**
   * The conditional $inc, and on a miss the item as the same transaction's snapshot has it, so
   * a refusal reports the `availableQuantity` that actually refused it. An adjustment id is
   * looked up and recorded in the same transaction; two concurrent attempts with the same id
   * both write the item, so one aborts with a write conflict and its retry finds the id.
   */
  adjustStock(
    sku: string,
    delta: number,
    now: Date,
    adjustmentId?: string,
  ): Promise<AdjustStockResult> {
    return inTransaction(
      this.connection,
      async (session: ClientSession) => {
        if (adjustmentId !== undefined) {
          const applied = await this.adjustments
            .exists({ _id: adjustmentId })
            .session(session)
            .exec();
          if (applied) {
            const current = await this.items
              .findOne({ sku }, null, { session })
              .lean<InventoryItemRecord>()
              .exec();
            return current
              ? { outcome: 'already-applied', item: toInventoryItem(current) }
              : { outcome: 'unknown-sku' };
          }
        }
        const { filter, update } = adjustStock(sku, delta, now);
        const doc = await this.items
          .findOneAndUpdate(filter, update, { new: true, session })
          .lean<InventoryItemRecord>()
          .exec();
        if (doc) {
          if (adjustmentId !== undefined) {
            await this.adjustments.create([{ _id: adjustmentId, sku, delta, appliedAt: now }], {
              session,
            });
          }
          return { outcome: 'adjusted', item: toInventoryItem(doc) };
        }
        const item = await this.items
          .findOne({ sku }, { availableQuantity: 1 }, { session })
          .lean<Pick<InventoryItemRecord, 'availableQuantity'>>()
          .exec();
        return item
          ? { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity }
          : { outcome: 'unknown-sku' };
      },
      { keys: [sku] },
    );
  }

  /** One single-document update: no counter is touched, so no transaction is needed. */
  async update(sku: string, changes: InventoryItemChanges, now: Date): Promise<UpdateItemResult> {
    const { filter, update } = updateItem(sku, changes, now);
    const doc = await this.items
      .findOneAndUpdate(filter, update, { new: true, runValidators: true })
      .lean<InventoryItemRecord>()
      .exec();
    return doc ? { outcome: 'updated', item: toInventoryItem(doc) } : { outcome: 'unknown-sku' };
  }
}
