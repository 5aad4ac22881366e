// Pure transitions of the case (parent) and of each region's part (child). The workflows call these and
// persist what they return; nothing here does I/O or reads a clock — `now` and ids are passed in.
import { ACTIONS, type ActionName } from './catalogue';
import {
  CaseStep,
  type CaseTransition,
  type MachineContext,
  RegionStep,
  type RegionTransition,
  bulletinNotice,
  fulfilDeadline,
  replaceDeadlines,
  settleDeadlines,
  startBulletin,
  startDeadline,
} from './tracks/kernel';

// Moved with the tracks (domain/tracks/kernel.ts); named here too for the callers of the case machine.
export {
  type CaseTransition,
  type MachineContext,
  type RegionTransition,
  type Transition,
  type Wakeup,
  dueEndMs,
  fulfilDeadline,
  newRegionState,
  nextWakeup,
  replaceDeadlines,
  settleDeadlines,
  startDeadline,
} from './tracks/kernel';
import type {
  CasePhase,
  CaseState,
  Deadline,
  OpenCaseInput,
  RegionOutcome,
  RegionState,
  RegionSummary,
  Stage,
} from './case.types';
import { shanghaiDateOf } from './calendar';
import {} from './deadlines';
import { invalidTransition } from './errors';
import { isOpen } from './deadline-state';
import { holdsStabilization } from './petitions';
import { newAdministrativeState } from './tracks/administrative.track';

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
    admin: newAdministrativeState(input.subjects.length),
  };
}

/** A case-level action: the track file's transition for it, on the unified part. */
export function applyCaseAction(
  state: CaseState,
  name: ActionName,
  payload: Record<string, unknown>,
  ctx: MachineContext,
  tracks: readonly RegionState[],
): CaseTransition {
  const def = ACTIONS[name];
  if (def.scope !== 'case') throw invalidTransition(`「${name}」不是案件层面的操作`);
  const s = new CaseStep(state, name, ctx, tracks);
  // The payload was validated against this action's schema (api/ and the workflow's validator): it is P.
  (def.apply as (s: CaseStep, p: unknown) => void)(s, payload);
  let deadlines = s.deadlines;
  if (s.phaseChanged === 'closed') {
    deadlines = [...deadlines, ...state.deadlines.filter(isOpen).map((d) => fulfilDeadline(d, s.at, name))];
  }
  const next = { ...s.next, deadlines: replaceDeadlines(s.next.deadlines, deadlines) };
  return {
    state: next,
    notices: s.notices,
    deadlines,
    phaseChanged: s.phaseChanged,
    transferredTo: s.transferredTo,
    addedTrack: s.addedTrack,
    trackPatches: s.trackPatches,
    effects: s.effects,
  };
}

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

export function summarizeRegion(r: RegionState): RegionSummary {
  return {
    code: r.code,
    role: r.role,
    stage: r.stage,
    outcome: r.outcome,
    runningPetitionDeadlines: r.deadlines.filter(holdsStabilization).length,
    stabilizationConcluded: r.stabilizationConcluded,
  };
}

/**
 * A region's phase reopened after the case had left the separate phase (a non-prosecution revoked, 检察规则
 * 第三百七十九、三百八十条): every track is back in the regional phase. The other tracks stay ended; a track
 * that the return to early warning set to pending gets its ending back, which its own record still tells:
 * of the only two endings that send a case back to early warning (caseMovesOn), 不予立案 is taken before
 * filing (decline_filing) and 不起诉 after it.
 */
export function applyCaseReturn(r: RegionState, reopened: string): RegionState {
  const next: RegionState = { ...r, casePhase: 'regional' };
  if (r.code === reopened || r.stage !== 'pending') return next;
  const outcome: RegionOutcome = r.filed ? 'not_prosecuted' : 'unfiled';
  return {
    ...next,
    stage: 'ended',
    outcome,
    endedInStage: outcome === 'not_prosecuted' ? 'prosecution' : 'police_filing',
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
      // A new filing review: an earlier intake's complainant is not this one's (accept_police_report sets it).
      intake: undefined,
      filingOrdered: undefined,
      lastEventAt: occurredAt,
    };
    // One filing-review clock per region (docs/decisions/0017): where police received a transfer, the
    // transferred case's (经济犯罪规定 第十六条: 3 days, at the latest 10, 30, +30); elsewhere the police
    // review their own local suspects under 第十五条 (7 days, 30, +30).
    deadlines.push(
      startDeadline(ctx.transferred ? 'TRANSFER_FILING_REVIEW' : 'FILING_REVIEW', {
        start,
        regionCode: r.code,
        newId: ctx.newId,
        calendar: ctx.calendar,
      }),
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

/** A regional action: the track file's transition for it, on that region's track. */
export function applyRegionAction(
  r: RegionState,
  name: ActionName,
  payload: Record<string, unknown>,
  ctx: MachineContext,
): RegionTransition {
  const def = ACTIONS[name];
  if (def.scope !== 'region') throw invalidTransition(`「${name}」不是地区层面的操作`);
  const s = new RegionStep(r, name, ctx);
  // The payload was validated against this action's schema (api/ and the workflow's validator): it is P.
  (def.apply as (s: RegionStep, p: unknown) => void)(s, payload);
  const next = { ...s.next, deadlines: replaceDeadlines(s.next.deadlines, s.changed) };
  return {
    state: next,
    notices: s.notices,
    deadlines: s.changed,
    phaseEnded: s.phaseEnded,
    phaseReopened: s.phaseReopened,
    effects: s.effects,
  };
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
  return { state: next, notices: settled.notices, deadlines: settled.deadlines, phaseEnded, effects: [] };
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
