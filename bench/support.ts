// The benchmark environment: a Temporal dev server of its own (SQLite file, free port), a fresh database on
// the local Postgres migrated and seeded, the workflow bundle built once, one real worker process and the API
// in-process over HTTP. Reuses the start-up code of scripts/ and test/support/; only the wiring is here.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sealedDataConverter } from '../payload-codec';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '../config';
import { createDb, type Db } from '../db/knex';
import { createApp } from '../api/app';
import { lazyPdfRenderer } from '../api/pdf';
import { ensureTemporal, quietBundlerLogger, startDevServer } from '../scripts/temporal';
import { adminDatabaseUrl, createMigratedDatabase, dropDatabase } from '../scripts/postgres';
import { startWorkerProcess, stopProcess } from '../test/support/processes';

export const ROOT = path.resolve(__dirname, '..');
export const BENCH_DATA_DIR = path.join(ROOT, '.data', 'bench');
export const RESULTS_DIR = path.join(__dirname, 'results');

export interface BenchEnv {
  /** Base URL of the in-process API. */
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseName: string;
  /** A Temporal client of its own (not the API's), for the bare baseline. */
  temporal: Client;
  db: Db;
  worker: ChildProcess;
  temporalServer: ChildProcess;
  stop: () => Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });

export interface BenchEnvOptions {
  taskQueue?: string;
  namespace?: string;
  /**
   * Extra dynamic config of the dev server, as KEY=JSON_VALUE (e.g. history.transferProcessorMaxPollRPS=1000),
   * to measure server tuning without changing scripts/temporal.ts.
   */
  serverConfig?: string[];
  /** Folder of the dev server's SQLite file (default .data/bench; a tmpfs such as /dev/shm takes disk I/O out). */
  temporalDbDir?: string;
  log?: (m: string) => void;
}

