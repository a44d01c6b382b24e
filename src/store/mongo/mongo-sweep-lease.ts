import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SweepLease } from '../sweep-lease';
import { isDuplicateKeyError } from './mongo-errors';

/** One document per lease, keyed by its name; no index beyond `_id` is needed. */
@Schema({ collection: 'leases', versionKey: false })
export class LeaseRecord {
  @Prop({ type: String, required: true })
  _id!: string;
  @Prop({ required: true })
  holder!: string;
  @Prop({ required: true })
  until!: Date;
}

export const LeaseSchema = SchemaFactory.createForClass(LeaseRecord);

export class MongoSweepLease extends SweepLease {
  constructor(private readonly leases: Model<LeaseRecord>) {
    super();
  }

  /**
   * One conditional upsert: it matches the lease if it lapsed or is ours and takes it; if another
   * holder's lease is still running, the filter misses and the upsert's insert collides on `_id`.
   */
  async acquire(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.leases
        .updateOne(
          { _id: name, $or: [{ until: { $lte: now } }, { holder }] },
          { $set: { holder, until } },
          { upsert: true },
        )
        .exec();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error, '_id_')) return false;
      throw error;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, holder }).exec();
  }
}
