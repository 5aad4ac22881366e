import type { Db } from '../db/knex';
import { loadCalendarData } from '../db/calendar.repository';
import type { DeadlineFilter } from '../db/case.repository';
import { HolidayCalendar } from '../domain/calendar';
import { DEADLINE_RULES, computeRuleDue, isDeadlineRuleCode, periodOf } from '../domain/deadlines';
import { DomainError } from '../domain/errors';
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
    defineRoute<{ start: string; inCustody?: boolean; variant?: string }>({
      method: 'post',
      path: '/api/deadline-rules/:code/compute',
      summary: '期限计算器',
      tag: 'deadlines',
      access: 'authenticated',
      body: computeDeadlineBody,
      handle: async ({ params, body }) => {
        if (!isDeadlineRuleCode(params.code))
          throw new DomainError('NOT_FOUND', `没有期限规则「${params.code}」`);
        if (body.variant !== undefined) {
          try {
            periodOf(params.code, body.variant);
          } catch {
            throw new DomainError('VALIDATION_FAILED', '未知的期限变体', [
              { field: '/variant', message: '该规则没有此变体' },
            ]);
          }
        }
        const data = await loadCalendarData(db);
        const calendar = new HolidayCalendar(data.days, data.years);
        const due = computeRuleDue(params.code, body.start, {
          variant: body.variant,
          inCustody: body.inCustody ?? false,
          calendar,
        });
        return {
          rule: params.code,
          start: body.start,
          inCustody: body.inCustody ?? false,
          dueOn: due.dueOn,
          rolledOverFrom: due.rolledOverFrom ?? null,
          warnings: due.warnings,
          basis: DEADLINE_RULES[params.code].basis,
        };
      },
    }),
  ];
}
