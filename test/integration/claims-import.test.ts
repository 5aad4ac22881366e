// The participant import over HTTP against real Postgres and Temporal: bad rows rejected with reasons, a bad
// file refused whole, one person merged across regions, a re-import that changes nothing, and a worker killed
// in the middle of an import that loses and doubles nothing.
import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';
import { servedSchemas } from '../support/openapi';
import { startWorkerProcess, stopProcess } from '../support/processes';
import { stageParticipantUpload } from '../../api/claims.service';
import { STAGING_BATCH, StagingPool } from '../../api/participant-staging';
import { loadConfig } from '../../config';
import { createSealer } from '../../db/sealing';
import { loadRoundClaims } from '../../db/claims.repository';
import { mustAct } from '../support/case-flow';
import { idNumberOf } from '../support/refunds';

const QUEUE = 'cases-claims';
const BULK = 'bulk-claims';
let api: TestApi;
let worker: ChildProcess;

const startWorker = () =>
  startWorkerProcess({
    databaseUrl: api.env.databaseUrl,
    temporalAddress: api.env.temporalAddress,
    namespace: api.env.namespace,
    taskQueue: QUEUE,
    bundlePath: api.env.bundlePath,
    env: { BULK_TASK_QUEUE: BULK },
  });

beforeAll(async () => {
  api = await startTestApi({ taskQueue: QUEUE, env: { BULK_TASK_QUEUE: BULK } });
  worker = await startWorker();
}, 300_000);
afterAll(async () => {
  await stopProcess(worker);
  await api.close();
}, 300_000);

const HEADER = 'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n';
const row = (i: number, principal = 1_000_000 + i, returns = 0, refunded = 0) =>
  `岩某${i},${idNumberOf(i)},${principal},${returns},${refunded},1388800${String(i % 10000).padStart(4, '0')},农业银行勐海支行,6228480${String(i).padStart(9, '0')}\n`;

async function openCase(assisting: string[] = []) {
  const res = await api.call('POST', '/api/cases', {
    token: token('financial_office'),
    body: openingBody({ assistingRegionCodes: assisting }),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function upload(caseId: string, csv: string | Buffer, region = '532822') {
  const res = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token('financial_office', region)}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), headers: res.headers };
}

