// The petition bureau's read models (GET /api/petitions, GET /api/stabilization-measures): petitions from each
// region's track (case_regions.state, written by the case workflow's one transaction) with their open clock
// from `deadlines`, and stabilization measures from the history. Who reads what follows domain/access.ts
// readsEveryRegion: a region's own petitions, and every region's of the cases it leads (or its counties lead).
import type { Executor } from './knex';

export type PetitionState = 'routing' | 'handling' | 'review' | 'answered';
export type PetitionChannel = 'visit' | 'letter' | 'phone' | 'online';

export interface PetitionListItem {
  id: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  regionCode: string;
  petitionerName: string;
  summary: string;
  /** How it came in; a visit (走访) includes a group visit (集体访). Null for a history without it. */
  channel: PetitionChannel | null;
  state: PetitionState;
  accepted: boolean;
  answered: boolean;
  reviews: number;
  loggedAt: string;
  /** The petition's running clock (PETITION_ROUTING, _HANDLING or _REVIEW), null once answered. */
  clock: { rule: string; dueOn: string; state: string; rolledOverFrom: string | null } | null;
}

export interface PetitionFilter {
  visibleRegions: readonly string[];
  caseId?: string;
  regionCode?: string;
  state?: PetitionState;
  channel?: PetitionChannel;
  page: number;
  pageSize: number;
}

/** A deadline that still binds: running, paused, or missed and not yet fulfilled late. */
const OPEN_DEADLINE = `(d.state IN ('running', 'paused') OR (d.state = 'missed' AND d.ended_at IS NULL))`;

/** A region's part the caller may read (domain/access.ts readsEveryRegion). */
const READABLE_REGION = `(cr.region_code = ANY(string_to_array(:visible, ',')) OR c.lead_region_code = ANY(string_to_array(:visible, ',')))`;

export async function listPetitions(
  db: Executor,
  f: PetitionFilter,
): Promise<{ items: PetitionListItem[]; total: number; byState: Record<PetitionState, number> }> {
  type Row = {
    id: string;
    case_id: string;
    case_no: string;
    title: string;
    region_code: string;
    pet: {
      petitionerName: string;
      summary: string;
      accepted: boolean;
      answered: boolean;
      reviews: number;
      loggedAt: string;
    };
    channel: PetitionChannel | null;
    state: PetitionState;
    rule: string | null;
    due_on: string | null;
    clock_state: string | null;
    rolled_over_from: string | null;
    total: string;
  };
  const r = await db.raw<{ rows: Row[] }>(
    `WITH p AS (
       SELECT x.value->>'id' AS id, c.id AS case_id, c.case_no, c.title, cr.region_code, x.value AS pet
       FROM case_regions cr JOIN cases c ON c.id = cr.case_id
       CROSS JOIN LATERAL jsonb_array_elements(COALESCE(cr.state->'petitions', '[]'::jsonb)) x
       WHERE ${READABLE_REGION} AND (CAST(:regionCode AS text) IS NULL OR cr.region_code = CAST(:regionCode AS text))
         AND (CAST(:caseId AS uuid) IS NULL OR c.id = CAST(:caseId AS uuid))
     ), q AS (
       SELECT p.*, d.rule, d.due_on::text AS due_on, d.state AS clock_state,
         d.rolled_over_from::text AS rolled_over_from, e.channel,
         CASE
           WHEN d.rule = 'PETITION_REVIEW' THEN 'review'
           WHEN d.rule = 'PETITION_HANDLING' THEN 'handling'
           WHEN d.rule = 'PETITION_ROUTING' THEN 'routing'
           WHEN (p.pet->>'answered')::boolean THEN 'answered'
           WHEN (p.pet->>'accepted')::boolean THEN 'handling'
           ELSE 'routing'
         END AS state
       FROM p
       LEFT JOIN LATERAL (
         SELECT d.rule, d.due_on, d.state, d.rolled_over_from FROM deadlines d
         WHERE d.case_id = p.case_id AND d.subject_id = (p.id)::uuid AND d.rule LIKE 'PETITION\\_%'
           AND ${OPEN_DEADLINE}
         ORDER BY d.started_on DESC LIMIT 1
       ) d ON true
       LEFT JOIN LATERAL (
         SELECT e.payload->>'channel' AS channel FROM case_events e
         WHERE e.case_id = p.case_id AND e.action = 'log_petition' AND e.region_code = p.region_code
           AND e.occurred_at = (p.pet->>'loggedAt')::timestamptz
         ORDER BY e.seq LIMIT 1
       ) e ON true
       WHERE CAST(:channel AS text) IS NULL OR e.channel = CAST(:channel AS text)
     ), counted AS (
       SELECT q.*, count(*) OVER () AS total,
         count(*) FILTER (WHERE q.state = 'routing') OVER () AS n_routing,
         count(*) FILTER (WHERE q.state = 'handling') OVER () AS n_handling,
         count(*) FILTER (WHERE q.state = 'review') OVER () AS n_review,
         count(*) FILTER (WHERE q.state = 'answered') OVER () AS n_answered
       FROM q
     )
     SELECT * FROM counted WHERE CAST(:state AS text) IS NULL OR state = CAST(:state AS text)
     ORDER BY due_on ASC NULLS LAST, pet->>'loggedAt' DESC, id
     LIMIT :limit OFFSET :offset`,
    {
      visible: f.visibleRegions.join(','),
      regionCode: f.regionCode ?? null,
      caseId: f.caseId ?? null,
      channel: f.channel ?? null,
      state: f.state ?? null,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    },
  );
  // The counts come with the page's rows; a page past the end has none, so they are asked for once more.
  const counts = r.rows[0] as (Row & Record<`n_${PetitionState}`, string>) | undefined;
  const byState = counts
    ? {
        routing: Number(counts.n_routing),
        handling: Number(counts.n_handling),
        review: Number(counts.n_review),
        answered: Number(counts.n_answered),
      }
    : f.page > 1
      ? (await listPetitions(db, { ...f, page: 1, pageSize: 1 })).byState
      : { routing: 0, handling: 0, review: 0, answered: 0 };
  const total = f.state ? byState[f.state] : Object.values(byState).reduce((a, b) => a + b, 0);
  return {
    total,
    byState,
    items: r.rows.map((x) => ({
      id: x.id,
      caseId: x.case_id,
      caseNo: x.case_no,
      caseTitle: x.title,
      regionCode: x.region_code,
      petitionerName: x.pet.petitionerName,
      summary: x.pet.summary,
      channel: x.channel,
      state: x.state,
      accepted: x.pet.accepted,
      answered: x.pet.answered,
      reviews: x.pet.reviews,
      loggedAt: new Date(x.pet.loggedAt).toISOString(),
      clock: x.rule
        ? { rule: x.rule, dueOn: x.due_on!, state: x.clock_state!, rolledOverFrom: x.rolled_over_from }
        : null,
    })),
  };
}

