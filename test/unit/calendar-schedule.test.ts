// Validation of a year's State Council schedule as an administrator enters it (API and CLI alike).
import { holidayCalendarRows, holidayDataYears } from '../../db/holiday-data';
import type { CalendarDay } from '../../domain/calendar';
import { parseScheduleYear, scheduleProblems, validateSchedule } from '../../domain/calendar-schedule';

const h = (date: string, name = '元旦'): CalendarDay => ({ date, kind: 'holiday', name });
const w = (date: string, name = '春节'): CalendarDay => ({ date, kind: 'workday', name });

describe('scheduleProblems', () => {
  it('When every year chinese-days carries is checked, then each is a valid schedule', () => {
    for (const year of holidayDataYears())
      expect(scheduleProblems(year, holidayCalendarRows([year]))).toEqual([]);
  });

  it('When a schedule is valid, then it is returned sorted with names trimmed', () => {
    // 2027-02-06 and 2027-02-20 are Saturdays.
    const result = validateSchedule(2027, [w('2027-02-20'), h('2027-01-01', ' 元旦 '), w('2027-02-06')]);

    expect(result.map((d) => [d.date, d.kind, d.name])).toEqual([
      ['2027-01-01', 'holiday', '元旦'],
      ['2027-02-06', 'workday', '春节'],
      ['2027-02-20', 'workday', '春节'],
    ]);
  });

  it.each<[string, CalendarDay[], { field: string; message: RegExp }[]]>([
    [
      'a date twice',
      [h('2027-01-01'), h('2027-01-01')],
      [{ field: '/days/1/date', message: /2027-01-01 重复/ }],
    ],
    [
      'a holiday that is also a make-up day',
      [h('2027-02-06'), w('2027-02-06')],
      [{ field: '/days/1/date', message: /2027-02-06 既是节假日又是调休上班日/ }],
    ],
    [
      'a make-up day on a weekday',
      [w('2027-02-08')],
      [{ field: '/days/0/date', message: /调休上班日 2027-02-08 不是周末/ }],
    ],
    [
      'a date of another year',
      [h('2026-12-31')],
      [{ field: '/days/0/date', message: /2026-12-31 不在 2027 年/ }],
    ],
    [
      'a date that does not exist',
      [h('2027-02-29')],
      [{ field: '/days/0/date', message: /2027-02-29 不是有效日期/ }],
    ],
    ['an empty name', [h('2027-01-01', '  ')], [{ field: '/days/0/name', message: /2027-01-01 的名称/ }]],
  ])('When the schedule has %s, then the problem names the date', (_what, days, expected) => {
    // Act
    const problems = scheduleProblems(2027, days);

    // Assert
    expect(problems).toEqual(
      expected.map((e) => ({ field: e.field, message: expect.stringMatching(e.message) })),
    );
    expect(() => validateSchedule(2027, days)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('When a schedule has several problems, then all of them are listed at once', () => {
    const problems = scheduleProblems(2027, [
      w('2027-02-08'),
      h('2026-01-01'),
      h('2027-05-01'),
      h('2027-05-01'),
    ]);

    expect(problems.map((p) => p.field)).toEqual(['/days/0/date', '/days/1/date', '/days/3/date']);
  });

  it.each(['2027', '2000', '2100'])('When the year is %s, then it is accepted', (y) => {
    expect(parseScheduleYear(y)).toBe(Number(y));
  });

  it.each(['27', '1999', '2101', 'abcd', '2027.5', '02027'])(
    'When the year is %p, then it is refused',
    (y) => {
      expect(() => parseScheduleYear(y)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});
