import { ApiProperty } from '@nestjs/swagger';
import { ApiModel } from '../common/openapi/api-model';

// In a `.dto.ts` file so the swagger CLI plugin documents the commented fields too.

@ApiModel('The store in use and whether it answers.')
export class StoreHealthDto {
  @ApiProperty({ enum: ['in-memory', 'mongodb'], example: 'in-memory' })
  kind!: string;
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: string;
  /** False for the embedded store: it keeps nothing across restarts. @example false */
  durable!: boolean;
  /**
   * Present only for the embedded store.
   * @example "Embedded in-process store: nothing is kept across restarts and it cannot be shared by two instances. Set MONGODB_URI for production."
   */
  warning?: string;
}

@ApiModel('Whether the service is ready.')
export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: string;
  /** The store in use and whether it answers. */
  store!: StoreHealthDto;
}

@ApiModel('The process answers.')
export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: string;
}
