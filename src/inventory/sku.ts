import { applyDecorators, Injectable, PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { ValidationFailedError } from '../common/errors/domain-error';

/** A SKU after upper-casing: 1-64 characters, starting with a letter or digit. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

/** What a client may send for a code checked after upper-casing (any case), as an OpenAPI `pattern`. */
function anyCase(pattern: RegExp): string {
  return pattern.source.replaceAll('A-Z', 'A-Za-z');
}

/** What a client may send for a SKU (any case), as an OpenAPI `pattern`. */
export const SKU_INPUT_PATTERN = anyCase(SKU_PATTERN);

const SKU_MESSAGE = 'sku must match ^[A-Z0-9][A-Z0-9._-]{0,63}$ after upper-casing';

/** Orders records by SKU (the order items are listed in, and locked in by every store adapter). */
export const bySku = (a: { sku: string }, b: { sku: string }) =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;

export function normalizeSku(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

/**
 * A code body field (a SKU, a currency): trimmed and upper-cased, then checked against `pattern`;
 * validated and documented together, with the pattern a client may send.
 */
export function IsUpperCasedCode(
  pattern: RegExp,
  message: string,
  example: string,
): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => normalizeSku(value)),
    IsString(),
    Matches(pattern, { message }),
    ApiProperty({ pattern: anyCase(pattern), example }),
  );
}

/** A `sku` body field: upper-cased, then checked against SKU_PATTERN (validated and documented). */
export function IsSku(): PropertyDecorator {
  return IsUpperCasedCode(SKU_PATTERN, SKU_MESSAGE, 'IPHONE-15-PRO-256');
}

/** Normalises and checks a `:sku` path parameter (so `iphone-15-pro` finds `IPHONE-15-PRO`). */
@Injectable()
export class ParseSkuPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const sku = normalizeSku(value);
    if (typeof sku !== 'string' || !SKU_PATTERN.test(sku)) {
      throw new ValidationFailedError([{ field: 'sku', problems: [SKU_MESSAGE] }]);
    }
    return sku;
  }
}
