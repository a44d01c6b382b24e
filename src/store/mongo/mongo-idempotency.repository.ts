import { Model } from 'mongoose';
import {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyRepository,
  NewClaim,
  StoredResponse,
} from '../../idempotency/idempotency.repository';
import { IdempotencyKeyRecord } from './idempotency-key.schema';
import { isDuplicateKeyError } from './mongo-errors';
import { inFlightClaimFilter, takeOverClaimFilter } from './store-queries';

/** The key index is unique, so claiming a key is one atomic insert. */
const KEY_INDEX = 'idempotency_key_unique';

/** How often a claim is tried afresh when the record it collided with vanished meanwhile. */
const CLAIM_ATTEMPTS = 3;

export class MongoIdempotencyRepository extends IdempotencyRepository {
  constructor(private readonly keys: Model<IdempotencyKeyRecord>) {
    super();
  }

  async claim(claim: NewClaim, now: Date, attempt = 1): Promise<ClaimResult> {
    const fresh: IdempotencyRecord = { ...claim, status: 'in-flight', response: null };
    try {
      await this.keys.create(fresh);
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyError(error, KEY_INDEX, ['key'])) throw error;
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
    // Deleted by the TTL monitor in between: claim afresh (a bounded number of times).
    if (!existing) {
      if (attempt >= CLAIM_ATTEMPTS) throw new Error(`Idempotency-Key ${claim.key} kept vanishing`);
      return this.claim(claim, now, attempt + 1);
    }
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
