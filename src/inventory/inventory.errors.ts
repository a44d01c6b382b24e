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

/** Some SKUs of a cart are unknown: all of them are named. */
export class SkusNotFoundError extends DomainError {
  constructor(skus: string[]) {
    super('SKU_NOT_FOUND', `No inventory item has SKU ${skus.join(', ')}.`, { skus });
  }
}

/** Some lines of a cart are short: every short line, with what was available to it. */
export class CartInsufficientStockError extends DomainError {
  constructor(lines: ShortLine[]) {
    super(
      'INSUFFICIENT_STOCK',
      `Not enough stock for ${lines.map((l) => `${l.sku} (${l.availableQuantity} of ${l.requestedQuantity})`).join(', ')}.`,
      { lines },
    );
  }
}
