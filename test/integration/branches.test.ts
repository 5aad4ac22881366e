// The branches and side tracks of the lifecycle: declined filing, non-prosecution, freezes with their
// terms, petitions with their clocks, and two officers acting at once.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const at = (date: string) => `${date}T09:00:00+08:00`;

async function referred(occurredAt?: (d: string) => string) {
  const c = await openCase(api, occurredAt ? { occurredAt: occurredAt('2026-01-05') } : {});
  await mustAct(api, c.id, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    ...(occurredAt ? { occurredAt: occurredAt('2026-01-06') } : {}),
  });
  await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    ...(occurredAt ? { occurredAt: occurredAt('2026-01-07') } : {}),
  });
  return c;
}

test('When the police decline to file in a single-region case, then it is back in early warning at once with a 不予立案通知书, and may be referred again', async () => {
  const c = await referred();
  const res = await mustAct(api, c.id, 'police', 'decline_filing', {
    reason: '现有证据不足以证明有犯罪事实',
  });
  expect(res.case.stage).toBe('early_warning');
  expect(res.notices.map((n: { kind: string }) => n.kind)).toEqual(['non_filing']);
  expect(res.case.regions[0]).toMatchObject({ stage: 'early_warning' });
  const again = await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '补充材料后再次移送。',
  });
  expect(again.case.stage).toBe('police_filing');
  const reviews = await api
    .db('deadlines')
    .where({ case_id: c.id, rule: 'TRANSFER_FILING_REVIEW' })
    .orderBy('started_on');
  expect(reviews.map((d) => d.state)).toEqual(['met', 'running']);
});

