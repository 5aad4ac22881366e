// The claims register as the case workflow sees it (集资参与人登记、确认与清退): the headline of each refund round
// (never the payouts), the pure transitions of computing and approving a round, and the bulk effects an
// action asks the persist transaction to carry out in Postgres. A million claims never enter the workflow or
// its history: confirm_claims with { all: true } travels as that flag, and the rows change in SQL, in the
// same transaction as the action's event (activities/case.activities.ts, db/refunds.repository.ts).
import { DomainError } from './errors';
import type { Payee } from './participants';

/** What the case holds of its rounds: the headline of each, never the payouts. */
export interface RoundHeadline {
  roundNo: number;
  poolFen: number;
  /** computed: asked for (its snapshot is the compute job's); approved: final, never changes. */
  state: 'computed' | 'approved';
  computedBy: string;
  approvedBy: string | null;
  /** The job that computes the snapshot (GET /api/jobs/{id}). */
  jobId: string;
}

/** Work on the register an action asks for; applied by the persist transaction, never by the workflow. */
export type ClaimsEffect =
  | {
      kind: 'confirm_claims';
      regionCode: string;
      /** Every registered claim of the region at the moment of the transaction (a snapshot), or the listed ones. */
      participantIds: string[] | null;
      by: string;
    }
  | { kind: 'dispute_claim'; regionCode: string; participantId: string; reason: string; by: string }
  | {
      kind: 'resolve_claim';
      regionCode: string;
      participantId: string;
      outcome: 'confirmed' | 'withdrawn';
      reason: string;
      by: string;
    }
  | {
      kind: 'hold_claim';
      regionCode: string;
      participantIds: string[];
      /** participants.hold: unregistered (提存) or heirs (deceased, until the heirs prove title). */
      hold: ClaimHold;
      note: string;
      by: string;
    }
  | {
      kind: 'release_claim_hold';
      regionCode: string;
      participantId: string;
      evidence: string;
      /** Whom the claim is paid to from now on (an heir or the heirs' representative); absent: the participant. */
      payee?: Payee;
      by: string;
    }
  | {
      kind: 'compute_refund_round';
      roundNo: number;
      poolFen: number;
      /** What the case realized (CaseState.realizedFen): the pool cannot exceed it less what rounds paid. */
      realizedFen: number;
      jobId: string;
      by: string;
    }
  | {
      kind: 'approve_refund_round';
      roundNo: number;
      jobId: string;
      by: string;
      /** The pay and objection terms in force at approval (refundRoundTerms); absent in older histories. */
      terms?: RefundTermDays;
    };

/** What a held claim waits for (participants.hold). */
export type ClaimHold = 'unregistered' | 'heirs';

/** The reasons hold_claim takes, and the hold each puts on the participant. */
export const HOLD_OF_REASON = { unregistered: 'unregistered', deceased: 'heirs' } as const satisfies Record<
  string,
  ClaimHold
>;

/** A round's terms, in days after its approval (the 清退公告 and 清退通知书 print the dates). */
export interface RefundTermDays {
  payStartsAfterDays: number;
  objectionDays: number;
  payEndsAfterDays: number;
}

/**
 * When the 统一办案要求 say nothing: payment from approval + 10 days, objections within 15, payment ends at 40.
 * The 条例 sets no term for 清退 (its 第二十五条 leaves the refund to the fundraiser under the lead's
 * supervision), so the unified handling requirements set them and these are only the fallback.
 */
export const DEFAULT_ROUND_TERMS: RefundTermDays = {
  payStartsAfterDays: 10,
  objectionDays: 15,
  payEndsAfterDays: 40,
};

/**
 * The terms of a round approved now: those of the current version of the 统一办案要求 (set_requirements:
 * objectionDays, payStartsAfterDays, payEndsAfterDays), each falling back to DEFAULT_ROUND_TERMS. The window
 * of payment ends no earlier than it starts.
 */
export function refundRoundTerms(
  current:
    | {
        objectionDays?: number | null;
        payStartsAfterDays?: number | null;
        payEndsAfterDays?: number | null;
      }
    | undefined,
): RefundTermDays {
  const payStartsAfterDays = current?.payStartsAfterDays ?? DEFAULT_ROUND_TERMS.payStartsAfterDays;
  const objectionDays = current?.objectionDays ?? DEFAULT_ROUND_TERMS.objectionDays;
  const payEndsAfterDays = Math.max(
    current?.payEndsAfterDays ?? DEFAULT_ROUND_TERMS.payEndsAfterDays,
    payStartsAfterDays,
  );
  return { payStartsAfterDays, objectionDays, payEndsAfterDays };
}

