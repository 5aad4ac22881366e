// Issue 13, items 13 and 14 over HTTP: petitions as they come in these cases (信访工作条例 2022) — a group visit
// and its representatives (第二十条), petitioners linked to the claims register, 涉法涉诉 matters routed to the
// legal channel (第二十二条第二款、第二十八条、第三十一条第（一）项), 复查 then 复核 within their windows (第三十五、
// 三十六条) — and who gets a 督办通知 (government departments) and who only a 期限提示函 (courts and
// procuratorates, 宪法 第一百三十一条、第一百三十六条).
import { type TestApi, startTestApi, token } from '../support/api';
import { idNumberOf } from '../support/refunds';
import { act, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const at = (date: string, time = '09:00:00') => `${date}T${time}+08:00`;
const eventCount = async (caseId: string) =>
  Number((await api.db('case_events').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' }))[0].n);
const petitionsOf = async (caseId: string, region = '532822') =>
  (await api.db('case_regions').where({ case_id: caseId, region_code: region }).first()).state.petitions as {
    id: string;
    group: { petitionerCount: number; representatives: { name: string; participantId?: string }[] } | null;
    participantId: string | null;
    category: string;
    routing: { channel: string; body: string; basis: string } | null;
    reviews: number;
    reviewBodies: { level: string; body: string }[];
  }[];

/** Two participants in the case's register, through the import (the only way in), and their ids. */
async function registerTwo(caseId: string): Promise<string[]> {
  const csv =
    'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n' +
    `岩某1,${idNumberOf(1)},1000000,0,0,13888000001,农业银行勐海支行,6228480000000001\n` +
    `岩某2,${idNumberOf(2)},2000000,0,0,13888000002,农业银行勐海支行,6228480000000002\n`;
  const res = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token('financial_office')}`, 'content-type': 'text/csv' },
    body: csv,
  });
  expect(res.status).toBe(202);
  const job = (await res.json()) as { id: string };
  for (let i = 0; i < 300; i++) {
    const j = await api.call('GET', `/api/jobs/${job.id}`, { token: token('financial_office') });
    if (j.body.state === 'succeeded') break;
    if (j.body.state === 'failed') throw new Error(`import failed: ${JSON.stringify(j.body.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const rows = await api.db('participants').where({ case_id: caseId }).orderBy('seq').pluck('id');
  expect(rows).toHaveLength(2);
  return rows;
}

const representatives = (n: number, ids: string[] = []) =>
  Array.from({ length: n }, (_, i) => ({
    name: `代表${i + 1}`,
    ...(ids[i] ? { participantId: ids[i] } : {}),
  }));

test('When a group visit (集体访, 信访工作条例 第二十条) names 6 representatives, then it is refused 400 and nothing is recorded; with 5, linked to registered participants by id, it is logged with its number of petitioners', async () => {
  const c = await openCase(api);
  const ids = await registerTwo(c.id);
  const before = await eventCount(c.id);

  const six = await act(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '岩某1等',
    summary: '要求尽快清退集资款',
    channel: 'visit',
    petitionerCount: 40,
    representatives: representatives(6),
  });
  expect(six.status).toBe(400);
  expect(six.headers.get('content-type')).toContain('application/problem+json');
  expect(six.body.code).toBe('VALIDATION_FAILED');
  expect(six.body.errors).toEqual([
    { field: '/representatives', message: expect.stringContaining('第二十条') },
  ]);
  expect(await eventCount(c.id)).toBe(before);

  const stranger = await act(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '岩某1等',
    summary: '要求尽快清退集资款',
    channel: 'visit',
    petitionerCount: 40,
    representatives: [{ name: '代表1', participantId: '00000000-0000-4000-8000-000000000000' }],
  });
  expect(stranger.status).toBe(400);
  expect(stranger.body.errors).toEqual([
    { field: '/representatives/0/participantId', message: '不是本案已登记的集资参与人' },
  ]);

  const five = await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '岩某1等',
    summary: '要求尽快清退集资款',
    channel: 'visit',
    participantId: ids[0],
    petitionerCount: 40,
    representatives: representatives(5, ids),
  });
  expect(five.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_acceptance']);
  const [pet] = await petitionsOf(c.id);
  expect(pet.participantId).toBe(ids[0]);
  expect(pet.group!.petitionerCount).toBe(40);
  expect(pet.group!.representatives.map((r) => r.participantId ?? null)).toEqual([
    ids[0],
    ids[1],
    null,
    null,
    null,
  ]);
  // The link is an id: no identity number of the register is copied into the case.
  const stored = JSON.stringify(await api.db('case_events').where({ case_id: c.id }).pluck('payload'));
  expect(stored).not.toContain(idNumberOf(1));
  const handling = await api.db('deadlines').where({ case_id: c.id, rule: 'PETITION_HANDLING' });
  expect(handling.map((d) => d.subject_id)).toEqual([pet.id]);
});

test('When a 涉法涉诉 petition comes in while the police investigate (信访工作条例 第二十二条第二款、第二十八条、第三十一条第（一）项), then it is routed to the police with no 60-day clock, and it cannot be accepted into the petition track', async () => {
  const c = await openCase(api);
  await mustAct(api, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
  await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
  });
  await mustAct(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' });

  const logged = await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '玉某',
    summary: '对公安机关冻结其账户不服',
    channel: 'letter',
    category: 'law_related',
  });
  // The petitioner is told in writing where it went (0024), and no 受理告知书 is issued.
  expect(logged.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_transfer']);
  const [pet] = await petitionsOf(c.id);
  expect(pet.category).toBe('law_related');
  expect(pet.routing).toMatchObject({ channel: 'legal', body: 'police' });
  expect(pet.routing!.basis).toContain('第二十八条');
  const clocks = await api.db('deadlines').where({ case_id: c.id, subject_id: pet.id });
  expect(clocks).toEqual([]);

  const accepted = await act(api, c.id, 'petition_bureau', 'accept_petition', { petitionId: pet.id });
  expect(accepted.status).toBe(409);
  expect(accepted.body.detail).toContain('涉法涉诉');

  // One logged for routing (15 days, 第二十二条) and found to be 涉法涉诉: routed, the routing clock met.
  await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '岩某',
    summary: '要求检察机关对立案情况进行监督',
    channel: 'visit',
    accept: false,
  });
  const second = (await petitionsOf(c.id))[1];
  await mustAct(api, c.id, 'petition_bureau', 'route_petition_to_legal_channel', {
    petitionId: second.id,
    legalBody: 'procuratorate',
  });
  expect((await petitionsOf(c.id))[1].routing).toMatchObject({ body: 'procuratorate' });
  const routing = await api.db('deadlines').where({ case_id: c.id, subject_id: second.id });
  expect(routing.map((d) => [d.rule, d.state, d.ended_by])).toEqual([
    ['PETITION_ROUTING', 'met', 'route_petition_to_legal_channel'],
  ]);

  // Before the criminal case reaches the region, the officer must name the 政法 body.
  const early = await openCase(api);
  const unnamed = await act(api, early.id, 'petition_bureau', 'log_petition', {
    petitionerName: '玉某',
    summary: '对案件处理不服',
    channel: 'letter',
    category: 'law_related',
  });
  expect(unnamed.status).toBe(400);
  expect(unnamed.body.errors).toEqual([{ field: '/legalBody', message: expect.any(String) }]);
});

