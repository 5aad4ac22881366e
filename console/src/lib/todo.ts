// 我的待办's ordering rules, pure so they are tested without a browser. What is listed comes from the API
// (its allowedActions and deadlines); this only decides what is still owed and what comes first.
import type { ActionSpec, Case, Deadline } from '../api/types';
import { daysLeft } from './format';

/** Overdue: flagged missed by the API, or past its due date in Shanghai before the flag has landed. */
export const isOverdue = (d: Pick<Deadline, 'state' | 'dueOn'>, today: string): boolean =>
  d.state === 'missed' || daysLeft(d.dueOn, today) < 0;

/**
 * My unit's deadlines still owed, overdue first, then by due date. A missed deadline fulfilled late
 * (endedAt set) is no longer owed (API.md: an action dated later turns it into met or leaves it missed but
 * dealt with), so it is dropped.
 */
export function owedDeadlines(missed: Deadline[], running: Deadline[], today: string): Deadline[] {
  return [...missed.filter((d) => d.endedAt === null), ...running].sort(
    (a, b) =>
      Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
      a.dueOn.localeCompare(b.dueOn) ||
      a.id.localeCompare(b.id),
  );
}

export interface ActionableCase {
  c: Case;
  /** The earliest open deadline of my region (or of the whole case) one of my allowed actions settles. */
  due: Case['openDeadlines'][number] | undefined;
}

/**
 * Cases where I may act now: those where an allowed action of mine settles an open deadline first, the
 * soonest due first; then the others, cases with an overdue deadline first.
 */
export function actionableCases(
  cases: Case[],
  actions: Map<string, Pick<ActionSpec, 'stopsDeadlines'>>,
  myRegion: string | undefined,
): ActionableCase[] {
  const settles = (c: Case, rule: string) =>
    c.allowedActions.some((a) => actions.get(a)?.stopsDeadlines.some((s) => s.code === rule));
  return cases
    .filter((c) => c.allowedActions.length > 0)
    .map((c) => ({
      c,
      due: c.openDeadlines
        .filter((d) => (d.regionCode === null || d.regionCode === myRegion) && settles(c, d.rule))
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0],
    }))
    .sort(
      (a, b) =>
        Number(!!b.due) - Number(!!a.due) ||
        (a.due && b.due ? a.due.dueOn.localeCompare(b.due.dueOn) : 0) ||
        Number(b.c.overdue) - Number(a.c.overdue),
    );
}
