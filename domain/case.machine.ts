// Pure transitions of the case (parent) and of each region's part (child). The workflows call these and
// persist what they return; nothing here does I/O or reads a clock — `now` and ids are passed in.
import type * as P from './catalogue';
import type { ActionName } from './catalogue';
import type {
  Actor,
  CasePhase,
  CaseState,
  Deadline,
  Freeze,
  NoticeRequest,
  OpenCaseInput,
  Petition,
  RegionOutcome,
  RegionState,
  RegionSummary,
  Stage,
} from './case.types';
import { type HolidayCalendar, endOfShanghaiDay, shanghaiDateOf } from './calendar';
import {
  DEADLINE_RULES,
  type DeadlineExtension,
  type DeadlineRuleCode,
  type Period,
  addPeriod,
  computeDue,
  extendDue,
  assertCanPause,
  extensionOf,
  freezeRuleOf,
  periodOf,
  resumeAfterPause,
  rollOverDue,
  subtractWorkingDays,
} from './deadlines';
import { DomainError, invalidTransition } from './errors';
import { isOpen, isPending } from './deadline-state';
import type { Role } from './reference';

export interface MachineContext {
  actor: Actor;
  occurredAt: string;
  /** Deterministic id source (uuid4 inside a workflow). */
  newId: () => string;
  calendar: HolidayCalendar;
  progressBulletinDays: number;
}

export interface Transition<S> {
  state: S;
  notices: NoticeRequest[];
  /** Deadlines added or changed by this transition (the projection upserts them). */
  deadlines: Deadline[];
}

export interface RegionTransition extends Transition<RegionState> {
  phaseEnded: RegionOutcome | null;
}

export interface CaseTransition extends Transition<CaseState> {
  phaseChanged: CasePhase | null;
  /** refer_to_police: the regions whose police received a transfer (移送). */
  transferredTo?: string[];
  /** add_region: the new region's track, before it enters the case's phase. */
  addedTrack?: RegionState;
}

// ---------------------------------------------------------------------------------------------------------
// Deadlines

export function startDeadline(
  rule: DeadlineRuleCode,
  opts: {
    start: string;
    regionCode: string | null;
    subjectId?: string | null;
    inCustody?: boolean;
    period?: Period;
    newId: () => string;
    calendar: HolidayCalendar;
  },
): Deadline {
  const def = DEADLINE_RULES[rule];
  const period = opts.period ?? def.period;
  const inCustody = opts.inCustody ?? false;
  const baseDueOn = addPeriod(opts.start, period);
  const due = computeDue({
    period,
    start: opts.start,
    rollOver: def.rollOver,
    inCustody,
    calendar: opts.calendar,
  });
  return {
    id: opts.newId(),
    rule,
    regionCode: opts.regionCode,
    subjectId: opts.subjectId ?? null,
    responsibleRole: def.responsibleRole,
    startedOn: opts.start,
    baseDueOn,
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    inCustody,
    state: 'running',
    extensions: [],
    pausedOn: null,
    endedAt: null,
    endedBy: null,
    missedAt: null,
    remindedAt: null,
    warnings: due.warnings,
  };
}

/** Re-apply roll-over to a moved base due date (after an extension or a pause). */
function reroll(d: Deadline, baseDueOn: string, calendar: HolidayCalendar): Deadline {
  const due = rollOverDue(baseDueOn, {
    rollOver: DEADLINE_RULES[d.rule].rollOver,
    inCustody: d.inCustody,
    calendar,
  });
  return {
    ...d,
    baseDueOn,
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    warnings: due.warnings,
  };
}

export const dueEndMs = (d: Deadline): number => endOfShanghaiDay(d.dueOn);

/**
 * The obligation behind a deadline was fulfilled at `occurredAt`. Met when on or before the due date —
 * even if the deadline had already been flagged missed (an action entered late but dated in time) —
 * otherwise missed, and resolved late.
 */
export function fulfilDeadline(d: Deadline, occurredAt: string, by: string): Deadline {
  if (d.endedAt !== null) return d;
  const inTime = Date.parse(occurredAt) < dueEndMs(d) || d.state === 'paused';
  if (inTime) return { ...d, state: 'met', endedAt: occurredAt, endedBy: by, missedAt: null };
  return {
    ...d,
    state: 'missed',
    missedAt: d.missedAt ?? new Date(dueEndMs(d)).toISOString(),
    endedAt: occurredAt,
    endedBy: by,
  };
}

/**
 * An extension (延长) as domain/deadlines.ts states it: its period runs on from the unrolled due date
 * (extendDue) and the deadline records the extension's code. Whether it is still allowed is the caller's.
 */
function extendDeadline(d: Deadline, ext: DeadlineExtension, calendar: HolidayCalendar): Deadline {
  if (d.extensions.filter((x) => x === ext.code).length >= ext.maxTimes) {
    throw invalidTransition(`该期限已按「${ext.basis}」延长过，不能再次延长`);
  }
  const due = extendDue({
    // baseDueOn is the due date before roll-over (Deadline.baseDueOn), which is what an extension runs on from.
    unrolledDueOn: d.baseDueOn,
    extension: ext.period,
    rollOver: DEADLINE_RULES[d.rule].rollOver,
    inCustody: d.inCustody,
    calendar,
  });
  const moved: Deadline = {
    ...d,
    baseDueOn: addPeriod(d.baseDueOn, ext.period),
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    warnings: due.warnings,
  };
  // An extension granted after the old due date had passed revives the deadline: the clock runs again.
  const revived =
    d.state === 'missed' && d.endedAt === null ? { state: 'running' as const, missedAt: null } : {};
  return { ...moved, ...revived, extensions: [...d.extensions, ext.code] };
}

