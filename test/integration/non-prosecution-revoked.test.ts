// A non-prosecution revoked reopens prosecution (检察规则 第三百七十九条第二款、第三百八十条), over HTTP: the
// police's 复议 upheld and the 复核 above revoking it, and a 复议 revoking it directly. In both the region is
// back in 审查起诉, the case back in the separate phase, indict is offered and works; a decision with nothing
// pending is refused and leaves no event.
import { type TestApi, startTestApi, token } from '../support/api';
import { findVisibleCase } from '../../db/case.repository';
import { act, advanceUntil, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const MENGHAI = '532822';
const PREFECTURE = { region: '532800' };
const INDICT = { defendants: ['张某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' };

const seen = async (caseId: string, role = 'procuratorate') => {
  const res = await api.call('GET', `/api/cases/${caseId}`, { token: token(role, MENGHAI) });
  if (res.status !== 200) throw new Error(`case: ${res.status} ${res.text}`);
  return res.body as {
    stage: string;
    regions: { code: string; stage: string; outcome: string | null }[];
    allowedActions: string[];
  };
};
const eventsOf = (caseId: string) =>
  api.db('case_events').where({ case_id: caseId }).orderBy('seq').pluck('action');
/** The region's track as the workflow persisted it (the row is sealed; the repository opens it). */
const trackOf = async (caseId: string) => {
  const c = await findVisibleCase(api.db, caseId, [MENGHAI]);
  return c!.regions.find((r) => r.code === MENGHAI)!.state!;
};

/** To a 存疑不起诉 on the first transfer, then the police's 复议. */
async function declinedAndReconsidering() {
  const c = await openCase(api);
  await advanceUntil(api, c.id, 'return_for_supplementary_investigation');
  await mustAct(api, c.id, 'procuratorate', 'decline_prosecution', {
    reason: '证据不足',
    type: 'insufficient_evidence',
  });
  await mustAct(api, c.id, 'police', 'request_non_prosecution_reconsideration', { reason: '证据确实充分' });
  const ended = await seen(c.id);
  expect(ended.stage).toBe('early_warning');
  expect(ended.allowedActions).not.toContain('indict');
  return c.id;
}

async function expectReopened(caseId: string) {
  const v = await seen(caseId);
  expect(v.stage).toBe('prosecution');
  expect(v.regions).toEqual([
    expect.objectContaining({ code: MENGHAI, stage: 'prosecution', outcome: null }),
  ]);
  expect(v.allowedActions).toEqual(expect.arrayContaining(['indict', 'decline_prosecution']));
  expect(v.allowedActions).not.toContain('decide_non_prosecution_reconsideration');
  const events = await eventsOf(caseId);
  expect(events.slice(-1)).toEqual(['stage_changed']);
  const indicted = await mustAct(api, caseId, 'procuratorate', 'indict', INDICT);
  expect(indicted.notices.map((n: { kind: string }) => n.kind)).toEqual(['indictment']);
  expect((await seen(caseId)).stage).toBe('trial');
}

test('When the 复议 upholds the non-prosecution and the 复核 above revokes it (检察规则 第三百八十条), then indict is allowed again and works', async () => {
  const caseId = await declinedAndReconsidering();
  await mustAct(api, caseId, 'procuratorate', 'decide_non_prosecution_reconsideration', {
    upheld: true,
    reason: '维持原决定',
  });
  expect((await seen(caseId)).allowedActions).not.toContain('indict');
  // Nothing pending any more: refused, and no event is written.
  const before = (await eventsOf(caseId)).length;
  const again = await act(api, caseId, 'procuratorate', 'decide_non_prosecution_reconsideration', {
    upheld: false,
    reason: '再议',
  });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('INVALID_TRANSITION');
  expect((await eventsOf(caseId)).length).toBe(before);

  await mustAct(api, caseId, 'police', 'request_non_prosecution_review', { reason: '仍有异议' });
  // The county's own procuratorate may not decide the 复核: it is the one above's.
  const own = await act(api, caseId, 'procuratorate', 'decide_non_prosecution_review', {
    upheld: false,
    reason: '撤销',
  });
  expect(own.status).toBe(403);
  await mustAct(
    api,
    caseId,
    'procuratorate',
    'decide_non_prosecution_review',
    { upheld: false, reason: '证据确实充分，撤销不起诉决定', regionCode: MENGHAI },
    PREFECTURE,
  );
  expect((await trackOf(caseId)).nonProsecution).toMatchObject({
    reconsideration: 'upheld',
    review: 'revoked',
    revokedOn: 'review',
  });
  const review = await api.db('deadlines').where({ case_id: caseId, rule: 'NON_PROSECUTION_REVIEW' });
  expect(review.map((d) => d.state)).toEqual(['met']);
  await expectReopened(caseId);
});

test('When the 复议 itself revokes the non-prosecution (检察规则 第三百七十九条第二款), then indict is allowed again and works', async () => {
  const caseId = await declinedAndReconsidering();
  await mustAct(api, caseId, 'procuratorate', 'decide_non_prosecution_reconsideration', {
    upheld: false,
    reason: '证据确实充分，撤销不起诉决定',
  });
  const t = await trackOf(caseId);
  expect(t.stage).toBe('prosecution');
  expect(t.nonProsecution).toMatchObject({ reconsideration: 'revoked', revokedOn: 'reconsideration' });
  const windows = await api
    .db('deadlines')
    .where({ case_id: caseId })
    .whereIn('rule', ['NON_PROSECUTION_RECONSIDERATION', 'NON_PROSECUTION_VICTIM_APPEAL'])
    .pluck('state');
  expect(windows).toEqual(['met', 'met']);
  // No review clock starts again: none runs after the revocation.
  const review = await api
    .db('deadlines')
    .where({ case_id: caseId, rule: 'PROSECUTION_REVIEW', state: 'running' });
  expect(review).toEqual([]);
  await expectReopened(caseId);
});
