import { newInventoryItem } from '../inventory-item';
import { SAMPLE_INVENTORY } from '../sample-data';
import { InventoryItemDto, InventoryPageDto, toInventoryItemDto } from './inventory-item.dto';

const at = new Date('2026-11-24T09:00:00.000Z');

/** OpenAPI examples, built from the sample catalogue so they always match the real shape. */
export const ITEM_EXAMPLE: InventoryItemDto = toInventoryItemDto(
  newInventoryItem(SAMPLE_INVENTORY[0], at),
);

export const PAGE_EXAMPLE: InventoryPageDto = {
  items: SAMPLE_INVENTORY.slice(0, 2).map((item) => toInventoryItemDto(newInventoryItem(item, at))),
  nextCursor: 'QUlSUE9EUy1QUk8tMg',
};
