// Suspects are people, each with their own custody and clocks (issue 13, items 6–8), over HTTP: one case with
// three suspects in different custody states whose clocks run apart, the arrest review's periods as the
// actions start them, the refusal's 复议 and 复核, the custody extension and its approving level, and the
// freezes (after filing only, renewed by whoever holds the case). One case carries every step, so the file
// stays fast; each rule is asserted in its own test, named with its article.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
const at = (date: string) => `${date}T09:00:00+08:00`;
type Res = Awaited<ReturnType<typeof act>>;
const r: Record<string, Res> = {};
let caseId = '';
const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

interface SuspectView {
  id: string;
  name: string;
  idNumber: string | null;
  custody: string;
  arrestRefusal: string | null;
  deadlines: { rule: string; state: string; startedOn: string; dueOn: string; extensions: string[] }[];
}
const suspects = async (): Promise<SuspectView[]> => {
  const res = await api.call('GET', `/api/cases/${caseId}/suspects`, { token: token('police') });
  if (res.status !== 200) throw new Error(`suspects: ${res.status} ${res.text}`);
  return res.body as SuspectView[];
};
const clock = (list: SuspectView[], who: 'A' | 'B' | 'C', rule: string) =>
  list.find((x) => x.id === ids[who])!.deadlines.find((d) => d.rule === rule);

/** Registers a suspect and answers their id, read back from the suspects list. */
async function register(name: string, body: Record<string, unknown>) {
  r[`register ${name}`] = await act(api, caseId, 'police', 'register_suspect', { name, ...body });
  const x = (await suspects()).find((s) => s.name === name);
  if (!x) throw new Error(`register ${name}: ${r[`register ${name}`].status} ${r[`register ${name}`].text}`);
  return x.id;
}

