// The rules added for issue 13, one row per rule and article, through the pure engine.
import { holidayCalendarRows, holidayDataYears } from '../../db/holiday-data';
import { HolidayCalendar } from '../../domain/calendar';
import {
  DEADLINE_RULES,
  DEADLINE_RULE_CODES,
  type DeadlineRuleCode,
  PAUSE_REASONS,
  type Period,
  addHours,
  addPeriod,
  assertCanPause,
  canPause,
  computeRuleDue,
  computeRuleDueAt,
  grantExtension,
  isPauseReason,
  periodOf,
  resolveCustodyVariant,
  startClock,
} from '../../domain/deadlines';
import { DomainError } from '../../domain/errors';

const years = holidayDataYears();
const calendar = new HolidayCalendar(holidayCalendarRows(years), years);
const days = (amount: number): Period => ({ unit: 'day', amount });
const months = (amount: number): Period => ({ unit: 'month', amount });

describe('new rules as data', () => {
  it.each<[DeadlineRuleCode, Period, string, string, string, string]>([
    ['TRANSFER_FILING_REVIEW', days(3), 'always', 'duty', 'police', '经济犯罪案件的若干规定》第十六条'],
    [
      'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
      days(3),
      'always',
      'window',
      'financial_office',
      '移送涉嫌犯罪案件的规定》第九条',
    ],
    [
      'TRANSFER_RECONSIDERATION_DECISION',
      days(3),
      'always',
      'duty',
      'police',
      '移送涉嫌犯罪案件的规定》第九条',
    ],
    ['FILING_DENIAL_NOTICE', days(3), 'always', 'duty', 'police', '程序规定》第一百七十八条第二款'],
    ['FILING_DENIAL_RECONSIDERATION_WINDOW', days(7), 'always', 'window', 'police', '第一百七十九条第一款'],
    ['FILING_DENIAL_RECONSIDERATION', days(30), 'always', 'duty', 'police', '第一百七十九条第一款'],
    ['FILING_DENIAL_REVIEW_WINDOW', days(7), 'always', 'window', 'police', '第一百七十九条第二款'],
    ['FILING_DENIAL_REVIEW', days(30), 'always', 'duty', 'police', '第一百七十九条第二款'],
    [
      'DETENTION_TO_CUSTODY',
      { unit: 'hour', amount: 24 },
      'never',
      'duty',
      'police',
      '刑事诉讼法》第八十五条',
    ],
    [
      'DETENTION_FAMILY_NOTICE',
      { unit: 'hour', amount: 24 },
      'never',
      'duty',
      'police',
      '刑事诉讼法》第八十五条',
    ],
    [
      'DETENTION_INTERROGATION',
      { unit: 'hour', amount: 24 },
      'never',
      'duty',
      'police',
      '刑事诉讼法》第八十六条',
    ],
    [
      'ARREST_FAMILY_NOTICE',
      { unit: 'hour', amount: 24 },
      'never',
      'duty',
      'police',
      '刑事诉讼法》第九十三条第二款',
    ],
    [
      'ARREST_INTERROGATION',
      { unit: 'hour', amount: 24 },
      'never',
      'duty',
      'police',
      '刑事诉讼法》第九十四条',
    ],
    ['DETENTION_ARREST_REQUEST', days(3), 'never', 'duty', 'police', '刑事诉讼法》第九十一条'],
    ['BAIL_TERM', months(12), 'never', 'term', 'police', '刑事诉讼法》第七十九条'],
    ['RESIDENTIAL_SURVEILLANCE_TERM', months(6), 'never', 'term', 'police', '刑事诉讼法》第七十九条'],
    ['CUSTODY_EXTENSION_REQUEST', days(7), 'never', 'duty', 'police', '程序规定》第一百四十八条'],
    [
      'ARREST_DENIAL_RECONSIDERATION',
      days(7),
      'always',
      'duty',
      'procuratorate',
      '刑事诉讼规则》第二百九十条',
    ],
    ['ARREST_DENIAL_REVIEW', days(15), 'always', 'duty', 'procuratorate', '刑事诉讼规则》第二百九十一条'],
    [
      'FAST_TRACK_PROSECUTION_REVIEW',
      days(10),
      'unless_custody',
      'duty',
      'procuratorate',
      '刑事诉讼法》第一百七十二条',
    ],
    ['FAST_TRACK_TRIAL', days(10), 'unless_custody', 'duty', 'court', '刑事诉讼法》第二百二十五条'],
    [
      'NON_PROSECUTION_RECONSIDERATION',
      days(30),
      'always',
      'duty',
      'procuratorate',
      '刑事诉讼规则》第三百七十九条第二款',
    ],
    ['NON_PROSECUTION_REVIEW', days(30), 'always', 'duty', 'procuratorate', '刑事诉讼规则》第三百八十条'],
    [
      'NON_PROSECUTION_VICTIM_APPEAL',
      days(7),
      'always',
      'window',
      'procuratorate',
      '刑事诉讼法》第一百八十条',
    ],
    [
      'NON_PROSECUTION_PERSON_APPEAL',
      days(7),
      'always',
      'window',
      'procuratorate',
      '刑事诉讼法》第一百八十一条',
    ],
    ['ADMIN_SEIZURE', days(30), 'never', 'term', 'financial_office', '行政强制法》第二十五条'],
    [
      'PETITION_REMIT_OBJECTION',
      { unit: 'working_day', amount: 5 },
      'always',
      'window',
      'petition_bureau',
      '信访工作条例》第二十三条',
    ],
    [
      'PETITION_REVIEW_REQUEST_WINDOW',
      days(30),
      'always',
      'window',
      'petition_bureau',
      '信访工作条例》第三十五条',
    ],
    [
      'PETITION_RECHECK_REQUEST_WINDOW',
      days(30),
      'always',
      'window',
      'petition_bureau',
      '信访工作条例》第三十六条',
    ],
    ['FILING_SUPERVISION_EXPLANATION', days(7), 'always', 'duty', 'police', '刑事诉讼法》第一百一十三条'],
    ['FILING_SUPERVISION_ORDER', days(15), 'always', 'duty', 'police', '刑事诉讼法》第一百一十三条'],
    ['PROPERTY_EXECUTION', months(6), 'always', 'duty', 'court', '部分执行的若干规定》第三条'],
  ])(
    'When rule %s is read, then its period is %o, roll-over %s, kind %s, owned by %s, and it cites %s',
    (code, period, rollOver, kind, role, article) => {
      // Act
      const rule = DEADLINE_RULES[code];

      // Assert
      expect(rule).toMatchObject({ code, period, rollOver, kind, responsibleRole: role });
      expect(rule.basis).toContain(article.slice(article.indexOf('第')));
      expect(`《${rule.basis}`).toContain(article.split('》')[0].slice(-4));
    },
  );

  it('When every rule is listed, then each cites an article and names only pause reasons the law has', () => {
    expect(DEADLINE_RULE_CODES).toHaveLength(50);
    for (const code of DEADLINE_RULE_CODES) {
      const rule = DEADLINE_RULES[code];
      expect(rule.basis).toMatch(/第[一二三四五六七八九十百零]+条|十三/);
      for (const e of rule.extensions) expect(e.basis).toMatch(/第[一二三四五六七八九十百零]+条/);
      for (const reason of rule.pauseEvents) expect(isPauseReason(reason)).toBe(true);
    }
  });
});

