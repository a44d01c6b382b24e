/** The parts of MongoDB's `hello` reply that say whether the deployment supports transactions. */
interface HelloReply {
  setName?: string;
  msg?: string;
}

/**
 * Every hold transition is a multi-document transaction, which MongoDB runs only on a replica set
 * member or through mongos. Refusing a standalone server at start-up beats a 500 on every reserve.
 */
export function assertSupportsTransactions(hello: HelloReply): void {
  if (hello.setName || hello.msg === 'isdbgrid') return;
  throw new Error(
    'MONGODB_URI points at a standalone mongod, but every hold transition is a transaction, which needs a replica set ' +
      '(a one-member one will do: start mongod with --replSet rs0 and run rs.initiate()) or a sharded cluster.',
  );
}
