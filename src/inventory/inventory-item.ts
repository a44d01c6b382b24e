/** A stock-keeping unit and its counters. Invariant: total = available + reserved, all >= 0. */
export interface InventoryItem {
  sku: string;
  name: string;
  description: string | null;
  /** Price in integer minor units (cents) of `currency`. */
  price: number;
  currency: string;
  imageUrl: string | null;
  /** Units in the warehouse that are not yet sold: available + reserved. */
  totalQuantity: number;
  /** Units free to be held. */
  availableQuantity: number;
  /** Units held by active reservations. */
  reservedQuantity: number;
  /** Units sold through confirmed reservations (they have left totalQuantity). */
  soldQuantity: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewInventoryItem = Pick<
  InventoryItem,
  'sku' | 'name' | 'description' | 'price' | 'currency' | 'imageUrl' | 'totalQuantity'
>;

/** The item a new SKU starts as: all of its stock available, none held or sold. */
export function newInventoryItem(item: NewInventoryItem, now: Date): InventoryItem {
  return {
    ...item,
    availableQuantity: item.totalQuantity,
    reservedQuantity: 0,
    soldQuantity: 0,
    createdAt: now,
    updatedAt: now,
  };
}
