// The case projection: rows in snake_case, domain objects out. Writes happen only inside the persisting
// activity's transaction; reads serve every list and detail.
import type { Executor } from './knex';
import { advanceChainHead, eventHash, eventHashInputOf, lockChainHead } from './audit.repository';
import type {
  CaseState,
  Deadline,
  EventDraft,
  OpenCaseInput,
  RegionState,
  Stage,
} from '../domain/case.types';
import { caseStageOf, regionDisplayStage } from '../domain/case.machine';
import { whereCaseVisible } from './visibility';
import { openPersonalData, sealPersonalData } from './sealing';

// Personal fields (domain/personal-data.ts PERSONAL_FIELDS) are sealed in every JSON column this file writes
// and opened in every one it reads: the rest of the system sees clear values in memory only, and every
// answer masks them (api/case.service.ts). A JSON column of the case is written through `sealed`.
const sealed = (v: unknown): string => JSON.stringify(sealPersonalData(v));

export interface CaseRecord {
  id: string;
  caseNo: string;
  title: string;
  sector: string;
  leadRegionCode: string;
  phase: string;
  stage: Stage;
  overdue: boolean;
  source: OpenCaseInput['source'];
  subjects: OpenCaseInput['subjects'];
  estimatedAmountFen: number | null;
  estimatedParticipants: number | null;
  summary: string | null;
  state: CaseState;
  openedAt: string;
  createdAt: string;
  updatedAt: string;
  regions: CaseRegionRecord[];
}

export interface CaseRegionRecord {
  code: string;
  name: string;
  role: 'lead' | 'assisting';
  stage: Stage;
  outcome: string | null;
  state: RegionState | null;
}

export interface EventRecord {
  id: string;
  seq: number;
  at: string;
  recordedAt: string;
  action: string;
  actor: EventDraft['actor'];
  regionCode: string | null;
  payload: unknown;
  idempotencyKey: string | null;
}

