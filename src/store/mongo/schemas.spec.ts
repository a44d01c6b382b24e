import mongoose, { IndexDefinition, IndexOptions } from 'mongoose';
import { IdempotencyKeySchema } from './idempotency-key.schema';
import { InventoryItemRecord, InventoryItemSchema } from './inventory-item.schema';
import { ReservationRecord, ReservationSchema } from './reservation.schema';

function index(
  schema: mongoose.Schema,
  name: string,
): { fields: IndexDefinition; options: IndexOptions } {
  const found = schema.indexes().find(([, options]) => options.name === name);
  if (!found) throw new Error(`no index named ${name}`);
  return { fields: found[0], options: found[1] };
}

describe('MongoDB schemas and indexes', () => {
  it('inventory items: unique sku', () => {
    expect(index(InventoryItemSchema, 'sku_unique')).toEqual({
      fields: { sku: 1 },
      options: expect.objectContaining({ unique: true }),
    });
  });

  it('reservations: unique reservationId', () => {
    expect(index(ReservationSchema, 'reservation_id_unique').options.unique).toBe(true);
  });

  it('reservations: one active hold per user and SKU, enforced by a unique partial index', () => {
    expect(index(ReservationSchema, 'one_active_hold_per_user_and_sku')).toEqual({
      fields: { userId: 1, sku: 1 },
      options: expect.objectContaining({
        unique: true,
        partialFilterExpression: { status: 'active' },
      }),
    });
  });

  it('reservations: the sweep is served by a partial index on active holds by expiresAt', () => {
    expect(index(ReservationSchema, 'active_holds_by_expiry')).toEqual({
      fields: { expiresAt: 1 },
      options: expect.objectContaining({ partialFilterExpression: { status: 'active' } }),
    });
  });

  it('invariant 7: the only TTL index is on purgeAfter, which only settled reservations carry', () => {
    const ttl = ReservationSchema.indexes().filter(
      ([, options]) => options.expireAfterSeconds !== undefined,
    );
    expect(ttl).toEqual([[{ purgeAfter: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })]]);
    // A new (active) reservation document has no purgeAfter, so the TTL monitor never sees it.
    const Model = mongoose.model(ReservationRecord.name, ReservationSchema);
    const active = new Model({
      reservationId: 'r1',
      sku: 'S',
      userId: 'u1',
      quantity: 1,
      status: 'active',
      expiresAt: new Date(),
      createdAt: new Date(),
    }).toObject();
    expect(active).not.toHaveProperty('purgeAfter');
  });

  it('documents validate their shape before they are written', () => {
    const Model = mongoose.model(InventoryItemRecord.name, InventoryItemSchema);
    const error = new Model({ sku: 'S', availableQuantity: -1 }).validateSync();
    expect(Object.keys(error?.errors ?? {})).toEqual(
      expect.arrayContaining(['name', 'price', 'currency', 'availableQuantity', 'totalQuantity']),
    );
  });

  it('idempotency keys: claimed by one unique insert, purged by TTL once expired', () => {
    expect(index(IdempotencyKeySchema, 'idempotency_key_unique')).toEqual({
      fields: { key: 1 },
      options: expect.objectContaining({ unique: true }),
    });
    expect(index(IdempotencyKeySchema, 'idempotency_key_expiry')).toEqual({
      fields: { expiresAt: 1 },
      options: expect.objectContaining({ expireAfterSeconds: 0 }),
    });
  });
});
