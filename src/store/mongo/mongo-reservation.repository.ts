import { ClientSession, Connection, Model } from 'mongoose';
import { AppConfig } from '../../core/app-config';
import {
  ExtensionPolicy,
  extendedExpiresAt,
  inSkuOrder,
  NewHold,
  newReservation,
  refuseExpiry,
  refuseExtension,
  refuseOwnerSettlement,
  refuseReserve,
  Reservation,
  Settlement,
} from '../../reservations/reservation';
import {
  ExpiryResult,
  ExtensionResult,
  OwnerSettlementResult,
  ReservationRepository,
  ReserveResult,
} from '../../reservations/reservation.repository';
import { CustomerUnitsRecord } from './customer-units.schema';
import { InventoryItemRecord } from './inventory-item.schema';
import { isDuplicateKeyError } from './mongo-errors';
import { toReservation } from './mongo-records';
import { ReservationRecord } from './reservation.schema';
import {
  activeHoldsFilter,
  dueFilter,
  extendFilter,
  holdStock,
  moveCustomerUnits,
  releaseStock,
  settleFilter,
  settleUpdate,
} from './store-queries';
import { STORE_TIMEOUTS } from '../store-timeouts';
import { inTransaction } from './transactions';

/** The unique indexes a concurrent first reserve can collide on (then it is tried again). */
const RACED_INDEXES = ['one_active_hold_per_user_and_line_sku', 'customer_units_unique'];

/**
 * How often a reserve is tried again after losing the race to insert a user's one active hold
 * on a SKU (or its first per-customer counter): the next attempt's snapshot sees the winner's
 * documents and answers accordingly.
 */
const RESERVE_ATTEMPTS = 3;

/**
 * Each transition is one multi-document ACID transaction: the reservation's conditional status
 * change, the conditional $inc on the item of every line (in SKU order) and the per-customer
 * counters commit together or not at all, so a crash, a retry or a second instance can never
 * credit or take a unit twice, leave a unit held by nothing, or leave a cart partly held. When a
 * transition is refused, the reason is read in the same transaction (its snapshot), so the
 * outcome reports the state that refused it. Within one instance, transitions on the same SKU
 * wait their turn (`inTransaction`'s queue, keys taken in SKU order); across instances, two
 * transactions that write the same item or counter do not wait on each other: the later one fails
 * with a write conflict and `inTransaction` runs it again, so carts sharing SKUs cannot deadlock.
 */
