// 审判：一审、上诉、二审.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
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
import { invalidTransition } from '../errors';
import { extensionOf } from '../deadlines';
import { LIMITS } from '../reference';
import { APPEAL_OUTCOMES, type AppealOutcome } from '../notices';

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

export const TRIAL = {
  extend_trial: regionAction<ExtendTrial>({
    title: '延长审理期限',
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
    apply: (s, _p) => {
      const { ctx, changed } = s;
      const rule = s.next.trialInstance === 2 ? 'SECOND_INSTANCE_TRIAL' : 'FIRST_INSTANCE_TRIAL';
      const d = findOpen(s.next, rule);
      if (!d) throw invalidTransition('没有正在计算的审理期限');
      // First instance: to 3 months (第二百零八条), then +3 with the higher court's approval; second: +2 (第二百四十三条).
      const code =
        rule === 'SECOND_INSTANCE_TRIAL'
          ? 'high_court_approval'
          : s.next.trialExtensions === 0
            ? 'third_month'
            : 'higher_court_approval';
      changed.push(extendDeadline(d, extensionOf(rule, code), ctx.calendar));
      s.next = { ...s.next, trialExtensions: s.next.trialExtensions + 1 };
    },
  }),
  deliver_judgment: regionAction<DeliverJudgment>({
    title: '宣告一审判决',
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
    apply: (s, p) => {
      const { code, notices, start, fulfil, procuratorate } = s;
      fulfil('FIRST_INSTANCE_TRIAL');
      start('APPEAL_WINDOW');
      s.next = { ...s.next, judgmentDelivered: true };
      notices.push(
        notice(s.r, 'judgment', 'court', { text: 'parties' }, { ...p, instance: 1 }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
    },
  }),
  file_appeal: regionAction<FileAppeal>({
    title: '上诉、抗诉，进入二审',
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
    apply: (s, _p) => {
      const { at, name, changed, start } = s;
      const w = findOpen(s.next, 'APPEAL_WINDOW');
      if (!w || Date.parse(at) >= dueEndMs(w))
        throw invalidTransition('上诉期限已届满（刑诉法第二百三十条）');
      changed.push({ ...w, state: 'met', endedAt: at, endedBy: name });
      start('SECOND_INSTANCE_TRIAL', { inCustody: s.next.inCustody });
      s.next = { ...s.next, trialInstance: 2, trialExtensions: 0 };
    },
  }),
  deliver_final_judgment: regionAction<DeliverFinalJudgment>({
    title: '宣告二审裁判（维持原判的裁定或改判的判决）',
    roles: ['court'],
    leadOnly: false,
    stages: ['trial'],
    payloadSchema: finalJudgmentSchema,
    notices: ['judgment'],
    startsDeadlines: [],
    stopsDeadlines: ['SECOND_INSTANCE_TRIAL'],
    precondition: ({ region }) => anyPending(region) ?? (region!.trialInstance !== 2 ? '案件不在二审' : null),
    apply: (s, p) => {
      const { code, notices, fulfil, endPhase, procuratorate } = s;
      fulfil('SECOND_INSTANCE_TRIAL');
      notices.push(
        notice(s.r, 'judgment', 'court', { text: 'parties' }, { ...p, instance: 2 }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
      endPhase('judgment_effective');
    },
  }),
};
