// The coordination dashboard (seed 十三, 统一指挥协调): read from the projection in Postgres only — never
// from Temporal — and bounded by the caller's visible regions, the rule every case read follows.
import type { Db } from '../db/knex';
import * as dash from '../db/dashboard.repository';
import { listOpenDeadlinesOf } from '../db/case.repository';
import { findUnitsByRegion } from '../db/unit.repository';
import type { Caller } from '../domain/access';
import { STAGES } from '../domain/case.types';
import { daysBetween, shanghaiDateOf } from '../domain/calendar';
import { blockerOf } from '../domain/dashboard';
import { REGIONS, regionByCode, visibleRegionCodes } from '../domain/reference';
import type { DashboardQuery } from './dashboard.schemas';

const regionName = (code: string) => regionByCode(code)?.name ?? code;
const regionOrder = (code: string) => {
  const i = REGIONS.findIndex((r) => r.code === code);
  return i < 0 ? REGIONS.length : i;
};

interface OverdueUnit {
  unitId: string | null;
  unitName: string | null;
  regionCode: string;
  regionName: string;
  responsibleRole: string;
  count: number;
  oldestDueOn: string;
  deadlines: {
    id: string;
    caseId: string;
    caseNo: string;
    title: string;
    rule: string;
    regionCode: string | null;
    dueOn: string;
    missedAt: string | null;
    overdueDays: number;
  }[];
}

export function createDashboardService({ db, now = Date.now }: { db: Db; now?: () => number }) {
  async function dashboard(caller: Caller, q: DashboardQuery) {
    const visible = visibleRegionCodes(caller.regionCode);
    const filter: dash.DashboardFilter = { regionCode: q.regionCode, sector: q.sector };
    const today = shanghaiDateOf(now());
    const [stages, tracks, overdue, cases] = await Promise.all([
      dash.countCasesByStage(db, visible, filter),
      dash.countTracksByRegionAndStage(db, visible, filter),
      dash.listOverdueByUnit(db, visible, filter, q.overduePerUnit),
      dash.listCrossRegionCases(db, visible, filter, q.page, q.pageSize),
    ]);
    const pageRegions = [...new Set(cases.flatMap((c) => c.tracks.map((t) => t.code)))];
    const [pending, units] = await Promise.all([
      listOpenDeadlinesOf(
        db,
        cases.map((c) => c.id),
      ),
      findUnitsByRegion(db, pageRegions),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));

    const byStage = new Map(stages.map((s) => [s.stage, s]));
    // Rows come oldest first, so each unit's first row is its oldest and units appear oldest first.
    const byUnit = new Map<string, OverdueUnit>();
    for (const d of overdue) {
      const key = `${d.responsibleRegionCode}/${d.responsibleRole}/${d.responsibleUnitId ?? ''}`;
      let unit = byUnit.get(key);
      if (!unit) {
        unit = {
          unitId: d.responsibleUnitId,
          unitName: d.unitName,
          regionCode: d.responsibleRegionCode,
          regionName: regionName(d.responsibleRegionCode),
          responsibleRole: d.responsibleRole,
          count: d.unitTotal,
          oldestDueOn: d.dueOn,
          deadlines: [],
        };
        byUnit.set(key, unit);
      }
      unit.deadlines.push({
        id: d.id,
        caseId: d.caseId,
        caseNo: d.caseNo,
        title: d.title,
        rule: d.rule,
        regionCode: d.regionCode,
        dueOn: d.dueOn,
        missedAt: d.missedAt,
        overdueDays: Math.max(0, daysBetween(d.dueOn, today)),
      });
    }
    const overdueUnits = [...byUnit.values()];

    return {
      asOf: today,
      regions: visible
        .filter((code) => !q.regionCode || code === q.regionCode)
        .map((code) => ({ code, name: regionName(code) })),
      stages: STAGES.map((stage) => ({
        stage,
        cases: byStage.get(stage)?.cases ?? 0,
        crossRegion: byStage.get(stage)?.crossRegion ?? 0,
      })),
      tracks: tracks
        .sort(
          (a, b) =>
            regionOrder(a.regionCode) - regionOrder(b.regionCode) ||
            STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
        )
        .map((t) => ({ ...t, regionName: regionName(t.regionCode) })),
      overdue: { total: overdueUnits.reduce((n, u) => n + u.count, 0), units: overdueUnits },
      crossRegion: {
        items: cases.map((c) => {
          const b = blockerOf(c, pending.get(c.id) ?? [], today);
          return {
            id: c.id,
            caseNo: c.caseNo,
            title: c.title,
            sector: c.sector,
            stage: c.stage,
            overdue: c.overdue,
            leadRegionCode: c.leadRegionCode,
            regions: c.tracks.map((t) => ({ ...t, name: regionName(t.code) })),
            blocker: b && {
              regionCode: b.regionCode,
              regionName: regionName(b.regionCode),
              stage: b.stage,
              deadline: b.deadline && {
                id: b.deadline.id,
                rule: b.deadline.rule,
                regionCode: b.deadline.regionCode,
                dueOn: b.deadline.dueOn,
                state: b.deadline.state,
                overdueDays: b.deadline.overdueDays,
                unitId: b.deadline.responsibleUnitId,
                unitName: b.deadline.responsibleUnitId
                  ? (unitName.get(b.deadline.responsibleUnitId) ?? null)
                  : null,
              },
            },
          };
        }),
        page: q.page,
        pageSize: q.pageSize,
        total: stages.reduce((n, s) => n + s.crossRegion, 0),
      },
    };
  }
  return { dashboard };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
