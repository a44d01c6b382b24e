import { excerpt } from '../errors/error-response';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-body';

describe('exceedsJsonDepth', () => {
  const deep = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

  it('allows exactly MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(exceedsJsonDepth(deep(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(exceedsJsonDepth(deep(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('counts objects and arrays alike, and depth goes down again when they close', () => {
    const cart = JSON.stringify({
      userId: 'u',
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ],
    });
    expect(exceedsJsonDepth(Buffer.from(cart), 3)).toBe(false);
    expect(exceedsJsonDepth(Buffer.from(cart), 2)).toBe(true);
    expect(exceedsJsonDepth(Buffer.from('[[1],[2],[3],[4]]'), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const body = JSON.stringify({ sku: '[[[[{{{{', note: 'a \\" [[[[ "quoted" {{{{' });
    expect(exceedsJsonDepth(Buffer.from(body), 1)).toBe(false);
  });
});

describe('excerpt', () => {
  it('keeps short printable text as it is', () => {
    expect(excerpt('property foo should not exist')).toBe('property foo should not exist');
  });

  it('clips long text and escapes control and non-ASCII characters', () => {
    expect(excerpt('A'.repeat(500))).toBe(`${'A'.repeat(80)}…`);
    expect(excerpt('a\u0000b\u001b[31m\u202ec')).toBe('a\\u0000b\\u001b[31m\\u202ec');
    expect(excerpt('x'.repeat(10), 4)).toBe('xxxx…');
  });
});
