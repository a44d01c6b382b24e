import { ApiProperty } from '@nestjs/swagger';
import { ApiModel } from '../../common/openapi/api-model';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsCurrencyCode } from '../currency';
import { IsSku } from '../sku';

@ApiModel('A new SKU for the catalogue.')
export class CreateInventoryItemRequestDto {
  /** Stock-keeping unit, unique. Upper-cased before it is checked and stored. */
  @IsSku()
  sku!: string;

  /** @example "iPhone 15 Pro 256 GB" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /**
   * Absent or null: none.
   * @example "Natural titanium, 256 GB"
   */
  @ApiProperty({ type: 'string', nullable: true, required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /**
   * Price in integer minor units of `currency` (cents for USD; 64-bit: may exceed 2^31).
   * @example 109900
   */
  @ApiProperty({ type: 'integer', format: 'int64' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  price!: number;

  /**
   * ISO 4217 currency code, case-insensitive.
   */
  @IsCurrencyCode()
  currency!: string;

  /**
   * Absent or null: none.
   * @example "https://images.example.com/iphone-15-pro.png"
   */
  @ApiProperty({ type: 'string', nullable: true, required: false, maxLength: 2048 })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  imageUrl?: string | null;

  /**
   * Units received into stock; all of them start available.
   * @example 100
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  totalQuantity!: number;

  /**
   * Units one user may hold plus have bought of this SKU (e.g. 2 in a flash sale); null or
   * absent for no limit.
   * @example 2
   */
  @ApiProperty({ type: 'integer', nullable: true, required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  maxPerCustomer?: number | null;
}
