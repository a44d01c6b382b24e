import { ClientSession, Connection, Model } from 'mongoose';
import { AppConfig } from '../../core/app-config';
import {
  NewHold,
  newReservation,
  refuseExpiry,
  refuseOwnerSettlement,
  Reservation,
  Settlement,
} from '../../reservations/reservation';
import {
  ExpiryResult,
  OwnerSettlementResult,
  ReservationRepository,
  ReserveResult,
} from '../../reservations/reservation.repository';
import { InventoryItemRecord } from './inventory-item.schema';
import { isDuplicateKeyError, toReservation } from './mongo-records';
import { ReservationRecord } from './reservation.schema';
import {
  activeHoldFilter,
  dueFilter,
  holdStock,
  releaseStock,
  settleFilter,
  settleUpdate,
} from './store-queries';
import { inTransaction } from './transactions';

/** The unique partial index behind "one active hold per user and SKU". */
const ONE_ACTIVE_HOLD_INDEX = 'one_active_hold_per_user_and_sku';

/**
 * How often a reserve is tried again after losing the race to insert a user's one active hold
 * on a SKU: the next attempt's snapshot sees the winner's hold and answers `existing`.
 */
const RESERVE_ATTEMPTS = 3;

/**
 * Each transition is one multi-document ACID transaction: the reservation's conditional status
 * change and the conditional $inc on its item commit together or not at all, so a crash, a retry
 * or a second instance can never credit or take a unit twice, nor leave a unit held by nothing.
 * When a transition is refused, the reason is read in the same transaction (its snapshot), so
 * the outcome reports the state that refused it.
 */
export class MongoReservationRepository extends ReservationRepository {
  constructor(
    private readonly connection: Connection,
    private readonly reservations: Model<ReservationRecord>,
    private readonly items: Model<InventoryItemRecord>,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async reserve(hold: NewHold): Promise<ReserveResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await inTransaction(this.connection, (session) => this.tryReserve(hold, session));
      } catch (error) {
        // Another request inserted this user's active hold on this SKU after our snapshot.
        if (!isDuplicateKeyError(error, ONE_ACTIVE_HOLD_INDEX) || attempt >= RESERVE_ATTEMPTS)
          throw error;
      }
    }
  }

  /** Refuses an existing hold, an unknown SKU or short stock before writing anything. */
  private async tryReserve(hold: NewHold, session: ClientSession): Promise<ReserveResult> {
    const existing = await this.reservations
      .findOne(activeHoldFilter(hold.userId, hold.sku), null, { session })
      .lean<ReservationRecord>()
      .exec();
    if (existing) return { outcome: 'existing', reservation: toReservation(existing) };
    const item = await this.items
      .findOne({ sku: hold.sku }, { availableQuantity: 1 }, { session })
      .lean<Pick<InventoryItemRecord, 'availableQuantity'>>()
      .exec();
    if (!item) return { outcome: 'unknown-sku' };
    if (item.availableQuantity < hold.quantity) {
      return { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity };
    }
    const reservation = newReservation(hold);
    // The unique partial index still guards a concurrent first hold of this user on this SKU.
    await this.reservations.create([reservation], { session });
    const { filter, update } = holdStock(hold.sku, hold.quantity, hold.createdAt);
    const held = await this.items.updateOne(filter, update, { session }).exec();
    // The snapshot showed enough units; a concurrent change is a write conflict, retried whole.
    if (held.modifiedCount !== 1) throw new Error(`Stock of ${hold.sku} changed mid-transaction`);
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

  async findDue(now: Date, limit: number): Promise<string[]> {
    const docs = await this.reservations
      .find(dueFilter(now), { reservationId: 1 })
      .sort({ expiresAt: 1 })
      .limit(limit)
      .lean<Pick<ReservationRecord, 'reservationId'>[]>()
      .exec();
    return docs.map((doc) => doc.reservationId);
  }

  private settle<Refusal>(
    reservationId: string,
    to: Settlement,
    now: Date,
    userId: string | undefined,
    refuse: (current: Reservation | null) => Refusal | undefined,
  ): Promise<{ outcome: 'settled'; reservation: Reservation } | Refusal> {
    return inTransaction(this.connection, async (session) => {
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
      const { filter, update } = releaseStock(doc.sku, doc.quantity, to, now);
      const released = await this.items.updateOne(filter, update, { session }).exec();
      // Invariant 2 says this cannot fail; if it ever does, abort rather than commit a leak.
      if (released.modifiedCount !== 1)
        throw new Error(`Stock of ${doc.sku} does not cover hold ${reservationId}`);
      return { outcome: 'settled' as const, reservation: toReservation(doc) };
    });
  }
}
