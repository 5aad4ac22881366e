import type { Executor } from './knex';
import { formatDocNo } from '../domain/notices';

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
  const { rows } = await trx.raw(
    `INSERT INTO doc_number_counters (unit_id, doc_code, year, last_seq) VALUES (?, ?, ?, 1)
     ON CONFLICT (unit_id, doc_code, year) DO UPDATE SET last_seq = doc_number_counters.last_seq + 1
     RETURNING last_seq`,
    [unitId, docCode, year],
  );
  const seq = Number(rows[0].last_seq);
  return { docNo: formatDocNo(docCode, year, seq), seq, docCode, year };
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
    data: JSON.stringify(n.data),
    html: n.html,
    sha256: n.sha256,
    corrects_notice_id: n.correctsNoticeId,
  });
}

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
  data: r.data,
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

export async function listCaseNotices(
  db: Executor,
  caseId: string,
): Promise<Omit<NoticeRow, 'html' | 'data'>[]> {
  const rows = await db('notices as n')
    .join('units as u', 'u.id', 'n.issuing_unit_id')
    .where('n.case_id', caseId)
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
