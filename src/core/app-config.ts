import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  getMetadataStorage,
  validateSync,
} from 'class-validator';
import { CronTime } from 'cron';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The absolute ceiling for MAX_RESERVATION_QUANTITY, also the OpenAPI maximum of `quantity`. */
export const QUANTITY_CEILING = 1_000_000;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** `http(s)://host[:port]`, as a browser sends it in `Origin` (no path, no trailing slash). */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Fastify's `trustProxy`: true (trust every hop), a hop count, or addresses/CIDRs of the proxies. */
function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return list(value);
}

function isCron(value: string): boolean {
  try {
    new CronTime(value);
    return true;
  } catch {
    return false;
  }
}

/** The environment, as a validated class (one source of names, defaults and limits). */
class EnvironmentVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 5001;

  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RESERVATION_TTL_SECONDS: number = 300;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  MAX_HOLD_SECONDS?: number;

  @IsOptional()
  @IsString()
  EXPIRY_SWEEP_CRON: string = '*/10 * * * * *';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  EXPIRY_SWEEP_BATCH_SIZE: number = 500;

  @IsOptional()
  @IsString()
  @MinLength(16)
  ADMIN_API_KEY?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http:// or https:// URL, e.g. https://inventory.example.com' },
  )
  PUBLIC_URL?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'log';

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  SEED_SAMPLE_DATA?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(QUANTITY_CEILING)
  MAX_RESERVATION_QUANTITY: number = 10_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(86_400)
  IDEMPOTENCY_TTL_SECONDS: number = 86_400;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  TERMINAL_RESERVATION_RETENTION_SECONDS: number = 30 * 86_400;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  ADMIN_ROUTES_OPEN: boolean = false;

  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'json';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS: number = 10;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  RATE_LIMIT_ENABLED: boolean = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX: number = 6000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS: number = 60;

  @IsOptional()
  @Matches(/^(true|false|\d+|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/, {
    message: 'must be true, false, a hop count, or comma-separated proxy addresses or CIDRs',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;
}

export interface AppConfig {
  port: number;
  store: { kind: 'in-memory' } | { kind: 'mongodb'; uri: string };
  reservationTtlSeconds: number;
  /** No hold lasts past createdAt + this, however often it is extended. */
  maxHoldSeconds: number;
  maxReservationQuantity: number;
  expirySweep: { cron: string; batchSize: number };
  /** How long cancelled, confirmed and expired reservations are kept before a TTL index purges them. */
  terminalReservationRetentionSeconds: number;
  idempotencyTtlSeconds: number;
  adminApiKey: string | undefined;
  /** Where clients reach this service (the OpenAPI document's server URL), if configured. */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** One JSON line per event (default), or human-readable lines. */
  logFormat: LogFormat;
  seedSampleData: boolean;
  /** How long a SIGTERM drain may take before the process gives up on open requests. */
  shutdownTimeoutSeconds: number;
  /** Requests per client address per window; null when rate limiting is off. */
  rateLimit: { max: number; windowSeconds: number } | null;
  /** Fastify's trustProxy: whether `X-Forwarded-For` names the client (and so the rate-limit key). */
  trustProxy: boolean | number | string[];
  /** Browser origins allowed to call the API; empty = CORS off. */
  corsOrigins: string[];
}

/** The name of every variable the configuration reads (from EnvironmentVariables' rules). */
export const CONFIG_VARIABLES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', false, false)
      .map((metadata) => metadata.propertyName),
  ),
];

export class ConfigurationError extends Error {}

/**
 * Parses and validates the environment once, at start-up. A bad value stops the app with a
 * message naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const known = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, known);
  const problems = validateSync(vars).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (!isCron(vars.EXPIRY_SWEEP_CRON)) {
    problems.push(`EXPIRY_SWEEP_CRON: "${vars.EXPIRY_SWEEP_CRON}" is not a cron expression`);
  }
  if (
    problems.length === 0 &&
    vars.MAX_HOLD_SECONDS !== undefined &&
    vars.MAX_HOLD_SECONDS < vars.RESERVATION_TTL_SECONDS
  ) {
    problems.push(
      `MAX_HOLD_SECONDS: ${vars.MAX_HOLD_SECONDS} is shorter than RESERVATION_TTL_SECONDS (${vars.RESERVATION_TTL_SECONDS}); a new hold would already be past its cap`,
    );
  }
  const corsOrigins = list(vars.CORS_ORIGINS);
  const badOrigins = corsOrigins.filter((origin) => !ORIGIN.test(origin));
  if (badOrigins.length > 0) {
    problems.push(
      `CORS_ORIGINS: ${badOrigins.map((o) => `"${o}"`).join(', ')} must be http(s)://host[:port]`,
    );
  }
  const uri = vars.MONGODB_URI;
  // A real deployment (MongoDB) with open admin routes is a mistake unless someone asked for it.
  if (uri && !vars.ADMIN_API_KEY && !vars.ADMIN_ROUTES_OPEN) {
    problems.push(
      'ADMIN_API_KEY: must be set when MONGODB_URI is (or set ADMIN_ROUTES_OPEN=true to leave the admin routes open)',
    );
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    port: vars.PORT,
    store: uri ? { kind: 'mongodb', uri } : { kind: 'in-memory' },
    reservationTtlSeconds: vars.RESERVATION_TTL_SECONDS,
    // Unset: 30 minutes, or the TTL when that is longer (a hold must fit under its own cap).
    maxHoldSeconds: vars.MAX_HOLD_SECONDS ?? Math.max(1800, vars.RESERVATION_TTL_SECONDS),
    maxReservationQuantity: vars.MAX_RESERVATION_QUANTITY,
    expirySweep: { cron: vars.EXPIRY_SWEEP_CRON, batchSize: vars.EXPIRY_SWEEP_BATCH_SIZE },
    terminalReservationRetentionSeconds: vars.TERMINAL_RESERVATION_RETENTION_SECONDS,
    idempotencyTtlSeconds: vars.IDEMPOTENCY_TTL_SECONDS,
    adminApiKey: vars.ADMIN_API_KEY,
    publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: vars.LOG_LEVEL,
    // Sample data is on by default for the embedded store (so `npm start` is usable at once) and
    // off by default for MongoDB deployments.
    seedSampleData: vars.SEED_SAMPLE_DATA ?? !uri,
    logFormat: vars.LOG_FORMAT,
    shutdownTimeoutSeconds: vars.SHUTDOWN_TIMEOUT_SECONDS,
    rateLimit: vars.RATE_LIMIT_ENABLED
      ? { max: vars.RATE_LIMIT_MAX, windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS }
      : null,
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    corsOrigins,
  };
}

/** Injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
