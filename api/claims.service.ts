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
import type { Sealer } from '../db/sealing';
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
          const sealedIdentity = sealer.seal(r.identity);
          yield {
            lineNo: rec.lineNo,
            kind: r.kind,
            name: r.name,
            identityHmac: sealer.match('identity', r.identity),
            identitySealed: sealedIdentity.box,
            identityMasked: r.identityMasked,
            keyId: sealedIdentity.keyId,
            phoneSealed: r.phone ? sealer.seal(r.phone).box : null,
            bankName: r.bankName,
            bankAccountSealed: r.bankAccount ? sealer.seal(r.bankAccount).box : null,
            bankAccountMasked: r.bankAccountMasked,
            principalFen: r.principalFen,
            returnsFen: r.returnsFen,
            refundedFen: r.refundedFen,
            fingerprint: sealer.match('identity', `${key}\u0002${occurrence}`),
          };
        }
      };
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
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

    const stagedRows = await db.transaction(async (trx) => {
      await repo.insertJob(trx, {
        id: jobId,
        ownerUserId: caller.userId,
        caseId,
        kind: 'participant_import',
        input: { regionCode },
        total: null,
      });
      const n = await repo.copyStagedRows(trx, jobId, staged());
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
      await repo.insertRejections(trx, jobId, rejections);
      await repo.setJobStaged(trx, jobId, {
        total: n,
        input: { regionCode, fileSha256: fileHash.digest('hex'), rows, rejected: rejections.length },
      });
      return n;
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

export type ClaimsService = ReturnType<typeof createClaimsService>;
