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

const TEST_DIR = path.resolve(__dirname, '..', '..', '.data', 'test');

/**
 * One file per run, named in the environment the set-up passes to the test workers, so two runs on one
 * machine (two checkouts, or an engineer's run beside CI) never read or tear down each other's set-up.
 */
export const testEnvFile = (runId: string) => path.join(TEST_DIR, `env-${runId}.json`);
export const TEST_RUN_VAR = 'CHUFEI_TEST_RUN';
/** The run's workers' logs, read by the teardown for personal data (issue 14: never in logs). */
export const workerLogFile = (runId: string) => path.join(TEST_DIR, `worker-logs-${runId}.log`);

export function readTestEnv(): TestEnv {
  const runId = process.env[TEST_RUN_VAR];
  if (!runId) throw new Error(`${TEST_RUN_VAR} is not set: run the integration tests through jest`);
  return JSON.parse(fs.readFileSync(testEnvFile(runId), 'utf8')) as TestEnv;
}
