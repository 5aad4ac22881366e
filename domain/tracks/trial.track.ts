// 审判：一审、上诉、二审.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type RegionStep,
  type Regional,
  anyPending,
  dueEndMs,
  extendDeadline,
  fen,
  findOpen,
  leadOfficeOf,
  names,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { DomainError, invalidTransition } from '../errors';
import { type DeadlineRuleCode, extensionOf } from '../deadlines';
import { daysBetween } from '../calendar';
import { LIMITS } from '../reference';
import { APPEAL_OUTCOMES, type AppealOutcome } from '../notices';
import type { RegionState } from '../case.types';
import { actingRegionOf, approvingCourtRegionOf, hasOfficers } from './courts';
import { isPending } from '../deadline-state';

/** 返还 (to the participants), 没收 (上缴国库), 继续追缴, 责令退赔: 刑诉解释 art.444, 445. */
export const PROPERTY_DISPOSITIONS = [
  'return',
  'confiscate',
  'continue_recovery',
  'order_compensation',
] as const;
export interface PropertyOrder {
  description: string;
  amountFen: number;
  /** As the court ordered; a judgment recorded before it was asked for is read as 返还. */
  disposition?: (typeof PROPERTY_DISPOSITIONS)[number];
}
export interface ExtendTrial extends Regional {
  reason: string;
}
export interface ReceiveCase extends Regional {
  /** The court's 收案 record, e.g. the 立案 registration; free text. */
  receipt?: string;
}
/** 刑诉法 第二百零八条第一款 (死刑/附带民事/第一百五十八条情形), 第二百四十三条 for the second instance. */
export const TRIAL_EXTENSION_GROUNDS = ['death_penalty', 'civil_claim', 'article_158'] as const;
export interface ApplyTrialExtension extends Regional {
  ground: (typeof TRIAL_EXTENSION_GROUNDS)[number];
  reason: string;
}
export interface DecideTrialExtension extends Regional {
  approved: boolean;
  reason: string;
  /** The approving court's decision (批复) number: required when 云南省高级人民法院 decided, which has no
   * officers here and whose decision the trying court records. */
  approvalDocNo?: string;
}
/** 刑诉法 第二百三十六条第一款第（三）项 (facts unclear, evidence insufficient) or 第二百三十八条 (procedure). */
export const REMAND_GROUNDS = ['facts_unclear', 'procedural_violation'] as const;
export interface RemandForRetrial extends Regional {
  /** 上诉人（原审被告人）, named in the 刑事裁定书. */
  defendants: string[];
  ground: (typeof REMAND_GROUNDS)[number];
  reason: string;
}
export interface PostponeForSupplementaryInvestigation extends Regional {
  reason: string;
}
export interface TransferPropertyExecution extends Regional {
  summary: string;
}
export interface ExtendPropertyExecution extends Regional {
  /** Months granted by the president (涉财产执行规定 第三条), one to six each time. */
  months: number;
  reason: string;
}
export interface ConcludePropertyExecution extends Regional {
  summary: string;
}
export interface DeliverJudgment extends Regional {
  defendants: string[];
  verdict: string;
  propertyOrders: PropertyOrder[];
  /** 合议庭 and 书记员, printed in the 尾部 (刑事诉讼文书样式); blank signature lines when absent. */
  panel?: { presidingJudge?: string; judges?: string[]; clerk?: string };
}
export interface FileAppeal extends Regional {
  appellant: string;
}
export interface DeliverFinalJudgment extends DeliverJudgment {
  /** 驳回上诉，维持原判 (a 裁定) or 改判 (a 判决): 刑诉法 art.236. */
  outcome: AppealOutcome;
}

/** First- and second-instance judgments record the same facts; the second also says what it decided. */
const judgmentProps = {
  defendants: names,
  verdict: text(),
  propertyOrders: {
    type: 'array',
    maxItems: 500,
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        description: text(),
        amountFen: fen,
        disposition: { type: 'string', enum: [...PROPERTY_DISPOSITIONS] },
      },
      required: ['description', 'amountFen'],
    },
  },
  panel: {
    type: 'object',
    additionalProperties: false,
    properties: {
      presidingJudge: text(LIMITS.nameMax),
      judges: { type: 'array', maxItems: 6, items: text(LIMITS.nameMax) },
      clerk: text(LIMITS.nameMax),
    },
  },
} as const;
const judgmentSchema = schema<DeliverJudgment>(
  judgmentProps,
  ['defendants', 'verdict', 'propertyOrders'],
  true,
);
const finalJudgmentSchema = schema<DeliverFinalJudgment>(
  { ...judgmentProps, outcome: { type: 'string', enum: [...APPEAL_OUTCOMES] } },
  ['defendants', 'verdict', 'propertyOrders', 'outcome'],
  true,
);

