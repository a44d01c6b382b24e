import {
  activeHoldsFilter,
  adjustStock,
  dueFilter,
  extendFilter,
  holdStock,
  inFlightClaimFilter,
  moveCustomerUnits,
  releaseStock,
  settleFilter,
  settleUpdate,
  takeOverClaimFilter,
  updateItem,
} from './store-queries';

const now = new Date('2026-11-24T09:00:00.000Z');

describe('MongoDB store queries (what the adapter sends, checked without a server)', () => {
  it('holds stock with one conditional $inc: the availability check is in the same update', () => {
    expect(holdStock('SKU-1', 3, now)).toEqual({
      filter: { sku: 'SKU-1', availableQuantity: { $gte: 3 } },
      update: { $inc: { availableQuantity: -3, reservedQuantity: 3 }, $set: { updatedAt: now } },
    });
  });

  it('a confirm sells held units: reserved and total down, sold up, available untouched', () => {
    expect(releaseStock('SKU-1', 2, 'confirmed', now)).toEqual({
      filter: { sku: 'SKU-1', reservedQuantity: { $gte: 2 } },
      update: {
        $inc: { reservedQuantity: -2, totalQuantity: -2, soldQuantity: 2 },
        $set: { updatedAt: now },
      },
    });
  });

  it.each(['cancelled', 'expired'] as const)('%s gives held units back to available', (to) => {
    expect(releaseStock('SKU-1', 2, to, now).update).toEqual({
      $inc: { reservedQuantity: -2, availableQuantity: 2 },
      $set: { updatedAt: now },
    });
  });

  it('keeps total = available + reserved in every stock update', () => {
    const updates = [
      holdStock('S', 4, now).update,
      releaseStock('S', 4, 'confirmed', now).update,
      releaseStock('S', 4, 'cancelled', now).update,
      adjustStock('S', 5, now).update,
      adjustStock('S', -5, now).update,
    ];
    for (const { $inc } of updates as { $inc: Record<string, number> }[]) {
      const { totalQuantity = 0, availableQuantity = 0, reservedQuantity = 0 } = $inc;
      expect(totalQuantity).toBe(availableQuantity + reservedQuantity);
    }
  });

  it('a removal is conditional on that many units being available; an addition is not', () => {
    expect(adjustStock('S', -5, now).filter).toEqual({ sku: 'S', availableQuantity: { $gte: 5 } });
    expect(adjustStock('S', 5, now).filter).toEqual({ sku: 'S' });
  });

  it('confirm and cancel need the owner, an active hold and expiresAt still ahead', () => {
    expect(settleFilter('r1', 'confirmed', now, 'u1')).toEqual({
      reservationId: 'r1',
      userId: 'u1',
      status: 'active',
      expiresAt: { $gt: now },
    });
    expect(settleFilter('r1', 'cancelled', now, 'u1').expiresAt).toEqual({ $gt: now });
  });

  it('expire needs an active hold whose expiresAt has been reached, whoever owns it', () => {
    expect(settleFilter('r1', 'expired', now)).toEqual({
      reservationId: 'r1',
      status: 'active',
      expiresAt: { $lte: now },
    });
  });

  it('a settlement stamps its time and schedules the purge; nothing else sets purgeAfter', () => {
    expect(settleUpdate('expired', now, 60)).toEqual({
      $set: { status: 'expired', expiredAt: now, purgeAfter: new Date(now.getTime() + 60_000) },
    });
    expect(settleUpdate('confirmed', now, 60).$set).toHaveProperty('confirmedAt', now);
    expect(JSON.stringify(holdStock('S', 1, now))).not.toContain('purgeAfter');
  });

  it("a user's existing holds on a cart's SKUs are looked up on any line, among active holds only", () => {
    expect(activeHoldsFilter('u1', ['A', 'B'])).toEqual({
      userId: 'u1',
      'lines.sku': { $in: ['A', 'B'] },
      status: 'active',
    });
  });

  it("an extension writes only the owner's active hold that is not yet due", () => {
    expect(extendFilter('r1', 'u1', now)).toEqual({
      reservationId: 'r1',
      userId: 'u1',
      status: 'active',
      expiresAt: { $gt: now },
    });
  });

  it('the per-customer counter moves by $inc; a release needs the units it gives back', () => {
    expect(moveCustomerUnits('u1', 'S', 2)).toEqual({
      filter: { userId: 'u1', sku: 'S' },
      update: { $inc: { units: 2 } },
    });
    expect(moveCustomerUnits('u1', 'S', -2)).toEqual({
      filter: { userId: 'u1', sku: 'S', units: { $gte: 2 } },
      update: { $inc: { units: -2 } },
    });
  });

  it('an item update sets the catalogue fields given (null clears) and never a stock counter', () => {
    const sneaky = {
      name: 'New name',
      imageUrl: null,
      maxPerCustomer: 2,
      price: undefined,
      availableQuantity: 1_000,
      totalQuantity: 1_000,
    };
    expect(updateItem('S', sneaky, now)).toEqual({
      filter: { sku: 'S' },
      update: { $set: { name: 'New name', imageUrl: null, maxPerCustomer: 2, updatedAt: now } },
    });
  });

  it('the sweep looks for active holds that are due', () => {
    expect(dueFilter(now)).toEqual({ status: 'active', expiresAt: { $lte: now } });
  });
});

describe('MongoDB idempotency queries', () => {
  it('a claim may take over an expired key, or its own request whose in-flight lock lapsed', () => {
    expect(takeOverClaimFilter({ key: 'k', fingerprint: 'fp' }, now)).toEqual({
      key: 'k',
      $or: [
        { expiresAt: { $lte: now } },
        { status: 'in-flight', fingerprint: 'fp', lockedUntil: { $lte: now } },
      ],
    });
  });

  it('only the in-flight claim of the same request is completed or released', () => {
    expect(inFlightClaimFilter('k', 'fp')).toEqual({
      key: 'k',
      fingerprint: 'fp',
      status: 'in-flight',
    });
  });
});
