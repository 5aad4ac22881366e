// The stack as npm start runs it heals (issue 14, build 6): the worker and the API under the supervisor of
// scripts/start.ts (scripts/supervisor.ts); the worker is killed with SIGKILL. The supervisor logs the restart,
// the API keeps answering, an action sent while no worker answers gets 503 within its time limit and is not
// applied once the worker is back, and an action after the restart works.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { type Supervised, supervise } from '../../scripts/supervisor';
import { readTestEnv } from '../support/env';
import { openingBody, token } from '../support/api';
import pg from 'pg';

const env = readTestEnv();
const lines: string[] = [];
const started: string[] = [];
let worker: Supervised;
let api: Supervised;
let url: string;
let db: pg.Client;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });

async function until(what: string, ok: () => Promise<boolean> | boolean, tries = 240): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never: ${what}\n${lines.join('\n')}`);
}

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  // Bounded: an action that hung (as before issue 14) fails the test instead of stalling it.
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token('financial_office')}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get('content-type') };
};

const workerStarts = () => started.filter((s) => s === 'worker').length;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    APP_MODE: 'development',
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    TEMPORAL_TASK_QUEUE: `supervised-${randomUUID().slice(0, 8)}`,
    WORKFLOW_BUNDLE_PATH: env.bundlePath,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ACTION_TIMEOUT_MS: '2000',
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PUBLIC: '0',
    AUTH_FAILURES_PER_MINUTE: '0',
  };
  const watch = (name: string) => (proc: ChildProcess) => {
    const onOut = (b: Buffer) => {
      const text = b.toString('utf8');
      if (/"msg":"(worker started|api listening)"/.test(text)) started.push(name);
    };
    proc.stdout?.on('data', onOut);
    proc.stderr?.on('data', () => undefined);
  };
  const say = (line: string) => void lines.push(line);
  // A back-off long enough that an action meets no worker in between (npm start's first is 1 s).
  worker = supervise('worker', 'worker.ts', {
    env: childEnv,
    say,
    stdio: 'pipe',
    initialBackoffMs: 4000,
    onStart: watch('worker'),
  });
  api = supervise('api', 'api/server.ts', { env: childEnv, say, stdio: 'pipe', onStart: watch('api') });
  await until('the stack answers with a polling worker', async () => {
    try {
      return (await call('GET', '/healthz')).status === 200;
    } catch {
      return false;
    }
  });
  db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([api?.stop(), worker?.stop()]);
  await db?.end();
});

test('When the worker is killed, then the supervisor restarts it, the API keeps answering, an action meanwhile is 503 and never applied, and one after the restart works', async () => {
  const opened = await call('POST', '/api/cases', openingBody());
  expect(opened.status).toBe(201);
  const caseId = opened.body.id as string;
  const firstPid = worker.proc.pid!;

  worker.proc.kill('SIGKILL');
  await until('the supervisor logs the exit', () =>
    lines.some((l) => l === 'worker exited unexpectedly (SIGKILL); restarting it in 4 s'),
  );

  // The API still answers, and an action with no worker is refused in bounded time (call() aborts at 20 s).
  const read = await call('GET', `/api/cases/${caseId}`);
  expect(read.status).toBe(200);
  const meanwhile = await call(
    'POST',
    `/api/cases/${caseId}/actions/issue_warning`,
    { findings: '高息揽储', measures: ['interview'] },
    { 'idempotency-key': randomUUID() },
  );
  expect(meanwhile.status).toBe(503);
  expect(meanwhile.type).toContain('application/problem+json');
  expect(meanwhile.body.code).toBe('WORKER_UNAVAILABLE');

  await until(
    'the worker is restarted',
    () => workerStarts() === 2 && lines.some((l) => /^worker restarted/.test(l)),
  );
  expect(worker.proc.pid).not.toBe(firstPid);

  // After the restart an action works — dismiss_lead is taken only in detection, so it also shows the
  // warning sent meanwhile (detection → early warning) was never applied.
  let after = { status: 0, body: null as any, type: null as string | null };
  await until('an action after the restart', async () => {
    after = await call('POST', `/api/cases/${caseId}/actions/dismiss_lead`, {
      reason: '经核查不属于非法集资',
    });
    return after.status !== 503;
  });
  expect(after.status).toBe(200);
  expect(after.body.case.stage).toBe('closed');
  const { rows } = await db.query('SELECT action FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
  expect(rows.map((r) => r.action)).not.toContain('issue_warning');
  expect(rows.map((r) => r.action)).toContain('dismiss_lead');
  expect(api.proc.exitCode).toBeNull();
});
