import { DomainError } from '../common/errors/domain-error';

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
