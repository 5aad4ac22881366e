import type { Db } from '../db/knex';
import { loadCalendarData } from '../db/calendar.repository';
import type { DeadlineFilter } from '../db/case.repository';
import { HolidayCalendar } from '../domain/calendar';
import {
  type CalculationRequest,
  calculateDeadline,
  planDeadlineCalculation,
} from '../domain/deadline-calculator';
import { DEADLINE_RULES } from '../domain/deadlines';
import type { CaseService } from './case.service';
import { computeDeadlineBody, emptyQuery, listDeadlinesQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

export function deadlineRoutes(db: Db, cases: CaseService): RouteDef[] {
  return [
    defineRoute<unknown, DeadlineFilter & { page: number; pageSize: number }>({
      method: 'get',
      path: '/api/deadlines',
      summary: '可见案件的期限（可按状态、责任单位、到期日筛选）',
      tag: 'deadlines',
      access: 'authenticated',
      query: listDeadlinesQuery,
      handle: ({ caller, query }) => cases.listDeadlines(caller, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/deadline-rules',
      summary: '期限规则：期间、法律依据、节假日顺延、中止与重新计算事由',
      tag: 'deadlines',
      access: 'authenticated',
      query: emptyQuery,
      handle: async () => Object.values(DEADLINE_RULES),
    }),
    defineRoute<CalculationRequest>({
      method: 'post',
      path: '/api/deadline-rules/:code/compute',
      summary: '期限计算器',
      tag: 'deadlines',
      access: 'authenticated',
      body: computeDeadlineBody,
      handle: async ({ params, body }) => {
        const plan = planDeadlineCalculation(params.code, body);
        const data = await loadCalendarData(db);
        return calculateDeadline(plan, new HolidayCalendar(data.days, data.years));
      },
    }),
  ];
}
