import { assertSupportsTransactions } from './topology';

describe('assertSupportsTransactions', () => {
  it('accepts a replica set member and mongos', () => {
    expect(() => assertSupportsTransactions({ setName: 'rs0' })).not.toThrow();
    expect(() => assertSupportsTransactions({ msg: 'isdbgrid' })).not.toThrow();
  });

  it('refuses a standalone mongod with a message saying what to do', () => {
    expect(() => assertSupportsTransactions({})).toThrow(/standalone mongod.*--replSet rs0/);
  });
});
