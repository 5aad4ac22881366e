import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { stopProcess } from '../support/processes';
import { dropDatabase } from '../../scripts/postgres';
import { TEST_RUN_VAR, type TestEnv, testEnvFile, workerLogFile } from '../support/env';
import { isValidIdNumber, maskIdNumber } from '../../domain/identity';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  await Promise.all(((g.__workers as ChildProcess[]) ?? []).map((w) => stopProcess(w)));
  if (g.__temporal) await stopProcess(g.__temporal as ChildProcess);
  const runId = process.env[TEST_RUN_VAR];
  // Issue 14: identity numbers are never in logs. The whole run's worker logs are read for any valid one.
  const logs = runId ? workerLogFile(runId) : null;
  let leaked: string[] = [];
  if (logs && fs.existsSync(logs)) {
    const text = fs.readFileSync(logs, 'utf8');
    leaked = [...text.matchAll(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g)]
      .map((m) => m[0].toUpperCase())
      .filter(isValidIdNumber);
    if (!process.env.KEEP_TEST_DB) fs.rmSync(logs, { force: true });
  }
  if (runId && fs.existsSync(testEnvFile(runId))) {
    const env = JSON.parse(fs.readFileSync(testEnvFile(runId), 'utf8')) as TestEnv;
    if (!process.env.KEEP_TEST_DB) await dropDatabase(env.adminUrl, env.databaseName).catch(() => undefined);
    fs.rmSync(testEnvFile(runId), { force: true });
    fs.rmSync(env.bundlePath, { force: true });
  }
  if (leaked.length > 0)
    throw new Error(
      `the workers' logs of this run hold ${leaked.length} identity number(s), e.g. ${maskIdNumber(leaked[0])}`,
    );
}