describe('computeRuleDue for the new rules', () => {
  it.each<[DeadlineRuleCode, string, string, string | undefined, boolean, string, string | undefined]>([
    // 2025-09-29 + 3 = 10-02, National Day → 10-09, like the older transfer clock it replaces for transfers.
    [
      'TRANSFER_FILING_REVIEW',
      '经济犯罪规定 第十六条 三日',
      '2025-09-29',
      undefined,
      false,
      '2025-10-09',
      '2025-10-02',
    ],
    [
      'TRANSFER_FILING_REVIEW',
      '经济犯罪规定 第十六条 至迟十日',
      '2026-03-02',
      'at_latest',
      false,
      '2026-03-12',
      undefined,
    ],
    [
      'TRANSFER_FILING_REVIEW',
      '经济犯罪规定 第十六条 三十日',
      '2026-03-02',
      'major_complex',
      false,
      '2026-04-01',
      undefined,
    ],
    [
      'TRANSFER_FILING_REVIEW',
      '经济犯罪规定 第十六条 再延长三十日',
      '2026-03-02',
      'special',
      false,
      '2026-05-06',
      '2026-05-01',
    ],
    [
      'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
      '移送规定 第九条 3日内提请复议',
      '2026-09-30',
      undefined,
      false,
      '2026-10-08',
      '2026-10-03',
    ],
    [
      'TRANSFER_RECONSIDERATION_DECISION',
      '移送规定 第九条 3日内决定',
      '2026-03-02',
      undefined,
      false,
      '2026-03-05',
      undefined,
    ],
    [
      'FILING_DENIAL_NOTICE',
      '公安程序规定 第一百七十八条 三日以内送达',
      '2026-02-12',
      undefined,
      false,
      '2026-02-24',
      '2026-02-15',
    ],
    [
      'FILING_DENIAL_RECONSIDERATION_WINDOW',
      '公安程序规定 第一百七十九条 七日',
      '2026-03-02',
      undefined,
      false,
      '2026-03-09',
      undefined,
    ],
    [
      'FILING_DENIAL_RECONSIDERATION',
      '公安程序规定 第一百七十九条 三十日',
      '2026-03-02',
      undefined,
      false,
      '2026-04-01',
      undefined,
    ],
    [
      'FILING_DENIAL_REVIEW_WINDOW',
      '公安程序规定 第一百七十九条第二款 七日',
      '2026-04-24',
      undefined,
      false,
      '2026-05-06',
      '2026-05-01',
    ],
    [
      'FILING_DENIAL_REVIEW',
      '公安程序规定 第一百七十九条第二款 三十日',
      '2026-09-01',
      undefined,
      false,
      '2026-10-08',
      '2026-10-01',
    ],
    // In custody: the holiday is the due date (刑诉法 art.105).
    [
      'DETENTION_ARREST_REQUEST',
      '刑诉法 第九十一条 三日',
      '2025-09-28',
      undefined,
      true,
      '2025-10-01',
      undefined,
    ],
    [
      'DETENTION_ARREST_REQUEST',
      '刑诉法 第九十一条 延长至三十日',
      '2026-03-02',
      'serial_group',
      true,
      '2026-04-01',
      undefined,
    ],
    ['BAIL_TERM', '刑诉法 第七十九条 十二个月', '2025-10-01', undefined, false, '2026-10-01', undefined],
    [
      'RESIDENTIAL_SURVEILLANCE_TERM',
      '刑诉法 第七十九条 六个月',
      '2025-08-31',
      undefined,
      false,
      '2026-02-28',
      undefined,
    ],
    // The anchor is the custody term's expiry: the request is due seven days before it.
    [
      'CUSTODY_EXTENSION_REQUEST',
      '公安程序规定 第一百四十八条 届满七日前',
      '2026-05-02',
      undefined,
      true,
      '2026-04-25',
      undefined,
    ],
    [
      'ARREST_DENIAL_RECONSIDERATION',
      '检察规则 第二百九十条 七日',
      '2025-09-26',
      undefined,
      false,
      '2025-10-09',
      '2025-10-03',
    ],
    [
      'ARREST_DENIAL_REVIEW',
      '检察规则 第二百九十一条 十五日',
      '2026-03-02',
      undefined,
      false,
      '2026-03-17',
      undefined,
    ],
    [
      'FAST_TRACK_PROSECUTION_REVIEW',
      '刑诉法 第一百七十二条 十日',
      '2026-09-24',
      undefined,
      false,
      '2026-10-08',
      '2026-10-04',
    ],
    [
      'FAST_TRACK_PROSECUTION_REVIEW',
      '刑诉法 第一百七十二条 十日（在押）',
      '2026-09-24',
      undefined,
      true,
      '2026-10-04',
      undefined,
    ],
    [
      'FAST_TRACK_PROSECUTION_REVIEW',
      '刑诉法 第一百七十二条 延长至十五日',
      '2026-03-02',
      'over_one_year',
      false,
      '2026-03-17',
      undefined,
    ],
    [
      'FAST_TRACK_TRIAL',
      '刑诉法 第二百二十五条 十日',
      '2026-01-26',
      undefined,
      false,
      '2026-02-05',
      undefined,
    ],
    [
      'NON_PROSECUTION_RECONSIDERATION',
      '检察规则 第三百七十九条 三十日',
      '2026-03-02',
      undefined,
      false,
      '2026-04-01',
      undefined,
    ],
    [
      'NON_PROSECUTION_REVIEW',
      '检察规则 第三百八十条 三十日',
      '2026-09-01',
      undefined,
      false,
      '2026-10-08',
      '2026-10-01',
    ],
    [
      'NON_PROSECUTION_VICTIM_APPEAL',
      '刑诉法 第一百八十条 七日',
      '2026-09-28',
      undefined,
      false,
      '2026-10-08',
      '2026-10-05',
    ],
    [
      'NON_PROSECUTION_PERSON_APPEAL',
      '刑诉法 第一百八十一条 七日',
      '2026-03-02',
      undefined,
      false,
      '2026-03-09',
      undefined,
    ],
    // A term lapses on its date: 10-01 is a holiday and the seizure still ends then.
    [
      'ADMIN_SEIZURE',
      '行政强制法 第二十五条 三十日',
      '2026-09-01',
      undefined,
      false,
      '2026-10-01',
      undefined,
    ],
    // 5 working days from Monday 2025-09-29: 09-30, (10-01…10-08 holiday), 10-09, 10-10, Saturday 10-11
    // (调休上班), Monday 10-13.
    [
      'PETITION_REMIT_OBJECTION',
      '信访工作条例 第二十三条 5个工作日',
      '2025-09-29',
      undefined,
      false,
      '2025-10-13',
      undefined,
    ],
    [
      'PETITION_REVIEW_REQUEST_WINDOW',
      '信访工作条例 第三十五条 30日',
      '2026-09-01',
      undefined,
      false,
      '2026-10-08',
      '2026-10-01',
    ],
    [
      'PETITION_RECHECK_REQUEST_WINDOW',
      '信访工作条例 第三十六条 30日',
      '2026-03-02',
      undefined,
      false,
      '2026-04-01',
      undefined,
    ],
    [
      'FILING_SUPERVISION_EXPLANATION',
      '刑诉法 第一百一十三条 七日',
      '2026-09-24',
      undefined,
      false,
      '2026-10-08',
      '2026-10-01',
    ],
    [
      'FILING_SUPERVISION_ORDER',
      '刑诉法 第一百一十三条 十五日',
      '2026-03-02',
      undefined,
      false,
      '2026-03-17',
      undefined,
    ],
    [
      'PROPERTY_EXECUTION',
      '涉财产执行规定 第三条 六个月',
      '2026-04-01',
      undefined,
      false,
      '2026-10-08',
      '2026-10-01',
    ],
    // law-criminal (issue 13, item 8): a year for a major case's deposits; 2027-10-01 is National Day, and a
    // freeze never rolls.
    [
      'FREEZE_DEPOSIT',
      '公安程序规定 第二百四十三条第二款 一年',
      '2026-10-01',
      'major_complex',
      false,
      '2027-10-01',
      undefined,
    ],
    [
      'FREEZE_REAL_ESTATE',
      '查封不动产 三年（默认）',
      '2026-02-28',
      undefined,
      false,
      '2029-02-28',
      undefined,
    ],
  ])(
    'When %s (%s) starts on %s (variant %s, in custody %p), then it is due %s (rolled from %s)',
    (code, _article, start, variant, inCustody, dueOn, from) => {
      // Act
      const result = computeRuleDue(code, start, { variant, inCustody, calendar });

      // Assert
      expect(result).toEqual(from ? { dueOn, rolledOverFrom: from, warnings: [] } : { dueOn, warnings: [] });
    },
  );

  it('When 5 working days (信访工作条例 第二十三条) run into a year with no schedule, then the due date carries the warning', () => {
    // 2027 is not in the package: 2027-01-01 counts as a working day, which it will not be.
    const result = computeRuleDue('PETITION_REMIT_OBJECTION', '2026-12-28', { inCustody: false, calendar });

    expect(result).toEqual({ dueOn: '2027-01-04', warnings: ['NO_CALENDAR_FOR_YEAR:2027'] });
  });

  it('When working days are added without a calendar, then it is refused rather than guessed', () => {
    expect(() => addPeriod('2026-03-02', { unit: 'working_day', amount: 5 })).toThrow(DomainError);
    expect(addPeriod('2026-03-02', { unit: 'working_day', amount: 5 }, calendar)).toBe('2026-03-09');
  });
});

