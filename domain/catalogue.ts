// The action catalogue: one source for the API's validation, the workflows' Update validators,
// allowedActions, GET /api/actions and the OpenAPI document. Pure data plus pure checks.
import type { Role } from './reference';
import { LIMITS } from './reference';
import type { CaseState, RegionState, Stage } from './case.types';
import type { DeadlineRuleCode } from './deadlines';
import { isPending } from './deadline-state';
import { APPEAL_OUTCOMES, type AppealOutcome, type NoticeKind } from './notices';

export type ActionScope = 'case' | 'region';

/** Fields every action body may carry besides its own payload. */
interface Common {
  occurredAt?: string;
  note?: string;
}
interface Regional extends Common {
  regionCode?: string;
}

export interface DismissLead extends Common {
  reason: string;
}
export interface IssueWarning extends Common {
  measures?: ('interview' | 'stop_order')[];
  findings: string;
  interviewAt?: string;
  interviewPlace?: string;
}
export interface ResolveAdministratively extends Common {
  summary: string;
}
export interface ReferToPolice extends Common {
  suspectedOffence: string;
  findings: string;
}
export interface FileCase extends Regional {
  offence: string;
}
export interface DeclineFiling extends Regional {
  reason: string;
}
export interface ExtendFilingReview extends Regional {
  ground: 'major' | 'cross_region';
}
export interface RequestArrest extends Regional {
  suspectName: string;
  detained: boolean;
  offence: string;
}
export interface DecideArrest extends Regional {
  approved: boolean;
  reason: string;
}
export interface ExtendInvestigationCustody extends Regional {
  ground: string;
}
export interface FreezeAssets extends Regional {
  assetKind: 'deposit' | 'securities' | 'equity';
  holderName: string;
  institution: string;
  accountNo: string;
  amountFen: number;
}
export interface RenewFreeze extends Regional {
  freezeId: string;
}
export interface ReleaseFreeze extends Regional {
  freezeId: string;
  reason: string;
}
export interface TransferForProsecution extends Regional {
  suspects: string[];
  offence: string;
}
export interface ReturnForSupplementaryInvestigation extends Regional {
  outline: string;
}
export interface ExtendProsecutionReview extends Regional {
  reason: string;
}
export interface Indict extends Regional {
  defendants: string[];
  offence: string;
  court: string;
}
export interface DeclineProsecution extends Regional {
  reason: string;
}
export interface ExtendTrial extends Regional {
  reason: string;
}
export interface PropertyOrder {
  description: string;
  amountFen: number;
}
export interface DeliverJudgment extends Regional {
  defendants: string[];
  verdict: string;
  propertyOrders: PropertyOrder[];
}
export interface DeliverFinalJudgment extends DeliverJudgment {
  /** 驳回上诉，维持原判 (a 裁定) or 改判 (a 判决): 刑诉法 art.236. */
  outcome: AppealOutcome;
}
export interface FileAppeal extends Regional {
  appellant: string;
}
export interface PauseDeadline extends Regional {
  deadlineId: string;
  reason: string;
}
export interface ResumeDeadline extends Regional {
  deadlineId: string;
}
export interface ApproveDisposalPlan extends Common {
  planSummary: string;
  poolFen: number;
}
export interface RecordAssetRealization extends Common {
  description: string;
  amountFen: number;
}
export interface RefundRoundRequest extends Common {
  round?: number;
}
export interface CompleteDisposition extends Common {
  summary: string;
}
export interface LogPetition extends Regional {
  petitionerName: string;
  summary: string;
  channel: 'visit' | 'letter' | 'phone' | 'online';
  accept?: boolean;
}
export interface AcceptPetition extends Regional {
  petitionId: string;
}
export interface AnswerPetition extends Regional {
  petitionId: string;
  result: 'support' | 'explain' | 'not_support';
  opinion: string;
}
export interface PetitionRef extends Regional {
  petitionId: string;
  reason?: string;
}
export interface RecordStabilizationMeasure extends Regional {
  measure: string;
  description?: string;
}
export interface ConcludeStabilization extends Regional {
  summary: string;
}
export interface CloseCase extends Common {
  summary: string;
}
export interface SendProgressBulletin extends Common {
  progress: string;
}
export interface CorrectionError {
  /** Where in the notice, e.g. 第二段. */
  location: string;
  wrong: string;
  correct: string;
}
export interface IssueCorrection extends Common {
  /** The notice to correct; it stays as it was, the 更正通知 points at it. */
  noticeId: string;
  errors: CorrectionError[];
  reason?: string;
}

