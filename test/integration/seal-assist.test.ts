// The 协助查封通知书 over HTTP (issue 13 shortfall, docs/decisions/0024): a 查封 of real estate is served on the
// 不动产登记机构 with its term (公安程序规定 第二百二十八条第二款; 《公安机关办理刑事案件适用查封、冻结措施有关规定》
// 第六条), a 续行查封 by a new one citing the first, and a deposit freeze still by the 协助冻结财产通知书 alone.
import { type TestApi, startTestApi } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
let caseId = '';
const at = (date: string) => `${date}T09:00:00+08:00`;
const CERTIFICATE = '云（2024）勐海县不动产权第0007731号';
const REGISTRY = '勐海县不动产登记中心';
const building = {
  assetKind: 'real_estate',
  holderName: '某某投资有限公司',
  institution: REGISTRY,
  accountNo: CERTIFICATE,
  amountFen: 300_000_000,
  termMonths: 24,
  location: '勐海县勐海镇象山路12号',
  contactName: '李某',
  contactPhone: '0691-5122345',
};
const deposit = {
  assetKind: 'deposit',
  holderName: '某某投资有限公司',
  institution: '中国农业银行勐海县支行',
  accountNo: '6228480000000007731',
  amountFen: 10_000_000,
};

type NoticeRef = { id: string; kind: string };
const kinds = (res: { body: { notices: NoticeRef[] } }) => res.body.notices.map((n) => n.kind);
const row = (id: string) => api.db('notices').where({ id }).first();
const noticeCount = async () =>
  Number((await api.db('notices').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' }))[0].n);

beforeAll(async () => {
  api = await startTestApi();
  caseId = (await openCase(api, { occurredAt: at('2026-11-02') })).id;
  await mustAct(api, caseId, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    occurredAt: at('2026-11-02'),
  });
  await mustAct(api, caseId, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    occurredAt: at('2026-11-03'),
  });
  await mustAct(api, caseId, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-11-04'),
  });
});
afterAll(async () => {
  await api.close();
});

let sealNotice: NoticeRef;
let sealId = '';

test('When the police seal real estate (查封), then exactly one 协助查封通知书 goes to the registry with the property and its term (公安程序规定 第二百二十八条第二款; 查封、冻结措施有关规定 第六条)', async () => {
  const res = await act(api, caseId, 'police', 'freeze_assets', {
    ...building,
    occurredAt: at('2026-11-05'),
  });
  expect(res.status).toBe(200);
  expect(kinds(res)).toEqual(['seal_assist']);
  sealNotice = res.body.notices[0];
  const n = await row(sealNotice.id);
  expect(n.addressee).toBe(REGISTRY);
  expect(n.doc_no).toMatch(/^海公（经）协封字〔2026〕\d+号$/);
  expect(n.html).toContain('协助查封通知书');
  expect(n.html).toContain(`${REGISTRY}：`);
  expect(n.html).toContain('权利人：某某投资有限公司');
  expect(n.html).toContain('坐落：勐海县勐海镇象山路12号');
  expect(n.html).toContain('查封期限：24个月，自2026年11月5日起至2028年11月5日止');
  expect(n.html).toContain('第一百四十一条');
  expect(n.html).toContain('第二百二十八条第二款');
  expect(n.html).toContain('联系人：李某');
  expect(n.html).toContain('（勐海县公安局印）');
  // The certificate is printed masked, as a freeze's account is (0020), and sealed at rest.
  expect(n.html).toContain('云（2024）勐海县不动产权第***7731号');
  expect(n.html).not.toContain(CERTIFICATE);
  expect(JSON.stringify(n.data)).not.toContain('0691-5122345');
  const terms = await api.db('deadlines').where({ case_id: caseId, rule: 'FREEZE_REAL_ESTATE' });
  expect(terms.map((t) => [t.started_on, t.due_on])).toEqual([['2026-11-05', '2028-11-05']]);
  sealId = terms[0].subject_id;
});

test('When a deposit is frozen, then it still issues only the 协助冻结财产通知书 (公安程序规定 第二百三十九条)', async () => {
  const res = await act(api, caseId, 'police', 'freeze_assets', { ...deposit, occurredAt: at('2026-11-05') });
  expect(res.status).toBe(200);
  expect(kinds(res)).toEqual(['freeze_assist']);
  expect((await row(res.body.notices[0].id)).addressee).toBe('中国农业银行勐海县支行');
});

test('When the police continue the 查封 before it ends (续行查封), then a new 协助查封通知书 goes to the registry, citing the first, with the new term', async () => {
  const res = await act(api, caseId, 'police', 'renew_freeze', {
    freezeId: sealId,
    contactName: '王某',
    occurredAt: at('2026-11-20'),
  });
  expect(res.status).toBe(200);
  expect(kinds(res)).toEqual(['seal_assist']);
  expect(res.body.notices[0].id).not.toBe(sealNotice.id);
  const [first, renewal] = await Promise.all([row(sealNotice.id), row(res.body.notices[0].id)]);
  expect(renewal.addressee).toBe(REGISTRY);
  expect(renewal.doc_no).not.toBe(first.doc_no);
  expect(renewal.html).toContain('续行查封');
  expect(renewal.html).toContain(`原协助查封通知书为${first.doc_no}`);
  expect(renewal.html).toContain('查封期限：24个月，自2026年11月20日起至2028年11月20日止');
  expect(renewal.html).toContain('坐落：勐海县勐海镇象山路12号');
  expect(renewal.html).toContain('联系人：王某');
  expect(renewal.html).not.toContain(CERTIFICATE);
});

test('When a contact or a location is given for a deposit, then the freeze is refused with the fields, and no notice or number is taken', async () => {
  const before = await noticeCount();
  const res = await act(api, caseId, 'police', 'freeze_assets', {
    ...deposit,
    location: '勐海县',
    contactName: '李某',
    occurredAt: at('2026-11-21'),
  });
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
    '/contactName',
    '/location',
  ]);
  expect(await noticeCount()).toBe(before);
});
