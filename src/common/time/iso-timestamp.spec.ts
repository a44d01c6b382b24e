import fc from 'fast-check';
import { isoTimestamp, isoTimestampOrNull } from './iso-timestamp';

// Date's whole range: ±8.64e15 ms (years -271821 to 275760).
const LIMIT = 8.64e15;

describe('isoTimestamp', () => {
  it('writes exactly what toISOString writes, across the whole range of Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -LIMIT, max: LIMIT }), (ms) => {
        const date = new Date(ms);
        expect(isoTimestamp(date)).toBe(date.toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes exactly what toISOString writes for instants near each other (the cache in use)', () => {
    const start = Date.parse('2026-12-31T23:58:59.990Z');
    for (let ms = start; ms < start + 3 * 60_000; ms += 31) {
      const date = new Date(ms);
      expect(isoTimestamp(date)).toBe(date.toISOString());
      // A hold's expiry five minutes on, in between: it must not disturb this minute's text.
      const later = new Date(ms + 300_000);
      expect(isoTimestamp(later)).toBe(later.toISOString());
    }
  });

  it.each([
    ['the first instant of a minute', '2026-12-03T21:18:00.000Z'],
    ['the last instant of a minute', '2026-12-03T21:18:59.999Z'],
    ['single-digit seconds and milliseconds', '2026-12-03T21:18:05.007Z'],
    ['the epoch', '1970-01-01T00:00:00.000Z'],
    ['before the epoch', '1969-12-31T23:59:59.999Z'],
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['a negative year', '-000001-12-31T23:59:59.999Z'],
    ['a year past 9999', '+010000-01-01T00:00:00.001Z'],
    ['the last instant a Date holds', '+275760-09-13T00:00:00.000Z'],
  ])('%s', (_name, text) => {
    expect(isoTimestamp(new Date(text))).toBe(text);
  });

  it('throws what toISOString throws for an invalid Date', () => {
    const invalid = new Date(Number.NaN);
    expect(() => invalid.toISOString()).toThrow(RangeError);
    expect(() => isoTimestamp(invalid)).toThrow(RangeError);
  });
});

describe('isoTimestampOrNull', () => {
  it('is null for null and the timestamp for a Date', () => {
    expect(isoTimestampOrNull(null)).toBeNull();
    expect(isoTimestampOrNull(new Date('2026-12-03T21:18:05.007Z'))).toBe(
      '2026-12-03T21:18:05.007Z',
    );
  });
});
