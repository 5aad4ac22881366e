// A year's State Council holiday schedule (国务院办公厅关于部分节假日安排的通知) as an administrator enters
// or corrects it. Pure: the API and the CLI validate with the same function before anything is written.
import { type CalendarDay, compareDates, isValidLocalDate, isWeekend, yearOf } from './calendar';
import { DomainError, type FieldError } from './errors';

/** The years the system accepts a schedule for: the first schedules of the current holiday law onwards. */
export const SCHEDULE_YEAR_MIN = 2000;
export const SCHEDULE_YEAR_MAX = 2100;
export const SCHEDULE_NAME_MAX = 50;

export const parseScheduleYear = (text: string): number => {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= SCHEDULE_YEAR_MIN && year <= SCHEDULE_YEAR_MAX))
    throw new DomainError('VALIDATION_FAILED', `年份无效：${text}`, [
      { field: '/year', message: `应为 ${SCHEDULE_YEAR_MIN} 至 ${SCHEDULE_YEAR_MAX} 的四位年份` },
    ]);
  return year;
};

/**
 * Every problem of a schedule at once, each naming its date: a date outside the year or not a real date,
 * a date given twice (a holiday that is also a make-up day is the same date twice, named as such), and a
 * make-up working day (调休上班) that is not on a weekend — a weekday is a working day anyway, so such a row
 * is a typo for another date. A statutory holiday may fall on a weekend (it still counts as a holiday).
 */
export const scheduleProblems = (year: number, days: readonly CalendarDay[]): FieldError[] => {
  const problems: FieldError[] = [];
  const seen = new Map<string, { index: number; kind: CalendarDay['kind'] }>();
  days.forEach((day, index) => {
    const at = `/days/${index}`;
    if (!isValidLocalDate(day.date)) {
      problems.push({ field: `${at}/date`, message: `${String(day.date)} 不是有效日期` });
      return;
    }
    if (yearOf(day.date) !== year) {
      problems.push({ field: `${at}/date`, message: `${day.date} 不在 ${year} 年` });
      return;
    }
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      problems.push({ field: `${at}/kind`, message: `${day.date} 的类型无效：${String(day.kind)}` });
      return;
    }
    if (typeof day.name !== 'string' || day.name.trim() === '' || day.name.length > SCHEDULE_NAME_MAX)
      problems.push({ field: `${at}/name`, message: `${day.date} 的名称应为 1 至 ${SCHEDULE_NAME_MAX} 字` });
    const earlier = seen.get(day.date);
    if (earlier) {
      problems.push({
        field: `${at}/date`,
        message:
          earlier.kind === day.kind
            ? `${day.date} 重复（已见于 /days/${earlier.index}）`
            : `${day.date} 既是节假日又是调休上班日（/days/${earlier.index}）`,
      });
      return;
    }
    seen.set(day.date, { index, kind: day.kind });
    if (day.kind === 'workday' && !isWeekend(day.date))
      problems.push({ field: `${at}/date`, message: `调休上班日 ${day.date} 不是周末` });
  });
  return problems;
};

/** The schedule sorted by date, or VALIDATION_FAILED listing every problem. */
export const validateSchedule = (year: number, days: readonly CalendarDay[]): CalendarDay[] => {
  const problems = scheduleProblems(year, days);
  if (problems.length > 0)
    throw new DomainError('VALIDATION_FAILED', `${year} 年节假日安排有 ${problems.length} 处错误`, problems);
  return days
    .map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }))
    .sort((a, b) => compareDates(a.date, b.date));
};
