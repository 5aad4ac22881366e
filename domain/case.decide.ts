// One case, one answer per message (docs/decisions/0009): the case workflow hands every Update and every
// timer to `decideAction` / `decideWakeup`, which return the whole step — the new state of the unified part
// and of every region's track, the events with their notices, the deadlines changed — and the workflow only
// persists it and sleeps until `nextCaseWakeup`. Regions are pure tracks here, never workflows: whatever a
// step does to one region (a phase ending) and to the case (moving on) and back to every region (entering the
// new phase) happens in this one call, so it is persisted in one transaction.
import type { ActionName } from './catalogue';
import type {
  Actor,
  CasePhase,
  CaseState,
  Deadline,
  EventDraft,
  NoticeRequest,
  OpenCaseInput,
  RegionState,
} from './case.types';
import { SYSTEM_ACTOR } from './case.types';
import type { HolidayCalendar } from './calendar';
import {
  applyBulletinDue,
  applyCaseAction,
  applyCasePhase,
  applyCaseReturn,
  applyRegionAction,
  caseMovesOn,
  markReminded,
  newCaseState,
  newRegionState,
  nextWakeup,
  replaceDeadlines,
  settleDeadlines,
  settleRegion,
  summarizeRegion,
  type Wakeup,
} from './case.machine';
import { actionSpec } from './catalogue';
import { DomainError } from './errors';
import type { ClaimsEffect } from './claims.track';

/** The whole of a case as its workflow holds it: the unified part and each region's separate track. */
export interface CaseAggregate {
  kase: CaseState;
  tracks: RegionState[];
}

export interface DecideContext {
  newId: () => string;
  calendar: HolidayCalendar;
  /** The workflow's clock: deadlines already past by now are settled in the same step. */
  nowMs: number;
  progressBulletinDays: number;
}

export interface ActCommand {
  action: ActionName;
  payload: Record<string, unknown>;
  actor: Actor;
  occurredAt: string;
  idempotencyKey: string | null;
  /** The region a regional action is for (null for case actions). */
  regionCode: string | null;
}

export interface Decision {
  state: CaseAggregate;
  /** The action's own event first (when there is one), then what the system recorded because of it. */
  events: EventDraft[];
  /** Deadlines started or changed in this step, case and regions alike. */
  deadlines: Deadline[];
  /** Codes of the tracks this step changed (their projection rows are rewritten). */
  tracksChanged: string[];
  /** Tracks this step added (add_region): their projection rows are inserted. */
  tracksAdded: string[];
  /** Work on the claims register, done in Postgres in the same transaction (domain/claims.track.ts). */
  effects: ClaimsEffect[];
}

export function openCase(caseId: string, caseNo: string, input: OpenCaseInput, at: string): CaseAggregate {
  const codes = [input.leadRegionCode, ...input.assistingRegionCodes];
  const tracks = codes.map((code, i) =>
    newRegionState(caseId, code, i === 0 ? 'lead' : 'assisting', codes.length > 1, at),
  );
  return { kase: withSummaries(newCaseState(caseId, caseNo, input, at), tracks), tracks };
}

/** Every deadline of the case, unified part and tracks. */
export const allDeadlines = (a: CaseAggregate): Deadline[] => [
  ...a.kase.deadlines,
  ...a.tracks.flatMap((t) => t.deadlines),
];

export const nextCaseWakeup = (
  a: CaseAggregate,
  reminderWorkingDays: number,
  calendar: HolidayCalendar,
): Wakeup | null => nextWakeup(allDeadlines(a), reminderWorkingDays, calendar);

/** The case's summaries of its regions are always what the tracks say: derived, never reported. */
function withSummaries(kase: CaseState, tracks: readonly RegionState[]): CaseState {
  return { ...kase, regions: tracks.map(summarizeRegion) };
}

/** Collects one step's output while the step threads the aggregate through the pure transitions. */
class Step {
  events: EventDraft[] = [];
  deadlines: Deadline[] = [];
  changed = new Set<string>();
  added: string[] = [];
  effects: ClaimsEffect[] = [];
  constructor(
    public state: CaseAggregate,
    private readonly ctx: DecideContext,
  ) {}

  setTrack(next: RegionState): void {
    this.state = {
      ...this.state,
      tracks: this.state.tracks.map((t) => (t.code === next.code ? next : t)),
    };
    this.changed.add(next.code);
  }

  event(
    action: string,
    payload: unknown,
    at: string,
    regionCode: string | null,
    notices: NoticeRequest[] = [],
  ) {
    this.events.push({
      id: this.ctx.newId(),
      action,
      actor: SYSTEM_ACTOR,
      regionCode,
      payload,
      occurredAt: at,
      idempotencyKey: null,
      notices,
    });
  }

