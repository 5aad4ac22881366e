// GET /api/cases/{id}/refund-rounds over HTTP against real Postgres and Temporal: the case's rounds in round
// order, each exactly as GET …/refund-rounds/{n} answers it, paged; the answers validated against the schemas
// the served OpenAPI document declares for them; and the visibility rule of the single round (a case outside
// the caller's regions does not exist for them).
import { type TestApi, startTestApi, token } from '../support/api';
import { advanceUntil, mustAct, openCase } from '../support/case-flow';
import { servedSchemas } from '../support/openapi';
import { idNumberOf } from '../support/refunds';

let api: TestApi;
let caseId: string;
let schemaOf: (name: string) => (value: unknown) => string[];

beforeAll(async () => {
  api = await startTestApi();
  schemaOf = await servedSchemas(api);
  caseId = (await openCase(api)).id;
  await advanceUntil(api, caseId, 'complete_disposition');
  await mustAct(api, caseId, 'financial_office', 'record_asset_realization', {
    description: '冻结银行存款划转',
    amountFen: 1_000_000,
  });
}, 300_000);
afterAll(async () => {
  await api?.close();
});

async function waitForJob(jobId: string, role: string) {
  for (let i = 0; i < 600; i++) {
    const res = await api.call('GET', `/api/jobs/${jobId}`, { token: token(role) });
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

const list = (query = '', role = 'leader', region = '532822') =>
  api.call('GET', `/api/cases/${caseId}/refund-rounds${query}`, { token: token(role, region) });

describe('the refund rounds of a case', () => {
  test('When no round has been computed, then the list is empty, paged as every list', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    expect(schemaOf('RefundRoundPage')(res.body)).toEqual([]);
  });

  test('When one round is approved and a second computed, then both are listed in order, each as its own round answers, and as the OpenAPI document declares', async () => {
    const upload = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('financial_office')}`, 'content-type': 'text/csv' },
      body:
        'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n' +
        `岩某一,${idNumberOf(9101)},100000,0,0,,农业银行勐海支行,6228480000009101\n` +
        `岩某二,${idNumberOf(9102)},300000,0,0,,农业银行勐海支行,6228480000009102\n`,
    });
    expect(upload.status).toBe(202);
    expect(await waitForJob(((await upload.json()) as { id: string }).id, 'financial_office')).toMatchObject({
      state: 'succeeded',
    });
    await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true });
    const first = await mustAct(api, caseId, 'financial_office', 'compute_refund_round', {
      poolFen: 100_000,
    });
    expect(await waitForJob(first.event.payload.jobId, 'financial_office')).toMatchObject({
      state: 'succeeded',
    });
    const approved = await mustAct(api, caseId, 'leader', 'approve_refund_round', { round: 1 });
    expect(await waitForJob(approved.event.payload.jobId, 'leader')).toMatchObject({ state: 'succeeded' });
    const second = await mustAct(api, caseId, 'financial_office', 'compute_refund_round', {
      poolFen: 40_001,
    });
    expect(second.event.payload.round).toBe(2);
    expect(await waitForJob(second.event.payload.jobId, 'financial_office')).toMatchObject({
      state: 'succeeded',
    });

    const res = await list();
    expect(res.status).toBe(200);
    expect(schemaOf('RefundRoundPage')(res.body)).toEqual([]);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(res.body.items.map((r: { round: number; state: string }) => `${r.round}:${r.state}`)).toEqual([
      '1:approved',
      '2:computed',
    ]);
    // One mapping: every listed round is exactly the single round's answer.
    for (const r of res.body.items) {
      const one = await api.call('GET', `/api/cases/${caseId}/refund-rounds/${r.round}`, {
        token: token('leader'),
      });
      expect(one.status).toBe(200);
      expect(schemaOf('RefundRound')(one.body)).toEqual([]);
      expect(r).toEqual(one.body);
    }
    // 400 000 of losses: round 1 pays 25% (25 000 + 75 000), the bank has all of it outstanding; round 2
    // brings the share to 140 001 / 400 000, 分 by the largest remainder.
    expect(res.body.items[0]).toMatchObject({
      totalPaidFen: 100_000,
      share: '0.250000',
      counts: { claims: 2, payees: 2, reserved: 0, carried: 0 },
      regions: [{ regionCode: '532822', paidFen: 100_000, payees: 2, lossFen: 400_000 }],
      bank: { outstanding: { count: 2, fen: 100_000 }, paid: { count: 0, fen: 0 } },
      paymentFileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(res.body.items[1]).toMatchObject({
      totalPaidFen: 40_001,
      state: 'computed',
      approvedBy: null,
      paymentFileSha256: null,
    });

    const page2 = await list('?page=2&pageSize=1');
    expect(page2.status).toBe(200);
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.items).toEqual([res.body.items[1]]);
  });

  test('When a caller outside the case’s regions asks, then the case does not exist for them, as for one round; the prefecture sees it', async () => {
    const outsider = await list('', 'financial_office', '532801');
    expect(outsider.status).toBe(404);
    expect(outsider.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(outsider.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(outsider.body)).not.toContain('poolFen');
    const one = await api.call('GET', `/api/cases/${caseId}/refund-rounds/1`, {
      token: token('financial_office', '532801'),
    });
    expect({ status: one.status, code: one.body.code }).toEqual({
      status: outsider.status,
      code: 'NOT_FOUND',
    });

    const prefecture = await list('', 'leader', '532800');
    expect(prefecture.status).toBe(200);
    expect(prefecture.body.total).toBe(2);
    expect((await list('', 'police')).status).toBe(200);
  });

  test('When the request is malformed or unsigned, then it is refused with its code and the failing field', async () => {
    const bad = await list('?pageSize=0');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('/pageSize');
    expect((await list('?state=approved')).status).toBe(400);
    const unknownCase = await api.call(
      'GET',
      '/api/cases/00000000-0000-4000-8000-000000000000/refund-rounds',
      {
        token: token('leader'),
      },
    );
    expect(unknownCase.status).toBe(404);
    expect((await api.call('GET', `/api/cases/${caseId}/refund-rounds`)).status).toBe(401);
  });
});
