// The case workflow: the unified part of a case (detection, early warning, referral, asset disposition,
// stabilization, closure, progress bulletins). Each region's separate part runs in a region workflow.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import { type CaseState, type EventDraft, type NoticeRequest, SYSTEM_ACTOR } from '../domain/case.types';
import {
  applyBulletinDue,
  applyCaseAction,
  applyRegionEnded,
  markReminded,
  newCaseState,
  regionMustHearPhase,
  replaceDeadlines,
  settleDeadlines,
} from '../domain/case.machine';
import { DomainError } from '../domain/errors';
import {
  type ActInput,
  type ActResult,
  type CalendarData,
  type CaseWorkflowInput,
  type OpenInput,
  actUpdate,
  caseHeardUpdate,
  casePhaseSignal,
  caseStateQuery,
  caseWorkflowId,
  openUpdate,
  phaseAckSignal,
  regionEndedAckSignal,
  regionEndedSignal,
  regionProgressSignal,
  regionWorkflowId,
  SEARCH,
} from './case.messages';
import { regionWorkflow } from './region.workflow';
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

export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const { caseId, settings } = input;
  let state: CaseState | null = input.carried?.state ?? null;
  let calendarData: CalendarData | null = input.carried?.calendar ?? null;
  const recent = new RecentUpdates(input.carried?.recentUpdates);
  const lock = new Lock();
  const acks = new Map<string, string>();
  let changed = 0;
  let childrenStarted: Promise<unknown> = Promise.resolve();
  let endedAckSeq = 0;

  const calendar = () => calendarOf(calendarData!);
  const actorFor = (i: ActInput) => i.actor;

  const persist = async (next: CaseState, events: EventDraft[], deadlines = next.deadlines) => {
    const res = await activities.persistCaseChange({ caseId, events, case: next, deadlines });
    if (state && state.phase !== next.phase)
      upsertSearchAttributes([{ key: SEARCH.stage, value: next.phase }]);
    state = next;
    changed++;
    return res;
  };

  /**
   * Tell every region the case entered `phase`; answers whether the caller should have the API wait for the
   * regions to enter it (ActResult.catchUp). Entering the regional phase must show each region's filing-review
   * deadlines in the referral's answer: the API waits for that with regionEnteredUpdate. (Before that
   * change, recorded histories show the case itself waiting for each region's phaseAck; they still replay.)
   * For the other phases the regions catch up on their own, and a regional action sent for a newer phase
   * waits for or adopts it first (ActInput.expectedCasePhase), so nothing is judged on a stale phase.
   */
  const broadcastPhase = async (
    phase: CaseState['phase'],
    from: CaseState['phase'],
    occurredAt: string,
  ): Promise<boolean> => {
    const s = state!;
    // Phases a region need not hear of it learns from its next action (regionAdoptsCasePhase). Cases whose
    // history predates this change keep signalling every phase, so they replay as they ran.
    if (!regionMustHearPhase(phase, from) && patched(PATCHES.phasesOnDemand)) return false;
    await childrenStarted;
    const throughApi = patched(PATCHES.catchUpThroughApi);
    for (const r of s.regions) acks.delete(r.code);
    const sent = s.regions.map((r) =>
      getExternalWorkflowHandle(regionWorkflowId(caseId, r.code)).signal(casePhaseSignal, {
        phase,
        occurredAt,
        ackWanted: !throughApi,
      }),
    );
    if (throughApi) {
      // Not awaited: the answer need not wait for the server to confirm delivery. A failure is logged; the
      // region's own deadline clocks would then be missing, which the case's listing shows.
      for (const p of sent) p.catch((err: unknown) => log.error('phase signal to a region failed', { err }));
      return phase === 'regional';
    }
    if (phase !== 'regional') return false;
    await Promise.all(sent);
    await condition(() => s.regions.every((r) => acks.get(r.code) === phase));
    return false;
  };

  /** Ids of region reports (RegionEndedMessage.reportId) the case has acted on, newest last; a few suffice. */
  const heard: string[] = [];
  const hear = (reportId: string | undefined) => {
    if (!reportId) return;
    heard.push(reportId);
    if (heard.length > 32) heard.shift();
  };

  // Every handler is registered before the first await (temporal-notes §7.9).
  setHandler(caseStateQuery, () => state);
  setHandler(phaseAckSignal, ({ regionCode, phase }) => {
    acks.set(regionCode, phase);
  });
  setHandler(regionProgressSignal, (summary) => {
    if (!state) return;
    state = { ...state, regions: state.regions.map((r) => (r.code === summary.code ? summary : r)) };
  });
  setHandler(regionEndedSignal, async ({ summary, occurredAt, ackWanted, reportId }) => {
    await lock.run(async () => {
      if (!state) return;
      const from = state.phase;
      const { state: next, phaseChanged } = applyRegionEnded(state, summary);
      if (phaseChanged) {
        const at = new Date(Math.max(Date.parse(occurredAt), Date.parse(state.lastEventAt))).toISOString();
        const event: EventDraft = {
          id: uuid4(),
          action: 'stage_changed',
          actor: SYSTEM_ACTOR,
          regionCode: null,
          payload: { phase: phaseChanged, reason: 'all_regions_ended' },
          occurredAt: at,
          idempotencyKey: null,
          notices: [],
        };
        await persist({ ...next, lastEventAt: at }, [event], []);
        await broadcastPhase(phaseChanged, from, at);
      } else {
        state = next;
      }
      hear(reportId);
    });
    if (ackWanted === false) return;
    endedAckSeq++;
    await getExternalWorkflowHandle(regionWorkflowId(caseId, summary.code)).signal(regionEndedAckSignal, {
      seq: endedAckSeq,
    });
  });

  setHandler(caseHeardUpdate, (reportId: string) => condition(() => heard.includes(reportId), '10 seconds'));

  setHandler(
    openUpdate,
    async ({ input: opening, actor, idempotencyKey }: OpenInput): Promise<ActResult> => {
      return lock.run(async () => {
        const cached = recent.get();
        if (cached) return cached;
        if (state) throw toFailure(new DomainError('CONFLICT', '案件已立档'));
        try {
          const occurredAt = resolveOccurredAt(opening.occurredAt, '1970-01-01T00:00:00.000Z');
          calendarData = await activities.loadCalendar();
          const eventId = uuid4();
          const opened = await activities.openCase({
            caseId,
            eventId,
            input: opening,
            actor,
            occurredAt,
            idempotencyKey,
          });
          const codes = [opening.leadRegionCode, ...opening.assistingRegionCodes];
          // Started without waiting for each start to be confirmed (a round trip each); the first broadcast
          // to the regions waits for them.
          childrenStarted = Promise.all(
            codes.map((code, i) =>
              startChild(regionWorkflow, {
                workflowId: regionWorkflowId(caseId, code),
                // ABANDON: the default TERMINATE would kill every region whenever this workflow continues-as-new.
                parentClosePolicy: ParentClosePolicy.ABANDON,
                args: [
                  {
                    caseId,
                    regionCode: code,
                    role: i === 0 ? 'lead' : 'assisting',
                    crossRegion: codes.length > 1,
                    openedAt: occurredAt,
                    settings,
                    // Saves each region loading the calendar itself.
                    calendar: calendarData!,
                  },
                ],
              }),
            ),
          );
          // Rejections surface where the broadcast awaits the starts; this only marks them handled.
          childrenStarted.catch(() => undefined);
          state = newCaseState(caseId, opened.caseNo, opening, occurredAt);
          upsertSearchAttributes([
            { key: SEARCH.caseNo, value: opened.caseNo },
            { key: SEARCH.stage, value: 'detection' },
            { key: SEARCH.regionCodes, value: codes },
          ]);
          changed++;
          const result = { eventId: opened.eventId, noticeIds: [] };
          recent.remember(result);
          return result;
        } catch (err) {
          throw toFailure(err);
        }
      });
    },
    {
      validator: (open: OpenInput) => {
        refuseLate(open);
        if (state) throw toFailure(new DomainError('CONFLICT', '案件已立档'));
      },
    },
  );

  setHandler(
    actUpdate,
    async (req: ActInput): Promise<ActResult> => {
      return lock.run(async () => {
        const cached = recent.get();
        if (cached) return cached;
        try {
          const s = requireState(state);
          const refusal = refuse(s, req);
          if (refusal) throw refusal;
          const occurredAt = resolveOccurredAt(req.occurredAt, s.lastEventAt);
          const t = applyCaseAction(s, req.action, req.payload, {
            actor: actorFor(req),
            occurredAt,
            newId: uuid4,
            calendar: calendar(),
            progressBulletinDays: settings.progressBulletinDays,
          });
          const settled = settleDeadlines(t.state.deadlines, Date.now());
          const next = { ...t.state, deadlines: replaceDeadlines(t.state.deadlines, settled.deadlines) };
          const event: EventDraft = {
            id: uuid4(),
            action: req.action,
            actor: req.actor,
            regionCode: null,
            payload: req.payload,
            occurredAt,
            idempotencyKey: req.idempotencyKey,
            notices: t.notices,
          };
          const events = [event, ...missEvents(settled.deadlines, settled.notices, occurredAt)];
          const res = await persist(next, events, [...t.deadlines, ...settled.deadlines]);
          const regionsEnter =
            t.phaseChanged && (await broadcastPhase(t.phaseChanged, s.phase, occurredAt))
              ? t.phaseChanged
              : null;
          const result: ActResult = {
            eventId: event.id,
            noticeIds: res.noticeIds,
            ...(regionsEnter ? { catchUp: { regionsEnter } } : {}),
          };
          recent.remember(result);
          return result;
        } catch (err) {
          throw toFailure(err);
        }
      });
    },
    {
      validator: (req: ActInput) => {
        refuseLate(req);
        if (!state) throw toFailure(new DomainError('NOT_FOUND', '案件不存在'));
        const s = state;
        const refusal = refuse(s, req);
        if (refusal) throw toFailure(refusal);
        try {
          resolveOccurredAt(req.occurredAt, s.lastEventAt);
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  // Wait for the opening update (or the carried state after continue-as-new).
  await condition(() => state !== null);

  // The deadline loop: sleep until the next reminder or due date, or until something changes.
  while (state!.phase !== 'closed') {
    const plan = calendarData ? planWakeup(state!.deadlines, settings, calendar()) : null;
    const seen = changed;
    const woke = plan
      ? await condition(() => changed !== seen || shouldContinueAsNew(settings), plan.sleepMs)
      : await condition(() => changed !== seen || shouldContinueAsNew(settings));
    if (!woke && plan) {
      await lock.run(async () => {
        const s = state!;
        const { wakeup } = plan;
        const now = new Date(Math.max(Date.now(), Date.parse(s.lastEventAt))).toISOString();
        if (wakeup.kind === 'reminder') {
          const d = markReminded(s.deadlines, wakeup.deadlineId, now);
          if (!d) return;
          await persist(
            { ...s, deadlines: replaceDeadlines(s.deadlines, [d]) },
            [reminderEvent(d.id, d.rule, now)],
            [d],
          );
          return;
        }
        const d = s.deadlines.find((x) => x.id === wakeup.deadlineId);
        if (!d || d.state !== 'running') return;
        if (d.rule === 'PROGRESS_BULLETIN') {
          const t = applyBulletinDue(s, d.id, {
            actor: SYSTEM_ACTOR,
            occurredAt: now,
            newId: uuid4,
            calendar: calendar(),
            progressBulletinDays: settings.progressBulletinDays,
          });
          const event = systemEvent('send_progress_bulletin', { automatic: true }, now, {
            notices: t.notices,
          });
          await persist({ ...t.state, lastEventAt: now }, [event], t.deadlines);
          return;
        }
        const settled = settleDeadlines(s.deadlines, Date.now(), new Set([d.id]));
        if (settled.deadlines.length === 0) return;
        await persist(
          { ...s, deadlines: replaceDeadlines(s.deadlines, settled.deadlines) },
          missEvents(settled.deadlines, settled.notices, now),
          settled.deadlines,
        );
      });
    }
    if (shouldContinueAsNew(settings)) {
      // Wait (never spin: the wake-up condition stays true from here on) until no action is in progress.
      await condition(() => !lock.isHeld && allHandlersFinished());
      await continueAsNew<typeof caseWorkflow>({
        caseId,
        settings,
        carried: { state: state!, calendar: calendarData!, recentUpdates: recent.toJSON() },
      });
    }
  }
  await condition(allHandlersFinished);
}

function requireState(state: CaseState | null): CaseState {
  if (!state) throw new DomainError('NOT_FOUND', '案件不存在');
  return state;
}

function refuse(s: CaseState, req: ActInput): DomainError | null {
  return refuseIn('case', req, { caseState: s, casePhase: s.phase, leadRegionCode: s.leadRegionCode });
}

function reminderEvent(deadlineId: string, rule: string, at: string): EventDraft {
  return systemEvent('deadline_reminded', { deadlineId, rule }, at);
}

/** One system event per deadline that passed unmet, carrying its 督办通知. */
export function missEvents(
  deadlines: readonly { id: string; rule: string; state: string; regionCode: string | null }[],
  notices: readonly NoticeRequest[],
  at: string,
): EventDraft[] {
  return deadlines
    .filter((d) => d.state === 'missed')
    .map((d) =>
      systemEvent('deadline_missed', { deadlineId: d.id, rule: d.rule }, at, {
        regionCode: d.regionCode,
        notices: notices.filter((n) => n.facts.deadlineId === d.id),
      }),
    );
}

export { caseWorkflowId };
