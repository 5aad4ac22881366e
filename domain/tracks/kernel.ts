// The kernel every track file builds on (docs/decisions/0009): the shape of an action's catalogue entry with
// its transition, the schema builders the entries share, the deadline operations the transitions use, and the
// step objects a transition works on. Tracks are pure: nothing here does I/O or reads a clock.
import type {
  Actor,
  CasePhase,
  CaseState,
  Deadline,
  Freeze,
  NoticeRequest,
  Petition,
  RegionOutcome,
  RegionState,
  Stage,
} from '../case.types';
import { type HolidayCalendar, endOfShanghaiDay, shanghaiDateOf } from '../calendar';
import {
  DEADLINE_RULES,
  type DeadlineExtension,
  type DeadlineRuleCode,
  type Period,
  addPeriod,
  computeDue,
  extendDue,
  freezeRuleOf,
  grantExtension,
  periodOf,
  rollOverDue,
  subtractWorkingDays,
  extensionOf,
  startClock,
} from '../deadlines';
import { DomainError, invalidTransition } from '../errors';
import { isPending } from '../deadline-state';
import type { Role } from '../reference';
import { LIMITS } from '../reference';
import type { NoticeKind } from '../notices';
import { INDEPENDENCE_BASIS, isIndependentBody, oversightNoticeFor } from '../oversight';
import type { ClaimsEffect } from '../claims.track';

export type ActionScope = 'case' | 'region';

/** Fields every action body may carry besides its own payload. */
export interface Common {
  occurredAt?: string;
  note?: string;
}
export interface Regional extends Common {
  regionCode?: string;
}

export const text = (max: number = LIMITS.textMax) =>
  ({ type: 'string', minLength: 1, maxLength: max }) as const;
export const optText = (max: number = LIMITS.textMax) =>
  ({ type: 'string', maxLength: max, nullable: true }) as const;
export const fen = { type: 'integer', minimum: 0, maximum: 9_000_000_000_000_000 } as const;
export const commonProps = {
  // Not nullable: null would pass the schema and then fail in the workflow; leave it out to mean "now".
  occurredAt: { type: 'string', format: 'date-time' },
  note: optText(),
} as const;
export const regionalProps = {
  ...commonProps,
  regionCode: { type: 'string', pattern: '^\\d{6}$', nullable: true },
} as const;
export const names = { type: 'array', minItems: 1, maxItems: 100, items: text(LIMITS.nameMax) } as const;
export const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
export const regionCode = { type: 'string', pattern: '^\\d{6}$' } as const;
export const date = { type: 'string', format: 'date' } as const;

/** 'regionCode' when it is the optional track selector every regional action takes, not a field of T's own. */
type OptionalRegionCode<T> = 'regionCode' extends RequiredKeys<T> ? never : 'regionCode';

/** The keys of T that are not optional. */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T] & string;

/** A payload's JSON Schema. The type parameter names the TypeScript shape it validates, for the reader. */
export interface PayloadSchema<_T = unknown> {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, unknown>;
  required: string[];
}

/**
 * The schema of a payload of shape T. Its properties must name exactly T's own fields (beyond the fields
 * every action takes), and its required list only T's required ones, so the shape and the schema that the
 * API validates with cannot drift apart: a field added to one and not the other fails to compile.
 */
export function schema<T>(
  properties: { [K in Exclude<keyof T, keyof Common | OptionalRegionCode<T>>]-?: unknown },
  required: RequiredKeys<T>[],
  regional: boolean,
): PayloadSchema<T> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { ...(regional ? regionalProps : commonProps), ...properties },
    required,
  };
}

/** Checks that depend on the case but not on the payload; used by allowedActions and by validators. */
export interface CheckContext {
  caseState: CaseState;
  region?: RegionState;
}

