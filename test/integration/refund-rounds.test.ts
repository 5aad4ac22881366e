// Claims confirmed and refund rounds over HTTP against real Postgres and Temporal: confirm_claims,
// dispute_claim and resolve_claim as catalogue actions; a round computed as a job (answered with its number),
// approved by the leader (清退公告, one 清退通知书 per payee, the sealed payment file with its sha256); the bank's
// result file with a failure, a reversal, a forged line, a wrong amount and a duplicate; and a second round in
// which a late registrant and the resolved disputed claim are brought up to the same cumulative share. Then the
// rules of issue 10's amendment of 2026-12-03: a snapshot is approved only on the register it was computed on,
// and a deceased participant's share goes, once the heirs prove title, to the heir's own account.
import { createHash } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../../config';
import { type SealedPersonal, createSealer } from '../../db/sealing';
import { type TestApi, startTestApi, token } from '../support/api';
import { act, advanceUntil, mustAct, openCase } from '../support/case-flow';
import { servedSchemas } from '../support/openapi';
import { startWorkerProcess, stopProcess } from '../support/processes';
import { idNumberOf } from '../support/refunds';

const QUEUE = 'cases-refunds';
const BULK = 'bulk-refunds';
let api: TestApi;
let worker: ChildProcess;

beforeAll(async () => {
  api = await startTestApi({ taskQueue: QUEUE, env: { BULK_TASK_QUEUE: BULK } });
  worker = await startWorkerProcess({
    databaseUrl: api.env.databaseUrl,
    temporalAddress: api.env.temporalAddress,
    namespace: api.env.namespace,
    taskQueue: QUEUE,
    bundlePath: api.env.bundlePath,
    env: { BULK_TASK_QUEUE: BULK },
  });
}, 300_000);
afterAll(async () => {
  await stopProcess(worker);
  await api.close();
}, 300_000);

const HEADER = 'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n';
const account = (i: number) => `6228480${String(i).padStart(9, '0')}`;
const row = (i: number, principal: number, returns = 0) =>
  `岩某${i},${idNumberOf(i)},${principal},${returns},0,,农业银行勐海支行,${account(i)}\n`;

