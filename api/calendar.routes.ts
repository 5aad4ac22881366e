import type { Db } from '../db/knex';
import { findCalendarYear, replaceCalendarYear } from '../db/calendar.repository';
import type { CalendarDay } from '../domain/calendar';
import { parseScheduleYear, validateSchedule } from '../domain/calendar-schedule';
import { DomainError } from '../domain/errors';
import { emptyQuery } from './case.schemas';
import { putCalendarYearBody } from './calendar.schemas';
import { type RouteDef, defineRoute } from './route';

export function calendarRoutes(db: Db): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/calendar/:year',
      summary: '某年的节假日安排（法定节假日与调休上班日）',
      tag: 'calendar',
      access: 'authenticated',
      query: emptyQuery,
      handle: async ({ params }) => {
        const year = parseScheduleYear(params.year);
        const found = await findCalendarYear(db, year);
        if (!found)
          throw new DomainError(
            'NOT_FOUND',
            `尚未录入 ${year} 年的节假日安排；该年的到期日只按周末顺延并附警告`,
          );
        return found;
      },
    }),
    defineRoute<{ days: CalendarDay[]; source?: string }>({
      method: 'put',
      path: '/api/calendar/:year',
      summary: '录入或更正某年的节假日安排（整年替换，校验后写入）',
      tag: 'calendar',
      access: ['admin'],
      body: putCalendarYearBody,
      handle: async ({ params, body, caller }) => {
        const year = parseScheduleYear(params.year);
        const days = validateSchedule(year, body.days);
        return replaceCalendarYear(db, year, days, body.source ?? `管理员录入（${caller.userId}）`);
      },
    }),
  ];
}