/** A deadline re-based on another of its rule's periods from the same start (a major case's 30 days). */
function rebaseDeadline(d: Deadline, variant: string, calendar: HolidayCalendar): Deadline {
  const moved = reroll(d, addPeriod(d.startedOn, periodOf(d.rule, variant)), calendar);
  const revived =
    d.state === 'missed' && d.endedAt === null ? { state: 'running' as const, missedAt: null } : {};
  return { ...moved, ...revived, extensions: [...d.extensions, variant] };
}

interface Settled {
  deadlines: Deadline[];
  notices: NoticeRequest[];
}

/**
 * Everything whose due date has passed by `nowMs` (or the one a scaled timer fired for): duties are
 * flagged missed with a 督办通知, windows elapse (met), terms lapse (missed).
 */
export function settleDeadlines(
  deadlines: readonly Deadline[],
  nowMs: number,
  force: ReadonlySet<string> = new Set(),
): Settled {
  const out: Deadline[] = [];
  const notices: NoticeRequest[] = [];
  for (const d of deadlines) {
    if (d.state !== 'running') continue;
    if (!(dueEndMs(d) <= nowMs || force.has(d.id))) continue;
    const def = DEADLINE_RULES[d.rule];
    const at = new Date(Math.min(nowMs, dueEndMs(d))).toISOString();
    if (def.kind === 'window') {
      out.push({ ...d, state: 'met', endedAt: at, endedBy: 'elapsed' });
      continue;
    }
    out.push({ ...d, state: 'missed', missedAt: at });
    if (d.regionCode !== null || d.rule === 'PROGRESS_BULLETIN') {
      notices.push(supervisionNotice(d));
    }
  }
  return { deadlines: out, notices };
}

function supervisionNotice(d: Deadline): NoticeRequest {
  const def = DEADLINE_RULES[d.rule];
  const region = d.regionCode ?? '';
  return {
    kind: 'supervision',
    issuerRole: 'financial_office',
    regionCode: region,
    addressee: { role: d.responsibleRole, regionCode: region },
    copyTo: [{ role: 'leader', regionCode: region }],
    facts: {
      deadlineId: d.id,
      rule: d.rule,
      deadlineTitle: def.title,
      basis: def.basis,
      startedOn: d.startedOn,
      dueOn: d.dueOn,
    },
  };
}

export interface Wakeup {
  atMs: number;
  deadlineId: string;
  kind: 'due' | 'reminder';
}

/** The earliest moment something must happen to a running deadline: its reminder, or its end. */
export function nextWakeup(
  deadlines: readonly Deadline[],
  reminderWorkingDays: number,
  calendar: HolidayCalendar,
): Wakeup | null {
  let best: Wakeup | null = null;
  for (const d of deadlines) {
    if (d.state !== 'running') continue;
    const def = DEADLINE_RULES[d.rule];
    if (d.remindedAt === null && reminderWorkingDays > 0 && def.kind !== 'window') {
      const on = subtractWorkingDays(d.dueOn, reminderWorkingDays, calendar);
      if (on > d.startedOn) {
        const at = endOfShanghaiDay(on) - 24 * 3600_000 + 9 * 3600_000; // 09:00 that day
        if (!best || at < best.atMs) best = { atMs: at, deadlineId: d.id, kind: 'reminder' };
      }
    }
    const at = dueEndMs(d);
    if (!best || at < best.atMs) best = { atMs: at, deadlineId: d.id, kind: 'due' };
  }
  return best;
}

export const replaceDeadlines = (all: readonly Deadline[], changed: readonly Deadline[]): Deadline[] => {
  const byId = new Map(changed.map((d) => [d.id, d]));
  const merged = all.map((d) => byId.get(d.id) ?? d);
  for (const d of changed) if (!all.some((x) => x.id === d.id)) merged.push(d);
  return merged;
};

// ---------------------------------------------------------------------------------------------------------
// Case (parent)

export function newCaseState(
  caseId: string,
  caseNo: string,
  input: OpenCaseInput,
  occurredAt: string,
): CaseState {
  const codes = [input.leadRegionCode, ...input.assistingRegionCodes];
  return {
    caseId,
    caseNo,
    leadRegionCode: input.leadRegionCode,
    phase: 'detection',
    regions: codes.map<RegionSummary>((code, i) => ({
      code,
      role: i === 0 ? 'lead' : 'assisting',
      stage: 'pending',
      outcome: null,
      runningPetitionDeadlines: 0,
      stabilizationConcluded: false,
    })),
    disposalPlanApproved: false,
    realizedFen: 0,
    realizations: [],
    requirements: [],
    progressBulletinDays: input.progressBulletinDays ?? null,
    deadlines: [],
    bulletins: 0,
    lastEventAt: occurredAt,
  };
}

