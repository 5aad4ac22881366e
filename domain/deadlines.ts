// The deadline engine (期限计算). Pure: the workflows decide with it and the API answers with it, so both
// must get the same date from the same inputs.
import {
  type HolidayCalendar,
  type LocalDate,
  addDays,
  daysBetween,
  daysInMonth,
  endOfShanghaiDay,
  formatLocalDate,
  parseLocalDate,
  shanghaiDateOf,
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
  // Added for issue 13 beside the contract codes above (which keep their behaviour).
  'TRANSFER_FILING_REVIEW',
  'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
  'TRANSFER_RECONSIDERATION_DECISION',
  'FILING_DENIAL_NOTICE',
  'FILING_DENIAL_RECONSIDERATION_WINDOW',
  'FILING_DENIAL_RECONSIDERATION',
  'FILING_DENIAL_REVIEW_WINDOW',
  'FILING_DENIAL_REVIEW',
  'DETENTION_TO_CUSTODY',
  'DETENTION_FAMILY_NOTICE',
  'DETENTION_INTERROGATION',
  // The 24-hour duties after an arrest (刑诉法 第九十三条、第九十四条).
  'ARREST_FAMILY_NOTICE',
  'ARREST_INTERROGATION',
  'DETENTION_ARREST_REQUEST',
  'BAIL_TERM',
  'RESIDENTIAL_SURVEILLANCE_TERM',
  'CUSTODY_EXTENSION_REQUEST',
  'ARREST_DENIAL_RECONSIDERATION',
  'ARREST_DENIAL_REVIEW',
  'FAST_TRACK_PROSECUTION_REVIEW',
  'FAST_TRACK_TRIAL',
  'NON_PROSECUTION_RECONSIDERATION',
  'NON_PROSECUTION_REVIEW',
  'NON_PROSECUTION_VICTIM_APPEAL',
  'NON_PROSECUTION_PERSON_APPEAL',
  'ADMIN_SEIZURE',
  'PETITION_REMIT_OBJECTION',
  'PETITION_REVIEW_REQUEST_WINDOW',
  'PETITION_RECHECK_REQUEST_WINDOW',
  'FILING_SUPERVISION_EXPLANATION',
  'FILING_SUPERVISION_ORDER',
  'PROPERTY_EXECUTION',
  // Issue 13, court part (docs/decisions/0021).
  'TRIAL_SUPPLEMENTARY_INVESTIGATION',
  // law-criminal (issue 13, item 8): the real-estate 查封 term.
  'FREEZE_REAL_ESTATE',
] as const;

export type DeadlineRuleCode = (typeof DEADLINE_RULE_CODES)[number];

export const isDeadlineRuleCode = (s: unknown): s is DeadlineRuleCode =>
  typeof s === 'string' && (DEADLINE_RULE_CODES as readonly string[]).includes(s);

/**
 * Half a month is written as 15 days (刑诉解释 art.202), so amounts are whole numbers. 刑诉法 art.105 counts
 * periods in 时、日、月: 'hour' periods run from an instant (computeRuleDueAt), not from a date.
 * 'working_day' counts only the calendar's working days (信访工作条例 art.23's 5 个工作日; 行政强制法 art.69
 * reads that law's periods of ten days or less so); it needs the holiday calendar to be counted at all.
 */
export type PeriodUnit = 'day' | 'working_day' | 'hour' | 'month' | 'year';
export type Period = { unit: PeriodUnit; amount: number };
export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'working_day', 'hour', 'month', 'year'];

/**
 * always: 刑诉法 art.105 roll-over applies; unless_custody: it applies only while the person is not in
 * custody; never: the period ends on its last day whatever that day is (custody terms, freezes, timers).
 */
export type RollOver = 'always' | 'unless_custody' | 'never';

export type ResponsibleRole = 'financial_office' | 'police' | 'procuratorate' | 'court' | 'petition_bureau';

export interface DeadlineExtension {
  code: string;
  /** 'add': the period runs on from the current due date. 'to': the whole term becomes `period` from the
   * start ("延长至三十日"), whatever was granted before. */
  mode?: 'add' | 'to';
  period: Period;
  /** A variable extension ("延长一日至四日"): the approver grants between minAmount and period.amount. */
  minAmount?: number;
  maxTimes: number;
  /** Extensions of the same rule that cannot both be granted. */
  excludes?: string[];
  /** An extension that only follows another one (the next level's +30 after the county's 30). */
  requires?: string[];
  /** Who must approve it: the level matters (上一级 / 省级人民检察院). */
  approvedBy?: string;
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
  /**
   * 'before': the due date lies `period` before the start given (the anchor is another clock's expiry, e.g.
   * 在期限届满七日前). Absent means the period runs forward from the start.
   */
  counting?: 'before';
  /**
   * The variant to use when none is named, by custody: a rule whose period depends on whether the person is
   * detained (检察规则 art.282) must never give the detained period to someone at liberty. Each variant named
   * here also fixes inCustody, so a contradictory request is refused (resolveCustodyVariant).
   */
  custodyVariants?: { inCustody: string; notInCustody: string; detainedVariants: string[] };
}

const days = (amount: number): Period => ({ unit: 'day', amount });
const workingDays = (amount: number): Period => ({ unit: 'working_day', amount });
const hours = (amount: number): Period => ({ unit: 'hour', amount });
const months = (amount: number): Period => ({ unit: 'month', amount });
const years = (amount: number): Period => ({ unit: 'year', amount });

