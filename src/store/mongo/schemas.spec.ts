import mongoose, { IndexDefinition, IndexOptions } from 'mongoose';
import { CustomerUnitsSchema } from './customer-units.schema';
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

  it('reservations: one active hold per user and SKU across carts, by a unique partial multikey index', () => {
    expect(index(ReservationSchema, 'one_active_hold_per_user_and_line_sku')).toEqual({
      fields: { userId: 1, 'lines.sku': 1 },
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
      userId: 'u1',
      lines: [{ sku: 'S', quantity: 1 }],
      status: 'active',
      expiresAt: new Date(),
      createdAt: new Date(),
    }).toObject();
    expect(active).not.toHaveProperty('purgeAfter');
  });

  it('documents validate their shape before they are written', async () => {
    const Model = mongoose.model(InventoryItemRecord.name, InventoryItemSchema);
    const error = (await new Model({ sku: 'S', availableQuantity: -1 }).validate().then(
      () => undefined,
      (e: unknown) => e,
    )) as { errors?: Record<string, unknown> } | undefined;
    expect(Object.keys(error?.errors ?? {})).toEqual(
      expect.arrayContaining(['name', 'price', 'currency', 'availableQuantity', 'totalQuantity']),
    );
  });

  it('reservations: 1-50 lines, each with a positive quantity', () => {
    const Model = mongoose.model(ReservationRecord.name, ReservationSchema);
    const valid = {
      reservationId: 'r1',
      userId: 'u1',
      status: 'active',
      expiresAt: new Date(),
      createdAt: new Date(),
    };
    const errors = (lines: unknown[]) =>
      Object.keys(new Model({ ...valid, lines }).validateSync()?.errors ?? {});
    expect(errors([{ sku: 'S', quantity: 1 }])).toEqual([]);
    expect(errors([])).toContain('lines');
    expect(errors(Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })))).toContain(
      'lines',
    );
    expect(errors([{ sku: 'S', quantity: 0 }])).toContain('lines.0.quantity');
  });

  it('per-customer counters: one per user and SKU, never negative', () => {
    expect(index(CustomerUnitsSchema, 'customer_units_unique')).toEqual({
      fields: { userId: 1, sku: 1 },
      options: expect.objectContaining({ unique: true }),
    });
    const Model = mongoose.model('CustomerUnitsSpec', CustomerUnitsSchema);
    expect(
      Object.keys(new Model({ userId: 'u1', sku: 'S', units: -1 }).validateSync()?.errors ?? {}),
    ).toEqual(['units']);
  });

  it('items: maxPerCustomer defaults to null (no limit) and is at least 1 when set', () => {
    const Model = mongoose.model(InventoryItemRecord.name, InventoryItemSchema);
    expect(new Model({ sku: 'S' }).toObject()).toHaveProperty('maxPerCustomer', null);
    expect(Object.keys(new Model({ maxPerCustomer: 0 }).validateSync()?.errors ?? {})).toContain(
      'maxPerCustomer',
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
