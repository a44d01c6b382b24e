import { CreateInventoryItemRequestDto } from '../../src/inventory/dto/create-inventory-item.dto';

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

export { stockedItem } from '../../src/inventory/sample-data';
