import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { QUANTITY_CEILING } from '../../config/app-config';
import { normalizeSku, SKU_INPUT_PATTERN, SKU_PATTERN } from '../../inventory/sku';
import { USER_ID_MESSAGE, USER_ID_PATTERN } from './user-id';

@ApiSchema({ name: 'ReserveRequest', description: 'What to hold, how many, for whom.' })
export class ReserveDto {
  /**
   * SKU to hold, case-insensitive.
   * @example "IPHONE-15-PRO-256"
   */
  @Transform(({ value }: { value: unknown }) => normalizeSku(value))
  @IsString()
  @ApiProperty({ pattern: SKU_INPUT_PATTERN })
  @Matches(SKU_PATTERN, {
    message: 'sku must match ^[A-Z0-9][A-Z0-9._-]{0,63}$ after upper-casing',
  })
  sku!: string;

  /**
   * Units to hold: a whole number from 1 to MAX_RESERVATION_QUANTITY (10,000 unless configured).
   * @example 1
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(QUANTITY_CEILING)
  quantity!: number;

  /**
   * The shopper: 1-128 characters of letters, digits and . _ : @ -
   * @example "user-123"
   */
  @IsString()
  @ApiProperty({ pattern: USER_ID_PATTERN.source })
  @Matches(USER_ID_PATTERN, { message: USER_ID_MESSAGE })
  userId!: string;
}
