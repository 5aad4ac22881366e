import { holidayCalendarRows, holidayDataYears } from '../../db/holiday-data';
import {
  HolidayCalendar,
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  endOfShanghaiDay,
  isValidLocalDate,
  shanghaiDateOf,
  startOfShanghaiDay,
} from '../../domain/calendar';
import { DomainError } from '../../domain/errors';

const calendar2025And2026 = () => new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);

describe('isValidLocalDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-12-31', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00:00Z', false],
    ['', false],
    [20250101, false],
    [undefined, false],
  ])('When the value is %p, then it is valid: %p', (value, expected) => {
    // Act
    const result = isValidLocalDate(value);

    // Assert
    expect(result).toBe(expected);
  });
});

describe('date arithmetic', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-03-02', 0, '2026-03-02'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1969-12-31', 1, '1970-01-01'],
  ])('When %s has %i days added, then it is %s', (start, n, expected) => {
    expect(addDays(start, n)).toBe(expected);
  });

  it.each([
    ['2025-12-31', '2026-01-01', 1],
    ['2026-01-01', '2025-12-31', -1],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2026-01-01', 365],
    ['2026-03-02', '2026-03-02', 0],
  ])('When counting from %s to %s, then there are %i days between', (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it.each([
    ['2025-10-01', '2025-10-02', -1],
    ['2025-10-02', '2025-10-01', 1],
    ['2025-10-01', '2025-10-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('When comparing %s with %s, then the sign is %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 4],
    ['2025-09-28', 0],
    ['2025-10-11', 6],
    ['2026-03-09', 1],
    ['2000-02-29', 2],
  ])('When %s is asked its weekday, then it is %i (0 = Sunday)', (d, expected) => {
    expect(dayOfWeek(d)).toBe(expected);
  });

  it('When a date is not a real date, then arithmetic fails with VALIDATION_FAILED', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(DomainError);
    expect(() => daysBetween('2025-01-01', 'tomorrow')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('When a day count is not an integer, then addDays fails', () => {
    expect(() => addDays('2025-01-01', 1.5)).toThrow(DomainError);
  });
});

describe('Asia/Shanghai day boundaries', () => {
  it.each([
    [Date.UTC(2025, 8, 30, 16, 0, 0, 0), '2025-10-01'],
    [Date.UTC(2025, 9, 1, 15, 59, 59, 999), '2025-10-01'],
    [Date.UTC(2025, 9, 1, 16, 0, 0, 0), '2025-10-02'],
    [Date.UTC(2025, 11, 31, 16, 0, 0, 0), '2026-01-01'],
    [0, '1970-01-01'],
    [-8 * 3_600_000 - 1, '1969-12-31'],
  ])('When the instant is %i ms, then the Shanghai date is %s', (epochMs, expected) => {
    expect(shanghaiDateOf(epochMs)).toBe(expected);
  });

  it('When a Shanghai day starts and ends, then they are midnight +08:00 and the next midnight', () => {
    // Act
    const start = startOfShanghaiDay('2025-10-01');
    const end = endOfShanghaiDay('2025-10-01');

    // Assert
    expect(start).toBe(Date.parse('2025-10-01T00:00:00+08:00'));
    expect(end).toBe(Date.parse('2025-10-02T00:00:00+08:00'));
    expect(shanghaiDateOf(start)).toBe('2025-10-01');
    expect(shanghaiDateOf(end - 1)).toBe('2025-10-01');
    expect(shanghaiDateOf(end)).toBe('2025-10-02');
  });

  it('When the timestamp is not finite, then shanghaiDateOf fails', () => {
    expect(() => shanghaiDateOf(Number.NaN)).toThrow(DomainError);
  });
});

describe('holidayCalendarRows', () => {
  it('When 2025 is loaded, then National Day runs 10-01..10-08 with make-up days on 09-28 and 10-11', () => {
    // Act
    const rows = holidayCalendarRows([2025]).filter((r) => r.date >= '2025-09-20' && r.date <= '2025-10-20');

    // Assert
    expect(rows.map((r) => [r.date, r.kind])).toEqual([
      ['2025-09-28', 'workday'],
      ['2025-10-01', 'holiday'],
      ['2025-10-02', 'holiday'],
      ['2025-10-03', 'holiday'],
      ['2025-10-04', 'holiday'],
      ['2025-10-05', 'holiday'],
      ['2025-10-06', 'holiday'],
      ['2025-10-07', 'holiday'],
      ['2025-10-08', 'holiday'],
      ['2025-10-11', 'workday'],
    ]);
    expect(rows[1].name).toBe('国庆节');
    expect(rows[6].name).toBe('中秋');
  });

  it('When 2026 is loaded, then Spring Festival runs 02-15..02-23 with make-up days on 02-14 and 02-28', () => {
    const rows = holidayCalendarRows([2026]).filter((r) => r.date >= '2026-02-01' && r.date <= '2026-03-01');

    expect(rows.filter((r) => r.kind === 'holiday').map((r) => r.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(rows.filter((r) => r.kind === 'workday').map((r) => r.date)).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('When several years are asked for, then only their rows come back, sorted by date', () => {
    const rows = holidayCalendarRows([2025, 2026]);

    expect(new Set(rows.map((r) => r.date.slice(0, 4)))).toEqual(new Set(['2025', '2026']));
    expect(rows.map((r) => r.date)).toEqual([...rows.map((r) => r.date)].sort());
  });

  it('When a year has no schedule in the package, then it fails rather than return an empty year', () => {
    expect(holidayDataYears()).toEqual(expect.arrayContaining([2025, 2026]));
    expect(() => holidayCalendarRows([2025, 1999])).toThrow(/1999/);
  });
});

describe('HolidayCalendar', () => {
  it.each([
    ['2025-09-26', true, 'a Friday'],
    ['2025-09-27', false, 'an ordinary Saturday'],
    ['2025-09-28', true, 'a make-up working Sunday'],
    ['2025-09-30', true, 'the Tuesday before National Day'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-04', false, 'a Saturday inside the holiday'],
    ['2025-10-08', false, 'the last day of the holiday'],
    ['2025-10-09', true, 'the first working day after'],
    ['2025-10-11', true, 'a make-up working Saturday'],
    ['2025-10-12', false, 'an ordinary Sunday'],
    ['2026-02-14', true, 'a Spring Festival make-up Saturday'],
    ['2026-02-17', false, 'Spring Festival'],
    ['2026-02-24', true, 'the first working day after Spring Festival'],
    ['2026-01-01', false, "New Year's Day"],
  ])('When the date is %s (%s), then it is a working day: %p', (d, expected) => {
    // Arrange
    const calendar = calendar2025And2026();

    // Act / Assert
    expect(calendar.isWorkingDay(d)).toBe(expected);
    expect(calendar.isHoliday(d)).toBe(!expected);
  });

  it('When a year is not loaded, then weekends are the only non-working days and hasYear says so', () => {
    const calendar = calendar2025And2026();

    expect(calendar.hasYear(2026)).toBe(true);
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-10-02')).toBe(false);
  });

  it('When a calendar goes through JSON and back, then it answers the same and serialises the same', () => {
    // Arrange
    const calendar = calendar2025And2026();

    // Act
    const data = JSON.parse(JSON.stringify(calendar));
    const copy = HolidayCalendar.fromJSON(data);

    // Assert
    expect(data.loadedYears).toEqual([2025, 2026]);
    expect(data.days).toEqual(holidayCalendarRows([2025, 2026]));
    expect(copy.toJSON()).toEqual(calendar.toJSON());
    for (const d of ['2025-09-28', '2025-10-05', '2026-02-28', '2026-10-07', '2026-10-10']) {
      expect(copy.isWorkingDay(d)).toBe(calendar.isWorkingDay(d));
    }
  });

  it('When a row is looked up, then dayOf returns a copy that cannot change the calendar', () => {
    const calendar = calendar2025And2026();

    const day = calendar.dayOf('2025-10-11');
    if (day) day.kind = 'holiday';

    expect(day?.name).toBe('国庆节');
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.dayOf('2025-10-13')).toBeUndefined();
  });

  it('When the same date appears twice, then the calendar is refused', () => {
    const rows = [
      { date: '2025-10-01', kind: 'holiday' as const, name: '国庆节' },
      { date: '2025-10-01', kind: 'workday' as const, name: '国庆节' },
    ];

    expect(() => new HolidayCalendar(rows, [2025])).toThrow(/重复/);
  });

  it('When a row has an invalid date, then the calendar is refused', () => {
    expect(() => new HolidayCalendar([{ date: '2025-02-30', kind: 'holiday', name: 'x' }], [2025])).toThrow(
      DomainError,
    );
  });
});
