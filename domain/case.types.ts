// The domain shapes of a case: what the workflows hold and the projection stores as JSON. Plain data only
// (they cross Temporal as payloads and Postgres as jsonb).
import type { Role, Sector, SourceKind, SubjectKind } from './reference';
import type { DeadlineRuleCode } from './deadlines';
import type { NoticeKind } from './notices';
import type { LegalRouting, PetitionCategory, PetitionGroup, ReviewLevel } from './petitions';
import type { AdministrativeState } from './tracks/administrative.track';
import type { FilingOrderBasis, PoliceIntake } from './tracks/intake.track';

export const STAGES = [
  'detection',
  'early_warning',
  'police_filing',
  'prosecution',
  'trial',
  'asset_disposition',
  'stabilization',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * The case-level phases, in the order a case goes through them (only a return to early warning, after every
 * region ended without a case, goes back). The regional phase covers police_filing, prosecution and trial
 * in each region.
 */
export const CASE_PHASES = [
  'detection',
  'early_warning',
  'regional',
  'asset_disposition',
  'stabilization',
  'closed',
] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

export type RegionalStage = 'pending' | 'police_filing' | 'prosecution' | 'trial' | 'ended';
export type RegionOutcome = 'judgment_effective' | 'unfiled' | 'not_prosecuted';

import type { RoundHeadline } from './claims.track';

export interface Actor {
  userId: string;
  role: Role | 'system';
  unitId: string | null;
  regionCode: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system', unitId: null, regionCode: null };

export interface Subject {
  kind: SubjectKind;
  name: string;
  creditCode?: string;
  idNumber?: string;
}

export interface OpenCaseInput {
  title: string;
  sector: Sector;
  leadRegionCode: string;
  assistingRegionCodes: string[];
  source: { kind: SourceKind; reference?: string };
  subjects: Subject[];
  estimatedAmountFen?: number;
  estimatedParticipants?: number;
  summary?: string;
  occurredAt?: string;
  progressBulletinDays?: number;
}

export type DeadlineState = 'running' | 'paused' | 'met' | 'missed';

export interface Deadline {
  id: string;
  rule: DeadlineRuleCode;
  regionCode: string | null;
  /** The petition or freeze this deadline belongs to, when it belongs to one. */
  subjectId: string | null;
  responsibleRole: Role;
  startedOn: string;
  /** Due date before any holiday roll-over; extensions and pauses move this, then roll-over is applied again. */
  baseDueOn: string;
  dueOn: string;
  rolledOverFrom: string | null;
  inCustody: boolean;
  state: DeadlineState;
  extensions: string[];
  pausedOn: string | null;
  /** When the obligation was fulfilled (met, or late after a miss), as the action's occurredAt. */
  endedAt: string | null;
  endedBy: string | null;
  missedAt: string | null;
  remindedAt: string | null;
  warnings: string[];
  /** The responsible unit's region when it is not the track's: the court above trying the instance
   * (刑诉法 第二百四十三条, docs/decisions/0021). Absent: the track's own region. */
  responsibleRegionCode?: string | null;
  /**
   * The exclusive end instant (ISO) of an hour rule (拘留后二十四小时, 刑诉法 第八十五条): such a clock ends at
   * this moment, not at the end of dueOn. Absent or null: a date rule, ending with its due date.
   */
  dueAt?: string | null;
}

export interface Petition {
  id: string;
  petitionerName: string;
  summary: string;
  accepted: boolean;
  answered: boolean;
  /** 0 before any review; 1 after a 复查 was requested (第三十五条); 2 after a 复核 (第三十六条). */
  reviews: number;
  loggedAt: string;
  // Issue 13 item 14 (domain/petitions.ts). Optional: petitions recorded before them carry none.
  /** How it came in (信访工作条例 第十七条): 走访 is what 第二十条's representatives apply to. */
  channel?: 'visit' | 'letter' | 'phone' | 'online';
  /** The petitioner in the claims register (participants.id), never a copy of their identity. */
  participantId?: string | null;
  /** 集体访: the number of petitioners and their representatives (信访工作条例 第二十条). */
  group?: PetitionGroup | null;
  /** 申诉求决类 (absent: the same) or 涉法涉诉, which goes to the legal channel with no 60-day clock. */
  category?: PetitionCategory;
  routing?: LegalRouting | null;
  /** Who reviews at each level requested, 复查 then 复核. */
  reviewBodies?: { level: ReviewLevel; body: string; requestedAt: string }[];
  /** The body that transferred or assigned it here (转送、交办), and when this body objected (第二十三条). */
  remittedBy?: string | null;
  objectedAt?: string | null;
}

export interface Freeze {
  id: string;
  /** The freezing unit (provenance in the case's one pool); reminders and lapse flags go to it. */
  unitId: string | null;
  frozenAt: string;
  /** real_estate: 查封 of land or buildings (issue 13), with its own term (termMonths). */
  assetKind: 'deposit' | 'securities' | 'equity' | 'real_estate';
  holderName: string;
  institution: string;
  accountNo: string;
  amountFen: number;
  state: 'frozen' | 'lapsed' | 'released';
  renewals: number;
  /** Issue 13: 'major_complex' for the one-year deposit term (公安程序规定 第二百四十三条第二款). */
  termVariant?: 'major_complex' | null;
  /** Issue 13: the prefecture's approval of that term (设区的市一级以上公安机关负责人批准). */
  termApproval?: string | null;
  /** Issue 13: who renewed it last (涉财产执行规定 第五条: the court in trial and execution, same priority). */
  lastRenewedBy?: Role | null;
  /** Issue 13: a real-estate 查封's term as its notice states it (configurable; FREEZE_REAL_ESTATE). */
  termMonths?: number | null;
  /** 坐落 of a sealed property, printed on its 协助查封通知书 and on every 续行查封's (0024). */
  location?: string | null;
}

/** 法定 (刑诉法 第一百七十七条第一款), 酌定 (第二款), 存疑 (第一百七十五条第四款) 不起诉. */
export const NON_PROSECUTION_TYPES = ['statutory', 'discretionary', 'insufficient_evidence'] as const;
export type NonProsecutionType = (typeof NON_PROSECUTION_TYPES)[number];

export interface NonProsecutionRecord {
  type: NonProsecutionType;
  decidedAt: string;
  /** 复议 by the deciding procuratorate, then 复核 by the one above (刑诉法 第一百七十九条). */
  reconsideration: 'none' | 'requested' | 'upheld' | 'revoked';
  review: 'none' | 'requested' | 'upheld' | 'revoked';
  /** 申诉 received (刑诉法 第一百八十条、第一百八十一条): who, and whether within the 7 days. */
  appeals: { by: 'victim' | 'person'; inTime: boolean; at: string }[];
  /** When the decision was revoked, and by which remedy (检察规则 第三百七十九、三百八十条); absent while it stands. */
  revokedAt?: string;
  revokedOn?: 'reconsideration' | 'review';
}

// ---- Issue 13 (law-criminal): suspects, each with their own custody and clocks ----
/**
 * 拘留, 逮捕, 取保候审, 监视居住, or at liberty ('released': never detained, or released). Each state has its
 * own clocks, keyed by the suspect (Deadline.subjectId): 刑诉法 第九十一条, 第七十九条, 第一百五十六至一百五十九条.
 */
export const CUSTODY_STATES = [
  'detained',
  'arrested',
  'bail',
  'residential_surveillance',
  'released',
] as const;
export type CustodyState = (typeof CUSTODY_STATES)[number];

/** Where a refused arrest stands (检察规则 第二百九十、二百九十一条: 复议 7 days, 复核 15 days). */
export type ArrestRefusalStage =
  'refused' | 'reconsideration_pending' | 'reconsideration_upheld' | 'review_pending' | 'final';

export interface Suspect {
  id: string;
  name: string;
  /** 居民身份证号码, validated (GB 11643); named idNumber so masking by field name covers it. */
  idNumber: string | null;
  custody: CustodyState;
  /** When the current custody state began (the action's occurredAt). */
  custodySince: string;
  arrestPending: boolean;
  arrestRefusal: ArrestRefusalStage | null;
  /** The extension of investigation custody the police asked for, awaiting the procuratorate. */
  extensionRequested: string | null;
  /** The 24-hour duties after 拘留 or 逮捕 recorded done (刑诉法 第八十五、八十六、九十三、九十四条). */
  duties?: CustodyDutyRecord[];
  /** When the police executed the approved arrest (执行逮捕); null or absent while not yet executed. */
  arrestExecutedAt?: string | null;
}

export interface CustodyDutyRecord {
  duty: 'to_detention_house' | 'family_notice' | 'interrogation';
  /** The custody the duty followed. */
  custody: CustodyState;
  at: string;
  /** family_notice: whether the family was notified; when not, the lawful reason. */
  notified?: boolean;
  notNotifiedReason?: 'unable_to_notify' | 'hinders_investigation';
}
// ---- end issue 13 (law-criminal) ----

export interface RegionState {
  caseId: string;
  code: string;
  role: 'lead' | 'assisting';
  casePhase: CasePhase;
  stage: RegionalStage;
  /** The stage the region was in when its phase ended; shown in place of 'ended'. */
  endedInStage: 'police_filing' | 'prosecution' | 'trial' | null;
  outcome: RegionOutcome | null;
  crossRegion: boolean;
  filed: boolean;
  filingExtensions: string[];
  arrestPending: boolean;
  inCustody: boolean;
  custodyExtensions: number;
  supplementaryRounds: number;
  inSupplementaryInvestigation: boolean;
  prosecutionExtended: boolean;
  trialInstance: 1 | 2 | null;
  judgmentDelivered: boolean;
  trialExtensions: number;
  stabilizationConcluded: boolean;
  // Issue 13, court and non-prosecution (docs/decisions/0021). Optional: a track recorded before reads as
  // the defaults (a basic court, no application pending, no non-prosecution decision).
  /** The court of first instance: the region's basic court, or the intermediate court (刑诉法 第二十一条). */
  firstInstanceCourt?: 'basic' | 'intermediate';
  /** A trial extension applied for to the approving court and not yet decided: its extension code. */
  trialExtensionApplied?: string | null;
  /** Whether the first instance is being tried again after 发回重审 (刑诉法 第二百三十六条第二款: once only). */
  retried?: boolean;
  /** The procuratorate's decision not to prosecute, when it took one (刑诉法 第一百七十七条). */
  nonProsecution?: NonProsecutionRecord | null;
  /** Non-prosecutions revoked before the current one was decided, oldest first. */
  earlierNonProsecutions?: NonProsecutionRecord[];
  petitions: Petition[];
  freezes: Freeze[];
  deadlines: Deadline[];
  lastEventAt: string;
  /** How the police came to review this region's filing themselves (公安程序规定 第一百六十九条), when they did. */
  intake?: PoliceIntake;
  /** A refusal to file was set aside (复议/复核, the transfer's 复议) or filing was ordered (立案监督). */
  filingOrdered?: FilingOrderBasis;
  /** Issue 13: the region's suspects (absent in tracks recorded before them). */
  suspects?: Suspect[];
}

export interface RegionSummary {
  code: string;
  role: 'lead' | 'assisting';
  stage: RegionalStage;
  outcome: RegionOutcome | null;
  runningPetitionDeadlines: number;
  stabilizationConcluded: boolean;
}

/** 统一办案要求: what the lead region sets for every region of the case; each version is kept. */
export interface Requirements {
  version: number;
  setAt: string;
  setBy: string;
  registrationCriteria: string;
  /** Participant registration window (dates, inclusive). */
  registrationFrom: string | null;
  registrationUntil: string | null;
  /** Objection window for disputed claims, in days. */
  objectionDays: number | null;
  /** 清退 terms of a round, in days after its approval (absent in versions set before they existed). */
  payStartsAfterDays?: number | null;
  payEndsAfterDays?: number | null;
  evidenceStandards: string;
  disposalPrinciples: string;
  excludedGroups: string[];
}

/** Money realized from the pool: from one frozen asset (with its provenance) or from the case at large. */
export interface Realization {
  id: string;
  assetId: string | null;
  regionCode: string | null;
  description: string;
  amountFen: number;
  at: string;
}

export interface CaseState {
  caseId: string;
  caseNo: string;
  leadRegionCode: string;
  phase: CasePhase;
  /** Derived from the tracks after every step (domain/case.decide.ts). */
  regions: RegionSummary[];
  disposalPlanApproved: boolean;
  realizedFen: number;
  realizations: Realization[];
  requirements: Requirements[];
  /** The interval of 定期通报 set for this case, when it differs from the system's. */
  progressBulletinDays: number | null;
  deadlines: Deadline[];
  bulletins: number;
  lastEventAt: string;
  /** The administrative track (条例 2021, docs/decisions/0017); absent on a case opened before it existed. */
  admin?: AdministrativeState;
  /** The refund rounds' headlines (domain/claims.track.ts); absent in cases that have none yet. */
  refundRounds?: RoundHeadline[];
}

/** A notice the workflow asks the notice service to issue; the activity adds the case facts and the number. */
export interface NoticeRequest {
  kind: NoticeKind;
  /** Role of the issuing unit, in `regionCode`. */
  issuerRole: Role;
  regionCode: string;
  /** Addressee (主送): a role in a region, or free text. */
  addressee: { role: Role; regionCode: string } | { text: string };
  copyTo: ({ role: Role; regionCode: string } | { text: string })[];
  facts: Record<string, unknown>;
}

export interface EventDraft {
  id: string;
  action: string;
  actor: Actor;
  regionCode: string | null;
  payload: unknown;
  occurredAt: string;
  idempotencyKey: string | null;
  notices: NoticeRequest[];
  /** The version of 统一办案要求 in force when the action was taken. */
  requirementsVersion?: number | null;
}