async function waitForJob(jobId: string, region = '532822', onProgress?: (done: number) => Promise<void>) {
  for (let i = 0; i < 600; i++) {
    const res = await api.call('GET', `/api/jobs/${jobId}`, { token: token('financial_office', region) });
    expect(res.status).toBe(200);
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body;
    if (onProgress) await onProgress(res.body.progress.done);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

test('When a CSV has bad rows, then the good rows are registered, masked, and each bad row is reported with its reason', async () => {
  const caseId = await openCase();
  const badCheck = idNumberOf(3).slice(0, 17) + (idNumberOf(3)[17] === '0' ? '1' : '0');
  const csv =
    HEADER +
    row(1) +
    row(2, 500_000, 600_000, 0) + // more back than in: a receivable, not a rejection
    `岩某3,${badCheck},100,0,0,,,\n` +
    `岩某4,${idNumberOf(4)},-5,0,0,,,\n` +
    `岩某5,${idNumberOf(5)},12.50,0,0,,,\n` +
    `,${idNumberOf(6)},100,0,0,,,\n` +
    `岩某7,${idNumberOf(7)},100,0,0\n` +
    row(8);

  const res = await upload(caseId, csv);
  expect(res.status).toBe(202);
  expect(res.headers.get('location')).toBe(`/api/jobs/${res.body.id}`);
  expect(res.body.progress).toEqual({ done: 0, total: 3 });
  const job = await waitForJob(res.body.id);
  expect(job).toMatchObject({ state: 'succeeded', progress: { done: 3, total: 3 } });
  expect(job.result).toMatchObject({ staged: 3, rejected: 5, newParticipants: 3, records: 3, duplicates: 0 });

  const rejections = await api.call('GET', `/api/jobs/${res.body.id}/rejections`, {
    token: token('financial_office'),
  });
  expect(rejections.headers.get('content-type')).toMatch(/text\/csv/);
  const lines = rejections.text.trim().split('\r\n');
  expect(lines[0]).toBe('lineNo,reason');
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['4', '5', '6', '7', '8']);
  expect(lines[1]).toMatch(/GB 11643/);
  expect(lines[2]).toMatch(/负数/);
  expect(lines[3]).toMatch(/整数/);
  expect(lines[4]).toMatch(/姓名/);
  expect(lines[5]).toMatch(/应有8列/);

  const list = await api.call('GET', `/api/cases/${caseId}/participants`, {
    token: token('financial_office'),
  });
  expect(list.status).toBe(200);
  expect((await servedSchemas(api))('ParticipantPage')(list.body)).toEqual([]);
  expect(list.body.total).toBe(3);
  const first = list.body.items[0];
  expect(first.identityMasked).toBe(`${idNumberOf(1).slice(0, 4)}**********${idNumberOf(1).slice(-4)}`);
  expect(first.bankAccountMasked).toBe('尾号0001');
  expect(list.text).not.toContain(idNumberOf(1));
  expect(list.body.items[1]).toMatchObject({ lossFen: 0, receivableFen: 100_000 });

  // Nothing readable at rest: the identity number is in no column of the register or the records.
  const stored = await api.db('participants').where({ case_id: caseId });
  expect(JSON.stringify(stored)).not.toContain(idNumberOf(1).slice(6, 14));
  expect(await api.db('participant_import_rows').where({ job_id: res.body.id })).toHaveLength(0);

  // The job is its owner's only.
  const other = await api.call('GET', `/api/jobs/${res.body.id}`, {
    token: token('financial_office', '532801'),
  });
  expect(other.status).toBe(404);
});

const manyRows = (n: number) => Array.from({ length: n }, (_, i) => row(90_000 + i)).join('');

test('When the file fails as a whole, then it is refused and nothing changes', async () => {
  const caseId = await openCase();
  const jobsBefore = await api.db('jobs').count<{ n: string }[]>({ n: '*' });
  const stagedBefore = await api.db('participant_import_rows').count<{ n: string }[]>({ n: '*' });
  const cases: [string | Buffer, RegExp][] = [
    ['name,idNumber,principalFen,returnsFen\n' + row(1), /refundedFen/],
    ['name,passport,principalFen,returnsFen,refundedFen\nx,1,1,0,0\n', /passport/],
    [HEADER, /没有集资参与人/],
    [HEADER + row(1) + '"unclosed,' + idNumberOf(2) + ',1,0,0,,,\n', /引号/],
    // Larger than a batch, so its first batches are being sealed on the staging threads when the file fails.
    [HEADER + manyRows(3 * 2000) + '"unclosed,' + idNumberOf(2) + ',1,0,0,,,\n', /引号/],
    [
      Buffer.concat([Buffer.from(HEADER + manyRows(3 * 2000)), Buffer.from([0x78, 0x2c, 0xff, 0x0a])]),
      /UTF-8/,
    ],
  ];
  for (const [csv, message] of cases) {
    const res = await upload(caseId, csv);
    if (res.status !== 400) console.log(String(csv).slice(0, 80), res.body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.detail).toMatch(message);
  }
  const wrongType = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token('financial_office')}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(wrongType.status).toBe(400);
  expect(await api.db('participants').where({ case_id: caseId })).toHaveLength(0);
  expect(await api.db('participant_import_rows').count<{ n: string }[]>({ n: '*' })).toEqual(stagedBefore);
  expect(await api.db('jobs').count<{ n: string }[]>({ n: '*' })).toEqual(jobsBefore);
});

