// The courts' 案号, one per case, region, instance and retrial round (migrations 20261201120100, 20261202170000): assigned by the notice
// service when the court first issues a document of that instance, in the issuing transaction.
import type { Executor } from './knex';
import { formatCourtCaseNo } from '../domain/notices';

export interface CourtCaseNo {
  caseNo: string;
  courtUnitId: string;
  courtCode: string;
  typeWord: string;
  year: number;
  seq: number;
}

const toCourtCaseNo = (r: {
  case_no: string;
  court_unit_id: string;
  court_code: string;
  type_word: string;
  year: number;
  seq: number;
}): CourtCaseNo => ({
  caseNo: r.case_no,
  courtUnitId: r.court_unit_id,
  courtCode: r.court_code,
  typeWord: r.type_word,
  year: r.year,
  seq: r.seq,
});

/** The 案号 of one instance of a case in a region, or null before the court first issued a document of it. */
export async function findCourtCaseNo(
  db: Executor,
  p: { caseId: string; regionCode: string; instance: 1 | 2; round?: number },
): Promise<CourtCaseNo | null> {
  const row = await db('court_case_numbers')
    .where({ case_id: p.caseId, region_code: p.regionCode, instance: p.instance, round: p.round ?? 0 })
    .first('case_no', 'court_unit_id', 'court_code', 'type_word', 'year', 'seq');
  return row ? toCourtCaseNo(row) : null;
}

/**
 * The instance's 案号: the one assigned before, or the next number of the court's series for the year and
 * type, taken under the counter row's lock (held until the transaction ends: gapless, never duplicated).
 */
export async function assignCourtCaseNo(
  trx: Executor,
  p: {
    caseId: string;
    regionCode: string;
    instance: 1 | 2;
    /** Remands before this trial (发回重审, migration 20261202170000): each retrial is numbered anew. */
    round?: number;
    courtUnitId: string;
    courtCode: string;
    typeWord: string;
    year: number;
  },
): Promise<CourtCaseNo> {
  const existing = await findCourtCaseNo(trx, p);
  if (existing) return existing;
  const { rows } = await trx.raw(
    `INSERT INTO court_case_counters (court_unit_id, year, type_word, last_seq) VALUES (?, ?, ?, 1)
     ON CONFLICT (court_unit_id, year, type_word) DO UPDATE SET last_seq = court_case_counters.last_seq + 1
     RETURNING last_seq`,
    [p.courtUnitId, p.year, p.typeWord],
  );
  const seq = Number(rows[0].last_seq);
  const assigned: CourtCaseNo = {
    caseNo: formatCourtCaseNo(p.year, p.courtCode, p.typeWord, seq),
    courtUnitId: p.courtUnitId,
    courtCode: p.courtCode,
    typeWord: p.typeWord,
    year: p.year,
    seq,
  };
  await trx('court_case_numbers').insert({
    case_id: p.caseId,
    region_code: p.regionCode,
    instance: p.instance,
    round: p.round ?? 0,
    court_unit_id: assigned.courtUnitId,
    year: assigned.year,
    court_code: assigned.courtCode,
    type_word: assigned.typeWord,
    seq,
    case_no: assigned.caseNo,
  });
  return assigned;
}
