import { IsUpperCasedCode } from './sku';

/** A currency after upper-casing: three letters (an ISO 4217 code). */
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** A `currency` body field: trimmed and upper-cased as a SKU is (so `usd` is `USD`), then checked. */
export function IsCurrencyCode(): PropertyDecorator {
  return IsUpperCasedCode(CURRENCY_PATTERN, 'currency must be a three-letter ISO 4217 code', 'USD');
}