async function upload(path: string, csv: string, role = 'financial_office') {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

async function waitForJob(jobId: string, role = 'financial_office') {
  for (let i = 0; i < 600; i++) {
    const res = await api.call('GET', `/api/jobs/${jobId}`, { token: token(role) });
    expect(res.status).toBe(200);
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

async function importRows(caseId: string, csv: string) {
  const res = await upload(`/api/cases/${caseId}/participants`, HEADER + csv);
  expect(res.status).toBe(202);
  expect(await waitForJob(res.body.id)).toMatchObject({ state: 'succeeded' });
}

let schemaOf: Awaited<ReturnType<typeof servedSchemas>> | undefined;

async function participants(caseId: string): Promise<Map<string, any>> {
  const res = await api.call('GET', `/api/cases/${caseId}/participants?pageSize=200`, {
    token: token('financial_office'),
  });
  // Every list these tests read (heirs named, holds, claims decided) is what the OpenAPI document says.
  expect((schemaOf ??= await servedSchemas(api))('ParticipantPage')(res.body)).toEqual([]);
  return new Map(res.body.items.map((p: any) => [p.name, p]));
}

async function round(caseId: string, n: number) {
  const res = await api.call('GET', `/api/cases/${caseId}/refund-rounds/${n}`, { token: token('leader') });
  expect(res.status).toBe(200);
  return res.body;
}

async function payouts(caseId: string, n: number): Promise<Map<string, Record<string, string>>> {
  const res = await api.call('GET', `/api/cases/${caseId}/refund-rounds/${n}/payouts`, {
    token: token('financial_office'),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/csv/);
  const [head, ...lines] = res.text.trim().split('\r\n');
  const cols = head.split(',');
  return new Map(
    lines.map((l) => {
      const v = l.split(',');
      const o = Object.fromEntries(cols.map((c, i) => [c, v[i]]));
      return [o.name, o];
    }),
  );
}

async function computeRound(caseId: string, poolFen: number) {
  const res = await mustAct(api, caseId, 'financial_office', 'compute_refund_round', { poolFen });
  const job = await waitForJob(res.event.payload.jobId);
  expect(job.state).toBe('succeeded');
  await expectPayoutKeysHold(caseId, res.event.payload.round);
  return res.event.payload.round as number;
}

/**
 * What the payouts' dropped foreign keys would check, after every compute of these tests: each payout is of a
 * participant of the case, and its payee (if any) one named for that participant (the compute job derives
 * both from its own read of the register and does not check them itself: db/refunds.repository.ts).
 */
async function expectPayoutKeysHold(caseId: string, roundNo: number) {
  const orphans = await api.db.raw(
    `SELECT o.participant_id FROM refund_payouts o
     LEFT JOIN participants p ON p.id = o.participant_id AND p.case_id = o.case_id
     LEFT JOIN participant_payees y ON y.id = o.payee_id AND y.participant_id = o.participant_id
     WHERE o.case_id = ? AND o.round_no = ? AND (p.id IS NULL OR (o.payee_id IS NOT NULL AND y.id IS NULL))`,
    [caseId, roundNo],
  );
  expect(orphans.rows).toEqual([]);
  const [{ n }] = await api
    .db('refund_payouts')
    .where({ case_id: caseId, round_no: roundNo })
    .count({ n: '*' });
  expect(Number(n)).toBeGreaterThan(0);
}

async function approveRound(caseId: string, n: number) {
  const res = await mustAct(api, caseId, 'leader', 'approve_refund_round', { round: n });
  expect(res.event.payload).toMatchObject({ round: n });
  const job = await waitForJob(res.event.payload.jobId, 'leader');
  expect(job.state).toBe('succeeded');
  return job.result;
}

let caseId: string;
let ids: Map<string, any>;

describe('refund rounds', () => {
  // A 100k, B 200k, F 100k confirmed; C 300k disputed; D got back more than in (a receivable, no claim).
  beforeAll(async () => {
    caseId = (await openCase(api)).id;
    await advanceUntil(api, caseId, 'complete_disposition');
    await mustAct(api, caseId, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    await importRows(
      caseId,
      row(1, 100_000) + row(2, 250_000, 50_000) + row(3, 300_000) + row(4, 10_000, 20_000) + row(6, 100_000),
    );
    ids = await participants(caseId);
  }, 120_000);

  test('When claims are confirmed for the whole region, disputed and a round computed, then the disputed share is reserved and every payee gets the same ratio', async () => {
    // Confirming and disputing are catalogue actions with their schemas.
    const catalogue = await api.call('GET', '/api/actions', { token: token('financial_office') });
    const names = (catalogue.body.items ?? catalogue.body).map((a: any) => a.name);
    expect(names).toEqual(expect.arrayContaining(['confirm_claims', 'dispute_claim', 'resolve_claim']));

    const both = await act(api, caseId, 'financial_office', 'confirm_claims', {
      all: true,
      participantIds: [ids.get('岩某1').id],
    });
    expect(both.status).toBe(400);
    const confirmed = await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true });
    expect(confirmed.event.payload).toEqual({ all: true, confirmed: 5 });
    const again = await act(api, caseId, 'financial_office', 'confirm_claims', { all: true });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');

    const unknown = await act(api, caseId, 'financial_office', 'dispute_claim', {
      participantId: '00000000-0000-4000-8000-000000000000',
      reason: '金额有误',
    });
    expect(unknown.status).toBe(404);
    await mustAct(api, caseId, 'financial_office', 'dispute_claim', {
      participantId: ids.get('岩某3').id,
      reason: '本人称另有一笔投资未计入',
    });

    // More than what was realized is refused and writes nothing.
    const events = await api.db('case_events').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' });
    const tooMuch = await act(api, caseId, 'financial_office', 'compute_refund_round', {
      poolFen: 1_000_001,
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('INVALID_TRANSITION');
    const after = await api.db('case_events').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' });
    expect(after[0].n).toBe(events[0].n);

    // A 100k, B 200k, F 100k, C 300k held: R = 350k / 700k = 0.5.
    expect(await computeRound(caseId, 350_000)).toBe(1);
    const r1 = await round(caseId, 1);
    expect(r1).toMatchObject({
      round: 1,
      state: 'computed',
      poolFen: 350_000,
      share: '0.500000',
      totalPaidFen: 200_000,
      counts: { claims: 4, payees: 3, reserved: 1 },
      totals: { reservedFen: 150_000, allocatedFen: 350_000 },
    });
    const p = await payouts(caseId, 1);
    expect(p.get('岩某1')).toMatchObject({ amountFen: '50000', disposition: 'pay', state: 'pending' });
    expect(p.get('岩某2')).toMatchObject({ amountFen: '100000', lossFen: '200000' });
    expect(p.get('岩某3')).toMatchObject({ amountFen: '150000', disposition: 'reserve', state: 'reserved' });
    expect(p.has('岩某4')).toBe(false);
    expect(p.get('岩某1')!.bankAccount).toBe('尾号0001');
    expect(JSON.stringify([...p.values()])).not.toContain(account(1));

    // Computing again before approval replaces the snapshot under the same number.
    expect(await computeRound(caseId, 350_000)).toBe(1);
  });

  test('When the leader approves the round, then the announcement, one notice per payee and the sealed payment file are issued, and the round never changes', async () => {
    const result = await approveRound(caseId, 1);
    expect(result).toMatchObject({ round: 1, notices: 3, payeesWithoutAccount: 0 });
    const kinds = await api
      .db('notices')
      .where({ case_id: caseId })
      .whereIn('kind', ['refund_announcement', 'refund_notice'])
      .select('kind');
    expect(kinds.filter((k) => k.kind === 'refund_announcement')).toHaveLength(1);
    expect(kinds.filter((k) => k.kind === 'refund_notice')).toHaveLength(3);

    // The payment file: complete accounts, only sealed at rest, its sha256 on the round.
    const sealer = createSealer(loadConfig({}).sealing);
    const chunks = await api
      .db('refund_payment_file_chunks')
      .where({ case_id: caseId, round_no: 1 })
      .orderBy('chunk_no');
    const file = chunks.map((c) => sealer.open({ keyId: c.key_id, box: c.sealed })).join('');
    expect(JSON.stringify(chunks)).not.toContain(account(1));
    expect(file).toContain(`岩某1,农业银行勐海支行,${account(1)},50000,`);
    expect(file.trim().split('\r\n')).toHaveLength(4);
    const r1 = await round(caseId, 1);
    expect(r1.state).toBe('approved');
    expect(r1.paymentFileSha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(r1.bank.outstanding).toEqual({ count: 3, fen: 200_000 });

    const twice = await act(api, caseId, 'leader', 'approve_refund_round', { round: 1 });
    expect(twice.status).toBe(409);
    await expect(
      api.db('refund_payouts').where({ case_id: caseId, round_no: 1 }).update({ amount_fen: 1 }),
    ).rejects.toThrow(/only by the bank/);
  });

  test('When the bank answers with a failure, a reversal, a forged line, a wrong amount and a duplicate, then only the valid lines apply and every 分 is accounted for', async () => {
    const p = await payouts(caseId, 1);
    const rec = (name: string) => p.get(name)!.reconciliationId;
    const bank = 'reconciliationId,amountFen,outcome,reason\n';
    const first = await upload(
      `/api/cases/${caseId}/refund-rounds/1/bank-results`,
      bank +
        `${rec('岩某1')},50000,paid,\n` +
        `${rec('岩某2')},100000,failed,账户已销户\n` +
        `${rec('岩某6')},49999,paid,\n` +
        `7d2f1c1e-0000-4000-8000-00000000beef,100,paid,\n`,
    );
    expect(first.status).toBe(202);
    const j1 = await waitForJob(first.body.id);
    expect(j1.result).toMatchObject({ lines: 4, paid: 1, failed: 1, amount_mismatch: 1, unknown: 1 });
    const problems = await api.call('GET', `/api/jobs/${first.body.id}/bank-problems`, {
      token: token('financial_office'),
    });
    expect(problems.text).toContain('amount_mismatch');
    expect(problems.text).toContain('7d2f1c1e-0000-4000-8000-00000000beef,unknown');

    const second = await upload(
      `/api/cases/${caseId}/refund-rounds/1/bank-results`,
      bank +
        `${rec('岩某1')},50000,reversed,收款行退回\n` +
        `${rec('岩某6')},50000,paid,\n` +
        `${rec('岩某6')},50000,paid,\n` +
        `${rec('岩某2')},100000,paid,\n`,
    );
    const j2 = await waitForJob(second.body.id);
    expect(j2.result).toMatchObject({ lines: 4, reversed: 1, duplicate: 2, not_allowed: 1 });

    const r1 = await round(caseId, 1);
    expect(r1.bank).toEqual({
      paid: { count: 0, fen: 0 },
      failed: { count: 1, fen: 100_000 },
      reversed: { count: 1, fen: 50_000 },
      outstanding: { count: 1, fen: 50_000 },
    });
    const malformed = await upload(
      `/api/cases/${caseId}/refund-rounds/1/bank-results`,
      bank + `x,12.5,paid,\n`,
    );
    expect(malformed.status).toBe(400);
    const assisting = await fetch(`${api.url}/api/cases/${caseId}/refund-rounds/1/bank-results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('financial_office', '532801')}`, 'content-type': 'text/csv' },
      body: bank,
    });
    expect([403, 404]).toContain(assisting.status);
  });

  test('When a late registrant is confirmed and the dispute resolved, then round two brings every claim to one cumulative share, failed and reversed money back in the pool', async () => {
    await importRows(caseId, row(7, 400_000));
    const late = (await participants(caseId)).get('岩某7');
    const listed = await mustAct(api, caseId, 'financial_office', 'confirm_claims', {
      participantIds: [late.id],
    });
    expect(listed.event.payload.confirmed).toBe(1);
    await mustAct(api, caseId, 'financial_office', 'resolve_claim', {
      participantId: ids.get('岩某3').id,
      outcome: 'confirmed',
      reason: '经核实，异议不成立',
    });
    // Paid or pending after round one: only F's 50k (A reversed, B failed). 1100k × R − 50k = 610k: R = 0.6.
    expect(await computeRound(caseId, 610_000)).toBe(2);
    const r2 = await round(caseId, 2);
    expect(r2).toMatchObject({ share: '0.600000', totalPaidFen: 610_000, counts: { claims: 5, payees: 5 } });
    const p = await payouts(caseId, 2);
    expect(Object.fromEntries([...p].map(([k, v]) => [k, Number(v.amountFen)]))).toEqual({
      岩某1: 60_000,
      岩某2: 120_000,
      岩某3: 180_000,
      岩某6: 10_000,
      岩某7: 240_000,
    });
    await approveRound(caseId, 2);
    const summary = await api.call('GET', `/api/cases/${caseId}/claims/summary`, { token: token('leader') });
    expect(summary.body.case).toMatchObject({ paidFen: 660_000, receivables: 1 });
  });
});

describe('held claims and the payment file', () => {
  let hid: string;
  let who: Map<string, any>;
  const downloads = async () =>
    Number(
      (
        await api
          .db('refund_data_access')
          .where({ case_id: hid, kind: 'payment_file_download' })
          .count<{ n: string }[]>({ n: '*' })
      )[0].n,
    );
  const fetchFile = (query: string, role = 'financial_office', region = '532822') =>
    fetch(`${api.url}/api/cases/${hid}/refund-rounds/1/payment-file${query}`, {
      headers: { authorization: `Bearer ${token(role, region)}` },
    });

  // A 100k and B 200k confirmed; H 100k confirmed and deceased: held until the heirs prove title.
  beforeAll(async () => {
    hid = (await openCase(api)).id;
    await advanceUntil(api, hid, 'complete_disposition');
    await mustAct(api, hid, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    await mustAct(api, hid, 'financial_office', 'set_requirements', {
      registrationCriteria: '向平台投入资金的单位和个人',
      evidenceStandards: '平台账户流水',
      disposalPrinciples: '统一比例清退',
      objectionDays: 20,
      payStartsAfterDays: 5,
      payEndsAfterDays: 30,
    });
    await importRows(hid, row(21, 100_000) + row(22, 200_000) + row(23, 100_000));
    who = await participants(hid);
    await mustAct(api, hid, 'financial_office', 'confirm_claims', { all: true });
  }, 120_000);

  test('When a deceased participant is held in round one and released on the heirs’ proof, then round two brings them up to the cumulative share to the 分', async () => {
    const h = who.get('岩某23').id;
    const before = await api.db('case_events').where({ case_id: hid }).count<{ n: string }[]>({ n: '*' });
    const unknown = await act(api, hid, 'financial_office', 'hold_claim', {
      participantIds: [h, '00000000-0000-4000-8000-000000000000'],
      reason: 'deceased',
      basis: '死亡证明',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].field).toBe('/participantIds/1');
    expect(
      (await act(api, hid, 'leader', 'hold_claim', { participantIds: [h], reason: 'deceased', basis: 'x' }))
        .status,
    ).toBe(403);
    expect(
      (
        await act(api, hid, 'financial_office', 'hold_claim', {
          participantIds: [h],
          reason: 'lost',
          basis: 'x',
        })
      ).status,
    ).toBe(400);
    const after = await api.db('case_events').where({ case_id: hid }).count<{ n: string }[]>({ n: '*' });
    expect(after[0].n).toBe(before[0].n);
    expect(
      await api
        .db('participants')
        .where({ case_id: hid })
        .whereNot({ hold: 'none' })
        .count<{ n: string }[]>({ n: '*' })
        .then((r) => Number(r[0].n)),
    ).toBe(0);

    const held = await mustAct(api, hid, 'financial_office', 'hold_claim', {
      participantIds: [h],
      reason: 'deceased',
      basis: '勐海县人民医院死亡医学证明',
    });
    expect(held.event.payload).toMatchObject({ held: 1 });
    expect((await participants(hid)).get('岩某23').hold).toBe('heirs');
    const twice = await act(api, hid, 'financial_office', 'hold_claim', {
      participantIds: [h],
      reason: 'unregistered',
      basis: 'x',
    });
    expect(twice.status).toBe(409);

    // 400k of claims, 200k in the pool: R = 0.5; H's 50k is reserved, not paid.
    expect(await computeRound(hid, 200_000)).toBe(1);
    const p1 = await payouts(hid, 1);
    expect(p1.get('岩某23')).toMatchObject({ amountFen: '50000', disposition: 'reserve', state: 'reserved' });
    expect(Number(p1.get('岩某21')!.amountFen) + Number(p1.get('岩某22')!.amountFen)).toBe(150_000);
    const approved = await approveRound(hid, 1);
    expect(approved).toMatchObject({ notices: 2 });

    // The terms of the 统一办案要求: payment from approval + 5 days to + 30, objections within 20.
    const notice = await api.db('notices').where({ case_id: hid, kind: 'refund_notice' }).first('data');
    const t = notice.data.facts;
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(t.payStartsOn, t.objectionDueOn)).toBe(15);
    const ann = await api.db('notices').where({ case_id: hid, kind: 'refund_announcement' }).first('data');
    expect(days(ann.data.facts.payStartsOn, ann.data.facts.payEndsOn)).toBe(25);

    // The heirs' release names who is paid from now on (refund-rounds-rules.test.ts follows the money there).
    const release = {
      participantId: h,
      evidence: '（2026）云勐证字第12号继承权公证书',
      payee: {
        name: '岩某23之子',
        idNumber: idNumberOf(923),
        bankName: '农村信用社勐海支行',
        bankAccount: account(923),
      },
    };
    expect(
      (await mustAct(api, hid, 'financial_office', 'release_claim_hold', release)).event.payload,
    ).toMatchObject({
      released: 'heirs',
    });
    expect((await act(api, hid, 'financial_office', 'release_claim_hold', release)).status).toBe(409);
    expect(
      (await api.db('participant_holds').where({ case_id: hid }).orderBy('id').select('action', 'hold')).map(
        (r) => `${r.action}:${r.hold}`,
      ),
    ).toEqual(['hold:heirs', 'release:heirs']);

    // Paid 150k; R = 0.6 over 400k is 240k: the round pays 90k, H 60k of it (0.6 × 100 000 exactly).
    expect(await computeRound(hid, 90_000)).toBe(2);
    const r2 = await round(hid, 2);
    expect(r2).toMatchObject({ share: '0.600000', totalPaidFen: 90_000, counts: { payees: 3, reserved: 0 } });
    const p2 = await payouts(hid, 2);
    expect(Object.fromEntries([...p2].map(([k, v]) => [k, Number(v.amountFen)]))).toEqual({
      岩某21: 10_000,
      岩某22: 20_000,
      岩某23: 60_000,
    });

    // 提存: two known from the platform's records who have not come forward, held in one action; the round
    // computed again reserves their shares and pays only H.
    const unregistered = await mustAct(api, hid, 'financial_office', 'hold_claim', {
      participantIds: [who.get('岩某21').id, who.get('岩某22').id],
      reason: 'unregistered',
      basis: '平台账册有记录，登记期内未登记',
    });
    expect(unregistered.event.payload).toMatchObject({ held: 2 });
    // The snapshot computed before these holds would pay them: approval waits for a recomputation.
    const stale = await act(api, hid, 'leader', 'approve_refund_round', { round: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(await computeRound(hid, 90_000)).toBe(2);
    const again = await payouts(hid, 2);
    expect(Object.fromEntries([...again].map(([k, v]) => [k, `${v.disposition}:${v.amountFen}`]))).toEqual({
      岩某21: 'reserve:10000',
      岩某22: 'reserve:20000',
      岩某23: 'pay:60000',
    });
  });

  test('When the lead financial office downloads the payment file with a reason, then it gets the complete accounts whose sha256 the round recorded, and the download is logged; refused downloads log nothing', async () => {
    const noReason = await fetchFile('');
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetchFile('?reason=' + encodeURIComponent('   '))).status).toBe(400);
    expect((await fetchFile('?reason=' + encodeURIComponent('向银行报送'), 'leader')).status).toBe(403);
    expect([403, 404]).toContain(
      (await fetchFile('?reason=' + encodeURIComponent('向银行报送'), 'financial_office', '532801')).status,
    );
    const notYet = await fetch(
      `${api.url}/api/cases/${hid}/refund-rounds/2/payment-file?reason=${encodeURIComponent('向银行报送')}`,
      {
        headers: { authorization: `Bearer ${token('financial_office')}` },
      },
    );
    expect(notYet.status).toBe(409);
    expect(await downloads()).toBe(0);

    const res = await fetchFile('?reason=' + encodeURIComponent('向农业银行报送第1轮清退付款文件'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const file = await res.text();
    const r1 = await round(hid, 1);
    expect(createHash('sha256').update(file).digest('hex')).toBe(r1.paymentFileSha256);
    expect(res.headers.get('x-content-sha256')).toBe(r1.paymentFileSha256);
    expect(file).toContain(`岩某21,农业银行勐海支行,${account(21)},50000,`);
    expect(file).not.toContain(account(23));
    expect(file.trim().split('\r\n')).toHaveLength(3);

    const log = await api.call('GET', `/api/cases/${hid}/refund-rounds/1/access-log`, {
      token: token('leader'),
    });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ kind: 'approve_job', opened: 2, userId: null }),
      expect.objectContaining({
        kind: 'payment_file_download',
        userId: expect.any(String),
        role: 'financial_office',
        regionCode: '532822',
        reason: '向农业银行报送第1轮清退付款文件',
        opened: 2,
      }),
    ]);
    await expect(api.db('refund_data_access').where({ case_id: hid }).delete()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('a snapshot is approved only on the register it was computed on', () => {
  let sid: string;
  let who: Map<string, any>;
  const first = row(31, 100_000) + row(32, 100_000) + row(33, 100_000);
  const count = async (table: string, where: Record<string, unknown>) =>
    Number((await api.db(table).where(where).count<{ n: string }[]>({ n: '*' }))[0].n);
  const version = async () =>
    Number((await api.db('claims_register_versions').where({ case_id: sid }).first('version'))?.version ?? 0);
  /** Approval is refused with CONFLICT on /round, telling to recompute, and it changes nothing. */
  async function refusedAsStale(n: number) {
    const state = async () => ({
      events: await count('case_events', { case_id: sid }),
      approveJobs: await count('jobs', { case_id: sid, kind: 'refund_approve' }),
      notices: await count('notices', { case_id: sid }),
      round: (await round(sid, n)).state,
    });
    const before = await state();
    const res = await act(api, sid, 'leader', 'approve_refund_round', { round: n });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'CONFLICT',
      errors: [{ field: '/round', message: '须重新计算' }],
    });
    expect(res.body.detail).toContain('重新计算');
    expect(await state()).toEqual({ ...before, round: 'computed' });
  }

  // A, B and C 100k each; C registered only, A and B confirmed.
  beforeAll(async () => {
    sid = (await openCase(api)).id;
    await advanceUntil(api, sid, 'complete_disposition');
    await mustAct(api, sid, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    await importRows(sid, first);
    who = await participants(sid);
    await mustAct(api, sid, 'financial_office', 'confirm_claims', {
      participantIds: [who.get('岩某31').id, who.get('岩某32').id],
    });
  }, 120_000);

  test('When a claim is confirmed, disputed, resolved or changed by an import after the compute, then approval is refused until the round is computed again; an import that changes nothing does not refuse it', async () => {
    const id = (n: number) => who.get(`岩某${n}`).id as string;
    expect(await computeRound(sid, 175_000)).toBe(1);
    await mustAct(api, sid, 'financial_office', 'confirm_claims', { participantIds: [id(33)] });
    await refusedAsStale(1);

    expect(await computeRound(sid, 175_000)).toBe(1);
    await mustAct(api, sid, 'financial_office', 'dispute_claim', {
      participantId: id(32),
      reason: '金额有误',
    });
    await refusedAsStale(1);

    expect(await computeRound(sid, 175_000)).toBe(1);
    await mustAct(api, sid, 'financial_office', 'resolve_claim', {
      participantId: id(32),
      outcome: 'confirmed',
      reason: '经核实，异议不成立',
    });
    await refusedAsStale(1);

    // A second account of A's comes in: A's claim is summed again and is registered, not confirmed, again.
    expect(await computeRound(sid, 175_000)).toBe(1);
    await importRows(sid, row(31, 50_000));
    await refusedAsStale(1);
    await mustAct(api, sid, 'financial_office', 'confirm_claims', { participantIds: [id(31)] });

    // The same file again adds nothing (issue 10: re-importing changes nothing), so the snapshot stands.
    expect(await computeRound(sid, 175_000)).toBe(1);
    const stamped = await version();
    await importRows(sid, first);
    expect(await version()).toBe(stamped);
    await approveRound(sid, 1);
    // What was approved is the register after every change: A 150k, B 100k, C 100k at R = 0.5.
    const p1 = await payouts(sid, 1);
    expect(Object.fromEntries([...p1].map(([k, v]) => [k, `${v.lossFen}:${v.amountFen}`]))).toEqual({
      岩某31: '150000:75000',
      岩某32: '100000:50000',
      岩某33: '100000:50000',
    });
  });

  test('When the bank fails a payment of an earlier round after the next one was computed, then that round is computed again before approval and brings the failed claim up; a payment reported paid changes nothing', async () => {
    expect(await computeRound(sid, 85_000)).toBe(2);
    const p1 = await payouts(sid, 1);
    const bank = 'reconciliationId,amountFen,outcome,reason\n';
    const stamped = await version();
    const paid = await upload(
      `/api/cases/${sid}/refund-rounds/1/bank-results`,
      bank + `${p1.get('岩某31')!.reconciliationId},75000,paid,\n`,
    );
    expect((await waitForJob(paid.body.id)).result).toMatchObject({ paid: 1 });
    expect(await version()).toBe(stamped);
    const failed = await upload(
      `/api/cases/${sid}/refund-rounds/1/bank-results`,
      bank + `${p1.get('岩某32')!.reconciliationId},50000,failed,账户已冻结\n`,
    );
    expect((await waitForJob(failed.body.id)).result).toMatchObject({ failed: 1 });
    await refusedAsStale(2);
    // Paid or pending: A 75k, C 50k; B's 50k failed. 350k × R − 125k = 85k: R = 0.6.
    expect(await computeRound(sid, 85_000)).toBe(2);
    await approveRound(sid, 2);
    const p2 = await payouts(sid, 2);
    expect(Object.fromEntries([...p2].map(([k, v]) => [k, Number(v.amountFen)]))).toEqual({
      岩某31: 15_000,
      岩某32: 60_000,
      岩某33: 10_000,
    });
    expect((await round(sid, 2)).share).toBe('0.600000');
  });
});

describe('a deceased participant paid to the heir', () => {
  let did: string;
  let who: Map<string, any>;
  const heirId = idNumberOf(943);
  const heirAccount = account(943);
  const heirBank = '勐海县农村信用合作联社';
  const payee = { name: '岩某43之子', idNumber: heirId, bankName: heirBank, bankAccount: heirAccount };
  const sealer = createSealer(loadConfig({}).sealing);
  const count = async (table: string, where: Record<string, unknown>) =>
    Number((await api.db(table).where(where).count<{ n: string }[]>({ n: '*' }))[0].n);

  // D1, D2 100k each; D3 100k, deceased; D4 100k, known from the records and not registered (提存).
  beforeAll(async () => {
    did = (await openCase(api)).id;
    await advanceUntil(api, did, 'complete_disposition');
    await mustAct(api, did, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    await importRows(did, row(41, 100_000) + row(42, 100_000) + row(43, 100_000) + row(44, 100_000));
    who = await participants(did);
    await mustAct(api, did, 'financial_office', 'confirm_claims', { all: true });
    await mustAct(api, did, 'financial_office', 'hold_claim', {
      participantIds: [who.get('岩某43').id],
      reason: 'deceased',
      basis: '勐海县人民医院死亡医学证明',
    });
    await mustAct(api, did, 'financial_office', 'hold_claim', {
      participantIds: [who.get('岩某44').id],
      reason: 'unregistered',
      basis: '平台账册有记录，登记期内未登记',
    });
    expect(await computeRound(did, 100_000)).toBe(1);
    await approveRound(did, 1);
  }, 180_000);

  test('When the heirs’ release is refused (no payee, a wrong identity number, a payee for another hold), then nothing changes; the catalogue states the payee', async () => {
    const catalogue = await api.call('GET', '/api/actions', { token: token('financial_office') });
    const spec = (catalogue.body.items ?? catalogue.body).find((a: any) => a.name === 'release_claim_hold');
    expect(spec.payloadSchema.required).toEqual(['participantId', 'evidence']);
    expect(spec.payloadSchema.properties.payee).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber', 'bankName', 'bankAccount'],
    });

    const h = who.get('岩某43').id;
    const state = async () => ({
      events: await count('case_events', { case_id: did }),
      holds: await count('participant_holds', { case_id: did }),
      payees: await count('participant_payees', { case_id: did }),
      held: (await participants(did)).get('岩某43').hold,
    });
    const before = await state();
    const evidence = '（2026）云勐证字第43号继承权公证书';
    const none = await act(api, did, 'financial_office', 'release_claim_hold', {
      participantId: h,
      evidence,
    });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: '/payee' }] });
    const wrongCheck = `${heirId.slice(0, 17)}${heirId[17] === '0' ? '1' : '0'}`;
    const badId = await act(api, did, 'financial_office', 'release_claim_hold', {
      participantId: h,
      evidence,
      payee: { ...payee, idNumber: wrongCheck },
    });
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: '/payee/idNumber' })]);
    const noAccount = await act(api, did, 'financial_office', 'release_claim_hold', {
      participantId: h,
      evidence,
      payee: { name: payee.name, idNumber: heirId, bankName: heirBank },
    });
    expect(noAccount.status).toBe(400);
    const other = await act(api, did, 'financial_office', 'release_claim_hold', {
      participantId: who.get('岩某44').id,
      evidence: '本人持身份证前来登记',
      payee,
    });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: '/payee' })]);
    expect(await state()).toEqual({ ...before, held: 'heirs' });
    for (const r of [none, badId, noAccount, other]) expect(r.text).not.toContain(heirAccount);
  });

  test('When the heirs prove title and name the heir’s account, then the next round pays the heir: payout, payment file and 清退通知书 name the heir, masked in every answer and sealed at rest', async () => {
    const h = who.get('岩某43').id;
    // Computed before the release: the heir's account is not in it.
    expect(await computeRound(did, 100_000)).toBe(2);
    const released = await mustAct(api, did, 'financial_office', 'release_claim_hold', {
      participantId: h,
      evidence: '（2026）云勐证字第43号继承权公证书',
      payee,
    });
    expect(released.event.payload).toMatchObject({
      released: 'heirs',
      payee: { name: payee.name, bankName: heirBank, bankAccount: '尾号0943' },
    });
    expect(released.event.payload.payee.idNumber).toMatch(/^\d{6}\*+[0-9X]{4}$/);
    expect(JSON.stringify(released)).not.toContain(heirId);
    expect(JSON.stringify(released)).not.toContain(heirAccount);

    // At rest: the event's payee sealed by field name, the payee's box as a participant's.
    const stored = await api
      .db('case_events')
      .where({ case_id: did, action: 'release_claim_hold' })
      .first('payload');
    expect(JSON.stringify(stored.payload)).not.toContain(heirId);
    expect(JSON.stringify(stored.payload)).not.toContain(heirAccount);
    expect(stored.payload.payee.idNumber).toHaveProperty('$sealed');
    const [y] = await api.db('participant_payees').where({ case_id: did, participant_id: h });
    expect(y).toMatchObject({
      name: payee.name,
      identity_masked: `${heirId.slice(0, 4)}**********${heirId.slice(-4)}`,
      bank_name: heirBank,
      bank_account_masked: '尾号0943',
    });
    expect(y.sealed.toString('latin1')).not.toContain(heirId);
    expect(JSON.parse(sealer.open({ keyId: y.key_id, box: y.sealed })) as SealedPersonal).toEqual({
      identity: heirId,
      phone: null,
      bankAccount: heirAccount,
    });
    await expect(api.db('participant_payees').where({ id: y.id }).delete()).rejects.toThrow(/append-only/);

    // The register lists who is paid, masked as participants are.
    const listed = (await participants(did)).get('岩某43');
    expect(listed).toMatchObject({
      hold: 'none',
      bankAccountMasked: '尾号0043',
      payee: {
        name: payee.name,
        identityMasked: `${heirId.slice(0, 4)}**********${heirId.slice(-4)}`,
        bankName: heirBank,
        bankAccountMasked: '尾号0943',
      },
    });

    // Naming a payee changed who the snapshot pays: compute again.
    const stale = await act(api, did, 'leader', 'approve_refund_round', { round: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(await computeRound(did, 100_000)).toBe(2);
    // Paid 50k in round one; 400k × R − 50k = 100k: R = 0.375, the heir gets the deceased's 37.5k.
    const p2 = await payouts(did, 2);
    expect(p2.get('岩某43')).toMatchObject({
      amountFen: '37500',
      disposition: 'pay',
      bankAccount: '尾号0943',
      payeeName: payee.name,
      payeeIdentity: `${heirId.slice(0, 4)}**********${heirId.slice(-4)}`,
    });
    expect(p2.get('岩某41')).toMatchObject({ bankAccount: '尾号0041', payeeName: '', payeeIdentity: '' });
    expect(p2.get('岩某44')).toMatchObject({ disposition: 'reserve' });
    expect(JSON.stringify([...p2.values()])).not.toContain(heirAccount);

    expect(await approveRound(did, 2)).toMatchObject({ notices: 3, payeesWithoutAccount: 0 });
    // The 清退通知书 goes to the heir, on the deceased's claim, into the heir's account.
    const notices = await api
      .db('notices')
      .where({ case_id: did, kind: 'refund_notice' })
      .whereRaw(`(data->'facts'->>'round')::int = 2`)
      .select('addressee', 'data', 'html');
    const toHeir = notices.find((n) => n.addressee === payee.name)!;
    expect(toHeir.data.facts).toMatchObject({
      participantName: '岩某43',
      payFen: 37_500,
      bankAccountMasked: '尾号0943',
      payee: { name: payee.name, idNumberMasked: `${heirId.slice(0, 6)}********${heirId.slice(-4)}` },
    });
    expect(toHeir.html).toContain('作为继承人或继承人代表人领取');
    expect(toHeir.html).toContain('（尾号0943）');
    expect(toHeir.html).not.toContain('尾号0043');
    for (const n of notices) {
      expect(JSON.stringify(n)).not.toContain(heirId);
      expect(JSON.stringify(n)).not.toContain(heirAccount);
    }
    expect(notices.map((n) => n.addressee).sort()).toEqual(['岩某41', '岩某42', payee.name].sort());

    // The payment file pays the heir's complete account, never the deceased's; its download is logged.
    const reason = '向信用社报送第2轮清退付款文件';
    const file = await fetch(
      `${api.url}/api/cases/${did}/refund-rounds/2/payment-file?reason=${encodeURIComponent(reason)}`,
      { headers: { authorization: `Bearer ${token('financial_office')}` } },
    );
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(text).toContain(`${payee.name},${heirBank},${heirAccount},37500,`);
    expect(text).not.toContain(account(43));
    const log = await api.call('GET', `/api/cases/${did}/refund-rounds/2/access-log`, {
      token: token('leader'),
    });
    expect(log.body.items).toEqual([
      expect.objectContaining({ kind: 'approve_job', opened: 3 }),
      expect.objectContaining({ kind: 'payment_file_download', reason, opened: 3 }),
    ]);

    // The release's payee is opened whole only on a logged, reasoned read.
    const why = '核对继承人收款账户';
    const read = await api.call('POST', `/api/cases/${did}/personal-data`, {
      token: token('financial_office'),
      body: { reason: why },
    });
    expect(read.status).toBe(200);
    expect(read.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/payload/payee/idNumber', kind: 'identity', value: heirId }),
        expect.objectContaining({ path: '/payload/payee/bankAccount', kind: 'bank', value: heirAccount }),
      ]),
    );
    const reads = await api.call('GET', `/api/cases/${did}/personal-data/reads`, { token: token('leader') });
    const seq = read.body.fields.find((f: any) => f.path === '/payload/payee/idNumber').seq;
    expect(reads.body.items).toEqual([
      expect.objectContaining({
        reason: why,
        fields: expect.arrayContaining([
          `#${seq}/payload/payee/idNumber`,
          `#${seq}/payload/payee/bankAccount`,
        ]),
      }),
    ]);
    expect(JSON.stringify(reads.body)).not.toContain(heirId);
  });
});

