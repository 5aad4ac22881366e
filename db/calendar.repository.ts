import type { Db, Executor } from './knex';
import type { CalendarDay } from '../domain/calendar';

interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const toDay = (d: CalendarDayRow): CalendarDay => ({ date: d.date, kind: d.kind, name: d.name });

export async function loadCalendarData(db: Executor): Promise<{ days: CalendarDay[]; years: number[] }> {
  const [days, years] = await Promise.all([
    db('calendar_days').select('date', 'kind', 'name').orderBy('date'),
    db('calendar_years').select('year').orderBy('year'),
  ]);
  return {
    days: (days as CalendarDayRow[]).map(toDay),
    years: years.map((y: { year: number }) => y.year),
  };
}

export interface CalendarYear {
  year: number;
  source: string;
  loadedAt: string;
  days: CalendarDay[];
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/** A loaded year's schedule, or null when the calendar does not hold that year. */
export async function findCalendarYear(db: Executor, year: number): Promise<CalendarYear | null> {
  const row = (await db('calendar_years').where({ year }).first()) as
    { year: number; source: string; loaded_at: Date } | undefined;
  if (!row) return null;
  const days = (await db('calendar_days')
    .select('date', 'kind', 'name')
    .whereBetween('date', yearRange(year))
    .orderBy('date')) as CalendarDayRow[];
  return { year, source: row.source, loadedAt: row.loaded_at.toISOString(), days: days.map(toDay) };
}

/** The years the calendar holds. */
export async function listCalendarYears(db: Executor): Promise<number[]> {
  return (await db('calendar_years').orderBy('year').pluck('year')) as number[];
}

/**
 * Replaces one year's schedule in one transaction: the year's rows go, the given ones come, and the year is
 * marked loaded with its source. The caller has validated the days (domain/calendar-schedule.ts).
 */
export async function replaceCalendarYear(
  db: Db,
  year: number,
  days: readonly CalendarDay[],
  source: string,
): Promise<CalendarYear> {
  return db.transaction(async (trx) => {
    await trx('calendar_days').whereBetween('date', yearRange(year)).delete();
    if (days.length) await trx('calendar_days').insert(days.map((d) => ({ ...d })));
    await trx('calendar_years')
      .insert({ year, source, loaded_at: trx.fn.now() })
      .onConflict('year')
      .merge(['source', 'loaded_at']);
    return (await findCalendarYear(trx, year))!;
  });
}