export interface ActionSpec {
  name: string;
  title: string;
  scope: ActionScope;
  roles: readonly Role[];
  /** Only users of the case's lead region may take it. */
  leadOnly: boolean;
  /**
   * With leadOnly: roles that an assisting region of the case may take it with too, for its own part only —
   * the transition refuses a payload naming another region's (record_asset_realization).
   */
  assistingRoles?: readonly Role[];
  /** Stages where it is valid: case stages for case actions, regional stages for regional ones. 'open' = any stage before closed. */
  stages: readonly (Stage | 'open')[];
  payloadSchema: PayloadSchema;
  notices: readonly NoticeKind[];
  startsDeadlines: readonly DeadlineRuleCode[];
  stopsDeadlines: readonly DeadlineRuleCode[];
  /** Present when the capability is not built yet: the action is refused with NOT_AVAILABLE, never faked. */
  notAvailable?: string;
  /** Extra payload-independent condition, in Chinese, returning a refusal reason or null. */
  precondition?: (ctx: CheckContext) => string | null;
  /**
   * Whose officers take a regional action when it is not the region's own unit (domain/tracks/courts.ts):
   * the court trying the current instance, the court that approves its extension, the court of first
   * instance, or the body one level up. Absent: the region's own unit of the role.
   */
  actingUnit?: ActingUnit;
}

/** The stage a revoked ending reopens a region's phase at. */
export type ReopenedStage = 'prosecution';

export type ActingUnit = 'trying_court' | 'approving_court' | 'first_instance_court' | 'superior';

export const ANY_OPEN = ['open'] as const;
export const anyPending = (r: RegionState | undefined) => (r ? null : '缺少地区');

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
  /**
   * The region's phase, ended, runs again from this stage (a non-prosecution revoked on 复议 or 复核,
   * 检察规则 第三百七十九、三百八十条): the case returns to the separate phase if it had left it.
   */
  phaseReopened?: ReopenedStage | null;
  /** Work on the claims register, done in Postgres by the persist transaction. */
  effects: ClaimsEffect[];
}

export interface CaseTransition extends Transition<CaseState> {
  phaseChanged: CasePhase | null;
  /** refer_to_police: the regions whose police received a transfer (移送). */
  transferredTo?: string[];
  /** add_region: the new region's track, before it enters the case's phase. */
  addedTrack?: RegionState;
  /** Fields a case action sets on a track after the phase is entered (accept_police_report: the intake). */
  trackPatches?: Record<string, Partial<RegionState>>;
  /** Work on the claims register, done in Postgres by the persist transaction. */
  effects?: ClaimsEffect[];
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
    /** The instant the event happened (the action's occurredAt): where an hour rule counts from. */
    startAt?: string;
    newId: () => string;
    calendar: HolidayCalendar;
  },
): Deadline {
  const def = DEADLINE_RULES[rule];
  const period = opts.period ?? def.period;
  const inCustody = opts.inCustody ?? false;
  if (period.unit === 'hour') return startHourDeadline(rule, { ...opts, period, inCustody });
  // The calendar counts working-day periods (信访工作条例 第二十三条's 5 个工作日).
  const baseDueOn = addPeriod(opts.start, period, opts.calendar);
  const due = computeDue({
    period,
    start: opts.start,
    rollOver: def.rollOver,
    inCustody,
    calendar: opts.calendar,
  });
  return runningDeadline(rule, opts, {
    startedOn: opts.start,
    baseDueOn,
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    inCustody,
    warnings: due.warnings,
  });
}

/** A clock just started: what every new deadline holds besides its dates (running, never extended or ended). */
const runningDeadline = (
  rule: DeadlineRuleCode,
  opts: { newId: () => string; regionCode: string | null; subjectId?: string | null },
  dates: Pick<Deadline, 'startedOn' | 'baseDueOn' | 'dueOn' | 'rolledOverFrom' | 'inCustody' | 'warnings'> &
    Partial<Pick<Deadline, 'dueAt'>>,
): Deadline => ({
  id: opts.newId(),
  rule,
  regionCode: opts.regionCode,
  subjectId: opts.subjectId ?? null,
  responsibleRole: DEADLINE_RULES[rule].responsibleRole,
  ...dates,
  state: 'running',
  extensions: [],
  pausedOn: null,
  endedAt: null,
  endedBy: null,
  missedAt: null,
  remindedAt: null,
});

