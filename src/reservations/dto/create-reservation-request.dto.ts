import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  Min,
  ValidateNested,
} from 'class-validator';
import { ApiModel } from '../../common/openapi/api-model';
import { IsSku } from '../../inventory/sku';
import { MAX_LINES_PER_RESERVATION } from '../reservation';
import { IsUserId } from '../user-id';

@ApiModel('One line of a cart to hold: a SKU and how many.')
export class CartLineRequestDto {
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
}

@ApiModel('A whole cart to hold for one shopper: every line, or nothing.')
export class CreateReservationRequestDto {
  /** The shopper. */
  @IsUserId()
  userId!: string;

  /** 1-50 lines, each SKU at most once (compared after upper-casing). */
  @ApiProperty({
    type: [CartLineRequestDto],
    minItems: 1,
    maxItems: MAX_LINES_PER_RESERVATION,
    example: [
      { sku: 'IPHONE-15-PRO-256', quantity: 1 },
      { sku: 'AIRPODS-PRO-2', quantity: 1 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES_PER_RESERVATION)
  @ArrayUnique((line: CartLineRequestDto) => line?.sku, {
    message: 'lines must name each SKU at most once',
  })
  // Each line an object: @ValidateNested alone would also walk into nested arrays ([[line]]).
  @IsObject({ each: true, message: 'each line must be an object with sku and quantity' })
  @ValidateNested({ each: true })
  @Type(() => CartLineRequestDto)
  lines!: CartLineRequestDto[];
}
