import { stockedItem } from '../inventory/sample-data';
import { InMemoryStore } from '../store/in-memory/in-memory-store';
import { observedReservations } from './instrumented-store';
import { Metrics } from './metrics';

/** Each hold a call creates or settles is counted and recorded once, as a domain event; refusals are not. */
describe('observedReservations', () => {
  const T0 = new Date('2026-11-24T09:00:00.000Z');
  const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
  let store: InMemoryStore;
  let metrics: Metrics;
  let lines: jest.Mock;
  const count = async (name: string) =>
    (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;

  beforeEach(async () => {
    store = new InMemoryStore();
    metrics = new Metrics();
    lines = jest.fn();
    await store.inventory.create(stockedItem('S', 5), T0);
  });

  const hold = (userId: string, reservationId: string) => ({
    reservationId,
    userId,
    lines: [{ sku: 'S', quantity: 2 }],
    createdAt: T0,
    expiresAt: at(300),
  });
  const holdFor = async (userId: string, reservationId: string) => {
    const sut = observedReservations(store.reservations, metrics, { record: lines });
    await sut.reserve(hold(userId, reservationId));
    return sut;
  };

  it('reports a confirm once: a repeat and another user are neither counted nor logged', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const sut = await holdFor('u1', id);
    await sut.cancel(id, 'u2', at(5)); // while it is still active: refused as another user's
    await sut.confirm(id, 'u1', at(10));
    await sut.confirm(id, 'u1', at(11));
    expect(await count('reservations_confirmed_total')).toBe(1);
    expect(await count('reservations_cancelled_total')).toBe(0);
    const events = lines.mock.calls.map(([fields]) => (fields as { event: string }).event);
    expect(events).toEqual(['reservation.created', 'reservation.confirmed']);
    expect(lines).toHaveBeenLastCalledWith({
      event: 'reservation.confirmed',
      reservationId: id,
      lines: [{ sku: 'S', quantity: 2 }],
      units: 2,
    });
  });

  it('reports an expiry with how late it came, and only the call that expired it', async () => {
    const id = '00000000-0000-4000-8000-000000000002';
    const sut = await holdFor('u1', id);
    await sut.expire(id, at(299));
    await sut.expire(id, at(302));
    await sut.expire(id, at(303));
    expect(await count('reservations_expired_total')).toBe(1);
    expect(lines).toHaveBeenLastCalledWith(
      expect.objectContaining({ event: 'reservation.expired', latenessMs: 2000 }),
    );
  });

  it("records a transition's event where its caller says (its request), not on the event lines", async () => {
    const sut = observedReservations(store.reservations, metrics, { record: lines });
    const request = jest.fn();
    const id = '00000000-0000-4000-8000-000000000003';
    await sut.reserve(hold('u1', id), { record: request });
    await sut.reserve(hold('u1', id), { record: request }); // refused: u1 holds S already
    await sut.cancel(id, 'u1', at(1), { record: request });
    expect(request.mock.calls).toEqual([
      [
        {
          event: 'reservation.created',
          reservationId: id,
          lines: [{ sku: 'S', quantity: 2 }],
          units: 2,
          expiresAt: at(300).toISOString(),
        },
      ],
      [expect.objectContaining({ event: 'reservation.cancelled', reservationId: id })],
    ]);
    expect(lines).not.toHaveBeenCalled();
    expect(await count('reservations_created_total')).toBe(1);
  });
});
