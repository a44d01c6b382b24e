import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from './error-code';
import { toErrorResponse } from './error-response';

const answeredWith = new WeakMap<FastifyRequest, ErrorCode>();

/** The error code a request was answered with, if it failed (read by the Idempotency-Key hook). */
export function errorCodeOf(request: FastifyRequest): ErrorCode | undefined {
  return answeredWith.get(request);
}

/** The one global filter: every error leaves as `{ success: false, message, code, details }`. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body, headers } = toErrorResponse(exception);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (status >= 500) {
      // With the request id, so this line and the request's own log line can be matched.
      this.logger.error(
        { req: { id: request.id }, code: body.code, err: exception },
        exception instanceof Error ? exception.message : 'Unhandled error',
      );
    }
    answeredWith.set(request, body.code);
    void http.getResponse<FastifyReply>().status(status).headers(headers).send(body);
  }
}
