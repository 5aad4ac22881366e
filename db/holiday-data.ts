// Source of the seeded holiday calendar: the State Council schedules as compiled by the chinese-days
// package. Only the seeder reads this; workflows get the calendar as data (HolidayCalendarData).
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { type CalendarDay, compareDates } from '../domain/calendar';

// The package's public functions answer one date at a time and fold weekends into "holiday", which would
// lose the difference between a holiday on a Saturday and an ordinary Saturday; its JSON keeps the two
// lists apart. Values look like "National Day,国庆节,3": English name, Chinese name, holiday id.
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data: ChineseDaysData = chineseDays;

const chineseNameOf = (value: string): string => value.split(',')[1] ?? value;

/** The years for which chinese-days holds a schedule. */
export const holidayDataYears = (): number[] =>
  [...new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);

/**
 * The holidays and make-up working days of the given years. Throws for a year the package has no
 * schedule for: seeding it as loaded but empty would make every deadline in it ignore the holidays.
 */
export const holidayCalendarRows = (years: number[]): CalendarDay[] => {
  const known = new Set(holidayDataYears());
  const missing = years.filter((year) => !known.has(year));
  if (missing.length > 0) throw new Error(`chinese-days has no holiday schedule for ${missing.join(', ')}`);
  const wanted = new Set(years.map(String));
  const rows: CalendarDay[] = [];
  const collect = (source: Record<string, string>, kind: CalendarDay['kind']) => {
    for (const [date, value] of Object.entries(source)) {
      if (wanted.has(date.slice(0, 4))) rows.push({ date, kind, name: chineseNameOf(value) });
    }
  };
  collect(data.holidays, 'holiday');
  collect(data.workdays, 'workday');
  return rows.sort((a, b) => compareDates(a.date, b.date));
};
