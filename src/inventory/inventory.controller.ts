import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/http/admin-api-key.guard';
import { ApiEnvelope, ApiErrors, ApiJsonBody } from '../common/openapi/api-responses';
import { ApiIdempotencyKey, IdempotencyKey } from '../idempotency/api-idempotency-key.decorator';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { AdjustStockRequestDto } from './dto/adjust-stock.dto';
import { CreateInventoryItemRequestDto } from './dto/create-inventory-item.dto';
import { InventoryItemDto, InventoryPageDto, toInventoryItemDto } from './dto/inventory-item.dto';
import { ITEM_EXAMPLE, PAGE_EXAMPLE } from './dto/inventory.examples';
import { UpdateInventoryItemRequestDto } from './dto/update-inventory-item.dto';
import { InventoryService } from './inventory.service';
import { ParseSkuPipe, SKU_INPUT_PATTERN } from './sku';

const SKU_PARAM = {
  name: 'sku',
  description: 'SKU, case-insensitive',
  schema: { type: 'string', pattern: SKU_INPUT_PATTERN, example: 'IPHONE-15-PRO-256' },
} as const;

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get()
  @ApiOperation({
    summary: 'List inventory items, ordered by SKU (cursor-paginated)',
    description:
      'Up to `limit` items after `cursor`. Pass the returned `nextCursor` as `cursor` for the next page; ' +
      'it is null on the last page.',
  })
  @ApiEnvelope(200, InventoryPageDto, { description: 'One page of items', example: PAGE_EXAMPLE })
  @ApiErrors('VALIDATION_FAILED')
  async listInventory(@Query() query: PageQueryDto): Promise<InventoryPageDto> {
    const page = await this.inventory.list(query.limit, query.cursor);
    return { items: page.items.map(toInventoryItemDto), nextCursor: page.nextCursor };
  }

  @Get(':sku')
  @ApiOperation({
    summary: 'Get one inventory item with its available and reserved units',
    description:
      '`availableQuantity` is what can be reserved now; `reservedQuantity` is held by active reservations ' +
      'and `soldQuantity` by confirmed ones.',
  })
  @ApiParam(SKU_PARAM)
  @ApiEnvelope(200, InventoryItemDto, { description: 'The item', example: ITEM_EXAMPLE })
  @ApiErrors('VALIDATION_FAILED', 'SKU_NOT_FOUND')
  async getInventoryItem(@Param('sku', ParseSkuPipe) sku: string): Promise<InventoryItemDto> {
    return toInventoryItemDto(await this.inventory.get(sku));
  }

  @Post()
  @ApiIdempotencyKey()
  @AdminOnly()
  @ApiOperation({
    summary: 'Add a new SKU to the catalogue (admin)',
    description:
      'All of `totalQuantity` starts available. The SKU is upper-cased and must not exist yet (409). ' +
      'Needs the `x-api-key` header.',
  })
  @ApiEnvelope(201, InventoryItemDto, {
    description: 'The item, all of its stock available',
    example: ITEM_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors('SKU_ALREADY_EXISTS')
  async createInventoryItem(
    @Body() body: CreateInventoryItemRequestDto,
  ): Promise<InventoryItemDto> {
    const item = await this.inventory.create({
      ...body,
      description: body.description ?? null,
      imageUrl: body.imageUrl ?? null,
      maxPerCustomer: body.maxPerCustomer ?? null,
    });
    return toInventoryItemDto(item);
  }

  @Post(':sku/adjustments')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    summary: 'Add or remove available stock (admin)',
    description:
      'One atomic conditional update: a removal larger than the available units is refused with 409 and changes nothing.',
  })
  @ApiParam(SKU_PARAM)
  @ApiEnvelope(200, InventoryItemDto, {
    description: 'The item after the adjustment',
    example: ITEM_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors('SKU_NOT_FOUND', 'INSUFFICIENT_STOCK')
  async adjustStock(
    @Param('sku', ParseSkuPipe) sku: string,
    @Body() body: AdjustStockRequestDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<InventoryItemDto> {
    return toInventoryItemDto(
      await this.inventory.adjustStock(sku, body.delta, body.reason, idempotencyKey),
    );
  }

  @Patch(':sku')
  @AdminOnly()
  @ApiOperation({
    summary:
      'Change catalogue fields of an item: name, description, price, currency, imageUrl, maxPerCustomer (admin)',
    description:
      'Absent fields stay as they are; `description`, `imageUrl` and `maxPerCustomer` may be set to null to clear ' +
      'them. Stock changes only through adjustments. A lower `maxPerCustomer` applies to later reserves; holds and ' +
      'sales already made stand. Needs the `x-api-key` header.',
  })
  @ApiParam(SKU_PARAM)
  @ApiEnvelope(200, InventoryItemDto, {
    description: 'The item after the change',
    example: ITEM_EXAMPLE,
  })
  @ApiJsonBody()
  // A write whose acknowledgement may be lost (PATCH takes no Idempotency-Key; it is repeatable).
  @ApiErrors('SKU_NOT_FOUND', 'STORE_OUTCOME_UNKNOWN')
  async updateInventoryItem(
    @Param('sku', ParseSkuPipe) sku: string,
    @Body() body: UpdateInventoryItemRequestDto,
  ): Promise<InventoryItemDto> {
    return toInventoryItemDto(await this.inventory.update(sku, body));
  }
}
