import { newInventoryItem } from '../inventory-item';
import { encodeCursor } from '../../common/pagination/cursor';
import { SAMPLE_INVENTORY } from '../sample-data';
import { bySku } from '../sku';
import { InventoryItemDto, InventoryPageDto, toInventoryItemDto } from './inventory-item.dto';

const at = new Date('2026-11-24T09:00:00.000Z');

/** OpenAPI examples, built from the sample catalogue so they always match the real shape. */
export const ITEM_EXAMPLE: InventoryItemDto = toInventoryItemDto(
  newInventoryItem(SAMPLE_INVENTORY[0], at),
);

/** The first page of two, as the API lists the sample catalogue: in SKU order, with its cursor. */
const firstTwo = [...SAMPLE_INVENTORY].sort(bySku).slice(0, 2);
export const PAGE_EXAMPLE: InventoryPageDto = {
  items: firstTwo.map((item) => toInventoryItemDto(newInventoryItem(item, at))),
  nextCursor: encodeCursor(firstTwo[1].sku),
};