export class MongoReservationRepository extends ReservationRepository {
  constructor(
    private readonly connection: Connection,
    private readonly reservations: Model<ReservationRecord>,
    private readonly items: Model<InventoryItemRecord>,
    private readonly customerUnits: Model<CustomerUnitsRecord>,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async reserve(hold: NewHold): Promise<ReserveResult> {
    // One budget for the whole reserve, however many times a duplicate-key race re-runs it.
    const deadline = Date.now() + STORE_TIMEOUTS.transitionMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await inTransaction(this.connection, (session) => this.tryReserve(hold, session), {
          keys: hold.lines.map((line) => line.sku),
          deadline,
        });
      } catch (error) {
        // Another request inserted this user's active hold or first counter after our snapshot.
        const raced = RACED_INDEXES.some((index) => isDuplicateKeyError(error, index));
        if (!raced || attempt >= RESERVE_ATTEMPTS) throw error;
      }
    }
  }

  /** Reads what the shared refusal rules need in the snapshot, then writes every line or none. */
  private async tryReserve(hold: NewHold, session: ClientSession): Promise<ReserveResult> {
    const lines = inSkuOrder(hold.lines);
    const skus = lines.map((line) => line.sku);
    // One after another: a session runs one operation at a time inside a transaction.
    const holds = await this.reservations
      .find(activeHoldsFilter(hold.userId, skus), null, { session })
      .lean<ReservationRecord[]>()
      .exec();
    const items = await this.items
      .find(
        { sku: { $in: skus } },
        { sku: 1, availableQuantity: 1, maxPerCustomer: 1 },
        { session },
      )
      .lean<Pick<InventoryItemRecord, 'sku' | 'availableQuantity' | 'maxPerCustomer'>[]>()
      .exec();
    const counters = await this.customerUnits
      .find({ userId: hold.userId, sku: { $in: skus } }, null, { session })
      .lean<CustomerUnitsRecord[]>()
      .exec();
    const refusal = refuseReserve(hold, {
      activeHold: (sku) => {
        const found = holds.find((doc) => doc.lines.some((line) => line.sku === sku));
        return found ? toReservation(found) : undefined;
      },
      item: (sku) => {
        const found = items.find((doc) => doc.sku === sku);
        return found && { ...found, maxPerCustomer: found.maxPerCustomer ?? null };
      },
      heldOrBought: (sku) => counters.find((doc) => doc.sku === sku)?.units ?? 0,
    });
    if (refusal) return refusal;
    const reservation = newReservation(hold);
    // The unique partial index still guards a concurrent first hold of this user on a SKU.
    await this.reservations.create([reservation], { session });
    for (const { sku, quantity } of reservation.lines) {
      const { filter, update } = holdStock(sku, quantity, hold.createdAt);
      const held = await this.items.updateOne(filter, update, { session }).exec();
      // The snapshot showed enough units, and a concurrent change would have failed this update
      // with a write conflict (retried whole) first: reaching this line is a bug, answered 500.
      if (held.modifiedCount !== 1) throw new Error(`Stock of ${sku} changed mid-transaction`);
      const counter = moveCustomerUnits(hold.userId, sku, quantity);
      await this.customerUnits
        .updateOne(counter.filter, counter.update, { upsert: true, session })
        .exec();
    }
    return { outcome: 'created', reservation };
  }

  async findById(reservationId: string): Promise<Reservation | null> {
    const doc = await this.reservations.findOne({ reservationId }).lean<ReservationRecord>().exec();
    return doc ? toReservation(doc) : null;
  }

  confirm(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return this.settle(reservationId, 'confirmed', now, userId, (current) =>
      refuseOwnerSettlement(current, userId, now),
    );
  }

  cancel(reservationId: string, userId: string, now: Date): Promise<OwnerSettlementResult> {
    return this.settle(reservationId, 'cancelled', now, userId, (current) =>
      refuseOwnerSettlement(current, userId, now),
    );
  }

  expire(reservationId: string, now: Date): Promise<ExpiryResult> {
    return this.settle(reservationId, 'expired', now, undefined, (current) =>
      refuseExpiry(current, now),
    );
  }

  extend(
    reservationId: string,
    userId: string,
    now: Date,
    policy: ExtensionPolicy,
  ): Promise<ExtensionResult> {
    return inTransaction(this.connection, async (session): Promise<ExtensionResult> => {
      const doc = await this.reservations
        .findOne({ reservationId }, null, { session })
        .lean<ReservationRecord>()
        .exec();
      const current = doc ? toReservation(doc) : null;
      const refusal = refuseExtension(current, userId, now, policy);
      if (refusal || !current) return refusal ?? { outcome: 'not-found' };
      const extended = await this.reservations
        .findOneAndUpdate(
          extendFilter(reservationId, userId, now),
          { $set: { expiresAt: extendedExpiresAt(current, now, policy) } },
          { new: true, session },
        )
        .lean<ReservationRecord>()
        .exec();
      // The snapshot showed an active hold, and a concurrent settlement would have failed this
      // update with a write conflict (retried) first: reaching this line is a bug, answered 500.
      if (!extended) throw new Error(`Hold ${reservationId} changed mid-transaction`);
      return { outcome: 'extended', reservation: toReservation(extended) };
    });
  }

  async findDue(now: Date, limit: number): Promise<string[]> {
    const docs = await this.reservations
      .find(dueFilter(now), { reservationId: 1 })
      .sort({ expiresAt: 1 })
      .limit(limit)
      .lean<Pick<ReservationRecord, 'reservationId'>[]>()
      .exec();
    return docs.map((doc) => doc.reservationId);
  }

  async heldOrBought(userId: string, sku: string): Promise<number> {
    const doc = await this.customerUnits
      .findOne({ userId, sku })
      .lean<CustomerUnitsRecord>()
      .exec();
    return doc?.units ?? 0;
  }

  /**
   * The SKUs a hold's settlement will write, read before its transaction (a hold's lines never
   * change) so that it queues behind this instance's other transitions on those SKUs instead of
   * conflicting with them. Not a precondition: the transaction re-reads everything it decides on.
   */
  private async skusOf(reservationId: string): Promise<string[]> {
    const doc = await this.reservations
      .findOne({ reservationId }, { 'lines.sku': 1 })
      .lean<Pick<ReservationRecord, 'lines'>>()
      .exec();
    return doc?.lines.map((line) => line.sku) ?? [];
  }

  private async settle<Refusal>(
    reservationId: string,
    to: Settlement,
    now: Date,
    userId: string | undefined,
    refuse: (current: Reservation | null) => Refusal | undefined,
  ): Promise<{ outcome: 'settled'; reservation: Reservation } | Refusal> {
    const keys = await this.skusOf(reservationId);
    return inTransaction(
      this.connection,
      async (session) => {
        const doc = await this.reservations
          .findOneAndUpdate(
            settleFilter(reservationId, to, now, userId),
            settleUpdate(to, now, this.config.terminalReservationRetentionSeconds),
            { new: true, session },
          )
          .lean<ReservationRecord>()
          .exec();
        if (!doc) {
          const current = await this.reservations
            .findOne({ reservationId }, null, { session })
            .lean<ReservationRecord>()
            .exec();
          const refusal = refuse(current ? toReservation(current) : null);
          // The filter and the refusal rules say the same thing; disagreeing would be a bug.
          if (refusal === undefined)
            throw new Error(`Hold ${reservationId} matched no transition filter but no refusal`);
          return refusal;
        }
        const settled = toReservation(doc);
        for (const { sku, quantity } of settled.lines) {
          const { filter, update } = releaseStock(sku, quantity, to, now);
          const released = await this.items.updateOne(filter, update, { session }).exec();
          // Invariant 2 says this cannot fail; if it ever does, abort rather than commit a leak.
          if (released.modifiedCount !== 1)
            throw new Error(`Stock of ${sku} does not cover hold ${reservationId}`);
          // Bought units keep counting against the user's limit; given-back ones no longer do.
          if (to === 'confirmed') continue;
          const counter = moveCustomerUnits(settled.userId, sku, -quantity);
          const moved = await this.customerUnits
            .updateOne(counter.filter, counter.update, { session })
            .exec();
          if (moved.modifiedCount !== 1)
            throw new Error(
              `Counter of ${settled.userId} on ${sku} does not cover ${reservationId}`,
            );
        }
        return { outcome: 'settled' as const, reservation: settled };
      },
      { keys },
    );
  }
}