export interface DeadlineRecord extends Deadline {
  caseId: string;
  responsibleUnitId: string | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

export async function insertOpenedCase(
  trx: Executor,
  c: {
    id: string;
    caseNo: string;
    input: OpenCaseInput;
    createdBy: string;
    openedAt: string;
    state: CaseState;
    tracks: RegionState[];
  },
): Promise<void> {
  await trx('cases').insert({
    id: c.id,
    case_no: c.caseNo,
    title: c.input.title,
    sector: c.input.sector,
    lead_region_code: c.input.leadRegionCode,
    phase: 'detection',
    stage: 'detection',
    source: sealed(c.input.source),
    subjects: sealed(c.input.subjects),
    estimated_amount_fen: c.input.estimatedAmountFen ?? null,
    estimated_participants: c.input.estimatedParticipants ?? null,
    summary: c.input.summary ?? null,
    state: sealed(c.state),
    created_by: c.createdBy,
    opened_at: c.openedAt,
  });
  await insertTracks(trx, c.id, c.tracks);
}

/** The projection rows of regions' tracks: at opening, and when add_region brings in another region. */
export async function insertTracks(
  trx: Executor,
  caseId: string,
  tracks: readonly RegionState[],
): Promise<void> {
  await trx('case_regions').insert(
    tracks.map((t) => ({
      case_id: caseId,
      region_code: t.code,
      role: t.role,
      stage: regionDisplayStage(t),
      outcome: t.outcome,
      state: sealed(t),
    })),
  );
}

export async function lockCase(
  trx: Executor,
  id: string,
): Promise<{ lastSeq: number; caseNo: string; phase: CaseState['phase'] } | null> {
  const row = await trx('cases').where({ id }).forUpdate().first('last_seq', 'case_no', 'phase');
  return row ? { lastSeq: row.last_seq, caseNo: row.case_no, phase: row.phase } : null;
}

export async function findEventIds(trx: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx('case_events').whereIn('id', ids).select('id');
  return rows.map((r: { id: string }) => r.id);
}

export async function findEventByIdempotencyKey(
  db: Executor,
  caseId: string,
  key: string,
): Promise<EventRecord | null> {
  const row = await db('case_events').where({ case_id: caseId, idempotency_key: key }).first();
  return row ? toEvent(row) : null;
}

export async function appendEvent(trx: Executor, caseId: string, seq: number, e: EventDraft): Promise<void> {
  // Linked into the case's hash chain under its head's lock (db/audit.repository.ts); hashed as it reads back.
  const head = await lockChainHead(trx, caseId);
  if (head.seq !== seq - 1)
    throw new Error(`case ${caseId}: event ${seq} would not follow the chain's head ${head.seq}`);
  const row = {
    id: e.id,
    case_id: caseId,
    seq,
    action: e.action,
    actor: JSON.parse(JSON.stringify(e.actor)) as unknown,
    region_code: e.regionCode,
    payload: JSON.parse(JSON.stringify(e.payload ?? {})) as unknown,
    occurred_at: e.occurredAt,
    idempotency_key: e.idempotencyKey,
    requirements_version: e.requirementsVersion ?? null,
  };
  const hash = eventHash(head.hash, eventHashInputOf(row));
  await trx('case_events').insert({
    ...row,
    actor: JSON.stringify(row.actor),
    payload: sealed(row.payload),
    prev_hash: head.hash,
    hash,
  });
  await advanceChainHead(trx, caseId, seq, hash);
}

/** Subjects named after the opening (add_subjects), appended to the case row's list. */
export async function appendSubjects(
  trx: Executor,
  caseId: string,
  subjects: OpenCaseInput['subjects'],
): Promise<void> {
  await trx('cases')
    .where({ id: caseId })
    .update({ subjects: trx.raw('subjects || ?::jsonb', [JSON.stringify(subjects)]) });
}

export async function saveRegionState(trx: Executor, caseId: string, r: RegionState): Promise<void> {
  await trx('case_regions')
    .where({ case_id: caseId, region_code: r.code })
    .update({ stage: regionDisplayStage(r), outcome: r.outcome, state: sealed(r) });
}

/**
 * The case row after a step, in one statement: its state, the last event number, and what is derived — the
 * stage (least advanced region in the separate phase, from the case's summaries of its tracks) and the
 * overdue flag. Runs after the step's region rows and deadlines are written.
 */
export async function saveCaseRow(
  trx: Executor,
  caseId: string,
  step: { state: CaseState; tracks: readonly RegionState[]; lastSeq: number },
): Promise<void> {
  const stage = caseStageOf(step.state.phase, step.state.regions);
  await trx('cases')
    .where({ id: caseId })
    .update({
      phase: step.state.phase,
      state: sealed(step.state),
      last_seq: step.lastSeq,
      updated_at: trx.fn.now(),
      stage,
      overdue: trx.raw(
        `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = ? AND d.state = 'missed' AND d.ended_at IS NULL)`,
        [caseId],
      ),
    });
}

export async function upsertDeadlines(
  trx: Executor,
  caseId: string,
  deadlines: readonly Deadline[],
  unitFor: (role: string, regionCode: string | null) => string | null,
): Promise<void> {
  if (deadlines.length === 0) return;
  // One step may start a deadline and settle it at once; the last version of each wins.
  const latest = [...new Map(deadlines.map((d) => [d.id, d])).values()];
  const rows = latest.map((d) => ({
    id: d.id,
    case_id: caseId,
    region_code: d.regionCode,
    rule: d.rule,
    subject_id: d.subjectId,
    responsible_role: d.responsibleRole,
    responsible_unit_id: unitFor(d.responsibleRole, d.responsibleRegionCode ?? d.regionCode),
    started_on: d.startedOn,
    base_due_on: d.baseDueOn,
    due_on: d.dueOn,
    due_at: d.dueAt ?? null,
    rolled_over_from: d.rolledOverFrom,
    in_custody: d.inCustody,
    state: d.state,
    extensions: JSON.stringify(d.extensions),
    paused_on: d.pausedOn,
    ended_at: d.endedAt,
    ended_by: d.endedBy,
    missed_at: d.missedAt,
    reminded_at: d.remindedAt,
    warnings: JSON.stringify(d.warnings),
    updated_at: trx.fn.now(),
  }));
  await trx('deadlines').insert(rows).onConflict('id').merge();
}

// ------------------------------------------------------------------------------------------------- reads

const caseColumns = [
  'c.id',
  'c.case_no',
  'c.title',
  'c.sector',
  'c.lead_region_code',
  'c.phase',
  'c.stage',
  'c.overdue',
  'c.source',
  'c.subjects',
  'c.estimated_amount_fen',
  'c.estimated_participants',
  'c.summary',
  'c.state',
  'c.opened_at',
  'c.created_at',
  'c.updated_at',
];

function toCase(row: any, rows: CaseRegionRecord[]): CaseRecord {
  // Outside the separate (regional) phase every region stands where the case stands, even before its own
  // workflow has caught up with the case's latest phase.
  const regions = row.phase === 'regional' ? rows : rows.map((r) => ({ ...r, stage: row.stage as Stage }));
  return {
    id: row.id,
    caseNo: row.case_no,
    title: row.title,
    sector: row.sector,
    leadRegionCode: row.lead_region_code,
    phase: row.phase,
    stage: row.stage,
    overdue: row.overdue,
    source: openPersonalData(row.source),
    subjects: openPersonalData(row.subjects),
    estimatedAmountFen: row.estimated_amount_fen,
    estimatedParticipants: row.estimated_participants,
    summary: row.summary,
    state: openPersonalData(row.state),
    openedAt: iso(row.opened_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    regions,
  };
}

async function regionsOf(db: Executor, caseIds: string[]): Promise<Map<string, CaseRegionRecord[]>> {
  const out = new Map<string, CaseRegionRecord[]>();
  if (caseIds.length === 0) return out;
  const rows = await db('case_regions as cr')
    .join('regions as r', 'r.code', 'cr.region_code')
    .whereIn('cr.case_id', caseIds)
    .orderByRaw(`cr.role = 'lead' DESC, cr.region_code`)
    .select('cr.case_id', 'cr.region_code', 'r.name', 'cr.role', 'cr.stage', 'cr.outcome', 'cr.state');
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({
      code: r.region_code,
      name: r.name,
      role: r.role,
      stage: r.stage,
      outcome: r.outcome,
      state: openPersonalData(r.state),
    });
    out.set(r.case_id, list);
  }
  return out;
}

/** A case visible from `visibleRegions`, or null (a case outside the caller's regions does not exist). */
export async function findVisibleCase(
  db: Executor,
  id: string,
  visibleRegions: string[],
): Promise<CaseRecord | null> {
  const row = await whereCaseVisible(db('cases as c').where('c.id', id), 'c.id', visibleRegions).first(
    caseColumns,
  );
  if (!row) return null;
  const regions = await regionsOf(db, [row.id]);
  return toCase(row, regions.get(row.id) ?? []);
}

export interface CaseFilter {
  stage?: string;
  regionCode?: string;
  sector?: string;
  overdue?: boolean;
  q?: string;
}

export async function listVisibleCases(
  db: Executor,
  visibleRegions: string[],
  f: CaseFilter,
  page: number,
  pageSize: number,
): Promise<{ items: CaseRecord[]; total: number }> {
  const base = whereCaseVisible(db('cases as c'), 'c.id', visibleRegions);
  if (f.stage) void base.where('c.stage', f.stage);
  if (f.sector) void base.where('c.sector', f.sector);
  if (f.overdue !== undefined) void base.where('c.overdue', f.overdue);
  if (f.regionCode) {
    void base.whereExists(function () {
      void this.select(1)
        .from('case_regions as fr')
        .whereRaw('fr.case_id = c.id')
        .where('fr.region_code', f.regionCode!);
    });
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    void base.where((w) => void w.whereILike('c.title', like).orWhereILike('c.case_no', like));
  }
  const [{ count }] = await base.clone().count<{ count: string }[]>({ count: '*' });
  const rows = await base
    .clone()
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .select(caseColumns);
  const regions = await regionsOf(
    db,
    rows.map((r: { id: string }) => r.id),
  );
  return { items: rows.map((r: any) => toCase(r, regions.get(r.id) ?? [])), total: Number(count) };
}

function toEvent(row: any): EventRecord {
  return {
    id: row.id,
    seq: row.seq,
    at: iso(row.occurred_at),
    recordedAt: iso(row.recorded_at),
    action: row.action,
    actor: row.actor,
    regionCode: row.region_code,
    payload: openPersonalData(row.payload),
    idempotencyKey: row.idempotency_key,
  };
}

export async function listEvents(db: Executor, caseId: string): Promise<EventRecord[]> {
  const rows = await db('case_events').where({ case_id: caseId }).orderBy('seq');
  return rows.map(toEvent);
}

export async function findEvent(db: Executor, id: string): Promise<EventRecord | null> {
  const row = await db('case_events').where({ id }).first();
  return row ? toEvent(row) : null;
}

function toDeadline(r: any): DeadlineRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    rule: r.rule,
    regionCode: r.region_code,
    subjectId: r.subject_id,
    responsibleRole: r.responsible_role,
    responsibleUnitId: r.responsible_unit_id,
    startedOn: r.started_on,
    baseDueOn: r.base_due_on,
    dueOn: r.due_on,
    dueAt: r.due_at ? iso(r.due_at) : null,
    rolledOverFrom: r.rolled_over_from,
    inCustody: r.in_custody,
    state: r.state,
    extensions: r.extensions,
    pausedOn: r.paused_on,
    endedAt: r.ended_at ? iso(r.ended_at) : null,
    endedBy: r.ended_by,
    missedAt: r.missed_at ? iso(r.missed_at) : null,
    remindedAt: r.reminded_at ? iso(r.reminded_at) : null,
    warnings: r.warnings,
  };
}

