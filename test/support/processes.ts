// Starting real worker processes for tests (the same worker.ts that npm start runs).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface WorkerOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  bundlePath: string;
  timeScale?: number;
  env?: Record<string, string>;
  /** Every line the worker writes (stdout and stderr) is appended here too: the run's logs are read. */
  logFile?: string;
}

export function startWorkerProcess(o: WorkerOptions): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      TEMPORAL_ADDRESS: o.temporalAddress,
      TEMPORAL_NAMESPACE: o.namespace,
      TEMPORAL_TASK_QUEUE: o.taskQueue,
      WORKFLOW_BUNDLE_PATH: o.bundlePath,
      DEADLINE_TIME_SCALE: String(o.timeScale ?? 1),
      LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'info',
      ...(o.env ?? {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (o.logFile) {
    const file = fs.createWriteStream(o.logFile, { flags: 'a' });
    proc.stdout?.on('data', (b: Buffer) => file.write(b));
    proc.stderr?.on('data', (b: Buffer) => file.write(b));
    proc.once('exit', () => file.end());
  }
  proc.stderr?.on('data', (b: Buffer) =>
    process.stderr.write(`[worker ${o.taskQueue}] ${b.toString('utf8')}`),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      if (out.includes('worker started')) {
        proc.stdout?.off('data', onData);
        proc.stdout?.on('data', (x: Buffer) => {
          if (process.env.TEST_WORKER_LOG_LEVEL) process.stdout.write(x);
        });
        resolve(proc);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`worker exited with ${code} before it started:\n${out}`)));
  });
}

export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
    }, 10_000);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    proc.kill(signal);
  });
}
