// What the integration global set-up started, shared with the test files through a small JSON file.
import fs from 'node:fs';
import path from 'node:path';

export interface TestEnv {
  databaseUrl: string;
  adminUrl: string;
  databaseName: string;
  temporalAddress: string;
  namespace: string;
  /** The worker with real-time deadlines. */
  taskQueue: string;
  /** A worker whose deadline timers run 86400× faster: a day lasts a second. */
  fastTaskQueue: string;
  bundlePath: string;
  workerPids: number[];
}

export const TEST_ENV_FILE = path.resolve(__dirname, '..', '..', '.data', 'test', 'env.json');

export function readTestEnv(): TestEnv {
  return JSON.parse(fs.readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
}
