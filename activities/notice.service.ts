// The notice module: every notice the lifecycle issues goes through here — the issuing unit is resolved,
// the next document number of its series taken, the document rendered and stored with its sha256, all in
// the caller's transaction, so a refused or retried action never consumes a number.
import { openPersonalData } from '../db/sealing';
import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../db/knex';
import {
  allocateDocNo,
  findNotice,
  findStylesheets,
  insertNotice,
  storeStylesheet,
  type NoticeRow,
} from '../db/notice.repository';
import { findUnit, findUnitsByRegion, type UnitRecord } from '../db/unit.repository';
import { assignCourtCaseNo, findCourtCaseNo } from '../db/court-case.repository';
import type { NoticeRequest } from '../domain/case.types';
import { shanghaiDateOf } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { isUuid } from '../domain/input';
import {
  courtCodeOf,
  docCodeOf,
  docWordOf,
  issuerRegionOf,
  legalBasisOf,
  NOTICE_KINDS,
  noticeBodyOf,
  noticeTitleOf,
  type NoticeKind,
} from '../domain/notices';
import { SECTORS, SUBJECT_KINDS, regionByCode } from '../domain/reference';
import type { CaseSummary, NoticeData } from '../templates/notice-data';
import type { NoticeRenderer } from '../templates/renderer';
import { inlineStylesheet, referencedStylesheet } from '../templates/stylesheet';
import { buildFacts } from './notice.facts';

export interface IssueInput {
  caseId: string;
  eventId: string;
  issuedAt: string;
  requests: NoticeRequest[];
}

export interface NoticeService {
  issueAll(trx: Executor, input: IssueInput): Promise<string[]>;
}

const ADDRESSEE_TEXT: Record<string, string> = {
  all_regions: '各涉案地区防范和处置非法集资牵头部门',
  case_file: '本案卷宗',
  parties: '本案当事人',
};

/** Notice kinds that later notices cite (移送书 number in a 立案决定书, the request in an arrest decision, …). */
const REFERENCED_KINDS: NoticeKind[] = [
  'criminal_transfer',
  'filing_decision',
  'arrest_request',
  'prosecution_opinion',
  'indictment',
  'freeze_assist',
  // A 续行查封 cites the 协助查封通知书 it continues.
  'seal_assist',
  'progress_bulletin',
];