/**
 * An hour rule's clock (刑诉法 第八十五条、第八十六条、第九十三条、第九十四条: within 24 hours): counted by the
 * engine from the instant of the event (startClock, 刑诉法 第一百零五条), ending at dueAt rather than at the end
 * of a day; dueOn is the date of its last moment in time, for lists that show dates.
 */
function startHourDeadline(
  rule: DeadlineRuleCode,
  opts: {
    start: string;
    startAt?: string;
    regionCode: string | null;
    subjectId?: string | null;
    inCustody: boolean;
    period: Period;
    newId: () => string;
    calendar: HolidayCalendar;
  },
): Deadline {
  if (opts.startAt === undefined) throw invalidTransition(`期限规则 ${rule} 以小时计算，须给出起算时刻`);
  const due = startClock(rule, {
    start: opts.start,
    startAtMs: Date.parse(opts.startAt),
    inCustody: opts.inCustody,
    period: opts.period,
    calendar: opts.calendar,
  });
  return runningDeadline(rule, opts, {
    startedOn: shanghaiDateOf(Date.parse(opts.startAt)),
    baseDueOn: due.baseDueOn,
    dueOn: due.dueOn,
    dueAt: due.dueAt,
    rolledOverFrom: null,
    inCustody: opts.inCustody,
    warnings: due.warnings,
  });
}

