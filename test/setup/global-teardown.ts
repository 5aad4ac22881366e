import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { stopProcess } from '../support/processes';
import { dropDatabase } from '../../scripts/postgres';
import { TEST_RUN_VAR, type TestEnv, testEnvFile } from '../support/env';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  await Promise.all(((g.__workers as ChildProcess[]) ?? []).map((w) => stopProcess(w)));
  if (g.__temporal) await stopProcess(g.__temporal as ChildProcess);
  const runId = process.env[TEST_RUN_VAR];
  if (runId && fs.existsSync(testEnvFile(runId))) {
    const env = JSON.parse(fs.readFileSync(testEnvFile(runId), 'utf8')) as TestEnv;
    if (!process.env.KEEP_TEST_DB) await dropDatabase(env.adminUrl, env.databaseName).catch(() => undefined);
    fs.rmSync(testEnvFile(runId), { force: true });
    fs.rmSync(env.bundlePath, { force: true });
  }
}
