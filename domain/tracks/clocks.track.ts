// 期限的中止与恢复（只在法律规定的情形）.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import { type Regional, anyPending, id, regionAction, reroll, schema } from './kernel';
import { DomainError, invalidTransition } from '../errors';
import { PAUSE_REASONS, assertCanPause, resumeAfterPause } from '../deadlines';

export interface PauseDeadline extends Regional {
  deadlineId: string;
  reason: string;
}
export interface ResumeDeadline extends Regional {
  deadlineId: string;
}

export const CLOCKS = {
  pause_deadline: regionAction<PauseDeadline>({
    title: '中止计算期限（鉴定、中止审理等）',
    roles: ['police', 'procuratorate', 'court'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial'],
    // Only the pauses the law has (刑诉法 第一百四十九条、第二百零六条 …: PAUSE_REASONS), each on the clocks it governs.
    payloadSchema: schema<PauseDeadline>(
      { deadlineId: id, reason: { type: 'string', enum: Object.keys(PAUSE_REASONS) } },
      ['deadlineId', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.deadlines.some((d) => d.state === 'running') ? null : '没有正在计算的期限'),
    apply: (s, p) => {
      const { today, changed } = s;
      const d = s.next.deadlines.find((x) => x.id === p.deadlineId);
      if (!d) throw new DomainError('NOT_FOUND', '期限不存在');
      if (d.state !== 'running') throw invalidTransition('只能中止正在计算的期限');
      assertCanPause(d.rule, p.reason);
      changed.push({ ...d, state: 'paused', pausedOn: today });
    },
  }),
  resume_deadline: regionAction<ResumeDeadline>({
    title: '恢复计算期限',
    roles: ['police', 'procuratorate', 'court'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial'],
    payloadSchema: schema<ResumeDeadline>({ deadlineId: id }, ['deadlineId'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.deadlines.some((d) => d.state === 'paused') ? null : '没有已中止的期限'),
    apply: (s, p) => {
      const { today, ctx, changed } = s;
      const d = s.next.deadlines.find((x) => x.id === p.deadlineId);
      if (!d) throw new DomainError('NOT_FOUND', '期限不存在');
      if (d.state !== 'paused' || d.pausedOn === null) throw invalidTransition('该期限未中止');
      // The paused days are excluded from the period (刑诉法 第一百四十九条、第二百零六条).
      const moved = reroll(d, resumeAfterPause(d.baseDueOn, d.pausedOn, today), ctx.calendar);
      changed.push({ ...moved, state: 'running', pausedOn: null });
    },
  }),
};