export function createNoticeService(renderer: NoticeRenderer): NoticeService {
  return {
    async issueAll(trx, input) {
      const caseRow = await trx('cases')
        .where({ id: input.caseId })
        .first(
          'case_no',
          'title',
          'sector',
          'subjects',
          'lead_region_code',
          'summary',
          'estimated_amount_fen',
          'estimated_participants',
        );
      const caseRegions: { region_code: string }[] = await trx('case_regions')
        .where({ case_id: input.caseId })
        .select('region_code');
      const earlier: {
        kind: string;
        doc_no: string;
        issued_at: Date;
        region_code: string;
        facts: Record<string, unknown>;
      }[] = await trx('notices as n')
        .join('units as u', 'u.id', 'n.issuing_unit_id')
        .where('n.case_id', input.caseId)
        // Only the kinds later notices refer back to: never the (possibly million) per-participant notices.
        .whereIn('n.kind', REFERENCED_KINDS)
        .orderBy('n.issued_at')
        .orderBy('n.issue_order')
        .select('n.kind', 'n.doc_no', 'n.issued_at', 'u.region_code', trx.raw(`n.data->'facts' as facts`));
      for (const e of earlier) e.facts = openPersonalData(e.facts);
      const regionCodes = [
        ...new Set(
          input.requests.flatMap((r) => [
            r.regionCode,
            issuerRegionOf(r.kind, r.facts, r.regionCode),
            // A first-instance judgment names the court its appeal goes to, a level up (刑诉法 art.227).
            ...(r.kind === 'judgment' ? [regionByCode(r.regionCode)?.parentCode ?? r.regionCode] : []),
            ...refs(r).map((x) => x.regionCode),
          ]),
        ),
      ];
      const units = await findUnitsByRegion(trx, [
        ...new Set([...regionCodes, ...caseRegions.map((r) => r.region_code)]),
      ]);
      const unitOf = (role: string, regionCode: string): UnitRecord => {
        const u = units.find((x) => x.role === role && x.regionCode === regionCode);
        if (!u) throw new Error(`no unit with role ${role} in region ${regionCode}`);
        return u;
      };
      // NOTICE_KINDS.correction.issuerFollowsCorrected: the unit that issued a notice is the one to correct it.
      const unitById = async (id: string): Promise<UnitRecord> => {
        const u = units.find((x) => x.id === id) ?? (await findUnit(trx, id));
        if (!u) throw new Error(`no unit ${id}`);
        return u;
      };
      const subjects: { kind: keyof typeof SUBJECT_KINDS; name: string }[] = caseRow.subjects;
      const nameOf = (a: NoticeRequest['addressee']): string => {
        if ('role' in a) return unitOf(a.role, a.regionCode).name;
        if (a.text === 'subjects') return subjects.map((s) => s.name).join('、') || '有关单位和个人';
        return ADDRESSEE_TEXT[a.text] ?? a.text;
      };
      // Before any number is taken, as the bulk path does: both lock the stylesheet row, then a series.
      if (input.requests.length > 0) await storeStylesheet(trx, renderer.stylesheet);
      const ids: string[] = [];
      for (const req of input.requests) {
        const corrected =
          req.kind === 'correction' ? await findCorrected(trx, input.caseId, req.facts) : null;
        const issuer = corrected
          ? await unitById(corrected.issuingUnitId)
          : unitOf(req.issuerRole, issuerRegionOf(req.kind, req.facts, req.regionCode));
        if (!issuer.docCode) throw new Error(`unit ${issuer.id} has no document code`);
        const issuedOn = shanghaiDateOf(Date.parse(input.issuedAt));
        const issuedYear = Number(issuedOn.slice(0, 4));
        // Court documents are numbered by the case's 案号, assigned the first time the court issues a
        // document of this instance and carried by every later one; every other body numbers its own series.
        let docCode: string;
        let number: { docNo: string; seq: number; year: number };
        let courtCaseNo: { own: string; firstInstance: string | null } | null = null;
        if (noticeBodyOf(req.kind) === 'court') {
          const instance = req.facts.instance === 2 ? 2 : 1;
          // A retrial after 发回重审 is numbered anew (domain/tracks/trial.track.ts: courtFacts).
          const round = typeof req.facts.round === 'number' ? req.facts.round : 0;
          const courtCode = courtCodeOf(issuer.regionCode);
          const typeWord = docWordOf(req.kind, req.facts);
          const assigned = await assignCourtCaseNo(trx, {
            caseId: input.caseId,
            regionCode: req.regionCode,
            instance,
            round,
            courtUnitId: issuer.id,
            courtCode,
            typeWord,
            year: issuedYear,
          });
          const first =
            instance === 2
              ? await findCourtCaseNo(trx, {
                  caseId: input.caseId,
                  regionCode: req.regionCode,
                  instance: 1,
                  round,
                })
              : null;
          docCode = `${assigned.courtCode}${assigned.typeWord}`;
          number = { docNo: assigned.caseNo, seq: assigned.seq, year: assigned.year };
          courtCaseNo = { own: assigned.caseNo, firstInstance: first?.caseNo ?? null };
        } else {
          docCode = docCodeOf(req.kind, req.facts, issuer.docCode);
          number = { ...(await allocateDocNo(trx, issuer.id, docCode, issuedYear)), year: issuedYear };
        }
        const year = number.year;
        const original = corrected?.data as NoticeData | undefined;
        const data = {
          ...noticeEnvelope({
            kind: req.kind,
            docNo: number.docNo,
            issuer,
            issuedOn,
            // A correction goes to whoever received the notice it corrects.
            addressee: original?.addressee ?? nameOf(req.addressee),
            copyTo: original?.copyTo ?? req.copyTo.map(nameOf),
            case: caseSummaryOf(caseRow, req.regionCode),
            legalBasis: legalBasisOf(req.kind, req.facts) ?? original?.legalBasis,
            marks: documentMarksOf(req.kind, req.facts),
          }),
          ...(corrected && original
            ? { corrects: { docNo: corrected.docNo, issuedOn: original.issuedOn } }
            : {}),
          facts: buildFacts(req.kind, req.facts, {
            issuedOn,
            addressee: original?.addressee ?? nameOf(req.addressee),
            regionName: regionByCode(req.regionCode)?.name ?? req.regionCode,
            issuerName: issuer.name,
            unitName: (role) =>
              units.find((u) => u.role === role && u.regionCode === req.regionCode)?.name ?? '',
            parentUnitName: (role) => {
              const parent = regionByCode(req.regionCode)?.parentCode;
              return units.find((u) => u.role === role && u.regionCode === parent)?.name ?? null;
            },
            courtCaseNo,
            caseInfo: {
              title: caseRow.title,
              summary: caseRow.summary,
              estimatedAmountFen: caseRow.estimated_amount_fen,
              estimatedParticipants: caseRow.estimated_participants,
              subjects,
              regionNames: caseRegions.map((r) => regionByCode(r.region_code)?.name ?? r.region_code),
            },
            corrected:
              corrected && original
                ? { title: noticeTitleOf(corrected.kind as NoticeKind, original.facts) }
                : null,
            latest: (k, match) => {
              const hit = [...earlier]
                .reverse()
                .find(
                  (n) =>
                    n.kind === k &&
                    (n.region_code === req.regionCode || k === 'criminal_transfer') &&
                    (!match || match(n.facts ?? {})),
                );
              return hit
                ? {
                    docNo: hit.doc_no,
                    issuedOn: shanghaiDateOf(new Date(hit.issued_at).getTime()),
                    facts: hit.facts ?? {},
                  }
                : null;
            },
          }),
        } as NoticeData;
        const notice = renderNotice(renderer, data, {
          caseId: input.caseId,
          eventId: input.eventId,
          docCode,
          year,
          seq: number.seq,
          issuingUnitId: issuer.id,
          issuedAt: input.issuedAt,
          correctsNoticeId: corrected?.id ?? null,
        });
        await insertNotice(trx, notice);
        ids.push(notice.id);
        earlier.push({
          kind: req.kind,
          doc_no: number.docNo,
          issued_at: new Date(input.issuedAt),
          region_code: issuer.regionCode,
          facts: data.facts as unknown as Record<string, unknown>,
        });
      }
      return ids;
    },
  };
}

