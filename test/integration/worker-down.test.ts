// With no worker (issue 14, item 6): /healthz says worker: down, an action answers 503 within its time limit,
// is not applied when a worker comes back, and a retry with the same Idempotency-Key is then applied once.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';
import { startWorkerProcess, stopProcess } from '../support/processes';
import { caseWorkflowId } from '../../workflows/case.messages';

const taskQueue = `no-worker-${randomUUID().slice(0, 8)}`;
let api: TestApi;
let worker: ChildProcess | null = null;
beforeAll(async () => {
  api = await startTestApi({ taskQueue, env: { ACTION_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  if (worker) await stopProcess(worker);
  await api.close();
});

const office = token('financial_office');

const startWorker = async () => {
  worker = await startWorkerProcess({
    databaseUrl: api.env.databaseUrl,
    temporalAddress: api.env.temporalAddress,
    namespace: api.env.namespace,
    bundlePath: api.env.bundlePath,
    taskQueue,
  });
};

async function untilHealthy(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const res = await api.call('GET', '/healthz');
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the worker never showed as polling');
}

/**
 * A retry sent while the late update is still waiting to be delivered shares its update id and so its
 * rejection (503 again); once it is rejected, the next retry is judged afresh. A client retries a 503.
 */
async function retryWhileUnavailable<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 20; i++) {
    const res = await send();
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
  return send();
}

/** Updates the workflow accepted: a rejected (late) one leaves no event in the history. */
async function acceptedUpdates(workflowId: string): Promise<number> {
  const history = await api.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

describe('no worker polls the task queue', () => {
  let caseId: string;

  test('When no worker polls, then /healthz is 503 with worker: down while db and temporal are ok', async () => {
    const res = await api.call('GET', '/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', db: 'ok', temporal: 'ok', worker: 'down' });
  });

  test('When a case is opened with no worker, then 503 WORKER_UNAVAILABLE; once a worker is back the late opening is not applied and the retry with the key is', async () => {
    const key = randomUUID();
    const body = openingBody();
    const first = await api.call('POST', '/api/cases', {
      token: office,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(first.body.code).toBe('WORKER_UNAVAILABLE');

    await startWorker();
    await untilHealthy();
    const retry = await retryWhileUnavailable(() =>
      api.call('POST', '/api/cases', { token: office, body, headers: { 'idempotency-key': key } }),
    );
    expect(retry.status).toBe(201);
    caseId = retry.body.id;
    expect(await acceptedUpdates(caseWorkflowId(caseId))).toBe(1);
    expect(await api.db('case_events').where({ case_id: caseId })).toHaveLength(1);
  });

  test('When the worker is killed, then an action answers 503, is not applied when a worker returns, and its retry is applied once', async () => {
    await stopProcess(worker!, 'SIGKILL');
    worker = null;
    const key = randomUUID();
    const send = () =>
      api.call('POST', `/api/cases/${caseId}/actions/dismiss_lead`, {
        token: office,
        body: { reason: '经核查不属于非法集资' },
        headers: { 'idempotency-key': key },
      });
    const down = await send();
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('WORKER_UNAVAILABLE');

    await startWorker();
    await untilHealthy();
    const retry = await retryWhileUnavailable(send);
    expect(retry.status).toBe(200);
    expect(retry.body.case.stage).toBe('closed');
    const again = await send();
    expect(again.body.event.id).toBe(retry.body.event.id);
    expect(await api.db('case_events').where({ case_id: caseId, action: 'dismiss_lead' })).toHaveLength(1);
    // The opening and the retried dismissal; the dismissal sent while no worker polled was rejected.
    expect(await acceptedUpdates(caseWorkflowId(caseId))).toBe(2);
  });
});
