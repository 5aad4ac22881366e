// The coordination dashboard's reads (GET /api/dashboard), from the projection only: four statements,
// each an aggregate or a bounded page over the caller's visible cases, so the answer's size does not grow
// with the number of cases behind it (its cost does, linearly: see bench/dashboard.bench.ts).
import type { Knex } from 'knex';
import type { Executor } from './knex';
import type { Stage } from '../domain/case.types';
import type { TrackRow } from '../domain/dashboard';
import { visibleCaseSql } from './visibility';

export interface DashboardFilter {
  regionCode?: string;
  sector?: string;
}

/**
 * A region's stage as the case shows it. Outside the separate (regional) phase every region stands where
 * the case stands, whatever its own row last recorded — the rule of case.repository's toCase, in SQL.
 */
const TRACK_STAGE = `CASE WHEN c.phase = 'regional' THEN cr.stage ELSE c.stage END`;

/**
 * The case is cross-region: it has a region besides its lead (API.md: a lead and any assisting regions).
 * Uncorrelated, so Postgres hashes the assisting cases once instead of probing case_regions per case.
 */
const CROSS_REGION = `c.id IN (SELECT x.case_id FROM case_regions x WHERE x.role = 'assisting')`;

/**
 * The region answerable for a deadline: its own, or for a deadline of the case itself (no region, e.g.
 * the progress bulletin) the lead region, as the persisting activity assigns its responsible unit.
 */
const RESPONSIBLE_REGION = `COALESCE(d.region_code, c.lead_region_code)`;

/**
 * The responsible unit as a grouping key. Byte order (COLLATE "C"): the key only groups, and the sort under
 * the database's linguistic collation cost about twice as much over the overdue rows.
 */
const UNIT_KEY = `${RESPONSIBLE_REGION} COLLATE "C", d.responsible_role COLLATE "C", d.responsible_unit_id COLLATE "C"`;

/** Cases visible to the caller, filtered: the where-clause shared by the case-level reads. */
function caseWhere(
  visible: readonly string[],
  f: DashboardFilter,
): { sql: string; bindings: Knex.RawBinding[] } {
  const parts = [visibleCaseSql('c.id')];
  const bindings: Knex.RawBinding[] = [[...visible]];
  if (f.sector) {
    parts.push('c.sector = ?');
    bindings.push(f.sector);
  }
  if (f.regionCode) {
    parts.push('EXISTS (SELECT 1 FROM case_regions fr WHERE fr.case_id = c.id AND fr.region_code = ?)');
    bindings.push(f.regionCode);
  }
  return { sql: parts.join(' AND '), bindings };
}

export interface StageCount {
  stage: Stage;
  cases: number;
  crossRegion: number;
}

/** Visible cases by the case's stage, each case once; how many of them are cross-region. */
export async function countCasesByStage(
  db: Executor,
  visible: readonly string[],
  f: DashboardFilter,
): Promise<StageCount[]> {
  const w = caseWhere(visible, f);
  const { rows } = await db.raw(
    `SELECT c.stage, count(*)::int AS cases, count(*) FILTER (WHERE ${CROSS_REGION})::int AS cross_region
       FROM cases c WHERE ${w.sql} GROUP BY c.stage`,
    w.bindings,
  );
  return rows.map((r: { stage: Stage; cases: number; cross_region: number }) => ({
    stage: r.stage,
    cases: r.cases,
    crossRegion: r.cross_region,
  }));
}

export interface TrackCount {
  regionCode: string;
  stage: Stage;
  /** Cases with a track of this region standing in this stage. */
  cases: number;
  /** Of which the region's own phase has ended (its outcome is recorded) while other regions go on. */
  ended: number;
}

/**
 * Stage × region: one count per region track. Only the tracks of the caller's own regions are counted (a
 * track in a visible region makes its case visible, so this is within the visibility rule): a county's
 * figures are its own work, and a case shared with a neighbour is counted once in each region's column.
 */
export async function countTracksByRegionAndStage(
  db: Executor,
  visible: readonly string[],
  f: DashboardFilter,
): Promise<TrackCount[]> {
  const bindings: Knex.RawBinding[] = [[...visible]];
  let where = 'cr.region_code = ANY(?::text[])';
  if (f.regionCode) {
    where += ' AND cr.region_code = ?';
    bindings.push(f.regionCode);
  }
  if (f.sector) {
    where += ' AND c.sector = ?';
    bindings.push(f.sector);
  }
  const { rows } = await db.raw(
    `SELECT cr.region_code, ${TRACK_STAGE} AS stage, count(*)::int AS cases,
            count(*) FILTER (WHERE c.phase = 'regional' AND cr.outcome IS NOT NULL)::int AS ended
       FROM case_regions cr JOIN cases c ON c.id = cr.case_id
      WHERE ${where}
      GROUP BY 1, 2`,
    bindings,
  );
  return rows.map((r: { region_code: string; stage: Stage; cases: number; ended: number }) => ({
    regionCode: r.region_code,
    stage: r.stage,
    cases: r.cases,
    ended: r.ended,
  }));
}

