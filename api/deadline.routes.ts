import type { Db } from '../db/knex';
import { loadCalendarData } from '../db/calendar.repository';
import type { DeadlineFilter } from '../db/case.repository';
import { HolidayCalendar, shanghaiDateOf } from '../domain/calendar';
import {
  DEADLINE_RULES,
  computeRuleDue,
  computeRuleDueAt,
  isDeadlineRuleCode,
  periodOf,
  resolveCustodyVariant,
} from '../domain/deadlines';
import { DomainError } from '../domain/errors';
import type { CaseService } from './case.service';
import { computeDeadlineBody, emptyQuery, listDeadlinesQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

interface ComputeBody {
  start?: string;
  startAt?: string;
  inCustody?: boolean;
  variant?: string;
}

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
    defineRoute<ComputeBody>({
      method: 'post',
      path: '/api/deadline-rules/:code/compute',
      summary: '期限计算器',
      tag: 'deadlines',
      access: 'authenticated',
      body: computeDeadlineBody,
      handle: async ({ params, body }) => {
        const code = params.code;
        if (!isDeadlineRuleCode(code)) throw new DomainError('NOT_FOUND', `没有期限规则「${code}」`);
        if (body.variant !== undefined) {
          try {
            periodOf(code, body.variant);
          } catch {
            throw new DomainError('VALIDATION_FAILED', '未知的期限变体', [
              { field: '/variant', message: '该规则没有此变体' },
            ]);
          }
        }
        if (body.start === undefined && body.startAt === undefined)
          throw new DomainError('VALIDATION_FAILED', '须给出起算日期 start 或起算时刻 startAt', [
            { field: '/start', message: '必填' },
          ]);
        const { variant, inCustody } = resolveCustodyVariant(code, body);
        const startAtMs = body.startAt === undefined ? undefined : Date.parse(body.startAt);
        const start = body.start ?? shanghaiDateOf(startAtMs!);
        if (startAtMs !== undefined && shanghaiDateOf(startAtMs) !== start)
          throw new DomainError('VALIDATION_FAILED', 'start 与 startAt 不是同一天（北京时间）', [
            { field: '/start', message: '与 startAt 矛盾' },
          ]);
        const hourRule = periodOf(code, variant).unit === 'hour';
        if (hourRule && startAtMs === undefined)
          throw new DomainError('VALIDATION_FAILED', `期限规则 ${code} 以小时计算，须给出起算时刻`, [
            { field: '/startAt', message: '必填（以小时计算的期限）' },
          ]);
        const data = await loadCalendarData(db);
        const calendar = new HolidayCalendar(data.days, data.years);
        const options = { variant, inCustody, calendar };
        const due = hourRule ? null : computeRuleDue(code, start, options);
        const at = hourRule ? computeRuleDueAt(code, startAtMs!, options) : null;
        return {
          rule: code,
          start,
          inCustody,
          variant: variant ?? null,
          dueOn: at?.dueOn ?? due!.dueOn,
          dueAt: at ? new Date(at.dueAtMs).toISOString() : null,
          rolledOverFrom: due?.rolledOverFrom ?? null,
          warnings: at?.warnings ?? due!.warnings,
          basis: DEADLINE_RULES[code].basis,
        };
      },
    }),
  ];
}