test('When the petition bureau routes a 涉法涉诉 matter to the 政法 body, then it issues one 信访事项转送告知书 to the petitioner naming that body, copied to it (信访工作条例 第二十二条第二款、第二十三条); a 申诉求决类 acceptance issues none', async () => {
  const c = await openCase(api, { occurredAt: at('2026-05-20') });
  await mustAct(api, c.id, 'financial_office', 'issue_warning', {
    findings: '高息揽储',
    occurredAt: at('2026-05-20'),
  });
  await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
    occurredAt: at('2026-05-21'),
  });
  await mustAct(api, c.id, 'police', 'file_case', {
    offence: '非法吸收公众存款罪',
    occurredAt: at('2026-05-22'),
  });
  const count = async () =>
    Number(
      (
        await api
          .db('notices')
          .where({ case_id: c.id, kind: 'petition_transfer' })
          .count<{ n: string }[]>({ n: '*' })
      )[0].n,
    );

  // Logged for routing (accept: false), then found to be 涉法涉诉 and routed a few days later.
  const logged = await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '岩某',
    summary: '对公安机关冻结其账户不服',
    channel: 'letter',
    accept: false,
    occurredAt: at('2026-06-01'),
  });
  expect(logged.notices).toEqual([]);
  const [pet] = await petitionsOf(c.id);
  const routed = await mustAct(api, c.id, 'petition_bureau', 'route_petition_to_legal_channel', {
    petitionId: pet.id,
    occurredAt: at('2026-06-05'),
  });
  expect(routed.notices.map((n: { kind: string }) => n.kind)).toEqual(['petition_transfer']);
  const n = await api.db('notices').where({ id: routed.notices[0].id }).first();
  expect(n.addressee).toBe('岩某');
  expect(n.doc_no).toMatch(/^海信信转〔2026〕\d+号$/);
  expect(n.data.copyTo).toEqual(['勐海县公安局']);
  expect(n.html).toContain('信访事项转送告知书');
  expect(n.html).toContain('你于2026年6月1日通过来信反映的对公安机关冻结其账户不服的信访事项');
  expect(n.html).toContain('本机关已将该事项转送勐海县公安局依法处理');
  expect(n.html).toContain('第二十二条第二款');
  expect(await count()).toBe(1);

  // A second routing is refused: nothing issued, no number taken.
  const again = await act(api, c.id, 'petition_bureau', 'route_petition_to_legal_channel', {
    petitionId: pet.id,
  });
  expect(again.status).toBe(409);
  expect(await count()).toBe(1);

  // A 申诉求决类 petition accepted into the 60-day track gets its 受理告知书, never a 转送告知书.
  await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '玉某',
    summary: '要求政府垫付集资款',
    channel: 'letter',
    accept: false,
    occurredAt: at('2026-06-06'),
  });
  const complaint = (await petitionsOf(c.id))[1];
  const accepted = await mustAct(api, c.id, 'petition_bureau', 'accept_petition', {
    petitionId: complaint.id,
    occurredAt: at('2026-06-08'),
  });
  expect(accepted.notices.map((x: { kind: string }) => x.kind)).toEqual(['petition_acceptance']);
  expect(await count()).toBe(1);
});