export interface StabilizationMeasureItem {
  eventId: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  regionCode: string;
  at: string;
  measure: string;
  description: string | null;
  unitName: string | null;
}

export async function listStabilizationMeasures(
  db: Executor,
  f: {
    visibleRegions: readonly string[];
    caseId?: string;
    regionCode?: string;
    page: number;
    pageSize: number;
  },
): Promise<{
  items: StabilizationMeasureItem[];
  total: number;
  byRegion: { regionCode: string; measures: number; openCases: number; concluded: number }[];
}> {
  const visible = f.visibleRegions.join(',');
  const regionCode = f.regionCode ?? null;
  const caseId = f.caseId ?? null;
  const caseFilter = `(CAST(:caseId AS uuid) IS NULL OR c.id = CAST(:caseId AS uuid))`;
  type Row = {
    id: string;
    case_id: string;
    case_no: string;
    title: string;
    region_code: string;
    occurred_at: Date;
    payload: { measure?: string; description?: string | null };
    unit_name: string | null;
    total: string;
  };
  const from = `FROM case_events e JOIN cases c ON c.id = e.case_id
       JOIN case_regions cr ON cr.case_id = e.case_id AND cr.region_code = e.region_code
       WHERE e.action = 'record_stabilization_measure' AND ${READABLE_REGION}
         AND (CAST(:regionCode AS text) IS NULL OR e.region_code = CAST(:regionCode AS text)) AND ${caseFilter}`;
  const [page, regions] = await Promise.all([
    db.raw<{ rows: Row[] }>(
      `SELECT e.id, e.case_id, c.case_no, c.title, e.region_code, e.occurred_at, e.payload,
         e.actor->>'unitName' AS unit_name, count(*) OVER () AS total
       ${from}
       ORDER BY e.occurred_at DESC, e.id LIMIT :limit OFFSET :offset`,
      { visible, regionCode, caseId, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
    ),
    // Per region: measures recorded, and of its cases still open how many have concluded stabilization.
    db.raw<{ rows: { region_code: string; measures: string; open_cases: string; concluded: string }[] }>(
      `SELECT cr.region_code, count(e.id) AS measures,
         count(DISTINCT cr.case_id) FILTER (WHERE c.stage <> 'closed') AS open_cases,
         count(DISTINCT cr.case_id) FILTER (WHERE c.stage <> 'closed'
           AND COALESCE((cr.state->>'stabilizationConcluded')::boolean, false)) AS concluded
       FROM case_regions cr JOIN cases c ON c.id = cr.case_id
       LEFT JOIN case_events e ON e.case_id = cr.case_id AND e.region_code = cr.region_code
         AND e.action = 'record_stabilization_measure'
       WHERE ${READABLE_REGION} AND (CAST(:regionCode AS text) IS NULL OR cr.region_code = CAST(:regionCode AS text))
         AND ${caseFilter}
       GROUP BY cr.region_code ORDER BY cr.region_code`,
      { visible, regionCode, caseId },
    ),
  ]);
  return {
    total: page.rows.length ? Number(page.rows[0].total) : 0,
    byRegion: regions.rows.map((x) => ({
      regionCode: x.region_code,
      measures: Number(x.measures),
      openCases: Number(x.open_cases),
      concluded: Number(x.concluded),
    })),
    items: page.rows.map((x) => ({
      eventId: x.id,
      caseId: x.case_id,
      caseNo: x.case_no,
      caseTitle: x.title,
      regionCode: x.region_code,
      at: x.occurred_at.toISOString(),
      measure: x.payload.measure ?? '',
      description: x.payload.description ?? null,
      unitName: x.unit_name,
    })),
  };
}
