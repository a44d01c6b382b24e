import { ApiProperty } from '@nestjs/swagger';
import { ApiModel } from '../../common/openapi/api-model';
import { PageDto } from '../../common/pagination/page.dto';
import { InventoryItem } from '../inventory-item';
import { isoTimestamp } from '../../common/time/iso-timestamp';

@ApiModel('A catalogue item and its stock counters.')
export class InventoryItemDto {
  /** @example "IPHONE-15-PRO-256" */
  sku!: string;
  /** @example "iPhone 15 Pro 256 GB" */
  name!: string;
  /** @example "Natural titanium, 256 GB" */
  description!: string | null;
  /**
   * Price in integer minor units of `currency` (64-bit: may exceed 2^31).
   * @example 109900
   */
  @ApiProperty({ type: 'integer', format: 'int64' })
  price!: number;
  /** @example "USD" */
  currency!: string;
  /** @example "https://images.example.com/iphone-15-pro.png" */
  imageUrl!: string | null;
  /**
   * Units one user may hold plus have bought of this SKU; null for no limit.
   * @example null
   */
  @ApiProperty({ type: 'integer', nullable: true })
  maxPerCustomer!: number | null;
  /**
   * Units not yet sold: availableQuantity + reservedQuantity.
   * @example 100
   */
  @ApiProperty({ type: 'integer' })
  totalQuantity!: number;
  /**
   * Units free to be reserved.
   * @example 97
   */
  @ApiProperty({ type: 'integer' })
  availableQuantity!: number;
  /**
   * Units held by active reservations.
   * @example 3
   */
  @ApiProperty({ type: 'integer' })
  reservedQuantity!: number;
  /**
   * Units sold through confirmed reservations.
   * @example 12
   */
  @ApiProperty({ type: 'integer' })
  soldQuantity!: number;
  /** @example "2026-11-24T09:00:00.000Z" */
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  /** @example "2026-11-24T09:30:00.000Z" */
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

@ApiModel('One page of the catalogue.')
export class InventoryPageDto extends PageDto(InventoryItemDto) {}

export function toInventoryItemDto(item: InventoryItem): InventoryItemDto {
  return {
    sku: item.sku,
    name: item.name,
    description: item.description,
    price: item.price,
    currency: item.currency,
    imageUrl: item.imageUrl,
    maxPerCustomer: item.maxPerCustomer,
    totalQuantity: item.totalQuantity,
    availableQuantity: item.availableQuantity,
    reservedQuantity: item.reservedQuantity,
    soldQuantity: item.soldQuantity,
    createdAt: isoTimestamp(item.createdAt),
    updatedAt: isoTimestamp(item.updatedAt),
  };
}
