// The officers' console (console/) as the rest of the system sees it: installed by the root postinstall,
// built by `npm start` and the e2e tests when its build is missing or stale, its API types regenerated
// and checked with the OpenAPI document. Staleness is a hash of the build's inputs written beside the
// build, not file times: a fresh clone, a checkout of another branch or a copied tree all rebuild correctly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const CONSOLE_DIR = path.resolve(__dirname, '..', 'console');
export const CONSOLE_DIST = path.join(CONSOLE_DIR, 'dist');
const STAMP = path.join(CONSOLE_DIST, '.source-sha256');
const INPUTS = ['index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'src'];
const TYPES_FILE = path.join(CONSOLE_DIR, 'src', 'api', 'schema.d.ts');
const OPENAPI_FILE = path.resolve(__dirname, '..', 'docs', 'openapi.json');

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((f) => filesUnder(path.join(p, f)));
}

export function consoleSourceHash(): string {
  const h = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap((i) => filesUnder(path.join(CONSOLE_DIR, i)))) {
    h.update(path.relative(CONSOLE_DIR, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: CONSOLE_DIR, stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`${what} failed (${r.signal ?? `exit ${r.status}`})`);
}

/** Builds console/dist unless the build on disk was made from exactly the current sources. */
export function ensureConsoleBuilt(log: (m: string) => void = console.log): { built: boolean; ms: number } {
  const started = Date.now();
  const hash = consoleSourceHash();
  const current = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (current === hash && fs.existsSync(path.join(CONSOLE_DIST, 'index.html')))
    return { built: false, ms: 0 };
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'node_modules', '.bin', 'vite'))) {
    // Root npm install runs this through postinstall; a tree installed with --ignore-scripts has not.
    log('installing the console’s dependencies…');
    run('npm', ['install', '--no-audit', '--no-fund'], 'npm install in console/');
  }
  log('building the console…');
  run('npm', ['run', '--silent', 'build'], 'the console build');
  fs.writeFileSync(STAMP, `${hash}\n`);
  const ms = Date.now() - started;
  log(`console built in ${(ms / 1000).toFixed(1)} s`);
  return { built: true, ms };
}

/**
 * The console's API types, generated from docs/openapi.json by openapi-typescript. `check` compares
 * without writing, so CI fails when the API changed and the types were not regenerated.
 */
export function consoleTypes(mode: 'write' | 'check'): boolean {
  const bin = path.join(CONSOLE_DIR, 'node_modules', '.bin', 'openapi-typescript');
  const args = [OPENAPI_FILE, '-o', TYPES_FILE, ...(mode === 'check' ? ['--check'] : [])];
  const r = spawnSync(bin, args, { cwd: CONSOLE_DIR, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    return false;
  }
  return true;
}
