import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { ApiModel } from '../../common/openapi/api-model';
import { IsSku } from '../../inventory/sku';
import { IsUserId } from '../user-id';

@ApiModel('What to hold, how many, for whom.')
export class ReserveRequestDto {
  /** SKU to hold, case-insensitive. */
  @IsSku()
  sku!: string;

  /**
   * Units to hold: a whole number from 1 to MAX_RESERVATION_QUANTITY (10,000 unless configured;
   * the maximum this server accepts is published here as `maximum`).
   * @example 1
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  quantity!: number;

  /** The shopper. */
  @IsUserId()
  userId!: string;
}
