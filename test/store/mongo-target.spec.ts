import { assertTestDatabase, databaseNameOf, findMongoTarget } from './mongo-target';

describe('the MongoDB test leg never touches a database not meant for tests', () => {
  it('reads the database name from single-host, replica-set and SRV URIs', () => {
    expect(databaseNameOf('mongodb://127.0.0.1:27017/inventory_test?replicaSet=rs0')).toBe(
      'inventory_test',
    );
    expect(databaseNameOf('mongodb://u:p@a:1,b:2,c:3/shop-test')).toBe('shop-test');
    expect(databaseNameOf('mongodb+srv://cluster0.example.net/prod?retryWrites=true')).toBe('prod');
    expect(databaseNameOf('mongodb://127.0.0.1:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBeUndefined();
  });

  it('refuses a database whose name does not contain "test"', () => {
    expect(() =>
      assertTestDatabase('mongodb://db.internal:27017/inventory?replicaSet=rs0'),
    ).toThrow(/database "inventory", whose name does not contain "test"/);
    expect(() => assertTestDatabase('mongodb+srv://cluster0.example.net/shop')).toThrow(
      /does not contain "test"/,
    );
  });

  it('refuses a URI naming no database (the driver would fall back to one called "test")', () => {
    expect(() => assertTestDatabase('mongodb://127.0.0.1:27017/?replicaSet=rs0')).toThrow(
      /names no database/,
    );
  });

  it('accepts a test database, whatever the case', () => {
    expect(assertTestDatabase('mongodb://127.0.0.1:27017/inventory_TEST?replicaSet=rs0')).toBe(
      'inventory_TEST',
    );
  });

  it('reads MONGODB_TEST_URI only: MONGODB_URI, the service setting, is ignored', () => {
    const production = 'mongodb://db.internal:27017/inventory?replicaSet=rs0';
    expect(findMongoTarget({ MONGODB_URI: production, PATH: '' })).not.toMatchObject({
      kind: 'uri',
    });
    expect(() => findMongoTarget({ MONGODB_TEST_URI: production })).toThrow(/does not contain/);
    const test = 'mongodb://127.0.0.1:27017/inventory_test?replicaSet=rs0';
    expect(findMongoTarget({ MONGODB_TEST_URI: test, MONGODB_URI: production })).toEqual({
      kind: 'uri',
      uri: test,
    });
  });
});