const XINGSU = '《刑事诉讼法》';
const GONGAN = '《公安机关办理刑事案件程序规定》';
const XINFANG = '《信访工作条例》';
const JIANCHA = '《人民检察院刑事诉讼规则》';
const JINGJI = '《公安机关办理经济犯罪案件的若干规定》';
const YISONG = '《行政执法机关移送涉嫌犯罪案件的规定》';
const QIANGZHI = '《行政强制法》';

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
        approvedBy: '上一级公安机关负责人',
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
    custodyVariants: { inCustody: 'detained', notInCustody: 'not_detained', detainedVariants: ['detained'] },
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
      {
        code: 'complex',
        period: months(1),
        maxTimes: 1,
        approvedBy: '上一级人民检察院',
        basis: `${XINGSU}第一百五十六条`,
      },
      // Art.158 applies when the art.156 extension has run out, art.159 when art.158's has.
      {
        code: 'major_wide_reaching',
        period: months(2),
        maxTimes: 1,
        requires: ['complex'],
        approvedBy: '省、自治区、直辖市人民检察院',
        basis: `${XINGSU}第一百五十八条`,
      },
      {
        code: 'heavy_sentence',
        period: months(2),
        maxTimes: 1,
        requires: ['major_wide_reaching'],
        approvedBy: '省、自治区、直辖市人民检察院',
        basis: `${XINGSU}第一百五十九条`,
      },
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
        approvedBy: '上一级人民法院',
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
      {
        code: 'high_court_approval',
        period: months(2),
        maxTimes: 1,
        approvedBy: '省、自治区、直辖市高级人民法院',
        basis: `${XINGSU}第二百四十三条`,
      },
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
  // 经济犯罪规定 art.16 governs a case an administrative body transfers: one clock of 3 days, at the
  // latest 10, 30 for a major, complex or cross-region case (county head's approval), and a further 30 in a
  // special case (next level's approval). FILING_REVIEW (art.15, 7/30/+30) stays for what the police take in
  // themselves; ADMIN_TRANSFER_REVIEW (移送规定 art.8) stays for the actions that already start it.
  TRANSFER_FILING_REVIEW: {
    code: 'TRANSFER_FILING_REVIEW',
    title: '移送案件立案审查期限',
    period: days(3),
    variants: { at_latest: days(10), major_complex: days(30), special: days(60) },
    extensions: [
      {
        code: 'at_latest',
        mode: 'to',
        period: days(10),
        maxTimes: 1,
        approvedBy: '公安机关',
        basis: `${JINGJI}第十六条第一款（至迟应当在十日以内作出决定）`,
      },
      {
        code: 'major_complex',
        mode: 'to',
        period: days(30),
        maxTimes: 1,
        approvedBy: '县级以上公安机关负责人',
        basis: `${JINGJI}第十六条第一款（案情重大、疑难、复杂或者跨区域性的，三十日以内）`,
      },
      {
        code: 'special_next_level',
        period: days(30),
        maxTimes: 1,
        requires: ['major_complex'],
        approvedBy: '上一级公安机关负责人',
        basis: `${JINGJI}第十六条第一款（情况特殊的，再延长三十日）`,
      },
    ],
    rollOver: 'always',
    kind: 'duty',
    basis: `${JINGJI}第十六条`,
    startsOn: '公安机关接受行政执法机关移送的涉嫌经济犯罪案件（移送材料符合规定）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  TRANSFER_REFUSAL_RECONSIDERATION_WINDOW: {
    code: 'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
    title: '不予立案提请复议期限',
    period: days(3),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${YISONG}第九条（自接到不予立案通知书之日起3日内提请复议，也可以建议人民检察院立案监督）`,
    startsOn: '移送机关接到公安机关不予立案通知书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'financial_office',
  },
  TRANSFER_RECONSIDERATION_DECISION: {
    code: 'TRANSFER_RECONSIDERATION_DECISION',
    title: '不予立案复议决定期限',
    period: days(3),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${YISONG}第九条（自收到提请复议的文件之日起3日内作出立案或者不予立案的决定）`,
    startsOn: '公安机关收到移送机关提请复议的文件',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_DENIAL_NOTICE: {
    code: 'FILING_DENIAL_NOTICE',
    title: '不予立案通知书送达期限',
    period: days(3),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${GONGAN}第一百七十八条第二款`,
    startsOn: '对有控告人的案件决定不予立案',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_DENIAL_RECONSIDERATION_WINDOW: {
    code: 'FILING_DENIAL_RECONSIDERATION_WINDOW',
    title: '不予立案申请复议期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${GONGAN}第一百七十九条第一款`,
    startsOn: '控告人收到不予立案通知书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_DENIAL_RECONSIDERATION: {
    code: 'FILING_DENIAL_RECONSIDERATION',
    title: '不予立案复议决定期限',
    period: days(30),
    extensions: [
      {
        code: 'major_complex',
        period: days(30),
        maxTimes: 1,
        approvedBy: '作出决定的公安机关（书面告知申请人）',
        basis: `${GONGAN}第一百七十九条第三款`,
      },
    ],
    rollOver: 'always',
    kind: 'duty',
    basis: `${GONGAN}第一百七十九条第一款`,
    startsOn: '公安机关收到控告人的复议申请',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_DENIAL_REVIEW_WINDOW: {
    code: 'FILING_DENIAL_REVIEW_WINDOW',
    title: '不予立案申请复核期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${GONGAN}第一百七十九条第二款`,
    startsOn: '控告人收到复议决定书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_DENIAL_REVIEW: {
    code: 'FILING_DENIAL_REVIEW',
    title: '不予立案复核决定期限',
    period: days(30),
    extensions: [
      {
        code: 'major_complex',
        period: days(30),
        maxTimes: 1,
        approvedBy: '上一级公安机关（书面告知申请人）',
        basis: `${GONGAN}第一百七十九条第三款`,
      },
    ],
    rollOver: 'always',
    kind: 'duty',
    basis: `${GONGAN}第一百七十九条第二款`,
    startsOn: '上一级公安机关收到复核申请',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  // The three 24-hour duties after a detention; the person is in custody, so nothing rolls over.
  DETENTION_TO_CUSTODY: {
    code: 'DETENTION_TO_CUSTODY',
    title: '拘留后送看守所羁押期限',
    period: hours(24),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第八十五条第二款（至迟不得超过二十四小时）`,
    startsOn: '拘留（执行拘留的时刻）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  DETENTION_FAMILY_NOTICE: {
    code: 'DETENTION_FAMILY_NOTICE',
    title: '拘留后通知家属期限',
    period: hours(24),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第八十五条第二款（除无法通知等情形外，拘留后二十四小时以内通知家属）`,
    startsOn: '拘留（执行拘留的时刻）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  DETENTION_INTERROGATION: {
    code: 'DETENTION_INTERROGATION',
    title: '拘留后讯问期限',
    period: hours(24),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第八十六条`,
    startsOn: '拘留（执行拘留的时刻）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  // After an arrest: 送看守所羁押 is 立即 with no hour bound (刑诉法 第九十三条), so it has no clock; the family
  // notice and the interrogation have 24 hours each.
  ARREST_FAMILY_NOTICE: {
    code: 'ARREST_FAMILY_NOTICE',
    title: '逮捕后通知家属期限',
    period: hours(24),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第九十三条第二款（除无法通知的以外，逮捕后二十四小时以内通知家属）`,
    startsOn: '逮捕（批准逮捕后执行的时刻）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  ARREST_INTERROGATION: {
    code: 'ARREST_INTERROGATION',
    title: '逮捕后讯问期限',
    period: hours(24),
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第九十四条`,
    startsOn: '逮捕（批准逮捕后执行的时刻）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  DETENTION_ARREST_REQUEST: {
    code: 'DETENTION_ARREST_REQUEST',
    title: '拘留后提请批准逮捕期限',
    period: days(3),
    variants: { special: days(7), serial_group: days(30) },
    extensions: [
      {
        code: 'special_circumstances',
        period: days(4),
        minAmount: 1,
        maxTimes: 1,
        excludes: ['serial_group'],
        approvedBy: '县级以上公安机关负责人',
        basis: `${XINGSU}第九十一条第一款（在特殊情况下，可以延长一日至四日）`,
      },
      {
        code: 'serial_group',
        mode: 'to',
        period: days(30),
        maxTimes: 1,
        excludes: ['special_circumstances'],
        approvedBy: '县级以上公安机关负责人',
        basis: `${XINGSU}第九十一条第二款（流窜作案、多次作案、结伙作案的重大嫌疑分子，可以延长至三十日）`,
      },
    ],
    rollOver: 'never',
    kind: 'duty',
    basis: `${XINGSU}第九十一条第一款、第二款`,
    startsOn: '拘留（每名犯罪嫌疑人各自计算）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  // "最长不得超过": a ceiling on a restriction of liberty, so the term never rolls past a holiday (that
  // would lengthen the restriction; DOMAIN.md treats freezes the same way).
  BAIL_TERM: {
    code: 'BAIL_TERM',
    title: '取保候审期限',
    period: months(12),
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis: `${XINGSU}第七十九条第一款（取保候审最长不得超过十二个月）`,
    startsOn: '取保候审决定执行',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  RESIDENTIAL_SURVEILLANCE_TERM: {
    code: 'RESIDENTIAL_SURVEILLANCE_TERM',
    title: '监视居住期限',
    period: months(6),
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis: `${XINGSU}第七十九条第一款（监视居住最长不得超过六个月）`,
    startsOn: '监视居住决定执行',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  CUSTODY_EXTENSION_REQUEST: {
    code: 'CUSTODY_EXTENSION_REQUEST',
    title: '提请延长侦查羁押期限的报送期限',
    period: days(7),
    counting: 'before',
    extensions: [],
    rollOver: 'never',
    kind: 'duty',
    basis:
      `${GONGAN}第一百四十八条（转报上一级人民检察院批准延长一个月）、第一百四十九条、第一百五十条` +
      `（层报省级人民检察院批准延长二个月）：在期限届满七日前送请同级人民检察院；${XINGSU}第一百五十六条至第一百五十九条`,
    startsOn: '当前侦查羁押期限届满之日（INVESTIGATION_CUSTODY 的到期日），向前推算',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  // After a refusal the detained person must be released (刑诉法 art.92), so these clocks roll over.
  ARREST_DENIAL_RECONSIDERATION: {
    code: 'ARREST_DENIAL_RECONSIDERATION',
    title: '不批准逮捕复议期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${JIANCHA}第二百九十条；${XINGSU}第九十二条`,
    startsOn: '人民检察院收到公安机关要求复议意见书和案卷材料',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  ARREST_DENIAL_REVIEW: {
    code: 'ARREST_DENIAL_REVIEW',
    title: '不批准逮捕复核期限',
    period: days(15),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${JIANCHA}第二百九十一条；${XINGSU}第九十二条`,
    startsOn: '上一级人民检察院收到提请复核意见书和案卷材料',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  FAST_TRACK_PROSECUTION_REVIEW: {
    code: 'FAST_TRACK_PROSECUTION_REVIEW',
    title: '速裁案件审查起诉期限',
    period: days(10),
    variants: { over_one_year: days(15) },
    extensions: [
      {
        code: 'over_one_year',
        mode: 'to',
        period: days(15),
        maxTimes: 1,
        basis: `${XINGSU}第一百七十二条第一款（可能判处的有期徒刑超过一年的，可以延长至十五日）`,
      },
    ],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第一百七十二条第一款（认罪认罚、符合速裁程序适用条件的，十日以内）`,
    startsOn: '人民检察院收到移送起诉的速裁案件',
    pauseEvents: [PSYCHIATRIC_ASSESSMENT],
    restartEvents: ['change_jurisdiction'],
    responsibleRole: 'procuratorate',
  },
  FAST_TRACK_TRIAL: {
    code: 'FAST_TRACK_TRIAL',
    title: '速裁程序审理期限',
    period: days(10),
    variants: { over_one_year: days(15) },
    extensions: [
      {
        code: 'over_one_year',
        mode: 'to',
        period: days(15),
        maxTimes: 1,
        basis: `${XINGSU}第二百二十五条（可能判处的有期徒刑超过一年的，可以延长至十五日）`,
      },
    ],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第二百二十五条`,
    startsOn: '人民法院受理适用速裁程序的案件',
    pauseEvents: ['suspend_trial', PSYCHIATRIC_ASSESSMENT],
    restartEvents: [],
    responsibleRole: 'court',
  },
  NON_PROSECUTION_RECONSIDERATION: {
    code: 'NON_PROSECUTION_RECONSIDERATION',
    title: '不起诉决定复议期限',
    period: days(30),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${JIANCHA}第三百七十九条第二款；${XINGSU}第一百七十九条`,
    startsOn: '人民检察院收到公安机关要求复议意见书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  NON_PROSECUTION_REVIEW: {
    code: 'NON_PROSECUTION_REVIEW',
    title: '不起诉决定复核期限',
    period: days(30),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${JIANCHA}第三百八十条；${XINGSU}第一百七十九条`,
    startsOn: '上一级人民检察院收到公安机关提请复核意见书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  NON_PROSECUTION_VICTIM_APPEAL: {
    code: 'NON_PROSECUTION_VICTIM_APPEAL',
    title: '被害人不服不起诉决定申诉期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${XINGSU}第一百八十条；${JIANCHA}第三百八十一条`,
    startsOn: '被害人收到不起诉决定书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  NON_PROSECUTION_PERSON_APPEAL: {
    code: 'NON_PROSECUTION_PERSON_APPEAL',
    title: '被不起诉人申诉期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${XINGSU}第一百八十一条（依照第一百七十七条第二款作出的不起诉决定）`,
    startsOn: '被不起诉人收到不起诉决定书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
  },
  ADMIN_SEIZURE: {
    code: 'ADMIN_SEIZURE',
    title: '行政查封、扣押期限',
    period: days(30),
    extensions: [
      {
        code: 'complex',
        period: days(30),
        maxTimes: 1,
        approvedBy: '行政机关负责人（书面告知当事人并说明理由）',
        basis: `${QIANGZHI}第二十五条第一款、第二款`,
      },
    ],
    rollOver: 'never',
    kind: 'term',
    basis: `${QIANGZHI}第二十五条；《防范和处置非法集资条例》第二十四条`,
    startsOn: '处置非法集资牵头部门查封、扣押（当场交付决定书和清单）',
    // 行政强制法 art.25(3): testing, inspection, quarantine or technical appraisal is not counted.
    pauseEvents: ['technical_inspection'],
    restartEvents: [],
    responsibleRole: 'financial_office',
  },
  PETITION_REMIT_OBJECTION: {
    code: 'PETITION_REMIT_OBJECTION',
    title: '转送、交办信访事项异议期限',
    period: workingDays(5),
    extensions: [],
    rollOver: 'always',
    // The body may object within the 5 working days; if it does not, it handles the matter: a window that
    // elapses, never a duty whose lapse brings a 督办通知.
    kind: 'window',
    basis: `${XINFANG}第二十三条（不属于本机关、单位职责范围的，应当自收到之日起5个工作日内提出异议）`,
    startsOn: '收到转送、交办的信访事项',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  PETITION_REVIEW_REQUEST_WINDOW: {
    code: 'PETITION_REVIEW_REQUEST_WINDOW',
    title: '信访事项请求复查期限',
    period: days(30),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${XINFANG}第三十五条（自收到书面答复之日起30日内请求原办理机关的上一级机关复查）`,
    startsOn: '信访人收到信访处理意见书（书面答复）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  PETITION_RECHECK_REQUEST_WINDOW: {
    code: 'PETITION_RECHECK_REQUEST_WINDOW',
    title: '信访事项请求复核期限',
    period: days(30),
    extensions: [],
    rollOver: 'always',
    kind: 'window',
    basis: `${XINFANG}第三十六条（自收到复查意见之日起30日内向复查机关的上一级机关请求复核）`,
    startsOn: '信访人收到复查意见（书面答复）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'petition_bureau',
  },
  // 立案监督 (刑诉法 art.113): the procuratorate asks why the police did not file, then may order filing.
  FILING_SUPERVISION_EXPLANATION: {
    code: 'FILING_SUPERVISION_EXPLANATION',
    title: '说明不立案理由期限',
    period: days(7),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${XINGSU}第一百一十三条；${JIANCHA}第五百六十条（收到要求说明不立案理由通知书后七日以内书面说明）`,
    startsOn: '公安机关收到要求说明不立案理由通知书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  FILING_SUPERVISION_ORDER: {
    code: 'FILING_SUPERVISION_ORDER',
    title: '通知立案后立案期限',
    period: days(15),
    extensions: [],
    rollOver: 'always',
    kind: 'duty',
    basis: `${XINGSU}第一百一十三条（公安机关接到通知后应当立案）；${JIANCHA}第五百六十三条（十五日以内）`,
    startsOn: '公安机关收到通知立案书',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'police',
  },
  // 涉财产执行规定 art.3 lets the president extend without saying by how much or how often; the engine
  // asks for an amount of one to six months each time rather than inventing a ceiling the law lacks.
  PROPERTY_EXECUTION: {
    code: 'PROPERTY_EXECUTION',
    title: '刑事裁判涉财产部分执行期限',
    period: months(6),
    extensions: [
      {
        code: 'president_approval',
        period: months(6),
        minAmount: 1,
        maxTimes: 10,
        approvedBy: '本院院长',
        basis:
          '《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第三条（有特殊情况需要延长的，经本院院长批准，可以延长）',
      },
    ],
    rollOver: 'always',
    kind: 'duty',
    basis: '《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第三条；第二条（由第一审人民法院执行）',
    startsOn: '执行机构立案（刑事审判部门移送执行）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'court',
  },
  // Issue 13, court part (docs/decisions/0021). 延期审理 for the procuratorate's 补充侦查 during the trial: the
  // trial term ends and is counted afresh when the case comes back (刑诉法 第二百零八条第三款).
  TRIAL_SUPPLEMENTARY_INVESTIGATION: {
    code: 'TRIAL_SUPPLEMENTARY_INVESTIGATION',
    title: '审判期间补充侦查期限',
    period: months(1),
    extensions: [],
    rollOver: 'unless_custody',
    kind: 'duty',
    basis: `${XINGSU}第二百零五条（依照第二百零四条第二项延期审理的案件，一个月以内补充侦查完毕）`,
    startsOn: '人民法院同意检察人员的建议，延期审理（postpone_for_supplementary_investigation）',
    pauseEvents: [],
    restartEvents: [],
    responsibleRole: 'procuratorate',
    // 刑诉解释 (2012 第二百七十四条): 建议延期审理不得超过两次.
    maxRounds: 2,
  },
  // law-criminal (issue 13, item 8). No statute fixes the police's 查封 term for real estate: the 协助查封通知书
  // states it (《公安机关办理刑事案件适用查封、冻结措施有关规定》第六条: 明确…查封期限), so each 查封 sets its own
  // (`period` when it starts, kept by every renewal). Three years is the default and the ceiling, as for the
  // court's 查封不动产 (《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第四百八十五条), which the court
  // continues in trial and execution (涉财产执行规定 第五条). The FREEZE_ prefix: every property hold that
  // lapses unless renewed before its end (case.machine settleRegion).
  FREEZE_REAL_ESTATE: {
    code: 'FREEZE_REAL_ESTATE',
    title: '查封土地、房屋等不动产期限',
    period: years(3),
    extensions: [],
    rollOver: 'never',
    kind: 'term',
    basis:
      `${GONGAN}第二百二十八条第二款（查封不动产）；《公安机关办理刑事案件适用查封、冻结措施有关规定》第六条（查封期限）；` +
      '《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第五条（续行查封）',
    startsOn: '查封或者续行查封（freeze_assets / renew_freeze）；期满前未续行的自动解除',
    pauseEvents: [],
    restartEvents: ['renew_freeze'],
    responsibleRole: 'police',
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
  if (p === null || typeof p !== 'object') throw invalid('期间无效');
  if (!Number.isSafeInteger(p.amount) || p.amount < 0) throw invalid(`期间长度必须是非负整数：${p.amount}`);
  if (!PERIOD_UNITS.includes(p.unit)) throw invalid(`期间单位无效：${String(p.unit)}`);
};

interface WorkingDayCount {
  date: LocalDate;
  missingYears: Set<number>;
}

/**
 * The n-th working day after `start` (the starting day is not counted, 刑诉法 art.105 by analogy). Every
 * day looked at whose year the calendar lacks is noted: there the count fell back to weekends only.
 */
const countWorkingDays = (start: LocalDate, n: number, calendar: HolidayCalendar): WorkingDayCount => {
  const missingYears = new Set<number>();
  let date = start;
  // Terminates: no week is all non-working days (only listed rows and weekends are).
  for (let remaining = n; remaining > 0;) {
    date = addDays(date, 1);
    if (!calendar.hasYear(yearOf(date))) missingYears.add(yearOf(date));
    if (calendar.isWorkingDay(date)) remaining -= 1;
  }
  return { date, missingYears };
};

/**
 * The last day of a period that starts on `start` (刑诉法 art.105, 刑诉解释 art.202), before any holiday
 * roll-over. The starting day is not counted, so n days end n calendar days later. A month ends on the
 * same day of the target month; a period starting on the last day of a month ends on the last day of the
 * target month; when the target month has no such day, on its last day. A year is twelve months.
 * Working days need the calendar; hours run from an instant (addHours), never from a date.
 */
export const addPeriod = (start: LocalDate, p: Period, calendar?: HolidayCalendar): LocalDate => {
  requirePeriod(p);
  if (p.unit === 'day') return addDays(start, p.amount);
  if (p.unit === 'working_day') {
    if (!calendar) throw invalid('按工作日计算的期间需要节假日安排');
    return countWorkingDays(start, p.amount, calendar).date;
  }
  if (p.unit === 'hour') throw invalid('以小时计算的期间须从时刻起算（startAt），不能从日期起算');
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

const HOUR_MS = 3_600_000;

/**
 * The end of an hour period that starts at `startAtMs` (刑诉法 art.105: "期间开始的时…不计算在期间以内").
 * The hour the event happens in is not counted, so counting begins at the next full hour and 24 hours end
 * 25 clock hours after the start of that hour: detained at 10:25, the 24 hours end at 11:00 the next day.
 * The result is an exclusive end, like endOfShanghaiDay: an act before it is in time. Shanghai has whole-hour
 * offsets, so truncating in UTC truncates in local time too.
 */
export const addHours = (startAtMs: number, p: Period): number => {
  requirePeriod(p);
  if (p.unit !== 'hour') throw invalid(`期间单位不是小时：${p.unit}`);
  if (!Number.isFinite(startAtMs)) throw invalid(`时刻无效：${startAtMs}`);
  return Math.floor(startAtMs / HOUR_MS) * HOUR_MS + (p.amount + 1) * HOUR_MS;
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

export const computeDue = (input: ComputeDueInput): DueDate => {
  requirePeriod(input.period);
  if (input.period.unit !== 'working_day') return rollOverDue(addPeriod(input.start, input.period), input);
  // A working-day count lands on a working day, so there is nothing to roll; but a year without its
  // schedule made the count itself uncertain, which must be said just as for roll-over.
  const counted = countWorkingDays(input.start, input.period.amount, input.calendar);
  const rolled = rollOverDue(counted.date, { ...input, rollOver: 'never' });
  const years = [...counted.missingYears].sort((a, b) => a - b);
  return { ...rolled, warnings: years.map((year) => `NO_CALENDAR_FOR_YEAR:${year}`) };
};

export const ruleOf = (code: DeadlineRuleCode): DeadlineRule => {
  if (!isDeadlineRuleCode(code)) throw invalid(`期限规则不存在：${String(code)}`);
  return DEADLINE_RULES[code];
};

/** The rule's base period, or the named variant's. */
export const periodOf = (code: DeadlineRuleCode, variant?: string): Period => {
  const rule = ruleOf(code);
  if (variant === undefined) return rule.period;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const period = rule.variants && Object.hasOwn(rule.variants, variant) ? rule.variants[variant] : undefined;
  if (!period) throw invalid(`期限规则 ${code} 没有 ${variant} 情形`);
  return period;
};

/** The term rule of a freeze by the kind of asset (公安程序规定 第二百四十三至二百四十五条). */
export const freezeRuleOf = (
  assetKind: 'deposit' | 'securities' | 'equity' | 'real_estate',
): DeadlineRuleCode =>
  assetKind === 'deposit'
    ? 'FREEZE_DEPOSIT'
    : assetKind === 'securities'
      ? 'FREEZE_SECURITIES'
      : assetKind === 'real_estate'
        ? 'FREEZE_REAL_ESTATE'
        : 'FREEZE_EQUITY';

/** A freeze's term in months, as a 协助冻结财产通知书 states it. */
export const freezeTermMonths = (assetKind: 'deposit' | 'securities' | 'equity' | 'real_estate'): number => {
  const p = periodOf(freezeRuleOf(assetKind));
  return p.unit === 'year' ? p.amount * 12 : p.unit === 'month' ? p.amount : Math.ceil(p.amount / 30);
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

export interface ResolvedVariant {
  variant?: string;
  inCustody: boolean;
}

/**
 * The variant and custody a computation uses. For a rule whose period depends on custody (ARREST_REVIEW,
 * 检察规则 art.282), no variant means the one that matches `inCustody`, and a variant that says the
 * opposite of an explicit `inCustody` is refused: 7 days for someone at liberty would be wrong either way.
 * An omitted inCustody follows the variant named.
 */
export const resolveCustodyVariant = (
  code: DeadlineRuleCode,
  opts: { variant?: string; inCustody?: boolean },
): ResolvedVariant => {
  const rule = ruleOf(code);
  if (opts.variant !== undefined) periodOf(code, opts.variant);
  const cv = rule.custodyVariants;
  if (!cv) return { variant: opts.variant, inCustody: opts.inCustody ?? false };
  if (opts.variant === undefined) {
    const inCustody = opts.inCustody ?? false;
    return { variant: inCustody ? cv.inCustody : cv.notInCustody, inCustody };
  }
  const variantDetained = cv.detainedVariants.includes(opts.variant);
  if (opts.inCustody !== undefined && opts.inCustody !== variantDetained) {
    throw new DomainError(
      'VALIDATION_FAILED',
      opts.inCustody
        ? `期限规则 ${code} 的 ${opts.variant} 情形适用于未被羁押的人，与 inCustody: true 矛盾`
        : `期限规则 ${code} 的 ${opts.variant} 情形适用于已被拘留的人，与 inCustody: false 矛盾`,
      [
        { field: '/variant', message: '与 inCustody 矛盾' },
        { field: '/inCustody', message: '与 variant 矛盾' },
      ],
    );
  }
  return { variant: opts.variant, inCustody: variantDetained };
};

export const computeRuleDue = (
  code: DeadlineRuleCode,
  start: LocalDate,
  options: RuleDueOptions,
): DueDate => {
  const rule = ruleOf(code);
  const resolved = options.period
    ? { variant: options.variant, inCustody: options.inCustody }
    : resolveCustodyVariant(code, options);
  const period = options.period ?? periodOf(code, resolved.variant);
  requirePeriod(period);
  if (period.unit === 'hour')
    throw invalid(`期限规则 ${code} 以小时计算，须给出起算时刻（startAt），见 computeRuleDueAt`);
  if (rule.counting === 'before') {
    // "在期限届满七日前": a date before the anchor cannot roll forward past it, so no roll-over.
    if (period.unit !== 'day') throw invalid(`期限规则 ${code} 只能按日向前推算`);
    return { dueOn: addDays(start, -period.amount), warnings: [] };
  }
  return computeDue({
    period,
    start,
    rollOver: rule.rollOver,
    inCustody: resolved.inCustody,
    calendar: options.calendar,
  });
};

export interface DueInstant {
  /** Exclusive end: an act strictly before this instant is in time. */
  dueAtMs: number;
  /** The Shanghai date of the last moment still in time, for lists that show dates. */
  dueOn: LocalDate;
  warnings: string[];
}

/**
 * A rule counted from an instant. Hour rules end at addHours; any other rule starts on the Shanghai date
 * of the instant and ends at the end of its due date, so one entry point serves every rule.
 */
export const computeRuleDueAt = (
  code: DeadlineRuleCode,
  startAtMs: number,
  options: RuleDueOptions,
): DueInstant => {
  const rule = ruleOf(code);
  const period = options.period ?? periodOf(code, options.variant);
  requirePeriod(period);
  if (period.unit === 'hour') {
    if (rule.counting === 'before') throw invalid(`期限规则 ${code} 不能按小时向前推算`);
    const dueAtMs = addHours(startAtMs, period);
    return { dueAtMs, dueOn: shanghaiDateOf(dueAtMs - 1), warnings: [] };
  }
  const due = computeRuleDue(code, shanghaiDateOf(startAtMs), options);
  return { dueAtMs: endOfShanghaiDay(due.dueOn), dueOn: due.dueOn, warnings: due.warnings };
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

export interface GrantExtensionInput extends RollOverInput {
  code: DeadlineRuleCode;
  extensionCode: string;
  /** The deadline's start: a 'to' extension counts its whole term from here. */
  start: LocalDate;
  /** The current due date before roll-over (unrolledDueOf / Deadline.baseDueOn). */
  unrolledDueOn: LocalDate;
  /** Extensions already granted on this deadline (Deadline.extensions). */
  granted: readonly string[];
  /** For a variable extension (minAmount): the amount the approver granted; the maximum when absent. */
  amount?: number;
  /** Calendar days the deadline has stood paused so far, which a 'to' term does not swallow. */
  pausedDays?: number;
}

/**
 * One extension (延长) granted on a running deadline, checked against the rule: known, not granted more
 * than maxTimes, not beside an excluded alternative, after what it requires, and within its range. 'add'
 * runs on from the unrolled due date (extendDue); 'to' makes the whole term the extension's period from
 * the start, never shorter than what already runs. Refusals are INVALID_TRANSITION, bad amounts
 * VALIDATION_FAILED.
 */
export const grantExtension = (input: GrantExtensionInput): DueDate => {
  const extension = extensionOf(input.code, input.extensionCode);
  const times = input.granted.filter((g) => g === extension.code).length;
  if (times >= extension.maxTimes)
    throw new DomainError('INVALID_TRANSITION', `${extension.code} 延长至多 ${extension.maxTimes} 次`);
  const clash = (extension.excludes ?? []).find((e) => input.granted.includes(e));
  if (clash)
    throw new DomainError('INVALID_TRANSITION', `已经以 ${clash} 延长，不能再以 ${extension.code} 延长`);
  const missing = (extension.requires ?? []).find((e) => !input.granted.includes(e));
  if (missing) throw new DomainError('INVALID_TRANSITION', `${extension.code} 须先以 ${missing} 延长`);
  let period = extension.period;
  if (input.amount !== undefined) {
    const min = extension.minAmount ?? extension.period.amount;
    if (!Number.isSafeInteger(input.amount) || input.amount < min || input.amount > extension.period.amount)
      throw invalid(`${extension.code} 的延长幅度应为 ${min} 至 ${extension.period.amount}`);
    period = { unit: extension.period.unit, amount: input.amount };
  }
  if (extension.mode !== 'to') return extendDue({ ...input, extension: period });
  const term = addDays(addPeriod(input.start, period, input.calendar), input.pausedDays ?? 0);
  const unrolled = daysBetween(input.unrolledDueOn, term) > 0 ? term : input.unrolledDueOn;
  return rollOverDue(unrolled, input);
};

/**
 * The reasons a running clock may stand still (中止计算), each with the article that excludes the time.
 * A rule lists in pauseEvents the ones that apply to it; everything else keeps running.
 */
export const PAUSE_REASONS = {
  [PSYCHIATRIC_ASSESSMENT]: {
    title: '对犯罪嫌疑人、被告人作精神病鉴定',
    basis: `${XINGSU}第一百四十九条（精神病鉴定的期间不计入办案期限）`,
  },
  suspend_trial: {
    title: '中止审理',
    basis: `${XINGSU}第二百零六条第二款（中止审理的期间不计入审理期限）；第二百四十二条（第二审参照）`,
  },
  procuratorate_file_review: {
    title: '第二审人民检察院查阅案卷',
    basis: `${XINGSU}第二百三十五条（人民检察院查阅案卷的时间不计入审理期限）`,
  },
  return_for_supplementary_investigation: {
    title: '退回补充侦查',
    basis: `${XINGSU}第一百七十五条第三款（补充侦查完毕移送后重新计算审查起诉期限）`,
  },
  petition_hearing: {
    title: '信访复核听证',
    basis: `${XINFANG}第三十六条（听证所需时间不计算在复核期限内）`,
  },
  technical_inspection: {
    title: '对查封、扣押物品检测、检验、检疫或者技术鉴定',
    basis: `${QIANGZHI}第二十五条第三款（查封、扣押的期间不包括检测、检验、检疫或者技术鉴定的期间）`,
  },
} as const satisfies Record<string, { title: string; basis: string }>;

export type PauseReason = keyof typeof PAUSE_REASONS;

export const isPauseReason = (s: unknown): s is PauseReason =>
  typeof s === 'string' && Object.hasOwn(PAUSE_REASONS, s);

export type PauseDecision =
  | { allowed: true; reason: PauseReason; basis: string }
  | { allowed: false; code: 'VALIDATION_FAILED' | 'INVALID_TRANSITION'; message: string };

/**
 * Whether `rule`'s clock may be paused for `reason`. Only where the law excludes the time: a term (a
 * freeze, bail, a seizure other than for testing) lapses on its date, a window (the appeal window) elapses,
 * and a duty such as the arrest review has no pause at all. Pure; the transitions refuse with the answer.
 */
export const canPause = (rule: DeadlineRuleCode, reason: string): PauseDecision => {
  const def = ruleOf(rule);
  if (!isPauseReason(reason))
    return {
      allowed: false,
      code: 'VALIDATION_FAILED',
      message: `中止事由无效：${reason}（应为 ${Object.keys(PAUSE_REASONS).join('、')} 之一）`,
    };
  if (!def.pauseEvents.includes(reason))
    return {
      allowed: false,
      code: 'INVALID_TRANSITION',
      message: `${def.title}（${def.basis}）不因${PAUSE_REASONS[reason].title}中止计算`,
    };
  return { allowed: true, reason, basis: PAUSE_REASONS[reason].basis };
};

/** canPause as a guard: throws the refusal as a DomainError so the action changes nothing. */
export const assertCanPause = (rule: DeadlineRuleCode, reason: string): PauseReason => {
  const decision = canPause(rule, reason);
  if (!decision.allowed)
    throw new DomainError(decision.code, decision.message, [{ field: '/reason', message: decision.message }]);
  return decision.reason;
};

export interface ClockStart {
  /** The start date; for an hour rule, the Shanghai date of startAtMs. */
  start: LocalDate;
  /** Required for hour rules (拘留后二十四小时): the instant of the event. */
  startAtMs?: number;
  variant?: string;
  inCustody?: boolean;
  /** Replaces the rule's period where the rule is configurable (PROGRESS_BULLETIN). */
  period?: Period;
  calendar: HolidayCalendar;
}

/** The due-date fields of a clock as it starts: what a Deadline stores beside its identity and state. */
export interface ClockDue {
  baseDueOn: LocalDate;
  dueOn: LocalDate;
  rolledOverFrom: LocalDate | null;
  /** Exclusive end instant (ISO) of an hour rule; null for date rules, which end with dueOn. */
  dueAt: string | null;
  variant: string | null;
  inCustody: boolean;
  warnings: string[];
}

/**
 * One call for a transition that starts a clock: the custody variant resolved (检察规则 art.282), working
 * days counted with the calendar, hour rules from their instant, 'before' rules from their anchor. Use it
 * instead of addPeriod + computeDue so no rule's unit or variant is handled by hand.
 */
export const startClock = (code: DeadlineRuleCode, opts: ClockStart): ClockDue => {
  const resolved = opts.period
    ? { variant: opts.variant, inCustody: opts.inCustody ?? false }
    : resolveCustodyVariant(code, opts);
  const options = { ...resolved, period: opts.period, calendar: opts.calendar };
  const period = opts.period ?? periodOf(code, resolved.variant);
  requirePeriod(period);
  const common = { variant: resolved.variant ?? null, inCustody: resolved.inCustody };
  if (period.unit === 'hour') {
    if (opts.startAtMs === undefined) throw invalid(`期限规则 ${code} 以小时计算，须给出起算时刻`);
    const at = computeRuleDueAt(code, opts.startAtMs, options);
    const dueAt = new Date(at.dueAtMs).toISOString();
    return {
      ...common,
      baseDueOn: at.dueOn,
      dueOn: at.dueOn,
      rolledOverFrom: null,
      dueAt,
      warnings: at.warnings,
    };
  }
  const due = computeRuleDue(code, opts.start, options);
  return {
    ...common,
    baseDueOn: unrolledDueOf(due),
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    dueAt: null,
    warnings: due.warnings,
  };
};
