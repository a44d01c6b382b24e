import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { toErrorResponse } from '../errors/error-response';

/*
 * Errors Fastify and Node raise before there is a route to run: they would answer in their own
 * body shapes (and Fastify's quote the whole URL back). These handlers answer them in the error
 * envelope instead. Errors raised later (body parsing, hooks) reach the global filter.
 */

const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

/** Fastify's `frameworkErrors` option: a URL it cannot route (bad encoding, over-long parameter). */
export function onFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = toErrorResponse(
    new DomainError(FRAMEWORK_ERRORS[error.code] ?? 'MALFORMED_REQUEST'),
  );
  void reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'REQUEST_HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Fastify's `clientErrorHandler` option: a request Node's HTTP parser refused (malformed request
 * line or headers, headers too large, too slow). There is no request object, only the socket:
 * the answer is written to it, and it is closed.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, body } = toErrorResponse(
      new DomainError(CLIENT_ERRORS[error.code ?? ''] ?? 'MALFORMED_REQUEST'),
    );
    const payload = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
        'Connection: close\r\n\r\n' +
        payload,
    );
  }
  socket.destroy(error);
}
