// 我的待办's rules (console/src/lib/todo.ts): only what is still owed, overdue first, and the cases where an
// action of mine settles a deadline of my region ahead of the rest.
import type { Case, Deadline } from '../../console/src/api/types';
import { actionableCases, owedDeadlines } from '../../console/src/lib/todo';

const TODAY = '2026-03-10';
const deadline = (id: string, state: string, dueOn: string, endedAt: string | null = null): Deadline => ({
  id,
  caseId: 'c',
  rule: 'FILING_REVIEW',
  regionCode: '532822',
  responsibleRole: 'police',
  responsibleUnitId: 'u',
  startedOn: '2026-03-01',
  dueOn,
  rolledOverFrom: null,
  state,
  extensions: [],
  missedAt: state === 'missed' ? `${dueOn}T16:00:00Z` : null,
  endedAt,
});

describe('owedDeadlines', () => {
  test('When deadlines are missed, past due or due later, then the overdue come first, each group by due date, and one fulfilled late is gone', () => {
    const list = owedDeadlines(
      [
        deadline('m2', 'missed', '2026-03-05'),
        deadline('late', 'missed', '2026-03-01', '2026-03-04T02:00:00Z'),
      ],
      [
        deadline('r-later', 'running', '2026-03-30'),
        deadline('r-today', 'running', '2026-03-10'),
        // Past its due date, the timer's missed flag not landed yet: overdue all the same.
        deadline('r-past', 'running', '2026-03-09'),
      ],
      TODAY,
    );
    expect(list.map((d) => d.id)).toEqual(['m2', 'r-past', 'r-today', 'r-later']);
  });
});

describe('actionableCases', () => {
  const kase = (
    id: string,
    allowedActions: string[],
    open: [string, string | null, string][],
    overdue = false,
  ) =>
    ({
      id,
      allowedActions,
      overdue,
      openDeadlines: open.map(([rule, regionCode, dueOn], i) => ({
        id: `${id}-${i}`,
        rule,
        regionCode,
        dueOn,
        state: 'running',
      })),
    }) as unknown as Case;
  const actions = new Map([
    ['file_case', { stopsDeadlines: [{ code: 'FILING_REVIEW', title: '' }] }],
    ['log_petition', { stopsDeadlines: [] }],
  ]);

  test('When I may act on several cases, then those where my action settles a deadline of my region come first, soonest first, and cases with nothing to do are left out', () => {
    const list = actionableCases(
      [
        kase('petition-only', ['log_petition'], [], true),
        kase('later', ['file_case'], [['FILING_REVIEW', '532822', '2026-03-20']]),
        kase('sooner', ['file_case', 'log_petition'], [['FILING_REVIEW', '532822', '2026-03-12']]),
        // The open deadline is another region's: my action there does not settle it.
        kase('other-region', ['file_case'], [['FILING_REVIEW', '532801', '2026-03-11']]),
        kase('nothing', [], [['FILING_REVIEW', '532822', '2026-03-11']]),
        kase('quiet', ['log_petition'], []),
      ],
      actions,
      '532822',
    );
    expect(list.map((x) => [x.c.id, x.due?.dueOn ?? null])).toEqual([
      ['sooner', '2026-03-12'],
      ['later', '2026-03-20'],
      ['petition-only', null],
      ['other-region', null],
      ['quiet', null],
    ]);
  });
});
