import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { normalizeSku } from './sku';

/** A currency after upper-casing: three letters (an ISO 4217 code). */
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/**
 * A `currency` body field: trimmed and upper-cased as a SKU is (so `usd` is `USD`), then checked
 * against CURRENCY_PATTERN (validated and documented, with the pattern a client may send).
 */
export function IsCurrencyCode(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => normalizeSku(value)),
    IsString(),
    Matches(CURRENCY_PATTERN, { message: 'currency must be a three-letter ISO 4217 code' }),
    ApiProperty({ pattern: CURRENCY_PATTERN.source.replaceAll('A-Z', 'A-Za-z'), example: 'USD' }),
  );
}
