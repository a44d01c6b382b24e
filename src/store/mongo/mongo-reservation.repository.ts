import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { ClientSession, Connection, Model } from 'mongoose';
import { NewHold, newReservation, Reservation, Settlement } from '../../checkout/reservation';
import {
  ReservationRepository,
  ReserveResult,
  TransitionResult,
} from '../../checkout/reservation.repository';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { InventoryItemRecord } from './inventory-item.schema';
import { isDuplicateKeyError, toReservation } from './mongo-records';
import { ReservationRecord } from './reservation.schema';
import { assertSupportsTransactions } from './topology';
import {
  activeHoldFilter,
  dueFilter,
  holdStock,
  releaseStock,
  settleFilter,
  settleUpdate,
} from './store-queries';

/** Thrown inside a transaction to abort it when the stock precondition does not hold. */
class StockPreconditionFailed extends Error {}

/**
 * Each transition is one multi-document ACID transaction (replica set required): the
 * reservation's conditional status change and the conditional $inc on its item commit together
 * or not at all, so a crash, a retry or a second instance can never credit or take a unit twice,
 * nor leave a unit held by nothing. `connection.transaction` retries on TransientTransactionError
 * (e.g. a write conflict with a concurrent hold on the same SKU) and re-evaluates every filter.
 */
@Injectable()
export class MongoReservationRepository extends ReservationRepository implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(ReservationRecord.name) private readonly reservations: Model<ReservationRecord>,
    @InjectModel(InventoryItemRecord.name) private readonly items: Model<InventoryItemRecord>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * Refuses a deployment without transactions, then builds the indexes before the first request
   * (the one-active-hold rule depends on them).
   */
  async onModuleInit(): Promise<void> {
    const hello = await this.connection.db!.admin().command({ hello: 1 });
    assertSupportsTransactions(hello);
    await Promise.all([this.reservations.init(), this.items.init()]);
  }

  async reserve(hold: NewHold): Promise<ReserveResult> {
    const reservation = newReservation(hold);
    try {
      await this.inTransaction(async (session) => {
        // Insert first: the unique partial index refuses a second active hold of this user on this SKU.
        await this.reservations.create([reservation], { session });
        const { filter, update } = holdStock(hold.sku, hold.quantity, hold.createdAt);
        const held = await this.items.updateOne(filter, update, { session }).exec();
        if (held.modifiedCount !== 1) throw new StockPreconditionFailed();
      });
      return { outcome: 'created', reservation };
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const existing = await this.reservations
          .findOne(activeHoldFilter(hold.userId, hold.sku))
          .lean<ReservationRecord>()
          .exec();
        // Settled between the insert and this read: let the service try again.
        return existing
          ? { outcome: 'existing', reservation: toReservation(existing) }
          : this.reserve(hold);
      }
      if (!(error instanceof StockPreconditionFailed)) throw error;
      const item = await this.items
        .findOne({ sku: hold.sku }, { availableQuantity: 1 })
        .lean()
        .exec();
      return item
        ? { outcome: 'insufficient-stock', availableQuantity: item.availableQuantity }
        : { outcome: 'unknown-sku' };
    }
  }

  async findById(reservationId: string): Promise<Reservation | null> {
    const doc = await this.reservations.findOne({ reservationId }).lean<ReservationRecord>().exec();
    return doc ? toReservation(doc) : null;
  }

  confirm(reservationId: string, userId: string, now: Date): Promise<TransitionResult> {
    return this.settle(reservationId, 'confirmed', now, userId);
  }

  cancel(reservationId: string, userId: string, now: Date): Promise<TransitionResult> {
    return this.settle(reservationId, 'cancelled', now, userId);
  }

  expire(reservationId: string, now: Date): Promise<TransitionResult> {
    return this.settle(reservationId, 'expired', now);
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

  private async settle(
    reservationId: string,
    to: Settlement,
    now: Date,
    userId?: string,
  ): Promise<TransitionResult> {
    const settled = await this.inTransaction(async (session) => {
      const doc = await this.reservations
        .findOneAndUpdate(
          settleFilter(reservationId, to, now, userId),
          settleUpdate(to, now, this.config.terminalReservationRetentionSeconds),
          { new: true, session },
        )
        .lean<ReservationRecord>()
        .exec();
      if (!doc) return null;
      const { filter, update } = releaseStock(doc.sku, doc.quantity, to, now);
      const released = await this.items.updateOne(filter, update, { session }).exec();
      // Invariant 2 says this cannot fail; if it ever does, abort rather than commit a leak.
      if (released.modifiedCount !== 1)
        throw new Error(`Stock of ${doc.sku} does not cover hold ${reservationId}`);
      return toReservation(doc);
    });
    if (settled) return { transitioned: true, reservation: settled };
    return { transitioned: false, reservation: await this.findById(reservationId) };
  }

  private inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.connection.transaction(work, {
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority' },
    });
  }
}