test('When the same person is registered in two regions, then they are one participant with two claims, and the merge is reported', async () => {
  const caseId = await openCase(['532801']);
  const lead = await upload(caseId, HEADER + row(10, 800_000) + row(11, 300_000) + row(11, 300_000));
  await waitForJob(lead.body.id);
  const assisting = await upload(caseId, HEADER + row(10, 200_000, 50_000) + row(12, 100_000), '532801');
  expect(assisting.status).toBe(202);
  const job = await waitForJob(assisting.body.id, '532801');
  expect(job.result).toMatchObject({ newParticipants: 1, records: 2, participantsMerged: 1, mergedLines: 1 });

  const merges = await api.call('GET', `/api/jobs/${assisting.body.id}/merges`, {
    token: token('financial_office', '532801'),
  });
  const [head, line] = merges.text.trim().split('\r\n');
  expect(head).toBe('lineNo,participantId,name,identity,regions,records,existedBefore');
  expect(line).toMatch(/^2,[0-9a-f-]{36},岩某10,.*,532801 532822,2,yes$/);

  const list = await api.call('GET', `/api/cases/${caseId}/participants`, {
    token: token('financial_office'),
  });
  expect(list.body.total).toBe(3);
  const p10 = list.body.items.find((p: { name: string }) => p.name === '岩某10');
  expect(p10.claims.map((c: { regionCode: string }) => c.regionCode)).toEqual(['532801', '532822']);
  expect(p10).toMatchObject({ principalFen: 1_000_000, receivedFen: 50_000, lossFen: 950_000 });
  // Two identical rows of one file are two accounts of the same person.
  const p11 = list.body.items.find((p: { name: string }) => p.name === '岩某11');
  expect(p11.claims[0]).toMatchObject({ principalFen: 600_000, records: 2 });

  // The assisting region sees its own participants only.
  const own = await api.call('GET', `/api/cases/${caseId}/participants`, {
    token: token('financial_office', '532801'),
  });
  expect(own.body.total).toBe(2);

  const summary = await api.call('GET', `/api/cases/${caseId}/claims/summary`, { token: token('leader') });
  expect(summary.status).toBe(200);
  expect(summary.body.case).toMatchObject({
    participants: 3,
    registered: 3,
    confirmed: 0,
    principalFen: 1_700_000,
    lossFen: 1_650_000,
    paidFen: 0,
  });
  expect(summary.body.regions).toEqual([
    expect.objectContaining({
      regionCode: '532801',
      participants: 2,
      principalFen: 300_000,
      lossFen: 250_000,
    }),
    expect.objectContaining({
      regionCode: '532822',
      participants: 2,
      principalFen: 1_400_000,
      lossFen: 1_400_000,
    }),
  ]);
});

test('When persons have claims in two regions, then a round reads each once, netted, attributed to the region of the larger principal (the lower code on a tie), in participant-id order', async () => {
  const caseId = await openCase(['532801']);
  await waitForJob(
    (await upload(caseId, HEADER + row(30, 800_000) + row(31, 100_000) + row(32, 500_000))).body.id,
  );
  const assisting = HEADER + row(30, 200_000, 50_000) + row(31, 400_000) + row(32, 500_000) + row(33, 70_000);
  await waitForJob((await upload(caseId, assisting, '532801')).body.id, '532801');
  await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true });
  await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true }, { region: '532801' });
  // Registered after the confirmations: a person with an undecided claim takes no part in a round.
  await waitForJob((await upload(caseId, HEADER + row(34, 90_000))).body.id);

  const read = await api.db.transaction((trx) => loadRoundClaims(trx, caseId));
  const people = await api.db('participants').where({ case_id: caseId }).select('id', 'name');
  const nameOf = new Map(people.map((p: { id: string; name: string }) => [p.id, p.name]));
  const idOf = new Map(people.map((p: { id: string; name: string }) => [p.name, p.id]));
  const expected: [string, string, number, number][] = [
    ['岩某30', '532822', 950_000, 0],
    ['岩某31', '532801', 500_000, 0],
    ['岩某32', '532801', 1_000_000, 0],
    ['岩某33', '532801', 70_000, 0],
  ];
  expected.sort((x, y) => (idOf.get(x[0])! < idOf.get(y[0])! ? -1 : 1));
  expect(
    read.participantIds.map((id, i) => [nameOf.get(id), read.regionCodes[i], read.lossFen[i], read.hold[i]]),
  ).toEqual(expected);
  expect([...read.alreadyFen, ...read.payeeId].every((x) => x === 0)).toBe(true);
});

