/**
 * BASELINE ONLY: Nest's own floor on Fastify. One controller with the benchmarked routes, no
 * pipes, guards, interceptors, filters or hooks, doing the same in-process work as the bare
 * server (`baseline-work.ts`). What the service costs above this is our own pipeline.
 * Started by `limit.bench.ts` as `PORT=<port> node -r ts-node/register/transpile-only <this file>`.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Answer, confirm, createItem, getItem, reserve } from './baseline-work';

function answer(reply: FastifyReply, { status, body }: Answer): unknown {
  reply.status(status);
  return body;
}

@Controller()
class BaselineController {
  @Get('health')
  health() {
    return { success: true, data: { status: 'ok' } };
  }

  @Get('inventory/:sku')
  get(@Param('sku') sku: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, getItem(sku));
  }

  @Post('inventory')
  create(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, createItem(body));
  }

  @Post('inventory/reserve')
  reserve(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, reserve(body));
  }

  @Post('checkout/confirm')
  confirm(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, confirm(body));
  }
}

@Module({ controllers: [BaselineController] })
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    BaselineModule,
    new FastifyAdapter({ bodyLimit: 16 * 1024 }),
    { logger: false },
  );
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
