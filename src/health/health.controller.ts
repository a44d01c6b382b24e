import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { DomainError } from '../common/errors/domain-error';
import { ApiEnvelope, ApiErrors, ApiWithoutStore } from '../common/openapi/api-responses';
import { IN_MEMORY_STORE_WARNING, StoreProbe } from '../store/store-probe';
import { DrainService } from './drain.service';
import { HealthDto, LivenessDto } from './health.dto';

const READY_EXAMPLE = {
  status: 'ok',
  store: { kind: 'in-memory', status: 'up', durable: false, warning: IN_MEMORY_STORE_WARNING },
};

// Probes must never be throttled: a 429 would read as "not ready".
@SkipThrottle()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly store: StoreProbe,
    private readonly drain: DrainService,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness (as /health/ready): the store in use and whether it answers',
    description:
      'The same check as `GET /health/ready`, kept at its first address: 200 while the store answers a ping and ' +
      'the instance is not shutting down; 503 otherwise. `store.durable` is false for the embedded in-process store.',
  })
  @ApiEnvelope(200, HealthDto, { description: 'Ready', example: READY_EXAMPLE })
  @ApiErrors('STORE_UNAVAILABLE', 'SHUTTING_DOWN')
  getHealth(): Promise<HealthDto> {
    return this.ready();
  }

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process answers',
    description:
      'Always 200 while the process can answer HTTP, whatever the store does (restarting the process would not ' +
      'mend a store that is down). For a liveness probe and the Docker HEALTHCHECK.',
  })
  @ApiEnvelope(200, LivenessDto, { description: 'Alive', example: { status: 'ok' } })
  @ApiWithoutStore()
  getLiveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: whether to send this instance traffic',
    description:
      '200 while the store answers a ping; 503 `STORE_UNAVAILABLE` while it does not, and 503 `SHUTTING_DOWN` from ' +
      'the moment the instance received SIGTERM (it still answers the requests it has accepted).',
  })
  @ApiEnvelope(200, HealthDto, { description: 'Ready', example: READY_EXAMPLE })
  @ApiErrors('STORE_UNAVAILABLE', 'SHUTTING_DOWN')
  getReadiness(): Promise<HealthDto> {
    return this.ready();
  }

  private async ready(): Promise<HealthDto> {
    const describe = { kind: this.store.kind, durable: this.store.durable };
    if (this.drain.draining) {
      throw new DomainError('SHUTTING_DOWN');
    }
    try {
      await this.health.check([() => this.pingStore()]);
    } catch {
      throw new DomainError('STORE_UNAVAILABLE', undefined, {
        store: { ...describe, status: 'down' },
      });
    }
    const { warning } = this.store;
    return { status: 'ok', store: { ...describe, status: 'up', ...(warning ? { warning } : {}) } };
  }

  private async pingStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('store');
    try {
      await this.store.ping();
      return indicator.up({ kind: this.store.kind });
    } catch (error) {
      return indicator.down({
        kind: this.store.kind,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