let before: SuspectView[] = [];
let after: SuspectView[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const c = await openCase(api, { occurredAt: at('2026-11-02') });
  caseId = c.id;
  await mustAct(api, caseId, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    occurredAt: at('2026-11-02'),
  });
  await mustAct(api, caseId, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    occurredAt: at('2026-11-03'),
  });
  const deposit = {
    assetKind: 'deposit',
    holderName: '某某投资有限公司',
    institution: '中国农业银行勐海县支行',
    accountNo: '6228480000000000001',
    amountFen: 10_000_000,
  };
  r.freezeBeforeFiling = await act(api, caseId, 'police', 'freeze_assets', {
    ...deposit,
    occurredAt: at('2026-11-03'),
  });
  r.registerBeforeFiling = await act(api, caseId, 'police', 'register_suspect', {
    name: '甲某',
    custody: 'detained',
    occurredAt: at('2026-11-03'),
  });
  await mustAct(api, caseId, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-11-04'),
  });

  r.oneYearWithoutApproval = await act(api, caseId, 'police', 'freeze_assets', {
    ...deposit,
    majorComplex: true,
    occurredAt: at('2026-11-05'),
  });
  r.freeze = await act(api, caseId, 'police', 'freeze_assets', {
    ...deposit,
    majorComplex: true,
    termApproval: '西公（经）冻批字〔2026〕12号',
    occurredAt: at('2026-11-05'),
  });

  const building = {
    assetKind: 'real_estate',
    holderName: '某某投资有限公司',
    institution: '勐海县不动产登记中心',
    accountNo: '云（2024）勐海县不动产权第0001234号',
    amountFen: 300_000_000,
  };
  r.termOnDeposit = await act(api, caseId, 'police', 'freeze_assets', {
    ...deposit,
    termMonths: 12,
    occurredAt: at('2026-11-05'),
  });
  r.seal = await act(api, caseId, 'police', 'freeze_assets', {
    ...building,
    termMonths: 24,
    occurredAt: at('2026-11-05'),
  });
  r.badId = await act(api, caseId, 'police', 'register_suspect', {
    name: '乙某',
    idNumber: '532822198505050025',
    custody: 'bail',
    occurredAt: at('2026-11-05'),
  });
  ids.B = await register('乙某', {
    idNumber: '532822198505050024',
    custody: 'bail',
    occurredAt: at('2026-11-05'),
  });
  ids.C = await register('丙某', {
    idNumber: '53282219900909003X',
    custody: 'released',
    occurredAt: at('2026-11-05'),
  });
  r.arrestC = await act(api, caseId, 'police', 'request_arrest', {
    suspectIds: [ids.C],
    offence: '非法吸收公众存款罪',
    major: true,
    occurredAt: at('2026-11-06'),
  });
  r.approveC = await act(api, caseId, 'procuratorate', 'decide_arrest', {
    approved: true,
    reason: '有证据证明有犯罪事实',
    suspectIds: [ids.C],
    occurredAt: at('2026-11-10'),
  });
  const freezeId = (await freezeTerms())[0].subjectId;
  r.courtRenewsInInvestigation = await act(api, caseId, 'court', 'renew_freeze', {
    freezeId,
    occurredAt: at('2026-11-12'),
  });
  r.policeRenews = await act(api, caseId, 'police', 'renew_freeze', {
    freezeId,
    occurredAt: at('2026-11-12'),
  });

  ids.A = await register('甲某', {
    idNumber: '532822198001010010',
    custody: 'detained',
    occurredAt: at('2026-11-20'),
  });
  r.extendA = await act(api, caseId, 'police', 'extend_detention', {
    suspectId: ids.A,
    extension: 'serial_group',
    ground: '结伙作案的重大嫌疑分子',
    occurredAt: at('2026-11-21'),
  });
  r.extendAAgain = await act(api, caseId, 'police', 'extend_detention', {
    suspectId: ids.A,
    extension: 'special_circumstances',
    days: 4,
    ground: '特殊情况',
    occurredAt: at('2026-11-21'),
  });
  r.requestExtensionC = await act(api, caseId, 'police', 'request_custody_extension', {
    suspectId: ids.C,
    ground: '案情复杂，期限届满不能终结',
    occurredAt: at('2026-11-22'),
  });
  r.wrongLevel = await act(api, caseId, 'procuratorate', 'extend_investigation_custody', {
    suspectId: ids.C,
    approved: true,
    approvedBy: 'provincial',
    ground: '案情复杂',
    occurredAt: at('2026-11-22'),
  });
  r.extendC = await act(api, caseId, 'procuratorate', 'extend_investigation_custody', {
    suspectId: ids.C,
    approved: true,
    approvedBy: 'next_level',
    ground: '案情复杂',
    occurredAt: at('2026-11-22'),
  });
  before = await suspects();

  r.arrestAB = await act(api, caseId, 'police', 'request_arrest', {
    suspectIds: [ids.A, ids.B],
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-11-23'),
  });
  r.refuseA = await act(api, caseId, 'procuratorate', 'decide_arrest', {
    approved: false,
    reason: '现有证据不足以证明有犯罪事实',
    suspectIds: [ids.A],
    occurredAt: at('2026-11-25'),
  });
  r.reviewTooEarly = await act(api, caseId, 'police', 'request_arrest_reconsideration', {
    suspectId: ids.A,
    level: 'review',
    reason: '认为不批准逮捕有错误',
    occurredAt: at('2026-11-26'),
  });
  r.reconsider = await act(api, caseId, 'police', 'request_arrest_reconsideration', {
    suspectId: ids.A,
    level: 'reconsideration',
    reason: '认为不批准逮捕有错误',
    occurredAt: at('2026-11-26'),
  });
  r.upheld = await act(api, caseId, 'procuratorate', 'decide_arrest_reconsideration', {
    suspectId: ids.A,
    changed: false,
    reason: '维持不批准逮捕决定',
    occurredAt: at('2026-11-27'),
  });
  r.review = await act(api, caseId, 'police', 'request_arrest_reconsideration', {
    suspectId: ids.A,
    level: 'review',
    reason: '意见不被接受，提请复核',
    occurredAt: at('2026-11-28'),
  });
  after = await suspects();

  // The case goes to trial: there the court renews the freeze, not the police.
  await mustAct(api, caseId, 'procuratorate', 'decide_arrest', {
    approved: true,
    reason: '有证据证明有犯罪事实',
    suspectIds: [ids.B],
    occurredAt: at('2026-11-28'),
  });
  await mustAct(api, caseId, 'police', 'transfer_for_prosecution', {
    suspects: ['乙某', '丙某'],
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-11-29'),
  });
  await mustAct(api, caseId, 'procuratorate', 'indict', {
    defendants: ['乙某', '丙某'],
    offence: '非法吸收公众存款罪',
    court: '勐海县人民法院',
    occurredAt: at('2026-11-29'),
  });
  r.policeRenewsInTrial = await act(api, caseId, 'police', 'renew_freeze', {
    freezeId,
    occurredAt: at('2026-11-30'),
  });
  r.courtRenewsInTrial = await act(api, caseId, 'court', 'renew_freeze', {
    freezeId,
    occurredAt: at('2026-11-30'),
  });
  const sealId = (await freezeTerms('FREEZE_REAL_ESTATE'))[0].subjectId;
  r.courtRenewsSeal = await act(api, caseId, 'court', 'renew_freeze', {
    freezeId: sealId,
    occurredAt: at('2026-11-30'),
  });
});
afterAll(async () => {
  await api.close();
});

