// Bulk notices: a refund round may send a 清退通知书 to each of a million participants. The recipients are
// read as a stream and issued in batches, one transaction each, never holding the round in memory. Each
// notice is the one the single path (notice.service.ts) would issue for the same participant: the same
// envelope, facts (refundNoticeFacts), renderer and archived fields, so it re-renders to its stored hash.
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import {
  allocateDocNoRange,
  copyNotices,
  listRefundRoundNotices,
  storeStylesheet,
  type NoticeRow,
} from '../db/notice.repository';
import { findUnit } from '../db/unit.repository';
import type { NoticeRequest } from '../domain/case.types';
import { shanghaiDateOf } from '../domain/calendar';
import { DomainError, type ErrorCode } from '../domain/errors';
import { NOTICE_KINDS, docWordOf, formatDocNo, legalBasisOf } from '../domain/notices';
import type { NoticeData } from '../templates/notice-data';
import type { NoticeRenderer } from '../templates/renderer';
import {
  refundAddresseeOf,
  refundNoticeFacts,
  type RefundRecipient,
  type RefundRoundTerms,
} from './notice.facts';
import { caseSummaryOf, noticeEnvelope, renderNotice, type NewNotice } from './notice.service';

export interface IssueRefundNoticesInput {
  caseId: string;
  /** The unit in whose name the round's notices go out (a 金融办/处非办: NOTICE_KINDS.refund_notice). */
  issuingUnitId: string;
  round: RefundRoundTerms;
  issuedAt: string;
  /** The case event that issues the round, when there is one. */
  eventId?: string | null;
  /** Read once, in order; the order of the recipients is the order of the numbers. */
  recipients: AsyncIterable<RefundRecipient> | Iterable<RefundRecipient>;
  /** Notices per transaction, 1..MAX_REFUND_BATCH (default DEFAULT_REFUND_BATCH). */
  batchSize?: number;
  /**
   * Told after each committed batch: the activity that runs a round heartbeats it, and its job reports it
   * (ARCHITECTURE.md: bulk work streams through Postgres in batches, heartbeating its progress).
   */
  onProgress?: (progress: IssueRefundNoticesResult) => void;
}

export interface IssueRefundNoticesResult {
  issued: number;
  batches: number;
  firstDocNo: string | null;
  lastDocNo: string | null;
}

export const DEFAULT_REFUND_BATCH = 1000;
export const MAX_REFUND_BATCH = 5000;
/**
 * A batch failed and was rolled back, numbers included; the batches before it stay issued. `issued`
 * says how far the round got: the caller resumes with the recipients after the first `issued.issued`.
 */
export class RefundNoticesInterrupted extends DomainError {
  constructor(
    readonly issued: IssueRefundNoticesResult,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code: ErrorCode = cause instanceof DomainError ? cause.code : 'INTERNAL';
    super(
      code,
      `清退通知书第${issued.issued + 1}份起的一批未能发出，已全部撤回（此前已发出${issued.issued}份` +
        `${issued.lastDocNo ? `，至${issued.lastDocNo}` : ''}）：${reason}`,
      cause instanceof DomainError ? cause.errors : undefined,
    );
    this.name = 'RefundNoticesInterrupted';
  }
}

/**
 * The request that issues one participant's 清退通知书 through the single path (NoticeService.issueAll), e.g.
 * to re-issue one notice of a round. Its facts hold the full identity number: hand it to the notice service
 * directly, never through a workflow, whose history would keep it.
 */
export function refundNoticeRequest(
  regionCode: string,
  round: RefundRoundTerms,
  recipient: RefundRecipient,
): NoticeRequest {
  return {
    kind: 'refund_notice',
    issuerRole: NOTICE_KINDS.refund_notice.issuerRole,
    regionCode,
    addressee: { text: refundAddresseeOf(recipient) },
    copyTo: [],
    facts: { round, recipient },
  };
}

export interface RoundNotice {
  id: string;
  docNo: string;
  addressee: string;
  /** As stored: it references its stylesheet; withArchivedStylesheet inlines it, and sha256 is of that (0010). */
  html: string;
  sha256: string;
}

export interface BulkNoticeService {
  issueRefundNotices(db: Db, input: IssueRefundNoticesInput): Promise<IssueRefundNoticesResult>;
  /**
   * The notices of a round in issue order, a page at a time, from the database as it is read: a round of
   * any size is streamed without being loaded.
   */
  readRoundNotices(
    db: Db,
    p: { caseId: string; roundNo: number; pageSize?: number },
  ): AsyncGenerator<RoundNotice[], void, undefined>;
}

