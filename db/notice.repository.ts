import { once } from 'node:events';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Executor } from './knex';
import { formatDocNo } from '../domain/notices';
import { openPersonalData, sealPersonalData } from './sealing';
import type { NoticeStylesheet } from '../templates/stylesheet';

/**
 * Takes the next number of a series (issuing unit, document code, year). The row lock taken by the upsert
 * is held until the surrounding transaction ends, so numbers are gapless and never duplicated: a rolled-back
 * transaction gives its number back.
 */
export async function allocateDocNo(
  trx: Executor,
  unitId: string,
  docCode: string,
  year: number,
): Promise<{ docNo: string; seq: number; docCode: string; year: number }> {
  const { firstSeq: seq } = await allocateDocNoRange(trx, unitId, docCode, year, 1);
  return { docNo: formatDocNo(docCode, year, seq), seq, docCode, year };
}

/**
 * Takes the next `count` numbers of a series at once, firstSeq..firstSeq+count-1, under the same row lock
 * as allocateDocNo: a bulk issue holds one contiguous range, and a rollback gives the whole range back.
 */
export async function allocateDocNoRange(
  trx: Executor,
  unitId: string,
  docCode: string,
  year: number,
  count: number,
): Promise<{ firstSeq: number; lastSeq: number; docCode: string; year: number }> {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`cannot allocate ${count} document numbers`);
  const { rows } = await trx.raw(
    `INSERT INTO doc_number_counters (unit_id, doc_code, year, last_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (unit_id, doc_code, year) DO UPDATE SET last_seq = doc_number_counters.last_seq + EXCLUDED.last_seq
     RETURNING last_seq`,
    [unitId, docCode, year, count],
  );
  const lastSeq = Number(rows[0].last_seq);
  return { firstSeq: lastSeq - count + 1, lastSeq, docCode, year };
}

/**
 * Archives a stylesheet that notices about to be stored reference, in the caller's transaction: a rollback
 * takes the row back with the notices, and a commit stores both. Once per transaction, not per notice.
 * Existing rows are left alone (ON CONFLICT DO NOTHING checks the key before writing anything); a
 * concurrent first insert of the same stylesheet waits for the other transaction to end.
 */
export async function storeStylesheet(trx: Executor, s: NoticeStylesheet): Promise<void> {
  await trx.raw(
    `INSERT INTO notice_stylesheets (sha256, css) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`,
    [s.sha256, s.css],
  );
}

/** The archived stylesheets among `sha256s` (each at most once); one missing is simply not returned. */
export async function findStylesheets(db: Executor, sha256s: readonly string[]): Promise<NoticeStylesheet[]> {
  if (sha256s.length === 0) return [];
  const rows: { sha256: string; css: string }[] = await db('notice_stylesheets')
    .whereIn('sha256', [...new Set(sha256s)])
    .select('sha256', 'css');
  return rows.map((r) => ({ sha256: r.sha256, css: r.css }));
}

export interface NoticeRow {
  id: string;
  caseId: string | null;
  eventId: string | null;
  kind: string;
  docNo: string;
  docCode: string;
  year: number;
  seq: number;
  issuingUnitId: string;
  issuingUnitName: string;
  addressee: string;
  issuedAt: string;
  templateVersion: string;
  data: unknown;
  html: string;
  sha256: string;
  correctsNoticeId: string | null;
}

export async function insertNotice(trx: Executor, n: Omit<NoticeRow, 'issuingUnitName'>): Promise<void> {
  await trx('notices').insert({
    id: n.id,
    case_id: n.caseId,
    event_id: n.eventId,
    kind: n.kind,
    doc_no: n.docNo,
    doc_code: n.docCode,
    year: n.year,
    seq: n.seq,
    issuing_unit_id: n.issuingUnitId,
    addressee: n.addressee,
    issued_at: n.issuedAt,
    template_version: n.templateVersion,
    // Personal fields of a notice's facts sealed as in every case record (db/sealing.ts); what a notice
    // prints of them is masked already (its HTML is stored as issued, for its hash).
    data: JSON.stringify(sealPersonalData(n.data)),
    html: n.html,
    sha256: n.sha256,
    corrects_notice_id: n.correctsNoticeId,
  });
}

