// Integration tier set-up, once per run: a Temporal dev server of our own (in memory, on a free port), a
// fresh database migrated from zero and seeded, the workflow bundle built once, and two real worker
// processes (real-time deadlines, and 86400× for escalation tests).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureTemporal, quietBundlerLogger, startDevServer } from '../../scripts/temporal';
import { adminDatabaseUrl, createMigratedDatabase } from '../../scripts/postgres';
import { startWorkerProcess } from '../support/processes';
import { workerLogFile, TEST_RUN_VAR, type TestEnv, testEnvFile } from '../support/env';

const ROOT = path.resolve(__dirname, '..', '..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });

export default async function globalSetup(): Promise<void> {
  const binary = ensureTemporal((m) => console.log(m));
  const port = await freePort();
  const namespace = 'chufei-test';
  const temporal = await startDevServer({
    binary,
    host: '127.0.0.1',
    port,
    uiPort: 0,
    namespace,
    dbFile: path.join(ROOT, '.data', 'test', `temporal-${port}.sqlite`),
    headless: true,
  });
  (globalThis as Record<string, unknown>).__temporal = temporal;

  const serverUrl = adminDatabaseUrl(process.env.DATABASE_URL);
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const databaseName = `chufei_test_${runId.replace('-', '_')}`;
  const databaseUrl = await createMigratedDatabase(serverUrl, databaseName);

  const bundlePath = path.join(ROOT, '.data', 'test', `workflow-bundle-${runId}.js`);
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'workflows', 'index.ts'),
    logger: quietBundlerLogger,
  });
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  fs.writeFileSync(bundlePath, code);

  const temporalAddress = `127.0.0.1:${port}`;
  const base = { databaseUrl, temporalAddress, namespace, bundlePath, logFile: workerLogFile(runId) };
  const workers = await Promise.all([
    startWorkerProcess({ ...base, taskQueue: 'cases-test' }),
    startWorkerProcess({ ...base, taskQueue: 'cases-fast', timeScale: 86400 }),
  ]);
  (globalThis as Record<string, unknown>).__workers = workers;

  const env: TestEnv = {
    databaseUrl,
    adminUrl: serverUrl,
    databaseName,
    temporalAddress,
    namespace,
    taskQueue: 'cases-test',
    fastTaskQueue: 'cases-fast',
    bundlePath,
    workerPids: workers.map((w) => w.pid!),
  };
  const file = testEnvFile(runId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(env, null, 2));
  // Inherited by the test workers jest starts after this set-up, and read by the teardown.
  process.env[TEST_RUN_VAR] = runId;
}
