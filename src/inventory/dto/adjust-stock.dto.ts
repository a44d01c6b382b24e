import { ApiProperty } from '@nestjs/swagger';
import { ApiModel } from '../../common/openapi/api-model';
import { IsInt, IsString, Max, MaxLength, Min, MinLength, NotEquals } from 'class-validator';

@ApiModel('Units to add or remove, and why.')
export class AdjustStockRequestDto {
  /**
   * Units to add (positive) or remove (negative). A removal may not exceed the available units.
   * @example 25
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @NotEquals(0)
  // A plain literal: the swagger plugin silently drops the whole property for `-1_000_000_000`.
  @Min(-1000000000)
  @Max(1_000_000_000)
  delta!: number;

  /**
   * Why the stock changed, for the audit log.
   * @example "Delivery from supplier, PO-4711"
   */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}
