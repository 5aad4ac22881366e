// A case survives its worker being killed between and during actions: a new worker carries on, with no
// lost or doubled event, notice or document number.
import type { ChildProcess } from 'node:child_process';
import { type TestApi, startTestApi } from '../support/api';
import { MAIN_LINE, act, mustAct, openCase } from '../support/case-flow';
import { startWorkerProcess, stopProcess } from '../support/processes';

const QUEUE = 'cases-durability';
let api: TestApi;
let worker: ChildProcess;

const startWorker = () =>
  startWorkerProcess({
    databaseUrl: api.env.databaseUrl,
    temporalAddress: api.env.temporalAddress,
    namespace: api.env.namespace,
    taskQueue: QUEUE,
    bundlePath: api.env.bundlePath,
  });

beforeAll(async () => {
  // Long enough for a killed worker's task to time out and a new worker to start on a loaded machine: this
  // test is about nothing being lost or doubled; the time limit and its 503 are worker-down.test.ts's.
  api = await startTestApi({ taskQueue: QUEUE, env: { ACTION_TIMEOUT_MS: '120000' } });
  worker = await startWorker();
}, 300_000);
afterAll(async () => {
  await stopProcess(worker);
  await api.close();
}, 300_000);

test('When the worker is killed between and during actions, then another carries the case on with nothing lost or doubled', async () => {
  const c = await openCase(api);
  const steps = MAIN_LINE;
  for (const [i, step] of steps.entries()) {
    if (i % 4 === 1) {
      // Between actions: kill -9, start a fresh worker process.
      await stopProcess(worker, 'SIGKILL');
      worker = await startWorker();
    }
    if (i % 4 === 3) {
      // During an action: the request is in flight when the worker dies; the Update survives and the new
      // worker completes it (after the workflow task times out on the dead one).
      const key = `durable-${c.id}-${i}`;
      const pending = act(api, c.id, step.role, step.action, step.body, { key, region: step.region });
      await new Promise((r) => setTimeout(r, 30));
      await stopProcess(worker, 'SIGKILL');
      worker = await startWorker();
      const res = await pending;
      expect({ step: step.action, status: res.status }).toEqual({ step: step.action, status: 200 });
      // The client retries with the same key: the same event comes back, nothing is applied twice.
      const again = await act(api, c.id, step.role, step.action, step.body, { key, region: step.region });
      expect(again.status).toBe(200);
      expect(again.body.event.id).toBe(res.body.event.id);
      expect(again.body.notices.map((n: { id: string }) => n.id)).toEqual(
        res.body.notices.map((n: { id: string }) => n.id),
      );
      continue;
    }
    await mustAct(api, c.id, step.role, step.action, step.body, { region: step.region });
  }
  const row = await api.db('cases').where({ id: c.id }).first();
  expect(row.stage).toBe('closed');
  const events = await api.db('case_events').where({ case_id: c.id }).orderBy('seq');
  expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
  const actions = events.map((e) => e.action).filter((a) => a !== 'stage_changed');
  expect(actions).toEqual(['open_case', ...steps.map((s) => s.action)]);
  // Every document series of this case is gapless from 1 and without duplicates.
  const notices = await api
    .db('notices')
    .where({ case_id: c.id })
    // Court documents are numbered by the case's 案号 (court_case_numbers), checked below.
    .whereNot({ kind: 'judgment' })
    .select('doc_code', 'seq', 'issuing_unit_id', 'year');
  const bySeries = new Map<string, number[]>();
  for (const n of notices) {
    const k = `${n.issuing_unit_id}|${n.doc_code}|${n.year}`;
    bySeries.set(k, [...(bySeries.get(k) ?? []), n.seq]);
  }
  for (const [series, seqs] of bySeries) {
    const [unitId, docCode, year] = series.split('|');
    const where = { issuing_unit_id: unitId, doc_code: docCode, year: Number(year) };
    const counter = await api
      .db('doc_number_counters')
      .where({ unit_id: unitId, doc_code: docCode, year: Number(year) })
      .first();
    const all = await api.db('notices').where(where).orderBy('seq').pluck('seq');
    expect(all).toEqual(all.map((_s: number, i: number) => i + 1));
    expect(counter.last_seq).toBe(all.length);
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  // One 案号 per instance, each carried by exactly that instance's judgment or ruling.
  const caseNos = await api.db('court_case_numbers').where({ case_id: c.id }).orderBy('instance');
  const judgments = await api.db('notices').where({ case_id: c.id, kind: 'judgment' }).orderBy('issue_order');
  expect(judgments.map((j) => j.doc_no)).toEqual(caseNos.map((n) => n.case_no));
}, 300_000);
