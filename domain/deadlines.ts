// The deadline engine (期限计算). Pure: the workflows decide with it and the API answers with it, so both
// must get the same date from the same inputs.
import {
  type HolidayCalendar,
  type LocalDate,
  addDays,
  daysBetween,
  daysInMonth,
  formatLocalDate,
  parseLocalDate,
  yearOf,
} from './calendar';
import { DomainError } from './errors';

export const DEADLINE_RULE_CODES = [
  'ADMIN_TRANSFER_REVIEW',
  'FILING_REVIEW',
  'ARREST_REVIEW',
  'INVESTIGATION_CUSTODY',
  'PROSECUTION_REVIEW',
  'SUPPLEMENTARY_INVESTIGATION',
  'FIRST_INSTANCE_TRIAL',
  'APPEAL_WINDOW',
  'SECOND_INSTANCE_TRIAL',
  'FREEZE_DEPOSIT',
  'FREEZE_SECURITIES',
  'FREEZE_EQUITY',
  'PETITION_ROUTING',
  'PETITION_HANDLING',
  'PETITION_REVIEW',
  'PROGRESS_BULLETIN',
] as const;

export type DeadlineRuleCode = (typeof DEADLINE_RULE_CODES)[number];

export const isDeadlineRuleCode = (s: unknown): s is DeadlineRuleCode =>
  typeof s === 'string' && (DEADLINE_RULE_CODES as readonly string[]).includes(s);

/** Half a month is written as 15 days (刑诉解释 art.202), so amounts are whole numbers. */
export type Period = { unit: 'day' | 'month' | 'year'; amount: number };

/**
 * always: 刑诉法 art.105 roll-over applies; unless_custody: it applies only while the person is not in
 * custody; never: the period ends on its last day whatever that day is (custody terms, freezes, timers).
 */
export type RollOver = 'always' | 'unless_custody' | 'never';

export type ResponsibleRole = 'financial_office' | 'police' | 'procuratorate' | 'court' | 'petition_bureau';

export interface DeadlineExtension {
  code: string;
  period: Period;
  maxTimes: number;
  basis: string;
}

export interface DeadlineRule {
  code: DeadlineRuleCode;
  title: string;
  period: Period;
  /** Alternative base periods chosen when the deadline starts (e.g. a major case). */
  variants?: Record<string, Period>;
  /** Each one is an explicit action that adds its period to the unrolled due date (see extendDue). */
  extensions: DeadlineExtension[];
  rollOver: RollOver;
  /** duty: a unit must act by the due date; window: a period that simply elapses; term: a measure lapses. */
  kind: 'duty' | 'window' | 'term';
  basis: string;
  startsOn: string;
  /** Events whose duration is not counted (see resumeAfterPause). */
  pauseEvents: string[];
  /** Events that start the period afresh from the event's date. */
  restartEvents: string[];
  responsibleRole: ResponsibleRole;
  /** How many times the deadline may be started for one case and region, when the law caps it. */
  maxRounds?: number;
}

const days = (amount: number): Period => ({ unit: 'day', amount });
const months = (amount: number): Period => ({ unit: 'month', amount });
const years = (amount: number): Period => ({ unit: 'year', amount });

const XINGSU = '《刑事诉讼法》';
const GONGAN = '《公安机关办理刑事案件程序规定》';
const XINFANG = '《信访工作条例》';

// 刑诉法 art.149: time spent on a psychiatric assessment of the suspect is not counted in any 办案期限.
const PSYCHIATRIC_ASSESSMENT = 'psychiatric_assessment';

