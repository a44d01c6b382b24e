import { IdempotencyKeySchema } from './idempotency-key.schema';
import {
  assertIndexes,
  BUILD_INDEXES_COMMAND,
  declaredIndexes,
  IndexSpec,
  indexProblems,
} from './indexes';
import { InventoryItemSchema } from './inventory-item.schema';
import { ReservationSchema } from './reservation.schema';

/** What `listIndexes` returns for an index built from the declaration (plus the `v` noise). */
const asListed = (spec: IndexSpec) => ({ v: 2, ...JSON.parse(JSON.stringify(spec)) }) as IndexSpec;
const declared = declaredIndexes({ schema: ReservationSchema } as never);

describe('index check at start-up', () => {
  it('reads every declared index, each with a name, from the schemas', () => {
    expect(declared.map((i) => i.name).sort()).toEqual([
      'active_holds_by_expiry',
      'one_active_hold_per_user_and_line_sku',
      'purge_settled_reservations',
      'reservation_id_unique',
    ]);
    for (const schema of [InventoryItemSchema, IdempotencyKeySchema]) {
      expect(declaredIndexes({ schema } as never).length).toBeGreaterThan(0);
    }
  });

  it('finds nothing wrong when every declared index exists as declared (extras left alone)', () => {
    const found = [{ v: 2, name: '_id_', key: { _id: 1 } }, ...declared.map(asListed)];
    expect(indexProblems('reservations', declared, found)).toEqual([]);
  });

  it('names a missing index', () => {
    const found = declared
      .filter((i) => i.name !== 'one_active_hold_per_user_and_line_sku')
      .map(asListed);
    expect(indexProblems('reservations', declared, found)).toEqual([
      'reservations: index one_active_hold_per_user_and_line_sku is missing',
    ]);
  });

  it.each<[string, (spec: IndexSpec) => IndexSpec]>([
    ['no longer unique', (spec) => ({ ...spec, unique: undefined })],
    ['keys in another order', (spec) => ({ ...spec, key: { 'lines.sku': 1, userId: 1 } })],
    ['another partial filter', (spec) => ({ ...spec, partialFilterExpression: { status: 'x' } })],
    ['a TTL added', (spec) => ({ ...spec, expireAfterSeconds: 60 })],
  ])('names an index that exists with another definition: %s', (_, change) => {
    const found = declared.map((spec) =>
      spec.name === 'one_active_hold_per_user_and_line_sku'
        ? asListed(change(spec))
        : asListed(spec),
    );
    expect(indexProblems('reservations', declared, found)).toEqual([
      expect.stringMatching(
        /^reservations: index one_active_hold_per_user_and_line_sku is .*, expected /,
      ),
    ]);
  });

  it('refuses to start naming the command that mends it, and passes when nothing is wrong', () => {
    expect(() => assertIndexes([])).not.toThrow();
    expect(() => assertIndexes(['reservations: index x is missing'])).toThrow(
      new RegExp(`run \`${BUILD_INDEXES_COMMAND}\`[\\s\\S]*reservations: index x is missing`),
    );
    expect(BUILD_INDEXES_COMMAND).toBe('npm run db:indexes');
  });

  it('the TTL on reservations is the purge index, never expiresAt', () => {
    const ttl = declared.filter((i) => i.expireAfterSeconds !== undefined);
    expect(ttl.map((i) => i.key)).toEqual([{ purgeAfter: 1 }]);
  });
});