/** The clock of the region's current instance (刑诉法 第二百零八条、第二百四十三条). */
const trialRule = (r: RegionState): DeadlineRuleCode =>
  r.trialInstance === 2 ? 'SECOND_INSTANCE_TRIAL' : 'FIRST_INSTANCE_TRIAL';

/** The court trying the current instance has received the case: that instance's clock is counting or owed. */
export const courtReceived = (r: RegionState): boolean =>
  r.deadlines.some((d) => d.rule === trialRule(r) && isPending(d));

const notReceived = (r: RegionState) =>
  courtReceived(r)
    ? null
    : '人民法院尚未受理（收到）本审级的案件，审理期限尚未起算（刑诉法第二百零八条、第二百四十三条）';

/** What the court's documents need to know to be issued by the right court and numbered in its series. */
const courtFacts = (r: RegionState) => {
  // Each 发回重审 makes the retrial, and its appeal, a case of its own with a new 案号 (migration
  // 20261202170000); the remands so far are the second-instance clocks a remand ended.
  const round = r.deadlines.filter(
    (d) => d.rule === 'SECOND_INSTANCE_TRIAL' && d.endedBy === 'remand_for_retrial',
  ).length;
  return {
    ...(r.firstInstanceCourt === 'intermediate' ? { firstInstanceCourt: 'intermediate' as const } : {}),
    ...(round > 0 ? { round } : {}),
  };
};

/**
 * Starts a court's clock on the track, owned by the court that acts (刑诉法 第二百四十三条: the second
 * instance's term is the intermediate court's; 涉财产执行规定 第二条: execution the first-instance court's).
 */
const startCourtClock = (
  s: RegionStep,
  rule: DeadlineRuleCode,
  unit: 'trying_court' | 'first_instance_court',
) => {
  const d = s.start(rule, { inCustody: s.next.inCustody });
  const court = actingRegionOf(unit, s.next);
  if (court && court !== s.code) s.changed[s.changed.indexOf(d)] = { ...d, responsibleRegionCode: court };
};

/** The extension that needs the court above (刑诉法 第二百零八条第一款、第二百四十三条). */
const approvalExtensionOf = (r: RegionState) =>
  r.trialInstance === 2 ? 'high_court_approval' : 'higher_court_approval';

/** 刑诉解释 第二百一十条: an application for a longer term is reported at least 15 days before it ends. */
const APPLICATION_LEAD_DAYS = 15;