/** The deposit freeze's terms, as GET /api/cases/{id}/deadlines answers them, in order. */
async function freezeTerms(rule = 'FREEZE_DEPOSIT') {
  const res = await api.call('GET', `/api/cases/${caseId}/deadlines`, { token: token('police') });
  type Row = { rule: string; subjectId: string; startedOn: string; dueOn: string; state: string };
  return (res.body as Row[]).filter((d) => d.rule === rule);
}

const expectRefused = (res: Res, status: number, code: string, field?: string) => {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
};

test('When three suspects are in different custody states, then each has their own clock and they run apart (刑诉法 第七十九、九十一、一百五十六条)', () => {
  const custody = Object.fromEntries(before.map((x) => [x.name, x.custody]));
  expect(custody).toEqual({ 乙某: 'bail', 丙某: 'arrested', 甲某: 'detained' });
  expect(clock(before, 'A', 'DETENTION_ARREST_REQUEST')!.dueOn).toBe('2026-12-20');
  expect(clock(before, 'B', 'BAIL_TERM')!.dueOn).toBe('2027-11-05');
  expect(clock(before, 'C', 'INVESTIGATION_CUSTODY')!.dueOn).toBe('2027-02-10');
  // No suspect carries another's clock.
  expect(clock(before, 'A', 'BAIL_TERM')).toBeUndefined();
  expect(clock(before, 'B', 'INVESTIGATION_CUSTODY')).toBeUndefined();
});

test('When a suspect is registered, then the identity number is validated (GB 11643) and answered masked', () => {
  expectRefused(r.badId, 400, 'VALIDATION_FAILED', '/idNumber');
  expect(before.find((x) => x.id === ids.B)!.idNumber).toBe('532822********0024');
});

test('When nothing is filed yet, then no compulsory measure and no freeze is taken (公安程序规定 第一百七十四条第二款)', () => {
  expectRefused(r.registerBeforeFiling, 409, 'INVALID_TRANSITION');
  expectRefused(r.freezeBeforeFiling, 409, 'INVALID_TRANSITION');
});

test('When a detention is extended for 结伙作案, then the arrest request is due 30 days after detention, and 一日至四日 cannot follow (刑诉法 第九十一条第二款)', () => {
  expect(r.extendA.status).toBe(200);
  expect(clock(before, 'A', 'DETENTION_ARREST_REQUEST')).toMatchObject({
    startedOn: '2026-11-20',
    dueOn: '2026-12-20',
    extensions: ['serial_group'],
  });
  expectRefused(r.extendAAgain, 409, 'INVALID_TRANSITION');
});

test.each<[string, string, 'A' | 'B' | 'C', string, string]>([
  ['detained: 7 days', '第二百八十二条', 'A', '2026-11-23', '2026-11-30'],
  ['at liberty on bail: 15 days', '第二百八十二条', 'B', '2026-11-23', '2026-12-08'],
  ['at liberty, major: 20 days', '第二百八十二条', 'C', '2026-11-06', '2026-11-26'],
])(
  'When the police request an arrest of a suspect %s, then the review clock is keyed by the suspect (检察规则 %s)',
  (_label, _article, who, startedOn, dueOn) => {
    expect(clock(who === 'C' ? before : after, who, 'ARREST_REVIEW')).toMatchObject({ startedOn, dueOn });
  },
);

test('When one request names two suspects, then it issues one 提请批准逮捕书 per suspect, each naming them (刑诉法 第八十七条)', async () => {
  expect(r.arrestAB.status).toBe(200);
  const notices = r.arrestAB.body.notices as { id: string; kind: string }[];
  expect(notices.map((n) => n.kind)).toEqual(['arrest_request', 'arrest_request']);
  const texts = await Promise.all(
    notices.map(async (n) => {
      const res = await api.call('GET', `/api/notices/${n.id}`, {
        token: token('police'),
        headers: { accept: 'text/html' },
      });
      return res.text;
    }),
  );
  expect(texts.map((t) => ['甲某', '乙某'].filter((name) => t.includes(name)))).toEqual([['甲某'], ['乙某']]);
  // The detained one's request says so; the one on bail's says they are not in custody.
  expect(texts[0]).toContain('2026年11月20日被我局依法刑事拘留');
  expect(texts[1]).toContain('现未被羁押');
});

test('When an arrest is refused, then the detained suspect is released (刑诉法 第九十二条) and the other stays pending', () => {
  expect(r.refuseA.status).toBe(200);
  expect(r.refuseA.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['arrest_refusal']);
  const a = after.find((x) => x.id === ids.A)!;
  expect(a.custody).toBe('released');
  expect(clock(after, 'A', 'ARREST_REVIEW')!.state).toBe('met');
  expect(clock(after, 'B', 'ARREST_REVIEW')!.state).not.toBe('met');
});