/**
 * compute_refund_round: a new round, or the latest one recomputed (its snapshot replaced) as long as nobody
 * approved it. The pool cannot exceed what was realized (DOMAIN.md: D = realized assets less costs less what
 * earlier rounds paid; what they paid is the register's, checked in the same transaction as the event).
 */
export function computeRoundTransition(
  rounds: readonly RoundHeadline[],
  poolFen: number,
  actorUserId: string,
  realizedFen: number,
  jobId: string,
): { rounds: RoundHeadline[]; roundNo: number } {
  if (poolFen > realizedFen)
    throw new DomainError('INVALID_TRANSITION', `本轮清退资金不能超过已变现资产 ${realizedFen} 分`, [
      { field: '/poolFen', message: `至多 ${realizedFen}` },
    ]);
  const last = rounds.at(-1);
  const recompute = last?.state === 'computed';
  const roundNo = recompute ? last.roundNo : (last?.roundNo ?? 0) + 1;
  const headline: RoundHeadline = {
    roundNo,
    poolFen,
    state: 'computed',
    computedBy: actorUserId,
    approvedBy: null,
    jobId,
  };
  return { roundNo, rounds: [...rounds.filter((r) => r.roundNo !== roundNo), headline] };
}

/**
 * approve_refund_round: the latest round, computed and not yet approved, by someone other than who computed it
 * (four eyes; the database refuses it too). An approved round never changes.
 */
export function approveRoundTransition(
  rounds: readonly RoundHeadline[],
  roundNo: number,
  actorUserId: string,
): RoundHeadline[] {
  const r = rounds.find((x) => x.roundNo === roundNo);
  if (!r) throw new DomainError('NOT_FOUND', `第${roundNo}轮清退不存在`);
  if (r.state === 'approved')
    throw new DomainError('INVALID_TRANSITION', `第${roundNo}轮清退已批准，不能再改`);
  if (r.computedBy === actorUserId) throw new DomainError('FORBIDDEN', '清退轮次应由计算人以外的负责人批准');
  return rounds.map((x) => (x === r ? { ...x, state: 'approved', approvedBy: actorUserId } : x));
}

/**
 * Who a released claim is paid to (release_claim_hold). A deceased participant's share is the estate's
 * (《中华人民共和国民法典》第一千一百二十一条、第一千一百二十二条): once the heirs prove title it goes to an heir or the
 * heirs' representative, into their own account, never into the deceased's, so that release must name the
 * payee. Any other release (提存: the participant came forward) pays the participant's own record, and a payee
 * there would send someone's money elsewhere on an officer's word alone: refused.
 */
export function checkReleasePayee(hold: ClaimHold, payee: Payee | undefined): void {
  if (hold === 'heirs' && !payee)
    throw new DomainError(
      'VALIDATION_FAILED',
      '继承人证明继承权后解除暂缓，应写明收款人（继承人或其代表人）及其银行账户',
      [{ field: '/payee', message: '应写明收款人' }],
    );
  if (hold !== 'heirs' && payee)
    throw new DomainError('VALIDATION_FAILED', '只有已故集资参与人的暂缓清退在解除时另定收款人', [
      { field: '/payee', message: '本人领取，不另定收款人' },
    ]);
}

/**
 * A computed round is approved only on the register it was computed on (four eyes see what is paid). Every
 * change of what a round reads — a claim confirmed, disputed or resolved, an import that changed a claim, a hold
 * put on or lifted, a payee named, an earlier payment failed or reversed — raises the case's register version
 * (db/claims.repository.ts markRegisterChanged) in its own transaction; the compute job stamps the version it
 * read before the register onto the snapshot. A stamp other than the current version (or none: computed before
 * this rule) is refused: the round must be computed again, which replaces its snapshot under the same number.
 */
export function refuseStaleSnapshot(roundNo: number, computedOn: number | null, current: number): void {
  if (computedOn === current) return;
  throw new DomainError(
    'CONFLICT',
    `第${roundNo}轮清退计算后，债权登记（确认、异议、导入、暂缓清退、收款人或银行退回）又有变化，请重新计算后再批准`,
    [{ field: '/round', message: '须重新计算' }],
  );
}