const text = (max: number = LIMITS.textMax) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const optText = (max: number = LIMITS.textMax) =>
  ({ type: 'string', maxLength: max, nullable: true }) as const;
const fen = { type: 'integer', minimum: 0, maximum: 9_000_000_000_000_000 } as const;
const commonProps = {
  // Not nullable: null would pass the schema and then fail in the workflow; leave it out to mean "now".
  occurredAt: { type: 'string', format: 'date-time' },
  note: optText(),
} as const;
const regionalProps = {
  ...commonProps,
  regionCode: { type: 'string', pattern: '^\\d{6}$', nullable: true },
} as const;
const names = { type: 'array', minItems: 1, maxItems: 100, items: text(LIMITS.nameMax) } as const;
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** A payload's JSON Schema. The type parameter names the TypeScript shape it validates, for the reader. */
export interface PayloadSchema<_T = unknown> {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, unknown>;
  required: string[];
}

function schema<T>(
  properties: Record<string, unknown>,
  required: (keyof T & string)[],
  regional: boolean,
): PayloadSchema<T> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { ...(regional ? regionalProps : commonProps), ...properties },
    required,
  };
}

/** Checks that depend on the case but not on the payload; used by allowedActions and by validators. */
export interface CheckContext {
  caseState: CaseState;
  region?: RegionState;
}

