import fc from 'fast-check';
import { ExpiryIndex } from './expiry-index';

/** What `due` must answer, from a plain map: the ids at or before `now`, earliest first. */
function expectedDue(model: Map<string, number>, now: number, limit: number): number[] {
  return [...model.values()]
    .filter((at) => at <= now)
    .sort((a, b) => a - b)
    .slice(0, limit);
}

describe('ExpiryIndex', () => {
  let sut: ExpiryIndex;
  beforeEach(() => {
    sut = new ExpiryIndex();
  });

  it('answers the ids due at or before now, earliest first, at most limit', () => {
    sut.set('c', 30);
    sut.set('a', 10);
    sut.set('d', 40);
    sut.set('b', 20);
    expect(sut.due(9, 10)).toEqual([]);
    expect(sut.due(10, 10)).toEqual(['a']); // due at the instant itself
    expect(sut.due(35, 10)).toEqual(['a', 'b', 'c']);
    expect(sut.due(100, 2)).toEqual(['a', 'b']);
    expect(sut.due(100, 0)).toEqual([]);
  });

  it('only reads: asking twice gives the same answer and keeps every id', () => {
    for (let i = 0; i < 100; i += 1) sut.set(`h${i}`, 1000 - i);
    const first = sut.due(950, 20);
    expect(sut.due(950, 20)).toEqual(first);
    expect(sut.size).toBe(100);
  });

  it('moves an id when set again, and keeps one entry for it', () => {
    sut.set('a', 10);
    sut.set('b', 20);
    sut.set('a', 30); // extended past b
    expect(sut.due(25, 10)).toEqual(['b']);
    expect(sut.due(30, 10)).toEqual(['b', 'a']);
    sut.set('a', 5); // and earlier again
    expect(sut.due(30, 10)).toEqual(['a', 'b']);
    expect(sut.size).toBe(2);
  });

  it('forgets a deleted id, and says whether it had one', () => {
    sut.set('a', 10);
    sut.set('b', 20);
    expect(sut.delete('a')).toBe(true);
    expect(sut.delete('a')).toBe(false);
    expect(sut.has('a')).toBe(false);
    expect(sut.due(100, 10)).toEqual(['b']);
    expect(sut.delete('b')).toBe(true);
    expect(sut.size).toBe(0);
    expect(sut.due(100, 10)).toEqual([]);
  });

  it('agrees with a plain map under any sequence of set, delete and due', () => {
    const id = fc.integer({ min: 0, max: 30 }).map((n) => `id${n}`);
    const time = fc.integer({ min: 0, max: 50 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id, at: time }),
      fc.record({ kind: fc.constant('delete' as const), id }),
      fc.record({
        kind: fc.constant('due' as const),
        now: time,
        limit: fc.integer({ min: 0, max: 40 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new ExpiryIndex();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            index.set(o.id, o.at);
            model.set(o.id, o.at);
          } else if (o.kind === 'delete') {
            expect(index.delete(o.id)).toBe(model.delete(o.id));
          } else {
            const due = index.due(o.now, o.limit);
            // Ties may come in any order: compare the times, and that each id is really due.
            expect(due.map((d) => model.get(d))).toEqual(expectedDue(model, o.now, o.limit));
            expect(new Set(due).size).toBe(due.length);
          }
          expect(index.size).toBe(model.size);
        }
      }),
      { numRuns: 300 },
    );
  });
});
