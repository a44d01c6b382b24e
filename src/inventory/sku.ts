import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors/domain-error';

/** A SKU after upper-casing: 1-64 characters, starting with a letter or digit. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

/** What a client may send for a SKU (any case), as an OpenAPI `pattern`. */
export const SKU_INPUT_PATTERN = SKU_PATTERN.source.replaceAll('A-Z', 'A-Za-z');

export function normalizeSku(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

/** Normalises and checks a `:sku` path parameter (so `iphone-15-pro` finds `IPHONE-15-PRO`). */
@Injectable()
export class ParseSkuPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const sku = normalizeSku(value);
    if (typeof sku !== 'string' || !SKU_PATTERN.test(sku)) {
      throw new ValidationFailedError([
        {
          field: 'sku',
          problems: ['sku must match ^[A-Z0-9][A-Z0-9._-]{0,63}$ after upper-casing'],
        },
      ]);
    }
    return sku;
  }
}
