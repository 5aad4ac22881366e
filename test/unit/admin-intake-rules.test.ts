// Each clock the administrative track, the police intake and the refused filing's remedies start, table by
// table: through the action that starts it (decideAction, as the workflow runs it) and through the
// calculator (startClock), which must agree; the article is in each test's name (docs/decisions/0017).
import { holidayCalendarRows } from '../../db/holiday-data';
import { refuseAction } from '../../domain/access';
import { HolidayCalendar } from '../../domain/calendar';
import { type CaseAggregate, decideAction, openCase } from '../../domain/case.decide';
import { type ActionName, actionSpec } from '../../domain/catalogue';
import type { Deadline, Subject } from '../../domain/case.types';
import { type DeadlineRuleCode, grantExtension, startClock } from '../../domain/deadlines';
import { adminOf, checkPenaltyRange } from '../../domain/tracks/administrative.track';
import type { Role } from '../../domain/reference';

const MENGHAI = '532822';
const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);
const START = '2026-03-02'; // a Monday
let ids = 0;
let clock = 0;

function open(subjects: Subject[] = [{ kind: 'actual_controller', name: '张某' }]): CaseAggregate {
  clock = Date.parse(`${START}T02:00:00Z`);
  return openCase(
    'c1',
    '勐海打非〔2026〕1号',
    {
      title: 't',
      sector: 'other',
      leadRegionCode: MENGHAI,
      assistingRegionCodes: [],
      source: { kind: 'township' },
      subjects,
    },
    new Date(clock).toISOString(),
  );
}

/** Takes an action as the workflow does: refused by its validator's rule, else decided (same day). */
function take(a: CaseAggregate, role: Role, action: string, payload: Record<string, unknown> = {}) {
  clock += 60_000;
  const name = action as ActionName;
  const regional = actionSpec(name).scope === 'region';
  const refusal = refuseAction(name, {
    caller: { userId: 'u', role, unitId: `${MENGHAI}-${role}`, regionCode: MENGHAI },
    caseState: a.kase,
    region: regional ? a.tracks[0] : undefined,
    casePhase: a.kase.phase,
    leadRegionCode: MENGHAI,
  });
  if (refusal) throw refusal;
  return decideAction(
    a,
    {
      action: name,
      payload,
      actor: { userId: 'u', role, unitId: `${MENGHAI}-${role}`, regionCode: MENGHAI },
      occurredAt: new Date(clock).toISOString(),
      idempotencyKey: null,
      regionCode: regional ? MENGHAI : null,
    },
    { newId: () => `id-${++ids}`, calendar, nowMs: clock, progressBulletinDays: 30 },
    `e-${++ids}`,
  ).state;
}

