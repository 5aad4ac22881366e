// Local dates and the holiday calendar (节假日安排). Imported by workflow code, so it must stay pure: no
// clock, no I/O, no Intl, nothing but other pure domain files.
import { DomainError } from './errors';

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;

/**
 * One row of the State Council's yearly schedule. 'holiday' is a statutory holiday day (it may fall on a
 * weekend); 'workday' is a make-up working day (调休上班) that falls on a weekend.
 */
export interface CalendarDay {
  date: LocalDate;
  kind: 'holiday' | 'workday';
  name: string;
}

/** The plain-JSON form of a HolidayCalendar, the shape that crosses into workflows. */
export interface HolidayCalendarData {
  days: CalendarDay[];
  loadedYears: number[];
}

const MS_PER_DAY = 86_400_000;
// Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
// date this system records; Intl is avoided because workflow sandboxes need not ship time-zone data.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

const matchLocalDate = (s: unknown): CivilDate | undefined => {
  if (typeof s !== 'string') return undefined;
  const m = LOCAL_DATE_PATTERN.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
};

export const isValidLocalDate = (s: unknown): s is LocalDate => matchLocalDate(s) !== undefined;

/** Splits a local date into numbers; throws VALIDATION_FAILED when it is not a real 'YYYY-MM-DD' date. */
export const parseLocalDate = (d: LocalDate): CivilDate => {
  const civil = matchLocalDate(d);
  if (!civil)
    throw new DomainError('VALIDATION_FAILED', `日期无效：${String(d)}（应为 YYYY-MM-DD 格式的真实日期）`);
  return civil;
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const formatLocalDate = (year: number, month: number, day: number): LocalDate =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

// Integer civil-date arithmetic (H. Hinnant, "chrono-compatible low-level date algorithms") instead of
// Date: no time zone, no two-digit-year quirk of Date.UTC, and plainly deterministic in workflow code.
const dayNumberOfCivil = ({ year, month, day }: CivilDate): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

const civilOfDayNumber = (n: number): CivilDate => {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

/** Days since 1970-01-01 (negative before it). */
const dayNumberOf = (d: LocalDate): number => dayNumberOfCivil(parseLocalDate(d));

const localDateOfDayNumber = (n: number): LocalDate => {
  const { year, month, day } = civilOfDayNumber(n);
  return formatLocalDate(year, month, day);
};

const requireInteger = (n: number, what: string): void => {
  if (!Number.isSafeInteger(n)) throw new DomainError('VALIDATION_FAILED', `${what}必须是整数：${n}`);
};

export const addDays = (d: LocalDate, n: number): LocalDate => {
  requireInteger(n, '天数');
  return localDateOfDayNumber(dayNumberOf(d) + n);
};

/** Negative when a is earlier than b, 0 when equal, positive when later. */
export const compareDates = (a: LocalDate, b: LocalDate): number =>
  Math.sign(dayNumberOf(a) - dayNumberOf(b));

/** Calendar days from a to b: 1 for consecutive days, negative when b is earlier. */
export const daysBetween = (a: LocalDate, b: LocalDate): number => dayNumberOf(b) - dayNumberOf(a);

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (d: LocalDate): number => {
  // 1970-01-01 was a Thursday.
  const r = (dayNumberOf(d) + 4) % 7;
  return r < 0 ? r + 7 : r;
};

export const isWeekend = (d: LocalDate): boolean => {
  const dow = dayOfWeek(d);
  return dow === 0 || dow === 6;
};

export const yearOf = (d: LocalDate): number => parseLocalDate(d).year;

export const shanghaiDateOf = (epochMs: number): LocalDate => {
  if (!Number.isFinite(epochMs)) throw new DomainError('VALIDATION_FAILED', `时间戳无效：${epochMs}`);
  return localDateOfDayNumber(Math.floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
};

/** Epoch ms of 00:00 on d in Asia/Shanghai. */
export const startOfShanghaiDay = (d: LocalDate): number => dayNumberOf(d) * MS_PER_DAY - SHANGHAI_OFFSET_MS;

/**
 * Epoch ms of 00:00 on the day after d in Asia/Shanghai: the exclusive end of d, so that a deadline due
 * on d is still met by an act at 23:59:59.999 that day.
 */
export const endOfShanghaiDay = (d: LocalDate): number => startOfShanghaiDay(d) + MS_PER_DAY;

/**
 * The working-day calendar. A date with no row is a working day unless it falls on a weekend; rows
 * override that. Years not loaded fall back to weekends only, and callers say so (hasYear) because
 * a missing year silently drops every statutory holiday.
 */
export class HolidayCalendar {
  private readonly byDate: ReadonlyMap<LocalDate, CalendarDay>;
  private readonly years: ReadonlySet<number>;

  constructor(days: CalendarDay[], loadedYears: number[]) {
    const byDate = new Map<LocalDate, CalendarDay>();
    for (const day of days) {
      parseLocalDate(day.date);
      if (day.kind !== 'holiday' && day.kind !== 'workday') {
        throw new DomainError('VALIDATION_FAILED', `节假日安排类型无效：${day.date} ${String(day.kind)}`);
      }
      // Two rows for one date mean the source data disagrees with itself; picking one would hide it.
      if (byDate.has(day.date)) throw new DomainError('VALIDATION_FAILED', `节假日安排日期重复：${day.date}`);
      byDate.set(day.date, { date: day.date, kind: day.kind, name: day.name });
    }
    for (const year of loadedYears) requireInteger(year, '年份');
    this.byDate = byDate;
    this.years = new Set(loadedYears);
  }

  static fromJSON(data: HolidayCalendarData): HolidayCalendar {
    return new HolidayCalendar(data.days, data.loadedYears);
  }

  toJSON(): HolidayCalendarData {
    const days = [...this.byDate.values()]
      .sort((a, b) => compareDates(a.date, b.date))
      .map((day) => ({ ...day }));
    return { days, loadedYears: [...this.years].sort((a, b) => a - b) };
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  get loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  dayOf(d: LocalDate): CalendarDay | undefined {
    parseLocalDate(d);
    const day = this.byDate.get(d);
    return day && { ...day };
  }

  isWorkingDay(d: LocalDate): boolean {
    const day = this.dayOf(d);
    return day ? day.kind === 'workday' : !isWeekend(d);
  }

  /** Not a working day: a statutory holiday, or a weekend day that is not a make-up working day. */
  isHoliday(d: LocalDate): boolean {
    return !this.isWorkingDay(d);
  }
}
