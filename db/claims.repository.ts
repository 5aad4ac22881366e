// The claims register's persistence: jobs, the import's staging and merge, participants, claims, rounds and
// payouts. Every function takes the executor; rows are converted to domain shapes here and nowhere else.
import { once } from 'node:events';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DomainError } from '../domain/errors';
import type { ParticipantEntry } from '../domain/participants';
import type { Executor } from './knex';
import { COPY_STAGING } from './participant-staging.format';

// ---------------------------------------------------------------------------------------------------- jobs

export type JobKind = 'participant_import' | 'refund_compute' | 'refund_approve' | 'bank_results';
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  ownerUserId: string;
  caseId: string | null;
  kind: JobKind;
  state: JobState;
  done: number;
  total: number | null;
  input: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  checkpoint: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

interface JobRow {
  id: string;
  owner_user_id: string;
  case_id: string | null;
  kind: JobKind;
  state: JobState;
  done: number;
  total: number | null;
  input: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  checkpoint: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  ownerUserId: r.owner_user_id,
  caseId: r.case_id,
  kind: r.kind,
  state: r.state,
  done: r.done,
  total: r.total,
  input: r.input,
  result: r.result,
  error: r.error,
  checkpoint: r.checkpoint,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function insertJob(
  db: Executor,
  j: Pick<Job, 'id' | 'ownerUserId' | 'caseId' | 'kind' | 'input'> & { total: number | null },
): Promise<void> {
  await db('jobs').insert({
    id: j.id,
    owner_user_id: j.ownerUserId,
    case_id: j.caseId,
    kind: j.kind,
    input: j.input,
    total: j.total,
  });
}

/** The upload is staged: how many rows the job has to merge, and what it was given. */
export async function setJobStaged(
  db: Executor,
  id: string,
  p: { total: number; input: Record<string, unknown> },
): Promise<void> {
  await db('jobs').where({ id }).update({ total: p.total, input: p.input, updated_at: db.fn.now() });
}

export async function findJob(db: Executor, id: string): Promise<Job | undefined> {
  const row = await db<JobRow>('jobs').where({ id }).first();
  return row ? toJob(row) : undefined;
}

export async function saveJobProgress(
  db: Executor,
  id: string,
  p: { done: number; checkpoint: Record<string, unknown> },
): Promise<void> {
  await db('jobs')
    .where({ id })
    .update({ state: 'running', done: p.done, checkpoint: p.checkpoint, updated_at: db.fn.now() });
}

export async function finishJob(
  db: Executor,
  id: string,
  outcome: { result: Record<string, unknown> } | { error: { code: string; message: string } },
): Promise<void> {
  await db('jobs')
    .where({ id })
    .update(
      'result' in outcome
        ? { state: 'succeeded', result: outcome.result, updated_at: db.fn.now() }
        : { state: 'failed', error: outcome.error, updated_at: db.fn.now() },
    );
}

// ----------------------------------------------------------------------------------- register version

/**
 * What a round is computed on changed (domain/claims.track.ts refuseStaleSnapshot): the case's register version
 * goes up by one, in the caller's transaction, so the change and the new version commit together. Every writer
 * of what a round reads calls this: claims decided, imports that changed a claim, holds, payees, payments the
 * bank failed or reversed. The row's lock is held to the commit; writers take it after their own rows.
 */
export async function markRegisterChanged(db: Executor, caseId: string): Promise<void> {
  await db.raw(
    `INSERT INTO claims_register_versions AS v (case_id, version) VALUES (?, 1)
     ON CONFLICT (case_id) DO UPDATE SET version = v.version + 1`,
    [caseId],
  );
}

/**
 * The case's register version. A compute job reads it before it reads the register (under READ COMMITTED a
 * change committed in between is then in the snapshot and its version above the stamp: approval asks for a
 * recomputation it did not strictly need, never the reverse). `lock` (approval): the row is locked to the commit,
 * so a change racing the approval commits after it, and belongs to the next round.
 */
export async function registerVersion(
  db: Executor,
  caseId: string,
  opts: { lock?: boolean } = {},
): Promise<number> {
  if (!opts.lock) {
    const r = await db('claims_register_versions')
      .where({ case_id: caseId })
      .first<{ version: string }>('version');
    return r ? Number(r.version) : 0;
  }
  const r = await db.raw<{ rows: { version: string }[] }>(
    `INSERT INTO claims_register_versions AS v (case_id, version) VALUES (?, 0)
     ON CONFLICT (case_id) DO UPDATE SET version = v.version RETURNING v.version`,
    [caseId],
  );
  return Number(r.rows[0].version);
}

// ------------------------------------------------------------------------------------- import staging

/**
 * Streams an upload's staged lines (COPY text, db/participant-staging.format.ts) into staging on the
 * transaction's connection, one chunk at a time. An error thrown by `chunks` aborts the COPY and is rethrown;
 * the caller's transaction then rolls back, so a file that fails as a whole stages nothing.
 */
export async function copyStagedRows(trx: Knex.Transaction, chunks: AsyncIterable<string>): Promise<void> {
  const connection: pg.ClientBase = await trx.client.acquireConnection();
  const stream = connection.query(copyFrom(COPY_STAGING));
  const stored = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  let postgresFailed = false;
  stored.catch(() => {
    postgresFailed = true;
  });
  try {
    for await (const chunk of chunks) {
      const drained = stream.write(chunk);
      await (drained ? new Promise((resolve) => setImmediate(resolve)) : once(stream, 'drain'));
      if (postgresFailed) break;
    }
    if (!postgresFailed) stream.end();
  } catch (error) {
    if (!postgresFailed) stream.destroy(error as Error);
    await stored.catch(() => undefined);
    throw error;
  }
  await stored;
}

export async function insertRejections(
  db: Executor,
  jobId: string,
  rejections: readonly { lineNo: number; reason: string }[],
): Promise<void> {
  for (let i = 0; i < rejections.length; i += 1000)
    await db('participant_import_rejections').insert(
      rejections.slice(i, i + 1000).map((r) => ({ job_id: jobId, line_no: r.lineNo, reason: r.reason })),
    );
}

export async function listRejections(
  db: Executor,
  jobId: string,
): Promise<{ lineNo: number; reason: string }[]> {
  const rows = await db('participant_import_rejections')
    .where({ job_id: jobId })
    .orderBy('line_no')
    .select<{ line_no: number; reason: string }[]>('line_no', 'reason');
  return rows.map((r) => ({ lineNo: r.line_no, reason: r.reason }));
}

/** Staged lines after `afterLine`, up to `limit` of them: the next batch's bounds. */
export async function nextStagedLine(
  db: Executor,
  jobId: string,
  afterLine: number,
  limit: number,
): Promise<{ lastLine: number; rows: number } | null> {
  const r = await db.raw<{ rows: { last: number | null; n: string }[] }>(
    `SELECT max(line_no) AS last, count(*) AS n FROM (
       SELECT line_no FROM participant_import_rows WHERE job_id = ? AND line_no > ? ORDER BY line_no LIMIT ?
     ) s`,
    [jobId, afterLine, limit],
  );
  const { last, n } = r.rows[0];
  return last === null ? null : { lastLine: last, rows: Number(n) };
}

export interface MergeBatchResult {
  newParticipants: number;
  records: number;
  /** Rows whose record was already in the register (the same file imported again, or the same row twice). */
  duplicates: number;
  claimsChanged: number;
}

/**
 * Merges staged lines (fromLine, toLine] into the register, in the caller's transaction, in two statements:
 * - participants by the HMAC of their identity: new ones in file order under the id the importer drew (so
 *   register order follows the file); the first line of a person wins, the rest of the batch conflicts and is
 *   skipped (DO NOTHING also covers a person twice in one statement);
 * - their records (a record already there is skipped, so a batch or a file merged twice adds nothing), and,
 *   from exactly the records just inserted, the claims of the persons touched: a new claim, or the old one
 *   plus what was added. A claim whose records changed goes back to registered: it must be confirmed again on
 *   what it now says. Adding instead of re-summing every record of the person keeps the work the batch's
 *   size; the claim stays the sum of its records because this is the only writer of either.
 */
export async function mergeStagedBatch(
  trx: Knex.Transaction,
  p: { jobId: string; caseId: string; regionCode: string; fromLine: number; toLine: number; rows: number },
): Promise<MergeBatchResult> {
  const args = { job: p.jobId, caseId: p.caseId, region: p.regionCode, from: p.fromLine, to: p.toLine };
  const batch = `SELECT * FROM participant_import_rows WHERE job_id = :job AND line_no > :from AND line_no <= :to`;
  const inserted = await trx.raw(
    `INSERT INTO participants (id, case_id, kind, name, identity_hmac, sealed, key_id, identity_masked, bank_name,
       bank_account_masked, first_job_id)
     SELECT participant_id, :caseId, kind, name, identity_hmac, sealed, key_id, identity_masked, bank_name,
       bank_account_masked, :job
     FROM (${batch}) b
     ORDER BY line_no
     ON CONFLICT (case_id, identity_hmac) DO NOTHING`,
    args,
  );
  const merged = await trx.raw<{ rows: { records: string; claims: string }[] }>(
    `WITH added AS (
       INSERT INTO claim_records (case_id, region_code, participant_id, fingerprint, principal_fen, returns_fen,
         refunded_fen, job_id, line_no)
       SELECT :caseId, :region, pa.id, b.fingerprint, b.principal_fen, b.returns_fen, b.refunded_fen, :job,
         b.line_no
       FROM (${batch}) b JOIN participants pa ON pa.case_id = :caseId AND pa.identity_hmac = b.identity_hmac
       ORDER BY b.line_no
       ON CONFLICT (participant_id, region_code, fingerprint) DO NOTHING
       RETURNING participant_id, principal_fen, returns_fen, refunded_fen
     ), claimed AS (
       INSERT INTO claims AS c (case_id, participant_id, region_code, principal_fen, returns_fen, refunded_fen,
         records)
       SELECT :caseId, participant_id, :region, sum(principal_fen), sum(returns_fen), sum(refunded_fen), count(*)
       FROM added GROUP BY participant_id
       ON CONFLICT (case_id, participant_id, region_code) DO UPDATE SET
         principal_fen = c.principal_fen + EXCLUDED.principal_fen,
         returns_fen = c.returns_fen + EXCLUDED.returns_fen,
         refunded_fen = c.refunded_fen + EXCLUDED.refunded_fen,
         records = c.records + EXCLUDED.records, state = 'registered',
         dispute_reason = NULL, decided_by = NULL, decided_at = NULL, updated_at = now()
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM added) AS records, (SELECT count(*) FROM claimed) AS claims`,
    args,
  );
  const recordCount = Number(merged.rows[0].records);
  const claimsChanged = Number(merged.rows[0].claims);
  // A claim new or added to (and so registered again) changes what a round reads: a person with one
  // unconfirmed claim takes no part in it. A batch that added nothing (the same file again) changes nothing.
  if (claimsChanged > 0) await markRegisterChanged(trx, p.caseId);
  return {
    newParticipants: (inserted as { rowCount: number }).rowCount,
    records: recordCount,
    duplicates: p.rows - recordCount,
    claimsChanged,
  };
}

/**
 * What the register's dropped foreign keys checked per row (migration 20261202190100), once per file: the job's
 * case and region exist. The participant of every record and claim comes from the merge's join with
 * participants, and the job is the one being merged.
 */
export async function checkImportTargets(db: Executor, caseId: string, regionCode: string): Promise<void> {
  const r = await db.raw<{ rows: { ok: boolean }[] }>(
    `SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?) AND EXISTS (SELECT 1 FROM regions WHERE code = ?) AS ok`,
    [caseId, regionCode],
  );
  if (!r.rows[0].ok) throw new DomainError('NOT_FOUND', '导入任务所属的案件或地区不存在');
}

/**
 * Refreshes the planner's statistics of the register. An import into a young register outgrows them at once
 * (an empty table is planned as one row, and the merge's joins become a scan per row, quadratic in the file):
 * the merge calls this as the register doubles.
 */
export async function analyzeRegister(db: Executor): Promise<void> {
  await db.raw('ANALYZE participants, claim_records, claims');
}

/** How many claim records the planner believes there are (0 when never analyzed). */
export async function registerEstimate(db: Executor): Promise<number> {
  const r = await db.raw<{ rows: { n: number }[] }>(
    `SELECT GREATEST(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'claim_records'::regclass`,
  );
  return Number(r.rows[0]?.n ?? 0);
}

export async function deleteStagedRows(db: Executor, jobId: string): Promise<void> {
  await db('participant_import_rows').where({ job_id: jobId }).delete();
}

export interface ImportMerge {
  lineNo: number;
  participantId: string;
  name: string;
  identityMasked: string;
  /** The regions whose records this person now has, and how many records in all. */
  regions: string[];
  records: number;
  /** The person was in the register before this import (another region, or an earlier file). */
  existedBefore: boolean;
}

/** Every line of an import that was merged with another record of the same person: the merge report. */
export async function listImportMerges(db: Executor, jobId: string): Promise<ImportMerge[]> {
  const r = await db.raw<{
    rows: {
      line_no: number;
      participant_id: string;
      name: string;
      identity_masked: string;
      regions: string[];
      records: string;
      existed_before: boolean;
    }[];
  }>(
    `SELECT r.line_no, p.id AS participant_id, p.name, p.identity_masked,
       (SELECT array_agg(DISTINCT r2.region_code ORDER BY r2.region_code) FROM claim_records r2
         WHERE r2.participant_id = p.id) AS regions,
       (SELECT count(*) FROM claim_records r2 WHERE r2.participant_id = p.id) AS records,
       p.first_job_id IS DISTINCT FROM r.job_id AS existed_before
     FROM claim_records r JOIN participants p ON p.id = r.participant_id
     WHERE r.job_id = ?
       AND (p.first_job_id IS DISTINCT FROM r.job_id
            OR EXISTS (SELECT 1 FROM claim_records r3 WHERE r3.participant_id = p.id
                       AND (r3.job_id, r3.line_no) <> (r.job_id, r.line_no)))
     ORDER BY r.line_no`,
    [jobId],
  );
  return r.rows.map((x) => ({
    lineNo: x.line_no,
    participantId: x.participant_id,
    name: x.name,
    identityMasked: x.identity_masked,
    regions: x.regions,
    records: Number(x.records),
    existedBefore: x.existed_before,
  }));
}

// ------------------------------------------------------------------------------------------ the register

export type ClaimState = 'registered' | 'confirmed' | 'disputed' | 'withdrawn';

export interface ParticipantFilter {
  caseId: string;
  regionCode?: string;
  state?: ClaimState;
  /** Register order: keyset paging stays fast at the millionth row. */
  afterSeq?: number;
  page: number;
  pageSize: number;
}

export async function listParticipants(
  db: Executor,
  f: ParticipantFilter,
): Promise<{ items: ParticipantEntry[]; total: number }> {
  const where = (q: Knex.QueryBuilder) => {
    q.where('p.case_id', f.caseId);
    if (f.regionCode || f.state)
      q.whereExists(function () {
        void this.select(db.raw('1'))
          .from('claims as c')
          .whereRaw('c.case_id = p.case_id AND c.participant_id = p.id');
        if (f.regionCode) void this.where('c.region_code', f.regionCode);
        if (f.state) void this.where('c.state', f.state);
      });
  };
  const total = await db('participants as p')
    .modify(where)
    .count<{ n: string }[]>({ n: '*' })
    .then((r) => Number(r[0].n));
  const rows = await db('participants as p')
    .modify(where)
    .leftJoin('participant_payees as y', 'y.id', 'p.payee_id')
    .modify((q) =>
      f.afterSeq !== undefined ? q.where('p.seq', '>', f.afterSeq) : q.offset((f.page - 1) * f.pageSize),
    )
    .orderBy('p.seq')
    .limit(f.pageSize)
    .select<
      {
        id: string;
        seq: number;
        kind: 'person' | 'organization';
        name: string;
        identity_masked: string;
        bank_account_masked: string | null;
        hold: 'none' | 'unregistered' | 'heirs';
        payee_name: string | null;
        payee_identity_masked: string | null;
        payee_bank_name: string | null;
        payee_bank_account_masked: string | null;
        claims: {
          region_code: string;
          state: ClaimState;
          principal_fen: number;
          returns_fen: number;
          refunded_fen: number;
          records: number;
        }[];
        paid_fen: number;
      }[]
    >(
      'p.id',
      'p.seq',
      'p.kind',
      'p.name',
      'p.identity_masked',
      'p.bank_account_masked',
      'p.hold',
      'y.name as payee_name',
      'y.identity_masked as payee_identity_masked',
      'y.bank_name as payee_bank_name',
      'y.bank_account_masked as payee_bank_account_masked',
      db.raw(
        `COALESCE((SELECT jsonb_agg(jsonb_build_object('region_code', c.region_code, 'state', c.state,
           'principal_fen', c.principal_fen, 'returns_fen', c.returns_fen, 'refunded_fen', c.refunded_fen,
           'records', c.records) ORDER BY c.region_code) FROM claims c
           WHERE c.case_id = p.case_id AND c.participant_id = p.id), '[]') AS claims`,
      ),
      db.raw(
        `COALESCE((SELECT sum(o.amount_fen) FROM refund_payouts o WHERE o.participant_id = p.id
           AND o.state IN ('pending', 'paid')), 0)::bigint AS paid_fen`,
      ),
    );
  return {
    total,
    items: rows.map((r) => {
      const principalFen = r.claims.reduce((s, c) => s + c.principal_fen, 0);
      const receivedFen = r.claims.reduce((s, c) => s + c.returns_fen + c.refunded_fen, 0);
      return {
        id: r.id,
        seq: r.seq,
        kind: r.kind,
        name: r.name,
        identityMasked: r.identity_masked,
        bankAccountMasked: r.bank_account_masked,
        hold: r.hold,
        payee:
          r.payee_name === null
            ? null
            : {
                name: r.payee_name,
                identityMasked: r.payee_identity_masked!,
                bankName: r.payee_bank_name!,
                bankAccountMasked: r.payee_bank_account_masked!,
              },
        claims: r.claims.map((c) => ({
          regionCode: c.region_code,
          state: c.state,
          principalFen: c.principal_fen,
          returnsFen: c.returns_fen,
          refundedFen: c.refunded_fen,
          records: c.records,
        })),
        principalFen,
        receivedFen,
        lossFen: Math.max(0, principalFen - receivedFen),
        receivableFen: Math.max(0, receivedFen - principalFen),
        paidFen: r.paid_fen,
      };
    }),
  };
}

export interface ClaimsSummaryLine {
  participants: number;
  registered: number;
  confirmed: number;
  disputed: number;
  principalFen: number;
  lossFen: number;
  receivableFen: number;
  receivables: number;
  paidFen: number;
}

/**
 * Counts and totals per region and for the case. A region's line nets each person's records of that region;
 * the case line nets each person across all regions (the two differ when one person has a receivable in one
 * region and a loss in another: the case line is the one the rounds use).
 */
export async function claimsSummary(
  db: Executor,
  caseId: string,
): Promise<{ case: ClaimsSummaryLine; regions: (ClaimsSummaryLine & { regionCode: string })[] }> {
  type Row = {
    region_code: string | null;
    participants: string;
    registered: string;
    confirmed: string;
    disputed: string;
    principal_fen: string;
    loss_fen: string;
    receivable_fen: string;
    receivables: string;
    paid_fen: string;
  };
  const r = await db.raw<{ rows: Row[] }>(
    `WITH paid AS (
       SELECT o.participant_id, o.region_code, sum(o.amount_fen) AS paid FROM refund_payouts o
       JOIN refund_rounds r ON r.case_id = o.case_id AND r.round_no = o.round_no AND r.state = 'approved'
       WHERE o.case_id = :caseId AND o.disposition = 'pay' AND o.state IN ('pending', 'paid')
       GROUP BY o.participant_id, o.region_code
     ), per_region AS (
       SELECT c.region_code, c.participant_id, c.state, c.principal_fen,
         c.returns_fen + c.refunded_fen AS received, COALESCE(pd.paid, 0) AS paid
       FROM claims c LEFT JOIN paid pd USING (participant_id, region_code)
       -- A withdrawn claim (resolve_claim: the objection succeeded) takes no part in the register's figures.
       WHERE c.case_id = :caseId AND c.state <> 'withdrawn'
     ), per_person AS (
       SELECT participant_id, sum(principal_fen) AS principal_fen, sum(received) AS received, sum(paid) AS paid,
         bool_or(state = 'disputed') AS disputed, bool_and(state = 'confirmed') AS confirmed
       FROM per_region GROUP BY participant_id
     )
     SELECT region_code, count(*) AS participants,
       count(*) FILTER (WHERE state = 'registered') AS registered,
       count(*) FILTER (WHERE state = 'confirmed') AS confirmed,
       count(*) FILTER (WHERE state = 'disputed') AS disputed,
       COALESCE(sum(principal_fen), 0) AS principal_fen,
       COALESCE(sum(GREATEST(principal_fen - received, 0)), 0) AS loss_fen,
       COALESCE(sum(GREATEST(received - principal_fen, 0)), 0) AS receivable_fen,
       count(*) FILTER (WHERE received > principal_fen) AS receivables,
       COALESCE(sum(paid), 0) AS paid_fen
     FROM per_region GROUP BY region_code
     UNION ALL
     SELECT NULL, count(*),
       count(*) FILTER (WHERE NOT disputed AND NOT confirmed),
       count(*) FILTER (WHERE confirmed),
       count(*) FILTER (WHERE disputed),
       COALESCE(sum(principal_fen), 0),
       COALESCE(sum(GREATEST(principal_fen - received, 0)), 0),
       COALESCE(sum(GREATEST(received - principal_fen, 0)), 0),
       count(*) FILTER (WHERE received > principal_fen),
       COALESCE(sum(paid), 0)
     FROM per_person
     ORDER BY region_code NULLS LAST`,
    { caseId },
  );
  const line = (x: Row): ClaimsSummaryLine => ({
    participants: Number(x.participants),
    registered: Number(x.registered),
    confirmed: Number(x.confirmed),
    disputed: Number(x.disputed),
    principalFen: Number(x.principal_fen),
    lossFen: Number(x.loss_fen),
    receivableFen: Number(x.receivable_fen),
    receivables: Number(x.receivables),
    paidFen: Number(x.paid_fen),
  });
  const caseRow = r.rows.find((x) => x.region_code === null)!;
  return {
    case: line(caseRow),
    regions: r.rows
      .filter((x) => x.region_code !== null)
      .map((x) => ({ regionCode: x.region_code!, ...line(x) })),
  };
}

// ------------------------------------------------------------------------------------------------ rounds

export interface RoundClaims {
  /** In participant-id order: the tie-break order of domain/refunds.ts (ids are time-ordered, db/ids.ts). */
  participantIds: string[];
  regionCodes: string[];
  lossFen: Float64Array;
  alreadyFen: Float64Array;
  /** HOLD values of domain/refunds.ts. */
  hold: Uint8Array;
  /** The payee in force (participant_payees.id), 0 for the participant: the snapshot pays whom it names. */
  payeeId: Float64Array;
}

const HOLD_CODE: Record<string, number> = { none: 0, disputed: 1, unregistered: 2, heirs: 3 };

/**
 * Every participant a round pays: one line per person, their claims of every region netted together (net loss
 * is per person across regions, 2014意见 第五条), and what earlier rounds paid or set aside for them. Only
 * persons whose every claim is decided take part: confirmed, or disputed (then held). A person is attributed to
 * the region holding their largest principal (the lower code on a tie), for the round's totals per region.
 *
 * Read for a million claims in one pass of the claims' primary key, in the order it already has (participant
 * id, the round's tie-break order), so nothing is sorted or hashed: the claims are grouped as they come, the
 * region found among a person's claims only when there is more than one, and the participants' own rows are
 * not joined at all, for what a round needs of them is rare (a hold, an heir paid instead) and read apart
 * through a partial index. The rows arrive by COPY and fill typed arrays, so a million claims are never a
 * million objects.
 */
export async function loadRoundClaims(trx: Knex.Transaction, caseId: string): Promise<RoundClaims> {
  const exceptional = await trx.raw<{ rows: { id: string; hold: string; payee_id: number | null }[] }>(
    `SELECT id, hold, payee_id FROM participants
     WHERE case_id = ? AND (hold <> 'none' OR payee_id IS NOT NULL)`,
    [caseId],
  );
  const exceptions = new Map(exceptional.rows.map((r) => [r.id, r]));
  const sql = trx
    .raw(
      `WITH per_person AS (
        SELECT c.participant_id, sum(c.principal_fen) AS principal, sum(c.returns_fen + c.refunded_fen) AS received,
          bool_or(c.state = 'disputed') AS disputed,
          CASE WHEN count(*) = 1 THEN min(c.region_code) ELSE (
            SELECT c2.region_code FROM claims c2
            WHERE c2.case_id = c.case_id AND c2.participant_id = c.participant_id AND c2.state <> 'withdrawn'
            ORDER BY c2.principal_fen DESC, c2.region_code LIMIT 1) END AS region_code
        FROM claims c WHERE c.case_id = :caseId AND c.state <> 'withdrawn'
        GROUP BY c.case_id, c.participant_id
        HAVING bool_and(c.state IN ('confirmed', 'disputed'))
      ), already AS (
        -- What approved rounds paid (pending at the bank or paid). A reserve, a carried amount, a failed or
        -- reversed payment is not: the next round brings that claim up to its share again, from the pool.
        SELECT o.participant_id, sum(o.amount_fen) AS amount FROM refund_payouts o
        JOIN refund_rounds r ON r.case_id = o.case_id AND r.round_no = o.round_no AND r.state = 'approved'
        WHERE o.case_id = :caseId AND o.disposition = 'pay' AND o.state IN ('pending', 'paid')
        GROUP BY o.participant_id
      )
      SELECT pp.participant_id, pp.region_code, (pp.principal - pp.received)::bigint,
        COALESCE(a.amount, 0)::bigint, pp.disputed
      FROM per_person pp LEFT JOIN already a ON a.participant_id = pp.participant_id
      WHERE pp.principal > pp.received
      ORDER BY pp.participant_id`,
      { caseId },
    )
    .toQuery();
  const ids: string[] = [];
  const regions: string[] = [];
  let loss = new Float64Array(1024);
  let already = new Float64Array(1024);
  let hold = new Uint8Array(1024);
  let payee = new Float64Array(1024);
  const grow = () => {
    const n = loss.length * 2;
    const l = new Float64Array(n);
    l.set(loss);
    loss = l;
    const a = new Float64Array(n);
    a.set(already);
    already = a;
    const h = new Uint8Array(n);
    h.set(hold);
    hold = h;
    const y = new Float64Array(n);
    y.set(payee);
    payee = y;
  };
  await copyOutLines(trx, sql, (line) => {
    // id, region, loss, already, disputed: uuid, digits and t/f, nothing COPY's text format escapes.
    const f = line.split('\t');
    const i = ids.length;
    if (i === loss.length) grow();
    ids.push(f[0]);
    regions.push(f[1]);
    loss[i] = Number(f[2]);
    already[i] = Number(f[3]);
    const p = exceptions.get(f[0]);
    hold[i] = HOLD_CODE[f[4] === 't' ? 'disputed' : (p?.hold ?? 'none')];
    payee[i] = p?.payee_id ?? 0;
  });
  const n = ids.length;
  return {
    participantIds: ids,
    regionCodes: regions,
    lossFen: loss.subarray(0, n),
    alreadyFen: already.subarray(0, n),
    hold: hold.subarray(0, n),
    payeeId: payee.subarray(0, n),
  };
}

/**
 * Runs `COPY (query) TO STDOUT` on the transaction's connection and hands each line of its text output, without
 * the newline, to `onLine`, as the bytes stream in: the cheapest way to read a million rows from Postgres.
 */
async function copyOutLines(
  trx: Knex.Transaction,
  query: string,
  onLine: (line: string) => void,
): Promise<void> {
  const connection: pg.ClientBase = await trx.client.acquireConnection();
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const part of connection.query(copyTo(`COPY (${query}) TO STDOUT`)) as AsyncIterable<Buffer>) {
    const text = rest + decoder.decode(part, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') throw new Error('COPY ended inside a line');
}