/** The open (running or paused) deadlines of several cases in one query, for list pages. */
export async function listOpenDeadlinesOf(
  db: Executor,
  caseIds: string[],
): Promise<Map<string, DeadlineRecord[]>> {
  const out = new Map<string, DeadlineRecord[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return out;
  // Open: still counting (running, paused) or missed and not yet dealt with — what a case shows as owed.
  const rows = await db('deadlines')
    .whereIn('case_id', caseIds)
    .where((q) => {
      void q.whereIn('state', ['running', 'paused']).orWhere((m) => {
        void m.where('state', 'missed').whereNull('ended_at');
      });
    })
    .orderBy([{ column: 'started_on' }, { column: 'due_on' }, { column: 'id' }]);
  for (const r of rows) out.get(r.case_id)!.push(toDeadline(r));
  return out;
}

export async function listCaseDeadlines(db: Executor, caseId: string): Promise<DeadlineRecord[]> {
  const rows = await db('deadlines')
    .where({ case_id: caseId })
    .orderBy([{ column: 'started_on' }, { column: 'due_on' }, { column: 'id' }]);
  return rows.map(toDeadline);
}

export interface DeadlineFilter {
  state?: string;
  unit?: string;
  dueBefore?: string;
}

export async function listVisibleDeadlines(
  db: Executor,
  visibleRegions: string[],
  f: DeadlineFilter,
  page: number,
  pageSize: number,
): Promise<{ items: DeadlineRecord[]; total: number }> {
  const base = whereCaseVisible(db('deadlines as d'), 'd.case_id', visibleRegions);
  if (f.state) void base.where('d.state', f.state);
  if (f.unit) void base.where('d.responsible_unit_id', f.unit);
  if (f.dueBefore) void base.where('d.due_on', '<', f.dueBefore);
  const [{ count }] = await base.clone().count<{ count: string }[]>({ count: '*' });
  const rows = await base
    .clone()
    .orderBy('d.due_on')
    .orderBy('d.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .select('d.*');
  return { items: rows.map(toDeadline), total: Number(count) };
}
