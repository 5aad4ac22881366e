// The one typed, frozen configuration object (STYLE.md 11). Every variable is read here and nowhere else;
// loadConfig names every bad variable at once so an operator fixes them in one pass.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { availableParallelism } from 'node:os';

export type AppMode = 'development' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly mode: AppMode;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly database: {
    /** Explicit connection string; when absent the start script resolves one (local server, then embedded). */
    readonly url: string | undefined;
    readonly name: string;
    readonly poolMax: number;
  };
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    readonly uiPort: number;
    /** Start the CLI dev server ourselves (development) rather than use an existing cluster. */
    readonly manageDevServer: boolean;
  };
  readonly deadlines: {
    /** Speed-up factor for durable deadline timers: 1 in real use; 86400 makes a day last a second. */
    readonly timeScale: number;
    readonly reminderWorkingDays: number;
    readonly progressBulletinDays: number;
  };
  readonly chromiumPath: string;
  /** A pre-built workflow bundle (tests build one per run); when absent the worker bundles at start. */
  readonly workflowBundlePath: string | undefined;
  readonly maxHistoryEvents: number;
  /**
   * How long an action may wait for a worker before it answers 503 WORKER_UNAVAILABLE. The workflow refuses an
   * action it receives after this (ActInput.notAfter), so an action answered 503 is never applied later.
   */
  readonly actionTimeoutMs: number;
  readonly http: {
    /** Origins allowed to call the API from a browser; empty (the default) means CORS stays closed. */
    readonly corsOrigins: readonly string[];
    /** The API is reached through a TLS terminator: send HSTS and upgrade-insecure-requests. */
    readonly behindTls: boolean;
    /** Requests per minute per bearer token, and per address without one; 0 turns the limit off. */
    readonly rateLimitPerToken: number;
    readonly rateLimitPublic: number;
    /** Refused sign-ins (401) per minute per address before the address is refused (429) for the minute. */
    readonly authFailuresPerMinute: number;
    /** Sign-in attempts (POST /api/session) per minute per address; 0 turns the limit off. */
    readonly signInPerMinute: number;
    /** Public tips (POST /api/public/tips) per hour per address; 0 turns the limit off. */
    readonly tipsPerHour: number;
  };
  readonly session: {
    /** A session ends this many minutes after sign-in, however active. */
    readonly ttlMinutes: number;
    /** A session unused this many minutes ends (idle timeout). */
    readonly idleMinutes: number;
    /** Consecutive failed sign-ins for one username before it is locked. */
    readonly maxFailures: number;
    /** How long a locked username stays locked. */
    readonly lockMinutes: number;
  };
  readonly audit: {
    /** Base64 of the 32-byte Ed25519 seed that signs checkpoints of the history (AUDIT_SIGNING_KEY). */
    readonly signingSeed: string;
    /** Minutes between checkpoints taken by the worker; 0 = only on demand (npm run cli -- audit checkpoint). */
    readonly checkpointMinutes: number;
  };
  readonly sealing: {
    /** AES-256-GCM keys by id; new seals use currentKeyId, older ids stay to open what they sealed (rotation). */
    readonly keys: Readonly<Record<string, Buffer>>;
    readonly currentKeyId: string;
    /** HMAC-SHA256 key for matching identities; not rotatable without re-hashing every stored identity. */
    readonly hmacKey: Buffer;
  };
  readonly claims: {
    /** Task queue of the bulk jobs (import, refund rounds), apart from the cases' queue. */
    readonly bulkTaskQueue: string;
    /** Allocations below this are carried to a later round (configurable minimum payout). */
    readonly minPayoutFen: number;
    /** Threads that validate and seal a large upload (api/participant-staging.ts); 0 = in the event loop. */
    readonly stagingThreads: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  };

  const mode = oneOf<AppMode>('APP_MODE', 'development', ['development', 'production']);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: expected a postgres:// connection string');
  }
  const temporalAddress = str('TEMPORAL_ADDRESS', '127.0.0.1:7233');
  if (!/^[\w.-]+:\d+$/.test(temporalAddress))
    problems.push(`TEMPORAL_ADDRESS=${temporalAddress}: expected host:port`);
  const dbName = str('DB_NAME', 'chufei');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbName))
    problems.push(`DB_NAME=${dbName}: expected a lowercase identifier`);

  // Development runs with fixed, public keys so that a fresh clone works; production must name its own.
  const DEV_KEY = Buffer.alloc(32, 0x5a).toString('base64');
  const key32 = (name: string, raw: string): Buffer => {
    const b = Buffer.from(raw, 'base64');
    if (b.length !== 32) problems.push(`${name}: expected 32 bytes in base64`);
    return b;
  };
  const sealingKeys: Record<string, Buffer> = {};
  const keysRaw = env.SEALING_KEYS || (mode === 'production' ? '' : `dev:${DEV_KEY}`);
  if (keysRaw === '') problems.push('SEALING_KEYS: required in production (id:base64key[,id:base64key…])');
  for (const part of keysRaw.split(',').filter(Boolean)) {
    const [id, raw] = part.split(':');
    if (!id || !/^[\w-]{1,32}$/.test(id) || raw === undefined)
      problems.push(`SEALING_KEYS: "${id ?? ''}" is not id:base64key`);
    else sealingKeys[id] = key32(`SEALING_KEYS ${id}`, raw);
  }
  const currentKeyId = str('SEALING_CURRENT_KEY_ID', Object.keys(sealingKeys)[0] ?? '');
  if (keysRaw !== '' && !(currentKeyId in sealingKeys))
    problems.push(`SEALING_CURRENT_KEY_ID=${currentKeyId}: not one of SEALING_KEYS`);
  const hmacRaw = env.SEALING_HMAC_KEY || (mode === 'production' ? '' : DEV_KEY);
  if (hmacRaw === '') problems.push('SEALING_HMAC_KEY: required in production (32 bytes, base64)');

  const config: Config = {
    mode,
    host: str('HOST', '127.0.0.1'),
    port: int('PORT', 3000, 0, 65535),
    logLevel: oneOf<LogLevel>('LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    dataDir: path.resolve(str('DATA_DIR', path.join(__dirname, '.data'))),
    database: { url: databaseUrl, name: dbName, poolMax: int('DB_POOL_MAX', 10, 1, 200) },
    temporal: {
      address: temporalAddress,
      namespace: str('TEMPORAL_NAMESPACE', 'chufei'),
      taskQueue: str('TEMPORAL_TASK_QUEUE', 'cases'),
      uiPort: int('TEMPORAL_UI_PORT', 8233, 1, 65535),
      manageDevServer: bool('TEMPORAL_DEV_SERVER', env.TEMPORAL_ADDRESS === undefined),
    },
    deadlines: {
      timeScale: int('DEADLINE_TIME_SCALE', 1, 1, 86400 * 10),
      reminderWorkingDays: int('DEADLINE_REMINDER_WORKING_DAYS', 2, 0, 30),
      progressBulletinDays: int('PROGRESS_BULLETIN_DAYS', 30, 1, 365),
    },
    chromiumPath: str('CHROMIUM_PATH', '/usr/bin/chromium'),
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH || undefined,
    maxHistoryEvents: int('WORKFLOW_MAX_HISTORY_EVENTS', 2000, 100, 50_000),
    actionTimeoutMs: int('ACTION_TIMEOUT_MS', 15_000, 500, 300_000),
    audit: {
      signingSeed: auditSeed(env.AUDIT_SIGNING_KEY, mode, problems),
      checkpointMinutes: int('AUDIT_CHECKPOINT_MINUTES', 60, 0, 7 * 24 * 60),
    },
    http: {
      corsOrigins: corsOrigins(env.CORS_ORIGINS, problems),
      behindTls: bool('BEHIND_TLS', false),
      rateLimitPerToken: int('RATE_LIMIT_PER_TOKEN', 1200, 0, 1_000_000),
      rateLimitPublic: int('RATE_LIMIT_PUBLIC', 120, 0, 1_000_000),
      authFailuresPerMinute: int('AUTH_FAILURES_PER_MINUTE', 30, 0, 100_000),
      signInPerMinute: int('SIGN_IN_PER_MINUTE', 10, 0, 100_000),
      tipsPerHour: int('TIPS_PER_HOUR', 10, 0, 100_000),
    },
    session: {
      ttlMinutes: int('SESSION_TTL_MINUTES', 12 * 60, 5, 7 * 24 * 60),
      idleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      maxFailures: int('SIGN_IN_MAX_FAILURES', 5, 1, 100),
      lockMinutes: int('SIGN_IN_LOCK_MINUTES', 15, 1, 24 * 60),
    },
    sealing: {
      keys: sealingKeys,
      currentKeyId,
      hmacKey: hmacRaw ? key32('SEALING_HMAC_KEY', hmacRaw) : Buffer.alloc(0),
    },
    claims: {
      bulkTaskQueue: str('BULK_TASK_QUEUE', 'bulk'),
      minPayoutFen: int('REFUND_MIN_PAYOUT_FEN', 0, 0, 100_000_000),
      stagingThreads: int('STAGING_THREADS', availableParallelism(), 0, 64),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/**
 * AUDIT_SIGNING_KEY: base64 of 32 random bytes (`openssl rand -base64 32`). Required in production; in
 * development a fixed, published key stands in, so checkpoints there prove nothing and say so by their key id.
 */
function auditSeed(raw: string | undefined, mode: AppMode, problems: string[]): string {
  if (!raw) {
    if (mode === 'production')
      problems.push('AUDIT_SIGNING_KEY: required in production (base64 of 32 bytes)');
    return createHash('sha256').update('chufei development audit key, not a secret').digest('base64');
  }
  if (Buffer.from(raw, 'base64').length !== 32)
    problems.push('AUDIT_SIGNING_KEY: expected base64 of exactly 32 bytes');
  return raw;
}

/** CORS_ORIGINS: comma-separated origins (scheme://host[:port]), each checked so a typo cannot open it wide. */
function corsOrigins(raw: string | undefined, problems: string[]): string[] {
  if (!raw) return [];
  const list = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of list) {
    if (!/^https?:\/\/[\w.-]+(:\d+)?$/.test(o))
      problems.push(`CORS_ORIGINS: ${JSON.stringify(o)} is not an origin like https://console.example.cn`);
  }
  return list;
}

function deepFreeze<T extends object>(o: T): T {
  // Buffers cannot be frozen (typed arrays with elements); they are never handed out for writing.
  for (const v of Object.values(o))
    if (v && typeof v === 'object' && !Buffer.isBuffer(v)) deepFreeze(v as object);
  return Object.freeze(o);
}

/** The connection string: DATABASE_URL, else the project's database on the local server. */
export const databaseUrl = (c: Config): string =>
  c.database.url ?? `postgres://postgres@127.0.0.1:5432/${c.database.name}`;
