// One region's separate part of a case (分别侦查诉讼、分别落实维稳): police filing, prosecution and trial of its
// own suspects, its freezes, petitions and stabilization, each with its own deadlines. Reports to the case.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { CasePhase, EventDraft, RegionState } from '../domain/case.types';
import {
  applyCasePhase,
  applyRegionAction,
  markReminded,
  newRegionState,
  regionAdoptsCasePhase,
  replaceDeadlines,
  settleRegion,
  summarizeRegion,
} from '../domain/case.machine';
import { type DomainError } from '../domain/errors';
import {
  type ActInput,
  type ActResult,
  type CalendarData,
  type RegionWorkflowInput,
  actUpdate,
  casePhaseSignal,
  caseWorkflowId,
  phaseAckSignal,
  regionEndedAckSignal,
  regionEndedSignal,
  regionProgressSignal,
  regionEnteredUpdate,
  regionStateQuery,
} from './case.messages';
import {
  Lock,
  PATCHES,
  RecentUpdates,
  activities,
  calendarOf,
  planWakeup,
  resolveOccurredAt,
  shouldContinueAsNew,
  refuseIn,
  systemEvent,
  refuseLate,
  toFailure,
} from './runtime';

export async function regionWorkflow(input: RegionWorkflowInput): Promise<void> {
  const { caseId, regionCode, settings } = input;
  let state: RegionState =
    input.carried?.state ?? newRegionState(caseId, regionCode, input.role, input.crossRegion, input.openedAt);
  let calendarData: CalendarData | null = input.carried?.calendar ?? input.calendar ?? null;
  const recent = new RecentUpdates(input.carried?.recentUpdates);
  const lock = new Lock();
  let changed = 0;
  let lastEndedAck = 0;
  const parent = () => getExternalWorkflowHandle(caseWorkflowId(caseId));
  const calendar = () => calendarOf(calendarData!);
  const ensureCalendar = async () => {
    calendarData ??= await activities.loadCalendar();
  };

  const persist = async (next: RegionState, events: EventDraft[], deadlines = next.deadlines) => {
    const res = await activities.persistCaseChange({ caseId, events, region: next, deadlines });
    state = next;
    changed++;
    return res;
  };

  /**
   * Tell the case the region's phase ended, so it can move on. Answers the report's id, for which the API
   * waits on the case (caseHeardUpdate) before it answers, so the caller sees the new stage. (Recorded
   * histories from before show the region itself waiting for the case's regionEndedAck; they still replay.)
   */
  const reportEnded = async (occurredAt: string, reportId: string): Promise<string | null> => {
    const summary = summarizeRegion(state);
    if (patched(PATCHES.catchUpThroughApi)) {
      parent()
        .signal(regionEndedSignal, { summary, occurredAt, ackWanted: false, reportId })
        .catch((err: unknown) => log.error('regionEnded signal to the case failed', { err }));
      return reportId;
    }
    const expected = lastEndedAck + 1;
    await parent().signal(regionEndedSignal, { summary, occurredAt });
    await condition(() => lastEndedAck >= expected);
    return null;
  };

  /**
   * Tell the case when what it decides on changed (petition clocks, stabilization: close_case depends on
   * them). Awaited, so the case has the signal before this action's answer reaches anyone who could then
   * ask it to close; most actions change neither and cost no signal.
   */
  const decisive = () => {
    const s = summarizeRegion(state);
    return `${s.runningPetitionDeadlines}|${s.stabilizationConcluded}`;
  };
  let reported = decisive();
  const reportProgress = async () => {
    const now = decisive();
    if (now === reported) return;
    reported = now;
    await parent().signal(regionProgressSignal, summarizeRegion(state));
  };

  setHandler(regionStateQuery, () => state);
  setHandler(regionEndedAckSignal, ({ seq }) => {
    lastEndedAck = Math.max(lastEndedAck, seq);
  });
  setHandler(regionEnteredUpdate, (phase: CasePhase) =>
    condition(() => state.casePhase === phase, '10 seconds'),
  );
  setHandler(casePhaseSignal, async ({ phase, occurredAt, ackWanted }) => {
    await lock.run(async () => {
      await ensureCalendar();
      const t = applyCasePhase(state, phase, occurredAt, { newId: uuid4, calendar: calendar() });
      // A referral entered late may already be past its review deadlines: flag them now, not by timer.
      const s = settleRegion(t.state, Date.now());
      const at = new Date(Math.max(Date.now(), Date.parse(occurredAt))).toISOString();
      await persist(s.state, settledEvents(s, regionCode, at), [...t.deadlines, ...s.deadlines]);
    });
    if (ackWanted !== false) await parent().signal(phaseAckSignal, { regionCode, phase });
  });

  setHandler(
    actUpdate,
    async (req: ActInput): Promise<ActResult> => {
      const seen = req.expectedCasePhase;
      let adopt = false;
      if (seen && seen !== state.casePhase) {
        if (regionAdoptsCasePhase(state.casePhase, seen) && patched(PATCHES.phasesOnDemand)) adopt = true;
        else await condition(() => state.casePhase === seen, '10 seconds');
      }
      const { result, ended } = await lock.run(async (): Promise<{ result: ActResult; ended: Ended }> => {
        const cached = recent.get();
        if (cached) return { result: cached, ended: null };
        try {
          // Re-checked under the lock: a signal may have brought the region further meanwhile.
          if (adopt && regionAdoptsCasePhase(state.casePhase, seen!)) state = { ...state, casePhase: seen! };
          await ensureCalendar();
          const refusal = refuse(state, req);
          if (refusal) throw refusal;
          const occurredAt = resolveOccurredAt(req.occurredAt, state.lastEventAt);
          const t = applyRegionAction(state, req.action, req.payload, {
            actor: req.actor,
            occurredAt,
            newId: uuid4,
            calendar: calendar(),
            progressBulletinDays: settings.progressBulletinDays,
          });
          // Deadlines already past by now (an action entered late) are settled at once, not by a timer.
          const s = settleRegion(t.state, Date.now());
          const event: EventDraft = {
            id: uuid4(),
            action: req.action,
            actor: req.actor,
            regionCode,
            payload: req.payload,
            occurredAt,
            idempotencyKey: req.idempotencyKey,
            notices: t.notices,
          };
          const events = [event, ...settledEvents(s, regionCode, occurredAt)];
          const res = await persist(s.state, events, [...t.deadlines, ...s.deadlines]);
          const out = { eventId: event.id, noticeIds: res.noticeIds };
          recent.remember(out);
          return {
            result: out,
            ended: t.phaseEnded || s.phaseEnded ? { at: occurredAt, eventId: event.id } : null,
          };
        } catch (err) {
          throw toFailure(err);
        }
      });
      // Outside the lock: the case may broadcast its next phase back to this region while we wait.
      if (!ended) {
        await reportProgress();
        return result;
      }
      const caseHears = await reportEnded(ended.at, ended.eventId);
      return caseHears ? { ...result, catchUp: { caseHears } } : result;
    },
    {
      validator: (req: ActInput) => {
        refuseLate(req);
        // Judged in the handler once this region has caught up with the phase the caller saw.
        if (req.expectedCasePhase && req.expectedCasePhase !== state.casePhase) return;
        const refusal = refuse(state, req);
        if (refusal) throw toFailure(refusal);
        try {
          resolveOccurredAt(req.occurredAt, state.lastEventAt);
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  while (state.casePhase !== 'closed') {
    const plan = calendarData ? planWakeup(state.deadlines, settings, calendar()) : null;
    const seen = changed;
    const woke = plan
      ? await condition(() => changed !== seen || shouldContinueAsNew(settings), plan.sleepMs)
      : await condition(() => changed !== seen || shouldContinueAsNew(settings));
    if (!woke && plan) {
      const ended = await lock.run(async (): Promise<Ended> => {
        const now = new Date(Math.max(Date.now(), Date.parse(state.lastEventAt))).toISOString();
        const { wakeup } = plan;
        if (wakeup.kind === 'reminder') {
          const d = markReminded(state.deadlines, wakeup.deadlineId, now);
          if (!d) return null;
          const event = systemEvent('deadline_reminded', { deadlineId: d.id, rule: d.rule }, now, {
            regionCode,
          });
          await persist({ ...state, deadlines: replaceDeadlines(state.deadlines, [d]) }, [event], [d]);
          return null;
        }
        const s = settleRegion(state, Date.now(), new Set([wakeup.deadlineId]));
        if (s.deadlines.length === 0) return null;
        const events = settledEvents(s, regionCode, now);
        await persist(s.state, events, s.deadlines);
        return s.phaseEnded ? { at: now, eventId: events[events.length - 1]?.id ?? wakeup.deadlineId } : null;
      });
      if (ended) await reportEnded(ended.at, ended.eventId);
      else await reportProgress();
    }
    if (shouldContinueAsNew(settings)) {
      // Wait (never spin: the wake-up condition stays true from here on) until no action is in progress.
      await condition(() => !lock.isHeld && allHandlersFinished());
      await continueAsNew<typeof regionWorkflow>({
        ...input,
        carried: { state, calendar: calendarData!, recentUpdates: recent.toJSON() },
      });
    }
  }
  await condition(allHandlersFinished);
}

/** When and by which event the region's separate phase ended in a step, if it did. */
type Ended = { at: string; eventId: string } | null;

function refuse(state: RegionState, req: ActInput): DomainError | null {
  return refuseIn('region', req, { region: state, casePhase: state.casePhase, leadRegionCode: '' });
}

/** System events for what settling found: missed deadlines (with 督办通知), lapsed freezes, an effective judgment. */
function settledEvents(s: ReturnType<typeof settleRegion>, regionCode: string, at: string): EventDraft[] {
  const events: EventDraft[] = [];
  for (const d of s.deadlines) {
    if (d.state !== 'missed') continue;
    events.push(
      systemEvent(
        d.rule.startsWith('FREEZE_') ? 'freeze_lapsed' : 'deadline_missed',
        { deadlineId: d.id, rule: d.rule, subjectId: d.subjectId },
        at,
        { regionCode, notices: s.notices.filter((n) => n.facts.deadlineId === d.id) },
      ),
    );
  }
  if (s.phaseEnded === 'judgment_effective') {
    events.push(systemEvent('judgment_effective', { reason: 'appeal_window_elapsed' }, at, { regionCode }));
  }
  return events;
}
