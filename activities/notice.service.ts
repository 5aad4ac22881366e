// The notice module: every notice the lifecycle issues goes through here — the issuing unit is resolved,
// the next document number of its series taken, the document rendered and stored with its sha256, all in
// the caller's transaction, so a refused or retried action never consumes a number.
import { createHash, randomUUID } from 'node:crypto';
import type { Executor } from '../db/knex';
import { allocateDocNo, insertNotice } from '../db/notice.repository';
import { findUnitsByRegion, type UnitRecord } from '../db/unit.repository';
import type { NoticeRequest } from '../domain/case.types';
import { shanghaiDateOf } from '../domain/calendar';
import { NOTICE_KINDS } from '../domain/notices';
import { SECTORS, SUBJECT_KINDS, regionByCode } from '../domain/reference';
import type { NoticeData } from '../templates/notice-data';
import type { NoticeRenderer } from '../templates/renderer';
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
      const earlier: { kind: string; doc_no: string; issued_at: Date; region_code: string }[] = await trx(
        'notices as n',
      )
        .join('units as u', 'u.id', 'n.issuing_unit_id')
        .where('n.case_id', input.caseId)
        .orderBy('n.issued_at')
        .orderBy('n.issue_order')
        .select('n.kind', 'n.doc_no', 'n.issued_at', 'u.region_code');
      const regionCodes = [
        ...new Set(input.requests.flatMap((r) => [r.regionCode, ...refs(r).map((x) => x.regionCode)])),
      ];
      const units = await findUnitsByRegion(trx, [
        ...new Set([...regionCodes, ...caseRegions.map((r) => r.region_code)]),
      ]);
      const unitOf = (role: string, regionCode: string): UnitRecord => {
        const u = units.find((x) => x.role === role && x.regionCode === regionCode);
        if (!u) throw new Error(`no unit with role ${role} in region ${regionCode}`);
        return u;
      };
      const subjects: { kind: keyof typeof SUBJECT_KINDS; name: string }[] = caseRow.subjects;
      const nameOf = (a: NoticeRequest['addressee']): string => {
        if ('role' in a) return unitOf(a.role, a.regionCode).name;
        if (a.text === 'subjects') return subjects.map((s) => s.name).join('、') || '有关单位和个人';
        return ADDRESSEE_TEXT[a.text] ?? a.text;
      };
      const ids: string[] = [];
      for (const req of input.requests) {
        const kind = NOTICE_KINDS[req.kind];
        const issuer = unitOf(req.issuerRole, req.regionCode);
        if (!issuer.docCode) throw new Error(`unit ${issuer.id} has no document code`);
        const issuedOn = shanghaiDateOf(Date.parse(input.issuedAt));
        const year = Number(issuedOn.slice(0, 4));
        const docCode = `${issuer.docCode}${kind.docWord}`;
        const number = await allocateDocNo(trx, issuer.id, docCode, year);
        const data = {
          kind: req.kind,
          docNo: number.docNo,
          issuingUnit: { name: issuer.name, daiName: issuer.daiName },
          issuedOn,
          addressee: nameOf(req.addressee),
          copyTo: req.copyTo.map(nameOf),
          printedBy: issuer.name,
          case: {
            caseNo: caseRow.case_no,
            title: caseRow.title,
            sectorLabel: SECTORS[caseRow.sector as keyof typeof SECTORS] ?? caseRow.sector,
            regionName: regionByCode(req.regionCode)?.name ?? req.regionCode,
            subjects: subjects.map((s) => ({ kindLabel: SUBJECT_KINDS[s.kind], name: s.name })),
          },
          legalBasis: kind.legalBasis,
          facts: buildFacts(req.kind, req.facts, {
            issuedOn,
            addressee: nameOf(req.addressee),
            regionName: regionByCode(req.regionCode)?.name ?? req.regionCode,
            issuerName: issuer.name,
            unitName: (role) =>
              units.find((u) => u.role === role && u.regionCode === req.regionCode)?.name ?? '',
            caseInfo: {
              title: caseRow.title,
              summary: caseRow.summary,
              estimatedAmountFen: caseRow.estimated_amount_fen,
              estimatedParticipants: caseRow.estimated_participants,
              subjects,
              regionNames: caseRegions.map((r) => regionByCode(r.region_code)?.name ?? r.region_code),
            },
            latest: (k) => {
              const hit = [...earlier]
                .reverse()
                .find((n) => n.kind === k && (n.region_code === req.regionCode || k === 'criminal_transfer'));
              return hit
                ? { docNo: hit.doc_no, issuedOn: shanghaiDateOf(new Date(hit.issued_at).getTime()) }
                : null;
            },
          }),
        } as NoticeData;
        const { html, templateVersion } = renderer.render(data);
        const id = randomUUID();
        await insertNotice(trx, {
          id,
          caseId: input.caseId,
          eventId: input.eventId,
          kind: req.kind,
          docNo: number.docNo,
          docCode,
          year,
          seq: number.seq,
          issuingUnitId: issuer.id,
          addressee: data.addressee.slice(0, 200),
          issuedAt: input.issuedAt,
          templateVersion,
          data,
          html,
          sha256: sha256(html),
          correctsNoticeId: null,
        });
        ids.push(id);
        earlier.push({
          kind: req.kind,
          doc_no: number.docNo,
          issued_at: new Date(input.issuedAt),
          region_code: issuer.regionCode,
        });
      }
      return ids;
    },
  };
}

const refs = (r: NoticeRequest) =>
  [r.addressee, ...r.copyTo].filter(
    (x): x is { role: NoticeRequest['issuerRole']; regionCode: string } => 'role' in x,
  );

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
