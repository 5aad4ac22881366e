// 审查起诉：移送审查起诉、退回补充侦查、起诉与不起诉.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type ActingUnit,
  type Regional,
  type RegionStep,
  anyPending,
  dueEndMs,
  extendDeadline,
  reroll,
  findOpen,
  fulfilDeadline,
  leadOfficeOf,
  names,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { invalidTransition } from '../errors';
import { type DeadlineRuleCode, addPeriod, extensionOf, freezeRuleOf } from '../deadlines';
import { LIMITS } from '../reference';
import {
  type NonProsecutionRecord,
  NON_PROSECUTION_TYPES,
  type NonProsecutionType,
  type RegionState,
} from '../case.types';
import { regionAbove } from './courts';

export interface TransferForProsecution extends Regional {
  suspects: string[];
  offence: string;
  /** 认罪认罚、符合速裁程序适用条件 (刑诉法 第一百七十二条第一款): reviewed within 10 days, not a month. */
  fastTrack?: boolean;
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
  /** 'intermediate' for a case that may carry life imprisonment (刑诉法 第二十一条), e.g. the gravest 集资诈骗. */
  courtLevel?: 'basic' | 'intermediate';
}
export interface DeclineProsecution extends Regional {
  reason: string;
  /** 法定 (刑诉法 第一百七十七条第一款), 酌定 (第二款) or 存疑 (第一百七十五条第四款) 不起诉. */
  type: NonProsecutionType;
  /**
   * 检察意见 to the 主管机关 (第一百七十七条第三款) where the person needs an administrative penalty or the
   * illegal gains must be confiscated: the frozen property then stays frozen for that body to deal with.
   * Absent: every freeze of this track is released with the decision.
   */
  prosecutorialOpinion?: string;
}
export interface RequestNonProsecutionReconsideration extends Regional {
  reason: string;
}
export interface DecideNonProsecutionReconsideration extends Regional {
  upheld: boolean;
  reason: string;
}
export interface RecordNonProsecutionAppeal extends Regional {
  by: 'victim' | 'person';
  summary: string;
}

/** Where the remedies against a non-prosecution run: beside the main line once the region's phase ended. */
const AFTER_DECISION = ['asset_disposition', 'early_warning', 'stabilization'] as const;

/**
 * The procuratorate's decision on the police's 复议 (its own, 检察规则 第三百七十九条第二款) or 复核 (the one above,
 * 第三百八十条) of a non-prosecution: upheld or revoked, settling that level's clock.
 */
