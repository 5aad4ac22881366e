// Temporal histories hold no personal data (issue 14, failed 1 and build 3): every payload passes through the
// sealing codec (payload-codec.ts), so `temporal workflow show` of a case prints no identity number or
// account; the codec endpoint opens them for an administrator (the Temporal CLI, as the Web UI does, speaks
// the codec server protocol to it) and for no one else; and the logs of a run name none of them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';
import { advanceUntil, mustAct } from '../support/case-flow';
import { startWorkerProcess } from '../support/processes';
import { readTestEnv } from '../support/env';
import { caseWorkflowId } from '../../workflows/case.messages';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', '.tools', 'bin', 'temporal');
const ID = '532822198001010010';
const ACCOUNT = '6228480000000007788';
const TASK_QUEUE = 'cases-sealing';

let api: TestApi;
let worker: ChildProcess;
let caseId: string;
const workerLog: string[] = [];
const apiLog: string[] = [];

const show = async (extra: string[] = []) =>
  (
    await run(
      CLI,
      [
        'workflow',
        'show',
        '--workflow-id',
        caseWorkflowId(caseId),
        '--address',
        api.env.temporalAddress,
        '--namespace',
        api.env.namespace,
        '--output',
        'json',
        ...extra,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    )
  ).stdout;

/** Every payload of a history as the CLI prints it: its encoding and its data, base64-decoded. */
function payloadsOf(historyJson: string): { encoding: string; text: string }[] {
  const out: { encoding: string; text: string }[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (o === null || typeof o !== 'object') return;
    const p = o as { metadata?: Record<string, string>; data?: string };
    if (p.metadata && typeof p.metadata.encoding === 'string')
      out.push({
        encoding: Buffer.from(p.metadata.encoding, 'base64').toString('utf8'),
        text: Buffer.from(p.data ?? '', 'base64').toString('utf8'),
      });
    Object.values(o).forEach(walk);
  };
  walk(JSON.parse(historyJson));
  return out;
}

beforeAll(async () => {
  // A worker of this file's own, logging at debug, and the API logging at debug, so the whole run's logs
  // can be read.
  const env = readTestEnv();
  worker = await startWorkerProcess({
    databaseUrl: env.databaseUrl,
    temporalAddress: env.temporalAddress,
    namespace: env.namespace,
    taskQueue: TASK_QUEUE,
    bundlePath: env.bundlePath,
    env: { LOG_LEVEL: 'debug' },
  });
  const collect = (b: Buffer) => void workerLog.push(b.toString('utf8'));
  worker.stdout?.on('data', collect);
  worker.stderr?.on('data', collect);
  api = await startTestApi({ taskQueue: TASK_QUEUE, logLines: apiLog, env: { LOG_LEVEL: 'debug' } });
  const opened = await api.call('POST', '/api/cases', {
    token: token('financial_office'),
    body: openingBody(),
  });
  if (opened.status !== 201) throw new Error(opened.text);
  caseId = opened.body.id;
  await advanceUntil(api, caseId, 'request_arrest');
  await mustAct(api, caseId, 'police', 'freeze_assets', {
    assetKind: 'deposit',
    holderName: '张某',
    institution: '农业银行勐海支行',
    accountNo: ACCOUNT,
    amountFen: 1_000_000,
  });
  // A refused action with an identity number in its body: refusals are logged too.
  await api.call('POST', `/api/cases/${caseId}/actions/freeze_assets`, {
    token: token('bank'),
    body: { assetKind: 'deposit', holderName: ID, institution: '某行', accountNo: ACCOUNT, amountFen: 1 },
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  worker?.kill('SIGTERM');
});

test('When a case history is read with the Temporal CLI, then no identity number or account is in it, and its payloads are sealed', async () => {
  const history = await show();
  const payloads = payloadsOf(history);
  const readable = [history, ...payloads.map((p) => p.text)].join('\n');
  for (const secret of [ID, ACCOUNT, '19800101']) expect(readable).not.toContain(secret);
  // The case's input, its Updates' arguments and results, the activities' results: all sealed. What stays
  // readable is Temporal's own: search attributes (case number, stage, regions) and the local-activity
  // markers' bookkeeping.
  const sealed = payloads.filter((p) => p.encoding === 'binary/encrypted');
  expect(sealed.length).toBeGreaterThan(10);
  for (const p of payloads.filter((x) => x.encoding !== 'binary/encrypted'))
    expect(p.text).not.toMatch(/subjects|accountNo|holderName/);
});

test('When an administrator reads it through the codec endpoint, then the payloads open; anyone else is refused', async () => {
  const codec = ['--codec-endpoint', `${api.url}/codec`];
  const opened = payloadsOf(await show([...codec, '--codec-auth', `Bearer ${token('admin')}`]));
  expect(opened.filter((p) => p.encoding === 'binary/encrypted')).toEqual([]);
  const text = opened.map((p) => p.text).join('\n');
  expect(text).toContain(ID);
  expect(text).toContain(ACCOUNT);

  const refused = await api.call('POST', '/codec/decode', {
    token: token('police'),
    body: { payloads: [] },
  });
  expect(refused.status).toBe(403);
  const forged = await api.call('POST', '/codec/decode', {
    token: token('admin'),
    body: {
      payloads: [
        {
          metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') },
          data: Buffer.alloc(40).toString('base64'),
        },
      ],
    },
  });
  expect(forged.status).toBe(400);
  expect(forged.headers.get('content-type')).toMatch(/application\/problem\+json/);
});

test('When the logs of the whole run are read, then no identity number or account is in them', () => {
  const logs = [...workerLog, ...apiLog].join('');
  expect(apiLog.length).toBeGreaterThan(10);
  for (const secret of [ID, ACCOUNT, '19800101']) expect(logs).not.toContain(secret);
});