test('When the petitioner asks for 复查 within 30 days of the answer (信访工作条例 第三十五条) and then 复核 within 30 days of the 复查意见 (第三十六条), then each is reviewed one level up, and the 复核意见 is final; a request after the window is refused', async () => {
  const c = await openCase(api, { occurredAt: at('2026-05-20') });
  await mustAct(api, c.id, 'petition_bureau', 'log_petition', {
    petitionerName: '李某',
    summary: '要求政府垫付集资款',
    channel: 'visit',
    // What the console's form sends when nobody fills the group fields: one petitioner, not a group.
    representatives: [],
    occurredAt: at('2026-06-01'),
  });
  const [pet] = await petitionsOf(c.id);
  expect(pet.group).toBeNull();
  const opinion = await mustAct(api, c.id, 'petition_bureau', 'answer_petition', {
    petitionId: pet.id,
    result: 'not_support',
    opinion: '集资参与人的损失由其自行承担',
    occurredAt: at('2026-06-20'),
  });
  const html = async (noticeId: string) => (await api.db('notices').where({ id: noticeId }).first()).html;
  expect(await html(opinion.notices[0].id)).toContain('请求西双版纳傣族自治州信访局复查');
  const window = await api
    .db('deadlines')
    .where({ case_id: c.id, subject_id: pet.id, rule: 'PETITION_REVIEW_REQUEST_WINDOW' })
    .first();
  expect([window.started_on, window.due_on]).toEqual(['2026-06-20', '2026-07-20']);

  await mustAct(api, c.id, 'petition_bureau', 'request_petition_review', {
    petitionId: pet.id,
    reason: '不服处理意见',
    occurredAt: at('2026-07-10'),
  });
  const review = await api
    .db('deadlines')
    .where({ case_id: c.id, subject_id: pet.id, rule: 'PETITION_REVIEW' })
    .first();
  expect([review.started_on, review.due_on]).toEqual(['2026-07-10', '2026-08-10']);
  const reviewed = await mustAct(api, c.id, 'petition_bureau', 'answer_petition', {
    petitionId: pet.id,
    result: 'not_support',
    opinion: '维持原处理意见',
    occurredAt: at('2026-07-25'),
  });
  expect(await html(reviewed.notices[0].id)).toContain('请求云南省信访局复核');
  expect(await html(reviewed.notices[0].id)).toContain('信访事项复查意见书');

  // 复核 asked on day 38 after the 复查意见: past the 30 days of 第三十六条, refused, nothing recorded.
  const before = await eventCount(c.id);
  const late = await act(api, c.id, 'petition_bureau', 'request_petition_review', {
    petitionId: pet.id,
    occurredAt: at('2026-09-01'),
  });
  expect(late.status).toBe(409);
  expect(late.body.detail).toContain('第三十六条');
  expect(await eventCount(c.id)).toBe(before);

  await mustAct(api, c.id, 'petition_bureau', 'request_petition_review', {
    petitionId: pet.id,
    occurredAt: at('2026-08-20'),
  });
  const final = await mustAct(api, c.id, 'petition_bureau', 'answer_petition', {
    petitionId: pet.id,
    result: 'not_support',
    opinion: '维持复查意见',
    occurredAt: at('2026-09-05'),
  });
  expect(await html(final.notices[0].id)).toContain('不再受理');
  expect(await html(final.notices[0].id)).toContain('信访事项复核意见书');
  const done = (await petitionsOf(c.id))[0];
  expect(done.reviews).toBe(2);
  expect(done.reviewBodies.map((r) => [r.level, r.body])).toEqual([
    ['review', '西双版纳傣族自治州信访局'],
    ['recheck', '云南省信访局'],
  ]);
  const again = await act(api, c.id, 'petition_bureau', 'request_petition_review', { petitionId: pet.id });
  expect(again.status).toBe(409);
  expect(again.body.detail).toContain('不再受理');
  const windows = await api
    .db('deadlines')
    .where({ case_id: c.id, subject_id: pet.id })
    .whereIn('rule', ['PETITION_REVIEW_REQUEST_WINDOW', 'PETITION_RECHECK_REQUEST_WINDOW'])
    .orderBy('started_on');
  expect(windows.map((d) => [d.rule, d.state, d.ended_by])).toEqual([
    ['PETITION_REVIEW_REQUEST_WINDOW', 'met', 'request_petition_review'],
    ['PETITION_RECHECK_REQUEST_WINDOW', 'met', 'request_petition_review'],
  ]);
});

