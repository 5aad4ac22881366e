// 公安受案与不立案的救济 (issue 13 items 4 and 15, docs/decisions/0017).
// The police open a filing review themselves from a report, complaint, tip, surrender or their own discovery
// (公安程序规定 第一百六十九条; 刑诉法 第一百零九条、第一百一十条), not only from a transfer; the refused filing then
// has its remedies: the 不予立案通知书 served on the complainant within 3 days (第一百七十八条第二款), 复议 within 7
// days decided in 30 and 复核 at the next level within 7 decided in 30 (第一百七十九条); a refused transfer's
// 复议 within 3 days decided in 3 (移送规定 第九条); and 立案监督 (刑诉法 第一百一十三条; 检察规则 第五百六十条、
// 第五百六十三条). Each action's entry, payload, schema, precondition and transition side by side.
import {
  type Common,
  type Regional,
  anyPending,
  caseAction,
  findOpen,
  grantOnDeadline,
  optText,
  regionAction,
  schema,
  text,
} from './kernel';
import type { RegionState } from '../case.types';
import { DomainError, invalidTransition } from '../errors';
import { LIMITS } from '../reference';

/** 公安程序规定 第一百六十九条 (扭送、报案、控告、举报、投案自首) and 刑诉法 第一百零九条 (发现犯罪事实). */
export const INTAKE_SOURCES = [
  'report',
  'complaint',
  'tip',
  'surrender',
  'citizen_arrest',
  'own_discovery',
] as const;
export type IntakeSource = (typeof INTAKE_SOURCES)[number];

export interface PoliceIntake {
  source: IntakeSource;
  /** A 控告人 who must be served a refusal (公安程序规定 第一百七十八条第二款) and may seek 复议/复核. */
  hasComplainant: boolean;
  /** Whom the 不予立案通知书 is addressed to (a name only; no identity number is kept here). */
  complainantName: string | null;
  acceptedAt: string;
}

/** Why a refused filing is to be filed after all. */
export type FilingOrderBasis = 'reconsideration' | 'transfer_reconsideration' | 'supervision';

export interface ReopenFiling extends Common {
  reason: string;
}

export interface AcceptPoliceReport extends Common {
  source: IntakeSource;
  summary: string;
  complainantName?: string;
}
export interface ServeNonFilingNotice extends Regional {
  servedOn?: string;
}
export interface RequestFilingReconsideration extends Regional {
  /** 复议 by the deciding police, or 复核 by the next level (第一百七十九条第一款、第二款). */
  level: 'reconsideration' | 'review';
  grounds: string;
}
export interface DecideFilingReconsideration extends Regional {
  level: 'reconsideration' | 'review';
  /** true: the refusal stands; false: the refusal is set aside and the case is to be filed. */
  upheld: boolean;
  reason: string;
}
export interface ExtendFilingReconsideration extends Regional {
  level: 'reconsideration' | 'review';
  reason: string;
}
export interface RequestTransferReconsideration extends Regional {
  grounds: string;
}
export interface DecideTransferReconsideration extends Regional {
  file: boolean;
  reason: string;
}
export interface RequestFilingExplanation extends Regional {
  grounds: string;
}
export interface ExplainNonFiling extends Regional {
  explanation: string;
}
export interface OrderFiling extends Regional {
  reason: string;
}

/**
 * A remedy runs on a track whose filing was refused: in the separate phase the region's phase has ended
 * (actions beside the main line carry 'asset_disposition'), in a case back in early warning the track is
 * pending. 'police_filing' keeps it for a region whose track was reopened.
 */
const REMEDY_STAGES = ['police_filing', 'early_warning', 'asset_disposition'] as const;
const needs = (rule: Parameters<typeof findOpen>[1], reason: string) => (r: RegionState | undefined) =>
  anyPending(r) ?? (findOpen(r!, rule) ? null : reason);

