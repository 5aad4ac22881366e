// The administrative track of 《防范和处置非法集资条例》 (2021) over HTTP, end to end: 调查 → 认定 → 责令停止 →
// 查封扣押 → 清退 → 处罚 (and 限制出境 as a request upward), 认定 → 移送 with the transfer's one filing-review
// clock, a referral without a finding, a finding of not illegal fundraising, and a lead that names nobody yet.
// docs/decisions/0017.
import { type TestApi, startTestApi } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const kinds = (res: { notices: { kind: string }[] }) => res.notices.map((n) => n.kind);
const eventCount = async (caseId: string) =>
  Number(
    (await api.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count'))[0]
      .count,
  );
const TEAM = ['李某', '王某'];

async function investigated(caseId: string) {
  await mustAct(api, caseId, 'financial_office', 'open_investigation', {
    grounds: '群众举报以认养茶树、保底分红为名吸收资金',
    investigators: TEAM,
  });
  await mustAct(api, caseId, 'financial_office', 'record_investigation_measure', {
    measure: 'question',
    description: '询问合作社负责人，要求说明资金来源和去向',
    investigators: TEAM,
  });
}

test('条例 第二十三条第一款: before a finding a stop order is refused (from issue_warning too) and nothing is written', async () => {
  const c = await openCase(api);
  const before = await eventCount(c.id);
  const viaWarning = await act(api, c.id, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    measures: ['interview', 'stop_order'],
  });
  expect([viaWarning.status, viaWarning.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  expect(viaWarning.body.errors?.[0]?.field).toBe('/measures');
  const direct = await act(api, c.id, 'financial_office', 'order_stop', { conduct: '吸收资金' });
  expect([direct.status, direct.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  expect(await eventCount(c.id)).toBe(before);
  expect(await api.db('notices').where({ case_id: c.id })).toEqual([]);
});

test('调查 → 认定 → 责令停止 → 查封扣押 → 清退 → 处罚 (条例 第十九条至第三十三条, 行政强制法 第二十五条), with 限制出境 requested of the prefecture (条例 第二十四条第一款第三项)', async () => {
  const c = await openCase(api);
  const fo = (action: string, body: Record<string, unknown>) =>
    act(api, c.id, 'financial_office', action, body);
  const must = (action: string, body: Record<string, unknown>) =>
    mustAct(api, c.id, 'financial_office', action, body);

  // 第二十一条第二款: at least two investigators; 第二十一条第一款第四项: accounts only with the head's approval.
  const one = await fo('open_investigation', { grounds: 'x', investigators: ['李某'] });
  expect([one.status, one.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  await must('open_investigation', { grounds: '监测发现高息揽储', investigators: TEAM });
  const early = await fo('make_finding', { illegal: true, findings: '未调查' });
  expect([early.status, early.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  const accounts = await fo('record_investigation_measure', {
    measure: 'query_accounts',
    description: '查询合作社账户',
    investigators: TEAM,
  });
  expect([accounts.status, accounts.body.code, accounts.body.errors[0].field]).toEqual([
    400,
    'VALIDATION_FAILED',
    '/headApproved',
  ]);
  await must('record_investigation_measure', {
    measure: 'query_accounts',
    description: '查询合作社账户',
    investigators: TEAM,
    headApproved: true,
  });
  // 第二十二条: paused during the investigation, with the registration pause sent to 市场监管.
  expect(
    kinds(await must('suspend_fundraising', { reason: '仍在吸收资金', suspendRegistration: true })),
  ).toEqual(['fundraising_suspension']);

  const found = await must('make_finding', {
    illegal: true,
    findings: '向不特定村民吸收资金，承诺保本付息。',
  });
  expect(kinds(found)).toEqual(['investigation_finding']);
  expect(found.case.stage).toBe('detection');
  const stop = await must('order_stop', { conduct: '以认养茶树、保底分红为名向社会公众吸收资金' });
  expect(kinds(stop)).toEqual(['stop_order']);
  expect(stop.case.stage).toBe('early_warning');
  const html = (await api.db('notices').where({ id: stop.notices[0].id }).first('html')).html as string;
  expect(html).toContain('已依法作出调查认定，认定属于非法集资');

  // 第二十四条 / 行政强制法 第二十五条: 30 days, extended once by 30 with the head's approval.
  const noHead = await fo('seize_assets', { items: '车辆一辆', headApproved: false });
  expect([noHead.status, noHead.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  const seized = await must('seize_assets', { items: '账册、合同和车辆一辆', headApproved: true });
  expect(kinds(seized)).toEqual(['admin_seizure']);
  const term = await api.db('deadlines').where({ case_id: c.id, rule: 'ADMIN_SEIZURE' }).first();
  expect(term.due_on).toBeTruthy();
  const seizureId = term.subject_id as string;
  const startedOn = String(term.started_on);
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  expect(days(startedOn, String(term.due_on))).toBe(30);
  await must('extend_seizure', { seizureId, reason: '资产权属复杂，需进一步核实' });
  const extended = await api.db('deadlines').where({ id: term.id }).first();
  expect(days(startedOn, String(extended.due_on))).toBe(60);
  const twice = await fo('extend_seizure', { seizureId, reason: '再次延长' });
  expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_TRANSITION']);

  // 第二十五条、第二十六条: refunds by the fundraiser under supervision, helpers' commissions among the sources.
  await must('record_refund', { source: 'fund_balance', amountFen: 30_000_000, payer: '某某投资有限公司' });
  await must('record_refund', { source: 'helper_fees', amountFen: 2_000_000, payer: '中间人赵某（佣金）' });

  // 第三十条: 20%–1× of the amount raised; 第三十二条: the refund before the fine; 第三十三条: credit record.
  const low = await fo('impose_penalty', {
    party: 'fundraiser',
    name: '某某投资有限公司',
    amountFen: 1_000_000,
    baseFen: 100_000_000,
  });
  expect([low.status, low.body.code, low.body.errors[0].field]).toEqual([
    400,
    'VALIDATION_FAILED',
    '/amountFen',
  ]);
  const fined = await must('impose_penalty', {
    party: 'fundraiser',
    name: '某某投资有限公司',
    amountFen: 20_000_000,
    baseFen: 100_000_000,
  });
  expect(kinds(fined)).toEqual(['administrative_penalty']);
  const admin = (await api.db('cases').where({ id: c.id }).first('state')).state.admin;
  const penaltyId = admin.penalties[0].id as string;
  expect(admin.penalties[0].creditRecorded).toBe(true);
  const first = await fo('record_fine_payment', { penaltyId, amountFen: 20_000_000, canPayBoth: false });
  expect([first.status, first.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  await must('complete_refund', { summary: '集资参与人资金已按方案清退' });
  await must('record_fine_payment', { penaltyId, amountFen: 20_000_000, canPayBoth: false });

  const exit = await must('request_exit_restriction', {
    personName: '张某',
    position: '实际控制人',
    reason: '有出境逃避清退的迹象',
  });
  expect(kinds(exit)).toEqual(['exit_restriction_request']);
  const letter = await api.db('notices').where({ id: exit.notices[0].id }).first('addressee');
  expect(letter.addressee).toContain('西双版纳');
});

test('认定 → 移送: one transfer clock of 经济犯罪规定 第十六条 (3 days, at the latest 10, 30, the next level +30), stopped by filing', async () => {
  const c = await openCase(api);
  await investigated(c.id);
  await mustAct(api, c.id, 'financial_office', 'make_finding', { illegal: true, findings: '属于非法集资。' });
  const referred = await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
  });
  expect(kinds(referred)).toEqual(['criminal_transfer']);
  const clocks = await api.db('deadlines').where({ case_id: c.id }).whereNot({ rule: 'PROGRESS_BULLETIN' });
  expect(clocks.map((d) => d.rule)).toEqual(['TRANSFER_FILING_REVIEW']);
  const d0 = clocks[0];
  const span = async () => {
    const d = await api.db('deadlines').where({ id: d0.id }).first();
    return Math.round((Date.parse(String(d.base_due_on)) - Date.parse(String(d.started_on))) / 86_400_000);
  };
  expect(await span()).toBe(3);
  const special = await act(api, c.id, 'police', 'extend_filing_review', { ground: 'special' });
  expect([special.status, special.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  await mustAct(api, c.id, 'police', 'extend_filing_review', { ground: 'at_latest' });
  expect(await span()).toBe(10);
  await mustAct(api, c.id, 'police', 'extend_filing_review', { ground: 'major' });
  expect(await span()).toBe(30);
  await mustAct(api, c.id, 'police', 'extend_filing_review', { ground: 'special' });
  expect(await span()).toBe(60);
  await mustAct(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  expect((await api.db('deadlines').where({ id: d0.id }).first()).state).toBe('met');
});

test('条例 第二十三条第二款: a referral needs no finding, straight from detection; a finding of not illegal fundraising closes the case with its record', async () => {
  const direct = await openCase(api);
  const referred = await mustAct(api, direct.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '集资诈骗罪',
    findings: '涉嫌犯罪，行政认定不是必经程序。',
  });
  expect(referred.case.stage).toBe('police_filing');

  const c = await openCase(api);
  await investigated(c.id);
  const cleared = await mustAct(api, c.id, 'financial_office', 'make_finding', {
    illegal: false,
    findings: '资金来源为合作社成员内部入股，未向社会公开宣传。',
  });
  expect(kinds(cleared)).toEqual(['investigation_finding']);
  expect(cleared.case.stage).toBe('closed');
  const after = await act(api, c.id, 'financial_office', 'order_stop', { conduct: 'x' });
  expect(after.status).toBe(409);
});

test('A township lead that names nobody: notices needing an addressee wait for add_subjects, whose identity numbers are checked and masked', async () => {
  const c = await openCase(api, { subjects: [], source: { kind: 'township' } });
  const warn = await act(api, c.id, 'financial_office', 'issue_warning', {
    findings: '村民反映有人高息揽储',
  });
  expect([warn.status, warn.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  const bad = await act(api, c.id, 'financial_office', 'add_subjects', {
    subjects: [{ kind: 'actual_controller', name: '岩某', idNumber: '532822198001010011' }],
  });
  expect([bad.status, bad.body.code, bad.body.errors[0].field]).toEqual([
    400,
    'VALIDATION_FAILED',
    '/subjects/0/idNumber',
  ]);
  const added = await mustAct(api, c.id, 'financial_office', 'add_subjects', {
    subjects: [{ kind: 'actual_controller', name: '岩某', idNumber: '532822198001010010' }],
  });
  expect(added.case.subjects).toEqual([
    { kind: 'actual_controller', name: '岩某', idNumber: expect.not.stringContaining('198001010010') },
  ]);
  const warned = await mustAct(api, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
  const n = await api.db('notices').where({ id: warned.notices[0].id }).first('addressee');
  expect(n.addressee).toContain('岩某');
  const events = await api.call('GET', `/api/cases/${c.id}/events`, { token: 'dev-financial_office-532822' });
  expect(JSON.stringify(events.body)).not.toContain('198001010010');
});

test('公安程序规定 第一百六十九条: the police take a complaint in themselves (7-day review, 经济犯罪规定 第十五条); a refusal is served within 3 days (第一百七十八条) and may be reconsidered (第一百七十九条)', async () => {
  const c = await openCase(api);
  const noName = await act(api, c.id, 'police', 'accept_police_report', {
    source: 'complaint',
    summary: '控告',
  });
  expect([noName.status, noName.body.errors?.[0]?.field]).toEqual([400, '/complainantName']);
  const taken = await mustAct(api, c.id, 'police', 'accept_police_report', {
    source: 'complaint',
    summary: '集资参与人控告某某投资有限公司到期不兑付',
    complainantName: '赵某',
  });
  expect(taken.case.stage).toBe('police_filing');
  const rules = async () =>
    (await api.db('deadlines').where({ case_id: c.id }).orderBy('started_on')).map((d) => [d.rule, d.state]);
  expect(await rules()).toEqual([['FILING_REVIEW', 'running']]);
  const declined = await mustAct(api, c.id, 'police', 'decline_filing', { reason: '没有犯罪事实' });
  expect(kinds(declined)).toEqual(['non_filing']);
  const refusal = await api.db('notices').where({ id: declined.notices[0].id }).first('addressee', 'html');
  expect(refusal.addressee).toBe('赵某');
  expect(refusal.html).toContain('七日以内向我局申请复议');
  expect(await rules()).toEqual([
    ['FILING_REVIEW', 'met'],
    ['FILING_DENIAL_NOTICE', 'running'],
  ]);
  await mustAct(api, c.id, 'police', 'serve_non_filing_notice', {});
  await mustAct(api, c.id, 'police', 'request_filing_reconsideration', {
    level: 'reconsideration',
    grounds: '有新证据',
  });
  const review = await act(api, c.id, 'police', 'request_filing_reconsideration', {
    level: 'review',
    grounds: 'x',
  });
  expect([review.status, review.body.code]).toEqual([409, 'INVALID_TRANSITION']);
  expect((await rules()).slice(2)).toEqual([
    ['FILING_DENIAL_RECONSIDERATION_WINDOW', 'met'],
    ['FILING_DENIAL_RECONSIDERATION', 'running'],
  ]);
});
