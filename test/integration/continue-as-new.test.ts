// Long-lived cases keep their histories small: the case workflow continues-as-new (here after 100 events), carry
// their state and recent update ids, and a retried request is still answered, not applied twice.
import type { ChildProcess } from 'node:child_process';
import { type TestApi, startTestApi } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';
import { startWorkerProcess, stopProcess } from '../support/processes';
import { caseWorkflowId } from '../../workflows/case.messages';
import { saveHistoryWhenRecording } from '../support/history';

const QUEUE = 'cases-short-history';
let api: TestApi;
let worker: ChildProcess;

beforeAll(async () => {
  // Workflow settings are fixed when a case starts, from the API's configuration.
  api = await startTestApi({ taskQueue: QUEUE, env: { WORKFLOW_MAX_HISTORY_EVENTS: '100' } });
  worker = await startWorkerProcess({
    databaseUrl: api.env.databaseUrl,
    temporalAddress: api.env.temporalAddress,
    namespace: api.env.namespace,
    taskQueue: QUEUE,
    bundlePath: api.env.bundlePath,
  });
});
afterAll(async () => {
  await stopProcess(worker);
  await api.close();
});

test('When a region records many actions, then the case workflow continues as new and the case carries on intact', async () => {
  const c = await openCase(api);
  const handle = api.temporal.workflow.getHandle(caseWorkflowId(c.id));
  const firstRun = (await handle.describe()).runId;
  const first = await mustAct(
    api,
    c.id,
    'township',
    'record_stabilization_measure',
    { measure: '入户走访 0' },
    { key: `m-${c.id}-0` },
  );
  for (let i = 1; i < 25; i++) {
    await mustAct(api, c.id, 'township', 'record_stabilization_measure', { measure: `入户走访 ${i}` });
  }
  const described = await api.temporal.workflow.getHandle(caseWorkflowId(c.id)).describe();
  expect(described.runId).not.toBe(firstRun);
  expect(described.historyLength).toBeLessThan(150);

  // The first request, retried after the continue-as-new, is answered with its original event.
  const retried = await act(
    api,
    c.id,
    'township',
    'record_stabilization_measure',
    { measure: '入户走访 0' },
    { key: `m-${c.id}-0` },
  );
  expect(retried.status).toBe(200);
  expect(retried.body.event.id).toBe(first.event.id);
  const events = await api.db('case_events').where({ case_id: c.id, action: 'record_stabilization_measure' });
  expect(events).toHaveLength(25);

  // The case still moves on, with its state carried over.
  const warned = await mustAct(api, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
  expect(warned.case.stage).toBe('early_warning');
  const petition = await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '李某',
    summary: '要求清退',
    channel: 'visit',
  });
  expect(petition.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_acceptance']);
  await saveHistoryWhenRecording(api, c.id, 'continued-as-new');
});