export const INTAKE = {
  accept_police_report: caseAction<AcceptPoliceReport>({
    title: '公安机关受案并进行立案审查',
    roles: ['police'],
    leadOnly: false,
    // Before any transfer: the police need none (公安程序规定 第一百六十九条), and the administrative finding is
    // not a precondition either (条例 第二十三条第二款).
    stages: ['detection', 'early_warning'],
    payloadSchema: schema<AcceptPoliceReport>(
      {
        source: { type: 'string', enum: [...INTAKE_SOURCES] },
        summary: text(),
        complainantName: optText(LIMITS.nameMax),
      },
      ['source', 'summary'],
      false,
    ),
    notices: [],
    startsDeadlines: ['FILING_REVIEW'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const code = s.ctx.actor.regionCode;
      if (!code || !s.state.regions.some((r) => r.code === code)) {
        throw new DomainError('FORBIDDEN', '只能受理本地区涉案的案件');
      }
      if (p.source === 'complaint' && !p.complainantName) {
        throw new DomainError('VALIDATION_FAILED', '控告须写明控告人', [
          { field: '/complainantName', message: '控告案件须填写控告人' },
        ]);
      }
      // Every region's police review under 经济犯罪规定 第十五条 (7 days, 30, +30): nothing was transferred.
      s.transferredTo = [];
      s.moveTo('regional');
      s.trackPatches[code] = {
        intake: {
          source: p.source,
          hasComplainant: Boolean(p.complainantName) || p.source === 'complaint',
          complainantName: p.complainantName ?? null,
          acceptedAt: s.at,
        },
      };
    },
  }),
  reopen_filing: caseAction<ReopenFiling>({
    title: '恢复立案审查以便立案（复议撤销不予立案、移送复议决定立案或者通知立案后）',
    roles: ['police'],
    leadOnly: false,
    // The case is back in early warning (a single region refused) or still in the separate phase (whatever
    // stage the other regions have reached).
    stages: ['early_warning', 'police_filing', 'prosecution', 'trial'],
    payloadSchema: schema<ReopenFiling>({ reason: text() }, ['reason'], false),
    notices: [],
    startsDeadlines: ['FILING_REVIEW'],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      caseState.regions.some((r) => r.outcome === 'unfiled' || r.stage === 'pending')
        ? null
        : '没有可以恢复立案审查的地区',
    apply: (s, _p) => {
      const code = s.ctx.actor.regionCode;
      const track = s.tracks.find((t) => t.code === code);
      if (!track) throw new DomainError('FORBIDDEN', '只能恢复本地区的立案审查');
      if (!track.filingOrdered) {
        throw invalidTransition('本地区没有被撤销的不予立案决定或者通知立案');
      }
      if (s.state.phase === 'early_warning') {
        // Every track re-enters filing review, as on a new referral; this one then files.
        s.transferredTo = [];
        s.moveTo('regional');
        return;
      }
      if (track.stage !== 'ended' || track.outcome !== 'unfiled')
        throw invalidTransition('本地区未作不予立案决定');
      s.trackPatches[track.code] = {
        stage: 'police_filing',
        outcome: null,
        endedInStage: null,
        filed: false,
        filingOrdered: undefined,
      };
    },
  }),
  serve_non_filing_notice: regionAction<ServeNonFilingNotice>({
    title: '向控告人送达不予立案通知书',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<ServeNonFilingNotice>(
      { servedOn: { type: 'string', format: 'date', nullable: true } },
      [],
      true,
    ),
    notices: [],
    startsDeadlines: ['FILING_DENIAL_RECONSIDERATION_WINDOW'],
    stopsDeadlines: ['FILING_DENIAL_NOTICE'],
    precondition: ({ region }) => needs('FILING_DENIAL_NOTICE', '没有待送达的不予立案通知书')(region),
    apply: (s, _p) => {
      s.fulfil('FILING_DENIAL_NOTICE');
      // 第一百七十九条第一款: 在收到不予立案通知书后七日以内 — the window runs from service.
      s.start('FILING_DENIAL_RECONSIDERATION_WINDOW');
    },
  }),
  request_filing_reconsideration: regionAction<RequestFilingReconsideration>({
    title: '控告人申请复议、复核不予立案决定',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<RequestFilingReconsideration>(
      { level: { type: 'string', enum: ['reconsideration', 'review'] }, grounds: text() },
      ['level', 'grounds'],
      true,
    ),
    notices: [],
    startsDeadlines: ['FILING_DENIAL_RECONSIDERATION', 'FILING_DENIAL_REVIEW'],
    stopsDeadlines: ['FILING_DENIAL_RECONSIDERATION_WINDOW', 'FILING_DENIAL_REVIEW_WINDOW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (findOpen(region!, 'FILING_DENIAL_RECONSIDERATION_WINDOW') ||
      findOpen(region!, 'FILING_DENIAL_REVIEW_WINDOW')
        ? null
        : '没有正在计算的复议、复核申请期限'),
    apply: (s, p) => {
      const window =
        p.level === 'reconsideration'
          ? 'FILING_DENIAL_RECONSIDERATION_WINDOW'
          : 'FILING_DENIAL_REVIEW_WINDOW';
      if (!findOpen(s.next, window)) {
        throw invalidTransition(
          p.level === 'reconsideration'
            ? '复议申请期限不在计算中（第一百七十九条第一款）'
            : '复核须在复议决定后七日以内申请（第一百七十九条第二款）',
        );
      }
      s.fulfil(window);
      s.start(p.level === 'reconsideration' ? 'FILING_DENIAL_RECONSIDERATION' : 'FILING_DENIAL_REVIEW');
    },
  }),
  decide_filing_reconsideration: regionAction<DecideFilingReconsideration>({
    title: '作出不予立案复议、复核决定',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<DecideFilingReconsideration>(
      {
        level: { type: 'string', enum: ['reconsideration', 'review'] },
        upheld: { type: 'boolean' },
        reason: text(),
      },
      ['level', 'upheld', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: ['FILING_DENIAL_REVIEW_WINDOW'],
    stopsDeadlines: ['FILING_DENIAL_RECONSIDERATION', 'FILING_DENIAL_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (findOpen(region!, 'FILING_DENIAL_RECONSIDERATION') || findOpen(region!, 'FILING_DENIAL_REVIEW')
        ? null
        : '没有待决的复议、复核申请'),
    apply: (s, p) => {
      const rule = p.level === 'reconsideration' ? 'FILING_DENIAL_RECONSIDERATION' : 'FILING_DENIAL_REVIEW';
      if (!s.fulfil(rule)) throw invalidTransition('没有待决的该级申请');
      // Upheld on 复议: the complainant may ask the next level for 复核 within 7 days of the decision.
      if (p.upheld && p.level === 'reconsideration') s.start('FILING_DENIAL_REVIEW_WINDOW');
      // Set aside: the police are to file (reopen_filing, then file_case).
      if (!p.upheld) s.next = { ...s.next, filingOrdered: 'reconsideration' };
    },
  }),
  extend_filing_reconsideration: regionAction<ExtendFilingReconsideration>({
    title: '延长不予立案复议、复核决定期限',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<ExtendFilingReconsideration>(
      { level: { type: 'string', enum: ['reconsideration', 'review'] }, reason: text() },
      ['level', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (findOpen(region!, 'FILING_DENIAL_RECONSIDERATION') || findOpen(region!, 'FILING_DENIAL_REVIEW')
        ? null
        : '没有待决的复议、复核申请'),
    apply: (s, p) => {
      const rule = p.level === 'reconsideration' ? 'FILING_DENIAL_RECONSIDERATION' : 'FILING_DENIAL_REVIEW';
      const d = findOpen(s.next, rule);
      if (!d) throw invalidTransition('没有待决的该级申请');
      // 公安程序规定 第一百七十九条第三款: 案情重大、复杂的 … 可以延长，但是延长时限不得超过三十日 (once).
      s.changed.push(grantOnDeadline(d, 'major_complex', s.ctx.calendar));
    },
  }),
  request_transfer_reconsideration: regionAction<RequestTransferReconsideration>({
    title: '移送机关提请复议不予立案决定',
    roles: ['financial_office'],
    leadOnly: true,
    stages: REMEDY_STAGES,
    payloadSchema: schema<RequestTransferReconsideration>({ grounds: text() }, ['grounds'], true),
    notices: [],
    startsDeadlines: ['TRANSFER_RECONSIDERATION_DECISION'],
    stopsDeadlines: ['TRANSFER_REFUSAL_RECONSIDERATION_WINDOW'],
    precondition: ({ region }) =>
      needs(
        'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
        '提请复议须在接到不予立案通知书之日起三日内（移送规定第九条）',
      )(region),
    apply: (s, _p) => {
      s.fulfil('TRANSFER_REFUSAL_RECONSIDERATION_WINDOW');
      s.start('TRANSFER_RECONSIDERATION_DECISION');
    },
  }),
  decide_transfer_reconsideration: regionAction<DecideTransferReconsideration>({
    title: '作出移送案件复议决定',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<DecideTransferReconsideration>(
      { file: { type: 'boolean' }, reason: text() },
      ['file', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['TRANSFER_RECONSIDERATION_DECISION'],
    precondition: ({ region }) => needs('TRANSFER_RECONSIDERATION_DECISION', '没有待决的移送复议')(region),
    apply: (s, p) => {
      s.fulfil('TRANSFER_RECONSIDERATION_DECISION');
      // 移送规定 第九条: 作出立案或者不予立案的决定 — to file, the track reopens (reopen_filing, then file_case).
      if (p.file) s.next = { ...s.next, filingOrdered: 'transfer_reconsideration' };
    },
  }),
  request_filing_explanation: regionAction<RequestFilingExplanation>({
    title: '要求公安机关说明不立案理由（立案监督）',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<RequestFilingExplanation>({ grounds: text() }, ['grounds'], true),
    notices: [],
    startsDeadlines: ['FILING_SUPERVISION_EXPLANATION'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.filed
        ? '本地区已立案'
        : findOpen(region!, 'FILING_SUPERVISION_EXPLANATION')
          ? '已要求说明理由'
          : null),
    apply: (s, _p) => {
      s.start('FILING_SUPERVISION_EXPLANATION');
    },
  }),
  explain_non_filing: regionAction<ExplainNonFiling>({
    title: '书面说明不立案理由',
    roles: ['police'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<ExplainNonFiling>({ explanation: text() }, ['explanation'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['FILING_SUPERVISION_EXPLANATION'],
    precondition: ({ region }) =>
      needs('FILING_SUPERVISION_EXPLANATION', '没有要求说明不立案理由的通知')(region),
    apply: (s, _p) => {
      s.fulfil('FILING_SUPERVISION_EXPLANATION');
    },
  }),
  order_filing: regionAction<OrderFiling>({
    title: '通知公安机关立案（立案监督）',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: REMEDY_STAGES,
    payloadSchema: schema<OrderFiling>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: ['FILING_SUPERVISION_ORDER'],
    stopsDeadlines: ['FILING_SUPERVISION_EXPLANATION'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.filed
        ? '本地区已立案'
        : findOpen(region!, 'FILING_SUPERVISION_ORDER')
          ? '已经通知立案'
          : null),
    apply: (s, _p) => {
      // 检察规则 第五百六十三条: the police file within 15 days of the 通知立案书; file_case fulfils it.
      s.fulfil('FILING_SUPERVISION_EXPLANATION');
      s.start('FILING_SUPERVISION_ORDER');
      s.next = { ...s.next, filingOrdered: 'supervision' };
    },
  }),
};
