import { FastifyAdapter } from '@nestjs/platform-fastify';

export interface SuccessBody<T> {
  success: true;
  data: T;
}

/**
 * Wraps every route handler's result in the success envelope `{ success: true, data }`, at the
 * one point where Nest hands a handler's result to Fastify (`reply`). Errors never pass here: the
 * ErrorEnvelopeFilter sends them. This replaces a global interceptor, which cost each request an
 * rxjs pipeline and an AsyncResource binding for what is one object literal (measured in
 * bench/limit.bench.ts).
 */
export class SuccessEnvelopeFastifyAdapter extends FastifyAdapter {
  override reply(
    response: Parameters<FastifyAdapter['reply']>[0],
    body: unknown,
    statusCode?: number,
  ): ReturnType<FastifyAdapter['reply']> {
    const envelope: SuccessBody<unknown> = { success: true, data: body };
    return super.reply(response, envelope, statusCode);
  }
}