describe('hour periods (刑诉法 第一百零五条: 期间开始的时不计算)', () => {
  it.each<[DeadlineRuleCode, string, string, string]>([
    ['DETENTION_TO_CUSTODY', '2026-03-02T10:25:00+08:00', '2026-03-03T03:00:00.000Z', '2026-03-03'],
    ['DETENTION_FAMILY_NOTICE', '2026-03-02T10:00:00+08:00', '2026-03-03T03:00:00.000Z', '2026-03-03'],
    ['DETENTION_INTERROGATION', '2026-12-31T23:30:00+08:00', '2027-01-01T16:00:00.000Z', '2027-01-01'],
  ])(
    'When %s (刑诉法 第八十五、八十六条, 24 小时) starts at %s, then it ends (exclusive) at %s, shown as %s',
    (code, startAt, dueAt, dueOn) => {
      // Act
      const result = computeRuleDueAt(code, Date.parse(startAt), { inCustody: true, calendar });

      // Assert
      expect(new Date(result.dueAtMs).toISOString()).toBe(dueAt);
      expect(result.dueOn).toBe(dueOn);
    },
  );

  it.each<[DeadlineRuleCode, string, string, string]>([
    ['ARREST_FAMILY_NOTICE', '2026-03-02T10:25:00+08:00', '2026-03-03T03:00:00.000Z', '2026-03-03'],
    ['ARREST_INTERROGATION', '2026-04-30T23:00:00+08:00', '2026-05-01T16:00:00.000Z', '2026-05-01'],
  ])(
    'When %s (刑诉法 第九十三条第二款、第九十四条, 逮捕后 24 小时) starts at %s, then it ends (exclusive) at %s, shown as %s, holidays or not',
    (code, startAt, dueAt, dueOn) => {
      const result = computeRuleDueAt(code, Date.parse(startAt), { inCustody: true, calendar });

      expect(new Date(result.dueAtMs).toISOString()).toBe(dueAt);
      expect(result.dueOn).toBe(dueOn);
    },
  );

  it('When an hour rule is computed from a date, then it is refused: the hour is not known', () => {
    expect(() =>
      computeRuleDue('DETENTION_FAMILY_NOTICE', '2026-03-02', { inCustody: true, calendar }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => addHours(0, days(1))).toThrow(DomainError);
  });

  it('When a day rule is computed from an instant, then it ends at the end of its due date in Shanghai', () => {
    const result = computeRuleDueAt('DETENTION_ARREST_REQUEST', Date.parse('2026-03-02T23:59:00+08:00'), {
      inCustody: true,
      calendar,
    });

    expect(result.dueOn).toBe('2026-03-05');
    expect(new Date(result.dueAtMs).toISOString()).toBe('2026-03-05T16:00:00.000Z');
  });
});

describe('grantExtension', () => {
  const transfer = (extensionCode: string, granted: string[], unrolledDueOn: string) =>
    grantExtension({
      code: 'TRANSFER_FILING_REVIEW',
      extensionCode,
      start: '2026-03-02',
      unrolledDueOn,
      granted,
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

  it('When a transfer review (经济犯罪规定 第十六条) goes 3 → 10 → 30 → +30 days, then it is one clock to 2026-05-06', () => {
    expect(transfer('at_latest', [], '2026-03-05')).toEqual({ dueOn: '2026-03-12', warnings: [] });
    // "三十日以内" counts from acceptance, not from day 10.
    expect(transfer('major_complex', ['at_latest'], '2026-03-12')).toEqual({
      dueOn: '2026-04-01',
      warnings: [],
    });
    expect(transfer('major_complex', [], '2026-03-05')).toEqual({ dueOn: '2026-04-01', warnings: [] });
    expect(transfer('special_next_level', ['major_complex'], '2026-04-01')).toEqual({
      dueOn: '2026-05-06',
      rolledOverFrom: '2026-05-01',
      warnings: [],
    });
  });

  it('When the next level extends (第十六条) before the county has, or an extension is repeated, then it is refused', () => {
    expect(() => transfer('special_next_level', [], '2026-03-05')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => transfer('major_complex', ['major_complex'], '2026-04-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => transfer('cross_region', [], '2026-03-05')).toThrow(DomainError);
  });

  const arrestRequest = (extensionCode: string, granted: string[], unrolledDueOn: string, amount?: number) =>
    grantExtension({
      code: 'DETENTION_ARREST_REQUEST',
      extensionCode,
      start: '2025-09-28',
      unrolledDueOn,
      granted,
      amount,
      rollOver: 'never',
      inCustody: true,
      calendar,
    });

  it('When the arrest request (刑诉法 第九十一条) is extended by one to four days, then the amount is checked and nothing rolls', () => {
    expect(arrestRequest('special_circumstances', [], '2025-10-01', 2)).toEqual({
      dueOn: '2025-10-03',
      warnings: [],
    });
    expect(arrestRequest('special_circumstances', [], '2025-10-01')).toEqual({
      dueOn: '2025-10-05',
      warnings: [],
    });
    expect(() => arrestRequest('special_circumstances', [], '2025-10-01', 5)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => arrestRequest('special_circumstances', [], '2025-10-01', 0)).toThrow(DomainError);
  });

  it('When a 流窜作案、多次作案、结伙作案 suspect (刑诉法 第九十一条第二款) is extended, then it runs to 30 days and excludes the 1–4 days', () => {
    expect(arrestRequest('serial_group', [], '2025-10-01')).toEqual({ dueOn: '2025-10-28', warnings: [] });
    expect(() => arrestRequest('serial_group', ['special_circumstances'], '2025-10-03')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('When a seizure (行政强制法 第二十五条) is extended once by 30 days, then a second extension is refused', () => {
    const input = {
      code: 'ADMIN_SEIZURE' as const,
      extensionCode: 'complex',
      start: '2026-09-01',
      rollOver: 'never' as const,
      inCustody: false,
      calendar,
    };
    expect(grantExtension({ ...input, unrolledDueOn: '2026-10-01', granted: [] })).toEqual({
      dueOn: '2026-10-31',
      warnings: [],
    });
    expect(() => grantExtension({ ...input, unrolledDueOn: '2026-10-31', granted: ['complex'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('canPause', () => {
  it.each<[DeadlineRuleCode, string, string, boolean]>([
    ['INVESTIGATION_CUSTODY', 'psychiatric_assessment', '刑诉法 第一百四十九条', true],
    ['PROSECUTION_REVIEW', 'psychiatric_assessment', '刑诉法 第一百四十九条', true],
    ['FIRST_INSTANCE_TRIAL', 'suspend_trial', '刑诉法 第二百零六条', true],
    ['SECOND_INSTANCE_TRIAL', 'suspend_trial', '刑诉法 第二百零六条、第二百四十二条', true],
    ['SECOND_INSTANCE_TRIAL', 'procuratorate_file_review', '刑诉法 第二百三十五条', true],
    ['FAST_TRACK_TRIAL', 'suspend_trial', '刑诉法 第二百零六条', true],
    ['PETITION_REVIEW', 'petition_hearing', '信访工作条例 第三十六条', true],
    ['ADMIN_SEIZURE', 'technical_inspection', '行政强制法 第二十五条第三款', true],
    // Where the law excludes nothing, the clock keeps running.
    ['FREEZE_DEPOSIT', 'psychiatric_assessment', '公安程序规定 第二百四十条（期满自动解除）', false],
    ['FREEZE_SECURITIES', 'suspend_trial', '公安程序规定 第二百四十条', false],
    ['APPEAL_WINDOW', 'suspend_trial', '刑诉法 第二百三十条', false],
    ['ARREST_REVIEW', 'psychiatric_assessment', '刑诉法 第九十一条', false],
    ['BAIL_TERM', 'psychiatric_assessment', '刑诉法 第七十九条', false],
    ['DETENTION_ARREST_REQUEST', 'psychiatric_assessment', '刑诉法 第九十一条', false],
    ['ADMIN_SEIZURE', 'suspend_trial', '行政强制法 第二十五条', false],
    ['PETITION_HANDLING', 'petition_hearing', '信访工作条例 第三十四条', false],
  ])('When %s is paused for %s (%s), then allowed is %p', (rule, reason, _article, allowed) => {
    // Act
    const decision = canPause(rule, reason);

    // Assert
    expect(decision.allowed).toBe(allowed);
    if (decision.allowed) expect(decision.basis).toBe(PAUSE_REASONS[decision.reason].basis);
    else expect(decision.code).toBe('INVALID_TRANSITION');
  });

  it.each(['holiday', '__proto__', 'constructor', ''])(
    'When the pause reason is %p, then it is not a reason at all (VALIDATION_FAILED)',
    (reason) => {
      expect(canPause('INVESTIGATION_CUSTODY', reason)).toMatchObject({
        allowed: false,
        code: 'VALIDATION_FAILED',
      });
    },
  );

  it('When a freeze term is paused through the guard, then it throws the refusal naming the article', () => {
    expect(() => assertCanPause('FREEZE_DEPOSIT', 'psychiatric_assessment')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('第二百四十三条'),
      }),
    );
    expect(assertCanPause('FIRST_INSTANCE_TRIAL', 'suspend_trial')).toBe('suspend_trial');
  });
});

describe('arrest review variants (检察规则 第二百八十二条)', () => {
  it.each<[boolean | undefined, string | undefined, string, boolean, string]>([
    [false, undefined, 'not_detained', false, '2026-03-17'],
    [undefined, undefined, 'not_detained', false, '2026-03-17'],
    [true, undefined, 'detained', true, '2026-03-09'],
    [undefined, 'detained', 'detained', true, '2026-03-09'],
    [false, 'not_detained_major', 'not_detained_major', false, '2026-03-23'],
  ])(
    'When inCustody is %p and the variant %p, then the review uses %s (in custody %p) and is due %s',
    (inCustody, variant, resolved, custody, dueOn) => {
      // Act
      const r = resolveCustodyVariant('ARREST_REVIEW', { inCustody, variant });
      const due = computeRuleDue('ARREST_REVIEW', '2026-03-02', { ...r, calendar });

      // Assert
      expect(r).toEqual({ variant: resolved, inCustody: custody });
      expect(due.dueOn).toBe(dueOn);
    },
  );

  it.each<[boolean, string]>([
    [true, 'not_detained'],
    [true, 'not_detained_major'],
    [false, 'detained'],
  ])(
    'When inCustody is %p but the variant is %s, then the contradiction is refused',
    (inCustody, variant) => {
      expect(() => resolveCustodyVariant('ARREST_REVIEW', { inCustody, variant })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    },
  );

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'When the variant is %p, then it is an unknown variant, not a member of Object.prototype',
    (variant) => {
      expect(() => periodOf('ARREST_REVIEW', variant)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
      expect(() => periodOf('PROSECUTION_REVIEW', variant)).toThrow(DomainError);
    },
  );
});

describe('investigation custody extensions (刑诉法 第一百五十六至一百五十九条)', () => {
  const grant = (extensionCode: string, granted: string[], unrolledDueOn: string) =>
    grantExtension({
      code: 'INVESTIGATION_CUSTODY',
      extensionCode,
      start: '2026-01-31',
      unrolledDueOn,
      granted,
      rollOver: 'never',
      inCustody: true,
      calendar,
    });

  it('When custody from 2026-01-31 is extended +1 (第一百五十六条), +2 (第一百五十八条), +2 (第一百五十九条), then it ends 2026-08-31 (7 months)', () => {
    const base = computeRuleDue('INVESTIGATION_CUSTODY', '2026-01-31', { inCustody: true, calendar }).dueOn;
    expect(base).toBe('2026-03-31');
    const first = grant('complex', [], base).dueOn;
    expect(first).toBe('2026-04-30');
    const second = grant('major_wide_reaching', ['complex'], first).dueOn;
    expect(second).toBe('2026-06-30');
    expect(grant('heavy_sentence', ['complex', 'major_wide_reaching'], second).dueOn).toBe('2026-08-31');
  });

  it('When the provincial extension (第一百五十八条) is asked before the first (第一百五十六条), then it is refused, and each names its approver', () => {
    expect(() => grant('major_wide_reaching', [], '2026-03-31')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => grant('heavy_sentence', ['complex'], '2026-04-30')).toThrow(DomainError);
    expect(DEADLINE_RULES.INVESTIGATION_CUSTODY.extensions.map((e) => e.approvedBy)).toEqual([
      '上一级人民检察院',
      '省、自治区、直辖市人民检察院',
      '省、自治区、直辖市人民检察院',
    ]);
  });

  it('When the extension request (公安程序规定 第一百四十八条) is due for a term ending 2026-04-30, then it is 2026-04-23', () => {
    expect(
      computeRuleDue('CUSTODY_EXTENSION_REQUEST', '2026-04-30', { inCustody: true, calendar }).dueOn,
    ).toBe('2026-04-23');
  });
});

describe('property execution (涉财产执行规定 第三条)', () => {
  it('When the president extends the six months by an amount, then it runs on by that amount; beyond six months is refused', () => {
    const input = {
      code: 'PROPERTY_EXECUTION' as const,
      extensionCode: 'president_approval',
      start: '2026-04-01',
      unrolledDueOn: '2026-10-01',
      granted: [],
      rollOver: 'always' as const,
      inCustody: false,
      calendar,
    };

    expect(grantExtension({ ...input, amount: 2 })).toEqual({ dueOn: '2026-12-01', warnings: [] });
    expect(() => grantExtension({ ...input, amount: 7 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('startClock', () => {
  it('When an arrest review starts for someone at liberty with no variant, then the clock is 15 days (检察规则 第二百八十二条)', () => {
    expect(startClock('ARREST_REVIEW', { start: '2026-03-02', inCustody: false, calendar })).toEqual({
      baseDueOn: '2026-03-17',
      dueOn: '2026-03-17',
      rolledOverFrom: null,
      dueAt: null,
      variant: 'not_detained',
      inCustody: false,
      warnings: [],
    });
  });

  it('When a rolled clock starts (经济犯罪规定 第十六条), then baseDueOn is the unrolled date that extensions run from', () => {
    expect(startClock('TRANSFER_FILING_REVIEW', { start: '2025-09-29', calendar })).toMatchObject({
      baseDueOn: '2025-10-02',
      dueOn: '2025-10-09',
      rolledOverFrom: '2025-10-02',
    });
  });

  it('When a working-day clock (信访工作条例 第二十三条) and an hour clock (刑诉法 第八十六条) start, then each is counted in its unit', () => {
    expect(startClock('PETITION_REMIT_OBJECTION', { start: '2025-09-29', calendar }).dueOn).toBe(
      '2025-10-13',
    );
    const startAtMs = Date.parse('2026-03-02T10:25:00+08:00');
    expect(
      startClock('DETENTION_INTERROGATION', { start: '2026-03-02', startAtMs, inCustody: true, calendar }),
    ).toMatchObject({ dueOn: '2026-03-03', dueAt: '2026-03-03T03:00:00.000Z', inCustody: true });
    expect(() => startClock('DETENTION_INTERROGATION', { start: '2026-03-02', calendar })).toThrow(
      DomainError,
    );
  });

  it('When a configurable interval is given, then it replaces the period as before', () => {
    expect(
      startClock('PROGRESS_BULLETIN', { start: '2026-03-02', period: { unit: 'day', amount: 14 }, calendar })
        .dueOn,
    ).toBe('2026-03-16');
  });
});