/**
 * The notice an 更正通知 corrects (its request names it by `correctsNoticeId`): it must belong to the same
 * case. The corrected notice is never touched; the correction points at it (notices.corrects_notice_id).
 */
async function findCorrected(
  trx: Executor,
  caseId: string,
  facts: Record<string, unknown>,
): Promise<NoticeRow> {
  const id = facts.correctsNoticeId;
  const row = isUuid(id) ? await findNotice(trx, id) : null;
  if (!row || row.caseId !== caseId) throw new DomainError('NOT_FOUND', '被更正的文书不存在或不属于本案');
  return row;
}

/** The case as every notice of it prints it: number, title, sector, the acting region and the subjects. */
export function caseSummaryOf(
  caseRow: { case_no: string; title: string; sector: string; subjects: { kind: string; name: string }[] },
  regionCode: string,
): CaseSummary {
  return {
    caseNo: caseRow.case_no,
    title: caseRow.title,
    sectorLabel: SECTORS[caseRow.sector as keyof typeof SECTORS] ?? caseRow.sector,
    regionName: regionByCode(regionCode)?.name ?? regionCode,
    subjects: caseRow.subjects.map((s) => ({
      kindLabel: SUBJECT_KINDS[s.kind as keyof typeof SUBJECT_KINDS],
      name: s.name,
    })),
  };
}

/**
 * The envelope of a notice's data: who issues it under which number and date, to whom, in which case and
 * on what basis. Every notice, issued alone or in bulk, gets it here, so the same request renders the same.
 */
