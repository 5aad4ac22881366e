import { holidayCalendarRows } from '../../db/holiday-data';
import { HolidayCalendar } from '../../domain/calendar';
import {
  DEADLINE_RULES,
  DEADLINE_RULE_CODES,
  type DeadlineRuleCode,
  type Period,
  addPeriod,
  computeDue,
  computeRuleDue,
  extendDue,
  extensionOf,
  resumeAfterPause,
  rollOverDue,
  subtractWorkingDays,
  unrolledDueOf,
} from '../../domain/deadlines';
import { DomainError } from '../../domain/errors';

const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);
const days = (amount: number): Period => ({ unit: 'day', amount });
const months = (amount: number): Period => ({ unit: 'month', amount });
const years = (amount: number): Period => ({ unit: 'year', amount });

describe('addPeriod', () => {
  it.each([
    // DOMAIN.md examples
    ['2026-03-02', days(7), '2026-03-09'],
    ['2025-01-31', months(1), '2025-02-28'],
    // month ends
    ['2024-01-31', months(1), '2024-02-29'],
    ['2025-01-30', months(1), '2025-02-28'],
    ['2025-01-29', months(1), '2025-02-28'],
    ['2025-01-28', months(1), '2025-02-28'],
    ['2025-02-28', months(1), '2025-03-31'],
    ['2024-02-28', months(1), '2024-03-28'],
    ['2024-02-29', months(1), '2024-03-31'],
    ['2025-03-31', months(1), '2025-04-30'],
    ['2025-04-30', months(1), '2025-05-31'],
    ['2025-03-30', months(1), '2025-04-30'],
    ['2025-01-15', months(1), '2025-02-15'],
    ['2026-03-02', months(1), '2026-04-02'],
    ['2025-11-30', months(2), '2026-01-31'],
    ['2025-12-31', months(2), '2026-02-28'],
    ['2025-12-15', months(2), '2026-02-15'],
    ['2025-08-31', months(6), '2026-02-28'],
    ['2023-08-31', months(6), '2024-02-29'],
    ['2025-10-31', months(6), '2026-04-30'],
    ['2025-06-15', months(12), '2026-06-15'],
    // years
    ['2024-02-29', years(1), '2025-02-28'],
    ['2024-02-29', years(2), '2026-02-28'],
    ['2023-02-28', years(1), '2024-02-29'],
    ['2025-03-15', years(2), '2027-03-15'],
    // day periods across month and year ends
    ['2026-01-25', days(10), '2026-02-04'],
    ['2024-02-25', days(7), '2024-03-03'],
    ['2025-02-25', days(7), '2025-03-04'],
    ['2025-12-25', days(10), '2026-01-04'],
    ['2025-12-31', days(1), '2026-01-01'],
    ['2026-03-02', days(60), '2026-05-01'],
    ['2026-03-02', days(0), '2026-03-02'],
  ])('When %s starts a period of %o, then its last day is %s', (start, period, expected) => {
    // Act
    const result = addPeriod(start, period);

    // Assert
    expect(result).toBe(expected);
  });

  it.each([[days(-1)], [days(1.5)], [months(0.5)], [{ unit: 'week', amount: 1 } as unknown as Period]])(
    'When the period is %o, then it is refused',
    (period) => {
      expect(() => addPeriod('2026-03-02', period)).toThrow(DomainError);
    },
  );

  it('When the start is not a real date, then it is refused with VALIDATION_FAILED', () => {
    expect(() => addPeriod('2025-02-29', days(1))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('computeDue roll-over', () => {
  it.each([
    // DOMAIN.md / API.md example: National Day 2025
    ['2025-09-29', days(3), '2025-10-09', '2025-10-02'],
    ['2025-09-30', days(1), '2025-10-09', '2025-10-01'],
    ['2025-10-01', days(7), '2025-10-09', '2025-10-08'],
    // Spring Festival 2026 (02-15..02-23)
    ['2026-02-10', days(7), '2026-02-24', '2026-02-17'],
    ['2026-02-08', days(7), '2026-02-24', '2026-02-15'],
    ['2026-01-23', months(1), '2026-02-24', '2026-02-23'],
    // National Day 2026 (10-01..10-07)
    ['2026-09-24', days(7), '2026-10-08', '2026-10-01'],
    ['2026-09-07', months(1), '2026-10-08', '2026-10-07'],
    // Mid-autumn 2026 (09-25..09-27)
    ['2026-09-15', days(10), '2026-09-28', '2026-09-25'],
    // New Year 2026 (01-01..01-03) across the year end, onto make-up Sunday 01-04
    ['2025-12-22', days(10), '2026-01-04', '2026-01-01'],
    // an ordinary weekend
    ['2026-02-28', days(7), '2026-03-09', '2026-03-07'],
  ])(
    'When %s starts %o and the last day is not a working day, then it is due %s (from %s)',
    (start, period, dueOn, from) => {
      // Act
      const result = computeDue({ period, start, rollOver: 'always', inCustody: false, calendar });

      // Assert
      expect(result).toEqual({ dueOn, rolledOverFrom: from, warnings: [] });
    },
  );

  it.each([
    ['2025-10-01', days(10), '2025-10-11'],
    ['2025-09-18', days(10), '2025-09-28'],
    ['2026-02-13', days(15), '2026-02-28'],
    ['2026-01-31', days(14), '2026-02-14'],
    ['2026-09-30', days(10), '2026-10-10'],
    ['2026-09-10', days(10), '2026-09-20'],
  ])(
    'When %s starts %o and ends on make-up working day %s, then it does not roll',
    (start, period, dueOn) => {
      const result = computeDue({ period, start, rollOver: 'always', inCustody: false, calendar });

      expect(result).toEqual({ dueOn, warnings: [] });
    },
  );

  it('When the last day is a working day, then the due date is that day and rolledOverFrom is absent', () => {
    const result = computeDue({
      period: days(7),
      start: '2026-03-02',
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

    expect(result).toEqual({ dueOn: '2026-03-09', warnings: [] });
    expect('rolledOverFrom' in result).toBe(false);
  });

  it('When the person is in custody and the rule rolls unless in custody, then the holiday is the due date', () => {
    const result = computeDue({
      period: days(3),
      start: '2025-09-29',
      rollOver: 'unless_custody',
      inCustody: true,
      calendar,
    });

    expect(result).toEqual({ dueOn: '2025-10-02', warnings: [] });
  });

  it('When the person is not in custody and the rule rolls unless in custody, then it rolls over', () => {
    const result = computeDue({
      period: days(3),
      start: '2025-09-29',
      rollOver: 'unless_custody',
      inCustody: false,
      calendar,
    });

    expect(result).toEqual({ dueOn: '2025-10-09', rolledOverFrom: '2025-10-02', warnings: [] });
  });

  it.each([true, false])(
    'When the rule never rolls (in custody: %p), then a holiday due date stays',
    (inCustody) => {
      const result = computeDue({
        period: days(3),
        start: '2025-09-29',
        rollOver: 'never',
        inCustody,
        calendar,
      });

      expect(result).toEqual({ dueOn: '2025-10-02', warnings: [] });
    },
  );

  it('When the rule always rolls and the person is in custody, then it still rolls over', () => {
    const result = computeDue({
      period: days(3),
      start: '2025-09-29',
      rollOver: 'always',
      inCustody: true,
      calendar,
    });

    expect(result.dueOn).toBe('2025-10-09');
  });
});

describe('computeDue with a missing calendar year', () => {
  it('When the due year is not loaded, then it warns and counts weekends only', () => {
    const result = computeDue({
      period: days(7),
      start: '2026-12-30',
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

    expect(result).toEqual({ dueOn: '2027-01-06', warnings: ['NO_CALENDAR_FOR_YEAR:2027'] });
  });

  it('When the due date falls on a weekend of a missing year, then it rolls past the weekend and warns', () => {
    const result = computeDue({
      period: days(1),
      start: '2027-01-01',
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

    expect(result).toEqual({
      dueOn: '2027-01-04',
      rolledOverFrom: '2027-01-02',
      warnings: ['NO_CALENDAR_FOR_YEAR:2027'],
    });
  });

  it('When rolling over crosses into a year that is not loaded, then it warns about that year', () => {
    // Arrange
    const only2025 = new HolidayCalendar([{ date: '2025-12-31', kind: 'holiday', name: '测试' }], [2025]);

    // Act
    const result = computeDue({
      period: days(1),
      start: '2025-12-30',
      rollOver: 'always',
      inCustody: false,
      calendar: only2025,
    });

    // Assert
    expect(result).toEqual({
      dueOn: '2026-01-01',
      rolledOverFrom: '2025-12-31',
      warnings: ['NO_CALENDAR_FOR_YEAR:2026'],
    });
  });

  it('When roll-over does not apply, then a missing year does not matter and there is no warning', () => {
    const never = computeDue({
      period: days(7),
      start: '2026-12-30',
      rollOver: 'never',
      inCustody: false,
      calendar,
    });
    const custody = computeDue({
      period: days(7),
      start: '2026-12-30',
      rollOver: 'unless_custody',
      inCustody: true,
      calendar,
    });

    expect(never).toEqual({ dueOn: '2027-01-06', warnings: [] });
    expect(custody).toEqual({ dueOn: '2027-01-06', warnings: [] });
  });

  it('When the calendar is empty, then every year is warned about and weekends still roll', () => {
    const empty = new HolidayCalendar([], []);

    const result = computeDue({
      period: days(3),
      start: '2025-09-29',
      rollOver: 'always',
      inCustody: false,
      calendar: empty,
    });

    expect(result).toEqual({ dueOn: '2025-10-02', warnings: ['NO_CALENDAR_FOR_YEAR:2025'] });
  });
});

describe('DEADLINE_RULES', () => {
  it('When the rules are listed, then there is exactly one per code of DOMAIN.md and its key is its code', () => {
    expect(Object.keys(DEADLINE_RULES).sort()).toEqual([...DEADLINE_RULE_CODES].sort());
    // The 16 codes of DOMAIN.md's table are the contract and stay first; issue 13's rules come after them.
    expect(DEADLINE_RULE_CODES.slice(0, 16)).toEqual([
      'ADMIN_TRANSFER_REVIEW',
      'FILING_REVIEW',
      'ARREST_REVIEW',
      'INVESTIGATION_CUSTODY',
      'PROSECUTION_REVIEW',
      'SUPPLEMENTARY_INVESTIGATION',
      'FIRST_INSTANCE_TRIAL',
      'APPEAL_WINDOW',
      'SECOND_INSTANCE_TRIAL',
      'FREEZE_DEPOSIT',
      'FREEZE_SECURITIES',
      'FREEZE_EQUITY',
      'PETITION_ROUTING',
      'PETITION_HANDLING',
      'PETITION_REVIEW',
      'PROGRESS_BULLETIN',
    ]);
    for (const code of DEADLINE_RULE_CODES) {
      const rule = DEADLINE_RULES[code];
      expect(rule.code).toBe(code);
      expect(rule.title).toMatch(/期限|周期/);
      expect(rule.basis.length).toBeGreaterThan(0);
      expect(rule.startsOn.length).toBeGreaterThan(0);
    }
  });

  it.each<[DeadlineRuleCode, Period, string, string]>([
    ['ADMIN_TRANSFER_REVIEW', days(3), 'always', 'police'],
    ['FILING_REVIEW', days(7), 'always', 'police'],
    ['ARREST_REVIEW', days(7), 'unless_custody', 'procuratorate'],
    ['INVESTIGATION_CUSTODY', months(2), 'never', 'police'],
    ['PROSECUTION_REVIEW', months(1), 'unless_custody', 'procuratorate'],
    ['SUPPLEMENTARY_INVESTIGATION', months(1), 'unless_custody', 'police'],
    ['FIRST_INSTANCE_TRIAL', months(2), 'unless_custody', 'court'],
    ['APPEAL_WINDOW', days(10), 'always', 'court'],
    ['SECOND_INSTANCE_TRIAL', months(2), 'unless_custody', 'court'],
    ['FREEZE_DEPOSIT', months(6), 'never', 'police'],
    ['FREEZE_SECURITIES', years(2), 'never', 'police'],
    ['FREEZE_EQUITY', months(6), 'never', 'police'],
    ['PETITION_ROUTING', days(15), 'always', 'petition_bureau'],
    ['PETITION_HANDLING', days(60), 'always', 'petition_bureau'],
    ['PETITION_REVIEW', days(30), 'always', 'petition_bureau'],
    ['PROGRESS_BULLETIN', days(30), 'never', 'financial_office'],
  ])(
    'When rule %s is read, then its period is %o, roll-over %s, owned by %s',
    (code, period, rollOver, role) => {
      const rule = DEADLINE_RULES[code];

      expect(rule.period).toEqual(period);
      expect(rule.rollOver).toBe(rollOver);
      expect(rule.responsibleRole).toBe(role);
    },
  );

  it.each<[DeadlineRuleCode, string]>([
    ['ADMIN_TRANSFER_REVIEW', '第八条'],
    ['FILING_REVIEW', '第十五条'],
    ['ARREST_REVIEW', '第九十一条'],
    ['INVESTIGATION_CUSTODY', '第一百五十六条'],
    ['PROSECUTION_REVIEW', '第一百七十二条'],
    ['SUPPLEMENTARY_INVESTIGATION', '第一百七十五条'],
    ['FIRST_INSTANCE_TRIAL', '第二百零八条'],
    ['APPEAL_WINDOW', '第二百三十条'],
    ['SECOND_INSTANCE_TRIAL', '第二百四十三条'],
    ['FREEZE_DEPOSIT', '第二百四十三条'],
    ['FREEZE_SECURITIES', '第二百四十四条'],
    ['FREEZE_EQUITY', '第二百四十五条'],
    ['PETITION_ROUTING', '第二十二条'],
    ['PETITION_HANDLING', '第三十四条'],
    ['PETITION_REVIEW', '第三十五条'],
    ['PROGRESS_BULLETIN', '十三'],
  ])('When rule %s is read, then its basis cites %s', (code, article) => {
    expect(DEADLINE_RULES[code].basis).toContain(article);
  });

  it('When the rules are changed at run time, then the change is refused', () => {
    const rule = DEADLINE_RULES.FILING_REVIEW as { period: Period };

    expect(() => {
      rule.period = days(1);
    }).toThrow(TypeError);
    expect(Object.isFrozen(DEADLINE_RULES.FILING_REVIEW.period)).toBe(true);
  });

  it('When extensions are looked up, then they match DOMAIN.md and unknown ones are refused', () => {
    expect(extensionOf('FILING_REVIEW', 'cross_region').period).toEqual(days(30));
    expect(extensionOf('PROSECUTION_REVIEW', 'major_complex')).toMatchObject({
      period: days(15),
      maxTimes: 1,
    });
    expect(DEADLINE_RULES.INVESTIGATION_CUSTODY.extensions.map((e) => e.period)).toEqual([
      months(1),
      months(2),
      months(2),
    ]);
    expect(extensionOf('SECOND_INSTANCE_TRIAL', 'high_court_approval').period).toEqual(months(2));
    expect(extensionOf('PETITION_HANDLING', 'head_approval')).toMatchObject({
      period: days(30),
      maxTimes: 1,
    });
    expect(DEADLINE_RULES.SUPPLEMENTARY_INVESTIGATION.maxRounds).toBe(2);
    expect(() => extensionOf('APPEAL_WINDOW', 'anything')).toThrow(DomainError);
  });
});

describe('computeRuleDue', () => {
  it.each<[DeadlineRuleCode, string, string | undefined, boolean, string, string | undefined]>([
    // API.md calculator example
    ['ADMIN_TRANSFER_REVIEW', '2025-09-29', undefined, false, '2025-10-09', '2025-10-02'],
    ['FILING_REVIEW', '2026-03-02', undefined, false, '2026-03-09', undefined],
    ['FILING_REVIEW', '2026-03-02', 'major', false, '2026-04-01', undefined],
    ['ARREST_REVIEW', '2025-09-29', 'detained', true, '2025-10-06', undefined],
    ['ARREST_REVIEW', '2025-09-20', 'not_detained', false, '2025-10-09', '2025-10-05'],
    ['ARREST_REVIEW', '2026-03-02', 'not_detained_major', false, '2026-03-23', '2026-03-22'],
    ['INVESTIGATION_CUSTODY', '2025-08-01', undefined, true, '2025-10-01', undefined],
    // API.md case example: openDeadlines PROSECUTION_REVIEW due 2026-04-02
    ['PROSECUTION_REVIEW', '2026-03-02', undefined, false, '2026-04-02', undefined],
    ['PROSECUTION_REVIEW', '2025-09-02', undefined, false, '2025-10-09', '2025-10-02'],
    ['PROSECUTION_REVIEW', '2025-09-02', undefined, true, '2025-10-02', undefined],
    ['SUPPLEMENTARY_INVESTIGATION', '2026-01-15', undefined, false, '2026-02-24', '2026-02-15'],
    ['FIRST_INSTANCE_TRIAL', '2026-08-01', undefined, false, '2026-10-08', '2026-10-01'],
    ['APPEAL_WINDOW', '2025-09-24', undefined, true, '2025-10-09', '2025-10-04'],
    ['APPEAL_WINDOW', '2025-09-24', 'ruling', false, '2025-09-29', undefined],
    ['SECOND_INSTANCE_TRIAL', '2025-08-05', undefined, false, '2025-10-09', '2025-10-05'],
    ['FREEZE_DEPOSIT', '2025-04-04', undefined, false, '2025-10-04', undefined],
    ['FREEZE_DEPOSIT', '2025-10-01', 'major_complex', false, '2026-10-01', undefined],
    ['FREEZE_SECURITIES', '2024-10-01', undefined, false, '2026-10-01', undefined],
    ['FREEZE_EQUITY', '2025-08-31', undefined, false, '2026-02-28', undefined],
    ['PETITION_ROUTING', '2025-09-17', undefined, false, '2025-10-09', '2025-10-02'],
    ['PETITION_HANDLING', '2025-08-03', undefined, false, '2025-10-09', '2025-10-02'],
    ['PETITION_REVIEW', '2026-01-16', undefined, false, '2026-02-24', '2026-02-15'],
    ['PROGRESS_BULLETIN', '2025-09-02', undefined, false, '2025-10-02', undefined],
  ])(
    'When %s starts on %s (variant %s, in custody %p), then it is due %s (rolled from %s)',
    (code, start, variant, inCustody, dueOn, from) => {
      // Act
      const result = computeRuleDue(code, start, { variant, inCustody, calendar });

      // Assert
      expect(result).toEqual(from ? { dueOn, rolledOverFrom: from, warnings: [] } : { dueOn, warnings: [] });
    },
  );

  it('When a configurable interval is given, then it replaces the rule period', () => {
    const result = computeRuleDue('PROGRESS_BULLETIN', '2026-03-02', {
      period: days(14),
      inCustody: false,
      calendar,
    });

    expect(result).toEqual({ dueOn: '2026-03-16', warnings: [] });
  });

  it('When the variant does not exist for the rule, then it is refused', () => {
    expect(() =>
      computeRuleDue('PROSECUTION_REVIEW', '2026-03-02', { variant: 'major', inCustody: false, calendar }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('When the code is not a rule, then it is refused', () => {
    expect(() =>
      computeRuleDue('NOPE' as DeadlineRuleCode, '2026-03-02', { inCustody: false, calendar }),
    ).toThrow(DomainError);
  });
});

describe('extendDue', () => {
  it('When a rolled-over review is extended by 15 days, then the extension runs from the unrolled date', () => {
    // Arrange
    const due = computeRuleDue('PROSECUTION_REVIEW', '2025-09-02', { inCustody: false, calendar });

    // Act
    const extended = extendDue({
      unrolledDueOn: unrolledDueOf(due),
      extension: extensionOf('PROSECUTION_REVIEW', 'major_complex').period,
      rollOver: 'unless_custody',
      inCustody: false,
      calendar,
    });

    // Assert
    expect(due).toEqual({ dueOn: '2025-10-09', rolledOverFrom: '2025-10-02', warnings: [] });
    expect(extended).toEqual({ dueOn: '2025-10-17', warnings: [] });
  });

  it('When an extension lands on a holiday, then it rolls over again', () => {
    const extended = extendDue({
      unrolledDueOn: '2026-01-31',
      extension: days(15),
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

    expect(extended).toEqual({ dueOn: '2026-02-24', rolledOverFrom: '2026-02-15', warnings: [] });
  });

  it('When custody is extended month by month from a month end, then each term ends on a month end', () => {
    // Arrange
    const base = computeRuleDue('INVESTIGATION_CUSTODY', '2026-01-31', { inCustody: true, calendar });
    const custody = { rollOver: 'never' as const, inCustody: true, calendar };

    // Act
    const first = extendDue({ ...custody, unrolledDueOn: unrolledDueOf(base), extension: months(1) });
    const second = extendDue({ ...custody, unrolledDueOn: unrolledDueOf(first), extension: months(2) });
    const third = extendDue({ ...custody, unrolledDueOn: unrolledDueOf(second), extension: months(2) });

    // Assert
    expect([base.dueOn, first.dueOn, second.dueOn, third.dueOn]).toEqual([
      '2026-03-31',
      '2026-04-30',
      '2026-06-30',
      '2026-08-31',
    ]);
  });

  it('When a major filing review is extended for a cross-region case, then it totals 60 days', () => {
    const due = computeRuleDue('FILING_REVIEW', '2026-03-02', {
      variant: 'major',
      inCustody: false,
      calendar,
    });

    const extended = extendDue({
      unrolledDueOn: unrolledDueOf(due),
      extension: extensionOf('FILING_REVIEW', 'cross_region').period,
      rollOver: 'always',
      inCustody: false,
      calendar,
    });

    expect(extended).toEqual({ dueOn: '2026-05-06', rolledOverFrom: '2026-05-01', warnings: [] });
  });
});

describe('resumeAfterPause', () => {
  it('When a deadline is paused for 10 days, then the unrolled due date moves 10 days and rolls again', () => {
    // Act
    const unrolled = resumeAfterPause('2026-04-02', '2026-03-10', '2026-03-20');
    const due = rollOverDue(unrolled, { rollOver: 'unless_custody', inCustody: false, calendar });

    // Assert
    expect(unrolled).toBe('2026-04-12');
    expect(due).toEqual({ dueOn: '2026-04-13', rolledOverFrom: '2026-04-12', warnings: [] });
  });

  it('When a rolled deadline is resumed on the day it paused, then its unrolled date is unchanged', () => {
    expect(resumeAfterPause('2025-10-02', '2025-09-30', '2025-09-30')).toBe('2025-10-02');
  });

  it('When a pause crosses a year end, then whole calendar days are counted', () => {
    expect(resumeAfterPause('2026-01-20', '2025-12-20', '2026-01-05')).toBe('2026-02-05');
  });

  it('When the resumption is before the pause, then it is refused', () => {
    expect(() => resumeAfterPause('2026-04-02', '2026-03-20', '2026-03-10')).toThrow(DomainError);
  });
});

describe('subtractWorkingDays', () => {
  it.each([
    ['2026-03-09', 0, '2026-03-09'],
    ['2026-03-09', 1, '2026-03-06'],
    ['2026-03-09', 3, '2026-03-04'],
    ['2026-03-11', 5, '2026-03-04'],
    ['2025-10-09', 1, '2025-09-30'],
    ['2025-10-09', 2, '2025-09-29'],
    ['2025-10-09', 3, '2025-09-28'],
    ['2025-10-09', 4, '2025-09-26'],
    ['2025-10-13', 1, '2025-10-11'],
    ['2026-02-24', 1, '2026-02-14'],
    ['2026-02-24', 2, '2026-02-13'],
    ['2026-01-05', 1, '2026-01-04'],
    ['2026-01-05', 2, '2025-12-31'],
  ])('When counting back from %s by %i working days, then the date is %s', (d, n, expected) => {
    expect(subtractWorkingDays(d, n, calendar)).toBe(expected);
  });

  it.each([-1, 1.5])('When the count is %p, then it is refused', (n) => {
    expect(() => subtractWorkingDays('2026-03-09', n, calendar)).toThrow(DomainError);
  });
});
