// Public tips (举报) and their rewards (issue 14, build 9), pure: the shapes a tip takes, the states it moves
// through, and who may be rewarded under 《非法集资举报奖励办法》(处非联函〔2016〕6号). Nothing here does I/O
// or reads a clock.
import { type HolidayCalendar, type LocalDate, shanghaiDateOf, yearOf } from './calendar';
import { type Period, addPeriod } from './deadlines';
import { LIMITS, REGIONS } from './reference';

/**
 * 条例 art.16: anyone may report; the department must accept it, handle it promptly and lawfully and keep
 * the reporter confidential. States: `received` (registered, awaiting verification; 受理 within 30 working
 * days per the 2008 操作流程), `lead` (verified: a case was opened in detection, or the matter was found to be
 * part of a case already known), `closed` (verified as not illegal fundraising, or not verifiable).
 */
export const TIP_STATES = ['received', 'lead', 'closed'] as const;
export type TipState = (typeof TIP_STATES)[number];

export interface TipReporter {
  /** 举报奖励办法 art.4(1): a reward needs the real name and a contact. Both optional for an anonymous tip. */
  name?: string;
  idNumber?: string;
  contact?: string;
}

export interface TipInput {
  /** The region the matter is in: its financial office receives the tip. */
  regionCode: string;
  what: string;
  where: string;
  who?: string;
  evidence?: string;
  reporter?: TipReporter;
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;

export const tipBody = {
  type: 'object',
  additionalProperties: false,
  required: ['regionCode', 'what', 'where'],
  properties: {
    regionCode: { type: 'string', enum: REGIONS.map((r) => r.code) },
    what: text(LIMITS.summaryMax),
    where: text(LIMITS.textMax),
    who: text(LIMITS.textMax),
    evidence: text(LIMITS.summaryMax),
    reporter: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: text(LIMITS.nameMax),
        idNumber: { type: 'string', pattern: '^\\d{17}[\\dXx]$' },
        contact: text(LIMITS.nameMax),
      },
    },
  },
} as const;

/** Whether the reporter gave what a reward needs (art.4(1)): a real name and a way to reach them. */
export const isNamed = (r: TipReporter | undefined): boolean => !!r?.name?.trim() && !!r?.contact?.trim();

/** The reporter sees the state only (API.md: GET /api/public/tips/{receipt}). */
export const publicTipState = (state: TipState) => ({ state });

/** A transition of a tip's verification is allowed only from `received`. */
export const verificationRefusal = (state: TipState): string | null =>
  state === 'received' ? null : '该举报已核查完毕';

/**
 * Reward tiers. The national rule leaves amounts to each locality (举报奖励办法; legal-reference §7), and
 * Yunnan's, 西双版纳's and 勐海's amounts were not retrieved (legal-reference, open question 5). Until the
 * county publishes its own, these follow the 天津 pattern the reference records: a first amount when a
 * preliminary investigation starts, more when administrative or judicial action follows, a one-off for a
 * case of 1亿元 or more. Amounts in 分.
 */
export const REWARD_TIERS = {
  preliminary: { title: '立案核查', minFen: 50_000, maxFen: 100_000 },
  enforcement: { title: '作出行政处理或移送司法', minFen: 200_000, maxFen: 1_000_000 },
  major: { title: '涉案金额一亿元以上或重大案件', minFen: 1_000_000, maxFen: 5_000_000 },
} as const;
export type RewardTier = keyof typeof REWARD_TIERS;

export const REWARD_STATES = ['none', 'proposed', 'approved', 'rejected', 'paid'] as const;
export type RewardState = (typeof REWARD_STATES)[number];

/** What the officer declares when proposing a reward; the art.5 exclusions the system cannot know itself. */
export interface RewardExclusions {
  /** 举报奖励办法 art.5: the reporter works in 防范和处置非法集资 (or, in local rules, is a relative of one). */
  reporterIsStaff: boolean;
  /** art.5: the reporter took part in the fundraising. */
  reporterParticipated: boolean;
}

export interface RewardFacts extends RewardExclusions {
  state: TipState;
  named: boolean;
  /** The matter was already known (the tip was linked to an existing case): art.4(2). */
  alreadyKnown: boolean;
  /** An earlier tip led to the same case: the first reporter is rewarded (安徽 2016, legal-reference §7). */
  earlierTipOnCase: boolean;
}

/** Why no reward may be proposed, each reason with its article; empty when the tip is eligible. */
export function rewardIneligibility(f: RewardFacts): string[] {
  const out: string[] = [];
  if (f.state !== 'lead') out.push('举报未经核查属实（举报奖励办法第四条第三项）');
  if (!f.named) out.push('举报人未提供真实姓名和联系方式（举报奖励办法第四条第一项）');
  if (f.alreadyKnown) out.push('举报事项已为有关部门掌握（举报奖励办法第四条第二项）');
  if (f.earlierTipOnCase) out.push('同一事项已有他人先行举报，奖励首先举报人');
  if (f.reporterIsStaff) out.push('举报人为防范和处置非法集资工作人员（举报奖励办法第五条）');
  if (f.reporterParticipated) out.push('举报人参与了非法集资活动（举报奖励办法第五条）');
  return out;
}

/** Why this amount is not within its tier, or null. */
export function tierRefusal(tier: RewardTier, amountFen: number): string | null {
  const t = REWARD_TIERS[tier];
  return amountFen < t.minFen || amountFen > t.maxFen
    ? `「${t.title}」档的奖励金额应在 ${t.minFen / 100} 元至 ${t.maxFen / 100} 元之间`
    : null;
}

/** The reward moves proposed → approved | rejected → (approved) paid; each step only from its own state. */
export function rewardStepRefusal(from: RewardState, step: 'propose' | 'decide' | 'pay'): string | null {
  const allowed: Record<typeof step, RewardState[]> = {
    propose: ['none', 'rejected'],
    decide: ['proposed'],
    pay: ['approved'],
  };
  return allowed[step].includes(from) ? null : `奖励当前为「${from}」状态，不能办理此步`;
}

/**
 * Intake (受理) of a report is to be completed within 30 working days of its arrival (2008 national
 * 操作流程, "一般应在三十个工作日内完成受理工作"; legal-reference §2.1 A1); 条例 art.16 itself sets no limit.
 * Counted from the day after the first report (Asia/Shanghai), holidays and make-up days as the calendar
 * says; null when the calendar lacks a year the count crosses.
 */
export const TIP_INTAKE_PERIOD: Period = { unit: 'working_day', amount: 30 };
export function tipIntakeDueOn(receivedAt: string, calendar: HolidayCalendar): LocalDate | null {
  const start = shanghaiDateOf(Date.parse(receivedAt));
  const due = addPeriod(start, TIP_INTAKE_PERIOD, calendar);
  return calendar.hasYear(yearOf(start)) && calendar.hasYear(yearOf(due)) ? due : null;
}
