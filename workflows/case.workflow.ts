// The case workflow: one per case, holding the unified part and every region's separate track
// (docs/decisions/0009). Every message is answered by one pure call into domain/case.decide.ts; the workflow
// only persists what it returns, in one local activity (one Postgres transaction), and sleeps until the next
// deadline event. There are no other workflows of a case and no signals between them.
import {
  ParentClosePolicy,
  allHandlersFinished,
  startChild,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import {
  type CaseAggregate,
  type Decision,
  decideAction,
  decideWakeup,
  openCase,
} from '../domain/case.decide';
import { DomainError } from '../domain/errors';
import {
  type ActInput,
  type ActResult,
  type CalendarData,
  type CaseWorkflowInput,
  type OpenInput,
  SEARCH,
  actUpdate,
  caseStateQuery,
  openUpdate,
} from './case.messages';
import {
  Lock,
  RecentUpdates,
  activities,
  calendarOf,
  planWakeup,
  refuseIn,
  resolveOccurredAt,
  shouldContinueAsNew,
  refuseLate,
  toFailure,
} from './runtime';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { jobWorkflow } from './job.workflow';
import { jobWorkflowId } from './job.messages';

export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const { caseId, settings } = input;
  let state: CaseAggregate | null = input.carried?.state ?? null;
  let calendarData: CalendarData | null = input.carried?.calendar ?? null;
  const recent = new RecentUpdates(input.carried?.recentUpdates);
  const lock = new Lock();
  let changed = 0;

  const ctx = () => ({
    newId: uuid4,
    calendar: calendarOf(calendarData!),
    nowMs: Date.now(),
    progressBulletinDays: state?.kase.progressBulletinDays ?? settings.progressBulletinDays,
  });

  /** Carries out a decision: one transaction, then the new state (and the stage's search attribute). */
  const persist = async (d: Decision) => {
    const res = await activities.persistCaseChange({
      caseId,
      events: d.events,
      case: d.state.kase,
      tracks: d.state.tracks.filter((t) => d.tracksChanged.includes(t.code)),
      tracksAdded: d.tracksAdded,
      deadlines: d.deadlines,
      ...(d.effects.length ? { effects: d.effects } : {}),
    });
    // A refund round's bulk work runs as its own job workflow on the bulk queue, started once the step is
    // committed; it outlives this workflow's runs (continue-as-new) and never enters this history.
    for (const job of res.jobs ?? []) {
      try {
        await startChild(jobWorkflow, {
          workflowId: jobWorkflowId(job.jobId),
          args: [job],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        // Started already (the step was answered before, its start recorded): the job runs once.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (state && state.kase.phase !== d.state.kase.phase)
      upsertSearchAttributes([{ key: SEARCH.stage, value: d.state.kase.phase }]);
    if (d.tracksAdded.length)
      upsertSearchAttributes([{ key: SEARCH.regionCodes, value: d.state.tracks.map((t) => t.code) }]);
    state = d.state;
    changed++;
    return res;
  };

  // Every handler is registered before the first await (temporal-notes §7.9).
  setHandler(caseStateQuery, () => state);

  setHandler(
    openUpdate,
    async ({ input: opening, actor, idempotencyKey }: OpenInput): Promise<ActResult> =>
      lock.run(async () => {
        const cached = recent.get();
        if (cached) return cached;
        if (state) throw toFailure(new DomainError('CONFLICT', '案件已立档'));
        try {
          const occurredAt = resolveOccurredAt(opening.occurredAt, '1970-01-01T00:00:00.000Z');
          calendarData = await activities.loadCalendar();
          const opened = await activities.openCase({
            caseId,
            eventId: uuid4(),
            input: opening,
            actor,
            occurredAt,
            idempotencyKey,
          });
          state = openCase(caseId, opened.caseNo, opening, occurredAt);
          upsertSearchAttributes([
            { key: SEARCH.caseNo, value: opened.caseNo },
            { key: SEARCH.stage, value: 'detection' },
            { key: SEARCH.regionCodes, value: state.tracks.map((t) => t.code) },
          ]);
          changed++;
          const result = { eventId: opened.eventId, noticeIds: [] };
          recent.remember(result);
          return result;
        } catch (err) {
          throw toFailure(err);
        }
      }),
    {
      validator: (open: OpenInput) => {
        refuseLate(open);
        if (state) throw toFailure(new DomainError('CONFLICT', '案件已立档'));
      },
    },
  );

  setHandler(
    actUpdate,
    async (req: ActInput): Promise<ActResult> =>
      lock.run(async () => {
        const cached = recent.get();
        if (cached) return cached;
        try {
          const s = requireState(state);
          // Re-checked under the lock: an action applied meanwhile may have changed what is allowed.
          const refusal = refuseIn(s, req);
          if (refusal) throw refusal;
          const occurredAt = resolveOccurredAt(req.occurredAt, s.kase.lastEventAt);
          const eventId = uuid4();
          const d = decideAction(
            s,
            { ...req, occurredAt, regionCode: req.regionCode ?? null },
            ctx(),
            eventId,
          );
          const res = await persist(d);
          const result: ActResult = { eventId, noticeIds: res.noticeIds };
          recent.remember(result);
          return result;
        } catch (err) {
          throw toFailure(err);
        }
      }),
    {
      validator: (req: ActInput) => {
        refuseLate(req);
        if (!state) throw toFailure(new DomainError('NOT_FOUND', '案件不存在'));
        const refusal = refuseIn(state, req);
        if (refusal) throw toFailure(refusal);
        try {
          resolveOccurredAt(req.occurredAt, state.kase.lastEventAt);
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  // Wait for the opening update (or the carried state after continue-as-new).
  await condition(() => state !== null);

  // The deadline loop: sleep until the next reminder or due date, or until something changes.
  while (state!.kase.phase !== 'closed') {
    const plan = calendarData ? planWakeup(state!, settings, calendarOf(calendarData)) : null;
    const seen = changed;
    const woke = plan
      ? await condition(() => changed !== seen || shouldContinueAsNew(settings), plan.sleepMs)
      : await condition(() => changed !== seen || shouldContinueAsNew(settings));
    if (!woke && plan) {
      await lock.run(async () => {
        const s = state!;
        const now = new Date(Math.max(Date.now(), Date.parse(s.kase.lastEventAt))).toISOString();
        const d = decideWakeup(s, plan.wakeup, now, ctx());
        if (d.events.length > 0 || d.deadlines.length > 0) await persist(d);
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

function requireState(state: CaseAggregate | null): CaseAggregate {
  if (!state) throw new DomainError('NOT_FOUND', '案件不存在');
  return state;
}
