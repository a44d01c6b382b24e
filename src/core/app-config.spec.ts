import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigurationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded store with sample data, port 5001, 300 s holds and a 10 s sweep', () => {
    expect(loadConfig({})).toEqual({
      port: 5001,
      store: { kind: 'in-memory' },
      reservationTtlSeconds: 300,
      maxHoldSeconds: 1800,
      maxReservationQuantity: 10_000,
      expirySweep: { cron: '*/10 * * * * *', batchSize: 500 },
      terminalReservationRetentionSeconds: 30 * 86_400,
      idempotencyTtlSeconds: 86_400,
      adminApiKey: undefined,
      publicUrl: undefined,
      logLevel: 'log',
      seedSampleData: true,
      logFormat: 'json',
      shutdownTimeoutSeconds: 10,
      rateLimit: { max: 6000, windowSeconds: 60 },
      trustProxy: false,
      corsOrigins: [],
    });
  });

  it('refuses MongoDB without ADMIN_API_KEY unless open admin routes are asked for', () => {
    const uri = 'mongodb://db:27017/shop?replicaSet=rs0';
    expect(() => loadConfig({ MONGODB_URI: uri })).toThrow(/ADMIN_API_KEY: must be set/);
    expect(loadConfig({ MONGODB_URI: uri, ADMIN_ROUTES_OPEN: 'true' }).adminApiKey).toBeUndefined();
    expect(
      loadConfig({ MONGODB_URI: uri, ADMIN_API_KEY: 'a-long-enough-admin-key' }).adminApiKey,
    ).toBe('a-long-enough-admin-key');
  });

  it('reads the operations settings', () => {
    expect(
      loadConfig({
        LOG_FORMAT: 'pretty',
        SHUTDOWN_TIMEOUT_SECONDS: '30',
        RATE_LIMIT_MAX: '100',
        RATE_LIMIT_WINDOW_SECONDS: '10',
        TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
        CORS_ORIGINS: 'https://shop.example.com, http://localhost:3000',
      }),
    ).toMatchObject({
      logFormat: 'pretty',
      shutdownTimeoutSeconds: 30,
      rateLimit: { max: 100, windowSeconds: 10 },
      trustProxy: ['10.0.0.0/8', '192.168.1.1'],
      corsOrigins: ['https://shop.example.com', 'http://localhost:3000'],
    });
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'false' }).rateLimit).toBeNull();
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it.each([
    ['CORS_ORIGINS', 'https://shop.example.com/'],
    ['TRUST_PROXY', 'everyone'],
    ['LOG_FORMAT', 'xml'],
    ['SHUTDOWN_TIMEOUT_SECONDS', '0'],
    ['RATE_LIMIT_MAX', '0'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it('uses MongoDB when MONGODB_URI is set, without sample data unless asked', () => {
    expect(
      loadConfig({
        MONGODB_URI: 'mongodb://db:27017/shop?replicaSet=rs0',
        ADMIN_ROUTES_OPEN: 'true',
      }),
    ).toMatchObject({
      store: { kind: 'mongodb', uri: 'mongodb://db:27017/shop?replicaSet=rs0' },
      seedSampleData: false,
    });
    expect(
      loadConfig({
        MONGODB_URI: 'mongodb+srv://cluster.example.net/shop',
        ADMIN_API_KEY: 'a-long-enough-admin-key',
        SEED_SAMPLE_DATA: 'true',
      }).seedSampleData,
    ).toBe(true);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        RESERVATION_TTL_SECONDS: '60',
        EXPIRY_SWEEP_CRON: '* * * * * *',
        EXPIRY_SWEEP_BATCH_SIZE: '50',
        ADMIN_API_KEY: 'a-long-enough-admin-key',
        LOG_LEVEL: 'debug',
        SEED_SAMPLE_DATA: 'false',
        MAX_RESERVATION_QUANTITY: '5',
        IDEMPOTENCY_TTL_SECONDS: '172800',
        MAX_HOLD_SECONDS: '600',
        PUBLIC_URL: 'https://inventory.example.com/',
      }),
    ).toMatchObject({
      port: 8080,
      reservationTtlSeconds: 60,
      expirySweep: { cron: '* * * * * *', batchSize: 50 },
      adminApiKey: 'a-long-enough-admin-key',
      logLevel: 'debug',
      seedSampleData: false,
      maxReservationQuantity: 5,
      idempotencyTtlSeconds: 172_800,
      maxHoldSeconds: 600,
      publicUrl: 'https://inventory.example.com',
    });
  });

  it('caps holds at 30 minutes by default, or at the TTL when that is longer', () => {
    expect(loadConfig({ RESERVATION_TTL_SECONDS: '3600' }).maxHoldSeconds).toBe(3600);
    expect(() => loadConfig({ RESERVATION_TTL_SECONDS: '600', MAX_HOLD_SECONDS: '300' })).toThrow(
      /^Invalid configuration:\n\s+MAX_HOLD_SECONDS: 300 is shorter than RESERVATION_TTL_SECONDS/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' })).toMatchObject({
      port: 5001,
      store: { kind: 'in-memory' },
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MONGODB_URI', 'postgres://db/shop'],
    ['RESERVATION_TTL_SECONDS', '0'],
    ['RESERVATION_TTL_SECONDS', '1.5'],
    ['EXPIRY_SWEEP_CRON', 'every ten seconds'],
    ['ADMIN_API_KEY', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_SAMPLE_DATA', 'yes'],
    ['MAX_RESERVATION_QUANTITY', '2000000'],
    ['IDEMPOTENCY_TTL_SECONDS', '3600'],
    ['MAX_HOLD_SECONDS', '0'],
    ['PUBLIC_URL', 'inventory.example.com'],
    ['PUBLIC_URL', 'ftp://inventory.example.com'],
  ])('stops start-up on %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigurationError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration:\\n\\s+${name}: `),
    );
  });

  it("names every variable it reads, exactly the README's configuration table", () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## ', 1));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(documented.length).toBeGreaterThan(10);
    expect([...CONFIG_VARIABLES].sort()).toEqual(documented.sort());
  });
});
