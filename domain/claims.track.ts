// The claims track of a case (集资参与人登记、确认与清退): each action's catalogue entry (the ActionSpec shape of
// domain/catalogue.ts), its JSON Schema, the type it validates, and its pure precondition and transition. The
// bulk part of each (a million claims confirmed, a round computed, notices issued) is an activity's; what the
// case itself holds is only the rounds' headline, so a decision here never needs the register.
//
// NOT YET WIRED: these entries are not in ACTIONS and no workflow calls the transitions (the lead is
// restructuring the catalogue and the case workflow); compute_refund_round and approve_refund_round still
// answer NOT_AVAILABLE from domain/catalogue.ts.
import type { ActionSpec, CheckContext, PayloadSchema } from './catalogue';
import { DomainError } from './errors';
import { LIMITS } from './reference';

const note = { type: 'string', maxLength: LIMITS.textMax, nullable: true } as const;
const occurredAt = { type: 'string', format: 'date-time', nullable: true } as const;
const uuid = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
const reason = { type: 'string', minLength: 1, maxLength: LIMITS.textMax } as const;

export interface ConfirmClaims {
  /** Every registered claim of the caller's region; or exactly the listed participants' claims. */
  all?: true;
  participantIds?: string[];
  occurredAt?: string;
  note?: string;
}
export interface DisputeClaim {
  participantId: string;
  reason: string;
  occurredAt?: string;
  note?: string;
}
export interface ResolveClaim {
  participantId: string;
  /** confirmed: the objection fails and the claim is paid from the reserve; withdrawn: it takes no part in rounds. */
  outcome: 'confirmed' | 'withdrawn';
  reason: string;
  occurredAt?: string;
  note?: string;
}
export interface ComputeRefundRound {
  poolFen: number;
  occurredAt?: string;
  note?: string;
}
export interface ApproveRefundRound {
  round: number;
  occurredAt?: string;
  note?: string;
}

const confirmClaimsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    all: { type: 'boolean', const: true },
    participantIds: { type: 'array', minItems: 1, maxItems: 10_000, uniqueItems: true, items: uuid },
    occurredAt,
    note,
  },
  required: [],
  // Exactly one of the two forms (the contract of issue 10).
  oneOf: [{ required: ['all'] }, { required: ['participantIds'] }],
} as PayloadSchema<ConfirmClaims> & { oneOf: unknown[] };

const disputeClaimSchema: PayloadSchema<DisputeClaim> = {
  type: 'object',
  additionalProperties: false,
  properties: { participantId: uuid, reason, occurredAt, note },
  required: ['participantId', 'reason'],
};
const resolveClaimSchema: PayloadSchema<ResolveClaim> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    participantId: uuid,
    outcome: { type: 'string', enum: ['confirmed', 'withdrawn'] },
    reason,
    occurredAt,
    note,
  },
  required: ['participantId', 'outcome', 'reason'],
};
const computeRefundRoundSchema: PayloadSchema<ComputeRefundRound> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    poolFen: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    occurredAt,
    note,
  },
  required: ['poolFen'],
};
const approveRefundRoundSchema: PayloadSchema<ApproveRefundRound> = {
  type: 'object',
  additionalProperties: false,
  properties: { round: { type: 'integer', minimum: 1 }, occurredAt, note },
  required: ['round'],
};

// Rounds follow the unified disposal plan (统一处置方案): the pool comes from what it realizes.
const planApproved = ({ caseState }: CheckContext) =>
  caseState.disposalPlanApproved ? null : '统一处置方案尚未批准';

export const CLAIMS_ACTIONS = {
  confirm_claims: {
    name: 'confirm_claims',
    title: '确认债权',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: confirmClaimsSchema,
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  dispute_claim: {
    name: 'dispute_claim',
    title: '登记债权异议',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: disputeClaimSchema,
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  resolve_claim: {
    name: 'resolve_claim',
    title: '处理债权异议',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: false,
    stages: ['open'],
    payloadSchema: resolveClaimSchema,
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
  },
  compute_refund_round: {
    name: 'compute_refund_round',
    title: '计算清退轮次',
    scope: 'case',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: computeRefundRoundSchema,
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: planApproved,
  },
  approve_refund_round: {
    name: 'approve_refund_round',
    title: '批准清退轮次',
    scope: 'case',
    roles: ['leader'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: approveRefundRoundSchema,
    notices: ['refund_announcement', 'refund_notice'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: planApproved,
  },
} as const satisfies Record<string, ActionSpec>;

/** What the case holds of its rounds: the headline of each, never the payouts. */
export interface RoundHeadline {
  roundNo: number;
  poolFen: number;
  state: 'computed' | 'approved';
  computedBy: string;
  approvedBy: string | null;
}

export interface ClaimsTrackState {
  rounds: RoundHeadline[];
}

export const initialClaimsTrack = (): ClaimsTrackState => ({ rounds: [] });

/**
 * compute_refund_round: a new round, or the latest computed one recomputed (its snapshot replaced) as long as
 * nobody approved it. The pool cannot exceed what was realized less what earlier rounds distributed (DOMAIN.md:
 * D = realized assets less costs less earlier rounds; the costs are already out of realizedFen).
 */
export function computeRoundTransition(
  track: ClaimsTrackState,
  p: ComputeRefundRound,
  actorUserId: string,
  realizedFen: number,
): { track: ClaimsTrackState; roundNo: number } {
  const last = track.rounds.at(-1);
  const recompute = last?.state === 'computed';
  const earlier = track.rounds.filter((r) => r.state === 'approved').reduce((s, r) => s + r.poolFen, 0);
  const available = realizedFen - earlier;
  if (p.poolFen > available)
    throw new DomainError('INVALID_TRANSITION', `本轮清退资金不能超过可分配余额 ${available} 分`, [
      { field: '/poolFen', message: `至多 ${available}` },
    ]);
  const roundNo = recompute ? last.roundNo : (last?.roundNo ?? 0) + 1;
  const headline: RoundHeadline = {
    roundNo,
    poolFen: p.poolFen,
    state: 'computed',
    computedBy: actorUserId,
    approvedBy: null,
  };
  return {
    roundNo,
    track: { rounds: [...track.rounds.filter((r) => r.roundNo !== roundNo), headline] },
  };
}

/**
 * approve_refund_round: the latest round, computed and not yet approved, by someone other than who computed it
 * (four eyes; the database refuses it too). An approved round never changes.
 */
export function approveRoundTransition(
  track: ClaimsTrackState,
  p: ApproveRefundRound,
  actorUserId: string,
): ClaimsTrackState {
  const r = track.rounds.find((x) => x.roundNo === p.round);
  if (!r) throw new DomainError('NOT_FOUND', `第${p.round}轮清退不存在`);
  if (r.state === 'approved')
    throw new DomainError('INVALID_TRANSITION', `第${p.round}轮清退已批准，不能再改`);
  if (r.computedBy === actorUserId) throw new DomainError('FORBIDDEN', '清退轮次应由计算人以外的负责人批准');
  return {
    rounds: track.rounds.map((x) => (x === r ? { ...x, state: 'approved', approvedBy: actorUserId } : x)),
  };
}