const RULES: Record<DeadlineRuleCode, DeadlineRule> = {
  ADMIN_TRANSFER_REVIEW: {
    code: 'ADMIN_TRANSFER_REVIEW',
    title: '移送案件审查期限',
    period: days(3),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: '《行政执法机关移送涉嫌犯罪案件的规定》第八条',
    startsOn: '公安机关接受行政执法机关移送的涉嫌犯罪案件（refer_to_police）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_REVIEW: {
    code: 'FILING_REVIEW',
    title: '立案审查期限',
    period: days(7),
    variants: { major: days(30) },
    extensions: [
      {
        code: 'cross_region',
        period: days(30),
        maxTimes: 1,
        basis: '《公安机关办理经济犯罪案件的若干规定》第十五条（特别重大或者跨区域，经上一级公安机关批准）',
      },
    ],
    rollOver: 'always',
    kind: 'duty',
    basis: '《公安机关办理经济犯罪案件的若干规定》第十五条',
    startsOn: '立案审查开始',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  ARREST_REVIEW: {
    code: 'ARREST_REVIEW',
    title: '审查批准逮捕期限',
    period: days(7),
    variants: { detained: days(7), not_detained: days(15), not_detained_major: days(20) },
    extensions: [],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第九十一条；《人民检察院刑事诉讼规则》第二百八十二条`,
    startsOn: '人民检察院收到提请批准逮捕书（request_arrest）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  INVESTIGATION_CUSTODY: {
    code: 'INVESTIGATION_CUSTODY',
    title: '侦查羁押期限',
    period: months(2),
    extensions: [
      { code: 'complex', period: months(1), maxTimes: 1, basis: `${XINGSU}第一百五十六条` },
      { code: 'major_wide_reaching', period: months(2), maxTimes: 1, basis: `${XINGSU}第一百五十八条` },
      { code: 'heavy_sentence', period: months(2), maxTimes: 1, basis: `${XINGSU}第一百五十九条` },
    ],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第一百五十六条至第一百五十九条`,
    startsOn: '逮捕后（批准逮捕并执行）',
    pauseEvents: [PSYCHIATRIC_ASSESSMENT],
    // 刑诉法 art.160: another major crime found, or the clock starts once an unknown identity is established.
    restartEvents: ['new_major_crime_found', 'identity_established'],
    responsibleRole: 'police',
  },
  PROSECUTION_REVIEW: {
    code: 'PROSECUTION_REVIEW',
    title: '审查起诉期限',
    period: months(1),
    extensions: [{ code: 'major_complex', period: days(15), maxTimes: 1, basis: `${XINGSU}第一百七十二条` }],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第一百七十二条、第一百七十五条`,
    startsOn:
      '人民检察院收到移送审查起诉的案件（transfer_for_prosecution）；补充侦查完毕重新移送的，重新计算',
    // While the police carry out a supplementary investigation the review clock stands; the case coming
    // back (a new transfer_for_prosecution) restarts it in full (刑诉法 art.175).
    pauseEvents: ['return_for_supplementary_investigation', PSYCHIATRIC_ASSESSMENT],
    restartEvents: ['transfer_for_prosecution', 'change_jurisdiction'],
    responsibleRole: 'procuratorate',
  },
  SUPPLEMENTARY_INVESTIGATION: {
    code: 'SUPPLEMENTARY_INVESTIGATION',
    title: '补充侦查期限',
    period: months(1),
    extensions: [],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第一百七十五条`,
    startsOn: '人民检察院退回补充侦查（return_for_supplementary_investigation）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
    maxRounds: 2,
  },
  FIRST_INSTANCE_TRIAL: {
    code: 'FIRST_INSTANCE_TRIAL',
    title: '一审审理期限',
    period: months(2),
    extensions: [
      // "二个月以内宣判，至迟不得超过三个月": the third month is the court's own, by its president.
      { code: 'third_month', period: months(1), maxTimes: 1, basis: `${XINGSU}第二百零八条第一款` },
      {
        code: 'higher_court_approval',
        period: months(3),
        maxTimes: 1,
        basis: `${XINGSU}第二百零八条第一款；《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第二百一十条`,
      },
    ],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第二百零八条`,
    startsOn: '人民法院受理公诉案件（indict）',
    pauseEvents: ['suspend_trial', PSYCHIATRIC_ASSESSMENT],
    restartEvents: ['supplementary_investigation_completed', 'change_jurisdiction', 'remand_for_retrial'],
    responsibleRole: 'court',
  },
  APPEAL_WINDOW: {
    code: 'APPEAL_WINDOW',
    title: '上诉、抗诉期限',
    period: days(10),
    variants: { judgment: days(10), ruling: days(5) },
    extensions: [],
    // The custody exception of art.105 protects against longer detention; rolling a defendant's appeal
    // window forward only gives them their full ten days, so DOMAIN.md rolls it regardless.
    rollOver: 'always',
    kind: 'window',
    basis: `${XINGSU}第二百三十条`,
    startsOn: '判决书送达之日的次日起算（deliver_judgment）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'court',
  },
  SECOND_INSTANCE_TRIAL: {
    code: 'SECOND_INSTANCE_TRIAL',
    title: '二审审理期限',
    period: months(2),
    extensions: [
      { code: 'high_court_approval', period: months(2), maxTimes: 1, basis: `${XINGSU}第二百四十三条` },
    ],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第二百四十三条`,
    startsOn: '第二审人民法院受理上诉、抗诉案件（file_appeal）',
    // 刑诉法 art.235: the procuratorate's reading of the file is not counted.
    pauseEvents: ['procuratorate_file_review', 'suspend_trial', PSYCHIATRIC_ASSESSMENT],
    restartEvents: [],
    responsibleRole: 'court',
  },
  FREEZE_DEPOSIT: {
    code: 'FREEZE_DEPOSIT',
    title: '冻结存款、汇款等财产期限',
    period: months(6),
    variants: { major_complex: years(1) },
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis: `${GONGAN}第二百四十三条、第二百四十条`,
    startsOn: '冻结或者续冻（freeze_assets / renew_freeze）；期满前未续冻的自动解除',
    pauseEvents: [],
    restartEvents: ['renew_freeze'],
    responsibleRole: 'police',
  },
  FREEZE_SECURITIES: {
    code: 'FREEZE_SECURITIES',
    title: '冻结债券、股票、基金份额等证券期限',
    period: years(2),
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis: `${GONGAN}第二百四十四条、第二百四十条`,
    startsOn: '冻结或者续冻（freeze_assets / renew_freeze）；期满前未续冻的自动解除',
    pauseEvents: [],
    restartEvents: ['renew_freeze'],
    responsibleRole: 'police',
  },
  FREEZE_EQUITY: {
    code: 'FREEZE_EQUITY',
    title: '冻结股权、保单权益期限',
    period: months(6),
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis: `${GONGAN}第二百四十五条、第二百四十条`,
    startsOn: '冻结或者续冻（freeze_assets / renew_freeze）；期满前未续冻的自动解除',
    pauseEvents: [],
    restartEvents: ['renew_freeze'],
    responsibleRole: 'police',
  },
  PETITION_ROUTING: {
    code: 'PETITION_ROUTING',
    title: '信访事项登记转送期限',
    period: days(15),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${XINFANG}第二十二条、第二十三条`,
    startsOn: '信访事项登记（log_petition）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  PETITION_HANDLING: {
    code: 'PETITION_HANDLING',
    title: '信访事项办理期限',
    period: days(60),
    extensions: [{ code: 'head_approval', period: days(30), maxTimes: 1, basis: `${XINFANG}第三十四条` }],
    rollOver: 'always',
    kind: 'duty',
    basis: `${XINFANG}第三十四条`,
    startsOn: '信访事项受理',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  PETITION_REVIEW: {
    code: 'PETITION_REVIEW',
    title: '信访事项复查、复核期限',
    period: days(30),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${XINFANG}第三十五条、第三十六条`,
    startsOn: '收到复查或者复核请求',
    // 信访工作条例 art.36: time taken by a hearing is not counted.
    pauseEvents: ['petition_hearing'],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  PROGRESS_BULLETIN: {
    code: 'PROGRESS_BULLETIN',
    title: '跨区域案件工作进展通报周期',
    period: days(30),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: '海政办发〔2016〕70号 十三（定期通报）',
    startsOn: '跨区域案件进入立案侦查阶段；每次通报后重新起算',
    pauseEvents: [],
    restartEvents: ['send_progress_bulletin'],
    responsibleRole: 'financial_office',
  },
};

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

export const DEADLINE_RULES: Readonly<Record<DeadlineRuleCode, DeadlineRule>> = deepFreeze(RULES);

const invalid = (message: string) => new DomainError('VALIDATION_FAILED', message);

const requirePeriod = (p: Period): void => {
  if (!Number.isSafeInteger(p.amount) || p.amount < 0) throw invalid(`期间长度必须是非负整数：${p.amount}`);
  if (p.unit !== 'day' && p.unit !== 'month' && p.unit !== 'year')
    throw invalid(`期间单位无效：${String(p.unit)}`);
};

/**
 * The last day of a period that starts on `start` (刑诉法 art.105, 刑诉解释 art.202), before any holiday
 * roll-over. The starting day is not counted, so n days end n calendar days later. A month ends on the
 * same day of the target month; a period starting on the last day of a month ends on the last day of the
 * target month; when the target month has no such day, on its last day. A year is twelve months.
 */
export const addPeriod = (start: LocalDate, p: Period): LocalDate => {
  requirePeriod(p);
  if (p.unit === 'day') return addDays(start, p.amount);
  const { year, month, day } = parseLocalDate(start);
  const monthIndex = year * 12 + (month - 1) + (p.unit === 'year' ? p.amount * 12 : p.amount);
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastOfTarget = daysInMonth(targetYear, targetMonth);
  const startIsMonthEnd = day === daysInMonth(year, month);
  return formatLocalDate(
    targetYear,
    targetMonth,
    startIsMonthEnd ? lastOfTarget : Math.min(day, lastOfTarget),
  );
};

export const rollOverApplies = (rollOver: RollOver, inCustody: boolean): boolean =>
  rollOver === 'always' || (rollOver === 'unless_custody' && !inCustody);

export interface DueDate {
  dueOn: LocalDate;
  /** The period's own last day, when a holiday moved the due date past it. */
  rolledOverFrom?: LocalDate;
  /** 'NO_CALENDAR_FOR_YEAR:<year>' when roll-over needed a year the calendar does not hold. */
  warnings: string[];
}

export interface RollOverInput {
  rollOver: RollOver;
  inCustody: boolean;
  calendar: HolidayCalendar;
}

/** The date before roll-over: the base that extensions and pauses shift. */
export const unrolledDueOf = (due: DueDate): LocalDate => due.rolledOverFrom ?? due.dueOn;

/**
 * Applies 刑诉法 art.105 to a period's last day: a holiday, or a weekend day that is not a make-up
 * working day, moves it to the first working day after. The calendar is consulted only when roll-over
 * applies, so only then can a missing year make the answer uncertain and warrant a warning.
 */
export const rollOverDue = (unrolledDueOn: LocalDate, input: RollOverInput): DueDate => {
  if (!rollOverApplies(input.rollOver, input.inCustody)) return { dueOn: unrolledDueOn, warnings: [] };
  const missingYears = new Set<number>();
  const noteYear = (d: LocalDate) => {
    const year = yearOf(d);
    if (!input.calendar.hasYear(year)) missingYears.add(year);
  };
  let dueOn = unrolledDueOn;
  noteYear(dueOn);
  // Terminates: only listed rows and weekends are non-working, and no week is all weekend.
  while (input.calendar.isHoliday(dueOn)) {
    dueOn = addDays(dueOn, 1);
    noteYear(dueOn);
  }
  const warnings = [...missingYears].sort((a, b) => a - b).map((year) => `NO_CALENDAR_FOR_YEAR:${year}`);
  return dueOn === unrolledDueOn ? { dueOn, warnings } : { dueOn, rolledOverFrom: unrolledDueOn, warnings };
};

export interface ComputeDueInput extends RollOverInput {
  period: Period;
  start: LocalDate;
}

export const computeDue = (input: ComputeDueInput): DueDate =>
  rollOverDue(addPeriod(input.start, input.period), input);

export const ruleOf = (code: DeadlineRuleCode): DeadlineRule => {
  if (!isDeadlineRuleCode(code)) throw invalid(`期限规则不存在：${String(code)}`);
  return DEADLINE_RULES[code];
};

/** The rule's base period, or the named variant's. */
export const periodOf = (code: DeadlineRuleCode, variant?: string): Period => {
  const rule = ruleOf(code);
  if (variant === undefined) return rule.period;
  // Own properties only: a variant named "constructor" or "__proto__" must not find Object.prototype's.
  const period = rule.variants && Object.hasOwn(rule.variants, variant) ? rule.variants[variant] : undefined;
  if (!period) throw invalid(`期限规则 ${code} 没有 ${variant} 情形`);
  return period;
};

export const extensionOf = (code: DeadlineRuleCode, extensionCode: string): DeadlineExtension => {
  const extension = ruleOf(code).extensions.find((e) => e.code === extensionCode);
  if (!extension) throw invalid(`期限规则 ${code} 不能以 ${extensionCode} 延长`);
  return extension;
};

export interface RuleDueOptions {
  variant?: string;
  /** Replaces the rule's period where the rule is configurable (PROGRESS_BULLETIN's interval). */
  period?: Period;
  inCustody: boolean;
  calendar: HolidayCalendar;
}

export const computeRuleDue = (
  code: DeadlineRuleCode,
  start: LocalDate,
  options: RuleDueOptions,
): DueDate => {
  const rule = ruleOf(code);
  return computeDue({
    period: options.period ?? periodOf(code, options.variant),
    start,
    rollOver: rule.rollOver,
    inCustody: options.inCustody,
    calendar: options.calendar,
  });
};

export interface ExtendDueInput extends RollOverInput {
  /** The due date before roll-over (unrolledDueOf), never the rolled one. */
  unrolledDueOn: LocalDate;
  extension: Period;
}

/**
 * An extension (延长) runs on from the last day of the period it extends, so its period is added to the
 * unrolled due date and the result rolls over afresh. Adding it to the rolled date instead would hand the
 * unit the holiday days twice: once as roll-over of the original period, and again inside the extension.
 * Whether the extension is still allowed (maxTimes, approval) is the caller's decision.
 */
export const extendDue = (input: ExtendDueInput): DueDate =>
  rollOverDue(addPeriod(input.unrolledDueOn, input.extension), input);

/**
 * A pause (psychiatric assessment, suspended trial, …) is not counted: the unrolled due date moves by the
 * whole calendar days between the pause and the resumption. The caller rolls the result over again with
 * rollOverDue, because a date that was a working day may now land on a holiday and the reverse.
 */
export const resumeAfterPause = (
  dueOnUnrolled: LocalDate,
  pausedOn: LocalDate,
  resumedOn: LocalDate,
): LocalDate => {
  const paused = daysBetween(pausedOn, resumedOn);
  if (paused < 0) throw invalid(`恢复计算日期 ${resumedOn} 早于中止日期 ${pausedOn}`);
  return addDays(dueOnUnrolled, paused);
};

/** The date n working days before d, for reminders; d itself is not counted. */
export const subtractWorkingDays = (d: LocalDate, n: number, calendar: HolidayCalendar): LocalDate => {
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(`工作日数必须是非负整数：${n}`);
  let date = d;
  for (let remaining = n; remaining > 0;) {
    date = addDays(date, -1);
    if (calendar.isWorkingDay(date)) remaining -= 1;
  }
  return date;
};
