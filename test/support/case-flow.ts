// Helpers for carrying a case through its stages over HTTP in tests.
import type { TestApi } from './api';
import { openingBody, token } from './api';

export interface Step {
  role: string;
  action: string;
  body: Record<string, unknown>;
  region?: string;
}

/** The main line from detection to closure, by the first-instance-then-appeal route. */
export const MAIN_LINE: Step[] = [
  {
    role: 'financial_office',
    action: 'issue_warning',
    body: {
      findings: '以高额回报为诱饵向社会公众吸收资金；承诺保本付息',
      // A stop order needs a finding first (条例 第二十三条第一款); the main line warns and interviews.
      measures: ['interview'],
    },
  },
  {
    role: 'financial_office',
    action: 'refer_to_police',
    body: { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌非法吸收公众存款，数额巨大。' },
  },
  { role: 'police', action: 'file_case', body: { offence: '非法吸收公众存款罪' } },
  {
    role: 'police',
    action: 'request_arrest',
    body: { suspectName: '张某', detained: true, offence: '非法吸收公众存款罪' },
  },
  {
    role: 'procuratorate',
    action: 'decide_arrest',
    body: { approved: true, reason: '有证据证明有犯罪事实，可能判处徒刑以上刑罚。' },
  },
  {
    role: 'police',
    action: 'transfer_for_prosecution',
    body: { suspects: ['张某'], offence: '非法吸收公众存款罪' },
  },
  {
    role: 'procuratorate',
    action: 'return_for_supplementary_investigation',
    body: { outline: '补充调取资金流向证据' },
  },
  {
    role: 'police',
    action: 'transfer_for_prosecution',
    body: { suspects: ['张某'], offence: '非法吸收公众存款罪' },
  },
  {
    role: 'procuratorate',
    action: 'indict',
    body: { defendants: ['张某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
  },
  // The trial clock starts when the court receives the case (刑诉法 第二百零八条), not at the indictment.
  { role: 'court', action: 'receive_case', body: {} },
  {
    role: 'court',
    action: 'deliver_judgment',
    body: {
      defendants: ['张某'],
      verdict: '有期徒刑五年，并处罚金人民币五十万元',
      propertyOrders: [{ description: '冻结的银行存款', amountFen: 50_000_000 }],
    },
  },
  { role: 'court', action: 'file_appeal', body: { appellant: '张某' } },
  // The second instance is the intermediate court's (西双版纳州中级人民法院, 刑诉法 第二百四十三条).
  { role: 'court', action: 'receive_case', body: { regionCode: '532822' }, region: '532800' },
  {
    role: 'court',
    action: 'deliver_final_judgment',
    body: {
      regionCode: '532822',
      defendants: ['张某'],
      verdict: '驳回上诉，维持原判',
      propertyOrders: [],
      outcome: 'upheld',
    },
    region: '532800',
  },
  {
    role: 'financial_office',
    action: 'approve_disposal_plan',
    body: { planSummary: '统一处置，按比例清退', poolFen: 50_000_000 },
  },
  { role: 'financial_office', action: 'complete_disposition', body: { summary: '资产处置完毕' } },
  { role: 'petition_bureau', action: 'conclude_stabilization', body: { summary: '善后维稳工作完成' } },
  { role: 'financial_office', action: 'close_case', body: { summary: '结案' } },
];

export async function openCase(api: TestApi, overrides: Record<string, unknown> = {}, region = '532822') {
  const res = await api.call('POST', '/api/cases', {
    token: token('financial_office', region),
    body: openingBody({ leadRegionCode: region, ...overrides }),
  });
  if (res.status !== 201) throw new Error(`open failed: ${res.status} ${res.text}`);
  return res.body as { id: string; caseNo: string };
}

export async function act(
  api: TestApi,
  caseId: string,
  role: string,
  action: string,
  body: Record<string, unknown>,
  opts: { region?: string; key?: string } = {},
) {
  return api.call('POST', `/api/cases/${caseId}/actions/${action}`, {
    token: token(role, opts.region ?? '532822'),
    body,
    headers: opts.key ? { 'idempotency-key': opts.key } : {},
  });
}

export async function mustAct(
  api: TestApi,
  caseId: string,
  role: string,
  action: string,
  body: Record<string, unknown>,
  opts: { region?: string; key?: string } = {},
) {
  const res = await act(api, caseId, role, action, body, opts);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Runs MAIN_LINE steps until (not including) the named action. */
export async function advanceUntil(
  api: TestApi,
  caseId: string,
  stopBefore: string,
  dated?: (i: number) => string,
) {
  for (const [i, s] of MAIN_LINE.entries()) {
    if (s.action === stopBefore) return;
    await mustAct(api, caseId, s.role, s.action, dated ? { ...s.body, occurredAt: dated(i) } : s.body, {
      region: s.region,
    });
  }
}