export async function startBenchEnv(opts: BenchEnvOptions = {}): Promise<BenchEnv> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const taskQueue = opts.taskQueue ?? 'bench';
  const namespace = opts.namespace ?? 'chufei-bench';
  // Everything started is stopped in reverse order, also when a later step of the start fails.
  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const stop = async () => {
    while (cleanups.length > 0) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (err) {
        console.error(`bench teardown: ${c.what} failed:`, err);
      }
    }
  };

  try {
    const stamp = Date.now().toString(36);
    fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });

    // Temporal dev server, headless, SQLite file of its own (removed afterwards).
    let binary = ensureTemporal(log);
    if (opts.serverConfig?.length) {
      // startDevServer owns the flags; a wrapper that execs the real binary appends the extra ones.
      const wrapper = path.join(BENCH_DATA_DIR, `temporal-wrapper-${stamp}.sh`);
      const extra = opts.serverConfig.map((kv) => `--dynamic-config-value ${shellQuote(kv)}`).join(' ');
      fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${shellQuote(binary)} "$@" ${extra}\n`, { mode: 0o755 });
      cleanups.push({ what: 'temporal wrapper', run: async () => fs.rmSync(wrapper, { force: true }) });
      binary = wrapper;
    }
    const port = await freePort();
    const dbFile = path.join(
      opts.temporalDbDir ?? BENCH_DATA_DIR,
      `chufei-bench-temporal-${stamp}-${port}.sqlite`,
    );
    const t0 = performance.now();
    const server = await startDevServer({
      binary,
      host: '127.0.0.1',
      port,
      uiPort: 0,
      namespace,
      dbFile,
      headless: true,
    });
    cleanups.push({
      what: 'Temporal dev server',
      run: async () => {
        await stopProcess(server);
        for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
      },
    });
    const temporalAddress = `127.0.0.1:${port}`;
    log(`  temporal dev server on ${temporalAddress}, SQLite file ${dbFile} (${ms(t0)})`);

    const t1 = performance.now();
    const { name: databaseName, url: databaseUrl } = await createBenchDatabase(
      `chufei_bench_${stamp}`,
      (drop) => cleanups.push({ what: 'bench database', run: drop }),
    );
    log(`  database ${databaseName} migrated and seeded (${ms(t1)})`);

    // The workflow bundle, once; the worker loads it instead of bundling at start.
    const t2 = performance.now();
    const bundlePath = path.join(BENCH_DATA_DIR, `workflow-bundle-${stamp}.js`);
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(ROOT, 'workflows', 'index.ts'),
      logger: quietBundlerLogger,
    });
    fs.writeFileSync(bundlePath, code);
    cleanups.push({ what: 'workflow bundle', run: async () => fs.rmSync(bundlePath, { force: true }) });
    log(`  workflow bundle built (${ms(t2)})`);

    // One real worker process (worker.ts) serving both the case workflows and the bare baseline.
    const t3 = performance.now();
    const worker = await startWorkerProcess({
      databaseUrl,
      temporalAddress,
      namespace,
      taskQueue,
      bundlePath,
    });
    cleanups.push({ what: 'worker', run: () => stopProcess(worker) });
    log(`  worker pid ${worker.pid} on task queue '${taskQueue}' (${ms(t3)})`);

    // The API in-process, as test/support/api.ts builds it, listening on a free port.
    const config = loadConfig({
      APP_MODE: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DEADLINE_TIME_SCALE: '1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PUBLIC: '0',
      AUTH_FAILURES_PER_MINUTE: '0',
      SIGN_IN_PER_MINUTE: '0',
      TIPS_PER_HOUR: '0',
    });
    const db = createDb(databaseUrl, config.database.poolMax);
    cleanups.push({ what: 'API database pool', run: () => db.destroy() });
    const apiConnection = await Connection.connect({ address: temporalAddress });
    cleanups.push({ what: 'API Temporal connection', run: () => apiConnection.close() });
    const pdf = lazyPdfRenderer(config.chromiumPath);
    cleanups.push({ what: 'PDF renderer', run: () => pdf.close() });
    const { app } = createApp({
      config,
      db,
      temporal: new Client({
        connection: apiConnection,
        namespace,
        dataConverter: sealedDataConverter(config.sealing),
      }),
      log: pino({ level: 'silent' }),
      pdf: pdf.get,
    });
    const http: Server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push({
      what: 'HTTP server',
      run: () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    });
    const apiUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    log(`  API on ${apiUrl}`);

    const benchConnection = await Connection.connect({ address: temporalAddress });
    cleanups.push({ what: 'bench Temporal connection', run: () => benchConnection.close() });
    const temporal = new Client({
      connection: benchConnection,
      namespace,
      dataConverter: sealedDataConverter(config.sealing),
    });

    return {
      apiUrl,
      temporalAddress,
      namespace,
      taskQueue,
      databaseName,
      temporal,
      db,
      worker,
      temporalServer: server,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A fresh database on the project's Postgres, migrated and seeded by the operator command (as the
 * integration set-up does). `onDrop` receives the drop before the database is created, so a failed
 * migration is cleaned up too.
 */
export async function createBenchDatabase(
  name: string,
  onDrop: (drop: () => Promise<void>) => void,
): Promise<{ name: string; url: string }> {
  const adminUrl = adminDatabaseUrl(process.env.DATABASE_URL);
  onDrop(() => dropDatabase(adminUrl, name));
  return { name, url: await createMigratedDatabase(adminUrl, name) };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

// ---------------------------------------------------------------------------------------------------------
// Measuring

export interface Sample {
  name: string;
  ms: number;
}

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.length ? sum / sorted.length : NaN),
  };
}

export const round = (n: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Runs `perItem(i)` for i in [0, total) on `clients` concurrent async clients sharing one counter. */
export async function runClients(
  total: number,
  clients: number,
  perItem: (i: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const client = async () => {
    while (!shouldStop()) {
      const i = next++;
      if (i >= total) return;
      await perItem(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(clients, total)) }, client));
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c])))
        .join('  '),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Where the CPU goes: per-process CPU time from /proc (Linux), so a slow phase can be attributed to the
// bench process (API + clients), the worker, the Temporal server or Postgres.

export interface CpuSnapshot {
  at: number;
  /** CPU seconds so far per group; Postgres per process, as backends come and go. */
  seconds: Record<string, number>;
  postgres: Map<number, number>;
  /** Machine-wide CPU seconds (all cores): busy, stolen by the hypervisor, and total. */
  machineBusy: number;
  machineSteal: number;
  machineTotal: number;
}

const CLOCK_TICKS = 100;

function procCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
        out.set(Number(entry), procCpuSeconds(Number(entry)));
      }
    } catch {
      // the process ended while listing
    }
  }
  return out;
}

/** A snapshot of CPU time; null where /proc is not available. */
export function cpuSnapshot(pids: { worker?: number; temporal?: number }): CpuSnapshot | null {
  if (!fs.existsSync('/proc/stat')) return null;
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    seconds: {
      'bench (API + clients)': (self.user + self.system) / 1e6,
      worker: pids.worker ? procCpuSeconds(pids.worker) : 0,
      temporal: pids.temporal ? procCpuSeconds(pids.temporal) : 0,
    },
    postgres: postgresCpu(),
    machineBusy: (user + nice + system + irq + softirq) / CLOCK_TICKS,
    machineSteal: (steal || 0) / CLOCK_TICKS,
    machineTotal: (user + nice + system + idle + iowait + irq + softirq + (steal || 0)) / CLOCK_TICKS,
  };
}

export interface CpuUse {
  /** CPU seconds per group during the interval, and the share of the machine's capacity it took. */
  groups: Record<string, { seconds: number; share: number }>;
  machineBusyShare: number;
  machineStealShare: number;
}

export function cpuBetween(a: CpuSnapshot | null, b: CpuSnapshot | null): CpuUse | null {
  if (!a || !b) return null;
  const capacity = b.machineTotal - a.machineTotal;
  const seconds: Record<string, number> = {};
  for (const name of Object.keys(b.seconds)) seconds[name] = b.seconds[name] - (a.seconds[name] ?? 0);
  // A backend that ended during the interval is lost; one that started counts from zero.
  let pg = 0;
  for (const [pid, s] of b.postgres) pg += Math.max(0, s - (a.postgres.get(pid) ?? 0));
  seconds.postgres = pg;
  const busy = b.machineBusy - a.machineBusy;
  seconds['other (rest of the machine)'] = Math.max(
    0,
    busy - Object.values(seconds).reduce((x, y) => x + y, 0),
  );
  const groups: CpuUse['groups'] = {};
  for (const [name, s] of Object.entries(seconds)) {
    groups[name] = { seconds: round(s, 2), share: round(s / capacity, 3) };
  }
  return {
    groups,
    machineBusyShare: round(busy / capacity, 3),
    machineStealShare: round((b.machineSteal - a.machineSteal) / capacity, 3),
  };
}

/** A whole-number command-line flag within [min, max], or its default; a bad value names the flag. */
export function intFlag(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${flag}=${raw}: expected an integer from ${min} to ${max}`);
  return n;
}
