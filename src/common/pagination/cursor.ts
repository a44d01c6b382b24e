import { ValidationFailedError } from '../errors/domain-error';

/*
 * Keyset pagination: a cursor is the sort key of the last item of a page, base64url-encoded so
 * clients treat it as opaque. The next page is "items whose key sorts after it".
 */

export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const CURSOR_MESSAGE = 'cursor is not one this API issued';

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** Keys are printable ASCII (SKUs are); a cursor carrying anything else was not issued here. */
const KEY = /^[\x20-\x7e]+$/;

/**
 * The key a cursor carries; a cursor this API cannot have issued (one that decodes to nothing,
 * to anything but a printable key, or is not the encoding of its own key) is a 400.
 */
export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!KEY.test(key) || encodeCursor(key) !== cursor) {
    throw new ValidationFailedError([{ field: 'cursor', problems: [CURSOR_MESSAGE] }]);
  }
  return key;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Turns `limit + 1` rows (the store is asked for one more than a page) into a page: the extra
 * row only says that another page follows, without a second query.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
