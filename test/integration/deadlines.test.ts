// Deadlines as the law counts them, met or missed by when things happened (occurredAt), and escalated.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const at = (date: string, time = '09:00:00') => `${date}T${time}+08:00`;

test('When a referral is entered late, then its overdue review deadlines are flagged missed at once with 督办通知; an action dated in time turns them met', async () => {
  const c = await openCase(api, { occurredAt: at('2026-09-01') });
  await mustAct(api, c.id, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    occurredAt: at('2026-09-02'),
  });
  const referred = await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    occurredAt: at('2026-09-20'),
  });
  expect(referred.case.overdue).toBe(true);
  const deadlines = await api.db('deadlines').where({ case_id: c.id }).orderBy('rule');
  expect(deadlines.map((d) => [d.rule, d.started_on, d.due_on, d.state])).toEqual([
    // A transferred case has one clock (经济犯罪规定 第十六条): 2026-09-20 + 3 days = 09-23 (Wednesday).
    ['TRANSFER_FILING_REVIEW', '2026-09-20', '2026-09-23', 'missed'],
  ]);
  const supervision = await api.db('notices').where({ case_id: c.id, kind: 'supervision' });
  expect(supervision).toHaveLength(1);
  expect(supervision.every((n) => n.addressee === '勐海县公安局')).toBe(true);
  expect(supervision[0].html).toContain('督办');
  const missedEvents = await api.db('case_events').where({ case_id: c.id, action: 'deadline_missed' });
  expect(missedEvents).toHaveLength(1);
  const listed = await api.call('GET', '/api/deadlines?state=missed', { token: token('leader', '532800') });
  expect(listed.body.items.map((d: { caseId: string }) => d.caseId)).toContain(c.id);

  // The police did file on 2026-09-22 (recorded only now): the deadline was met; nobody is overdue.
  const filed = await mustAct(api, c.id, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-09-22'),
  });
  expect(filed.case.overdue).toBe(false);
  const after = await api.db('deadlines').where({ case_id: c.id }).orderBy('rule');
  expect(after.map((d) => d.state)).toEqual(['met']);
  const row = await api.db('cases').where({ id: c.id }).first();
  expect(row.overdue).toBe(false);
});

test('When a judgment was delivered more than ten days ago and nobody appealed, then it is effective at once and the case moves to asset disposition', async () => {
  const c = await openCase(api, { occurredAt: at('2026-06-01') });
  const steps: [string, string, Record<string, unknown>, string][] = [
    ['financial_office', 'issue_warning', { findings: '高息揽储' }, '2026-06-02'],
    [
      'financial_office',
      'refer_to_police',
      { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌犯罪。' },
      '2026-06-03',
    ],
    ['police', 'file_case', { offence: '非法吸收公众存款罪' }, '2026-06-04'],
    [
      'police',
      'transfer_for_prosecution',
      { suspects: ['张某'], offence: '非法吸收公众存款罪' },
      '2026-08-01',
    ],
    [
      'procuratorate',
      'indict',
      { defendants: ['张某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
      '2026-08-20',
    ],
    ['court', 'receive_case', {}, '2026-08-21'],
  ];
  for (const [role, action, body, date] of steps)
    await mustAct(api, c.id, role, action, { ...body, occurredAt: at(date) });
  const judged = await mustAct(api, c.id, 'court', 'deliver_judgment', {
    defendants: ['张某'],
    verdict: '有期徒刑三年',
    propertyOrders: [],
    occurredAt: at('2026-10-09'),
  });
  expect(judged.case.stage).toBe('asset_disposition');
  const window = await api.db('deadlines').where({ case_id: c.id, rule: 'APPEAL_WINDOW' }).first();
  // 2026-10-09 + 10 days = 10-19, a Monday.
  expect([window.due_on, window.state, window.ended_by]).toEqual(['2026-10-19', 'met', 'elapsed']);
  const events = await api.db('case_events').where({ case_id: c.id }).orderBy('seq').pluck('action');
  expect(events.slice(-3)).toEqual(['deliver_judgment', 'judgment_effective', 'stage_changed']);
  // Too late to appeal now.
  const appeal = await act(api, c.id, 'court', 'file_appeal', { appellant: '张某' });
  expect(appeal.status).toBe(409);
});

test('When occurredAt is in the future or before the previous event, then 400 and nothing is written', async () => {
  const c = await openCase(api);
  const future = await act(api, c.id, 'financial_office', 'issue_warning', {
    findings: 'x',
    occurredAt: '2099-01-01T00:00:00+08:00',
  });
  expect(future.status).toBe(400);
  expect(future.body.errors[0].field).toBe('/occurredAt');
  const past = await act(api, c.id, 'financial_office', 'issue_warning', {
    findings: 'x',
    occurredAt: '2020-01-01T00:00:00+08:00',
  });
  expect(past.status).toBe(400);
  const events = await api.db('case_events').where({ case_id: c.id });
  expect(events.map((e) => e.action)).toEqual(['open_case']);
});

test('When the calculator is asked, then it rolls over National Day and cites the article', async () => {
  const res = await api.call('POST', '/api/deadline-rules/ADMIN_TRANSFER_REVIEW/compute', {
    token: token('police'),
    body: { start: '2025-09-29', inCustody: false },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ dueOn: '2025-10-09', rolledOverFrom: '2025-10-02' });
  expect(res.body.basis).toContain('第八条');
  const custody = await api.call('POST', '/api/deadline-rules/PROSECUTION_REVIEW/compute', {
    token: token('police'),
    body: { start: '2025-09-01', inCustody: true },
  });
  expect(custody.body).toMatchObject({ dueOn: '2025-10-01', rolledOverFrom: null });
  const rules = await api.call('GET', '/api/deadline-rules', { token: token('police') });
  expect(rules.body.map((r: { code: string }) => r.code)).toHaveLength(50);
  expect(
    (
      await api.call('POST', '/api/deadline-rules/NOPE/compute', {
        token: token('police'),
        body: { start: '2025-01-01' },
      })
    ).status,
  ).toBe(404);
});

test('When the filing is dated after the due dates, then the deadlines stay missed though the obligation is fulfilled', async () => {
  const c = await openCase(api, { occurredAt: at('2026-09-01') });
  await mustAct(api, c.id, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    occurredAt: at('2026-09-02'),
  });
  await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    occurredAt: at('2026-09-20'),
  });
  const filed = await mustAct(api, c.id, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-10-12'),
  });
  expect(filed.case.overdue).toBe(false);
  const after = await api.db('deadlines').where({ case_id: c.id }).orderBy('rule');
  expect(after.map((d) => [d.rule, d.state, d.ended_by])).toEqual([
    ['TRANSFER_FILING_REVIEW', 'missed', 'file_case'],
  ]);
});
