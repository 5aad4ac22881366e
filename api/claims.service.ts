// The claims register's use cases behind the HTTP routes: import (stage the upload, start its job), list,
// summarise, and follow a job. Thin: the rules are domain/participants.ts and domain/refunds.ts, the SQL is
// db/claims.repository.ts, the long work is the job workflow's.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import * as repo from '../db/claims.repository';
import * as refunds from '../db/refunds.repository';
import { findVisibleCase } from '../db/case.repository';
import type { Sealer } from '../db/sealing';
import type { Caller } from '../domain/access';
import { CsvReader, csvLine, csvReadFailure, type CsvRecord } from '../domain/csv';
import { DomainError } from '../domain/errors';
import { visibleRegionCodes } from '../domain/reference';
import { type JobWorkflowInput, jobWorkflowId } from '../workflows/job.messages';
import { ParticipantStaging, StagingHeaderError, StagingPool } from './participant-staging';

export interface ClaimsServiceDeps {
  db: Db;
  temporal: Client;
  config: Config;
  sealer: Sealer;
}

/** An upload whose rows are almost all rejected is a wrong file, not a file with some bad rows. */
const MIN_ROWS_FOR_RATIO = 20;

export function createClaimsService({ db, temporal, config, sealer }: ClaimsServiceDeps) {
  const pool =
    config.claims.stagingThreads > 0 ? new StagingPool(config.sealing, config.claims.stagingThreads) : null;

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
      pool,
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

    /** One round: pool, share, totals per region and for the case, state, and the bank's side to the 分. */
    async getRound(caller: Caller, caseId: string, n: string) {
      await loadVisible(caller, caseId);
      const round = await findRoundOr404(caseId, n);
      return roundView(round, await refunds.payoutStates(db, caseId, round.roundNo));
    },

    /** The case's rounds in round order, each as getRound answers it (one statement for the bank's sides). */
    async listRounds(caller: Caller, caseId: string, q: { page: number; pageSize: number }) {
      await loadVisible(caller, caseId);
      const { items, total } = await refunds.listRounds(db, caseId, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const states = await refunds.payoutStatesOfRounds(
        db,
        caseId,
        items.map((r) => r.roundNo),
      );
      return {
        items: items.map((r) => roundView(r, states.get(r.roundNo) ?? {})),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /**
     * The round's payouts as CSV, in register order, streamed a page at a time: identities and accounts masked
     * (the complete account is only in the payment file). An assisting region's office sees its own region's.
     * bankAccount is the account paid into: a payee's (a deceased participant's heir, named in payeeName and
     * payeeIdentity) when the snapshot names one.
     */
    async writePayoutsCsv(caller: Caller, caseId: string, n: string, out: { write(s: string): unknown }) {
      const c = await loadVisible(caller, caseId);
      const round = await findRoundOr404(caseId, n);
      const visible = visibleRegionCodes(caller.regionCode);
      const seesAll =
        caller.regionCode === c.leadRegionCode || c.regions.every((r) => visible.includes(r.code));
      out.write(
        csvLine([
          'participantId',
          'name',
          'identity',
          'regionCode',
          'lossFen',
          'amountFen',
          'disposition',
          'state',
          'bankAccount',
          'reconciliationId',
          'bankReason',
          'payeeName',
          'payeeIdentity',
        ]),
      );
      let after = 0;
      for (;;) {
        const page = await refunds.payoutPage(db, {
          caseId,
          roundNo: round.roundNo,
          afterSeq: after,
          limit: 5000,
        });
        if (page.length === 0) break;
        after = page[page.length - 1].seq;
        let chunk = '';
        for (const p of page) {
          if (!seesAll && p.regionCode !== caller.regionCode) continue;
          chunk += csvLine([
            p.participantId,
            p.name,
            p.identityMasked,
            p.regionCode,
            p.lossFen,
            p.amountFen,
            p.disposition,
            p.state,
            (p.payee ? p.payee.bankAccountMasked : p.bankAccountMasked) ?? '',
            p.reconciliationId,
            p.bankReason ?? '',
            p.payee?.name ?? '',
            p.payee?.identityMasked ?? '',
          ]);
        }
        out.write(chunk);
      }
    },

    /**
     * The bank's result file for an approved round (CSV reconciliationId,amountFen,outcome,reason): staged in
     * one transaction with its job (a file that fails as a whole stages nothing), then reconciled by the job.
     */
    async uploadBankResults(
      caller: Caller,
      caseId: string,
      n: string,
      body: AsyncIterable<Buffer>,
      contentType: string | undefined,
    ) {
      const c = await loadVisible(caller, caseId);
      if (caller.regionCode !== c.leadRegionCode)
        throw new DomainError('FORBIDDEN', '银行清退结果由牵头地区的金融工作部门导入');
      if (!/^text\/csv\b/i.test(contentType ?? ''))
        throw new DomainError('VALIDATION_FAILED', '请以 text/csv 上传银行结果文件', [
          { field: 'Content-Type', message: '应为 text/csv' },
        ]);
      const round = await findRoundOr404(caseId, n);
      if (round.state !== 'approved')
        throw new DomainError('INVALID_TRANSITION', `第${round.roundNo}轮清退尚未批准，没有付款文件`);
      const lines = await parseBankResults(body);
      const jobId = randomUUID();
      await db.transaction(async (trx) => {
        await repo.insertJob(trx, {
          id: jobId,
          ownerUserId: caller.userId,
          caseId,
          kind: 'bank_results',
          input: { roundNo: round.roundNo, lines: lines.length },
          total: lines.length,
        });
        await refunds.insertBankResultLines(trx, jobId, lines);
      });
      const input: JobWorkflowInput = {
        jobId,
        kind: 'bank_results',
        bulkTaskQueue: config.claims.bulkTaskQueue,
      };
      await temporal.workflow.start('jobWorkflow', {
        workflowId: jobWorkflowId(jobId),
        taskQueue: config.temporal.taskQueue,
        args: [input],
      });
      return jobView((await repo.findJob(db, jobId))!);
    },

    /**
     * The payment file of an approved round as the bank gets it (complete accounts): only the lead region's
     * financial office, only with a reason, and the download is recorded — who, when, why — before the first
     * byte (a refused download writes nothing). Streamed chunk by chunk, each opened only as it is sent; the
     * bytes are exactly those whose sha256 the round recorded.
     */
    async paymentFile(
      caller: Caller,
      caseId: string,
      n: string,
      reason: string,
      out: { start(sha256: string): void; write(s: string): unknown },
    ) {
      const c = await loadVisible(caller, caseId);
      if (caller.regionCode !== c.leadRegionCode)
        throw new DomainError('FORBIDDEN', '付款文件仅由牵头地区的金融工作部门下载');
      const round = await findRoundOr404(caseId, n);
      if (round.state !== 'approved' || !round.paymentFileSha256)
        throw new DomainError('CONFLICT', `第${round.roundNo}轮清退的付款文件尚未生成`);
      const chunks = await refunds.paymentFileChunks(db, caseId, round.roundNo);
      await refunds.recordPaymentFileDownload(db, {
        caseId,
        roundNo: round.roundNo,
        userId: caller.userId,
        role: caller.role,
        unitId: caller.unitId,
        regionCode: caller.regionCode,
        reason: reason.trim(),
        opened: Number(round.totals.payees ?? 0),
      });
      out.start(round.paymentFileSha256);
      for (const chunk of chunks) out.write(sealer.open({ keyId: chunk.keyId, box: chunk.sealed }));
    },

    /** Every opening of a round's complete identities and accounts: downloads and the approve job. */
    async refundDataAccess(caller: Caller, caseId: string, n: string) {
      const c = await loadVisible(caller, caseId);
      if (caller.regionCode !== c.leadRegionCode)
        throw new DomainError('FORBIDDEN', '付款文件的查看记录仅牵头地区可见');
      const round = await findRoundOr404(caseId, n);
      return { items: await refunds.listRefundDataAccess(db, caseId, round.roundNo) };
    },

    /** The lines of a bank result job that were not applied, and why (CSV). */
    async bankProblemsCsv(caller: Caller, id: string): Promise<string> {
      const j = await ownJob(caller, id);
      const rows = await refunds.listBankProblems(db, j.id, 100_000);
      return (
        csvLine(['lineNo', 'reconciliationId', 'problem']) +
        rows.map((r) => csvLine([r.lineNo, r.reconciliationId, r.problem])).join('')
      );
    },
  };

  async function findRoundOr404(caseId: string, n: string) {
    const no = /^[1-9][0-9]{0,5}$/.test(n) ? Number(n) : null;
    const round = no === null ? undefined : await refunds.findRound(db, caseId, no);
    if (!round) throw new DomainError('NOT_FOUND', `第${n}轮清退不存在或尚未计算完成`);
    return round;
  }
}

/**
 * A round as the API answers it (api/claims.schemas.ts refundRoundResponse): the snapshot's headline, its
 * totals per region and for the case, and the bank's side of its payouts to the 分 — the one mapping of the
 * single round and of the rounds list.
 */
export function roundView(round: refunds.RoundRow, states: refunds.PayoutStates) {
  const of = (k: string) => states[k] ?? { count: 0, fen: 0 };
  return {
    round: round.roundNo,
    state: round.state,
    poolFen: round.poolFen,
    share: round.shareText,
    shareNumerator: round.shareNumerator,
    shareDenominator: round.shareDenominator,
    totalPaidFen: Number(round.totals.paidFen ?? 0),
    counts: {
      claims: Number(round.totals.claims ?? 0),
      payees: Number(round.totals.payees ?? 0),
      reserved: Number(round.totals.reserved ?? 0),
      carried: Number(round.totals.carried ?? 0),
    },
    totals: round.totals,
    regions: Object.entries(round.perRegion)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([regionCode, t]) => ({ regionCode, ...t })),
    minPayoutFen: round.minPayoutFen,
    computedBy: round.computedBy,
    computedAt: round.computedAt,
    approvedBy: round.approvedBy,
    approvedAt: round.approvedAt,
    paymentFileSha256: round.paymentFileSha256,
    // The bank's side of the payouts to pay: outstanding = sent and not yet reported.
    bank: {
      paid: of('paid'),
      failed: of('failed'),
      reversed: of('reversed'),
      outstanding: of('pending'),
    },
  };
}

const BANK_HEADER = ['reconciliationId', 'amountFen', 'outcome', 'reason'];
const BANK_OUTCOMES = new Set(['paid', 'failed', 'reversed']);

/** Reads a bank result file; a malformed file is refused whole, with its failing lines. */
async function parseBankResults(body: AsyncIterable<Buffer>): Promise<refunds.BankResultLine[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = new CsvReader();
  const lines: refunds.BankResultLine[] = [];
  const errors: { field: string; message: string }[] = [];
  let header = false;
  const take = (records: CsvRecord[]) => {
    for (const rec of records) {
      if (!header) {
        if (rec.fields.map((f) => f.trim()).join(',') !== BANK_HEADER.join(','))
          throw new DomainError('VALIDATION_FAILED', `银行结果文件首行应为 ${BANK_HEADER.join(',')}`, [
            { field: 'line 1', message: '表头不符' },
          ]);
        header = true;
        continue;
      }
      const [id, amount, outcome, reason] = rec.fields.map((f) => f.trim());
      const bad = (message: string) =>
        errors.length < 20 && errors.push({ field: `line ${rec.lineNo}`, message });
      if (rec.fields.length !== 4) bad('应有4列');
      else if (!id || id.length > 64) bad('缺少对账号');
      else if (!/^(0|[1-9][0-9]{0,15})$/.test(amount)) bad('金额应为整数分');
      else if (!BANK_OUTCOMES.has(outcome)) bad('结果应为 paid、failed 或 reversed');
      else if (outcome !== 'paid' && !reason) bad('失败或退回应写明原因');
      else
        lines.push({
          lineNo: rec.lineNo,
          reconciliationId: id,
          amountFen: Number(amount),
          outcome,
          reason: reason || null,
        });
    }
  };
  try {
    for await (const chunk of body) take(reader.push(decoder.decode(chunk, { stream: true })));
    take(reader.push(decoder.decode()));
    take(reader.end());
  } catch (e) {
    throw csvReadFailure(e);
  }
  if (errors.length)
    throw new DomainError('VALIDATION_FAILED', '银行结果文件有无法读取的行，整个文件未导入', errors);
  if (lines.length === 0)
    throw new DomainError('VALIDATION_FAILED', '银行结果文件没有数据行', [
      { field: 'body', message: '无数据行' },
    ]);
  return lines;
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
  p: {
    jobId: string;
    caseId: string;
    regionCode: string;
    ownerUserId: string;
    body: AsyncIterable<Buffer>;
    /** Threads for a large file (participant-staging.ts); null stages inline. */
    pool: StagingPool | null;
  },
): Promise<number> {
  const staging = new ParticipantStaging({ jobId: p.jobId, body: p.body, sealer, pool: p.pool });
  async function* copyText(): AsyncGenerator<string> {
    try {
      yield* staging.copyText();
    } catch (e) {
      if (e instanceof StagingHeaderError)
        throw new DomainError(
          'VALIDATION_FAILED',
          `文件首行不是有效的表头：${e.problems.join('；')}`,
          e.problems.map((message) => ({ field: 'line 1', message })),
        );
      throw csvReadFailure(e);
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
    await repo.copyStagedRows(trx, copyText());
    const { rows, rejections } = staging;
    if (!staging.header)
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
    const staged = rows - rejections.length;
    await repo.setJobStaged(trx, p.jobId, {
      total: staged,
      input: {
        regionCode: p.regionCode,
        fileSha256: staging.sha256(),
        rows,
        rejected: rejections.length,
      },
    });
    return staged;
  });
}

export type ClaimsService = ReturnType<typeof createClaimsService>;