  /** Deadlines of one track already past by now: flagged missed (with 督办通知), lapsed, or elapsed. */
  settleTrack(code: string, at: string, force: ReadonlySet<string> = new Set()): boolean {
    const track = this.state.tracks.find((t) => t.code === code)!;
    const s = settleRegion(track, this.ctx.nowMs, force);
    if (s.deadlines.length === 0) return false;
    this.setTrack(s.state);
    this.deadlines.push(...s.deadlines);
    for (const d of s.deadlines) {
      if (d.state !== 'missed') continue;
      this.event(
        d.rule.startsWith('FREEZE_') ? 'freeze_lapsed' : 'deadline_missed',
        { deadlineId: d.id, rule: d.rule, subjectId: d.subjectId },
        at,
        code,
        s.notices.filter((n) => n.facts.deadlineId === d.id),
      );
    }
    if (s.phaseEnded === 'judgment_effective') {
      this.event('judgment_effective', { reason: 'appeal_window_elapsed' }, at, code);
    }
    if (s.phaseEnded) this.regionEnded(at);
    return true;
  }

  /** Deadlines of the unified part already past by now (the bulletin interval is served, not missed). */
  settleCase(at: string, force: ReadonlySet<string> = new Set()): void {
    const due = this.state.kase.deadlines.filter((d) => d.rule !== 'PROGRESS_BULLETIN');
    const s = settleDeadlines(due, this.ctx.nowMs, force);
    if (s.deadlines.length === 0) return;
    this.setCase({
      ...this.state.kase,
      deadlines: replaceDeadlines(this.state.kase.deadlines, s.deadlines),
    });
    this.deadlines.push(...s.deadlines);
    for (const d of s.deadlines.filter((x) => x.state === 'missed')) {
      this.event(
        'deadline_missed',
        { deadlineId: d.id, rule: d.rule },
        at,
        null,
        s.notices.filter((n) => n.facts.deadlineId === d.id),
      );
    }
  }

  setCase(kase: CaseState): void {
    this.state = { ...this.state, kase };
  }

  /** A region's phase ended: when every region's has, the case moves on by itself (and every track with it). */
  regionEnded(at: string): void {
    const kase = withSummaries(this.state.kase, this.state.tracks);
    const from = kase.phase;
    const ended = caseMovesOn(kase);
    this.setCase(ended.state);
    if (!ended.phaseChanged) return;
    const lastAt = new Date(Math.max(Date.parse(at), Date.parse(this.state.kase.lastEventAt))).toISOString();
    this.setCase({ ...this.state.kase, lastEventAt: lastAt });
    this.event(
      'stage_changed',
      { phase: ended.phaseChanged, from, reason: 'all_regions_ended' },
      lastAt,
      null,
    );
    this.enterPhase(ended.phaseChanged, lastAt, null);
  }

  /**
   * A region's ended phase runs again (domain/tracks/kernel.ts reopenPhase). In the separate phase nothing
   * else moves; after it (early warning, asset disposition, stabilization) the case returns to the separate
   * phase, since it moves on only once every region's phase has ended (caseMovesOn), and every track with it.
   */
  regionReopened(code: string, at: string): void {
    const from = this.state.kase.phase;
    if (from === 'regional') return;
    this.setCase({ ...this.state.kase, phase: 'regional' });
    this.event(
      'stage_changed',
      { phase: 'regional', from, reason: 'region_reopened', regionCode: code },
      at,
      null,
    );
    for (const track of this.state.tracks) this.setTrack(applyCaseReturn(track, code));
  }

  /**
   * The case entered `phase`: every track mirrors it. Entering the separate phase opens each region's
   * filing review; a transfer-review clock runs only where a transfer was made (`transferredTo`).
   */
  enterPhase(phase: CasePhase, at: string, transferredTo: readonly string[] | null): void {
    for (const track of this.state.tracks) {
      const t = applyCasePhase(track, phase, at, {
        newId: this.ctx.newId,
        calendar: this.ctx.calendar,
        transferred: transferredTo === null || transferredTo.includes(track.code),
      });
      this.setTrack(t.state);
      this.deadlines.push(...t.deadlines);
      this.settleTrack(track.code, at);
    }
  }

  decision(): Decision {
    const state = { ...this.state, kase: withSummaries(this.state.kase, this.state.tracks) };
    // One step may start a deadline and settle it at once: the projection takes the last version of each.
    const deadlines = [...new Map(this.deadlines.map((d) => [d.id, d])).values()];
    return {
      state,
      events: this.events,
      deadlines,
      tracksChanged: [...this.changed],
      tracksAdded: this.added,
      effects: this.effects,
    };
  }
}