export function applyCaseAction(
  state: CaseState,
  name: ActionName,
  payload: Record<string, unknown>,
  ctx: MachineContext,
  tracks: readonly RegionState[],
): CaseTransition {
  const at = ctx.occurredAt;
  const today = shanghaiDateOf(Date.parse(at));
  const notices: NoticeRequest[] = [];
  let deadlines: Deadline[] = [];
  let next: CaseState = { ...state, lastEventAt: at };
  let phaseChanged: CasePhase | null = null;
  let transferredTo: string[] | undefined;
  let addedTrack: RegionState | undefined;
  const moveTo = (phase: CasePhase) => {
    next = { ...next, phase };
    phaseChanged = phase;
  };
  const lead = state.leadRegionCode;

  switch (name) {
    case 'dismiss_lead':
      moveTo('closed');
      break;
    case 'issue_warning': {
      const p = payload as unknown as P.IssueWarning;
      moveTo('early_warning');
      const base = { issuerRole: 'financial_office' as Role, regionCode: lead, copyTo: [], facts: { ...p } };
      notices.push({ ...base, kind: 'early_warning', addressee: { text: 'subjects' } });
      if (p.measures?.includes('interview'))
        notices.push({ ...base, kind: 'interview', addressee: { text: 'subjects' } });
      if (p.measures?.includes('stop_order'))
        notices.push({ ...base, kind: 'stop_order', addressee: { text: 'subjects' } });
      break;
    }
    case 'resolve_administratively':
      moveTo('stabilization');
      break;
    case 'refer_to_police': {
      const p = payload as unknown as P.ReferToPolice;
      const codes = state.regions.map((r) => r.code);
      const unknown = (p.regionCodes ?? []).filter((c) => !codes.includes(c));
      if (unknown.length) {
        throw new DomainError('VALIDATION_FAILED', '移送地区不是本案的涉案地区', [
          { field: '/regionCodes', message: `不是本案的涉案地区：${unknown.join('、')}` },
        ]);
      }
      // 分别侦查诉讼: one 移送书 to each region's police, each addressed to that region's police, unless the
      // referral names fewer regions (行政执法机关移送涉嫌犯罪案件的规定 第三条、第六条).
      transferredTo = p.regionCodes?.length ? codes.filter((c) => p.regionCodes!.includes(c)) : codes;
      moveTo('regional');
      for (const code of transferredTo) {
        notices.push({
          kind: 'criminal_transfer',
          issuerRole: 'financial_office',
          regionCode: lead,
          addressee: { role: 'police', regionCode: code },
          copyTo: [{ role: 'procuratorate', regionCode: code }],
          facts: { ...payload, transferRegionCode: code },
        });
      }
      if (state.regions.length > 1) {
        const d = startBulletin(today, ctx);
        deadlines.push(d);
      }
      break;
    }
    case 'approve_disposal_plan':
      next = { ...next, disposalPlanApproved: true };
      notices.push({
        kind: 'disposal_plan',
        issuerRole: 'financial_office',
        regionCode: lead,
        addressee: { text: 'all_regions' },
        copyTo: state.regions.map((r) => ({ role: 'financial_office', regionCode: r.code })),
        facts: { ...payload, realizedFen: state.realizedFen },
      });
      break;
    case 'record_asset_realization': {
      const p = payload as unknown as P.RecordAssetRealization;
      const asset = p.assetId
        ? tracks.flatMap((t) => t.freezes.map((f) => ({ f, code: t.code }))).find((x) => x.f.id === p.assetId)
        : undefined;
      if (p.assetId && !asset) throw new DomainError('NOT_FOUND', '资产池中没有该资产');
      next = {
        ...next,
        realizedFen: state.realizedFen + p.amountFen,
        realizations: [
          ...state.realizations,
          {
            id: ctx.newId(),
            assetId: p.assetId ?? null,
            regionCode: asset?.code ?? null,
            description: p.description,
            amountFen: p.amountFen,
            at,
          },
        ],
      };
      break;
    }
    case 'add_region': {
      const p = payload as unknown as P.AddRegion;
      if (state.regions.some((r) => r.code === p.regionCode))
        throw invalidTransition('该地区已是本案的涉案地区');
      addedTrack = newRegionState(state.caseId, p.regionCode, 'assisting', true, at);
      if (
        state.phase === 'regional' &&
        !state.deadlines.some((d) => d.rule === 'PROGRESS_BULLETIN' && isOpen(d))
      ) {
        deadlines.push(startBulletin(today, ctx));
      }
      break;
    }
    case 'set_requirements': {
      const p = payload as unknown as P.SetRequirements;
      const version = (state.requirements.at(-1)?.version ?? 0) + 1;
      next = {
        ...next,
        requirements: [
          ...state.requirements,
          {
            version,
            setAt: at,
            setBy: ctx.actor.userId,
            registrationCriteria: p.registrationCriteria,
            registrationFrom: p.registrationFrom ?? null,
            registrationUntil: p.registrationUntil ?? null,
            objectionDays: p.objectionDays ?? null,
            evidenceStandards: p.evidenceStandards,
            disposalPrinciples: p.disposalPrinciples,
            excludedGroups: p.excludedGroups ?? [],
          },
        ],
      };
      break;
    }
    case 'complete_disposition':
      moveTo('stabilization');
      break;
    case 'close_case':
      moveTo('closed');
      break;
    case 'send_progress_bulletin': {
      const running = state.deadlines.find((d) => d.rule === 'PROGRESS_BULLETIN' && isOpen(d));
      next = { ...next, bulletins: state.bulletins + 1 };
      notices.push(bulletinNotice(state, (payload as unknown as P.SendProgressBulletin).progress, tracks));
      if (running) {
        deadlines.push(fulfilDeadline(running, at, name));
        deadlines.push(startBulletin(today, ctx));
      }
      break;
    }
    case 'issue_correction': {
      const p = payload as unknown as P.IssueCorrection;
      // Named as the caller's unit; the notice service issues it in the name of the unit that issued the
      // corrected notice (NOTICE_KINDS.correction.issuerFollowsCorrected), which the API has checked is
      // the caller's, and sends it to that notice's addressees. No stage or deadline moves.
      notices.push({
        kind: 'correction',
        issuerRole: ctx.actor.role === 'system' ? 'financial_office' : ctx.actor.role,
        regionCode: ctx.actor.regionCode ?? lead,
        addressee: { text: 'case_file' },
        copyTo: [],
        facts: { correctsNoticeId: p.noticeId, errors: p.errors, reason: p.reason ?? null },
      });
      break;
    }
    default:
      throw invalidTransition(`「${name}」不是案件层面的操作`);
  }
  if (phaseChanged === 'closed') {
    deadlines = [...deadlines, ...state.deadlines.filter(isOpen).map((d) => fulfilDeadline(d, at, name))];
  }
  next = { ...next, deadlines: replaceDeadlines(next.deadlines, deadlines) };
  return { state: next, notices, deadlines, phaseChanged, transferredTo, addedTrack };
}

