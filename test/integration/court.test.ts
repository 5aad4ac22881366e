// The court and non-prosecution parts of issue 13 over HTTP (docs/decisions/0021): the review extended again
// after supplementary investigation, the trial clock from the court's receipt, a refused pause, the second
// instance by the intermediate court's officers, 发回重审 with the first-instance clock restarting, and a
// non-prosecution decision citing its type.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, advanceUntil, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const MENGHAI = '532822';
const INTERMEDIATE = { region: '532800' };
const JUDGMENT = { defendants: ['张某'], verdict: '有期徒刑五年', propertyOrders: [] };

const clocks = (caseId: string, rule: string) =>
  api.db('deadlines').where({ case_id: caseId, rule }).orderBy('started_on').select('state', 'started_on');
const eventCount = async (caseId: string) =>
  Number((await api.db('case_events').where({ case_id: caseId }).count({ n: '*' }))[0].n);

test('When a case goes to trial, is appealed and remanded (刑诉法 第二百零八条、第二百四十三条、第二百三十六条第一款第（三）项、第二百四十一条), then each court acts on its own clock and a pause the law lacks is refused', async () => {
  const c = await openCase(api);
  // Through the return for supplementary investigation and the second transfer (MAIN_LINE).
  await advanceUntil(api, c.id, 'indict');

  // 刑诉法 第一百七十五条第三款: the review is recounted, so it may be extended again (第一百七十二条), once.
  await mustAct(api, c.id, 'procuratorate', 'extend_prosecution_review', { reason: '案情重大复杂' });
  const twice = await act(api, c.id, 'procuratorate', 'extend_prosecution_review', { reason: '再次' });
  expect(twice.status).toBe(409);

  await mustAct(api, c.id, 'procuratorate', 'indict', {
    defendants: ['张某'],
    offence: '非法吸收公众存款罪',
    court: '勐海县人民法院',
  });
  expect(await clocks(c.id, 'FIRST_INSTANCE_TRIAL')).toEqual([]);
  const early = await act(api, c.id, 'court', 'deliver_judgment', JUDGMENT);
  expect([early.status, early.body.code]).toEqual([409, 'INVALID_TRANSITION']);

  await mustAct(api, c.id, 'court', 'receive_case', { receipt: '立案庭收案' });
  expect((await clocks(c.id, 'FIRST_INSTANCE_TRIAL')).map((d) => d.state)).toEqual(['running']);
  const judged = await mustAct(api, c.id, 'court', 'deliver_judgment', JUDGMENT);
  expect(judged.notices[0].docNo).toMatch(/^（\d{4}）云2822刑初\d+号$/);

  // The appeal window elapses; it is not paused (刑诉法 第二百三十条 has no pause): refused, nothing written.
  const window = await api.db('deadlines').where({ case_id: c.id, rule: 'APPEAL_WINDOW' }).first();
  const before = await eventCount(c.id);
  const paused = await act(api, c.id, 'court', 'pause_deadline', {
    deadlineId: window.id,
    reason: 'suspend_trial',
  });
  expect(paused.status).toBe(409);
  expect(paused.headers.get('content-type')).toContain('application/problem+json');
  expect(paused.body.code).toBe('INVALID_TRANSITION');
  expect(await eventCount(c.id)).toBe(before);
  expect((await api.db('deadlines').where({ id: window.id }).first()).state).toBe('running');

  const key = { key: `appeal-${c.id}` };
  const appeal = await mustAct(api, c.id, 'court', 'file_appeal', { appellant: '张某' }, key);
  // The track is now the intermediate court's, yet the county officer's retry gets the same answer.
  const retry = await act(api, c.id, 'court', 'file_appeal', { appellant: '张某' }, key);
  expect([retry.status, retry.body.event?.id]).toEqual([200, appeal.event.id]);
  // The county court does not try the appeal: the intermediate court does (刑诉法 第二百四十三条).
  const county = await act(api, c.id, 'court', 'receive_case', {});
  expect([county.status, county.body.code]).toEqual([403, 'FORBIDDEN']);
  await mustAct(api, c.id, 'court', 'receive_case', { regionCode: MENGHAI }, INTERMEDIATE);
  expect((await clocks(c.id, 'SECOND_INSTANCE_TRIAL')).map((d) => d.state)).toEqual(['running']);
  // Its clock is the intermediate court's: that unit answers for it (刑诉法 第二百四十三条).
  const second = await api.db('deadlines').where({ case_id: c.id, rule: 'SECOND_INSTANCE_TRIAL' }).first();
  expect(second.responsible_unit_id).toBe('532800-court');
  const seen = await api.call('GET', `/api/cases/${c.id}`, { token: token('court', '532800') });
  expect(seen.body.allowedActions).toEqual(
    expect.arrayContaining(['deliver_final_judgment', 'remand_for_retrial', 'apply_trial_extension']),
  );
  const own = await api.call('GET', `/api/cases/${c.id}`, { token: token('court', MENGHAI) });
  expect(own.body.allowedActions).not.toContain('deliver_final_judgment');

  const remanded = await mustAct(
    api,
    c.id,
    'court',
    'remand_for_retrial',
    { regionCode: MENGHAI, defendants: ['张某'], ground: 'facts_unclear', reason: '原判决事实不清楚' },
    INTERMEDIATE,
  );
  expect(remanded.case.stage).toBe('trial');
  // The 刑事裁定书 is the intermediate court's, numbered 刑终, citing 第二百三十六条第一款第（三）项.
  expect(remanded.notices[0].docNo).toMatch(/^（\d{4}）云28刑终\d+号$/);
  const ruling = await api.db('notices').where({ id: remanded.notices[0].id }).first();
  expect(ruling.data.legalBasis).toBe('《中华人民共和国刑事诉讼法》第二百三十六条第一款第（三）项');
  expect(ruling.html).toContain('刑事裁定书');
  expect(ruling.html).toContain('发回勐海县人民法院重新审判');
  // The original court counts its term afresh from receiving the remanded case (第二百四十一条).
  await mustAct(api, c.id, 'court', 'receive_case', {});
  expect((await clocks(c.id, 'FIRST_INSTANCE_TRIAL')).map((d) => d.state)).toEqual(['met', 'running']);
  expect((await clocks(c.id, 'SECOND_INSTANCE_TRIAL')).map((d) => d.state)).toEqual(['met']);
  // The retrial is a case of its own in the court's 刑初 series, with a new 案号.
  const retried = await mustAct(api, c.id, 'court', 'deliver_judgment', JUDGMENT);
  expect(retried.notices[0].docNo).toMatch(/^（\d{4}）云2822刑初\d+号$/);
  expect(retried.notices[0].docNo).not.toBe(judged.notices[0].docNo);
});

