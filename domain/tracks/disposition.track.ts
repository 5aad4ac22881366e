// 资产处置：统一处置方案、清退轮次、处置完毕.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import { type Common, caseAction, fen, schema, text } from './kernel';
import { approveRoundTransition, computeRoundTransition, refundRoundTerms } from '../claims.track';
import { LIMITS } from '../reference';

export interface ApproveDisposalPlan extends Common {
  planSummary: string;
  poolFen: number;
}
export interface ComputeRefundRound extends Common {
  /** What this round distributes, integer 分: at most what was realized less what earlier rounds paid. */
  poolFen: number;
}
export interface ApproveRefundRound extends Common {
  round: number;
}

// Rounds follow the unified disposal plan (统一处置方案): the pool comes from what it realizes.
const planApproved = ({ caseState }: { caseState: { disposalPlanApproved: boolean } }) =>
  caseState.disposalPlanApproved ? null : '统一处置方案尚未批准';
export interface CompleteDisposition extends Common {
  summary: string;
}

export const DISPOSITION = {
  approve_disposal_plan: caseAction<ApproveDisposalPlan>({
    title: '批准统一处置方案',
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
    apply: (s, p) => {
      const { state, notices, lead } = s;
      s.next = { ...s.next, disposalPlanApproved: true };
      notices.push({
        kind: 'disposal_plan',
        issuerRole: 'financial_office',
        regionCode: lead,
        addressee: { text: 'all_regions' },
        copyTo: state.regions.map((r) => ({ role: 'financial_office', regionCode: r.code })),
        facts: { ...p, realizedFen: state.realizedFen },
      });
    },
  }),
  // 统一资产处置 (seed 十三): one ratio for every region's participants, computed by the lead region over the whole
  // case. 2014《关于办理非法集资刑事案件适用法律若干问题的意见》第五条 and 涉财产执行规定 第十条: returned in proportion to
  // each loss; the arithmetic is domain/refunds.ts, run by the compute job over the register (a snapshot).
  compute_refund_round: caseAction<ComputeRefundRound>({
    title: '计算清退轮次',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<ComputeRefundRound>(
      { poolFen: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
      ['poolFen'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: planApproved,
    apply: (s, p) => {
      const { state, ctx } = s;
      const jobId = ctx.newId();
      const { rounds, roundNo } = computeRoundTransition(
        state.refundRounds ?? [],
        p.poolFen,
        ctx.actor.userId,
        state.realizedFen,
        jobId,
      );
      s.next = { ...s.next, refundRounds: rounds };
      s.effects.push({
        kind: 'compute_refund_round',
        roundNo,
        poolFen: p.poolFen,
        realizedFen: state.realizedFen,
        jobId,
        by: ctx.actor.userId,
      });
    },
  }),
  // Four eyes: a different person approves (the leader of the lead region), and an approved round never changes.
  // Approval issues the 清退公告 and one 清退通知书 per participant (条例 第二十六条) and the bank's payment file, in
  // the approve job (activities/refunds.bulk.ts), through the bulk notice path.
  approve_refund_round: caseAction<ApproveRefundRound>({
    title: '批准清退轮次',
    roles: ['leader'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<ApproveRefundRound>({ round: { type: 'integer', minimum: 1 } }, ['round'], false),
    notices: ['refund_announcement', 'refund_notice'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: planApproved,
    apply: (s, p) => {
      const { state, ctx } = s;
      s.next = {
        ...s.next,
        refundRounds: approveRoundTransition(state.refundRounds ?? [], p.round, ctx.actor.userId),
      };
      s.effects.push({
        kind: 'approve_refund_round',
        roundNo: p.round,
        jobId: ctx.newId(),
        by: ctx.actor.userId,
        terms: refundRoundTerms(state.requirements.at(-1)),
      });
    },
  }),
  complete_disposition: caseAction<CompleteDisposition>({
    title: '资产处置完毕，转入善后维稳',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['asset_disposition'],
    payloadSchema: schema<CompleteDisposition>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: planApproved,
    apply: (s, _p) => {
      const { moveTo } = s;
      moveTo('stabilization');
    },
  }),
};
