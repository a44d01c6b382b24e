/** A stock-keeping unit and its counters. Invariant: total = available + reserved, all >= 0. */
export interface InventoryItem {
  sku: string;
  name: string;
  description: string | null;
  /** Price in integer minor units (cents) of `currency`. */
  price: number;
  currency: string;
  imageUrl: string | null;
  /** Units one user may hold plus have bought of this SKU; null for no limit. */
  maxPerCustomer: number | null;
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
> & { maxPerCustomer?: number | null };

/** The fields PATCH /inventory/:sku may change; stock changes only through adjustments. */
export const CATALOGUE_FIELDS = [
  'name',
  'description',
  'price',
  'currency',
  'imageUrl',
  'maxPerCustomer',
] as const;

/** What PATCH /inventory/:sku may change; stock changes only through adjustments. */
export type InventoryItemChanges = Partial<Pick<InventoryItem, (typeof CATALOGUE_FIELDS)[number]>>;

/**
 * The catalogue fields `changes` gives (absent or undefined ones left out), and nothing else:
 * whatever else an object carries, no adapter writes a stock counter from it.
 */
export function catalogueChanges(changes: InventoryItemChanges): InventoryItemChanges {
  const given: Record<string, unknown> = {};
  for (const field of CATALOGUE_FIELDS) {
    if (changes[field] !== undefined) given[field] = changes[field];
  }
  return given;
}

/** The item a new SKU starts as: all of its stock available, none held or sold. */
export function newInventoryItem(item: NewInventoryItem, now: Date): InventoryItem {
  return {
    ...item,
    maxPerCustomer: item.maxPerCustomer ?? null,
    availableQuantity: item.totalQuantity,
    reservedQuantity: 0,
    soldQuantity: 0,
    createdAt: now,
    updatedAt: now,
  };
}
