// Workflow-side plumbing of the case workflow: the per-workflow lock, the mapping of domain errors to
// ApplicationFailure, the activity proxies, the deadline timer plan and the refusal applied to an Update.
import { condition, currentUpdateInfo, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { createCaseActivities } from '../activities/case.activities';
import { DomainError } from '../domain/errors';
import { HolidayCalendar } from '../domain/calendar';
import type { Wakeup } from '../domain/case.machine';
import { type CaseAggregate, nextCaseWakeup } from '../domain/case.decide';
import type { ActInput, ActResult, CalendarData, WorkflowSettings } from './case.messages';
import { refuseAction } from '../domain/access';
import { actionSpec } from '../domain/catalogue';

type Activities = ReturnType<typeof createCaseActivities>;

/**
 * Persistence is idempotent on the event id, so retries are safe; a domain refusal is never retried.
 * Local activities: a persist is one short transaction, and running it inside the workflow task saves two
 * round trips to the server per action (docs/decisions/0005). If the worker dies after the commit but before
 * the task completes, the next worker runs it again and finds the event already written.
 */
export const activities = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '5 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 20,
    nonRetryableErrorTypes: ['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'FORBIDDEN'],
  },
});

/**
 * Actions on one case are applied one at a time: "re-check, transition, persist" must not interleave, or two
 * officers acting at once could both pass a stale check (ARCHITECTURE.md).
 */
export class Lock {
  private held = false;
  private readonly waiting: number[] = [];
  private nextTicket = 0;
  async run<T>(fn: () => Promise<T>): Promise<T> {
    // FIFO tickets: when the lock is released, every waiter's condition is evaluated in the same
    // activation, so a bare `!held` check would let them all in at once.
    const ticket = this.nextTicket++;
    this.waiting.push(ticket);
    await condition(() => !this.held && this.waiting[0] === ticket);
    this.waiting.shift();
    this.held = true;
    try {
      return await fn();
    } finally {
      this.held = false;
    }
  }
  get isHeld(): boolean {
    return this.held || this.waiting.length > 0;
  }
}

import { toFailure } from './failure';
export { toFailure };

export const calendarOf = (data: CalendarData) => new HolidayCalendar(data.days, data.years);

/** Remembers the results of recent updates so a retried request (same update id) is answered, not re-applied. */
export class RecentUpdates {
  private readonly entries: Map<string, ActResult>;
  constructor(initial: [string, ActResult][] = []) {
    this.entries = new Map(initial);
  }
  get(): ActResult | undefined {
    const id = currentUpdateInfo()?.id;
    return id ? this.entries.get(id) : undefined;
  }
  remember(result: ActResult): void {
    const id = currentUpdateInfo()?.id;
    if (!id) return;
    this.entries.set(id, result);
    while (this.entries.size > 500) this.entries.delete(this.entries.keys().next().value as string);
  }
  toJSON(): [string, ActResult][] {
    return [...this.entries];
  }
}

/**
 * An update that reaches the workflow after its notAfter is rejected by the validator: the API has answered
 * its caller 503 by then (no worker took it in time), and an action the caller was told failed must not take
 * effect later. Only validators apply it: a rejected update leaves no trace, so a retry with the same
 * Idempotency-Key (same update id) is judged afresh. Workflow time is the task's start, the same in replay.
 */
export function refuseLate(req: { notAfter?: string }): void {
  if (req.notAfter !== undefined && Date.now() > Date.parse(req.notAfter)) {
    throw toFailure(
      new DomainError(
        'WORKER_UNAVAILABLE',
        '办理服务未能及时受理此操作，操作未生效；可用同一 Idempotency-Key 重试',
      ),
    );
  }
}

/** Validates occurredAt: never in the future, never before the case's previous event. */
export function resolveOccurredAt(occurredAt: string | undefined, lastEventAt: string): string {
  const now = Date.now();
  if (occurredAt === undefined) return new Date(Math.max(now, Date.parse(lastEventAt))).toISOString();
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) {
    throw new DomainError('VALIDATION_FAILED', 'occurredAt 不是有效时间', [
      { field: '/occurredAt', message: '无效时间' },
    ]);
  }
  if (t > now + 60_000) {
    throw new DomainError('VALIDATION_FAILED', '发生时间不能晚于当前时间', [
      { field: '/occurredAt', message: '不能是将来的时间' },
    ]);
  }
  if (t < Date.parse(lastEventAt)) {
    throw new DomainError('VALIDATION_FAILED', '发生时间不能早于案件上一事件的时间', [
      { field: '/occurredAt', message: `不能早于 ${lastEventAt}` },
    ]);
  }
  return new Date(t).toISOString();
}

/**
 * How long to sleep until the next deadline event. With timeScale > 1 the remaining real time is divided
 * by the scale, and the fired item is settled by id (the wall clock has not reached its due date yet).
 */
export function planWakeup(
  state: CaseAggregate,
  settings: WorkflowSettings,
  calendar: HolidayCalendar,
): { wakeup: Wakeup; sleepMs: number } | null {
  const wakeup = nextCaseWakeup(state, settings.reminderWorkingDays, calendar);
  if (!wakeup) return null;
  const remaining = Math.max(0, wakeup.atMs - Date.now());
  return { wakeup, sleepMs: Math.ceil(remaining / settings.timeScale) };
}

export function shouldContinueAsNew(settings: WorkflowSettings): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > settings.maxHistoryEvents;
}

/**
 * The refusal applied before and inside an Update: the action must come from a person, a regional action
 * must name a region of the case, and then the catalogue's rules (domain/access.ts) decide, as in the API.
 */
export function refuseIn(state: CaseAggregate, req: ActInput): DomainError | null {
  const { userId, role, unitId, regionCode } = req.actor;
  if (role === 'system' || unitId === null || regionCode === null) {
    return new DomainError('FORBIDDEN', '缺少操作人');
  }
  const regional = actionSpec(req.action).scope === 'region';
  const region = regional ? state.tracks.find((t) => t.code === req.regionCode) : undefined;
  if (regional && !region) {
    return new DomainError('VALIDATION_FAILED', '本案不涉及该地区', [
      { field: '/regionCode', message: '不是本案的涉案地区' },
    ]);
  }
  return refuseAction(req.action, {
    caller: { userId, role, unitId, regionCode },
    caseState: state.kase,
    region,
    casePhase: state.kase.phase,
    leadRegionCode: state.kase.leadRegionCode,
  });
}