/** The interval of 定期通报 (seed 十三): the case's own when set, else the system's (PROGRESS_BULLETIN). */
const startBulletin = (start: string, ctx: MachineContext): Deadline =>
  startDeadline('PROGRESS_BULLETIN', {
    start,
    regionCode: null,
    period: { unit: 'day', amount: ctx.progressBulletinDays },
    newId: ctx.newId,
    calendar: ctx.calendar,
  });

/**
 * 工作进展通报 (seed 十三, 定期通报): to every region's leading-group office, each region's stage, running and
 * missed deadlines, assets frozen and realized, and petitions open.
 */
function bulletinNotice(state: CaseState, progress: string, tracks: readonly RegionState[]): NoticeRequest {
  return {
    kind: 'progress_bulletin',
    issuerRole: 'financial_office',
    regionCode: state.leadRegionCode,
    addressee: { text: 'all_regions' },
    copyTo: state.regions.filter((r) => r.role === 'assisting').map((r) => leadOfficeOf(r.code)),
    facts: {
      progress,
      number: state.bulletins + 1,
      regions: tracks.map((t) => {
        const realized = state.realizations.filter((x) => x.regionCode === t.code);
        return {
          code: t.code,
          role: t.role,
          stage: t.stage,
          outcome: t.outcome,
          runningDeadlines: t.deadlines.filter((d) => d.state === 'running').length,
          missedDeadlines: t.deadlines.filter((d) => d.state === 'missed' && d.endedAt === null).length,
          frozenFen: t.freezes.filter((f) => f.state === 'frozen').reduce((a, f) => a + f.amountFen, 0),
          realizedFen: realized.reduce((a, x) => a + x.amountFen, 0),
          openPetitions: t.petitions.filter((x) => !x.answered).length,
        };
      }),
    },
  };
}
const leadOfficeOf = (regionCode: string) => ({ role: 'financial_office' as Role, regionCode });

/** The fixed-interval bulletin (seed 十三, 定期通报): issued by the system when the interval ends. */
export function applyBulletinDue(
  state: CaseState,
  deadlineId: string,
  ctx: MachineContext,
  tracks: readonly RegionState[],
): CaseTransition {
  const d = state.deadlines.find((x) => x.id === deadlineId);
  if (!d || d.state !== 'running') return { state, notices: [], deadlines: [], phaseChanged: null };
  const met: Deadline = { ...d, state: 'met', endedAt: ctx.occurredAt, endedBy: 'system' };
  const nextD = startBulletin(d.dueOn, ctx);
  const notice = bulletinNotice(state, '按照统一指挥协调的要求，定期通报案件办理进展。', tracks);
  const deadlines = [met, nextD];
  return {
    state: {
      ...state,
      bulletins: state.bulletins + 1,
      deadlines: replaceDeadlines(state.deadlines, deadlines),
    },
    notices: [notice],
    deadlines,
    phaseChanged: null,
  };
}

/** A region's separate phase ended; when every region's has, the case moves on by itself. */
export function caseMovesOn(state: CaseState): { state: CaseState; phaseChanged: CasePhase | null } {
  const regions = state.regions;
  let next: CaseState = state;
  if (state.phase !== 'regional' || regions.some((r) => r.outcome === null))
    return { state: next, phaseChanged: null };
  const phase: CasePhase = regions.some((r) => r.outcome === 'judgment_effective')
    ? 'asset_disposition'
    : 'early_warning';
  next = { ...next, phase };
  if (phase === 'early_warning') {
    // Administrative handling goes on; the regions may be referred again.
    next = {
      ...next,
      regions: regions.map((r) => ({ ...r, stage: 'pending', outcome: null })),
    };
  }
  return { state: next, phaseChanged: phase };
}

// ---------------------------------------------------------------------------------------------------------
// Region (child)

export function newRegionState(
  caseId: string,
  code: string,
  role: 'lead' | 'assisting',
  crossRegion: boolean,
  occurredAt: string,
): RegionState {
  return {
    caseId,
    code,
    role,
    casePhase: 'detection',
    stage: 'pending',
    endedInStage: null,
    outcome: null,
    crossRegion,
    filed: false,
    filingExtensions: [],
    arrestPending: false,
    inCustody: false,
    custodyExtensions: 0,
    supplementaryRounds: 0,
    inSupplementaryInvestigation: false,
    prosecutionExtended: false,
    trialInstance: null,
    judgmentDelivered: false,
    trialExtensions: 0,
    stabilizationConcluded: false,
    petitions: [],
    freezes: [],
    deadlines: [],
    lastEventAt: occurredAt,
  };
}

export function summarizeRegion(r: RegionState): RegionSummary {
  return {
    code: r.code,
    role: r.role,
    stage: r.stage,
    outcome: r.outcome,
    runningPetitionDeadlines: r.deadlines.filter((d) => d.rule.startsWith('PETITION_') && isPending(d))
      .length,
    stabilizationConcluded: r.stabilizationConcluded,
  };
}

