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
  validateSync,
} from 'class-validator';
import { CronTime } from 'cron';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The absolute ceiling for MAX_RESERVATION_QUANTITY, also the OpenAPI maximum of `quantity`. */
export const QUANTITY_CEILING = 1_000_000;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

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
  seedSampleData: boolean;
}

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
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const uri = vars.MONGODB_URI;
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
  };
}

/** Injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
