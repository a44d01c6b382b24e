import createClient from 'openapi-fetch';
import type { components, paths } from '../../openapi/schema';

/*
 * What a client team writes against the SDK generated from openapi/openapi.json (openapi-typescript
 * types + openapi-fetch): a whole checkout, strictly typed, with no casts, no `any` and no `!`.
 * test/sdk.e2e-spec.ts type-checks this file with tsc (strict) and a scan for casts, then runs it
 * against the real app. Every name here (paths, operation bodies, `code`, `details.*`, headers)
 * comes from the document: if the document changes shape, this stops compiling.
 */

type DeclaredHeader = keyof components['headers'];
type Replayed = components['headers']['Idempotent-Replayed'];

/** Reads a response header by a name the document declares (a typo does not compile). */
function header(response: Response, name: DeclaredHeader): string | null {
  return response.headers.get(name);
}

function isReplayed(value: string | null): value is Replayed {
  return value === 'true';
}

export interface FlowReport {
  reserved: { status: number; quantity: number | undefined; lines: number; isExisting: boolean };
  countdown: { status: string; secondsRemaining: number; expiresAt: string };
  confirmed: { status: string; confirmedAt: string | null };
  shortage: { sku: string; availableQuantity: number; requestedQuantity: number };
  notFound: { reservationId: string };
  cancelled: { status: string; cancelledAt: string | null };
  replay: {
    statuses: number[];
    replayedHeaders: (string | null)[];
    sameReservation: boolean;
    replayed: boolean;
  };
}

export async function checkoutFlow(
  baseUrl: string,
  adminKey: string,
  sku: string,
): Promise<FlowReport> {
  const api = createClient<paths>({ baseUrl });

  const created = await api.POST('/inventory', {
    body: { sku, name: 'SDK flow item', price: 1999, currency: 'EUR', totalQuantity: 3 },
    headers: { 'x-api-key': adminKey },
  });
  if (created.error) throw new Error(`createInventoryItem: ${created.error.code}`);

  // Reserve, then read the countdown.
  const reserve = await api.POST('/inventory/reserve', {
    body: { sku, quantity: 2, userId: 'sdk-shopper' },
  });
  if (reserve.error) throw new Error(`reserveInventory: ${reserve.error.code}`);
  const hold: components['schemas']['ReserveResult'] = reserve.data.data;
  const read = await api.GET('/reservations/{id}', {
    params: { path: { id: hold.reservationId } },
  });
  if (read.error) throw new Error(`getReservation: ${read.error.code}`);
  const countdown = read.data.data;

  // Confirm.
  const confirm = await api.POST('/checkout/confirm', {
    body: { reservationId: hold.reservationId, userId: hold.userId },
  });
  if (confirm.error) {
    switch (confirm.error.code) {
      case 'RESERVATION_EXPIRED':
        throw new Error(`expired at ${confirm.error.details.expiresAt}`);
      // @ts-expect-error confirm cannot answer INSUFFICIENT_STOCK: its error union does not list it.
      case 'INSUFFICIENT_STOCK':
        throw new Error('unreachable');
      default:
        throw new Error(`confirmReservation: ${confirm.error.code}`);
    }
  }

  // Only 1 unit is left: asking for 2 is refused, with the numbers in typed details.
  const tooMany = await api.POST('/inventory/reserve', {
    body: { sku, quantity: 2, userId: 'sdk-other' },
  });
  let shortage: FlowReport['shortage'] | undefined;
  if (tooMany.error) {
    const { error } = tooMany;
    switch (error.code) {
      case 'INSUFFICIENT_STOCK':
        shortage = {
          sku: error.details.sku,
          availableQuantity: error.details.availableQuantity,
          requestedQuantity: error.details.requestedQuantity,
        };
        break;
      case 'ACTIVE_RESERVATION_EXISTS':
        throw new Error(`already holding ${error.details.reservation.quantity}`);
      default:
        throw new Error(`reserveInventory: ${error.code}`);
    }
  }
  if (!shortage) throw new Error('reserving more than the stock was not refused');

  // A typed 404.
  const missing = await api.GET('/reservations/{id}', {
    params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
  });
  if (!missing.error || missing.error.code !== 'RESERVATION_NOT_FOUND') {
    throw new Error('an unknown reservation was not a RESERVATION_NOT_FOUND');
  }
  const notFound = { reservationId: missing.error.details.reservationId };

  // Hold the last unit, then give it back.
  const second = await api.POST('/inventory/reserve', {
    body: { sku, quantity: 1, userId: 'sdk-canceller' },
  });
  if (second.error) throw new Error(`reserveInventory: ${second.error.code}`);
  const cancel = await api.POST('/checkout/cancel', {
    body: { reservationId: second.data.data.reservationId, userId: 'sdk-canceller' },
  });
  if (cancel.error) throw new Error(`cancelReservation: ${cancel.error.code}`);

  // The same request with the same Idempotency-Key twice: the second is a replay.
  const key = `sdk-${hold.reservationId}`;
  const attempts = [];
  for (let i = 0; i < 2; i++) {
    attempts.push(
      await api.POST('/inventory/reserve', {
        params: { header: { 'Idempotency-Key': key } },
        body: { sku, quantity: 1, userId: 'sdk-retrier' },
      }),
    );
  }
  const ids = attempts.map((attempt) => attempt.data?.data.reservationId);
  const replayedHeaders = attempts.map((attempt) =>
    header(attempt.response, 'Idempotent-Replayed'),
  );

  return {
    reserved: {
      status: reserve.response.status,
      quantity: hold.quantity,
      lines: hold.lines.length,
      isExisting: hold.isExisting,
    },
    countdown: {
      status: countdown.status,
      secondsRemaining: countdown.secondsRemaining,
      expiresAt: countdown.expiresAt,
    },
    confirmed: { status: confirm.data.data.status, confirmedAt: confirm.data.data.confirmedAt },
    shortage,
    notFound,
    cancelled: { status: cancel.data.data.status, cancelledAt: cancel.data.data.cancelledAt },
    replay: {
      statuses: attempts.map((attempt) => attempt.response.status),
      replayedHeaders,
      sameReservation: ids[0] !== undefined && ids[0] === ids[1],
      replayed: isReplayed(replayedHeaders[1]),
    },
  };
}
