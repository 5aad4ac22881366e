// The deadline calculator (POST /api/deadline-rules/{code}/compute) as two pure steps: check the request
// against the rule before anything is read, then compute with the calendar. The route only loads the
// calendar between them.
import { type HolidayCalendar, type LocalDate, shanghaiDateOf } from './calendar';
import {
  DEADLINE_RULES,
  type DeadlineRuleCode,
  computeRuleDue,
  computeRuleDueAt,
  isDeadlineRuleCode,
  periodOf,
  resolveCustodyVariant,
} from './deadlines';
import { DomainError } from './errors';

export interface CalculationRequest {
  start?: string;
  startAt?: string;
  inCustody?: boolean;
  variant?: string;
}

export interface CalculationPlan {
  code: DeadlineRuleCode;
  start: LocalDate;
  /** Present for the hour rules, which count from the instant. */
  startAtMs?: number;
  variant?: string;
  inCustody: boolean;
}

export interface CalculationResult {
  rule: DeadlineRuleCode;
  start: LocalDate;
  inCustody: boolean;
  variant: string | null;
  dueOn: LocalDate;
  /** The exclusive end instant of an hour rule; null for date rules, which end with their due date. */
  dueAt: string | null;
  rolledOverFrom: LocalDate | null;
  warnings: string[];
  basis: string;
}

const refuse = (message: string, field: string, fieldMessage: string) =>
  new DomainError('VALIDATION_FAILED', message, [{ field, message: fieldMessage }]);

/** Checks a calculator request against its rule; throws NOT_FOUND or VALIDATION_FAILED. */
export const planDeadlineCalculation = (code: string, req: CalculationRequest): CalculationPlan => {
  if (!isDeadlineRuleCode(code)) throw new DomainError('NOT_FOUND', `没有期限规则「${code}」`);
  if (req.variant !== undefined) {
    try {
      periodOf(code, req.variant);
    } catch {
      throw refuse('未知的期限变体', '/variant', '该规则没有此变体');
    }
  }
  if (req.start === undefined && req.startAt === undefined)
    throw refuse('须给出起算日期 start 或起算时刻 startAt', '/start', '必填');
  // The custody rule of 检察规则 art.282: no variant follows inCustody; a contradiction is refused.
  const { variant, inCustody } = resolveCustodyVariant(code, req);
  const startAtMs = req.startAt === undefined ? undefined : Date.parse(req.startAt);
  if (startAtMs !== undefined && !Number.isFinite(startAtMs))
    throw refuse('起算时刻无效', '/startAt', '应为带时区的时刻');
  const start = req.start ?? shanghaiDateOf(startAtMs!);
  if (startAtMs !== undefined && shanghaiDateOf(startAtMs) !== start)
    throw refuse('start 与 startAt 不是同一天（北京时间）', '/start', '与 startAt 矛盾');
  if (periodOf(code, variant).unit === 'hour' && startAtMs === undefined)
    throw refuse(`期限规则 ${code} 以小时计算，须给出起算时刻`, '/startAt', '必填（以小时计算的期限）');
  return { code, start, startAtMs, variant, inCustody };
};

export const calculateDeadline = (plan: CalculationPlan, calendar: HolidayCalendar): CalculationResult => {
  const options = { variant: plan.variant, inCustody: plan.inCustody, calendar };
  const base = {
    rule: plan.code,
    start: plan.start,
    inCustody: plan.inCustody,
    variant: plan.variant ?? null,
    basis: DEADLINE_RULES[plan.code].basis,
  };
  if (periodOf(plan.code, plan.variant).unit === 'hour') {
    const at = computeRuleDueAt(plan.code, plan.startAtMs!, options);
    const dueAt = new Date(at.dueAtMs).toISOString();
    return { ...base, dueOn: at.dueOn, dueAt, rolledOverFrom: null, warnings: at.warnings };
  }
  const due = computeRuleDue(plan.code, plan.start, options);
  return {
    ...base,
    dueOn: due.dueOn,
    dueAt: null,
    rolledOverFrom: due.rolledOverFrom ?? null,
    warnings: due.warnings,
  };
};
