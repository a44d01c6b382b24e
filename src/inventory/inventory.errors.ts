import { DomainError } from '../common/errors/domain-error';
import type { ShortLine } from '../reservations/reservation';

export class SkuNotFoundError extends DomainError {
  constructor(sku: string) {
    super('SKU_NOT_FOUND', `No inventory item has SKU ${sku}.`, { sku });
  }
}

export class SkuAlreadyExistsError extends DomainError {
  constructor(sku: string) {
    super('SKU_ALREADY_EXISTS', `An inventory item with SKU ${sku} already exists.`, { sku });
  }
}

export class InsufficientStockError extends DomainError {
  constructor(sku: string, availableQuantity: number, requestedQuantity: number) {
    super(
      'INSUFFICIENT_STOCK',
      `Only ${availableQuantity} of ${sku} available; ${requestedQuantity} requested.`,
      { sku, availableQuantity, requestedQuantity },
    );
  }
}

/** Some SKUs of a cart are unknown: all of them are named (the first also as `sku`, as for one SKU). */
export class SkusNotFoundError extends DomainError {
  constructor(skus: string[]) {
    super('SKU_NOT_FOUND', `No inventory item has SKU ${skus.join(', ')}.`, { sku: skus[0], skus });
  }
}

/**
 * Some lines of a cart are short: every short line, with what was available to it; the first one
 * also at the top level of `details`, the shape a one-SKU reserve answers with.
 */
export class CartInsufficientStockError extends DomainError {
  constructor(lines: ShortLine[]) {
    super(
      'INSUFFICIENT_STOCK',
      `Not enough stock for ${lines.map((l) => `${l.sku} (${l.availableQuantity} of ${l.requestedQuantity})`).join(', ')}.`,
      { ...lines[0], lines },
    );
  }
}
