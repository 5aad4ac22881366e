// Wire shapes. Where the served OpenAPI document describes a body, the type is taken from the generated
// schema.d.ts so the console cannot drift from the API; the rest follow API.md (the contract) and are kept
// to the fields the console reads.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type Required2<T> = { [K in keyof T]-?: NonNullable<T[K]> };

export type CaseListQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;

export interface OpenDeadline {
  id: string;
  rule: string;
  regionCode: string | null;
  dueOn: string;
  state: string;
}

type WireRegion = NonNullable<Schemas['Case']['regions']>[number];
export type CaseRegion = Required2<Omit<WireRegion, 'outcome'>> & { outcome: string | null };

export type Case = Omit<Required2<Schemas['Case']>, 'openDeadlines' | 'regions'> & {
  regions: CaseRegion[];
  openDeadlines: OpenDeadline[];
  subjects?: { kind: string; name: string; idNumber?: string; creditCode?: string }[];
  source?: { kind: string; reference?: string };
  estimatedAmountFen?: number | null;
  estimatedParticipants?: number | null;
  summary?: string | null;
  openedAt?: string;
};

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Me {
  userId: string;
  role: string;
  unit: { id: string; name: string };
  regionCode: string;
  displayName?: string;
}

export interface CaseEvent {
  seq: number;
  id: string;
  at: string;
  recordedAt?: string;
  action: string;
  actor: { userId?: string; role: string; unitId?: string | null; unitName?: string; displayName?: string };
  regionCode: string | null;
  payload: Record<string, unknown>;
}

export interface Deadline {
  id: string;
  caseId: string;
  rule: string;
  regionCode: string | null;
  responsibleRole: string;
  responsibleUnitId: string | null;
  startedOn: string;
  dueOn: string;
  rolledOverFrom: string | null;
  state: string;
  extensions: string[];
  missedAt: string | null;
  endedAt: string | null;
}

export interface DeadlineRule {
  code: string;
  title: string;
  period: { unit: 'day' | 'month' | 'year'; amount: number };
  basis: string;
  kind: string;
  rollOver: unknown;
  pauseEvents: string[];
  restartEvents: string[];
  responsibleRole: string;
}

export interface NoticeSummary {
  id: string;
  kind: string;
  docNo: string;
  issuingUnit: string;
  issuedAt: string;
  sha256: string;
  eventId: string | null;
}

export interface ActionSpec {
  name: string;
  title: string;
  scope: string;
  roles: string[];
  leadRegionOnly: boolean;
  stages: string[];
  payloadSchema: Record<string, unknown>;
  notices: { kind: string; title: string }[];
  startsDeadlines: { code: string; title: string }[];
  stopsDeadlines: { code: string; title: string }[];
  available: boolean;
  unavailableReason?: string;
}

export type ActionResult = {
  case: Case;
  event: CaseEvent;
  notices: NoticeSummary[];
};

export interface ComputeResult {
  rule: string;
  start: string;
  inCustody: boolean;
  dueOn: string;
  rolledOverFrom: string | null;
  warnings: string[];
  basis: string;
}

/** GET /api/cases/{id}/assets (issue 9, being built): the case's one asset pool. */
export interface AssetPool {
  items: {
    id: string;
    kind: string;
    regionCode: string;
    unit?: { id: string; name: string } | string;
    institution?: string;
    accountNo?: string;
    holderName?: string;
    amountFen: number | string;
    realizedFen?: number | string | null;
    term?: { startedOn?: string; dueOn?: string } | null;
    state: string;
  }[];
  totals: {
    byRegion: { regionCode: string; frozenFen: number | string; realizedFen: number | string }[];
    case: { frozenFen: number | string; realizedFen: number | string };
  };
}

/** GET /api/dashboard (issue 9, being built): the leaders' coordination view. */
export interface Dashboard {
  byStageRegion: { stage: string; regionCode: string; count: number }[];
  overdueByUnit: { unitId: string; unitName: string; count: number; oldestDueOn: string }[];
  crossRegionCases: {
    id: string;
    caseNo: string;
    title: string;
    regions: { code: string; name?: string; role?: string; stage: string }[];
    blocker?: { regionCode: string; rule: string; dueOn: string } | null;
  }[];
}

export interface Job {
  id: string;
  /** queued, running, succeeded or failed (kept open: the job issue may add states). */
  state: string;
  progress: { done: number; total: number | null };
  result?: unknown;
  error?: string | { message?: string };
}

/** GET /api/calendar/{year}; PUT takes `{ days, source? }` and answers the same. */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}
export interface CalendarYear {
  year: number;
  source: string;
  loadedAt: string;
  days: CalendarDay[];
}

export type PetitionPage = Schemas['PetitionPage'];
export type PetitionItem = PetitionPage['items'][number];
export type StabilizationMeasurePage = Schemas['StabilizationMeasurePage'];
export type JobPage = Schemas['JobPage'];
export type JobItem = JobPage['items'][number];

/** GET /api/cases/{id}/participants: one registered participant, identity and account masked by the API. */
export type ParticipantPage = Schemas['ParticipantPage'];
export type Participant = Schemas['Participant'];

export interface ClaimsSummaryLine {
  participants: number;
  registered: number;
  confirmed: number;
  disputed: number;
  principalFen: number;
  lossFen: number;
  receivableFen: number;
  receivables: number;
  paidFen: number;
}

/** GET /api/cases/{id}/claims/summary. */
export interface ClaimsSummary {
  case: ClaimsSummaryLine;
  regions: (ClaimsSummaryLine & { regionCode: string })[];
}

/** GET /api/tips items and GET /api/tips/{id} (db/tip.repository.ts TipRow plus the intake due date). */
export interface Tip {
  id: string;
  regionCode: string;
  what: string;
  where: string;
  who: string | null;
  evidence: string | null;
  named: boolean;
  receivedAt: string;
  intakeDueOn: string;
  state: 'received' | 'lead' | 'closed';
  caseId: string | null;
  alreadyKnown: boolean;
  closedReason: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  reward: {
    state: 'none' | 'proposed' | 'approved' | 'rejected' | 'paid';
    tier: 'preliminary' | 'enforcement' | 'major' | null;
    amountFen: number | null;
    proposedBy: string | null;
    decidedBy: string | null;
    note: string | null;
    paidOn: string | null;
  };
}

export interface TipReporter {
  name?: string;
  idNumber?: string;
  contact?: string;
}

/** /api/admin/units */
export interface AdminUnit {
  id: string;
  regionCode: string;
  name: string;
  role: string | null;
  docCode?: string | null;
}

/** /api/admin/users (db/session.repository.ts UserView) */
export interface AdminUser {
  id: string;
  username: string | null;
  displayName: string;
  role: string;
  unit: { id: string; name: string };
  regionCode: string;
  active: boolean;
  devOnly: boolean;
}

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** GET /api/cases/{id}/refund-rounds/{n}, and each item of GET /api/cases/{id}/refund-rounds. */
export type RefundRound = Schemas['RefundRound'];
export type RefundRoundPage = Schemas['RefundRoundPage'];
/** GET /api/cases/{id}/refund-rounds/{n}/access-log: every opening of the round's complete accounts. */
export type RefundDataAccess = Schemas['RefundDataAccessLog']['items'][number];

/** POST /api/cases/{id}/personal-data */
export interface PersonalDataRead {
  readId: string;
  readAt: string;
  fields: { seq: number | null; path: string; kind: string; value: string }[];
}
