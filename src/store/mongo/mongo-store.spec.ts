import mongoose from 'mongoose';
import { STORE_TIMEOUTS } from '../store-timeouts';
import { CLIENT_OPTIONS, configureConnection } from './mongo-store';
import { TRANSACTION_OPTIONS } from './transactions';

describe('MongoDB connection settings (checked without a server)', () => {
  const connection = configureConnection(mongoose.createConnection());
  afterAll(() => connection.close());

  it('never buffers a command while the primary is away: it fails fast, as a 503', () => {
    // What mongoose consults before queueing an operation behind a reconnection.
    const internals = connection as unknown as { _shouldBufferCommands(): boolean };
    expect(internals._shouldBufferCommands()).toBe(false);
  });

  it('builds no index and no collection at boot; every find has a server-side time limit', () => {
    expect(connection.config).toMatchObject({ autoIndex: false, autoCreate: false });
    expect(connection.get('maxTimeMS')).toBe(STORE_TIMEOUTS.operationMs);
  });

  it('explicit bounds on server selection, connecting and sockets; primary only', () => {
    expect(CLIENT_OPTIONS).toMatchObject({
      serverSelectionTimeoutMS: STORE_TIMEOUTS.serverSelectionMs,
      connectTimeoutMS: STORE_TIMEOUTS.connectMs,
      socketTimeoutMS: STORE_TIMEOUTS.socketMs,
      readPreference: 'primary',
    });
    expect(TRANSACTION_OPTIONS.readPreference).toBe('primary');
  });

  it('a socket is never cut off while the server may still legitimately answer', () => {
    expect(STORE_TIMEOUTS.socketMs).toBeGreaterThan(
      STORE_TIMEOUTS.operationMs + STORE_TIMEOUTS.majorityAckMs,
    );
  });
});
