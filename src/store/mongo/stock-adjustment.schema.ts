import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One document per stock adjustment applied with an id, written in the same transaction as the
 * stock change: its `_id` (unique by nature) is what makes an adjustment apply at most once.
 * Also an audit trail of who changed stock by how much.
 */
@Schema({ collection: 'stock_adjustments', versionKey: false })
export class StockAdjustmentRecord {
  @Prop({ type: String, required: true })
  _id!: string;
  @Prop({ required: true })
  sku!: string;
  @Prop({ required: true })
  delta!: number;
  @Prop({ required: true })
  appliedAt!: Date;
}

export const StockAdjustmentSchema = SchemaFactory.createForClass(StockAdjustmentRecord);