/**
 * Streams notices into the table with COPY … FROM STDIN (binary format) on the transaction's connection,
 * and returns how many were stored. `notices` is read lazily: while Postgres stores one chunk, the next
 * notices are produced (rendered), so the two share the machine instead of taking turns, and no more than
 * a chunk is held at a time. An error thrown by `notices` aborts the COPY (CopyFail) and is rethrown: the
 * caller's transaction then rolls back with whatever the COPY had stored.
 */
export async function copyNotices(
  trx: Knex.Transaction,
  notices: Iterable<Omit<NoticeRow, 'issuingUnitName'>>,
  /** Another table of the notices' columns: only the benchmark's floor, an unindexed copy, names one. */
  table: 'notices' | 'bench_notice_floor' = 'notices',
): Promise<number> {
  const connection: pg.ClientBase = await trx.client.acquireConnection();
  const stream = connection.query(copyFrom(copyStatement(table)));
  const stored = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  let postgresFailed = false;
  stored.catch(() => {
    postgresFailed = true;
  });
  let count = 0;
  try {
    let chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    let at = COPY_HEADER.copy(chunk, 0);
    for (const n of notices) {
      const json = JSON.stringify(n.data);
      const room = maxTupleBytes(n, json);
      if (at + room > chunk.length) {
        const drained = stream.write(chunk.subarray(0, at));
        chunk = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, room));
        at = 0;
        // Either way the event loop gets a turn: the socket is written and Postgres's answers are read.
        await (drained ? new Promise((resolve) => setImmediate(resolve)) : once(stream, 'drain'));
        if (postgresFailed) break;
      }
      at = writeNoticeTuple(n, json, chunk, at);
      count += 1;
    }
    if (!postgresFailed) stream.end(Buffer.concat([chunk.subarray(0, at), COPY_TRAILER]));
  } catch (error) {
    if (!postgresFailed) stream.destroy(error as Error);
    await stored.catch(() => undefined);
    throw error;
  }
  await stored;
  return count;
}

// The column order of writeNoticeTuple. issue_order is left to its sequence, in the order rows arrive.
const copyStatement = (table: string) => `COPY ${table} (id, case_id, event_id, kind, doc_no, doc_code, year,
  seq, issuing_unit_id, addressee, issued_at, template_version, data, html, sha256, corrects_notice_id)
  FROM STDIN (FORMAT binary)`;
const COPY_FIELDS = 16;
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);
const COPY_CHUNK_BYTES = 256 * 1024;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

const textFields = (n: Omit<NoticeRow, 'issuingUnitName'>) => [
  n.kind,
  n.docNo,
  n.docCode,
  n.issuingUnitId,
  n.addressee,
  n.templateVersion,
  n.html,
  n.sha256,
];

/** An upper bound of a tuple's size: UTF-8 takes at most 3 bytes per UTF-16 code unit. */
function maxTupleBytes(n: Omit<NoticeRow, 'issuingUnitName'>, json: string): number {
  const chars = textFields(n).reduce((sum, s) => sum + s.length, 0);
  return 2 + COPY_FIELDS * 4 + 4 * 16 + 4 + 4 + 8 + 1 + 3 * (chars + json.length);
}

/**
 * One tuple of the binary COPY format (`json` is the data's), written at `at` into `buf`, which
 * maxTupleBytes says has room:
 * a field count, then each field as its length (-1 for NULL) and its bytes in the type's binary form —
 * uuid 16 bytes, text UTF-8, int4 big-endian, timestamptz microseconds since 2000-01-01 UTC, jsonb a
 * version byte (1) and the JSON text. Strings are encoded once, straight into place. Returns the end.
 */
