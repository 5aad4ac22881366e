// The coordination dashboard's rules (seed 十三, 统一指挥协调): which region and which deadline hold a
// cross-region case back. Pure: the repository reads the rows, this decides.
import type { Stage } from './case.types';
import { STAGES } from './case.types';
import { daysBetween } from './calendar';

export interface TrackRow {
  code: string;
  role: 'lead' | 'assisting';
  /** The stage as the case shows it for this region (the case's own outside the regional phase). */
  stage: Stage;
  /** Set when the region's own phase has ended (declined filing, not prosecuted, judgment effective). */
  outcome: string | null;
}

export interface OpenDeadlineRow {
  id: string;
  rule: string;
  regionCode: string | null;
  dueOn: string;
  state: 'running' | 'paused' | 'met' | 'missed';
  endedAt: string | null;
  responsibleUnitId: string | null;
}

export interface Blocker {
  regionCode: string;
  stage: Stage;
  deadline: (OpenDeadlineRow & { overdueDays: number }) | null;
}

const stageRank = (s: Stage) => STAGES.indexOf(s);

/** Missed and still owed: the meaning of an overdue deadline everywhere (cases.overdue, the case list). */
export const isOverdue = (d: Pick<OpenDeadlineRow, 'state' | 'endedAt'>): boolean =>
  d.state === 'missed' && d.endedAt === null;

/** Most urgent first: overdue (the oldest due first), then counting (earliest due), then paused. */
const urgency = (d: OpenDeadlineRow): number => (isOverdue(d) ? 0 : d.state === 'running' ? 1 : 2);
const byUrgency = (a: OpenDeadlineRow, b: OpenDeadlineRow): number =>
  urgency(a) - urgency(b) || a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id);

/**
 * What holds a cross-region case back. In the separate phase (分别侦查诉讼) the case moves on only when every
 * region's track has ended, and its stage is that of the least advanced region still running
 * (API.md, "the case as returned"); so the blocker is one of those regions, and among their pending
 * deadlines the most overdue, else the earliest due. Outside the separate phase every region stands
 * where the case stands: any pending deadline of the case may be the one, and a deadline of the case
 * itself (no region: the progress bulletin) is the lead region's (seed 十三: the lead 定期通报).
 * With no pending deadline the blocker is the first such region (the lead first) and no deadline.
 */
export function blockerOf(
  c: { phase: string; leadRegionCode: string; tracks: readonly TrackRow[] },
  pending: readonly OpenDeadlineRow[],
  today: string,
): Blocker | null {
  if (c.tracks.length === 0) return null;
  let candidates: readonly TrackRow[] = c.tracks;
  if (c.phase === 'regional') {
    const running = c.tracks.filter((t) => t.outcome === null);
    if (running.length > 0) {
      const least = Math.min(...running.map((t) => stageRank(t.stage)));
      candidates = running.filter((t) => stageRank(t.stage) === least);
    }
  }
  const codes = new Set(candidates.map((t) => t.code));
  const regionOf = (d: OpenDeadlineRow) => d.regionCode ?? (c.phase === 'regional' ? null : c.leadRegionCode);
  const holding = pending
    .filter((d) => d.state === 'running' || d.state === 'paused' || isOverdue(d))
    .filter((d) => {
      const r = regionOf(d);
      return r !== null && codes.has(r);
    })
    .sort(byUrgency)[0];
  const ordered = [...candidates].sort(
    (a, b) => Number(b.role === 'lead') - Number(a.role === 'lead') || a.code.localeCompare(b.code),
  );
  const track = holding ? candidates.find((t) => t.code === regionOf(holding))! : ordered[0];
  return {
    regionCode: track.code,
    stage: track.stage,
    deadline: holding
      ? { ...holding, overdueDays: isOverdue(holding) ? Math.max(0, daysBetween(holding.dueOn, today)) : 0 }
      : null,
  };
}
