// The claims register's bulk work, run by the job workflow on the bulk task queue: ordinary activities that
// heartbeat, each batch one transaction that also moves the job's checkpoint, so a worker killed at any point
// loses nothing and doubles nothing: the next attempt starts after the last committed batch, and a batch that
// was merged but whose checkpoint did not commit cannot exist (they commit together).
import { Context } from '@temporalio/activity';
import type { Db } from '../db/knex';
import {
  analyzeRegister,
  checkImportTargets,
  registerEstimate,
  deleteStagedRows,
  finishJob,
  findJob,
  listImportMerges,
  mergeStagedBatch,
  nextStagedLine,
  saveJobProgress,
} from '../db/claims.repository';
import { DomainError } from '../domain/errors';
import { toFailure } from '../workflows/failure';

/** What the bulk activities offer the job workflow (it imports this type only). */
export interface BulkActivities {
  /** Merges an import's staged rows into the register, resuming after the last merged line. */
  mergeParticipantImport(input: { jobId: string }): Promise<Record<string, unknown>>;
  /** Records that the job ended in failure, with what the job's owner should read. */
  failJob(input: { jobId: string; code: string; message: string }): Promise<void>;
}

/** Lines merged per transaction: large enough to amortise the statements, small enough to heartbeat often. */
export const MERGE_BATCH_LINES = 5000;

interface ImportCheckpoint {
  line: number;
  newParticipants: number;
  records: number;
  duplicates: number;
  claimsChanged: number;
}

export interface ClaimsActivityDeps {
  db: Db;
  /** Told after each committed batch; the activity's heartbeat by default (a benchmark passes its own). */
  heartbeat?: (details: { line: number; done: number }) => void;
}

export function createClaimsActivities({
  db,
  heartbeat = (d) => Context.current().heartbeat(d),
}: ClaimsActivityDeps): BulkActivities {
  return {
    async mergeParticipantImport({ jobId }) {
      try {
        const job = await findJob(db, jobId);
        if (!job || job.kind !== 'participant_import') throw new DomainError('NOT_FOUND', '任务不存在');
        if (job.state === 'succeeded') return job.result ?? {};
        const caseId = job.caseId!;
        const regionCode = String(job.input.regionCode);
        const cp: ImportCheckpoint = {
          line: 0,
          newParticipants: 0,
          records: 0,
          duplicates: 0,
          claimsChanged: 0,
          ...(job.checkpoint as Partial<ImportCheckpoint> | null),
        };
        await checkImportTargets(db, caseId, regionCode);
        let done = job.done;
        // The planner's idea of the register's size, refreshed whenever this import may have doubled it since
        // (ANALYZE costs more than a batch, so not before every job: only when the statistics are stale).
        let estimate = await registerEstimate(db);
        let analyzedDone = done;
        for (;;) {
          const next = await nextStagedLine(db, jobId, cp.line, MERGE_BATCH_LINES);
          if (!next) break;
          if (done - analyzedDone >= Math.max(estimate, MERGE_BATCH_LINES)) {
            await analyzeRegister(db);
            estimate = await registerEstimate(db);
            analyzedDone = done;
          }
          await db.transaction(async (trx) => {
            const r = await mergeStagedBatch(trx, {
              jobId,
              caseId,
              regionCode,
              fromLine: cp.line,
              toLine: next.lastLine,
              rows: next.rows,
            });
            cp.line = next.lastLine;
            cp.newParticipants += r.newParticipants;
            cp.records += r.records;
            cp.duplicates += r.duplicates;
            cp.claimsChanged += r.claimsChanged;
            done += next.rows;
            await saveJobProgress(trx, jobId, { done, checkpoint: { ...cp } });
          });
          heartbeat({ line: cp.line, done });
        }
        const merges = await listImportMerges(db, jobId);
        const result = {
          staged: job.total ?? done,
          rejected: Number(job.input.rejected ?? 0),
          newParticipants: cp.newParticipants,
          records: cp.records,
          duplicates: cp.duplicates,
          claimsChanged: cp.claimsChanged,
          mergedLines: merges.length,
          participantsMerged: new Set(merges.map((m) => m.participantId)).size,
        };
        await db.transaction(async (trx) => {
          await finishJob(trx, jobId, { result });
          await deleteStagedRows(trx, jobId);
        });
        return result;
      } catch (e) {
        throw toFailure(e);
      }
    },

    async failJob({ jobId, code, message }) {
      await finishJob(db, jobId, { error: { code, message } });
    },
  };
}