test('When a matter transferred here is objected to within 5 working days (信访工作条例 第二十三条), then it goes back and its clocks end; an objection after the 5th working day is refused', async () => {
  const c = await openCase(api, { occurredAt: at('2026-09-01') });
  const log = (occurredAt: string) =>
    mustAct(api, c.id, 'petition_bureau', 'log_petition', {
      petitionerName: '刀某',
      summary: '反映合作社分红问题',
      channel: 'letter',
      remittedBy: '西双版纳傣族自治州信访局',
      occurredAt,
    });
  // Received Wednesday 2026-09-30: the National Day holiday (10-01…10-07) does not count, Saturday 10-10 is
  // a working day (调休), so the 5th working day is Tuesday 10-13.
  await log(at('2026-09-30'));
  await log(at('2026-09-30'));
  const [first, second] = await petitionsOf(c.id);
  const window = await api
    .db('deadlines')
    .where({ case_id: c.id, subject_id: first.id, rule: 'PETITION_REMIT_OBJECTION' })
    .first();
  expect(window.due_on).toBe('2026-10-13');

  await mustAct(api, c.id, 'petition_bureau', 'object_to_petition_remit', {
    petitionId: first.id,
    reason: '属于市场监管部门职责',
    occurredAt: at('2026-10-13', '17:00:00'),
  });
  const clocks = await api.db('deadlines').where({ case_id: c.id, subject_id: first.id }).orderBy('rule');
  expect(clocks.map((d) => [d.rule, d.state, d.ended_by])).toEqual([
    ['PETITION_HANDLING', 'met', 'object_to_petition_remit'],
    ['PETITION_REMIT_OBJECTION', 'met', 'object_to_petition_remit'],
  ]);
  const answered = await act(api, c.id, 'petition_bureau', 'answer_petition', {
    petitionId: first.id,
    result: 'explain',
    opinion: 'x',
  });
  expect(answered.status).toBe(409);

  const late = await act(api, c.id, 'petition_bureau', 'object_to_petition_remit', {
    petitionId: second.id,
    reason: '属于市场监管部门职责',
    occurredAt: at('2026-10-14'),
  });
  expect(late.status).toBe(409);
  expect(late.body.detail).toContain('第二十三条');
});

