import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

@Schema({ _id: false })
export class StoredResponseRecord {
  @Prop({ required: true })
  statusCode!: number;
  @Prop({ required: true })
  body!: string;
}

@Schema({ collection: 'idempotency_keys', versionKey: false })
export class IdempotencyKeyRecord {
  @Prop({ required: true })
  key!: string;
  @Prop({ required: true })
  fingerprint!: string;
  @Prop({ required: true, type: String, enum: ['in-flight', 'completed'] })
  status!: 'in-flight' | 'completed';
  @Prop({ type: SchemaFactory.createForClass(StoredResponseRecord), default: null })
  response!: StoredResponseRecord | null;
  @Prop({ required: true })
  lockedUntil!: Date;
  @Prop({ required: true })
  expiresAt!: Date;
}

export const IdempotencyKeySchema = SchemaFactory.createForClass(IdempotencyKeyRecord);

// Serves every claim, completion and release ({ key, ... }); unique, so claiming a key is one
// atomic insert: of two concurrent first requests, one gets E11000.
IdempotencyKeySchema.index({ key: 1 }, { unique: true, name: 'idempotency_key_unique' });

// Deletes a key's record once it has been kept for IDEMPOTENCY_TTL_SECONDS. (The TTL monitor runs
// about once a minute; claim() treats an expired record as absent in the meantime.)
IdempotencyKeySchema.index(
  { expiresAt: 1 },
  { expireAfterSeconds: 0, name: 'idempotency_key_expiry' },
);