function writeNoticeTuple(
  n: Omit<NoticeRow, 'issuingUnitName'>,
  json: string,
  buf: Buffer,
  at: number,
): number {
  let p = buf.writeInt16BE(COPY_FIELDS, at);
  const uuid = (s: string | null) => {
    if (s === null) {
      p = buf.writeInt32BE(-1, p);
      return;
    }
    p = buf.writeInt32BE(16, p);
    p += buf.write(s.replace(/-/g, ''), p, 'hex');
  };
  const text = (s: string, prefix?: number) => {
    const lengthAt = p;
    p += 4;
    if (prefix !== undefined) p = buf.writeUInt8(prefix, p);
    p += buf.write(s, p, 'utf8');
    buf.writeInt32BE(p - lengthAt - 4, lengthAt);
  };
  const int4 = (v: number) => {
    p = buf.writeInt32BE(4, p);
    p = buf.writeInt32BE(v, p);
  };
  uuid(n.id);
  uuid(n.caseId);
  uuid(n.eventId);
  text(n.kind);
  text(n.docNo);
  text(n.docCode);
  int4(n.year);
  int4(n.seq);
  text(n.issuingUnitId);
  text(n.addressee);
  p = buf.writeInt32BE(8, p);
  p = buf.writeBigInt64BE(BigInt(Date.parse(n.issuedAt) - PG_EPOCH_MS) * 1000n, p);
  text(n.templateVersion);
  text(json, JSONB_VERSION);
  text(n.html);
  text(n.sha256);
  uuid(n.correctsNoticeId);
  return p;
}

const JSONB_VERSION = 1;

const toNotice = (r: any): NoticeRow => ({
  id: r.id,
  caseId: r.case_id,
  eventId: r.event_id,
  kind: r.kind,
  docNo: r.doc_no,
  docCode: r.doc_code,
  year: r.year,
  seq: r.seq,
  issuingUnitId: r.issuing_unit_id,
  issuingUnitName: r.unit_name,
  addressee: r.addressee,
  issuedAt: new Date(r.issued_at).toISOString(),
  templateVersion: r.template_version,
  data: openPersonalData(r.data),
  html: r.html,
  sha256: r.sha256,
  correctsNoticeId: r.corrects_notice_id,
});

export async function findNotice(db: Executor, id: string): Promise<NoticeRow | null> {
  const row = await db('notices as n')
    .join('units as u', 'u.id', 'n.issuing_unit_id')
    .where('n.id', id)
    .first('n.*', 'u.name as unit_name');
  return row ? toNotice(row) : null;
}

/** A case's notices (summaries), or only those one event issued. */
export async function listCaseNotices(
  db: Executor,
  caseId: string,
  filter: { eventId?: string } = {},
): Promise<Omit<NoticeRow, 'html' | 'data'>[]> {
  const rows = await db('notices as n')
    .join('units as u', 'u.id', 'n.issuing_unit_id')
    .where('n.case_id', caseId)
    .modify((q) => {
      if (filter.eventId) q.andWhere('n.event_id', filter.eventId);
    })
    .orderBy('n.issued_at')
    .orderBy('n.issue_order')
    .select(
      'n.id',
      'n.case_id',
      'n.event_id',
      'n.kind',
      'n.doc_no',
      'n.doc_code',
      'n.year',
      'n.seq',
      'n.issuing_unit_id',
      'u.name as unit_name',
      'n.addressee',
      'n.issued_at',
      'n.template_version',
      'n.sha256',
      'n.corrects_notice_id',
    );
  return rows.map((r: any) => {
    const { html: _h, data: _d, ...rest } = toNotice({ ...r, html: '', data: null });
    return rest;
  });
}

/**
 * One page of the 清退通知书 of a refund round, in issue order, after the notice whose issue_order is
 * `afterIssueOrder` (0 for the first page). Keyset paging on notices_refund_round_idx: each page costs the
 * same however deep into a million-notice round it is, and no transaction or cursor is held between pages.
 */
