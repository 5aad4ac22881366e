import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { stopProcess } from '../support/processes';
import { dropDatabase } from '../../scripts/postgres';
import { TEST_ENV_FILE, type TestEnv } from '../support/env';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  await Promise.all(((g.__workers as ChildProcess[]) ?? []).map((w) => stopProcess(w)));
  if (g.__temporal) await stopProcess(g.__temporal as ChildProcess);
  if (fs.existsSync(TEST_ENV_FILE)) {
    const env = JSON.parse(fs.readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
    if (!process.env.KEEP_TEST_DB) await dropDatabase(env.adminUrl, env.databaseName).catch(() => undefined);
  }
}