/** The case entered (or left) a phase; the region mirrors it and, on referral, opens its filing review. */
export function applyCasePhase(
  r: RegionState,
  phase: CasePhase,
  occurredAt: string,
  ctx: Pick<MachineContext, 'newId' | 'calendar'> & { transferred: boolean },
): { state: RegionState; deadlines: Deadline[] } {
  let next: RegionState = { ...r, casePhase: phase };
  const deadlines: Deadline[] = [];
  if (phase === 'regional' && r.stage !== 'police_filing') {
    const start = shanghaiDateOf(Date.parse(occurredAt));
    next = {
      ...next,
      stage: 'police_filing',
      endedInStage: null,
      outcome: null,
      filed: false,
      filingExtensions: [],
      lastEventAt: occurredAt,
    };
    // The transfer-review clock runs only where police received a transfer (移送规定 第八条); every region's
    // police review for filing on their own local suspects as well.
    if (ctx.transferred) {
      deadlines.push(
        startDeadline('ADMIN_TRANSFER_REVIEW', {
          start,
          regionCode: r.code,
          newId: ctx.newId,
          calendar: ctx.calendar,
        }),
      );
    }
    deadlines.push(
      startDeadline('FILING_REVIEW', { start, regionCode: r.code, newId: ctx.newId, calendar: ctx.calendar }),
    );
  } else if (phase === 'early_warning' && r.stage === 'ended') {
    next = { ...next, stage: 'pending', outcome: null, endedInStage: null };
  }
  if (phase === 'closed') {
    for (const d of r.deadlines.filter(isOpen)) deadlines.push(fulfilDeadline(d, occurredAt, 'close_case'));
  }
  next = { ...next, deadlines: replaceDeadlines(next.deadlines, deadlines) };
  return { state: next, deadlines };
}

/** The order in which investigation custody is extended (刑诉法 第一百五十六、一百五十八、一百五十九条). */
const CUSTODY_EXTENSIONS = ['complex', 'major_wide_reaching', 'heavy_sentence'] as const;

const findOpen = (r: RegionState, rule: DeadlineRuleCode, subjectId?: string) =>
  r.deadlines.find(
    (d) => d.rule === rule && isPending(d) && (subjectId === undefined || d.subjectId === subjectId),
  );

const freezeRule = freezeRuleOf;

function notice(
  r: RegionState,
  kind: NoticeRequest['kind'],
  issuerRole: Role,
  addressee: NoticeRequest['addressee'],
  facts: Record<string, unknown>,
  copyTo: NoticeRequest['copyTo'] = [],
): NoticeRequest {
  return { kind, issuerRole, regionCode: r.code, addressee, copyTo, facts };
}

