import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ReservationEvent, ReservationEvents } from '../reservations/reservation-events';
import { EVENT_LINES } from './event-lines';
import { installRequestEvents, takeRequestEvents } from './request-events';
import { ROOT_LOGGER, RootLogger } from './root-logger';

/** Probes and scrapes every few seconds would drown the request log (unless they fail: a 5xx is logged). */
const QUIET_PATHS = /^\/(health(\/|$|\?)|metrics($|\?))/;

const MAX_LOGGED_URL = 200;

/**
 * What the request line says: the request id (Fastify's, from `requestIdOf`), method, URL,
 * route pattern, status and duration in ms (`responseTime`), not every header; and `events`,
 * the domain events the request caused, if any.
 */
function requestLogLine(
  request: FastifyRequest,
  reply: FastifyReply,
  events: ReservationEvent[] | undefined,
) {
  const { url } = request;
  return {
    req: {
      id: request.id,
      method: request.method,
      url: url.length > MAX_LOGGED_URL ? `${url.slice(0, MAX_LOGGED_URL)}…` : url,
    },
    route: request.routeOptions.url,
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime * 10) / 10,
    events, // pino leaves out a field that is undefined
  };
}

/**
 * One log line per answered request, from Fastify's `onResponse` hook (the response has been
 * sent): `info` "request completed", or `error` "request errored" for a 5xx (whose cause the
 * error filter has logged with the same request id). It carries the request's domain events
 * (RequestEventLog). A request whose line is left out (a probe) has its events written as lines
 * of their own; with `info` off, those are left out too, as the line is.
 */
@Injectable()
export class RequestLogHook implements OnModuleInit {
  constructor(
    @Inject(ROOT_LOGGER) private readonly logger: RootLogger,
    @Inject(EVENT_LINES) private readonly lines: ReservationEvents,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const { logger, lines } = this;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    installRequestEvents(fastify, lines);
    fastify.addHook('onResponse', (request, reply, done) => {
      const events = takeRequestEvents(reply);
      if (reply.statusCode >= 500) {
        logger.error(requestLogLine(request, reply, events), 'request errored');
      } else if (logger.isLevelEnabled('info') && !QUIET_PATHS.test(request.url)) {
        logger.info(requestLogLine(request, reply, events), 'request completed');
      } else if (events !== undefined) {
        for (const event of events) lines.record(event);
      }
      done();
    });
  }
}