export const TRIAL = {
  receive_case: regionAction<ReceiveCase>({
    title: '人民法院受理（收到）案件',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: schema<ReceiveCase>({ receipt: text(LIMITS.nameMax) }, [], true),
    notices: [],
    // 刑诉法 第二百零八条 (受理后二个月以内), 第二百四十一条 (发回的案件自收到之日起重新计算), 第二百四十三条.
    startsDeadlines: ['FIRST_INSTANCE_TRIAL', 'SECOND_INSTANCE_TRIAL'],
    stopsDeadlines: ['TRIAL_SUPPLEMENTARY_INVESTIGATION'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.trialInstance === 1 && region!.judgmentDelivered
        ? '一审判决已宣告'
        : courtReceived(region!)
          ? '人民法院已受理本审级的案件'
          : null),
    apply: (s, _p) => {
      // The case back from 补充侦查 during the trial: 人民法院重新计算审理期限 (刑诉法 第二百零八条第三款).
      s.fulfil('TRIAL_SUPPLEMENTARY_INVESTIGATION');
      startCourtClock(s, trialRule(s.next), 'trying_court');
      s.next = { ...s.next, trialExtensions: 0, trialExtensionApplied: null };
    },
  }),
  extend_trial: regionAction<ExtendTrial>({
    title: '延长审理期限（一审至三个月）',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: schema<ExtendTrial>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) => {
      if (!region) return '缺少地区';
      if (region.trialInstance === 2)
        return '第二审审理期限的延长须经高级人民法院批准（刑诉法第二百四十三条），请申请延长审理期限';
      if (region.judgmentDelivered) return '一审判决已宣告';
      const received = notReceived(region);
      if (received) return received;
      const d = findOpen(region, 'FIRST_INSTANCE_TRIAL');
      return d?.extensions.includes('third_month')
        ? '一审审理期限至迟不得超过三个月；再延长须经上一级人民法院批准（刑诉法第二百零八条第一款）'
        : null;
    },
    apply: (s, _p) => {
      const { ctx, changed } = s;
      const d = findOpen(s.next, 'FIRST_INSTANCE_TRIAL');
      if (!d) throw invalidTransition('没有正在计算的审理期限');
      // "二个月以内宣判，至迟不得超过三个月" (刑诉法 第二百零八条第一款): the third month is the court's own.
      changed.push(extendDeadline(d, extensionOf('FIRST_INSTANCE_TRIAL', 'third_month'), ctx.calendar));
      s.next = { ...s.next, trialExtensions: s.next.trialExtensions + 1 };
    },
  }),
  apply_trial_extension: regionAction<ApplyTrialExtension>({
    title: '申请批准延长审理期限',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: schema<ApplyTrialExtension>(
      { ground: { type: 'string', enum: [...TRIAL_EXTENSION_GROUNDS] }, reason: text() },
      ['ground', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) => {
      if (!region) return '缺少地区';
      if (region.trialInstance === 1 && region.judgmentDelivered) return '一审判决已宣告';
      const received = notReceived(region);
      if (received) return received;
      if (region.trialExtensionApplied) return '延长审理期限的申请尚待上级人民法院决定';
      const d = findOpen(region, trialRule(region));
      return d?.extensions.includes(approvalExtensionOf(region))
        ? '审理期限已经上级人民法院批准延长；因特殊情况还需要延长的，报请最高人民法院批准'
        : null;
    },
    apply: (s, _p) => {
      const d = findOpen(s.next, trialRule(s.next));
      if (!d) throw invalidTransition('没有正在计算的审理期限');
      // 刑诉解释 第二百一十条第二款: 申请批准延长审理期限的，应当在期限届满十五日以前层报.
      if (daysBetween(s.today, d.dueOn) < APPLICATION_LEAD_DAYS)
        throw invalidTransition(
          `申请批准延长审理期限应当在期限届满十五日以前层报（刑诉解释第二百一十条）；审理期限届满日为${d.dueOn}`,
        );
      s.next = { ...s.next, trialExtensionApplied: approvalExtensionOf(s.next) };
    },
  }),
  decide_trial_extension: regionAction<DecideTrialExtension>({
    title: '批准（不批准）延长审理期限',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'approving_court',
    payloadSchema: schema<DecideTrialExtension>(
      { approved: { type: 'boolean' }, reason: text(), approvalDocNo: text(LIMITS.nameMax) },
      ['approved', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.trialExtensionApplied ? null : '没有待决定的延长审理期限申请'),
    apply: (s, p) => {
      const { ctx, changed } = s;
      // 云南省高级人民法院 has no officers here: the trying court records its decision, by its number.
      if (!hasOfficers(approvingCourtRegionOf(s.next)) && !p.approvalDocNo)
        throw new DomainError('VALIDATION_FAILED', '请填写高级人民法院批准（不批准）延长审理期限的文书编号', [
          { field: '/approvalDocNo', message: '由审理法院登记上级法院的决定时必填' },
        ]);
      const code = s.next.trialExtensionApplied!;
      const d = findOpen(s.next, trialRule(s.next));
      if (!d) throw invalidTransition('没有正在计算的审理期限');
      if (p.approved) {
        // 第一审: 经上一级人民法院批准，可以延长三个月 (刑诉法 第二百零八条第一款); 第二审: 经高级人民法院
        // 批准或者决定，可以延长二个月 (第二百四十三条).
        changed.push(extendDeadline(d, extensionOf(trialRule(s.next), code), ctx.calendar));
      }
      s.next = {
        ...s.next,
        trialExtensionApplied: null,
        trialExtensions: s.next.trialExtensions + (p.approved ? 1 : 0),
      };
    },
  }),
  deliver_judgment: regionAction<DeliverJudgment>({
    title: '宣告一审判决',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: judgmentSchema,
    notices: ['judgment'],
    startsDeadlines: ['APPEAL_WINDOW'],
    stopsDeadlines: ['FIRST_INSTANCE_TRIAL'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.trialInstance !== 1 || region!.judgmentDelivered ? '一审判决已宣告' : notReceived(region!)),
    apply: (s, p) => {
      const { code, notices, start, fulfil, procuratorate } = s;
      fulfil('FIRST_INSTANCE_TRIAL');
      start('APPEAL_WINDOW');
      s.next = { ...s.next, judgmentDelivered: true, trialExtensionApplied: null };
      notices.push(
        notice(s.r, 'judgment', 'court', { text: 'parties' }, { ...p, instance: 1, ...courtFacts(s.next) }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
    },
  }),
  file_appeal: regionAction<FileAppeal>({
    title: '上诉、抗诉，移送第二审人民法院',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    // 上诉 through the court of first instance, which sends the file on (刑诉法 第二百三十一条).
    actingUnit: 'trying_court',
    payloadSchema: schema<FileAppeal>({ appellant: text(LIMITS.nameMax) }, ['appellant'], true),
    notices: [],
    // The second-instance clock starts when that court receives the case (receive_case, 第二百四十三条).
    startsDeadlines: [],
    stopsDeadlines: ['APPEAL_WINDOW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.deadlines.some((d) => d.rule === 'APPEAL_WINDOW' && d.state === 'running')
        ? '不在上诉期限内'
        : null),
    apply: (s, _p) => {
      const { at, name, changed } = s;
      const w = findOpen(s.next, 'APPEAL_WINDOW');
      if (!w || Date.parse(at) >= dueEndMs(w))
        throw invalidTransition('上诉期限已届满（刑诉法第二百三十条）');
      changed.push({ ...w, state: 'met', endedAt: at, endedBy: name });
      s.next = { ...s.next, trialInstance: 2, trialExtensions: 0, trialExtensionApplied: null };
    },
  }),
  deliver_final_judgment: regionAction<DeliverFinalJudgment>({
    title: '宣告二审裁判（维持原判的裁定或改判的判决）',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: finalJudgmentSchema,
    notices: ['judgment'],
    startsDeadlines: [],
    stopsDeadlines: ['SECOND_INSTANCE_TRIAL'],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.trialInstance !== 2 ? '案件不在二审' : notReceived(region!)),
    apply: (s, p) => {
      const { code, notices, fulfil, endPhase, procuratorate } = s;
      fulfil('SECOND_INSTANCE_TRIAL');
      notices.push(
        notice(s.r, 'judgment', 'court', { text: 'parties' }, { ...p, instance: 2, ...courtFacts(s.next) }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
      endPhase('judgment_effective');
    },
  }),
  remand_for_retrial: regionAction<RemandForRetrial>({
    title: '裁定撤销原判，发回原审人民法院重新审判',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: schema<RemandForRetrial>(
      { defendants: names, ground: { type: 'string', enum: [...REMAND_GROUNDS] }, reason: text() },
      ['defendants', 'ground', 'reason'],
      true,
    ),
    notices: ['judgment'],
    startsDeadlines: [],
    stopsDeadlines: ['SECOND_INSTANCE_TRIAL'],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.trialInstance !== 2 ? '案件不在二审' : notReceived(region!)),
    apply: (s, p) => {
      // 刑诉法 第二百三十六条第二款: after a retrial ordered under 第一款第（三）项, the second instance
      // decides itself and may not remand again on that ground (a procedural remand, 第二百三十八条, may).
      if (p.ground === 'facts_unclear' && s.next.retried)
        throw invalidTransition(
          '依照刑诉法第二百三十六条第一款第（三）项发回重新审判的案件，第二审人民法院不得再发回原审人民法院重新审判（第二百三十六条第二款）',
        );
      // The 刑事裁定书 撤销原判，发回重审, numbered in this round's 刑终 series (before the remand counts).
      s.notices.push(
        notice(
          s.r,
          'judgment',
          'court',
          { text: 'parties' },
          {
            defendants: p.defendants,
            verdict: '撤销原判，发回重新审判',
            propertyOrders: [],
            reason: p.reason,
            instance: 2,
            outcome: p.ground === 'facts_unclear' ? 'remanded' : 'remanded_procedure',
            ...courtFacts(s.next),
          },
          [s.procuratorate, leadOfficeOf(s.code)],
        ),
      );
      s.fulfil('SECOND_INSTANCE_TRIAL');
      // The court of first instance tries it again under the first-instance procedure (第二百三十九条); its
      // term is counted afresh from its receipt of the case (第二百四十一条: receive_case).
      s.next = {
        ...s.next,
        trialInstance: 1,
        judgmentDelivered: false,
        trialExtensions: 0,
        trialExtensionApplied: null,
        retried: s.next.retried || p.ground === 'facts_unclear',
      };
    },
  }),
  postpone_for_supplementary_investigation: regionAction<PostponeForSupplementaryInvestigation>({
    title: '延期审理（检察人员建议补充侦查）',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    actingUnit: 'trying_court',
    payloadSchema: schema<PostponeForSupplementaryInvestigation>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: ['TRIAL_SUPPLEMENTARY_INVESTIGATION'],
    stopsDeadlines: ['FIRST_INSTANCE_TRIAL'],
    precondition: ({ region }) => {
      if (!region) return '缺少地区';
      if (region.trialInstance !== 1 || region.judgmentDelivered) return '只能在第一审宣判前延期审理';
      const received = notReceived(region);
      if (received) return received;
      const rounds = region.deadlines.filter((d) => d.rule === 'TRIAL_SUPPLEMENTARY_INVESTIGATION').length;
      return rounds >= 2 ? '建议延期审理不得超过两次（刑诉解释）' : null;
    },
    apply: (s, _p) => {
      // 刑诉法 第二百零四条第二项: 检察人员发现提起公诉的案件需要补充侦查，提出建议的，可以延期审理; the
      // procuratorate has a month (第二百零五条), and the court's term is counted afresh on its return
      // (第二百零八条第三款: receive_case).
      s.fulfil('FIRST_INSTANCE_TRIAL');
      s.start('TRIAL_SUPPLEMENTARY_INVESTIGATION', { inCustody: s.next.inCustody });
      s.next = { ...s.next, trialExtensionApplied: null };
    },
  }),
  transfer_property_execution: regionAction<TransferPropertyExecution>({
    title: '移送执行刑事裁判涉财产部分',
    roles: ['court'],
    leadOnly: false,
    stages: ['asset_disposition'],
    // 涉财产执行规定 第二条: 由第一审人民法院执行.
    actingUnit: 'first_instance_court',
    payloadSchema: schema<TransferPropertyExecution>({ summary: text() }, ['summary'], true),
    notices: [],
    startsDeadlines: ['PROPERTY_EXECUTION'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.outcome !== 'judgment_effective'
        ? '刑事裁判尚未发生法律效力'
        : region!.deadlines.some((d) => d.rule === 'PROPERTY_EXECUTION')
          ? '涉财产部分已移送执行'
          : null),
    apply: (s, _p) => {
      // 涉财产执行规定 第三条: 执行案件的期限为六个月.
      startCourtClock(s, 'PROPERTY_EXECUTION', 'first_instance_court');
    },
  }),
  extend_property_execution: regionAction<ExtendPropertyExecution>({
    title: '延长涉财产部分执行期限（本院院长批准）',
    roles: ['court'],
    leadOnly: false,
    stages: ['asset_disposition'],
    actingUnit: 'first_instance_court',
    payloadSchema: schema<ExtendPropertyExecution>(
      { months: { type: 'integer', minimum: 1, maximum: 6 }, reason: text() },
      ['months', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (findOpen(region!, 'PROPERTY_EXECUTION') ? null : '没有正在计算的执行期限'),
    apply: (s, p) => {
      const d = findOpen(s.next, 'PROPERTY_EXECUTION')!;
      const ext = extensionOf('PROPERTY_EXECUTION', 'president_approval');
      // 涉财产执行规定 第三条: 有特殊情况需要延长的，经本院院长批准，可以延长.
      s.changed.push(
        extendDeadline(d, { ...ext, period: { unit: 'month', amount: p.months } }, s.ctx.calendar),
      );
    },
  }),
  conclude_property_execution: regionAction<ConcludePropertyExecution>({
    title: '涉财产部分执行完毕（结案）',
    roles: ['court'],
    leadOnly: false,
    stages: ['asset_disposition'],
    actingUnit: 'first_instance_court',
    payloadSchema: schema<ConcludePropertyExecution>({ summary: text() }, ['summary'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['PROPERTY_EXECUTION'],
    precondition: ({ region }) =>
      anyPending(region) ?? (findOpen(region!, 'PROPERTY_EXECUTION') ? null : '没有正在计算的执行期限'),
    apply: (s, _p) => {
      s.fulfil('PROPERTY_EXECUTION');
    },
  }),
};
