// The domain shapes of a case: what the workflows hold and the projection stores as JSON. Plain data only
// (they cross Temporal as payloads and Postgres as jsonb).
import type { Role, Sector, SourceKind, SubjectKind } from './reference';
import type { DeadlineRuleCode } from './deadlines';
import type { NoticeKind } from './notices';

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
}

export interface Petition {
  id: string;
  petitionerName: string;
  summary: string;
  accepted: boolean;
  answered: boolean;
  reviews: number;
  loggedAt: string;
}

export interface Freeze {
  id: string;
  /** The freezing unit (provenance in the case's one pool); reminders and lapse flags go to it. */
  unitId: string | null;
  frozenAt: string;
  assetKind: 'deposit' | 'securities' | 'equity';
  holderName: string;
  institution: string;
  accountNo: string;
  amountFen: number;
  state: 'frozen' | 'lapsed' | 'released';
  renewals: number;
}

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
  petitions: Petition[];
  freezes: Freeze[];
  deadlines: Deadline[];
  lastEventAt: string;
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
