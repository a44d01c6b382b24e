import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  MAX_LINES_PER_RESERVATION,
  RESERVATION_STATUSES,
  ReservationStatus,
} from '../../reservations/reservation';

@Schema({ _id: false, versionKey: false })
export class ReservationLineRecord {
  @Prop({ required: true })
  sku!: string;
  @Prop({ required: true, min: 1 })
  quantity!: number;
}

const ReservationLineSchema = SchemaFactory.createForClass(ReservationLineRecord);

@Schema({ collection: 'reservations', versionKey: false })
export class ReservationRecord {
  @Prop({ required: true })
  reservationId!: string;
  @Prop({ required: true })
  userId!: string;
  /** In SKU order, each SKU once; a one-SKU hold is a one-line reservation. */
  @Prop({
    type: [ReservationLineSchema],
    required: true,
    validate: {
      validator: (lines: unknown[]) =>
        lines.length >= 1 && lines.length <= MAX_LINES_PER_RESERVATION,
      message: `a reservation has 1-${MAX_LINES_PER_RESERVATION} lines`,
    },
  })
  lines!: ReservationLineRecord[];
  @Prop({ required: true, type: String, enum: RESERVATION_STATUSES })
  status!: ReservationStatus;
  @Prop({ required: true })
  expiresAt!: Date;
  @Prop({ required: true })
  createdAt!: Date;
  @Prop({ type: Date, default: null })
  confirmedAt!: Date | null;
  @Prop({ type: Date, default: null })
  cancelledAt!: Date | null;
  @Prop({ type: Date, default: null })
  expiredAt!: Date | null;
  /** Set only when the reservation leaves `active`; the TTL index deletes it after this instant. */
  @Prop({ type: Date })
  purgeAfter?: Date;
}

export const ReservationSchema = SchemaFactory.createForClass(ReservationRecord);

// Serves findById and the filter of every transition ({ reservationId, status: 'active', ... }).
ReservationSchema.index({ reservationId: 1 }, { unique: true, name: 'reservation_id_unique' });

// One active hold per user and SKU, enforced by the store: a second concurrent reserve fails
// with E11000 instead of racing a check-then-insert. Multikey over the lines, so it holds across
// carts (a unique multikey index compares the keys of different documents). Also serves the
// lookup of a user's active holds on a cart's SKUs. (Named apart from the one-SKU index it
// replaces, so a deployment that still has the old index sees a new one built, not a conflict.)
ReservationSchema.index(
  { userId: 1, 'lines.sku': 1 },
  {
    unique: true,
    partialFilterExpression: { status: 'active' },
    name: 'one_active_hold_per_user_and_line_sku',
  },
);

// Serves the expiry sweep: active holds with expiresAt <= now, oldest first.
ReservationSchema.index(
  { expiresAt: 1 },
  { partialFilterExpression: { status: 'active' }, name: 'active_holds_by_expiry' },
);

// Purges settled reservations after the retention period. Only terminal transitions set
// purgeAfter, so a TTL deletion can never remove an active hold whose units are still held
// (that would leak stock). Not on expiresAt for exactly that reason.
ReservationSchema.index(
  { purgeAfter: 1 },
  { expireAfterSeconds: 0, name: 'purge_settled_reservations' },
);