export function noticeEnvelope(p: {
  kind: NoticeKind;
  docNo: string;
  issuer: UnitRecord;
  issuedOn: string;
  addressee: string;
  copyTo: string[];
  case: CaseSummary;
  legalBasis: string | null | undefined;
  marks?: DocumentMarks;
}) {
  return {
    ...(p.marks ?? {}),
    kind: p.kind,
    docNo: p.docNo,
    issuingUnit: { name: p.issuer.name, daiName: p.issuer.daiName },
    issuedOn: p.issuedOn,
    addressee: p.addressee,
    copyTo: p.copyTo,
    printedBy: p.issuer.name,
    case: p.case,
    legalBasis: p.legalBasis,
  };
}

/** The GB/T 9704 elements a document may carry beyond the usual ones (§7.2.1–7.2.3, §7.3.4). */
export type DocumentMarks = Pick<NoticeData, 'copyNo' | 'classification' | 'urgency' | 'attachments'>;

/**
 * An administrative document's 份号, 密级和保密期限, 紧急程度 and 附件说明: those its kind always carries (a 移送书's
 * attachments, 移送规定 第六条), and those the action set in `documentMarks` of its facts. Judicial forms
 * have none of these elements.
 */
export function documentMarksOf(kind: NoticeKind, facts: Record<string, unknown>): DocumentMarks {
  if (noticeBodyOf(kind) !== 'administrative') return {};
  const set = (facts.documentMarks ?? {}) as DocumentMarks;
  const attachments = [...(NOTICE_KINDS[kind].attachments ?? []), ...(set.attachments ?? [])];
  return {
    ...(set.copyNo ? { copyNo: set.copyNo } : {}),
    ...(set.classification ? { classification: set.classification } : {}),
    ...(set.urgency ? { urgency: set.urgency } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
}

export type NewNotice = Omit<NoticeRow, 'issuingUnitName'>;

/**
 * Renders a notice's data into the row that archives it: the HTML, the sha256 of the page it is served as
 * (its stylesheet inlined, 0010) and the template version that produced it, beside the data itself, so that
 * re-rendering the stored data gives the stored hash, and so does hashing what GET serves.
 */
export function renderNotice(
  renderer: NoticeRenderer,
  data: NoticeData,
  p: Pick<
    NewNotice,
    'caseId' | 'eventId' | 'docCode' | 'year' | 'seq' | 'issuingUnitId' | 'issuedAt' | 'correctsNoticeId'
  >,
): NewNotice {
  const { html, templateVersion } = renderer.render(data);
  return {
    ...p,
    id: randomUUID(),
    kind: data.kind,
    docNo: data.docNo,
    addressee: data.addressee.slice(0, 200),
    templateVersion,
    data,
    html,
    sha256: renderer.servedSha256(html),
  };
}

/**
 * Stored notices as self-contained pages, for every output (the HTML and PDF of GET /api/notices/{id},
 * batch PDFs): each stylesheet reference replaced by the archived CSS it names, in one query for all.
 * A notice stored before 0008 carries its own <style> and comes back unchanged.
 */
export async function withArchivedStylesheet(db: Executor, htmls: readonly string[]): Promise<string[]> {
  const wanted = htmls.map(referencedStylesheet);
  const found = await findStylesheets(
    db,
    wanted.filter((s) => s !== null),
  );
  const archived = new Map(found.map((s) => [s.sha256, s]));
  return htmls.map((html, i) => {
    const sha256 = wanted[i];
    if (sha256 === null) return html;
    const stylesheet = archived.get(sha256);
    // Issuing stores the stylesheet in the notice's transaction and the table refuses deletes.
    if (!stylesheet) throw new Error(`stylesheet ${sha256} referenced by a stored notice is not archived`);
    return inlineStylesheet(html, stylesheet);
  });
}

const refs = (r: NoticeRequest) =>
  [r.addressee, ...r.copyTo].filter(
    (x): x is { role: NoticeRequest['issuerRole']; regionCode: string } => 'role' in x,
  );

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