test('When a procuratorate misses the prosecution review (刑诉法 第一百七十二条), then it gets a 期限提示函 without 督办 or 追究责任 (宪法 第一百三十六条); the police missing theirs get a 督办通知', async () => {
  const c = await openCase(api, { occurredAt: at('2026-06-01') });
  const steps: [string, string, Record<string, unknown>, string][] = [
    ['financial_office', 'issue_warning', { findings: '高息揽储' }, '2026-06-02'],
    [
      'financial_office',
      'refer_to_police',
      { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌犯罪。' },
      '2026-06-03',
    ],
    ['police', 'file_case', { offence: '非法吸收公众存款罪' }, '2026-06-20'],
    [
      'police',
      'transfer_for_prosecution',
      { suspects: ['张某'], offence: '非法吸收公众存款罪' },
      '2026-06-25',
    ],
  ];
  for (const [role, action, body, date] of steps)
    await mustAct(api, c.id, role, action, { ...body, occurredAt: at(date) });

  const reminders = await api.db('notices').where({ case_id: c.id, kind: 'deadline_reminder' });
  expect(reminders.length).toBeGreaterThan(0);
  expect(reminders.every((n) => n.addressee === '勐海县人民检察院')).toBe(true);
  expect(reminders[0].html).toContain('期限提示函');
  expect(reminders[0].html).toContain('第一百三十六条');
  expect(reminders[0].html).not.toMatch(/督办|追究责任/);
  const supervision = await api.db('notices').where({ case_id: c.id, kind: 'supervision' });
  expect(supervision.length).toBeGreaterThan(0);
  expect(supervision.every((n) => n.addressee === '勐海县公安局')).toBe(true);
  expect(supervision[0].html).toContain('追究责任');
});

test.each<[string, string, Record<string, unknown>, string]>([
  ['PETITION_HANDLING', '第三十四条', { start: '2026-08-01' }, '2026-09-30'],
  ['PETITION_REVIEW', '第三十五条', { start: '2026-07-10' }, '2026-08-10'],
  ['PETITION_REVIEW_REQUEST_WINDOW', '第三十五条', { start: '2026-06-20' }, '2026-07-20'],
  ['PETITION_RECHECK_REQUEST_WINDOW', '第三十六条', { start: '2026-07-25' }, '2026-08-24'],
  ['PETITION_REMIT_OBJECTION', '第二十三条', { start: '2026-09-30' }, '2026-10-13'],
])(
  'When the calculator computes %s (信访工作条例 %s) from %o, then it is due %s',
  async (code, article, body, dueOn) => {
    const res = await api.call('POST', `/api/deadline-rules/${code}/compute`, {
      token: token('petition_bureau'),
      body,
    });
    expect(res.status).toBe(200);
    expect(res.body.dueOn).toBe(dueOn);
    expect(res.body.basis).toContain(article);
  },
);