test('When the police ask for 复议 of a refusal, then the procuratorate has 7 days (检察规则 第二百九十条); 复核 only after it, 15 days (第二百九十一条)', () => {
  expectRefused(r.reviewTooEarly, 409, 'INVALID_TRANSITION');
  expect(r.reconsider.status).toBe(200);
  expect(clock(after, 'A', 'ARREST_DENIAL_RECONSIDERATION')).toMatchObject({
    startedOn: '2026-11-26',
    dueOn: '2026-12-03',
    state: 'met',
  });
  expect(r.upheld.status).toBe(200);
  expect(r.review.status).toBe(200);
  // 2026-12-13 is a Sunday: the person is at liberty, so the period rolls to Monday (刑诉法 第一百零五条).
  expect(clock(after, 'A', 'ARREST_DENIAL_REVIEW')).toMatchObject({
    startedOn: '2026-11-28',
    dueOn: '2026-12-14',
  });
  expect(after.find((x) => x.id === ids.A)!.arrestRefusal).toBe('review_pending');
});

test('When investigation custody is extended, then the police asked 7 days ahead and only the level the law names approves (刑诉法 第一百五十六条; 检察规则 第三百零九条)', () => {
  expect(r.requestExtensionC.status).toBe(200);
  expectRefused(r.wrongLevel, 400, 'VALIDATION_FAILED', '/approvedBy');
  expect(r.extendC.status).toBe(200);
  expect(clock(before, 'C', 'INVESTIGATION_CUSTODY')).toMatchObject({
    startedOn: '2026-11-10',
    dueOn: '2027-02-10',
    extensions: ['complex'],
  });
});

test('When a major case freezes deposits for a year, then the prefecture approval is required (公安程序规定 第二百四十三条第二款)', async () => {
  expectRefused(r.oneYearWithoutApproval, 400, 'VALIDATION_FAILED', '/termApproval');
  expect(r.freeze.status).toBe(200);
  const terms = await freezeTerms();
  expect(terms[0]).toMatchObject({ startedOn: '2026-11-05', dueOn: '2027-11-05', state: 'met' });
});

test('When a freeze is renewed, then whoever holds the case renews it: the police while investigating, the court during trial (涉财产执行规定 第五条)', async () => {
  expectRefused(r.courtRenewsInInvestigation, 403, 'FORBIDDEN');
  expect(r.policeRenews.status).toBe(200);
  expectRefused(r.policeRenewsInTrial, 403, 'FORBIDDEN');
  expect(r.courtRenewsInTrial.status).toBe(200);
  const terms = await freezeTerms();
  // One freeze (one id, so its priority is kept), three terms of a year each.
  expect(new Set(terms.map((t) => t.subjectId)).size).toBe(1);
  // The last term is the current one (running until it ends; the dates, not today, are what is checked).
  expect(terms.map((t) => [t.startedOn, t.dueOn, t.state === 'met' ? 'renewed' : 'current'])).toEqual([
    ['2026-11-05', '2027-11-05', 'renewed'],
    ['2026-11-12', '2027-11-12', 'renewed'],
    ['2026-11-30', '2027-11-30', 'current'],
  ]);
});

test('When real estate is sealed (查封), then its term is the one its notice states, kept when the court renews it in trial (公安程序规定 第二百二十八条; 涉财产执行规定 第五条)', async () => {
  expectRefused(r.termOnDeposit, 400, 'VALIDATION_FAILED', '/termMonths');
  expect(r.seal.status).toBe(200);
  // The registry gets a 协助查封通知书, never a 协助冻结财产通知书 (0024); the court continues the 查封 on its own
  // form, which is not built, so its renewal issues none.
  expect(r.seal.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['seal_assist']);
  expect(r.courtRenewsSeal.status).toBe(200);
  expect(r.courtRenewsSeal.body.notices).toEqual([]);
  const terms = await freezeTerms('FREEZE_REAL_ESTATE');
  expect(terms.map((t) => [t.startedOn, t.dueOn, t.state === 'met' ? 'renewed' : 'current'])).toEqual([
    ['2026-11-05', '2028-11-05', 'renewed'],
    ['2026-11-30', '2028-11-30', 'current'],
  ]);
  const pool = await api.call('GET', `/api/cases/${caseId}/assets`, { token: token('police') });
  expect(pool.status).toBe(200);
  expect(pool.body.assets.map((a: { kind: string }) => a.kind).sort()).toEqual(['deposit', 'real_estate']);
});
