// The one typed, frozen configuration object (STYLE.md 11). Every variable is read here and nowhere else;
// loadConfig names every bad variable at once so an operator fixes them in one pass.
import path from 'node:path';

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
    sealing: {
      keys: sealingKeys,
      currentKeyId,
      hmacKey: hmacRaw ? key32('SEALING_HMAC_KEY', hmacRaw) : Buffer.alloc(0),
    },
    claims: {
      bulkTaskQueue: str('BULK_TASK_QUEUE', 'bulk'),
      minPayoutFen: int('REFUND_MIN_PAYOUT_FEN', 0, 0, 100_000_000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
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