/** One officer's action on the case: validated already by `refuseAction`; applied here in full. */
export function decideAction(
  a: CaseAggregate,
  cmd: ActCommand,
  ctx: DecideContext,
  eventId: string,
): Decision {
  const step = new Step(a, ctx);
  const spec = actionSpec(cmd.action);
  const mctx = {
    actor: cmd.actor,
    occurredAt: cmd.occurredAt,
    newId: ctx.newId,
    calendar: ctx.calendar,
    progressBulletinDays: ctx.progressBulletinDays,
  };
  /** The action's own event, carrying the notices its transition asked for. */
  const main = (notices: NoticeRequest[]): EventDraft => ({
    id: eventId,
    action: cmd.action,
    actor: cmd.actor,
    regionCode: cmd.regionCode,
    payload: cmd.payload,
    occurredAt: cmd.occurredAt,
    idempotencyKey: cmd.idempotencyKey,
    notices,
    requirementsVersion: a.kase.requirements.at(-1)?.version ?? null,
  });

  if (spec.scope === 'region') {
    const track = a.tracks.find((t) => t.code === cmd.regionCode);
    if (!track) throw new DomainError('VALIDATION_FAILED', '本案不涉及该地区');
    const t = applyRegionAction(track, cmd.action, cmd.payload, mctx);
    step.events.push(main(t.notices));
    step.effects.push(...t.effects);
    step.setTrack(t.state);
    step.deadlines.push(...t.deadlines);
    step.settleTrack(track.code, cmd.occurredAt);
    if (t.phaseEnded) step.regionEnded(cmd.occurredAt);
    if (t.phaseReopened) step.regionReopened(track.code, cmd.occurredAt);
    return step.decision();
  }

  const kase = withSummaries(a.kase, a.tracks);
  const t = applyCaseAction(kase, cmd.action, cmd.payload, mctx, a.tracks);
  step.events.push(main(t.notices));
  step.effects.push(...(t.effects ?? []));
  step.setCase(t.state);
  step.deadlines.push(...t.deadlines);
  if (t.addedTrack) {
    const added = t.addedTrack;
    step.state = {
      ...step.state,
      tracks: [...step.state.tracks.map((x) => ({ ...x, crossRegion: true })), added],
    };
    for (const x of step.state.tracks) step.changed.add(x.code);
    step.added.push(added.code);
    // The new region's track starts at the case's current phase, with its own clocks.
    const entered = applyCasePhase(added, step.state.kase.phase, cmd.occurredAt, {
      newId: ctx.newId,
      calendar: ctx.calendar,
      transferred: Boolean((cmd.payload as { transfer?: boolean }).transfer),
    });
    step.setTrack(entered.state);
    step.deadlines.push(...entered.deadlines);
  }
  step.settleCase(cmd.occurredAt);
  if (t.phaseChanged) step.enterPhase(t.phaseChanged, cmd.occurredAt, t.transferredTo ?? null);
  for (const [code, patch] of Object.entries(t.trackPatches ?? {})) {
    const track = step.state.tracks.find((x) => x.code === code);
    if (track) step.setTrack({ ...track, ...patch });
  }
  return step.decision();
}

/** A timer fired: a reminder, a bulletin interval, or a due date. */
export function decideWakeup(a: CaseAggregate, wakeup: Wakeup, at: string, ctx: DecideContext): Decision {
  const step = new Step(a, ctx);
  const owner = a.tracks.find((t) => t.deadlines.some((d) => d.id === wakeup.deadlineId));
  const d = allDeadlines(a).find((x) => x.id === wakeup.deadlineId);
  if (!d || d.state !== 'running') return step.decision();
  if (wakeup.kind === 'reminder') {
    const list = owner ? owner.deadlines : a.kase.deadlines;
    const reminded = markReminded(list, d.id, at);
    if (!reminded) return step.decision();
    if (owner) step.setTrack({ ...owner, deadlines: replaceDeadlines(owner.deadlines, [reminded]) });
    else step.setCase({ ...a.kase, deadlines: replaceDeadlines(a.kase.deadlines, [reminded]) });
    step.deadlines.push(reminded);
    step.event('deadline_reminded', { deadlineId: d.id, rule: d.rule }, at, owner?.code ?? null);
    return step.decision();
  }
  if (owner) {
    step.settleTrack(owner.code, at, new Set([d.id]));
    return step.decision();
  }
  if (d.rule === 'PROGRESS_BULLETIN') {
    const kase = withSummaries(a.kase, a.tracks);
    const t = applyBulletinDue(
      kase,
      d.id,
      {
        actor: SYSTEM_ACTOR,
        occurredAt: at,
        newId: ctx.newId,
        calendar: ctx.calendar,
        progressBulletinDays: ctx.progressBulletinDays,
      },
      a.tracks,
    );
    step.setCase({ ...t.state, lastEventAt: at });
    step.deadlines.push(...t.deadlines);
    step.event('send_progress_bulletin', { automatic: true }, at, null, t.notices);
    return step.decision();
  }
  step.settleCase(at, new Set([d.id]));
  return step.decision();
}
