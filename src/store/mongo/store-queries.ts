import type { QueryFilter, UpdateQuery } from 'mongoose';
import { catalogueChanges, InventoryItemChanges } from '../../inventory/inventory-item';
import { SETTLED_AT, Settlement } from '../../reservations/reservation';
import { CustomerUnitsRecord } from './customer-units.schema';
import { IdempotencyKeyRecord } from './idempotency-key.schema';
import { InventoryItemRecord } from './inventory-item.schema';
import { ReservationRecord } from './reservation.schema';

/*
 * The exact filters and updates the MongoDB adapter sends, as pure functions so they are tested
 * without a server. Every stock change is one conditional $inc: the precondition (enough units)
 * is in the filter of the same update that moves them, never read first and written back.
 */

type ItemFilter = QueryFilter<InventoryItemRecord>;
type ItemUpdate = UpdateQuery<InventoryItemRecord>;

/** Take `quantity` from available into reserved, only if that many are available. */
export function holdStock(
  sku: string,
  quantity: number,
  now: Date,
): { filter: ItemFilter; update: ItemUpdate } {
  return {
    filter: { sku, availableQuantity: { $gte: quantity } },
    update: {
      $inc: { availableQuantity: -quantity, reservedQuantity: quantity },
      $set: { updatedAt: now },
    },
  };
}

/** Move a settled hold's units out of reserved: sold on confirm, back to available otherwise. */
export function releaseStock(
  sku: string,
  quantity: number,
  to: Settlement,
  now: Date,
): { filter: ItemFilter; update: ItemUpdate } {
  const moved =
    to === 'confirmed'
      ? { totalQuantity: -quantity, soldQuantity: quantity }
      : { availableQuantity: quantity };
  return {
    filter: { sku, reservedQuantity: { $gte: quantity } },
    update: { $inc: { reservedQuantity: -quantity, ...moved }, $set: { updatedAt: now } },
  };
}

/** Add (delta > 0) or remove (delta < 0) available stock; a removal needs that many available. */
export function adjustStock(
  sku: string,
  delta: number,
  now: Date,
): { filter: ItemFilter; update: ItemUpdate } {
  return {
    filter: delta < 0 ? { sku, availableQuantity: { $gte: -delta } } : { sku },
    update: { $inc: { availableQuantity: delta, totalQuantity: delta }, $set: { updatedAt: now } },
  };
}

/**
 * The precondition of a transition out of `active`: confirm and cancel need the owner and a hold
 * that is not yet due (expiresAt > now); expire needs one that is due (expiresAt <= now).
 */
export function settleFilter(
  reservationId: string,
  to: Settlement,
  now: Date,
  userId?: string,
): QueryFilter<ReservationRecord> {
  const due = to === 'expired';
  return {
    reservationId,
    ...(due ? {} : { userId }),
    status: 'active',
    expiresAt: due ? { $lte: now } : { $gt: now },
  };
}

export function settleUpdate(
  to: Settlement,
  now: Date,
  retentionSeconds: number,
): UpdateQuery<ReservationRecord> {
  return {
    $set: {
      status: to,
      [SETTLED_AT[to]]: now,
      purgeAfter: new Date(now.getTime() + retentionSeconds * 1000),
    },
  };
}

/** Active holds due at `now` (served by the active_holds_by_expiry partial index). */
export function dueFilter(now: Date): QueryFilter<ReservationRecord> {
  return { status: 'active', expiresAt: { $lte: now } };
}

/**
 * An existing idempotency record a new claim may take over: one that has expired, or an
 * in-flight claim of the very same request whose lock has lapsed (its first request died).
 */
export function takeOverClaimFilter(
  claim: { key: string; fingerprint: string },
  now: Date,
): QueryFilter<IdempotencyKeyRecord> {
  return {
    key: claim.key,
    $or: [
      { expiresAt: { $lte: now } },
      { status: 'in-flight', fingerprint: claim.fingerprint, lockedUntil: { $lte: now } },
    ],
  };
}

/**
 * The user's active holds on any of `skus` (served by one_active_hold_per_user_and_line_sku):
 * a cart conflicts with a hold that has any of its SKUs on any line.
 */
export function activeHoldsFilter(userId: string, skus: string[]): QueryFilter<ReservationRecord> {
  return { userId, 'lines.sku': { $in: skus }, status: 'active' };
}

/**
 * The precondition of an extension: the owner's active hold, not yet due. The cap and the new
 * expiresAt are decided by `refuseExtension` / `extendedExpiresAt` on the same transaction's
 * snapshot; this filter makes the write itself refuse a hold that changed meanwhile.
 */
export function extendFilter(
  reservationId: string,
  userId: string,
  now: Date,
): QueryFilter<ReservationRecord> {
  return { reservationId, userId, status: 'active', expiresAt: { $gt: now } };
}

/** Moves the per-customer counter of a user on a SKU (created at 0 by the first reserve). */
export function moveCustomerUnits(
  userId: string,
  sku: string,
  delta: number,
): { filter: QueryFilter<CustomerUnitsRecord>; update: UpdateQuery<CustomerUnitsRecord> } {
  return {
    // A release needs the units it gives back: the counter never goes below zero.
    filter: delta < 0 ? { userId, sku, units: { $gte: -delta } } : { userId, sku },
    update: { $inc: { units: delta } },
  };
}

/** PATCH /inventory/:sku: the catalogue fields given, never a stock counter. */
export function updateItem(
  sku: string,
  changes: InventoryItemChanges,
  now: Date,
): { filter: ItemFilter; update: ItemUpdate } {
  return { filter: { sku }, update: { $set: { ...catalogueChanges(changes), updatedAt: now } } };
}

/** A claim still in flight for this very request: only it may be completed or released. */
export function inFlightClaimFilter(
  key: string,
  fingerprint: string,
): QueryFilter<IdempotencyKeyRecord> {
  return { key, fingerprint, status: 'in-flight' };
}