export function createBulkNoticeService(renderer: NoticeRenderer): BulkNoticeService {
  return {
    async issueRefundNotices(db, input) {
      const batchSize = input.batchSize ?? DEFAULT_REFUND_BATCH;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_REFUND_BATCH)
        throw new Error(`batchSize must be 1..${MAX_REFUND_BATCH}, not ${batchSize}`);
      const issue = await prepareRound(db, input);
      const result: IssueRefundNoticesResult = { issued: 0, batches: 0, firstDocNo: null, lastDocNo: null };
      const flush = async (batch: RefundRecipient[]) => {
        const { first, last } = await db.transaction((trx) => issue(trx, batch));
        result.firstDocNo ??= first;
        result.lastDocNo = last;
        result.issued += batch.length;
        result.batches += 1;
        input.onProgress?.({ ...result });
      };
      try {
        let batch: RefundRecipient[] = [];
        for await (const recipient of input.recipients) {
          batch.push(recipient);
          if (batch.length === batchSize) {
            await flush(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await flush(batch);
      } catch (e) {
        // Whether a batch failed or the recipients' source did, the caller learns how far the round got.
        throw new RefundNoticesInterrupted({ ...result }, e);
      }
      return result;
    },

    async *readRoundNotices(db, { caseId, roundNo, pageSize = 500 }) {
      let after = 0;
      for (;;) {
        const page = await listRefundRoundNotices(db, {
          caseId,
          roundNo,
          afterIssueOrder: after,
          limit: pageSize,
        });
        if (page.length === 0) return;
        after = page[page.length - 1].issueOrder;
        yield page.map(toRoundNotice);
        if (page.length < pageSize) return;
      }
    },
  };

  /**
   * What every notice of the round shares, resolved once: the issuing unit and its series, the date and
   * the case. Returns the function that issues one batch in a transaction.
   */
  async function prepareRound(db: Db, input: IssueRefundNoticesInput) {
    const kind = 'refund_notice' as const;
    const caseRow = await db('cases')
      .where({ id: input.caseId })
      .first('case_no', 'title', 'sector', 'subjects');
    if (!caseRow) throw new DomainError('NOT_FOUND', '案件不存在');
    const unit = await findUnit(db, input.issuingUnitId);
    if (!unit || unit.role !== NOTICE_KINDS[kind].issuerRole || !unit.docCode)
      throw new DomainError('VALIDATION_FAILED', '清退通知书应以本地区金融工作部门（处非办）的名义发文', [
        { field: '/issuingUnitId', message: `不能以 ${input.issuingUnitId} 的名义发清退通知书` },
      ]);
    const issuedOn = shanghaiDateOf(Date.parse(input.issuedAt));
    const year = Number(issuedOn.slice(0, 4));
    const docCode = `${unit.docCode}${docWordOf(kind)}`;
    const envelope = {
      kind,
      issuer: unit,
      issuedOn,
      copyTo: [],
      case: caseSummaryOf(caseRow, unit.regionCode),
      legalBasis: legalBasisOf(kind),
    };
    const archived = {
      caseId: input.caseId,
      eventId: input.eventId ?? null,
      docCode,
      year,
      issuingUnitId: unit.id,
      issuedAt: input.issuedAt,
      correctsNoticeId: null,
    };
    const toNotice = (recipient: RefundRecipient, seq: number): NewNotice => {
      const docNo = formatDocNo(docCode, year, seq);
      const facts = refundNoticeFacts(input.round, recipient);
      const data = {
        ...noticeEnvelope({ ...envelope, docNo, addressee: refundAddresseeOf(recipient) }),
        facts,
      } as NoticeData;
      return renderNotice(renderer, data, { ...archived, seq });
    };

    return async (trx: Knex.Transaction, batch: readonly RefundRecipient[]) => {
      // The stylesheet the batch's notices reference, archived with them (0008): a rollback takes it back
      // too, so nothing outside the database may remember it as stored. First, as in issueAll, so that
      // the two take the stylesheet row and a series lock in the same order.
      await storeStylesheet(trx, renderer.stylesheet);
      // The range is taken next and its row lock held until commit, as allocateDocNo's is: other notices
      // of the series wait for this batch, and a rollback returns the whole range.
      const range = await allocateDocNoRange(trx, unit.id, docCode, year, batch.length);
      // Rendered as COPY asks for them, so Postgres stores one part while the next is rendered.
      function* rendered() {
        for (const [i, recipient] of batch.entries()) yield toNotice(recipient, range.firstSeq + i);
      }
      await copyNotices(trx, rendered());
      return {
        first: formatDocNo(docCode, year, range.firstSeq),
        last: formatDocNo(docCode, year, range.lastSeq),
      };
    };
  }
}

const toRoundNotice = (n: NoticeRow): RoundNotice => ({
  id: n.id,
  docNo: n.docNo,
  addressee: n.addressee,
  html: n.html,
  sha256: n.sha256,
});