export interface OverdueDeadlineRow {
  id: string;
  caseId: string;
  caseNo: string;
  title: string;
  rule: string;
  regionCode: string | null;
  responsibleRegionCode: string;
  responsibleRole: string;
  responsibleUnitId: string | null;
  unitName: string | null;
  dueOn: string;
  missedAt: string | null;
  /** How many overdue deadlines the same unit has in all (the rows returned stop at `perUnit`). */
  unitTotal: number;
}

/**
 * Overdue deadlines (missed and still owed, the meaning of cases.overdue) that the caller's regions answer
 * for, grouped by responsible unit: the oldest `perUnit` of each unit, oldest first, with the unit's total.
 */
export async function listOverdueByUnit(
  db: Executor,
  visible: readonly string[],
  f: DashboardFilter,
  perUnit: number,
): Promise<OverdueDeadlineRow[]> {
  const bindings: Knex.RawBinding[] = [[...visible]];
  let where = `d.state = 'missed' AND d.ended_at IS NULL AND ${RESPONSIBLE_REGION} = ANY(?::text[])`;
  if (f.regionCode) {
    where += ` AND ${RESPONSIBLE_REGION} = ?`;
    bindings.push(f.regionCode);
  }
  if (f.sector) {
    where += ' AND c.sector = ?';
    bindings.push(f.sector);
  }
  bindings.push(perUnit);
  // The window runs over narrow rows; titles and unit names are joined only to the rows kept.
  const { rows } = await db.raw(
    `SELECT o.*, c.case_no, c.title, u.name AS unit_name FROM (
       SELECT d.id, d.case_id, d.rule, d.region_code, ${RESPONSIBLE_REGION} AS responsible_region,
              d.responsible_role, d.responsible_unit_id, d.due_on, d.missed_at,
              row_number() OVER unit AS rn,
              count(*) OVER (PARTITION BY ${UNIT_KEY})::int AS unit_total
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE ${where}
       WINDOW unit AS (PARTITION BY ${UNIT_KEY} ORDER BY d.due_on, d.id)
     ) o JOIN cases c ON c.id = o.case_id LEFT JOIN units u ON u.id = o.responsible_unit_id
     WHERE o.rn <= ? ORDER BY o.due_on, o.id`,
    bindings,
  );
  return rows.map((r: any) => ({
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    title: r.title,
    rule: r.rule,
    regionCode: r.region_code,
    responsibleRegionCode: r.responsible_region,
    responsibleRole: r.responsible_role,
    responsibleUnitId: r.responsible_unit_id,
    unitName: r.unit_name,
    dueOn: r.due_on,
    missedAt: r.missed_at ? new Date(r.missed_at).toISOString() : null,
    unitTotal: r.unit_total,
  }));
}

export interface CrossRegionCaseRow {
  id: string;
  caseNo: string;
  title: string;
  sector: string;
  phase: string;
  stage: Stage;
  leadRegionCode: string;
  overdue: boolean;
  tracks: TrackRow[];
}

/**
 * A page of the visible cross-region cases, overdue ones first, then the longest open first, each with
 * every region's track (every region of a case sees every region's stage: DOMAIN.md, cross-region cases).
 */
export async function listCrossRegionCases(
  db: Executor,
  visible: readonly string[],
  f: DashboardFilter,
  page: number,
  pageSize: number,
): Promise<CrossRegionCaseRow[]> {
  const w = caseWhere(visible, f);
  const { rows } = await db.raw(
    `SELECT c.id, c.case_no, c.title, c.sector, c.phase, c.stage, c.lead_region_code, c.overdue,
            (SELECT json_agg(json_build_object('code', cr.region_code, 'role', cr.role,
                                               'stage', ${TRACK_STAGE}, 'outcome', cr.outcome)
                             ORDER BY cr.role = 'lead' DESC, cr.region_code)
               FROM case_regions cr WHERE cr.case_id = c.id) AS tracks
       FROM cases c
      WHERE ${w.sql} AND ${CROSS_REGION}
      ORDER BY c.overdue DESC, c.opened_at, c.id
      LIMIT ? OFFSET ?`,
    [...w.bindings, pageSize, (page - 1) * pageSize],
  );
  return rows.map((r: any) => ({
    id: r.id,
    caseNo: r.case_no,
    title: r.title,
    sector: r.sector,
    phase: r.phase,
    stage: r.stage,
    leadRegionCode: r.lead_region_code,
    overdue: r.overdue,
    tracks: r.tracks,
  }));
}
