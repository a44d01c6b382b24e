import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { DomainError } from '../common/errors/domain-error';
import { ApiEnvelope, ApiErrors } from '../common/openapi/api-responses';
import { IN_MEMORY_STORE_WARNING, StoreProbe } from '../store/store-probe';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly store: StoreProbe,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness and readiness: the store in use and whether it answers',
    description:
      '200 while the store answers a ping, 503 `STORE_UNAVAILABLE` while it does not. ' +
      '`store.durable` is false for the embedded in-process store.',
  })
  @ApiEnvelope(200, HealthDto, {
    description: 'Ready',
    example: {
      status: 'ok',
      store: { kind: 'in-memory', status: 'up', durable: false, warning: IN_MEMORY_STORE_WARNING },
    },
  })
  @ApiErrors('STORE_UNAVAILABLE')
  async getHealth(): Promise<HealthDto> {
    const describe = { kind: this.store.kind, durable: this.store.durable };
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
