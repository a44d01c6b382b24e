import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The per-customer counter: units of one SKU that one user holds (active) plus has bought
 * (confirmed). Moved in the same transaction as the item counters and the reservation, so
 * `maxPerCustomer` is checked against a number that cannot change under the check: two
 * transactions that both move it write the same document, and one of them is aborted and retried.
 */
@Schema({ collection: 'customer_units', versionKey: false })
export class CustomerUnitsRecord {
  @Prop({ required: true })
  userId!: string;
  @Prop({ required: true })
  sku!: string;
  @Prop({ required: true, min: 0 })
  units!: number;
}

export const CustomerUnitsSchema = SchemaFactory.createForClass(CustomerUnitsRecord);

// Serves every read and move of a counter ({ userId, sku }); unique, so two first reserves of a
// user on a SKU cannot create two counters (one gets E11000 and the reserve is tried again).
CustomerUnitsSchema.index({ userId: 1, sku: 1 }, { unique: true, name: 'customer_units_unique' });
