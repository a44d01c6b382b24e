import { NewInventoryItem } from './inventory-item';

/** What the embedded default starts with, so Swagger UI is usable at once. */
export const SAMPLE_INVENTORY: readonly NewInventoryItem[] = [
  {
    sku: 'IPHONE-15-PRO-256',
    name: 'iPhone 15 Pro 256 GB',
    description: 'Natural titanium, 256 GB. The flash-sale item.',
    price: 109_900,
    currency: 'USD',
    imageUrl: 'https://images.example.com/iphone-15-pro.png',
    totalQuantity: 100,
  },
  {
    sku: 'AIRPODS-PRO-2',
    name: 'AirPods Pro (2nd generation)',
    description: 'USB-C charging case.',
    price: 24_900,
    currency: 'USD',
    imageUrl: 'https://images.example.com/airpods-pro-2.png',
    totalQuantity: 250,
  },
  {
    sku: 'PS5-SLIM-DISC',
    name: 'PlayStation 5 Slim (disc edition)',
    description: 'Console with one DualSense controller.',
    price: 49_999,
    currency: 'USD',
    imageUrl: 'https://images.example.com/ps5-slim.png',
    totalQuantity: 40,
  },
  {
    sku: 'SWITCH-OLED-WHITE',
    name: 'Nintendo Switch OLED, white',
    description: null,
    price: 34_999,
    currency: 'USD',
    imageUrl: null,
    totalQuantity: 60,
  },
  {
    sku: 'KINDLE-PW-16GB',
    name: 'Kindle Paperwhite 16 GB',
    description: 'Signature edition, no ads.',
    price: 18_999,
    currency: 'USD',
    imageUrl: 'https://images.example.com/kindle-paperwhite.png',
    totalQuantity: 5,
  },
];

/** A catalogue entry with nothing but a SKU and its stock: for specs, benchmarks and scratch data. */
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
