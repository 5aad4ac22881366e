// The caller's own jobs, newest first (GET /api/jobs): the list behind 我的任务. A job is its owner's alone
// (GET /api/jobs/{id}), so the list is filtered by owner and nothing else; (owner_user_id, created_at) is
// indexed by the jobs migration.
import type { Executor } from './knex';
import type { JobKind, JobState } from './claims.repository';

export interface JobListItem {
  id: string;
  kind: JobKind;
  caseId: string | null;
  caseNo: string | null;
  state: JobState;
  progress: { done: number; total: number | null };
  error?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

export async function listJobsOf(
  db: Executor,
  f: { ownerUserId: string; state?: JobState; kind?: JobKind; page: number; pageSize: number },
): Promise<{ items: JobListItem[]; total: number }> {
  const where = {
    owner_user_id: f.ownerUserId,
    ...(f.state ? { state: f.state } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
  };
  const [{ n }] = await db('jobs').where(where).count<{ n: string }[]>({ n: '*' });
  type Row = {
    id: string;
    kind: JobKind;
    case_id: string | null;
    case_no: string | null;
    state: JobState;
    done: string | number;
    total: string | number | null;
    error: { code: string; message: string } | null;
    created_at: Date;
    updated_at: Date;
  };
  const rows = await db('jobs as j')
    .leftJoin('cases as c', 'c.id', 'j.case_id')
    .where(Object.fromEntries(Object.entries(where).map(([k, v]) => [`j.${k}`, v])))
    .orderBy([
      { column: 'j.created_at', order: 'desc' },
      { column: 'j.id', order: 'desc' },
    ])
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .select('j.id', 'j.kind', 'j.case_id', 'c.case_no', 'j.state', 'j.done', 'j.total', 'j.error')
    .select<Row[]>('j.created_at', 'j.updated_at');
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      caseId: r.case_id,
      caseNo: r.case_no,
      state: r.state,
      progress: { done: Number(r.done), total: r.total === null ? null : Number(r.total) },
      ...(r.error ? { error: r.error } : {}),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}
