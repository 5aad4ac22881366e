// 资产处置：统一处置方案、清退轮次、处置完毕.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import { type Common, caseAction, fen, noChange, schema, text } from './kernel';
import { LIMITS } from '../reference';

export interface ApproveDisposalPlan extends Common {
  planSummary: string;
  poolFen: number;
}
export interface RefundRoundRequest extends Common {
  round?: number;
}
export interface RefundRoundRequest extends Common {
  round?: number;
}
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
  compute_refund_round: caseAction<RefundRoundRequest>({
    title: '计算清退轮次',
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
    apply: noChange,
  }),
  approve_refund_round: caseAction<RefundRoundRequest>({
    title: '批准清退轮次',
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
    apply: noChange,
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
    precondition: ({ caseState }) => (caseState.disposalPlanApproved ? null : '统一处置方案尚未批准'),
    apply: (s, _p) => {
      const { moveTo } = s;
      moveTo('stabilization');
    },
  }),
};