test('When the procuratorate declines to prosecute as 酌定不起诉, then the decision cites 刑诉法 第一百七十七条第二款, runs the 7-day windows, and the police may ask for 复议', async () => {
  const c = await openCase(api);
  await advanceUntil(api, c.id, 'return_for_supplementary_investigation');
  const declined = await mustAct(api, c.id, 'procuratorate', 'decline_prosecution', {
    reason: '犯罪情节轻微，已退赔全部集资款',
    type: 'discretionary',
  });
  const row = await api.db('notices').where({ id: declined.notices[0].id }).first();
  expect(row.data.legalBasis).toContain('第一百七十七条第二款');
  const windows = await api
    .db('deadlines')
    .where({ case_id: c.id })
    .whereIn('rule', ['NON_PROSECUTION_VICTIM_APPEAL', 'NON_PROSECUTION_PERSON_APPEAL'])
    .pluck('rule');
  expect(windows.sort()).toEqual(['NON_PROSECUTION_PERSON_APPEAL', 'NON_PROSECUTION_VICTIM_APPEAL']);
  await mustAct(api, c.id, 'police', 'request_non_prosecution_reconsideration', { reason: '证据确实充分' });
  expect((await clocks(c.id, 'NON_PROSECUTION_RECONSIDERATION')).map((d) => d.state)).toEqual(['running']);
  const untyped = await act(api, c.id, 'procuratorate', 'decline_prosecution', { reason: 'x' });
  expect(untyped.status).toBe(400);
});
