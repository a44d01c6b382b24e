import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyRepository,
  NewClaim,
  StoredResponse,
} from '../../idempotency/idempotency.repository';
import { IdempotencyKeyRecord } from './idempotency-key.schema';
import { isDuplicateKeyError } from './mongo-records';
import { inFlightClaimFilter, takeOverClaimFilter } from './store-queries';

@Injectable()
export class MongoIdempotencyRepository extends IdempotencyRepository implements OnModuleInit {
  constructor(
    @InjectModel(IdempotencyKeyRecord.name) private readonly keys: Model<IdempotencyKeyRecord>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.keys.init();
  }

  async claim(claim: NewClaim, now: Date): Promise<ClaimResult> {
    const fresh: IdempotencyRecord = { ...claim, status: 'in-flight', response: null };
    try {
      await this.keys.create(fresh);
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // The key exists. Take it over in one conditional update if it has expired (the TTL monitor
    // has not deleted it yet) or is this same request's claim whose lock has lapsed.
    const taken = await this.keys
      .findOneAndUpdate(takeOverClaimFilter(claim, now), { $set: fresh })
      .lean()
      .exec();
    if (taken) return { outcome: 'claimed' };
    const existing = await this.keys
      .findOne({ key: claim.key })
      .lean<IdempotencyKeyRecord>()
      .exec();
    // Deleted by the TTL monitor in between: claim afresh.
    if (!existing) return this.claim(claim, now);
    return {
      outcome: 'exists',
      record: {
        key: existing.key,
        fingerprint: existing.fingerprint,
        status: existing.status,
        response: existing.response
          ? { statusCode: existing.response.statusCode, body: existing.response.body }
          : null,
        lockedUntil: existing.lockedUntil,
        expiresAt: existing.expiresAt,
      },
    };
  }

  async complete(key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    await this.keys
      .updateOne(inFlightClaimFilter(key, fingerprint), { $set: { status: 'completed', response } })
      .exec();
  }

  async release(key: string, fingerprint: string): Promise<void> {
    await this.keys.deleteOne(inFlightClaimFilter(key, fingerprint)).exec();
  }
}
