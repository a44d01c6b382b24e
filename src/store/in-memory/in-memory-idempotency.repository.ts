import {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyRepository,
  NewClaim,
  StoredResponse,
} from '../../idempotency/idempotency.repository';
import { atomically, InMemoryState } from './in-memory-state';

export class InMemoryIdempotencyRepository extends IdempotencyRepository {
  constructor(private readonly state: InMemoryState) {
    super();
  }

  claim(claim: NewClaim, now: Date): Promise<ClaimResult> {
    return atomically((): ClaimResult => {
      this.purgeExpired(now);
      const existing = this.state.idempotencyKeys.get(claim.key);
      const lapsedClaim =
        existing?.status === 'in-flight' &&
        existing.fingerprint === claim.fingerprint &&
        existing.lockedUntil <= now;
      if (existing && existing.expiresAt > now && !lapsedClaim) {
        return { outcome: 'exists', record: structuredClone(existing) };
      }
      // Re-inserted at the end, so the map stays in expiry order for purgeExpired.
      this.state.idempotencyKeys.delete(claim.key);
      this.state.idempotencyKeys.set(claim.key, { ...claim, status: 'in-flight', response: null });
      return { outcome: 'claimed' };
    });
  }

  complete(key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    return atomically(() => {
      const record = this.inFlight(key, fingerprint);
      if (record)
        this.state.idempotencyKeys.set(key, {
          ...record,
          status: 'completed',
          response: { ...response },
        });
    });
  }

  release(key: string, fingerprint: string): Promise<void> {
    return atomically(() => {
      if (this.inFlight(key, fingerprint)) this.state.idempotencyKeys.delete(key);
    });
  }

  private inFlight(key: string, fingerprint: string): IdempotencyRecord | undefined {
    const record = this.state.idempotencyKeys.get(key);
    return record?.status === 'in-flight' && record.fingerprint === fingerprint
      ? record
      : undefined;
  }

  /** Keys share one TTL, so the oldest insertions expire first: drop them from the front. */
  private purgeExpired(now: Date): void {
    for (const [key, record] of this.state.idempotencyKeys) {
      if (record.expiresAt > now) return;
      this.state.idempotencyKeys.delete(key);
    }
  }
}
