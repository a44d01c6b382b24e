/**
 * BASELINE ONLY, never part of the service. The in-process work of each benchmarked route, done
 * the shortest way: hand-written checks instead of DTOs, plain maps instead of the store port, no
 * hooks, no idempotency, no envelope helpers. The bare `node:http` server and the minimal Nest
 * route both call these functions, so the three servers in `limit.bench.ts` differ only in the
 * HTTP and framework layers above the same kind of work.
 */
import { randomUUID } from 'node:crypto';

interface Item {
  sku: string;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  imageUrl: string | null;
  totalQuantity: number;
  availableQuantity: number;
  reservedQuantity: number;
  soldQuantity: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Hold {
  reservationId: string;
  sku: string;
  userId: string;
  quantity: number;
  status: 'active' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: Date;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** What a route answers: a status and a JSON-serialisable body (already in its envelope). */
export interface Answer {
  status: number;
  body: unknown;
}

const TTL_MS = 300_000;
const SKU = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
const USER = /^[A-Za-z0-9._:@-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const items = new Map<string, Item>();
const holds = new Map<string, Hold>();
const activeHolds = new Map<string, string>();

const fail = (status: number, code: string, message: string, details: unknown = {}): Answer => ({
  status,
  body: { success: false, message, code, details },
});
const invalid = () => fail(400, 'VALIDATION_FAILED', 'The request is not valid.');

function itemView(item: Item) {
  return {
    sku: item.sku,
    name: item.name,
    description: item.description,
    price: item.price,
    currency: item.currency,
    imageUrl: item.imageUrl,
    totalQuantity: item.totalQuantity,
    availableQuantity: item.availableQuantity,
    reservedQuantity: item.reservedQuantity,
    soldQuantity: item.soldQuantity,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

function holdView(hold: Hold, now: Date) {
  return {
    reservationId: hold.reservationId,
    sku: hold.sku,
    userId: hold.userId,
    quantity: hold.quantity,
    status: hold.status,
    expiresAt: hold.expiresAt.toISOString(),
    secondsRemaining:
      hold.status === 'active'
        ? Math.max(0, Math.ceil((hold.expiresAt.getTime() - now.getTime()) / 1000))
        : 0,
    createdAt: hold.createdAt.toISOString(),
    confirmedAt: hold.confirmedAt ? hold.confirmedAt.toISOString() : null,
    cancelledAt: null,
    expiredAt: null,
  };
}

/** POST /inventory: what the benchmark needs to stock a SKU (no admin key, no checks beyond shape). */
export function createItem(body: unknown): Answer {
  const b = body as { sku?: unknown; totalQuantity?: unknown; price?: unknown };
  if (typeof b?.sku !== 'string' || !Number.isInteger(b.totalQuantity)) return invalid();
  const now = new Date();
  const item: Item = {
    sku: b.sku.toUpperCase(),
    name: 'Benchmark item',
    description: null,
    price: Number(b.price ?? 0),
    currency: 'USD',
    imageUrl: null,
    totalQuantity: b.totalQuantity as number,
    availableQuantity: b.totalQuantity as number,
    reservedQuantity: 0,
    soldQuantity: 0,
    createdAt: now,
    updatedAt: now,
  };
  items.set(item.sku, item);
  return { status: 201, body: { success: true, data: itemView(item) } };
}

/** GET /inventory/:sku */
export function getItem(rawSku: string): Answer {
  const sku = rawSku.toUpperCase();
  if (!SKU.test(sku)) return invalid();
  const item = items.get(sku);
  if (!item) return fail(404, 'SKU_NOT_FOUND', `No inventory item has SKU ${sku}.`, { sku });
  return { status: 200, body: { success: true, data: itemView(item) } };
}

/** POST /inventory/reserve: check, conditional decrement, record the hold, answer. */
export function reserve(body: unknown): Answer {
  const b = body as { sku?: unknown; quantity?: unknown; userId?: unknown };
  if (
    typeof b !== 'object' ||
    b === null ||
    Object.keys(b).length !== 3 ||
    typeof b.sku !== 'string' ||
    typeof b.userId !== 'string' ||
    !USER.test(b.userId) ||
    !Number.isInteger(b.quantity) ||
    (b.quantity as number) < 1 ||
    (b.quantity as number) > 10_000
  ) {
    return invalid();
  }
  const sku = b.sku.trim().toUpperCase();
  if (!SKU.test(sku)) return invalid();
  const quantity = b.quantity as number;
  const userId = b.userId;
  const now = new Date();
  const key = `${userId}\n${sku}`;
  const existing = activeHolds.get(key);
  if (existing) {
    const hold = holds.get(existing) as Hold;
    return {
      status: 200,
      body: { success: true, data: { ...holdView(hold, now), isExisting: true } },
    };
  }
  const item = items.get(sku);
  if (!item) return fail(404, 'SKU_NOT_FOUND', `No inventory item has SKU ${sku}.`, { sku });
  if (item.availableQuantity < quantity) {
    return fail(
      409,
      'INSUFFICIENT_STOCK',
      `Only ${item.availableQuantity} of ${sku} available; ${quantity} requested.`,
      { sku, availableQuantity: item.availableQuantity, requestedQuantity: quantity },
    );
  }
  item.availableQuantity -= quantity;
  item.reservedQuantity += quantity;
  item.updatedAt = now;
  const hold: Hold = {
    reservationId: randomUUID(),
    sku,
    userId,
    quantity,
    status: 'active',
    expiresAt: new Date(now.getTime() + TTL_MS),
    createdAt: now,
    confirmedAt: null,
  };
  holds.set(hold.reservationId, hold);
  activeHolds.set(key, hold.reservationId);
  return {
    status: 201,
    body: { success: true, data: { ...holdView(hold, now), isExisting: false } },
  };
}

/** POST /checkout/confirm: owner, status and expiry checked, counters moved, answer. */
export function confirm(body: unknown): Answer {
  const b = body as { reservationId?: unknown; userId?: unknown };
  if (
    typeof b !== 'object' ||
    b === null ||
    Object.keys(b).length !== 2 ||
    typeof b.reservationId !== 'string' ||
    !UUID.test(b.reservationId) ||
    typeof b.userId !== 'string' ||
    !USER.test(b.userId)
  ) {
    return invalid();
  }
  const now = new Date();
  const hold = holds.get(b.reservationId);
  if (!hold) return fail(404, 'RESERVATION_NOT_FOUND', 'No reservation has this id.');
  if (hold.userId !== b.userId) return fail(403, 'RESERVATION_FORBIDDEN', 'Forbidden.');
  if (hold.status === 'confirmed') {
    return { status: 200, body: { success: true, data: holdView(hold, now) } };
  }
  if (hold.status !== 'active' || hold.expiresAt <= now) {
    return fail(410, 'RESERVATION_EXPIRED', 'The reservation has expired.');
  }
  const item = items.get(hold.sku) as Item;
  item.reservedQuantity -= hold.quantity;
  item.totalQuantity -= hold.quantity;
  item.soldQuantity += hold.quantity;
  item.updatedAt = now;
  hold.status = 'confirmed';
  hold.confirmedAt = now;
  activeHolds.delete(`${hold.userId}\n${hold.sku}`);
  return { status: 200, body: { success: true, data: holdView(hold, now) } };
}