test('When the worker is killed while a round is being issued, then a new worker finishes it with every notice and payment line exactly once', async () => {
  const id = (await openCase(api)).id;
  await advanceUntil(api, id, 'complete_disposition');
  await mustAct(api, id, 'financial_office', 'record_asset_realization', {
    description: '冻结银行存款划转',
    amountFen: 100_000_000,
  });
  const n = 2000;
  let csv = '';
  for (let i = 0; i < n; i++) csv += row(10_000 + i, 20_000 + i);
  await importRows(id, csv);
  await mustAct(api, id, 'financial_office', 'confirm_claims', { all: true });
  await computeRound(id, 10_000_000);
  const res = await mustAct(api, id, 'leader', 'approve_refund_round', { round: 1 });
  const jobId = res.event.payload.jobId as string;
  let killed = false;
  for (let i = 0; i < 1200 && !killed; i++) {
    const job = await api.call('GET', `/api/jobs/${jobId}`, { token: token('leader') });
    if (job.body.state === 'succeeded') break;
    if (job.body.progress.done > 0 && job.body.progress.done < n) {
      killed = true;
      await stopProcess(worker, 'SIGKILL');
      worker = await startWorkerProcess({
        databaseUrl: api.env.databaseUrl,
        temporalAddress: api.env.temporalAddress,
        namespace: api.env.namespace,
        taskQueue: QUEUE,
        bundlePath: api.env.bundlePath,
        env: { BULK_TASK_QUEUE: BULK },
      });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(killed).toBe(true);
  const job = await waitForJob(jobId, 'leader');
  expect(job).toMatchObject({ state: 'succeeded', progress: { done: n, total: n }, result: { notices: n } });
  const notices = await api
    .db('notices')
    .where({ case_id: id, kind: 'refund_notice' })
    .select('addressee', 'doc_no');
  expect(notices).toHaveLength(n);
  expect(new Set(notices.map((x) => x.addressee)).size).toBe(n);
  expect(new Set(notices.map((x) => x.doc_no)).size).toBe(n);
  const chunks = await api
    .db('refund_payment_file_chunks')
    .where({ case_id: id, round_no: 1 })
    .orderBy('chunk_no');
  const sealer = createSealer(loadConfig({}).sealing);
  const file = chunks.map((c) => sealer.open({ keyId: c.key_id, box: c.sealed })).join('');
  expect(file.trim().split('\r\n')).toHaveLength(n + 1);
  expect((await round(id, 1)).paymentFileSha256).toBe(createHash('sha256').update(file).digest('hex'));
}, 180_000);
