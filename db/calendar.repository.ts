import type { Executor } from './knex';
import type { CalendarDay } from '../domain/calendar';

export async function loadCalendarData(db: Executor): Promise<{ days: CalendarDay[]; years: number[] }> {
  const [days, years] = await Promise.all([
    db('calendar_days').select('date', 'kind', 'name').orderBy('date'),
    db('calendar_years').select('year').orderBy('year'),
  ]);
  return {
    days: days.map((d: { date: string; kind: 'holiday' | 'workday'; name: string }) => ({
      date: d.date,
      kind: d.kind,
      name: d.name,
    })),
    years: years.map((y: { year: number }) => y.year),
  };
}