test('When the same file is imported again, then nothing changes', async () => {
  const caseId = await openCase();
  const csv = HEADER + row(20) + row(21) + row(21);
  await waitForJob((await upload(caseId, csv)).body.id);
  const before = await api.db('claims').where({ case_id: caseId }).orderBy('participant_id');
  const again = await waitForJob((await upload(caseId, csv)).body.id);
  expect(again.result).toMatchObject({ newParticipants: 0, records: 0, duplicates: 3, claimsChanged: 0 });
  expect(await api.db('claims').where({ case_id: caseId }).orderBy('participant_id')).toEqual(before);
  expect(await api.db('claim_records').where({ case_id: caseId })).toHaveLength(3);
});

test('When the worker is killed during an import, then a new worker resumes it with no row lost or doubled', async () => {
  const caseId = await openCase();
  const n = 40_000;
  let csv = HEADER;
  for (let i = 0; i < n; i++) csv += row(1000 + i);
  const res = await upload(caseId, csv);
  expect(res.status).toBe(202);
  let killed = false;
  const job = await waitForJob(res.body.id, '532822', async (done) => {
    if (!killed && done > 0 && done < n) {
      killed = true;
      await stopProcess(worker, 'SIGKILL');
      worker = await startWorker();
    }
  });
  expect(killed).toBe(true);
  expect(job).toMatchObject({ state: 'succeeded', progress: { done: n, total: n } });
  expect(job.result).toMatchObject({ newParticipants: n, records: n, duplicates: 0 });
  const [{ records, lines }] = await api
    .db('claim_records')
    .where({ case_id: caseId })
    .select(api.db.raw('count(*)::int AS records, count(DISTINCT line_no)::int AS lines'));
  expect({ records, lines }).toEqual({ records: n, lines: n });
  const [{ participants }] = await api
    .db('participants')
    .where({ case_id: caseId })
    .select(api.db.raw('count(*)::int AS participants'));
  expect(participants).toBe(n);
});

test('When a file larger than a batch is staged by threads, then it stages exactly what the event loop stages', async () => {
  const caseId = await openCase();
  // Identical rows far apart (the k-th is the k-th record) and a bad row in every batch.
  let csv = HEADER;
  for (let i = 0; i < 2 * STAGING_BATCH + 500; i++)
    csv += i % 997 === 0 ? 'x,1,2,3\n' : row(50_000 + (i % 3000), 2_000_000 + (i % 3000));
  const sealing = loadConfig({}).sealing;
  const sealer = createSealer(sealing);
  const pool = new StagingPool(sealing, 2);
  const staged: Record<string, unknown>[][] = [];
  try {
    for (const threads of [null, pool]) {
      const jobId = crypto.randomUUID();
      await stageParticipantUpload(api.db, sealer, {
        jobId,
        caseId,
        regionCode: '532822',
        ownerUserId: 'test',
        body: Readable.from([Buffer.from(csv)]),
        pool: threads,
      });
      const rows = await api
        .db('participant_import_rows')
        .where({ job_id: jobId })
        .orderBy('line_no')
        .select(
          'line_no',
          'participant_id',
          'kind',
          'name',
          'identity_hmac',
          'sealed',
          'identity_masked',
          'bank_account_masked',
          'principal_fen',
          'fingerprint',
          'key_id',
        );
      expect(rows.map((r) => r.participant_id)).toEqual(rows.map((r) => r.participant_id).sort());
      staged.push(
        rows.map(({ participant_id: _id, sealed, ...r }) => ({
          ...r,
          personal: sealer.open({ keyId: r.key_id, box: sealed }),
        })),
      );
      await api.db('participant_import_rows').where({ job_id: jobId }).delete();
    }
  } finally {
    await pool.stop();
  }
  expect(staged[1]).toEqual(staged[0]);
  expect(staged[0]).toHaveLength(2 * STAGING_BATCH + 500 - 5);
  // 3000 people, the first 1500 of them twice: two records each, with two fingerprints.
  expect(new Set(staged[0].map((r) => (r.fingerprint as Buffer).toString('hex'))).size).toBe(
    staged[0].length,
  );
});
