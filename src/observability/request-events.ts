import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { ReservationEvent, ReservationEvents } from '../reservations/reservation-events';

/** On each reply: the RequestEventLog of its request, made when the first event is recorded. */
const EVENT_LOG = Symbol('requestEventLog');
/** On the Fastify instance: where an event goes that no request line will carry. */
const EVENT_LINES = Symbol('eventLines');

type WithEventLog = Record<typeof EVENT_LOG, RequestEventLog | null>;
type WithEventLines = Record<typeof EVENT_LINES, ReservationEvents | undefined>;

/**
 * The domain events one request caused, kept for its request line (RequestLogHook), so they
 * carry its request id and cost no line of their own. An event is never lost: one recorded after
 * that line was written, or for a request that will never have one (the client went away before
 * the answer was sent, so Fastify runs no `onResponse`), is written as a line of its own.
 */
export class RequestEventLog implements ReservationEvents {
  private pending: ReservationEvent[] | undefined;
  private taken = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly lines: ReservationEvents,
  ) {}

  record(event: ReservationEvent): void {
    if (this.taken || this.response.destroyed) {
      this.lines.record(event);
      return;
    }
    if (this.pending === undefined) {
      this.pending = [];
      // After an answer, 'close' follows 'finish' and so the request line; without 'finish',
      // the answer was never sent and no request line will be written.
      this.response.once('close', () => this.writeAlone());
    }
    this.pending.push(event);
  }

  /** The events for the request line (none: undefined); any recorded later get lines of their own. */
  take(): ReservationEvent[] | undefined {
    this.taken = true;
    const { pending } = this;
    this.pending = undefined;
    return pending;
  }

  private writeAlone(): void {
    for (const event of this.take() ?? []) this.lines.record(event);
  }
}

/**
 * Lets each request keep its events for its request line (RequestLogHook installs it). `lines`:
 * where an event goes that no request line will carry.
 */
export function installRequestEvents(fastify: FastifyInstance, lines: ReservationEvents): void {
  fastify.decorateReply(EVENT_LOG, null);
  fastify.decorate(EVENT_LINES, lines);
}

/**
 * Where the domain events of the transitions a request makes go (pass it on to the service): its
 * event log, made on first use. Undefined where no request log is installed: the events are then
 * lines of their own.
 *
 * Handlers reach it through the reply (`@Res({ passthrough: true })`), not a custom parameter
 * decorator: Nest runs the global pipes on every custom parameter, a chain of promises per
 * request (about 10 µs of a reserve's CPU time in bench/, 2026-11-25).
 */
export function requestEventsOf(reply: FastifyReply): RequestEventLog | undefined {
  const lines = (reply.server as unknown as WithEventLines)[EVENT_LINES];
  if (lines === undefined) return undefined;
  const holder = reply as unknown as WithEventLog;
  return (holder[EVENT_LOG] ??= new RequestEventLog(reply.raw, lines));
}

/** What the request line carries: the events the request caused, if it caused any. */
export function takeRequestEvents(reply: FastifyReply): ReservationEvent[] | undefined {
  return (reply as unknown as WithEventLog)[EVENT_LOG]?.take();
}