export interface ActionSpec {
  name: string;
  title: string;
  scope: ActionScope;
  roles: readonly Role[];
  /** Only users of the case's lead region may take it. */
  leadOnly: boolean;
  /** Stages where it is valid: case stages for case actions, regional stages for regional ones. 'open' = any stage before closed. */
  stages: readonly (Stage | 'open')[];
  payloadSchema: PayloadSchema;
  notices: readonly NoticeKind[];
  startsDeadlines: readonly DeadlineRuleCode[];
  stopsDeadlines: readonly DeadlineRuleCode[];
  /** Present when the capability is not built yet: the action is refused with NOT_AVAILABLE, never faked. */
  notAvailable?: string;
  /** Extra payload-independent condition, in Chinese, returning a refusal reason or null. */
  precondition?: (ctx: CheckContext) => string | null;
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
      properties: { description: text(), amountFen: fen },
      required: ['description', 'amountFen'],
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

const ANY_OPEN = ['open'] as const;
const anyPending = (r: RegionState | undefined) => (r ? null : '缺少地区');

export const ACTIONS = {
  dismiss_lead: {
    title: '线索核查不属于非法集资，予以排除',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['detection'],
    payloadSchema: schema<DismissLead>({ reason: text() }, ['reason'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  issue_warning: {
    title: '发出预警通知',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['detection'],
    payloadSchema: schema<IssueWarning>(
      {
        measures: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ['interview', 'stop_order'] },
          nullable: true,
        },
        findings: text(),
        interviewAt: { type: 'string', format: 'date-time', nullable: true },
        interviewPlace: optText(LIMITS.nameMax),
      },
      ['findings'],
      false,
    ),
    notices: ['early_warning', 'interview', 'stop_order'],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  resolve_administratively: {
    title: '行政处置完毕，转入善后维稳',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['early_warning'],
    payloadSchema: schema<ResolveAdministratively>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  refer_to_police: {
    title: '移送公安机关',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['early_warning'],
    payloadSchema: schema<ReferToPolice>(
      { suspectedOffence: text(LIMITS.nameMax), findings: text() },
      ['suspectedOffence', 'findings'],
      false,
    ),
    notices: ['criminal_transfer'],
    startsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW', 'PROGRESS_BULLETIN'],
    stopsDeadlines: [],
  },
  file_case: {
    title: '立案侦查',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<FileCase>({ offence: text(LIMITS.nameMax) }, ['offence'], true),
    notices: ['filing_decision'],
    startsDeadlines: [],
    stopsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW'],
    precondition: ({ region }) => anyPending(region) ?? (region!.filed ? '本地区已立案' : null),
  },
  decline_filing: {
    title: '不予立案',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<DeclineFiling>({ reason: text() }, ['reason'], true),
    notices: ['non_filing'],
    startsDeadlines: [],
    stopsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.filed ? '本地区已立案，不能再作不予立案决定' : null),
  },
  extend_filing_review: {
    title: '延长立案审查期限',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendFilingReview>(
      { ground: { type: 'string', enum: ['major', 'cross_region'] } },
      ['ground'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.filed ? '已立案，无需延长立案审查期限' : null),
  },
  request_arrest: {
    title: '提请批准逮捕',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<RequestArrest>(
      { suspectName: text(LIMITS.nameMax), detained: { type: 'boolean' }, offence: text(LIMITS.nameMax) },
      ['suspectName', 'detained', 'offence'],
      true,
    ),
    notices: ['arrest_request'],
    startsDeadlines: ['ARREST_REVIEW'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不能提请批准逮捕'
        : region!.arrestPending
          ? '已有待审查的提请批准逮捕'
          : null),
  },
  decide_arrest: {
    title: '审查批准逮捕',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution'],
    payloadSchema: schema<DecideArrest>(
      { approved: { type: 'boolean' }, reason: text() },
      ['approved', 'reason'],
      true,
    ),
    notices: ['arrest_approval', 'arrest_refusal'],
    startsDeadlines: ['INVESTIGATION_CUSTODY'],
    stopsDeadlines: ['ARREST_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ?? (!region!.arrestPending ? '没有待审查的提请批准逮捕' : null),
  },
  extend_investigation_custody: {
    title: '延长侦查羁押期限',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendInvestigationCustody>({ ground: text() }, ['ground'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.deadlines.some((d) => d.rule === 'INVESTIGATION_CUSTODY' && d.state === 'running')
        ? '没有正在计算的侦查羁押期限'
        : region!.custodyExtensions >= 3
          ? '侦查羁押期限已延长三次（刑诉法第156至159条）'
          : null),
  },
  freeze_assets: {
    title: '冻结涉案财产',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<FreezeAssets>(
      {
        assetKind: { type: 'string', enum: ['deposit', 'securities', 'equity'] },
        holderName: text(LIMITS.nameMax),
        institution: text(LIMITS.nameMax),
        accountNo: text(LIMITS.referenceMax),
        amountFen: fen,
      },
      ['assetKind', 'holderName', 'institution', 'accountNo', 'amountFen'],
      true,
    ),
    notices: ['freeze_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    stopsDeadlines: [],
  },
  renew_freeze: {
    title: '续行冻结',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<RenewFreeze>({ freezeId: id }, ['freezeId'], true),
    notices: ['freeze_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    stopsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.freezes.some((f) => f.state === 'frozen') ? null : '没有处于冻结状态的财产'),
  },
  release_freeze: {
    title: '解除冻结',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<ReleaseFreeze>({ freezeId: id, reason: text() }, ['freezeId', 'reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.freezes.some((f) => f.state === 'frozen') ? null : '没有处于冻结状态的财产'),
  },
  transfer_for_prosecution: {
    title: '移送审查起诉',
    scope: 'region',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<TransferForProsecution>(
      { suspects: names, offence: text(LIMITS.nameMax) },
      ['suspects', 'offence'],
      true,
    ),
    notices: ['prosecution_opinion'],
    startsDeadlines: ['PROSECUTION_REVIEW'],
    stopsDeadlines: ['INVESTIGATION_CUSTODY', 'SUPPLEMENTARY_INVESTIGATION'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不能移送审查起诉'
        : region!.arrestPending
          ? '提请批准逮捕尚在审查中'
          : null),
  },
  return_for_supplementary_investigation: {
    title: '退回补充侦查',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<ReturnForSupplementaryInvestigation>({ outline: text() }, ['outline'], true),
    notices: ['supplementary_investigation'],
    startsDeadlines: ['SUPPLEMENTARY_INVESTIGATION'],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.supplementaryRounds >= 2 ? '补充侦查以二次为限（刑诉法第一百七十五条）' : null),
  },
  extend_prosecution_review: {
    title: '延长审查起诉期限',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<ExtendProsecutionReview>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.prosecutionExtended ? '审查起诉期限只能延长一次（刑诉法第一百七十二条）' : null),
  },
  indict: {
    title: '提起公诉',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<Indict>(
      { defendants: names, offence: text(LIMITS.nameMax), court: text(LIMITS.nameMax) },
      ['defendants', 'offence', 'court'],
      true,
    ),
    notices: ['indictment'],
    startsDeadlines: ['FIRST_INSTANCE_TRIAL'],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
  },
  decline_prosecution: {
    title: '不起诉',
    scope: 'region',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<DeclineProsecution>({ reason: text() }, ['reason'], true),
    notices: ['non_prosecution'],
    startsDeadlines: [],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
  },
  extend_trial: {
    title: '延长审理期限',
    scope: 'region',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    payloadSchema: schema<ExtendTrial>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) => {
      if (!region) return '缺少地区';
      if (region.judgmentDelivered && region.trialInstance === 1) return '一审判决已宣告';
      const max = region.trialInstance === 2 ? 1 : 2;
      return region.trialExtensions >= max ? '审理期限已按规定延长，不能再次延长' : null;
    },
  },
  deliver_judgment: {
    title: '宣告一审判决',
    scope: 'region',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    payloadSchema: judgmentSchema,
    notices: ['judgment'],
    startsDeadlines: ['APPEAL_WINDOW'],
    stopsDeadlines: ['FIRST_INSTANCE_TRIAL'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.trialInstance !== 1 || region!.judgmentDelivered ? '一审判决已宣告' : null),
  },
  file_appeal: {
    title: '上诉、抗诉，进入二审',
    scope: 'region',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    payloadSchema: schema<FileAppeal>({ appellant: text(LIMITS.nameMax) }, ['appellant'], true),
    notices: [],
    startsDeadlines: ['SECOND_INSTANCE_TRIAL'],
    stopsDeadlines: ['APPEAL_WINDOW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.deadlines.some((d) => d.rule === 'APPEAL_WINDOW' && d.state === 'running')
        ? '不在上诉期限内'
        : null),
  },
  deliver_final_judgment: {
    title: '宣告二审裁判（维持原判的裁定或改判的判决）',
    scope: 'region',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    payloadSchema: finalJudgmentSchema,
    notices: ['judgment'],
    startsDeadlines: [],
    stopsDeadlines: ['SECOND_INSTANCE_TRIAL'],
    precondition: ({ region }) => anyPending(region) ?? (region!.trialInstance !== 2 ? '案件不在二审' : null),
  },
  pause_deadline: {
    title: '中止计算期限（鉴定、中止审理等）',
    scope: 'region',
    roles: ['police', 'procuratorate', 'court'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial'],
    payloadSchema: schema<PauseDeadline>({ deadlineId: id, reason: text() }, ['deadlineId', 'reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.deadlines.some((d) => d.state === 'running') ? null : '没有正在计算的期限'),
  },
  resume_deadline: {
    title: '恢复计算期限',
    scope: 'region',
    roles: ['police', 'procuratorate', 'court'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial'],
    payloadSchema: schema<ResumeDeadline>({ deadlineId: id }, ['deadlineId'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.deadlines.some((d) => d.state === 'paused') ? null : '没有已中止的期限'),
  },
  approve_disposal_plan: {
    title: '批准统一处置方案',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<ApproveDisposalPlan>(
      { planSummary: text(LIMITS.summaryMax), poolFen: fen },
      ['planSummary', 'poolFen'],
      false,
    ),
    notices: ['disposal_plan'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => (caseState.disposalPlanApproved ? '统一处置方案已批准' : null),
  },
  record_asset_realization: {
    title: '登记资产变现',
    scope: 'case',
    roles: ['court', 'financial_office'],
    leadOnly: false,
    stages: ['asset_disposition'],
    payloadSchema: schema<RecordAssetRealization>(
      { description: text(), amountFen: fen },
      ['description', 'amountFen'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  compute_refund_round: {
    title: '计算清退轮次',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<RefundRoundRequest>(
      { round: { type: 'integer', minimum: 1, nullable: true } },
      [],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    notAvailable: '清退计算（集资参与人登记与按比例清退）尚未上线，暂不可用',
  },
  approve_refund_round: {
    title: '批准清退轮次',
    scope: 'case',
    roles: ['leader'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<RefundRoundRequest>(
      { round: { type: 'integer', minimum: 1, nullable: true } },
      [],
      false,
    ),
    notices: ['refund_announcement', 'refund_notice'],
    startsDeadlines: [],
    stopsDeadlines: [],
    notAvailable: '清退计算（集资参与人登记与按比例清退）尚未上线，暂不可用',
  },
  complete_disposition: {
    title: '资产处置完毕，转入善后维稳',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<CompleteDisposition>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => (caseState.disposalPlanApproved ? null : '统一处置方案尚未批准'),
  },
  log_petition: {
    title: '登记信访事项',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<LogPetition>(
      {
        petitionerName: text(LIMITS.nameMax),
        summary: text(),
        channel: { type: 'string', enum: ['visit', 'letter', 'phone', 'online'] },
        accept: { type: 'boolean', nullable: true },
      },
      ['petitionerName', 'summary', 'channel'],
      true,
    ),
    notices: ['petition_acceptance'],
    startsDeadlines: ['PETITION_ROUTING', 'PETITION_HANDLING'],
    stopsDeadlines: [],
  },
  accept_petition: {
    title: '受理信访事项',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<AcceptPetition>({ petitionId: id }, ['petitionId'], true),
    notices: ['petition_acceptance'],
    startsDeadlines: ['PETITION_HANDLING'],
    stopsDeadlines: ['PETITION_ROUTING'],
  },
  extend_petition_handling: {
    title: '延长信访办理期限',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<PetitionRef>({ petitionId: id, reason: text() }, ['petitionId', 'reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  answer_petition: {
    title: '出具信访处理意见',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<AnswerPetition>(
      {
        petitionId: id,
        result: { type: 'string', enum: ['support', 'explain', 'not_support'] },
        opinion: text(),
      },
      ['petitionId', 'result', 'opinion'],
      true,
    ),
    notices: ['petition_opinion'],
    startsDeadlines: [],
    stopsDeadlines: ['PETITION_HANDLING', 'PETITION_REVIEW'],
  },
  request_petition_review: {
    title: '登记复查（复核）请求',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<PetitionRef>({ petitionId: id, reason: optText() }, ['petitionId'], true),
    notices: [],
    startsDeadlines: ['PETITION_REVIEW'],
    stopsDeadlines: [],
  },
  record_stabilization_measure: {
    title: '记录维稳措施',
    scope: 'region',
    roles: ['petition_bureau', 'township'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<RecordStabilizationMeasure>(
      { measure: text(LIMITS.nameMax), description: optText() },
      ['measure'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  conclude_stabilization: {
    title: '本地区善后维稳工作完成',
    scope: 'region',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ['stabilization'],
    payloadSchema: schema<ConcludeStabilization>({ summary: text() }, ['summary'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.stabilizationConcluded
        ? '本地区善后维稳工作已完成'
        : region!.deadlines.some((d) => d.rule.startsWith('PETITION_') && isPending(d))
          ? '本地区尚有信访事项在办理期限内'
          : null),
  },
  close_case: {
    title: '结案',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['stabilization'],
    payloadSchema: schema<CloseCase>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['PROGRESS_BULLETIN'],
    precondition: ({ caseState }) => {
      const busy = caseState.regions.filter((r) => r.runningPetitionDeadlines > 0).map((r) => r.code);
      if (busy.length) return `尚有信访事项在办理期限内（${busy.join('、')}）`;
      const open = caseState.regions.filter((r) => !r.stabilizationConcluded).map((r) => r.code);
      return open.length ? `尚有地区未完成善后维稳工作（${open.join('、')}）` : null;
    },
  },
  send_progress_bulletin: {
    title: '发送工作进展通报',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<SendProgressBulletin>({ progress: text(LIMITS.summaryMax) }, ['progress'], false),
    notices: ['progress_bulletin'],
    startsDeadlines: ['PROGRESS_BULLETIN'],
    stopsDeadlines: ['PROGRESS_BULLETIN'],
  },
  issue_correction: {
    title: '更正已发出的文书',
    scope: 'case',
    // Every unit that issues notices; refuseCorrection (domain/notices.ts) narrows it to the issuing unit.
    roles: ['financial_office', 'police', 'procuratorate', 'court', 'petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<IssueCorrection>(
      {
        noticeId: { type: 'string', format: 'uuid' },
        errors: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { location: text(LIMITS.nameMax), wrong: text(), correct: text() },
            required: ['location', 'wrong', 'correct'],
          },
        },
        reason: optText(),
      },
      ['noticeId', 'errors'],
      false,
    ),
    notices: ['correction'],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
} satisfies Record<string, Omit<ActionSpec, 'name'>>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
export const isActionName = (s: string): s is ActionName => Object.prototype.hasOwnProperty.call(ACTIONS, s);
export const actionSpec = (name: ActionName): ActionSpec => ({
  name,
  ...(ACTIONS[name] as Omit<ActionSpec, 'name'>),
});

/** The stage a regional action is judged against: the region's own stage in the regional phase, else the case's. */
export function effectiveStage(caseStage: Stage, region?: RegionState): Stage {
  if (region && region.casePhase === 'regional' && region.stage !== 'pending' && region.stage !== 'ended') {
    return region.stage;
  }
  return caseStage;
}
