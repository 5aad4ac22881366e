// The supervisor npm start runs the worker and the API under (scripts/start.ts): a child that dies is started
// again after a back-off (1 s, doubling to 30 s, back to 1 s once it has run a minute), with a log line, while
// everything else keeps running. Before, one killed worker stopped the whole stack. Its own module so that a
// test can run the stack as npm start does and kill a child (test/integration/supervisor.test.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface Supervised {
  readonly name: string;
  /** The running process (a new one after each restart). */
  readonly proc: ChildProcess;
  /** Stops supervising and the process (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface SuperviseOptions {
  env: NodeJS.ProcessEnv;
  /** One line per event ("worker exited unexpectedly (SIGKILL); restarting it in 1 s"). */
  say: (line: string) => void;
  stdio?: 'inherit' | 'pipe';
  /** The first back-off; 1 s. */
  initialBackoffMs?: number;
  /** Called with every process started (the first and each restart). */
  onStart?: (proc: ChildProcess) => void;
}

/** Runs `file` (a TypeScript entry point of the project) under node, restarting it whenever it dies. */
export function supervise(name: string, file: string, o: SuperviseOptions): Supervised {
  const initial = o.initialBackoffMs ?? 1000;
  let backoffMs = initial;
  let stopping = false;
  let proc: ChildProcess;
  const launch = () => {
    proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, file)], {
      env: o.env,
      stdio: o.stdio ?? 'inherit',
      cwd: ROOT,
    });
    o.onStart?.(proc);
    const startedAt = Date.now();
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) backoffMs = initial;
      o.say(`${name} exited unexpectedly (${signal ?? code}); restarting it in ${backoffMs / 1000} s`);
      setTimeout(() => {
        if (!stopping) {
          launch();
          o.say(`${name} restarted (pid ${proc.pid})`);
        }
      }, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    });
  };
  launch();
  return {
    name,
    get proc() {
      return proc;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      const p = proc;
      if (p.exitCode !== null || p.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
        p.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        p.kill('SIGTERM');
      });
    },
  };
}
