/** The parts of the driver's topology description that decide whether we can run on it. */
export interface DeploymentDescription {
  /** TopologyType: 'Single', 'ReplicaSetWithPrimary', 'ReplicaSetNoPrimary', 'Sharded', ... */
  type: string;
  servers: ReadonlyMap<string, { type: string; maxWireVersion: number }>;
}

/** MongoDB 6.0 speaks wire version 17; 7.0 speaks 21, 8.0 speaks 25. */
export const MIN_SERVER_VERSION = '6.0';
export const MIN_WIRE_VERSION = 17;

/** Server types that run multi-document transactions (a replica set member or mongos). */
const TRANSACTIONAL_SERVER_TYPES = new Set(['RSPrimary', 'RSSecondary', 'Mongos']);

const WIRE_VERSIONS: [number, string][] = [
  [25, '8.0'],
  [21, '7.0'],
  [17, '6.0'],
  [13, '5.0'],
  [9, '4.4'],
  [8, '4.2'],
  [7, '4.0'],
];

function versionOf(wireVersion: number): string {
  const found = WIRE_VERSIONS.find(([wire]) => wireVersion >= wire);
  return found ? `MongoDB ${found[1]} or a release close to it` : 'MongoDB older than 4.0';
}

/**
 * Refuses, at start-up and with what to do, a deployment every hold transition would fail on:
 * a standalone mongod (no transactions) or a server older than MIN_SERVER_VERSION. Read from the
 * driver's own topology description (what server discovery and monitoring found), not from a
 * `hello` reply of our own.
 */
export function assertSupportedDeployment(description: DeploymentDescription): void {
  const servers = [...description.servers.values()].filter((s) => s.type !== 'Unknown');
  if (servers.length === 0) {
    throw new Error(
      'MONGODB_URI: no MongoDB server answered; check the host, port and credentials.',
    );
  }
  if (!servers.some((s) => TRANSACTIONAL_SERVER_TYPES.has(s.type))) {
    throw new Error(
      'MONGODB_URI points at a standalone mongod, but every hold transition is a transaction, which needs a replica set ' +
        '(a one-member one will do: start mongod with --replSet rs0 and run rs.initiate()) or a sharded cluster.',
    );
  }
  const oldest = Math.min(...servers.map((s) => s.maxWireVersion));
  if (oldest < MIN_WIRE_VERSION) {
    throw new Error(
      `MONGODB_URI: this service needs MongoDB ${MIN_SERVER_VERSION} or later; a member speaks wire version ${oldest} ` +
        `(${versionOf(oldest)}). Upgrade the deployment.`,
    );
  }
}
