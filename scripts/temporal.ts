// Obtains the Temporal CLI without downloading a binary: PATH, then .tools/bin, else `go install` from the
// Go module proxy (ARCHITECTURE.md: v1.5.1 is the newest release whose go.mod has no replace directive).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const ROOT = path.resolve(__dirname, '..');
const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');

/** Custom search attributes of the case workflows: never personal data (ARCHITECTURE.md). */
export const SEARCH_ATTRIBUTES: [string, string][] = [
  ['CaseNo', 'Keyword'],
  ['CaseStage', 'Keyword'],
  ['RegionCodes', 'KeywordList'],
  ['Overdue', 'Bool'],
];

export function findTemporal(): string | null {
  const local = path.join(TOOLS_BIN, 'temporal');
  if (fs.existsSync(local)) return local;
  const which = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  return which.status === 0 && onPath ? onPath : null;
}

export function ensureTemporal(log: (msg: string) => void = console.log): string {
  const found = findTemporal();
  if (found) return found;
  const go = spawnSync('sh', ['-c', 'command -v go || ls /usr/local/go/bin/go'], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')[0];
  if (!go) {
    throw new Error(
      'The Temporal CLI is not installed and Go is not available to build it. Install Go 1.22+ or put `temporal` on PATH.',
    );
  }
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  log(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into .tools/bin (first time only; takes a few minutes)…`,
  );
  const started = Date.now();
  const res = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: '-mod=mod' },
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`go install of the Temporal CLI failed (exit ${res.status})`);
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s.`);
  return path.join(TOOLS_BIN, 'temporal');
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface DevServerOptions {
  binary: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  dbFile: string;
  headless?: boolean;
}

/** Starts `temporal server start-dev` with a persistent SQLite file; resolves once the frontend answers. */
export async function startDevServer(
  o: DevServerOptions,
  onOutput?: (line: string) => void,
): Promise<ChildProcess> {
  fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    o.host,
    '--port',
    String(o.port),
    '--db-filename',
    o.dbFile,
    '--namespace',
    o.namespace,
    '--log-level',
    'warn',
    // Updates and the per-workflow Update limit are on in the dev server; these keep history tidy for tests.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--dynamic-config-value',
    'frontend.workerVersioningDataAPIs=false',
  ];
  for (const [name, type] of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${name}=${type}`);
  if (o.headless) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  const child = spawn(o.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const forward = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) if (line.trim()) onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  await waitFor(
    `Temporal on ${o.host}:${o.port}`,
    async () => {
      if (exited !== null) throw new Error(`temporal server exited with ${exited}`);
      return portOpen(o.host, o.port);
    },
    60_000,
  );
  return child;
}

/** A logger for the workflow bundler that passes on only warnings and errors. */
export const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};
