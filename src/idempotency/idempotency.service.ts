import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../core/clock';
import { DomainError, ValidationFailedError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { IN_FLIGHT_LOCK_MS } from '../store/store-timeouts';
import { IdempotencyRepository, StoredResponse } from './idempotency.repository';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * How long an in-flight claim is held before a retry may take it over (the first request died,
 * or its outcome is unknown); defined beside the store timeouts it must outlast.
 */
export { IN_FLIGHT_LOCK_MS };

/** 1-255 printable ASCII characters, as the IETF draft and Stripe allow. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * Outcomes that mean the request never ran: they are not stored, so a corrected retry with the
 * same key is processed. Every other outcome, success or not, is replayed.
 */
export const NOT_STORED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'ADMIN_API_KEY_MISSING',
  'ADMIN_API_KEY_INVALID',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'ROUTE_NOT_FOUND',
  'RATE_LIMITED', // the throttler guard runs after the key is claimed
]);

/**
 * Outcomes after which the change may or may not have been applied (a commit whose result was
 * lost). The claim is kept, neither released nor completed: a retry gets 409 until the lock
 * lapses, then runs again, and every transition is safe to run again (conditional on state).
 */
const OUTCOME_UNKNOWN: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['STORE_OUTCOME_UNKNOWN']);

export interface IdempotentRequest {
  method: string;
  url: string;
  /** Who is asking, as far as this API can tell (the admin key, hashed); part of the fingerprint. */
  caller: string;
  body: unknown;
}

export interface Claim {
  key: string;
  fingerprint: string;
}

export type Admission =
  { kind: 'proceed'; claim: Claim } | { kind: 'replay'; response: StoredResponse };

/** JSON with object keys sorted, so key order and whitespace do not change a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fingerprintOf(request: IdempotentRequest): string {
  return createHash('sha256')
    .update(
      canonical([request.method.toUpperCase(), request.url, request.caller, request.body ?? null]),
    )
    .digest('hex');
}

/**
 * Idempotency-Key semantics after the IETF httpapi draft and Stripe: the first request with a
 * key is processed and its final status and body stored; the same key with the same request
 * replays them; with a different request it is a 422; while the first is still running, a 409.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async admit(key: string, request: IdempotentRequest): Promise<Admission> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ValidationFailedError([
        {
          field: 'Idempotency-Key',
          problems: ['Idempotency-Key must be 1-255 printable ASCII characters'],
        },
      ]);
    }
    const fingerprint = fingerprintOf(request);
    const now = this.clock.now();
    const result = await this.records.claim(
      {
        key,
        fingerprint,
        lockedUntil: new Date(now.getTime() + IN_FLIGHT_LOCK_MS),
        expiresAt: new Date(now.getTime() + this.config.idempotencyTtlSeconds * 1000),
      },
      now,
    );
    if (result.outcome === 'claimed') return { kind: 'proceed', claim: { key, fingerprint } };
    const { record } = result;
    if (record.fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', undefined, { idempotencyKey: key });
    }
    if (record.status === 'in-flight' || !record.response) {
      throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS', undefined, { idempotencyKey: key });
    }
    return { kind: 'replay', response: record.response };
  }

  /**
   * Stores the final response of a claimed request, or releases the key if the request never ran
   * (`errorCode` says why it failed, if it did) or its body cannot be replayed byte for byte (not
   * a serialized string), or keeps the claim as it is if the outcome is unknown.
   */
  async recordResponse(
    claim: Claim,
    response: { statusCode: number; body: string | undefined; errorCode: ErrorCode | undefined },
  ): Promise<void> {
    const { statusCode, body, errorCode } = response;
    if (errorCode !== undefined && OUTCOME_UNKNOWN.has(errorCode)) return;
    if (
      body === undefined ||
      statusCode >= 500 ||
      (errorCode !== undefined && NOT_STORED.has(errorCode))
    ) {
      await this.records.release(claim.key, claim.fingerprint);
    } else {
      await this.records.complete(claim.key, claim.fingerprint, { statusCode, body });
    }
  }
}