/** Re-apply roll-over to a moved base due date (after an extension or a pause). */
export function reroll(d: Deadline, baseDueOn: string, calendar: HolidayCalendar): Deadline {
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

/** The exclusive end of a deadline: its instant for an hour rule, else the end of its due date. */
export const dueEndMs = (d: Deadline): number => (d.dueAt ? Date.parse(d.dueAt) : endOfShanghaiDay(d.dueOn));

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
export function extendDeadline(d: Deadline, ext: DeadlineExtension, calendar: HolidayCalendar): Deadline {
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
export function rebaseDeadline(d: Deadline, variant: string, calendar: HolidayCalendar): Deadline {
  const moved = reroll(d, addPeriod(d.startedOn, periodOf(d.rule, variant)), calendar);
  const revived =
    d.state === 'missed' && d.endedAt === null ? { state: 'running' as const, missedAt: null } : {};
  return { ...moved, ...revived, extensions: [...d.extensions, variant] };
}

/**
 * An extension granted on a deadline by the rule's own checks (grantExtension: maxTimes, requires, excludes,
 * and 'to' terms — "延长至三十日" counts from the start). Issue 13, docs/decisions/0017.
 */
export function grantOnDeadline(d: Deadline, extensionCode: string, calendar: HolidayCalendar): Deadline {
  const ext = extensionOf(d.rule, extensionCode);
  const input = {
    code: d.rule,
    extensionCode,
    start: d.startedOn,
    unrolledDueOn: d.baseDueOn,
    granted: d.extensions,
    rollOver: DEADLINE_RULES[d.rule].rollOver,
    inCustody: d.inCustody,
    calendar,
  };
  const due = grantExtension(input);
  const term = addPeriod(d.startedOn, ext.period, calendar);
  const baseDueOn =
    ext.mode === 'to'
      ? term > d.baseDueOn
        ? term
        : d.baseDueOn
      : addPeriod(d.baseDueOn, ext.period, calendar);
  const revived =
    d.state === 'missed' && d.endedAt === null ? { state: 'running' as const, missedAt: null } : {};
  return {
    ...d,
    baseDueOn,
    dueOn: due.dueOn,
    rolledOverFrom: due.rolledOverFrom ?? null,
    warnings: due.warnings,
    ...revived,
    extensions: [...d.extensions, ext.code],
  };
}

export interface Settled {
  deadlines: Deadline[];
  notices: NoticeRequest[];
}

/**
 * Everything whose due date has passed by `nowMs` (or the one a scaled timer fired for): duties are
 * flagged missed with a 督办通知 (a 期限提示函 to a court or procuratorate), windows elapse (met), terms lapse
 * (missed).
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

/**
 * The notice a missed duty brings: a 督办通知 to a government department, a 期限提示函 (no 督办, no
 * 追究责任) to a court or procuratorate, which decide independently (宪法 第一百三十一条、第一百三十六条;
 * domain/oversight.ts).
 */
export function supervisionNotice(d: Deadline): NoticeRequest {
  const def = DEADLINE_RULES[d.rule];
  const region = d.regionCode ?? '';
  const kind = oversightNoticeFor(d.responsibleRole);
  return {
    kind,
    issuerRole: 'financial_office',
    regionCode: region,
    addressee: { role: d.responsibleRole, regionCode: d.responsibleRegionCode ?? region },
    copyTo: [{ role: 'leader', regionCode: region }],
    facts: {
      deadlineId: d.id,
      rule: d.rule,
      deadlineTitle: def.title,
      basis: def.basis,
      startedOn: d.startedOn,
      dueOn: d.dueOn,
      ...(isIndependentBody(d.responsibleRole)
        ? { independenceBasis: INDEPENDENCE_BASIS[d.responsibleRole] }
        : {}),
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

/** The interval of 定期通报 (seed 十三): the case's own when set, else the system's (PROGRESS_BULLETIN). */
export const startBulletin = (start: string, ctx: MachineContext): Deadline =>
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
export function bulletinNotice(
  state: CaseState,
  progress: string,
  tracks: readonly RegionState[],
): NoticeRequest {
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
export const leadOfficeOf = (regionCode: string) => ({ role: 'financial_office' as Role, regionCode });

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

/** The order in which investigation custody is extended (刑诉法 第一百五十六、一百五十八、一百五十九条). */
export const CUSTODY_EXTENSIONS = ['complex', 'major_wide_reaching', 'heavy_sentence'] as const;

export const findOpen = (r: RegionState, rule: DeadlineRuleCode, subjectId?: string) =>
  r.deadlines.find(
    (d) => d.rule === rule && isPending(d) && (subjectId === undefined || d.subjectId === subjectId),
  );

export const freezeRule = freezeRuleOf;

export function notice(
  r: RegionState,
  kind: NoticeRequest['kind'],
  issuerRole: Role,
  addressee: NoticeRequest['addressee'],
  facts: Record<string, unknown>,
  copyTo: NoticeRequest['copyTo'] = [],
): NoticeRequest {
  return { kind, issuerRole, regionCode: r.code, addressee, copyTo, facts };
}

/** The region transition's working state: the track before and after, and what the step changed. */
export class RegionStep {
  next: RegionState;
  readonly notices: NoticeRequest[] = [];
  readonly changed: Deadline[] = [];
  /** Work on the claims register this step asks the persist transaction for (domain/claims.track.ts). */
  readonly effects: ClaimsEffect[] = [];
  phaseEnded: RegionOutcome | null = null;
  phaseReopened: ReopenedStage | null = null;
  readonly at: string;
  readonly today: string;
  readonly code: string;
  readonly police: { role: Role; regionCode: string };
  readonly procuratorate: { role: Role; regionCode: string };

  constructor(
    readonly r: RegionState,
    readonly name: string,
    readonly ctx: MachineContext,
  ) {
    this.at = ctx.occurredAt;
    this.today = shanghaiDateOf(Date.parse(this.at));
    this.code = r.code;
    this.next = { ...r, lastEventAt: this.at };
    this.police = { role: 'police', regionCode: r.code };
    this.procuratorate = { role: 'procuratorate', regionCode: r.code };
  }

  /** Starts one of this region's deadlines today. */
  start = (rule: DeadlineRuleCode, o: { period?: Period; subjectId?: string; inCustody?: boolean } = {}) => {
    const d = startDeadline(rule, {
      start: this.today,
      startAt: this.at,
      regionCode: this.code,
      newId: this.ctx.newId,
      calendar: this.ctx.calendar,
      ...o,
    });
    this.changed.push(d);
    return d;
  };

  /** The obligation behind an open deadline of this rule was fulfilled by this action. */
  fulfil = (rule: DeadlineRuleCode, subjectId?: string) => {
    const d = findOpen(this.next, rule, subjectId);
    if (d) this.changed.push(fulfilDeadline(d, this.at, this.name));
    return d;
  };

  /** Issue 13: every open deadline of this rule was fulfilled (one per suspect: 侦查羁押 ends for all at transfer). */
  fulfilEvery = (rule: DeadlineRuleCode) => {
    for (const d of this.next.deadlines) {
      if (d.rule === rule && isPending(d)) this.changed.push(fulfilDeadline(d, this.at, this.name));
    }
  };

  /** The region's separate phase ends here (分别侦查诉讼: only this track). */
  endPhase = (outcome: RegionOutcome) => {
    this.phaseEnded = outcome;
    const n = this.next;
    this.next = {
      ...n,
      endedInStage: n.stage === 'ended' || n.stage === 'pending' ? null : n.stage,
      stage: 'ended',
      outcome,
    };
  };

  /**
   * The region's ended phase runs again at `stage` (the inverse of endPhase): its outcome is gone, and the
   * case machine takes the case back to the separate phase when it had moved on (case.decide.ts).
   */
  reopenPhase = (stage: ReopenedStage) => {
    this.phaseReopened = stage;
    this.next = { ...this.next, stage, outcome: null, endedInStage: null };
  };

  petition = (id: string): Petition => {
    const p = this.next.petitions.find((x) => x.id === id);
    if (!p) throw new DomainError('NOT_FOUND', '信访事项不存在');
    return p;
  };

  freeze = (id: string): Freeze => {
    const f = this.next.freezes.find((x) => x.id === id);
    if (!f) throw new DomainError('NOT_FOUND', '冻结记录不存在');
    return f;
  };
}

/** The case transition's working state: the unified part before and after, and what the step changed. */
export class CaseStep {
  next: CaseState;
  readonly notices: NoticeRequest[] = [];
  readonly deadlines: Deadline[] = [];
  /** Work on the claims register this step asks the persist transaction for (domain/claims.track.ts). */
  readonly effects: ClaimsEffect[] = [];
  phaseChanged: CasePhase | null = null;
  /** refer_to_police: the regions whose police received a transfer (移送). */
  transferredTo: string[] | undefined;
  /** add_region: the new region's track, before it enters the case's phase. */
  addedTrack: RegionState | undefined;
  /** Fields set on tracks after the phase is entered (accept_police_report records its intake so). */
  readonly trackPatches: Record<string, Partial<RegionState>> = {};
  readonly at: string;
  readonly today: string;
  readonly lead: string;

  constructor(
    readonly state: CaseState,
    readonly name: string,
    readonly ctx: MachineContext,
    readonly tracks: readonly RegionState[],
  ) {
    this.at = ctx.occurredAt;
    this.today = shanghaiDateOf(Date.parse(this.at));
    this.lead = state.leadRegionCode;
    this.next = { ...state, lastEventAt: this.at };
  }

  moveTo = (phase: CasePhase) => {
    this.next = { ...this.next, phase };
    this.phaseChanged = phase;
  };
}

/**
 * One action as its track file states it: the catalogue entry (who, when, the payload's schema, the notices
 * and deadlines, which GET /api/actions publishes) beside the transition that does what the entry says.
 * `P` is the payload the schema validates; the API validates every body against the schema before the
 * transition sees it.
 */
export type RegionActionDef<P> = Omit<ActionSpec, 'name' | 'scope'> & {
  scope: 'region';
  apply: (s: RegionStep, p: P) => void;
};
export type CaseActionDef<P> = Omit<ActionSpec, 'name' | 'scope'> & {
  scope: 'case';
  apply: (s: CaseStep, p: P) => void;
};

export const regionAction = <P>(def: Omit<RegionActionDef<P>, 'scope'>): RegionActionDef<P> => ({
  ...def,
  scope: 'region',
});
export const caseAction = <P>(def: Omit<CaseActionDef<P>, 'scope'>): CaseActionDef<P> => ({
  ...def,
  scope: 'case',
});

/** An action that records what happened and changes nothing else. */
export const noChange = (): void => undefined;