export async function listRefundRoundNotices(
  db: Executor,
  p: { caseId: string; roundNo: number; afterIssueOrder: number; limit: number },
): Promise<(NoticeRow & { issueOrder: number })[]> {
  const rows = await db('notices as n')
    .join('units as u', 'u.id', 'n.issuing_unit_id')
    .where('n.case_id', p.caseId)
    .andWhere('n.kind', 'refund_notice')
    // The expression of notices_refund_round_idx, word for word, or the planner will not use it.
    .andWhereRaw(`((n.data->'facts'->>'round')::int) = ?`, [p.roundNo])
    .andWhere('n.issue_order', '>', p.afterIssueOrder)
    .orderBy('n.issue_order')
    .limit(p.limit)
    .select('n.*', 'u.name as unit_name');
  return rows.map((r: any) => ({ ...toNotice(r), issueOrder: Number(r.issue_order) }));
}

export interface NoticePdf {
  noticeId: string;
  sha256: string;
  pdf: Buffer;
}

/** The archived first print of a notice, or null before it was first printed. */
export async function findNoticePdf(db: Executor, noticeId: string): Promise<NoticePdf | null> {
  const row: { notice_id: string; sha256: string; pdf: Buffer } | undefined = await db('notice_pdfs')
    .where({ notice_id: noticeId })
    .first('notice_id', 'sha256', 'pdf');
  return row ? { noticeId: row.notice_id, sha256: row.sha256, pdf: row.pdf } : null;
}

/** The sha256 of a notice's archived first print (without its bytes), or null before it was printed. */
export async function findNoticePdfSha256(db: Executor, noticeId: string): Promise<string | null> {
  const row: { sha256: string } | undefined = await db('notice_pdfs')
    .where({ notice_id: noticeId })
    .first('sha256');
  return row?.sha256 ?? null;
}

/**
 * Archives a notice's first print unless one is archived already (a concurrent first request may have
 * won): ON CONFLICT DO NOTHING, and the caller reads back whichever print is the archived one.
 */
export async function archiveNoticePdf(db: Executor, p: NoticePdf): Promise<void> {
  await db.raw(
    `INSERT INTO notice_pdfs (notice_id, sha256, pdf) VALUES (?, ?, ?) ON CONFLICT (notice_id) DO NOTHING`,
    [p.noticeId, p.sha256, p.pdf],
  );
}

/** What a verification recomputes, for one page of notices in id order after `afterId`. */
export interface StoredForVerification {
  id: string;
  docNo: string;
  html: string;
  sha256: string;
  pdf: Buffer | null;
  pdfSha256: string | null;
}

/**
 * Keyset pages over every notice (or those of one case or ids) with its archived PDF, if any: a check of
 * the whole archive streams it, a page at a time, whatever its size.
 */
export async function listForVerification(
  db: Executor,
  p: { afterId: string | null; limit: number; caseId?: string; ids?: readonly string[] },
): Promise<StoredForVerification[]> {
  const rows: {
    id: string;
    doc_no: string;
    html: string;
    sha256: string;
    pdf: Buffer | null;
    pdf_sha256: string | null;
  }[] = await db('notices as n')
    .leftJoin('notice_pdfs as p', 'p.notice_id', 'n.id')
    .modify((q) => {
      if (p.afterId) q.where('n.id', '>', p.afterId);
      if (p.caseId) q.andWhere('n.case_id', p.caseId);
      if (p.ids) q.whereIn('n.id', p.ids);
    })
    .orderBy('n.id')
    .limit(p.limit)
    .select('n.id', 'n.doc_no', 'n.html', 'n.sha256', 'p.pdf', 'p.sha256 as pdf_sha256');
  return rows.map((r) => ({
    id: r.id,
    docNo: r.doc_no,
    html: r.html,
    sha256: r.sha256,
    pdf: r.pdf,
    pdfSha256: r.pdf_sha256,
  }));
}
