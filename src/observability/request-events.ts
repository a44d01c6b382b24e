import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ReservationEvent, ReservationEvents } from '../reservations/reservation-events';

/** On each reply: its RequestEventLog, made when the handler first asks for it. */
const EVENT_LOG = Symbol('requestEventLog');
/** On the Fastify instance: the logs of its requests that hold events not yet written. */
const PENDING = Symbol('pendingRequestEvents');

type WithEventLog = Record<typeof EVENT_LOG, RequestEventLog | null>;
type WithPending = Record<typeof PENDING, PendingRequestEvents | undefined>;

/**
 * The domain events one request caused, kept for its request line (RequestLogHook), so they
 * carry its request id and cost no line of their own. An event is never dropped for want of that
 * line: one recorded after the line was written, or for a request that will never have one, is
 * written as a line of its own (`lines`). A request never has one when its connection closes
 * before its answer was sent: the client went away, or the answer was queued behind another on a
 * pipelined connection (Fastify then runs no `onResponse`; Node emits no `close` on such a queued
 * response, only on the connection).
 */
export class RequestEventLog implements ReservationEvents {
  private pending: ReservationEvent[] | undefined;
  private taken = false;

  /** `response`, `connection`, `server`: read from the reply only when a first event comes. */
  constructor(private readonly reply: FastifyReply) {}

  private get response(): ServerResponse {
    return this.reply.raw;
  }

  private get connection(): Socket | undefined {
    return this.reply.request.raw.socket;
  }

  private get server(): PendingRequestEvents {
    return pendingRequestEventsOf(this.reply.server)!;
  }

  record(event: ReservationEvent): void {
    if (this.taken || this.connection?.destroyed) {
      this.writeAlone(); // any held from before first: the events keep their order
      this.server.lines.record(event);
      return;
    }
    if (this.pending === undefined) {
      this.pending = [];
      this.server.hold(this, this.connection);
    }
    this.pending.push(event);
  }

  /** The events for the request line (none: undefined); any recorded later get lines of their own. */
  take(): ReservationEvent[] | undefined {
    this.taken = true;
    const { pending } = this;
    if (pending === undefined) return undefined;
    this.pending = undefined;
    this.server.release(this, this.connection);
    return pending;
  }

  /**
   * Its connection closed. If the answer was not sent, no request line will come. If it was, the
   * `onResponse` hooks take the events, perhaps a tick later; any still held after that (a hook
   * before the request log's failed, and Fastify skipped the rest) are written on their own.
   */
  connectionClosed(): void {
    if (this.response.writableFinished) setImmediate(() => this.writeAlone());
    else this.writeAlone();
  }

  writeAlone(): void {
    for (const event of this.take() ?? []) this.server.lines.record(event);
  }
}

/**
 * The request event logs of one server that hold events not yet written, by the connection they
 * came on (one `close` listener per connection, whatever number of requests it carries).
 */
export class PendingRequestEvents {
  private readonly byConnection = new Map<Socket | undefined, Set<RequestEventLog>>();

  constructor(readonly lines: ReservationEvents) {}

  hold(log: RequestEventLog, connection: Socket | undefined): void {
    let logs = this.byConnection.get(connection);
    if (logs === undefined) {
      const held = new Set<RequestEventLog>();
      this.byConnection.set(connection, held);
      connection?.once('close', () => {
        this.byConnection.delete(connection);
        for (const pending of held) pending.connectionClosed();
      });
      logs = held;
    }
    logs.add(log);
  }

  release(log: RequestEventLog, connection: Socket | undefined): void {
    this.byConnection.get(connection)?.delete(log);
  }

  /** How many requests hold events not yet written. */
  get size(): number {
    let size = 0;
    for (const logs of this.byConnection.values()) size += logs.size;
    return size;
  }

  writeAll(): void {
    for (const logs of [...this.byConnection.values()]) {
      for (const log of [...logs]) log.writeAlone();
    }
  }
}

/**
 * Lets each request keep its events for its request line (RequestLogHook installs it). `lines`:
 * where an event goes that no request line will carry.
 */
export function installRequestEvents(fastify: FastifyInstance, lines: ReservationEvents): void {
  fastify.decorateReply(EVENT_LOG, null);
  fastify.decorate(PENDING, new PendingRequestEvents(lines));
}

/**
 * Where the domain events of the transitions a request makes go (pass it on to the service): its
 * event log, made on first use. Undefined where no request log is installed: the events are then
 * lines of their own.
 *
 * Handlers reach it through the reply (`@Res({ passthrough: true })`), not a custom parameter
 * decorator: Nest runs the global pipes on every custom parameter, a chain of promises per request.
 */
export function requestEventsOf(reply: FastifyReply): RequestEventLog | undefined {
  // Each reply has the EVENT_LOG field once installRequestEvents has run on its server.
  if (!(EVENT_LOG in reply)) return undefined;
  const holder = reply as unknown as WithEventLog;
  return (holder[EVENT_LOG] ??= new RequestEventLog(reply));
}

/** What the request line carries: the events the request caused, if it caused any. */
export function takeRequestEvents(reply: FastifyReply): ReservationEvent[] | undefined {
  return (reply as unknown as WithEventLog)[EVENT_LOG]?.take();
}

/**
 * Writes, as lines of their own, the events of every request still open (before the process
 * exits without waiting for their answers: a drain that timed out).
 */
export function writePendingRequestEvents(fastify: FastifyInstance): void {
  pendingRequestEventsOf(fastify)?.writeAll();
}

/** The server's requests that hold events not yet written (installed by installRequestEvents). */
export function pendingRequestEventsOf(fastify: FastifyInstance): PendingRequestEvents | undefined {
  return (fastify as unknown as WithPending)[PENDING];
}