test('When the procuratorate declines to prosecute, then the case returns to early warning; resolving administratively leads to stabilization', async () => {
  const c = await referred();
  await mustAct(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  await mustAct(api, c.id, 'police', 'transfer_for_prosecution', {
    suspects: ['张某'],
    offence: '非法吸收公众存款罪',
  });
  const declined = await mustAct(api, c.id, 'procuratorate', 'decline_prosecution', {
    reason: '犯罪情节轻微，已退赔全部集资款',
    type: 'discretionary',
  });
  expect(declined.notices.map((n: { kind: string }) => n.kind)).toEqual(['non_prosecution']);
  expect(declined.case.stage).toBe('early_warning');
  const resolved = await mustAct(api, c.id, 'financial_office', 'resolve_administratively', {
    summary: '已责令清退完毕',
  });
  expect(resolved.case.stage).toBe('stabilization');
});

test('When supplementary investigation has been used twice, then a third return is refused and nothing is written', async () => {
  const c = await referred();
  await mustAct(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  for (let i = 0; i < 2; i++) {
    await mustAct(api, c.id, 'police', 'transfer_for_prosecution', {
      suspects: ['张某'],
      offence: '非法吸收公众存款罪',
    });
    await mustAct(api, c.id, 'procuratorate', 'return_for_supplementary_investigation', {
      outline: `第${i + 1}次补充侦查`,
    });
  }
  await mustAct(api, c.id, 'police', 'transfer_for_prosecution', {
    suspects: ['张某'],
    offence: '非法吸收公众存款罪',
  });
  const events = await api.db('case_events').where({ case_id: c.id }).count<{ n: number }[]>({ n: '*' });
  const third = await act(api, c.id, 'procuratorate', 'return_for_supplementary_investigation', {
    outline: '第3次',
  });
  expect(third.status).toBe(409);
  expect(third.body.detail).toContain('二次');
  expect(await api.db('case_events').where({ case_id: c.id }).count<{ n: number }[]>({ n: '*' })).toEqual(
    events,
  );
  const ext = await mustAct(api, c.id, 'procuratorate', 'extend_prosecution_review', {
    reason: '案情重大复杂',
  });
  const review = ext.case.openDeadlines.find((d: { rule: string }) => d.rule === 'PROSECUTION_REVIEW');
  const row = await api.db('deadlines').where({ id: review.id }).first();
  expect(row.extensions).toEqual(['major_complex']);
  expect(
    (await act(api, c.id, 'procuratorate', 'extend_prosecution_review', { reason: '再次' })).status,
  ).toBe(409);
});

test('When a freeze is not renewed before its term ends, then it lapses and is flagged; renewing in time starts a new term', async () => {
  const c = await referred(at);
  await mustAct(api, c.id, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-01-08'),
  });
  const frozen = await mustAct(api, c.id, 'police', 'freeze_assets', {
    assetKind: 'deposit',
    holderName: '某某投资有限公司',
    institution: '中国农业银行勐海县支行',
    accountNo: '6228480000000001',
    amountFen: 12_345_678,
    occurredAt: at('2026-01-09'),
  });
  expect(frozen.notices.map((n: { docNo: string }) => n.docNo)[0]).toMatch(/^海公（经）冻财字〔2026〕\d+号$/);
  // 6 months from 2026-01-09, no roll-over for freezes: 2026-07-09. That is long past: lapsed at once.
  const freeze = await api.db('deadlines').where({ case_id: c.id, rule: 'FREEZE_DEPOSIT' }).first();
  expect([freeze.due_on, freeze.state]).toEqual(['2026-07-09', 'missed']);
  const lapsed = await api.db('case_events').where({ case_id: c.id, action: 'freeze_lapsed' });
  expect(lapsed).toHaveLength(1);
  const renew = await act(api, c.id, 'police', 'renew_freeze', { freezeId: freeze.subject_id });
  expect(renew.status).toBe(409);

  // A second freeze, renewed before expiry, gets a new 6-month term from the renewal.
  const second = await mustAct(api, c.id, 'police', 'freeze_assets', {
    assetKind: 'securities',
    holderName: '张某',
    institution: '某证券公司景洪营业部',
    accountNo: 'A000001',
    amountFen: 100,
  });
  const term = await api
    .db('deadlines')
    .where({ case_id: c.id, rule: 'FREEZE_SECURITIES', state: 'running' })
    .first();
  expect(term).toBeDefined();
  const renewed = await mustAct(api, c.id, 'police', 'renew_freeze', { freezeId: term.subject_id });
  expect(renewed.notices).toHaveLength(1);
  const terms = await api
    .db('deadlines')
    .where({ case_id: c.id, rule: 'FREEZE_SECURITIES' })
    .orderBy('updated_at');
  expect(terms.map((d) => d.state).sort()).toEqual(['met', 'running']);
  expect(second.case.overdue).toBe(true);
});

test('When a petition is logged, then its 60-day clock runs until answered, and closing the case waits for it', async () => {
  const c = await openCase(api);
  await mustAct(api, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
  const logged = await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '李某',
    summary: '要求尽快清退',
    channel: 'visit',
  });
  expect(logged.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_acceptance']);
  const handling = await api.db('deadlines').where({ case_id: c.id, rule: 'PETITION_HANDLING' }).first();
  expect(handling.state).toBe('running');
  await mustAct(api, c.id, 'financial_office', 'resolve_administratively', { summary: '行政处置完毕' });
  expect(
    (await act(api, c.id, 'petition_bureau', 'conclude_stabilization', { summary: '完成' })).status,
  ).toBe(409);
  const extended = await mustAct(api, c.id, 'petition_bureau', 'extend_petition_handling', {
    petitionId: handling.subject_id,
    reason: '情况复杂',
  });
  expect(extended.event.action).toBe('extend_petition_handling');
  expect(
    (
      await act(api, c.id, 'petition_bureau', 'extend_petition_handling', {
        petitionId: handling.subject_id,
        reason: '再次',
      })
    ).status,
  ).toBe(409);
  const answered = await mustAct(api, c.id, 'petition_bureau', 'answer_petition', {
    petitionId: handling.subject_id,
    result: 'explain',
    opinion: '已依法解释说明',
  });
  expect(answered.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_opinion']);
  await mustAct(api, c.id, 'petition_bureau', 'conclude_stabilization', { summary: '善后维稳完成' });
  const closed = await mustAct(api, c.id, 'financial_office', 'close_case', { summary: '结案' });
  expect(closed.case.stage).toBe('closed');
  expect(
    (
      await act(api, c.id, 'petition_bureau', 'log_petition', {
        petitionerName: '王某',
        summary: 'x',
        channel: 'letter',
      })
    ).status,
  ).toBe(409);
});

test('When two officers take the same step at once, then exactly one succeeds and the other is refused', async () => {
  const c = await referred();
  const [a, b] = await Promise.all([
    act(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' }),
    act(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const filed = await api.db('case_events').where({ case_id: c.id, action: 'file_case' });
  expect(filed).toHaveLength(1);
  const notices = await api.db('notices').where({ case_id: c.id, kind: 'filing_decision' });
  expect(notices).toHaveLength(1);
});

test('When a leader asks for the case list, then only visible cases appear, filtered by stage', async () => {
  const c = await referred();
  const list = await api.call('GET', `/api/cases?stage=police_filing&q=${encodeURIComponent(c.caseNo)}`, {
    token: token('leader', '532800'),
  });
  expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  const other = await api.call('GET', `/api/cases?q=${encodeURIComponent(c.caseNo)}`, {
    token: token('leader', '532801'),
  });
  expect(other.body.total).toBe(0);
  const bad = await api.call('GET', '/api/cases?stage=nowhere', { token: token('leader') });
  expect(bad.status).toBe(400);
});
