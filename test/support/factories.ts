import { CreateInventoryItemRequestDto } from '../../src/inventory/dto/create-inventory-item.dto';
import { NewInventoryItem } from '../../src/inventory/inventory-item';

let counter = 0;

/** A valid POST /inventory body; override what the test is about. */
export function itemBody(
  overrides: Partial<CreateInventoryItemRequestDto> = {},
): CreateInventoryItemRequestDto {
  counter += 1;
  return {
    sku: `TEST-SKU-${counter}`,
    name: `Test item ${counter}`,
    description: 'A thing for tests',
    price: 1999,
    currency: 'EUR',
    imageUrl: 'https://images.example.com/test.png',
    totalQuantity: 10,
    ...overrides,
  };
}

/** A new catalogue item as the store port takes it: just a SKU and its stock. */
export function stockedItem(sku: string, totalQuantity: number): NewInventoryItem {
  return {
    sku,
    name: sku,
    description: null,
    price: 100,
    currency: 'EUR',
    imageUrl: null,
    totalQuantity,
  };
}
