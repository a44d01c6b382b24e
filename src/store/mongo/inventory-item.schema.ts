import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

@Schema({ collection: 'inventory_items', versionKey: false })
export class InventoryItemRecord {
  @Prop({ required: true })
  sku!: string;
  @Prop({ required: true })
  name!: string;
  @Prop({ type: String, default: null })
  description!: string | null;
  @Prop({ required: true })
  price!: number;
  @Prop({ required: true })
  currency!: string;
  @Prop({ type: String, default: null })
  imageUrl!: string | null;
  @Prop({ type: Number, default: null, min: 1 })
  maxPerCustomer!: number | null;
  @Prop({ required: true, min: 0 })
  totalQuantity!: number;
  @Prop({ required: true, min: 0 })
  availableQuantity!: number;
  @Prop({ required: true, min: 0 })
  reservedQuantity!: number;
  @Prop({ required: true, min: 0 })
  soldQuantity!: number;
  @Prop({ required: true })
  createdAt!: Date;
  @Prop({ required: true })
  updatedAt!: Date;
}

export const InventoryItemSchema = SchemaFactory.createForClass(InventoryItemRecord);

// Serves findBySku, the filter of every stock update ({ sku, ... }) and keyset pagination
// (sku > cursor, sorted by sku); unique, so a second POST /inventory of a SKU is refused (E11000).
InventoryItemSchema.index({ sku: 1 }, { unique: true, name: 'sku_unique' });