const decideNonProsecutionRemedy = (
  level: 'reconsideration' | 'review',
  title: string,
  rule: DeadlineRuleCode,
  nothingPending: string,
  actingUnit?: ActingUnit,
) =>
  regionAction<DecideNonProsecutionReconsideration>({
    title,
    roles: ['procuratorate'],
    leadOnly: false,
    stages: AFTER_DECISION,
    ...(actingUnit ? { actingUnit } : {}),
    payloadSchema: schema<DecideNonProsecutionReconsideration>(
      { upheld: { type: 'boolean' }, reason: text() },
      ['upheld', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [rule],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.nonProsecution?.[level] === 'requested' ? null : nothingPending),
    apply: (s, p) => {
      s.fulfil(rule);
      s.next = {
        ...s.next,
        nonProsecution: { ...s.next.nonProsecution!, [level]: p.upheld ? 'upheld' : 'revoked' },
      };
      if (!p.upheld) revokeNonProsecution(s, level);
    },
  });

/**
 * The non-prosecution is revoked (检察规则 第三百七十九条: 复议 by the deciding procuratorate; 第三百八十条: 复核
 * by the one above, which 撤销、变更 the decision or directs it corrected): the decision no longer ends the
 * case, so the region's phase runs again at 审查起诉 and `indict` is open to the procuratorate. The record
 * stays on the track, marked revoked, and the 申诉 windows against a decision that no longer stands end.
 *
 * No review clock starts again: 刑诉法 第一百七十二条 counts the month from the case's receipt and
 * 第一百七十五条第三款 recounts it only after supplementary investigation; no article gives a new period after
 * a revocation, so none is invented (docs/decisions/0021, 2026-12-03).
 */
const revokeNonProsecution = (s: RegionStep, level: 'reconsideration' | 'review') => {
  s.fulfil('NON_PROSECUTION_VICTIM_APPEAL');
  s.fulfil('NON_PROSECUTION_PERSON_APPEAL');
  s.next = {
    ...s.next,
    nonProsecution: { ...s.next.nonProsecution!, revokedAt: s.at, revokedOn: level },
    prosecutionExtended: false,
  };
  s.reopenPhase('prosecution');
};

/** The review clock that runs now: the ordinary one or the fast track's (刑诉法 第一百七十二条). */
const REVIEW_RULES: DeadlineRuleCode[] = ['PROSECUTION_REVIEW', 'FAST_TRACK_PROSECUTION_REVIEW'];
const openReview = (r: RegionState) =>
  REVIEW_RULES.map((rule) => findOpen(r, rule)).find((d) => d !== undefined);
const fulfilReview = (s: RegionStep) => {
  const d = openReview(s.next);
  if (d) s.changed.push(fulfilDeadline(d, s.at, s.name));
};

export const PROSECUTION = {
  transfer_for_prosecution: regionAction<TransferForProsecution>({
    title: '移送审查起诉',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<TransferForProsecution>(
      { suspects: names, offence: text(LIMITS.nameMax), fastTrack: { type: 'boolean' } },
      ['suspects', 'offence'],
      true,
    ),
    notices: ['prosecution_opinion'],
    startsDeadlines: ['PROSECUTION_REVIEW', 'FAST_TRACK_PROSECUTION_REVIEW'],
    stopsDeadlines: ['INVESTIGATION_CUSTODY', 'SUPPLEMENTARY_INVESTIGATION'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不能移送审查起诉'
        : region!.arrestPending
          ? '提请批准逮捕尚在审查中'
          : null),
    apply: (s, p) => {
      const { notices, start, fulfil, procuratorate } = s;
      // Each suspect's 侦查羁押期限 ends with the transfer (issue 13: one clock per suspect).
      s.fulfilEvery('INVESTIGATION_CUSTODY');
      fulfil('SUPPLEMENTARY_INVESTIGATION');
      // A return from supplementary investigation restarts the review clock in full (刑诉法 art.175).
      // 速裁: 十日以内作出决定 (刑诉法 第一百七十二条第一款).
      start(p.fastTrack ? 'FAST_TRACK_PROSECUTION_REVIEW' : 'PROSECUTION_REVIEW', {
        inCustody: s.next.inCustody,
      });
      // The review period is recounted after supplementary investigation (刑诉法 第一百七十五条第三款), so
      // it may be extended by 15 days again (第一百七十二条).
      s.next = {
        ...s.next,
        stage: 'prosecution',
        inSupplementaryInvestigation: false,
        prosecutionExtended: false,
      };
      notices.push(notice(s.r, 'prosecution_opinion', 'police', procuratorate, { ...p }));
    },
  }),
  return_for_supplementary_investigation: regionAction<ReturnForSupplementaryInvestigation>({
    title: '退回补充侦查',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<ReturnForSupplementaryInvestigation>({ outline: text() }, ['outline'], true),
    notices: ['supplementary_investigation'],
    startsDeadlines: ['SUPPLEMENTARY_INVESTIGATION'],
    stopsDeadlines: ['PROSECUTION_REVIEW', 'FAST_TRACK_PROSECUTION_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.supplementaryRounds >= 2 ? '补充侦查以二次为限（刑诉法第一百七十五条）' : null),
    apply: (s, p) => {
      const { at, name, changed, notices, start, police } = s;
      const d = openReview(s.next);
      if (d) changed.push({ ...fulfilDeadline(d, at, name) });
      start('SUPPLEMENTARY_INVESTIGATION', { inCustody: s.next.inCustody });
      s.next = {
        ...s.next,
        stage: 'police_filing',
        supplementaryRounds: s.next.supplementaryRounds + 1,
        inSupplementaryInvestigation: true,
      };
      notices.push(
        notice(s.r, 'supplementary_investigation', 'procuratorate', police, {
          ...p,
          round: s.next.supplementaryRounds,
        }),
      );
    },
  }),
  extend_prosecution_review: regionAction<ExtendProsecutionReview>({
    title: '延长审查起诉期限',
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
    apply: (s, _p) => {
      const { ctx, changed } = s;
      const d = openReview(s.next);
      if (!d) throw invalidTransition('没有正在计算的审查起诉期限');
      // 刑诉法 第一百七十二条第一款: 重大、复杂的案件，可以延长十五日; 速裁, 可能判处的有期徒刑超过一年的，
      // 可以延长至十五日. Each review period, recounted after supplementary investigation, may be extended once.
      const ext =
        d.rule === 'FAST_TRACK_PROSECUTION_REVIEW'
          ? extensionOf('FAST_TRACK_PROSECUTION_REVIEW', 'over_one_year')
          : extensionOf('PROSECUTION_REVIEW', 'major_complex');
      changed.push(
        ext.mode === 'to'
          ? reroll(
              { ...d, extensions: [...d.extensions, ext.code] },
              addPeriod(d.startedOn, ext.period),
              ctx.calendar,
            )
          : extendDeadline(d, ext, ctx.calendar),
      );
      s.next = { ...s.next, prosecutionExtended: true };
    },
  }),
  indict: regionAction<Indict>({
    title: '提起公诉',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<Indict>(
      {
        defendants: names,
        offence: text(LIMITS.nameMax),
        court: text(LIMITS.nameMax),
        courtLevel: { type: 'string', enum: ['basic', 'intermediate'] },
      },
      ['defendants', 'offence', 'court'],
      true,
    ),
    notices: ['indictment'],
    // The trial clock starts when the court receives the case (刑诉法 第二百零八条: receive_case).
    startsDeadlines: [],
    stopsDeadlines: ['PROSECUTION_REVIEW', 'FAST_TRACK_PROSECUTION_REVIEW'],
    apply: (s, p) => {
      const { code, notices } = s;
      fulfilReview(s);
      const firstInstanceCourt = p.courtLevel ?? 'basic';
      const court = firstInstanceCourt === 'intermediate' ? regionAbove(code, 1) : code;
      if (!court) throw invalidTransition('无法确定中级人民法院');
      s.next = {
        ...s.next,
        stage: 'trial',
        trialInstance: 1,
        trialExtensions: 0,
        judgmentDelivered: false,
        firstInstanceCourt,
        trialExtensionApplied: null,
        retried: false,
      };
      notices.push(
        notice(s.r, 'indictment', 'procuratorate', { role: 'court', regionCode: court }, { ...p }),
      );
    },
  }),
  decline_prosecution: regionAction<DeclineProsecution>({
    title: '不起诉',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<DeclineProsecution>(
      {
        reason: text(),
        type: { type: 'string', enum: [...NON_PROSECUTION_TYPES] },
        prosecutorialOpinion: text(),
      },
      ['reason', 'type'],
      true,
    ),
    notices: ['non_prosecution'],
    startsDeadlines: ['NON_PROSECUTION_VICTIM_APPEAL', 'NON_PROSECUTION_PERSON_APPEAL'],
    stopsDeadlines: ['PROSECUTION_REVIEW', 'FAST_TRACK_PROSECUTION_REVIEW'],
    apply: (s, p) => {
      const { code, notices, endPhase, police, at, name, changed } = s;
      fulfilReview(s);
      // 刑诉法 第一百七十七条第三款: 应当同时对侦查中查封、扣押、冻结的财物解除查封、扣押、冻结; where the
      // person needs an administrative penalty or the gains must be confiscated, a 检察意见 goes to the
      // 主管机关 instead (here the 处置非法集资牵头部门, the lead office copied below) and the property stays.
      const frozen = s.next.freezes.filter((f) => f.state === 'frozen');
      const release = p.prosecutorialOpinion === undefined;
      if (release) {
        for (const f of frozen) {
          const d = findOpen(s.next, freezeRuleOf(f.assetKind), f.id);
          if (d) changed.push({ ...d, state: 'met', endedAt: at, endedBy: name });
        }
        s.next = {
          ...s.next,
          freezes: s.next.freezes.map((f) => (f.state === 'frozen' ? { ...f, state: 'released' } : f)),
        };
      }
      // 被害人 (集资参与人) may appeal to the procuratorate above within 7 days (第一百八十条); the person not
      // prosecuted only against a 酌定不起诉 (第一百八十一条). Counted from the decision, served the same day.
      s.start('NON_PROSECUTION_VICTIM_APPEAL');
      if (p.type === 'discretionary') s.start('NON_PROSECUTION_PERSON_APPEAL');
      const record: NonProsecutionRecord = {
        type: p.type,
        decidedAt: at,
        reconsideration: 'none',
        review: 'none',
        appeals: [],
      };
      // An earlier decision (revoked on 复议 or 复核, or from an earlier referral) stays on the track.
      const earlier = s.next.nonProsecution
        ? [...(s.next.earlierNonProsecutions ?? []), s.next.nonProsecution]
        : s.next.earlierNonProsecutions;
      s.next = { ...s.next, nonProsecution: record, ...(earlier ? { earlierNonProsecutions: earlier } : {}) };
      // Served on the person not prosecuted (第一百七十八条) and sent to the police (第一百七十九条).
      notices.push(
        notice(
          s.r,
          'non_prosecution',
          'procuratorate',
          { text: 'subjects' },
          {
            ...p,
            releasedFreezes: release ? frozen.length : 0,
            releasedFen: release ? frozen.reduce((a, f) => a + f.amountFen, 0) : 0,
          },
          [police, leadOfficeOf(code)],
        ),
      );
      endPhase('not_prosecuted');
    },
  }),
  request_non_prosecution_reconsideration: regionAction<RequestNonProsecutionReconsideration>({
    title: '公安机关要求复议不起诉决定',
    roles: ['police'],
    leadOnly: false,
    stages: AFTER_DECISION,
    payloadSchema: schema<RequestNonProsecutionReconsideration>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: ['NON_PROSECUTION_RECONSIDERATION'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.nonProsecution?.reconsideration !== 'none'
        ? region!.nonProsecution
          ? '已经要求复议'
          : '本地区没有不起诉决定'
        : null),
    apply: (s, _p) => {
      // 刑诉法 第一百七十九条; 检察规则 第三百七十九条第二款: decided within 30 days of the request.
      s.start('NON_PROSECUTION_RECONSIDERATION');
      s.next = { ...s.next, nonProsecution: { ...s.next.nonProsecution!, reconsideration: 'requested' } };
    },
  }),
  decide_non_prosecution_reconsideration: decideNonProsecutionRemedy(
    'reconsideration',
    '不起诉决定复议决定',
    'NON_PROSECUTION_RECONSIDERATION',
    '没有待决定的复议',
  ),
  request_non_prosecution_review: regionAction<RequestNonProsecutionReconsideration>({
    title: '公安机关提请上一级人民检察院复核不起诉决定',
    roles: ['police'],
    leadOnly: false,
    stages: AFTER_DECISION,
    payloadSchema: schema<RequestNonProsecutionReconsideration>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: ['NON_PROSECUTION_REVIEW'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.nonProsecution?.reconsideration !== 'upheld'
        ? '复议维持不起诉决定后才能提请复核（刑诉法第一百七十九条）'
        : region!.nonProsecution.review !== 'none'
          ? '已经提请复核'
          : null),
    apply: (s, _p) => {
      // 检察规则 第三百八十条: the procuratorate above decides within 30 days.
      s.start('NON_PROSECUTION_REVIEW');
      s.next = { ...s.next, nonProsecution: { ...s.next.nonProsecution!, review: 'requested' } };
    },
  }),
  decide_non_prosecution_review: decideNonProsecutionRemedy(
    'review',
    '上一级人民检察院复核决定',
    'NON_PROSECUTION_REVIEW',
    '没有待决定的复核',
    'superior',
  ),
  record_non_prosecution_appeal: regionAction<RecordNonProsecutionAppeal>({
    title: '登记对不起诉决定的申诉',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: AFTER_DECISION,
    payloadSchema: schema<RecordNonProsecutionAppeal>(
      { by: { type: 'string', enum: ['victim', 'person'] }, summary: text() },
      ['by', 'summary'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.nonProsecution ? null : '本地区没有不起诉决定'),
    apply: (s, p) => {
      const np = s.next.nonProsecution!;
      // 刑诉法 第一百八十一条: the person not prosecuted appeals only a 酌定不起诉 (第一百七十七条第二款).
      if (p.by === 'person' && np.type !== 'discretionary')
        throw invalidTransition(
          '被不起诉人只能对依照刑诉法第一百七十七条第二款作出的不起诉决定申诉（第一百八十一条）',
        );
      // Within the 7 days the 申诉 is reviewed by the procuratorate above (victim, 检察规则 第三百八十一条) or
      // by the deciding one (person); after them it is examined as a complaint (检察规则 第三百八十二条).
      const window = p.by === 'victim' ? 'NON_PROSECUTION_VICTIM_APPEAL' : 'NON_PROSECUTION_PERSON_APPEAL';
      const w = findOpen(s.next, window);
      const inTime = !!w && Date.parse(s.at) < dueEndMs(w);
      s.next = {
        ...s.next,
        nonProsecution: { ...np, appeals: [...np.appeals, { by: p.by, inTime, at: s.at }] },
      };
    },
  }),
};
