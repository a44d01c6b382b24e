import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { ReservationEvent } from '../reservations/reservation-events';
import { RequestEventLog } from './request-events';

const event = (reservationId: string): ReservationEvent => ({
  event: 'reservation.created',
  reservationId,
  lines: [{ sku: 'S', quantity: 1 }],
  units: 1,
  expiresAt: new Date('2026-11-25T12:00:00.000Z'),
});

/** A request's events go to its request line, or to lines of their own; each exactly once. */
describe('RequestEventLog', () => {
  let response: EventEmitter & { destroyed: boolean };
  let lines: jest.Mock;
  let log: RequestEventLog;

  beforeEach(() => {
    response = Object.assign(new EventEmitter(), { destroyed: false });
    lines = jest.fn();
    log = new RequestEventLog(response as unknown as ServerResponse, { record: lines });
  });

  it('keeps the events for the request line, in order, and none for a request that caused none', () => {
    expect(
      new RequestEventLog(response as unknown as ServerResponse, { record: lines }).take(),
    ).toBeUndefined();
    log.record(event('a'));
    log.record(event('b'));
    expect(log.take()).toEqual([event('a'), event('b')]);
    response.emit('close'); // the answer went out: 'close' follows the request line
    expect(lines).not.toHaveBeenCalled();
  });

  it('writes an event recorded after the request line as a line of its own', () => {
    log.record(event('a'));
    log.take();
    log.record(event('b'));
    expect(lines.mock.calls).toEqual([[event('b')]]);
  });

  it('writes the events of a request whose answer was never sent (closed without a request line)', () => {
    log.record(event('a'));
    log.record(event('b'));
    response.destroyed = true;
    response.emit('close');
    expect(lines.mock.calls).toEqual([[event('a')], [event('b')]]);
    expect(log.take()).toBeUndefined(); // and not again with a request line
  });

  it('writes an event at once when the connection is already gone', () => {
    response.destroyed = true;
    log.record(event('a'));
    expect(lines.mock.calls).toEqual([[event('a')]]);
    expect(response.listenerCount('close')).toBe(0);
  });
});