const all = (a: CaseAggregate): Deadline[] => [...a.kase.deadlines, ...a.tracks.flatMap((t) => t.deadlines)];
const open1 = (a: CaseAggregate, rule: DeadlineRuleCode) => {
  const found = all(a).filter((d) => d.rule === rule && (d.state === 'running' || d.state === 'paused'));
  expect(found).toHaveLength(1);
  return found[0];
};
const TEAM = ['李某', '王某'];
const REFER = { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌犯罪。' };

function found(): CaseAggregate {
  let a = open();
  a = take(a, 'financial_office', 'open_investigation', { grounds: 'g', investigators: TEAM });
  a = take(a, 'financial_office', 'record_investigation_measure', {
    measure: 'enter_premises',
    description: 'd',
    investigators: TEAM,
  });
  return take(a, 'financial_office', 'make_finding', { illegal: true, findings: 'f' });
}
const intake = (source = 'complaint') =>
  take(open(), 'police', 'accept_police_report', { source, summary: 's', complainantName: '赵某' });
const declinedWithComplainant = () => take(intake(), 'police', 'decline_filing', { reason: 'r' });
const served = () => take(declinedWithComplainant(), 'police', 'serve_non_filing_notice');
const reconsidering = () =>
  take(served(), 'police', 'request_filing_reconsideration', { level: 'reconsideration', grounds: 'g' });
const reviewWindow = () =>
  take(reconsidering(), 'police', 'decide_filing_reconsideration', {
    level: 'reconsideration',
    upheld: true,
    reason: 'r',
  });
const reviewing = () =>
  take(reviewWindow(), 'police', 'request_filing_reconsideration', { level: 'review', grounds: 'g' });
const transferRefused = () =>
  take(take(found(), 'financial_office', 'refer_to_police', REFER), 'police', 'decline_filing', {
    reason: 'r',
  });

// [rule, article, how the case got there, due date]
const STARTED: [DeadlineRuleCode, string, () => CaseAggregate, string][] = [
  [
    'ADMIN_SEIZURE',
    '行政强制法 第二十五条（三十日）',
    () =>
      take(
        take(found(), 'financial_office', 'order_stop', { conduct: 'c' }),
        'financial_office',
        'seize_assets',
        { items: 'i', headApproved: true },
      ),
    '2026-04-01',
  ],
  [
    'TRANSFER_FILING_REVIEW',
    '经济犯罪规定 第十六条（三日）',
    () => take(found(), 'financial_office', 'refer_to_police', REFER),
    '2026-03-05',
  ],
  [
    'FILING_REVIEW',
    '经济犯罪规定 第十五条（七日）；公安程序规定 第一百六十九条（受案）',
    () => intake('report'),
    '2026-03-09',
  ],
  [
    'FILING_DENIAL_NOTICE',
    '公安程序规定 第一百七十八条第二款（三日以内送达控告人）',
    declinedWithComplainant,
    '2026-03-05',
  ],
  [
    'FILING_DENIAL_RECONSIDERATION_WINDOW',
    '公安程序规定 第一百七十九条第一款（七日以内申请复议）',
    served,
    '2026-03-09',
  ],
  [
    'FILING_DENIAL_RECONSIDERATION',
    '公安程序规定 第一百七十九条第一款（三十日以内作出决定）',
    reconsidering,
    '2026-04-01',
  ],
  [
    'FILING_DENIAL_REVIEW_WINDOW',
    '公安程序规定 第一百七十九条第二款（七日以内申请复核）',
    reviewWindow,
    '2026-03-09',
  ],
  [
    'FILING_DENIAL_REVIEW',
    '公安程序规定 第一百七十九条第二款（上一级三十日以内作出决定）',
    reviewing,
    '2026-04-01',
  ],
  [
    'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
    '移送规定 第九条（三日内提请复议）',
    transferRefused,
    '2026-03-05',
  ],
  [
    'TRANSFER_RECONSIDERATION_DECISION',
    '移送规定 第九条（三日内作出决定）',
    () => take(transferRefused(), 'financial_office', 'request_transfer_reconsideration', { grounds: 'g' }),
    '2026-03-05',
  ],
  [
    'FILING_SUPERVISION_EXPLANATION',
    '刑诉法 第一百一十三条；检察规则 第五百六十条（七日以内说明理由）',
    () => take(declinedWithComplainant(), 'procuratorate', 'request_filing_explanation', { grounds: 'g' }),
    '2026-03-09',
  ],
  [
    'FILING_SUPERVISION_ORDER',
    '检察规则 第五百六十三条（十五日以内立案）',
    () => take(declinedWithComplainant(), 'procuratorate', 'order_filing', { reason: 'r' }),
    '2026-03-17',
  ],
];

describe.each(STARTED)('%s (%s)', (rule, _article, reach, dueOn) => {
  test(`When the action that starts it is taken on ${START}, then it is due ${dueOn}, as the calculator says`, () => {
    const d = open1(reach(), rule);
    expect(d.startedOn).toBe(START);
    expect(d.dueOn).toBe(dueOn);
    expect(startClock(rule, { start: START, calendar }).dueOn).toBe(dueOn);
  });
});

describe('经济犯罪规定 第十六条: one transfer clock, extended to 10, to 30, then +30 by the next level', () => {
  test.each([
    [['at_latest'], '2026-03-12'],
    [['major'], '2026-04-01'],
    [['cross_region'], '2026-04-01'],
    [['at_latest', 'major'], '2026-04-01'],
    // 2026-05-01 is in the Labour Day holiday (05-01 to 05-05): rolled over to 05-06 (刑诉法 第一百零五条).
    [['major', 'special'], '2026-05-06'],
  ] as [string[], string][])('When extended %j, then due %s, as grantExtension says', (grounds, due) => {
    let a = take(found(), 'financial_office', 'refer_to_police', REFER);
    a = { ...a, tracks: a.tracks.map((t) => ({ ...t, crossRegion: true })) };
    for (const ground of grounds) a = take(a, 'police', 'extend_filing_review', { ground });
    const d = open1(a, 'TRANSFER_FILING_REVIEW');
    expect(d.dueOn).toBe(due);
    // The calculator's own chain of the same extensions gives the same date.
    let granted: string[] = [];
    let unrolled = '2026-03-05';
    let last = '';
    for (const ext of d.extensions) {
      const r = grantExtension({
        code: 'TRANSFER_FILING_REVIEW',
        extensionCode: ext,
        start: START,
        unrolledDueOn: unrolled,
        granted,
        rollOver: 'always',
        inCustody: false,
        calendar,
      });
      granted = [...granted, ext];
      unrolled = r.rolledOverFrom ?? r.dueOn;
      last = r.dueOn;
    }
    expect(last).toBe(due);
  });

  test('When the next level extends before the 30 days, then it is refused (第十六条: 再延长 follows the 30)', () => {
    const a = take(found(), 'financial_office', 'refer_to_police', REFER);
    expect(() => take(a, 'police', 'extend_filing_review', { ground: 'special' })).toThrow('major_complex');
  });

  test('When the police took the case in themselves, then 至迟十日 is not theirs (第十五条 has 7/30/+30)', () => {
    expect(() => take(intake('report'), 'police', 'extend_filing_review', { ground: 'at_latest' })).toThrow(
      '只适用于行政执法机关移送的案件',
    );
  });
});

describe('公安程序规定 第一百七十九条第三款: 复议、复核 of a refusal extended once by at most 30 days', () => {
  test.each([
    ['reconsideration', reconsidering, 'FILING_DENIAL_RECONSIDERATION'],
    ['review', reviewing, 'FILING_DENIAL_REVIEW'],
  ] as const)(
    'When the %s is extended, then it is due 30 days later, and a second extension is refused',
    (level, reach, rule) => {
      const a = take(reach(), 'police', 'extend_filing_reconsideration', { level, reason: '案情重大、复杂' });
      expect(open1(a, rule).dueOn).toBe('2026-05-06'); // 04-01 + 30 = 05-01, Labour Day, rolled over
      expect(() => take(a, 'police', 'extend_filing_reconsideration', { level, reason: 'r' })).toThrow(
        '至多 1 次',
      );
    },
  );
});

describe('A refusal set aside or filing ordered: the police reopen the review and file', () => {
  const filedAfter = (a: CaseAggregate) => {
    const reopened = take(a, 'police', 'reopen_filing', { reason: '依复议决定立案' });
    expect(reopened.tracks[0].stage).toBe('police_filing');
    return take(reopened, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  };

  test('When the 复议 sets the refusal aside (公安程序规定 第一百七十九条), then the track reopens and files', () => {
    const a = take(reconsidering(), 'police', 'decide_filing_reconsideration', {
      level: 'reconsideration',
      upheld: false,
      reason: 'r',
    });
    expect(a.kase.phase).toBe('early_warning');
    const filed = filedAfter(a);
    expect([filed.kase.phase, filed.tracks[0].filed, filed.tracks[0].filingOrdered]).toEqual([
      'regional',
      true,
      undefined,
    ]);
  });

  test('When the procuratorate orders filing (检察规则 第五百六十三条), then filing meets the 15-day order', () => {
    const a = take(declinedWithComplainant(), 'procuratorate', 'order_filing', { reason: 'r' });
    const filed = filedAfter(a);
    const order = all(filed).find((d) => d.rule === 'FILING_SUPERVISION_ORDER')!;
    expect([order.state, order.endedBy]).toEqual(['met', 'file_case']);
  });

  test('When nothing set the refusal aside, then reopening is refused', () => {
    expect(() => take(declinedWithComplainant(), 'police', 'reopen_filing', { reason: 'r' })).toThrow(
      '没有被撤销的不予立案决定',
    );
  });
});

describe('条例 第二十三条: the order of the administrative track', () => {
  test('When nothing was investigated, then no finding, no stop order and no seizure; a referral still may go (第二十三条第二款)', () => {
    const a = take(open(), 'financial_office', 'open_investigation', { grounds: 'g', investigators: TEAM });
    expect(() => take(a, 'financial_office', 'make_finding', { illegal: true, findings: 'f' })).toThrow(
      '尚未记录任何调查措施',
    );
    expect(() => take(open(), 'financial_office', 'order_stop', { conduct: 'c' })).toThrow(
      '第二十三条第一款',
    );
    expect(() =>
      take(open(), 'financial_office', 'issue_warning', { findings: 'f', measures: ['stop_order'] }),
    ).toThrow('不能责令停止');
    expect(take(open(), 'financial_office', 'refer_to_police', REFER).kase.phase).toBe('regional');
  });

  test('When found illegal, then issue_warning may carry the stop order and records it', () => {
    const a = take(found(), 'financial_office', 'issue_warning', { findings: 'f', measures: ['stop_order'] });
    expect(adminOf(a.kase).stopOrderedAt).not.toBeNull();
    expect(a.kase.phase).toBe('early_warning');
  });

  test('When found not to be illegal fundraising, then the track ends and the case closes with the finding', () => {
    let a = open();
    a = take(a, 'financial_office', 'open_investigation', { grounds: 'g', investigators: TEAM });
    a = take(a, 'financial_office', 'record_investigation_measure', {
      measure: 'question',
      description: 'd',
      investigators: TEAM,
    });
    a = take(a, 'financial_office', 'make_finding', { illegal: false, findings: 'f' });
    expect([a.kase.phase, adminOf(a.kase).endedAt !== null]).toEqual(['closed', true]);
  });

  test('When a lead names nobody, then notices to subjects wait for add_subjects (issue 13 item 17)', () => {
    let a = open([]);
    expect(() => take(a, 'financial_office', 'issue_warning', { findings: 'f' })).toThrow('尚未确定涉案主体');
    a = take(a, 'financial_office', 'add_subjects', { subjects: [{ kind: 'agent', name: '代理人甲' }] });
    expect(take(a, 'financial_office', 'issue_warning', { findings: 'f' }).kase.phase).toBe('early_warning');
  });
});

describe('条例 第三十条、第三十一条: the ranges of the fines (in 分)', () => {
  const WAN = 1_000_000;
  test.each([
    ['fundraiser', 20 * WAN, 100 * WAN, true],
    ['fundraiser', 20 * WAN - 1, 100 * WAN, false],
    ['fundraiser', 100 * WAN, 100 * WAN, true],
    ['fundraiser', 100 * WAN + 1, 100 * WAN, false],
    ['helper', 10 * WAN, 10 * WAN, true],
    ['helper', 30 * WAN, 10 * WAN, true],
    ['helper', 30 * WAN + 1, 10 * WAN, false],
    ['helper', 10 * WAN - 1, 10 * WAN, false],
    ['responsible_person', 50 * WAN, undefined, true],
    ['responsible_person', 500 * WAN, undefined, true],
    ['responsible_person', 50 * WAN - 1, undefined, false],
    ['responsible_person', 500 * WAN + 1, undefined, false],
    ['fundraiser', 20 * WAN, undefined, false],
  ] as const)('When a %s is fined %d on a base of %s, then allowed: %s', (party, amountFen, baseFen, ok) => {
    const run = () => checkPenaltyRange({ party, amountFen, baseFen });
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow('罚款数额不在法定幅度内');
  });
});
