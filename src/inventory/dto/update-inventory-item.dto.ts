import { ApiProperty } from '@nestjs/swagger';
import {
  IsInt,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ApiModel } from '../../common/openapi/api-model';
import { IsCurrencyCode } from '../currency';

/** Absent: left as it is. (null is refused for a field that may not be empty.) */
const present = (_: object, value: unknown) => value !== undefined;
/** Absent: left as it is; null: cleared. */
const given = (_: object, value: unknown) => value !== undefined && value !== null;

/**
 * The fields PATCH /inventory/:sku may change; at least one. Stock changes only through
 * adjustments, so no counter is here.
 */
@ApiModel('Catalogue fields to change; absent fields stay as they are.')
export class UpdateInventoryItemRequestDto {
  /** @example "iPhone 15 Pro 256 GB (flash sale)" */
  @ValidateIf(present)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /**
   * null clears it.
   * @example "Natural titanium, 256 GB"
   */
  @ApiProperty({ type: 'string', nullable: true, required: false, maxLength: 2000 })
  @ValidateIf(given)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /**
   * Price in integer minor units of `currency` (64-bit: may exceed 2^31).
   * @example 99900
   */
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    required: false,
    minimum: 0,
    maximum: 1_000_000_000_000,
  })
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price?: number;

  /**
   * ISO 4217 currency code, case-insensitive.
   */
  @ValidateIf(present)
  @IsCurrencyCode()
  currency?: string;

  /**
   * null clears it.
   * @example "https://images.example.com/iphone-15-pro.png"
   */
  @ApiProperty({ type: 'string', nullable: true, required: false, maxLength: 2048 })
  @ValidateIf(given)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  imageUrl?: string | null;

  /**
   * Units one user may hold plus have bought of this SKU; null removes the limit. A lower limit
   * applies to later reserves: holds and sales already made stand.
   * @example 2
   */
  @ApiProperty({ type: 'integer', nullable: true, required: false, minimum: 1 })
  @ValidateIf(given)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  maxPerCustomer?: number | null;
}
