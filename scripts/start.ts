// npm start: brings up the whole system on one machine — Postgres (resolved or embedded), the Temporal dev
// server (built once from the Go module proxy), migrations and reference data, the worker and the API — and
// stops all of it on Ctrl-C or SIGTERM, leaving no process or port behind.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createDb } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { holidayDataYears } from '../db/holiday-data';
import { seedReferenceData } from '../db/seed';
import { ensurePdfPrinting } from './pdf-setup';
import { ensureTemporal, portOpen, startDevServer, waitFor } from './temporal';
import { resolveDatabase } from './postgres';
import { ensureConsoleBuilt } from './console';
import { type Supervised, supervise } from './supervisor';

const started = Date.now();
const say = (msg: string) => console.log(`[start ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

async function main(): Promise<void> {
  const config = loadConfig();
  ensurePdfPrinting(config.chromiumPath, say);
  const children: { name: string; proc: ChildProcess }[] = [];
  let stopping = false;
  const resolved: { database?: Awaited<ReturnType<typeof resolveDatabase>> } = {};

  const supervised: Supervised[] = [];
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    // API first (no new requests), then the worker, then Temporal, then an embedded Postgres.
    for (const s of [...supervised].reverse()) {
      await s.stop();
      say(`${s.name} stopped`);
    }
    for (const { name, proc } of [...children].reverse()) {
      if (proc.exitCode !== null || proc.signalCode !== null) continue;
      proc.kill('SIGTERM');
      const exited = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 10_000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve(true);
        });
      });
      if (!exited) proc.kill('SIGKILL');
      say(`${name} stopped`);
    }
    if (resolved.database?.stop) await resolved.database.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const temporalBin = ensureTemporal(say);
  // Before the API starts, so its first page is the current console (a no-op when the build is current).
  ensureConsoleBuilt(say);
  const database = await resolveDatabase({
    url: config.database.url,
    name: config.database.name,
    dataDir: config.dataDir,
    log: say,
  });
  resolved.database = database;
  say(`Postgres: ${database.kind} (${database.url.replace(/:[^:@/]*@/, ':***@')})`);

  const db = createDb(database.url);
  try {
    const applied = await migrateLatest(db);
    const seeded = await seedReferenceData(db, {
      devUsers: config.mode === 'development',
      // Every year the holiday package carries; a year it lacks (2027 until published) is entered
      // with `npm run cli -- calendar set` and until then its due dates carry NO_CALENDAR_FOR_YEAR.
      calendarYears: holidayDataYears(),
    });
    say(
      `migrations: ${applied.length} applied; reference data: ${seeded.units} units, ${seeded.users} dev users, ${seeded.calendarDays} calendar days`,
    );
  } finally {
    await db.destroy();
  }

  const [host, portText] = config.temporal.address.split(':');
  const temporalPort = Number(portText);
  if (config.temporal.manageDevServer) {
    if (await portOpen(host, temporalPort)) {
      say(`Temporal already answers on ${config.temporal.address}; using it`);
    } else {
      say('starting the Temporal dev server…');
      const proc = await startDevServer(
        {
          binary: temporalBin,
          host,
          port: temporalPort,
          uiPort: config.temporal.uiPort,
          namespace: config.temporal.namespace,
          dbFile: path.join(config.dataDir, 'temporal.sqlite'),
        },
        (line) => {
          if (/level=(ERROR|FATAL)/.test(line)) console.error(`[temporal] ${line}`);
        },
      );
      children.push({ name: 'temporal', proc });
    }
  }

  const env = { ...process.env, DATABASE_URL: database.url };
  // The worker and the API are supervised (scripts/supervisor.ts): one that dies is started again after a
  // back-off, with a log line, while everything else keeps running. Temporal and Postgres are not restarted:
  // without them nothing could run, and their own logs say why they stopped.
  const worker = supervise('worker', 'worker.ts', { env, say });
  const api = supervise('api', 'api/server.ts', { env, say });
  supervised.push(worker, api);
  const apiUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  await waitFor(
    'the API',
    async () => {
      try {
        // Any answer: /healthz is 503 until a worker polls, which the next wait is for.
        return (await fetch(`${apiUrl}/healthz`)).status > 0;
      } catch {
        return false;
      }
    },
    120_000,
  );
  // Actions are answered only once a worker polls the task queue: the banner waits for one.
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    await waitFor(
      'the worker',
      async () => {
        const res = await connection.workflowService.describeTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: { name: config.temporal.taskQueue },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        });
        return (res.pollers ?? []).length > 0;
      },
      120_000,
    );
  } finally {
    await connection.close();
  }

  const line = '─'.repeat(72);
  console.log(`\n${line}
 处非案件处置系统 is running (${config.mode}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s
   Console        ${apiUrl}/
   API            ${apiUrl}/api    (docs: ${apiUrl}/api/docs)
   Temporal       ${config.temporal.address}   namespace ${config.temporal.namespace}
   Temporal UI    http://${host}:${config.temporal.uiPort}
   Postgres       ${database.kind}
${
  config.mode === 'development'
    ? `   Dev tokens     Authorization: Bearer dev-<role>-<regionCode>
                  roles: financial_office police procuratorate court petition_bureau township bank leader admin
                  regions: 532822 勐海县  532801 景洪市  532823 勐腊县  532800 西双版纳州
                  e.g. curl -H 'Authorization: Bearer dev-financial_office-532822' ${apiUrl}/api/me
`
    : `   Sign-in        username and password (POST /api/session); the first administrator:
                  npm run cli -- users add NAME --unit <region>-admin --name 显示名 --password-stdin
`
} Ctrl-C stops everything.
${line}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
