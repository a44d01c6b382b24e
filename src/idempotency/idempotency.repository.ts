/** The response a key's first request got, kept to be replayed byte for byte. */
export interface StoredResponse {
  statusCode: number;
  /** The serialized JSON body, exactly as sent. */
  body: string;
}

export interface IdempotencyRecord {
  key: string;
  /** Hash of method, path, caller and body: a key may only ever be replayed for the same request. */
  fingerprint: string;
  status: 'in-flight' | 'completed';
  response: StoredResponse | null;
  /** While in flight, the claim is the first request's until then; a crashed request's claim lapses. */
  lockedUntil: Date;
  /** Kept at least IDEMPOTENCY_TTL_SECONDS; after this the key may be used again. */
  expiresAt: Date;
}

export type NewClaim = Pick<IdempotencyRecord, 'key' | 'fingerprint' | 'lockedUntil' | 'expiresAt'>;

export type ClaimResult = { outcome: 'claimed' } | { outcome: 'exists'; record: IdempotencyRecord };

/**
 * The idempotency side of the store port, so any instance can answer a retry. Claiming is one
 * atomic insert (never check-then-insert); a record that has expired, or an in-flight claim of
 * the same request whose lock has lapsed, is taken over atomically too.
 */
export abstract class IdempotencyRepository {
  abstract claim(claim: NewClaim, now: Date): Promise<ClaimResult>;

  /** Stores the response of an in-flight claim (matched by key and fingerprint). */
  abstract complete(key: string, fingerprint: string, response: StoredResponse): Promise<void>;

  /** Drops an in-flight claim whose request never ran (e.g. it failed validation). */
  abstract release(key: string, fingerprint: string): Promise<void>;
}