export function applyRegionAction(
  r: RegionState,
  name: ActionName,
  payload: Record<string, unknown>,
  ctx: MachineContext,
): RegionTransition {
  const at = ctx.occurredAt;
  const today = shanghaiDateOf(Date.parse(at));
  const notices: NoticeRequest[] = [];
  const changed: Deadline[] = [];
  let next: RegionState = { ...r, lastEventAt: at };
  let phaseEnded: RegionOutcome | null = null;
  const code = r.code;
  const start = (
    rule: DeadlineRuleCode,
    o: { period?: Period; subjectId?: string; inCustody?: boolean } = {},
  ) => {
    const d = startDeadline(rule, {
      start: today,
      regionCode: code,
      newId: ctx.newId,
      calendar: ctx.calendar,
      ...o,
    });
    changed.push(d);
    return d;
  };
  const fulfil = (rule: DeadlineRuleCode, subjectId?: string) => {
    const d = findOpen(next, rule, subjectId);
    if (d) changed.push(fulfilDeadline(d, at, name));
    return d;
  };
  const endPhase = (outcome: RegionOutcome) => {
    phaseEnded = outcome;
    next = {
      ...next,
      endedInStage: next.stage === 'ended' || next.stage === 'pending' ? null : next.stage,
      stage: 'ended',
      outcome,
    };
  };
  const petition = (id: string): Petition => {
    const p = next.petitions.find((x) => x.id === id);
    if (!p) throw new DomainError('NOT_FOUND', '信访事项不存在');
    return p;
  };
  const freeze = (id: string): Freeze => {
    const f = next.freezes.find((x) => x.id === id);
    if (!f) throw new DomainError('NOT_FOUND', '冻结记录不存在');
    return f;
  };
  const police = { role: 'police' as Role, regionCode: code };
  const procuratorate = { role: 'procuratorate' as Role, regionCode: code };

  switch (name) {
    case 'file_case':
      fulfil('ADMIN_TRANSFER_REVIEW');
      fulfil('FILING_REVIEW');
      next = { ...next, filed: true };
      notices.push(
        notice(r, 'filing_decision', 'police', { text: 'case_file' }, { ...payload }, [leadOfficeOf(code)]),
      );
      break;
    case 'decline_filing':
      fulfil('ADMIN_TRANSFER_REVIEW');
      fulfil('FILING_REVIEW');
      notices.push(notice(r, 'non_filing', 'police', leadOfficeOf(code), { ...payload }));
      endPhase('unfiled');
      break;
    case 'extend_filing_review': {
      const p = payload as unknown as P.ExtendFilingReview;
      if (next.filingExtensions.includes(p.ground)) throw invalidTransition('该理由的延长已经办理');
      if (p.ground === 'cross_region' && !next.crossRegion) throw invalidTransition('本案不是跨区域案件');
      if (p.ground === 'cross_region' && !next.filingExtensions.includes('major')) {
        throw invalidTransition('跨区域延长须在重大案件三十日期限基础上办理');
      }
      const d = findOpen(next, 'FILING_REVIEW');
      if (!d) throw invalidTransition('没有正在计算的立案审查期限');
      // 7 days → a major case's 30 days from the same start; then +30 cross-region (经济犯罪案件规定 第十五条).
      changed.push(
        p.ground === 'major'
          ? rebaseDeadline(d, 'major', ctx.calendar)
          : extendDeadline(d, extensionOf('FILING_REVIEW', 'cross_region'), ctx.calendar),
      );
      next = { ...next, filingExtensions: [...next.filingExtensions, p.ground] };
      break;
    }
    case 'request_arrest': {
      const p = payload as unknown as P.RequestArrest;
      start('ARREST_REVIEW', {
        period: periodOf('ARREST_REVIEW', p.detained ? 'detained' : 'not_detained'),
        inCustody: p.detained,
      });
      next = { ...next, arrestPending: true };
      notices.push(notice(r, 'arrest_request', 'police', procuratorate, { ...p }));
      break;
    }
    case 'decide_arrest': {
      const p = payload as unknown as P.DecideArrest;
      fulfil('ARREST_REVIEW');
      next = { ...next, arrestPending: false };
      if (p.approved) {
        next = { ...next, inCustody: true };
        if (next.stage === 'police_filing' && !findOpen(next, 'INVESTIGATION_CUSTODY')) {
          start('INVESTIGATION_CUSTODY', { inCustody: true });
        }
      }
      notices.push(
        notice(r, p.approved ? 'arrest_approval' : 'arrest_refusal', 'procuratorate', police, { ...p }),
      );
      break;
    }
    case 'extend_investigation_custody': {
      const d = findOpen(next, 'INVESTIGATION_CUSTODY');
      if (!d) throw invalidTransition('没有正在计算的侦查羁押期限');
      // 刑诉法 第一百五十六条 (+1 month), 第一百五十八条 (+2), 第一百五十九条 (+2), in that order.
      const code = CUSTODY_EXTENSIONS[next.custodyExtensions];
      if (!code) throw invalidTransition('侦查羁押期限的延长已用尽（刑诉法第一百五十六至一百五十九条）');
      changed.push(extendDeadline(d, extensionOf('INVESTIGATION_CUSTODY', code), ctx.calendar));
      next = { ...next, custodyExtensions: next.custodyExtensions + 1 };
      break;
    }
    case 'freeze_assets': {
      const p = payload as unknown as P.FreezeAssets;
      const f: Freeze = {
        id: ctx.newId(),
        unitId: ctx.actor.unitId,
        frozenAt: at,
        assetKind: p.assetKind,
        holderName: p.holderName,
        institution: p.institution,
        accountNo: p.accountNo,
        amountFen: p.amountFen,
        state: 'frozen',
        renewals: 0,
      };
      const d = start(freezeRule(p.assetKind), { subjectId: f.id });
      next = { ...next, freezes: [...next.freezes, f] };
      notices.push(
        notice(
          r,
          'freeze_assist',
          'police',
          { text: p.institution },
          { ...p, freezeId: f.id, renewal: false, dueOn: d.dueOn, startedOn: d.startedOn },
        ),
      );
      break;
    }
    case 'renew_freeze': {
      const p = payload as unknown as P.RenewFreeze;
      const f = freeze(p.freezeId);
      if (f.state !== 'frozen') throw invalidTransition('该财产已解除冻结或冻结已失效，不能续冻');
      const old = findOpen(next, freezeRule(f.assetKind), f.id);
      if (!old || Date.parse(at) >= dueEndMs(old)) {
        throw invalidTransition(
          '冻结期限已届满，应当在期限届满前办理续冻（公安机关办理刑事案件程序规定第二百四十条）',
        );
      }
      changed.push({ ...old, state: 'met', endedAt: at, endedBy: name });
      const d = start(freezeRule(f.assetKind), { subjectId: f.id });
      next = {
        ...next,
        freezes: next.freezes.map((x) => (x.id === f.id ? { ...x, renewals: x.renewals + 1 } : x)),
      };
      notices.push(
        notice(
          r,
          'freeze_assist',
          'police',
          { text: f.institution },
          { ...f, freezeId: f.id, renewal: true, dueOn: d.dueOn, startedOn: d.startedOn },
        ),
      );
      break;
    }
    case 'release_freeze': {
      const p = payload as unknown as P.ReleaseFreeze;
      const f = freeze(p.freezeId);
      if (f.state !== 'frozen') throw invalidTransition('该财产不处于冻结状态');
      const d = findOpen(next, freezeRule(f.assetKind), f.id);
      if (d) changed.push({ ...d, state: 'met', endedAt: at, endedBy: name });
      next = { ...next, freezes: next.freezes.map((x) => (x.id === f.id ? { ...x, state: 'released' } : x)) };
      break;
    }
    case 'transfer_for_prosecution': {
      fulfil('INVESTIGATION_CUSTODY');
      fulfil('SUPPLEMENTARY_INVESTIGATION');
      // A return from supplementary investigation restarts the review clock in full (刑诉法 art.175).
      start('PROSECUTION_REVIEW', { inCustody: next.inCustody });
      // The review period is recounted after supplementary investigation (刑诉法 第一百七十五条第三款), so
      // it may be extended by 15 days again (第一百七十二条).
      next = {
        ...next,
        stage: 'prosecution',
        inSupplementaryInvestigation: false,
        prosecutionExtended: false,
      };
      notices.push(notice(r, 'prosecution_opinion', 'police', procuratorate, { ...payload }));
      break;
    }
    case 'return_for_supplementary_investigation': {
      const d = findOpen(next, 'PROSECUTION_REVIEW');
      if (d) changed.push({ ...fulfilDeadline(d, at, name) });
      start('SUPPLEMENTARY_INVESTIGATION', { inCustody: next.inCustody });
      next = {
        ...next,
        stage: 'police_filing',
        supplementaryRounds: next.supplementaryRounds + 1,
        inSupplementaryInvestigation: true,
      };
      notices.push(
        notice(r, 'supplementary_investigation', 'procuratorate', police, {
          ...payload,
          round: next.supplementaryRounds,
        }),
      );
      break;
    }
    case 'extend_prosecution_review': {
      const d = findOpen(next, 'PROSECUTION_REVIEW');
      if (!d) throw invalidTransition('没有正在计算的审查起诉期限');
      changed.push(extendDeadline(d, extensionOf('PROSECUTION_REVIEW', 'major_complex'), ctx.calendar));
      next = { ...next, prosecutionExtended: true };
      break;
    }
    case 'indict':
      fulfil('PROSECUTION_REVIEW');
      start('FIRST_INSTANCE_TRIAL', { inCustody: next.inCustody });
      next = { ...next, stage: 'trial', trialInstance: 1, trialExtensions: 0, judgmentDelivered: false };
      notices.push(
        notice(r, 'indictment', 'procuratorate', { role: 'court', regionCode: code }, { ...payload }),
      );
      break;
    case 'decline_prosecution':
      fulfil('PROSECUTION_REVIEW');
      notices.push(
        notice(r, 'non_prosecution', 'procuratorate', police, { ...payload }, [leadOfficeOf(code)]),
      );
      endPhase('not_prosecuted');
      break;
    case 'extend_trial': {
      const rule = next.trialInstance === 2 ? 'SECOND_INSTANCE_TRIAL' : 'FIRST_INSTANCE_TRIAL';
      const d = findOpen(next, rule);
      if (!d) throw invalidTransition('没有正在计算的审理期限');
      // First instance: to 3 months (第二百零八条), then +3 with the higher court's approval; second: +2 (第二百四十三条).
      const code =
        rule === 'SECOND_INSTANCE_TRIAL'
          ? 'high_court_approval'
          : next.trialExtensions === 0
            ? 'third_month'
            : 'higher_court_approval';
      changed.push(extendDeadline(d, extensionOf(rule, code), ctx.calendar));
      next = { ...next, trialExtensions: next.trialExtensions + 1 };
      break;
    }
    case 'deliver_judgment':
      fulfil('FIRST_INSTANCE_TRIAL');
      start('APPEAL_WINDOW');
      next = { ...next, judgmentDelivered: true };
      notices.push(
        notice(r, 'judgment', 'court', { text: 'parties' }, { ...payload, instance: 1 }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
      break;
    case 'file_appeal': {
      const w = findOpen(next, 'APPEAL_WINDOW');
      if (!w || Date.parse(at) >= dueEndMs(w))
        throw invalidTransition('上诉期限已届满（刑诉法第二百三十条）');
      changed.push({ ...w, state: 'met', endedAt: at, endedBy: name });
      start('SECOND_INSTANCE_TRIAL', { inCustody: next.inCustody });
      next = { ...next, trialInstance: 2, trialExtensions: 0 };
      break;
    }
    case 'deliver_final_judgment':
      fulfil('SECOND_INSTANCE_TRIAL');
      notices.push(
        notice(r, 'judgment', 'court', { text: 'parties' }, { ...payload, instance: 2 }, [
          procuratorate,
          leadOfficeOf(code),
        ]),
      );
      endPhase('judgment_effective');
      break;
    case 'pause_deadline': {
      const p = payload as unknown as P.PauseDeadline;
      const d = next.deadlines.find((x) => x.id === p.deadlineId);
      if (!d) throw new DomainError('NOT_FOUND', '期限不存在');
      if (d.state !== 'running') throw invalidTransition('只能中止正在计算的期限');
      assertCanPause(d.rule, p.reason);
      changed.push({ ...d, state: 'paused', pausedOn: today });
      break;
    }
    case 'resume_deadline': {
      const p = payload as unknown as P.ResumeDeadline;
      const d = next.deadlines.find((x) => x.id === p.deadlineId);
      if (!d) throw new DomainError('NOT_FOUND', '期限不存在');
      if (d.state !== 'paused' || d.pausedOn === null) throw invalidTransition('该期限未中止');
      // The paused days are excluded from the period (刑诉法 第一百四十九条、第二百零六条).
      const moved = reroll(d, resumeAfterPause(d.baseDueOn, d.pausedOn, today), ctx.calendar);
      changed.push({ ...moved, state: 'running', pausedOn: null });
      break;
    }
    case 'log_petition': {
      const p = payload as unknown as P.LogPetition;
      const accept = p.accept ?? true;
      const pet: Petition = {
        id: ctx.newId(),
        petitionerName: p.petitionerName,
        summary: p.summary,
        accepted: accept,
        answered: false,
        reviews: 0,
        loggedAt: at,
      };
      next = { ...next, petitions: [...next.petitions, pet] };
      if (accept) {
        const d = start('PETITION_HANDLING', { subjectId: pet.id });
        notices.push(
          notice(
            r,
            'petition_acceptance',
            'petition_bureau',
            { text: p.petitionerName },
            { ...p, petitionId: pet.id, dueOn: d.dueOn },
          ),
        );
      } else {
        start('PETITION_ROUTING', { subjectId: pet.id });
      }
      break;
    }
    case 'accept_petition': {
      const p = payload as unknown as P.AcceptPetition;
      const pet = petition(p.petitionId);
      if (pet.accepted) throw invalidTransition('该信访事项已受理');
      fulfil('PETITION_ROUTING', pet.id);
      const d = start('PETITION_HANDLING', { subjectId: pet.id });
      next = {
        ...next,
        petitions: next.petitions.map((x) => (x.id === pet.id ? { ...x, accepted: true } : x)),
      };
      notices.push(
        notice(
          r,
          'petition_acceptance',
          'petition_bureau',
          { text: pet.petitionerName },
          { ...pet, petitionId: pet.id, dueOn: d.dueOn },
        ),
      );
      break;
    }
    case 'extend_petition_handling': {
      const p = payload as unknown as P.PetitionRef;
      const pet = petition(p.petitionId);
      const d = findOpen(next, 'PETITION_HANDLING', pet.id);
      if (!d) throw invalidTransition('该信访事项没有正在计算的办理期限');
      if (d.extensions.length > 0)
        throw invalidTransition('信访事项办理期限只能延长一次（信访工作条例第三十四条）');
      changed.push(extendDeadline(d, extensionOf('PETITION_HANDLING', 'head_approval'), ctx.calendar));
      break;
    }
    case 'answer_petition': {
      const p = payload as unknown as P.AnswerPetition;
      const pet = petition(p.petitionId);
      const d = findOpen(next, 'PETITION_REVIEW', pet.id) ?? findOpen(next, 'PETITION_HANDLING', pet.id);
      if (!d) throw invalidTransition(pet.accepted ? '该信访事项没有待办理的期限' : '该信访事项尚未受理');
      changed.push(fulfilDeadline(d, at, name));
      next = {
        ...next,
        petitions: next.petitions.map((x) => (x.id === pet.id ? { ...x, answered: true } : x)),
      };
      notices.push(
        notice(
          r,
          'petition_opinion',
          'petition_bureau',
          { text: pet.petitionerName },
          { ...p, petitionerName: pet.petitionerName, petitionSummary: pet.summary, review: pet.reviews },
        ),
      );
      break;
    }
    case 'request_petition_review': {
      const p = payload as unknown as P.PetitionRef;
      const pet = petition(p.petitionId);
      if (!pet.answered) throw invalidTransition('该信访事项尚未出具处理意见');
      if (findOpen(next, 'PETITION_REVIEW', pet.id))
        throw invalidTransition('该信访事项的复查（复核）正在办理');
      if (pet.reviews >= 2) throw invalidTransition('复核意见为最终意见，不再受理（信访工作条例第三十六条）');
      start('PETITION_REVIEW', { subjectId: pet.id });
      next = {
        ...next,
        petitions: next.petitions.map((x) => (x.id === pet.id ? { ...x, reviews: x.reviews + 1 } : x)),
      };
      break;
    }
    case 'record_stabilization_measure':
      break;
    case 'conclude_stabilization':
      next = { ...next, stabilizationConcluded: true };
      break;
    default:
      throw invalidTransition(`「${name}」不是地区层面的操作`);
  }
  next = { ...next, deadlines: replaceDeadlines(next.deadlines, changed) };
  return { state: next, notices, deadlines: changed, phaseEnded };
}

/** A timer fired, or an action was dated after due dates: settle the region's deadlines as of `nowMs`. */
export function settleRegion(
  r: RegionState,
  nowMs: number,
  force: ReadonlySet<string> = new Set(),
): RegionTransition {
  const settled = settleDeadlines(r.deadlines, nowMs, force);
  let next: RegionState = { ...r, deadlines: replaceDeadlines(r.deadlines, settled.deadlines) };
  let phaseEnded: RegionOutcome | null = null;
  for (const d of settled.deadlines) {
    if (
      d.rule === 'APPEAL_WINDOW' &&
      d.state === 'met' &&
      next.stage === 'trial' &&
      next.trialInstance === 1
    ) {
      // Nobody appealed within the window: the first-instance judgment takes effect (刑诉法 art.230, 259).
      phaseEnded = 'judgment_effective';
      next = { ...next, endedInStage: 'trial', stage: 'ended', outcome: phaseEnded };
    }
    if (d.rule.startsWith('FREEZE_') && d.state === 'missed') {
      next = {
        ...next,
        freezes: next.freezes.map((f) =>
          f.id === d.subjectId && f.state === 'frozen' ? { ...f, state: 'lapsed' } : f,
        ),
      };
    }
  }
  return { state: next, notices: settled.notices, deadlines: settled.deadlines, phaseEnded };
}

export function markReminded(deadlines: readonly Deadline[], id: string, at: string): Deadline | null {
  const d = deadlines.find((x) => x.id === id);
  return d && d.state === 'running' && d.remindedAt === null ? { ...d, remindedAt: at } : null;
}

/** The stage shown for a region: its own stage in the regional phase, else the case's. */
export function regionDisplayStage(r: RegionState): Stage {
  if (r.casePhase !== 'regional') return r.casePhase;
  if (r.stage === 'ended') return r.endedInStage ?? 'police_filing';
  if (r.stage === 'pending') return 'police_filing';
  return r.stage;
}

const REGIONAL_ORDER = ['police_filing', 'prosecution', 'trial'] as const;

/** A cross-region case's stage during the separate phase is the least advanced regional stage. */
export function caseStageOf(
  phase: CasePhase,
  regions: readonly Pick<RegionState, 'stage' | 'outcome'>[],
): Stage {
  if (phase !== 'regional') return phase;
  const active = regions.filter((r) => r.outcome === null && r.stage !== 'ended' && r.stage !== 'pending');
  if (active.length === 0) return 'trial';
  return REGIONAL_ORDER[
    Math.min(...active.map((r) => REGIONAL_ORDER.indexOf(r.stage as (typeof REGIONAL_ORDER)[number])))
  ];
}
