import { assertSupportedDeployment, DeploymentDescription, MIN_WIRE_VERSION } from './topology';

function deployment(type: string, ...servers: [string, number][]): DeploymentDescription {
  return {
    type,
    servers: new Map(
      servers.map(([serverType, maxWireVersion], i) => [
        `h${i}:27017`,
        { type: serverType, maxWireVersion },
      ]),
    ),
  };
}

describe('assertSupportedDeployment (from the driver topology description)', () => {
  it('accepts a replica set with a primary, mongos, and a direct connection to a member', () => {
    expect(() =>
      assertSupportedDeployment(
        deployment('ReplicaSetWithPrimary', ['RSPrimary', 21], ['RSSecondary', 21]),
      ),
    ).not.toThrow();
    expect(() => assertSupportedDeployment(deployment('Sharded', ['Mongos', 25]))).not.toThrow();
    expect(() => assertSupportedDeployment(deployment('Single', ['RSPrimary', 17]))).not.toThrow();
  });

  it('refuses a standalone mongod with a message saying what to do', () => {
    expect(() => assertSupportedDeployment(deployment('Single', ['Standalone', 21]))).toThrow(
      /standalone mongod.*--replSet rs0/,
    );
  });

  it('refuses a server older than 6.0, naming the minimum', () => {
    expect(() =>
      assertSupportedDeployment(deployment('ReplicaSetWithPrimary', ['RSPrimary', 13])),
    ).toThrow(/needs MongoDB 6\.0 or later.*wire version 13 \(MongoDB 5\.0/);
    // One old member is enough: an election could make it the primary.
    expect(() =>
      assertSupportedDeployment(
        deployment(
          'ReplicaSetWithPrimary',
          ['RSPrimary', 21],
          ['RSSecondary', MIN_WIRE_VERSION - 1],
        ),
      ),
    ).toThrow(/6\.0 or later/);
  });

  it('refuses when no server answered at all', () => {
    expect(() => assertSupportedDeployment(deployment('Unknown', ['Unknown', 0]))).toThrow(
      /no MongoDB server answered/,
    );
  });
});
