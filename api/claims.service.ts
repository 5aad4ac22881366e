// The claims register's use cases behind the HTTP routes: import (stage the upload, start its job), list,
// summarise, and follow a job. Thin: the rules are domain/participants.ts and domain/refunds.ts, the SQL is
// db/claims.repository.ts, the long work is the job workflow's.
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import * as repo from '../db/claims.repository';
import { findVisibleCase } from '../db/case.repository';
import type { SealedPersonal, Sealer } from '../db/sealing';
import type { Caller } from '../domain/access';
import { CsvError, CsvReader, csvLine, type CsvRecord } from '../domain/csv';
import { DomainError } from '../domain/errors';
import {
  type ParticipantHeader,
  parseParticipantHeader,
  parseParticipantRow,
  recordKey,
} from '../domain/participants';
import { visibleRegionCodes } from '../domain/reference';
import { type JobWorkflowInput, jobWorkflowId } from '../workflows/job.messages';

export interface ClaimsServiceDeps {
  db: Db;
  temporal: Client;
  config: Config;
  sealer: Sealer;
}

/** An upload whose rows are almost all rejected is a wrong file, not a file with some bad rows. */
const MIN_ROWS_FOR_RATIO = 20;

export function createClaimsService({ db, temporal, config, sealer }: ClaimsServiceDeps) {
  async function loadVisible(caller: Caller, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('NOT_FOUND', '案件不存在');
    const c = await findVisibleCase(db, id, visibleRegionCodes(caller.regionCode));
    if (!c) throw new DomainError('NOT_FOUND', '案件不存在');
    return c;
  }

  /**
   * Stages an upload in one transaction (a file that fails as a whole stages nothing and creates no job), then
   * starts its job. Rows are validated and sealed here, as they stream in, so no plaintext identity is ever
   * written anywhere; COPY stores them while the next part is read.
   */
  async function importParticipants(
    caller: Caller,
    caseId: string,
    body: Readable,
    contentType: string | undefined,
  ) {
    const c = await loadVisible(caller, caseId);
    if (!/^text\/csv\b/i.test(contentType ?? ''))
      throw new DomainError('VALIDATION_FAILED', '请以 text/csv 上传集资参与人名单', [
        { field: 'Content-Type', message: '应为 text/csv' },
      ]);
    const regionCode = caller.regionCode;
    if (!c.regions.some((r) => r.code === regionCode))
      throw new DomainError('FORBIDDEN', '只能登记本地区参与办理的案件的集资参与人');

    const jobId = randomUUID();
    const stagedRows = await stageParticipantUpload(db, sealer, {
      jobId,
      caseId,
      regionCode,
      ownerUserId: caller.userId,
      body,
    });

    const input: JobWorkflowInput = {
      jobId,
      kind: 'participant_import',
      bulkTaskQueue: config.claims.bulkTaskQueue,
    };
    await temporal.workflow.start('jobWorkflow', {
      workflowId: jobWorkflowId(jobId),
      taskQueue: config.temporal.taskQueue,
      args: [input],
    });
    return jobView((await repo.findJob(db, jobId))!, stagedRows);
  }

  const jobView = (j: repo.Job, total = j.total) => ({
    id: j.id,
    kind: j.kind,
    state: j.state,
    progress: { done: j.done, total },
    ...(j.result ? { result: j.result } : {}),
    ...(j.error ? { error: j.error } : {}),
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
  });

  /** A job is its owner's: to anyone else it does not exist. */
  async function ownJob(caller: Caller, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('NOT_FOUND', '任务不存在');
    const j = await repo.findJob(db, id);
    if (!j || j.ownerUserId !== caller.userId) throw new DomainError('NOT_FOUND', '任务不存在');
    return j;
  }

  return {
    importParticipants,
    async getJob(caller: Caller, id: string) {
      return jobView(await ownJob(caller, id));
    },
    async rejectionsCsv(caller: Caller, id: string): Promise<string> {
      const j = await ownJob(caller, id);
      const rows = await repo.listRejections(db, j.id);
      return csvLine(['lineNo', 'reason']) + rows.map((r) => csvLine([r.lineNo, r.reason])).join('');
    },
    async mergesCsv(caller: Caller, id: string): Promise<string> {
      const j = await ownJob(caller, id);
      const rows = await repo.listImportMerges(db, j.id);
      return (
        csvLine(['lineNo', 'participantId', 'name', 'identity', 'regions', 'records', 'existedBefore']) +
        rows
          .map((m) =>
            csvLine([
              m.lineNo,
              m.participantId,
              m.name,
              m.identityMasked,
              m.regions.join(' '),
              m.records,
              m.existedBefore ? 'yes' : 'no',
            ]),
          )
          .join('')
      );
    },
    async listParticipants(
      caller: Caller,
      caseId: string,
      q: { page: number; pageSize: number; regionCode?: string; state?: repo.ClaimState; afterSeq?: number },
    ) {
      const c = await loadVisible(caller, caseId);
      // DOMAIN.md: another region's personal data only the lead region and the prefecture see; an assisting
      // region lists its own participants, whatever filter it asks for.
      const visible = visibleRegionCodes(caller.regionCode);
      const seesAll =
        caller.regionCode === c.leadRegionCode || c.regions.every((r) => visible.includes(r.code));
      const regionCode = seesAll ? q.regionCode : caller.regionCode;
      const { items, total } = await repo.listParticipants(db, { caseId, ...q, regionCode });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
    async summary(caller: Caller, caseId: string) {
      await loadVisible(caller, caseId);
      return repo.claimsSummary(db, caseId);
    },
  };
}

/**
 * Stages an upload in one transaction: creates its job, and streams its rows, validated and sealed as they
 * are read, into staging by COPY (no plaintext identity is ever written). A file that fails as a whole
 * (header, CSV syntax, encoding, no rows, mostly invalid rows) throws and leaves nothing, not even its job.
 * Returns the number of rows staged. Shared by the API and the benchmark.
 */
export async function stageParticipantUpload(
  db: Db,
  sealer: Sealer,
  p: { jobId: string; caseId: string; regionCode: string; ownerUserId: string; body: AsyncIterable<Buffer> },
): Promise<number> {
  const fileHash = createHash('sha256');
  const rejections: { lineNo: number; reason: string }[] = [];
  const seen = new Map<string, number>();
  let header: ParticipantHeader | null = null;
  let rows = 0;

  async function* staged(): AsyncGenerator<repo.StagedParticipantRow> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const reader = new CsvReader();
    const take = function* (records: CsvRecord[]) {
      for (const rec of records) {
        if (!header) {
          const h = parseParticipantHeader(rec.fields);
          if (Array.isArray(h))
            throw new DomainError(
              'VALIDATION_FAILED',
              `文件首行不是有效的表头：${h.join('；')}`,
              h.map((message) => ({ field: 'line 1', message })),
            );
          header = h;
          continue;
        }
        rows += 1;
        const parsed = parseParticipantRow(header, rec.fields);
        if ('reason' in parsed) {
          rejections.push({ lineNo: rec.lineNo, reason: parsed.reason });
          continue;
        }
        const r = parsed.row;
        // The k-th identical row of a file is the k-th record: two equal rows are two accounts, while the
        // same file imported again finds every fingerprint already there.
        const key = recordKey(r);
        const occurrence = (seen.get(key) ?? 0) + 1;
        seen.set(key, occurrence);
        const personal: SealedPersonal = { identity: r.identity, phone: r.phone, bankAccount: r.bankAccount };
        const sealed = sealer.seal(JSON.stringify(personal));
        const identityHmac = sealer.match('identity', r.identity);
        yield {
          lineNo: rec.lineNo,
          kind: r.kind,
          name: r.name,
          identityHmac,
          sealed: sealed.box,
          keyId: sealed.keyId,
          identityMasked: r.identityMasked,
          bankName: r.bankName,
          bankAccountMasked: r.bankAccountMasked,
          principalFen: r.principalFen,
          returnsFen: r.returnsFen,
          refundedFen: r.refundedFen,
          // Keyed through the identity's HMAC, so the record key's plain parts cannot be guessed from it.
          fingerprint: createHash('sha256').update(identityHmac).update(`${key}\u0002${occurrence}`).digest(),
        };
      }
    };
    try {
      for await (const chunk of p.body) {
        fileHash.update(chunk);
        yield* take(reader.push(decoder.decode(chunk, { stream: true })));
      }
      yield* take(reader.push(decoder.decode()));
      yield* take(reader.end());
    } catch (e) {
      if (e instanceof CsvError)
        throw new DomainError('VALIDATION_FAILED', `文件无法按 CSV 读取：${e.message}`, [
          { field: `line ${e.lineNo}`, message: e.message },
        ]);
      if (e instanceof TypeError)
        throw new DomainError('VALIDATION_FAILED', '文件不是 UTF-8 编码的文本', [
          { field: 'body', message: '应为 UTF-8' },
        ]);
      throw e;
    }
  }

  return db.transaction(async (trx) => {
    await repo.insertJob(trx, {
      id: p.jobId,
      ownerUserId: p.ownerUserId,
      caseId: p.caseId,
      kind: 'participant_import',
      input: { regionCode: p.regionCode },
      total: null,
    });
    const n = await repo.copyStagedRows(trx, p.jobId, staged());
    if (!header)
      throw new DomainError('VALIDATION_FAILED', '文件为空：应有表头和至少一行', [
        { field: 'body', message: '空文件' },
      ]);
    if (rows === 0)
      throw new DomainError('VALIDATION_FAILED', '文件只有表头，没有集资参与人', [
        { field: 'body', message: '无数据行' },
      ]);
    if (rows >= MIN_ROWS_FOR_RATIO && rejections.length * 2 > rows)
      throw new DomainError(
        'VALIDATION_FAILED',
        `${rows}行中${rejections.length}行无效，整个文件未导入：请检查文件是否选错、列是否错位`,
        rejections.slice(0, 20).map((r) => ({ field: `line ${r.lineNo}`, message: r.reason })),
      );
    await repo.insertRejections(trx, p.jobId, rejections);
    await repo.setJobStaged(trx, p.jobId, {
      total: n,
      input: {
        regionCode: p.regionCode,
        fileSha256: fileHash.digest('hex'),
        rows,
        rejected: rejections.length,
      },
    });
    return n;
  });
}

export type ClaimsService = ReturnType<typeof createClaimsService>;
