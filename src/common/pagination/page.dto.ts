import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * The response body of a cursor-paginated list of `item`. Extend it once per item type and
 * publish the subclass with `@ApiModel` (e.g. `InventoryPageDto extends PageDto(InventoryItemDto)`).
 */
export function PageDto<T>(item: Type<T>) {
  abstract class Page {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last page.',
      example: 'SVBIT05FLTE1LVBSTy0yNTY',
    })
    nextCursor!: string | null;
  }
  return Page;
}
