// 移送与立案：移送公安机关，各地区分别立案审查（分别侦查诉讼）.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Common,
  type Regional,
  anyPending,
  caseAction,
  extendDeadline,
  findOpen,
  leadOfficeOf,
  notice,
  rebaseDeadline,
  regionAction,
  regionCode,
  schema,
  startBulletin,
  text,
} from './kernel';
import { DomainError, invalidTransition } from '../errors';
import { extensionOf } from '../deadlines';
import { LIMITS } from '../reference';

export interface ReferToPolice extends Common {
  suspectedOffence: string;
  findings: string;
  /** The regions whose police receive a transfer; absent: every region of the case. */
  regionCodes?: string[];
}
export interface FileCase extends Regional {
  offence: string;
}
export interface DeclineFiling extends Regional {
  reason: string;
}
export interface ExtendFilingReview extends Regional {
  ground: 'major' | 'cross_region';
}

export const REFERRAL = {
  refer_to_police: caseAction<ReferToPolice>({
    title: '移送公安机关',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['early_warning'],
    payloadSchema: schema<ReferToPolice>(
      {
        suspectedOffence: text(LIMITS.nameMax),
        findings: text(),
        regionCodes: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: regionCode },
      },
      ['suspectedOffence', 'findings'],
      false,
    ),
    notices: ['criminal_transfer'],
    startsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW', 'PROGRESS_BULLETIN'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { state, today, ctx, notices, deadlines, moveTo, lead } = s;
      const codes = state.regions.map((r) => r.code);
      const unknown = (p.regionCodes ?? []).filter((c) => !codes.includes(c));
      if (unknown.length) {
        throw new DomainError('VALIDATION_FAILED', '移送地区不是本案的涉案地区', [
          { field: '/regionCodes', message: `不是本案的涉案地区：${unknown.join('、')}` },
        ]);
      }
      // 分别侦查诉讼: one 移送书 to each region's police, each addressed to that region's police, unless the
      // referral names fewer regions (行政执法机关移送涉嫌犯罪案件的规定 第三条、第六条).
      s.transferredTo = p.regionCodes?.length ? codes.filter((c) => p.regionCodes!.includes(c)) : codes;
      moveTo('regional');
      for (const code of s.transferredTo) {
        notices.push({
          kind: 'criminal_transfer',
          issuerRole: 'financial_office',
          regionCode: lead,
          addressee: { role: 'police', regionCode: code },
          copyTo: [{ role: 'procuratorate', regionCode: code }],
          facts: { ...p, transferRegionCode: code },
        });
      }
      if (state.regions.length > 1) {
        const d = startBulletin(today, ctx);
        deadlines.push(d);
      }
    },
  }),
  file_case: regionAction<FileCase>({
    title: '立案侦查',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<FileCase>({ offence: text(LIMITS.nameMax) }, ['offence'], true),
    notices: ['filing_decision'],
    startsDeadlines: [],
    stopsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW'],
    precondition: ({ region }) => anyPending(region) ?? (region!.filed ? '本地区已立案' : null),
    apply: (s, p) => {
      const { code, notices, fulfil } = s;
      fulfil('ADMIN_TRANSFER_REVIEW');
      fulfil('FILING_REVIEW');
      s.next = { ...s.next, filed: true };
      notices.push(
        notice(s.r, 'filing_decision', 'police', { text: 'case_file' }, { ...p }, [leadOfficeOf(code)]),
      );
    },
  }),
  decline_filing: regionAction<DeclineFiling>({
    title: '不予立案',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<DeclineFiling>({ reason: text() }, ['reason'], true),
    notices: ['non_filing'],
    startsDeadlines: [],
    stopsDeadlines: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.filed ? '本地区已立案，不能再作不予立案决定' : null),
    apply: (s, p) => {
      const { code, notices, fulfil, endPhase } = s;
      fulfil('ADMIN_TRANSFER_REVIEW');
      fulfil('FILING_REVIEW');
      notices.push(notice(s.r, 'non_filing', 'police', leadOfficeOf(code), { ...p }));
      endPhase('unfiled');
    },
  }),
  extend_filing_review: regionAction<ExtendFilingReview>({
    title: '延长立案审查期限',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendFilingReview>(
      { ground: { type: 'string', enum: ['major', 'cross_region'] } },
      ['ground'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.filed ? '已立案，无需延长立案审查期限' : null),
    apply: (s, p) => {
      const { ctx, changed } = s;
      if (s.next.filingExtensions.includes(p.ground)) throw invalidTransition('该理由的延长已经办理');
      if (p.ground === 'cross_region' && !s.next.crossRegion) throw invalidTransition('本案不是跨区域案件');
      if (p.ground === 'cross_region' && !s.next.filingExtensions.includes('major')) {
        throw invalidTransition('跨区域延长须在重大案件三十日期限基础上办理');
      }
      const d = findOpen(s.next, 'FILING_REVIEW');
      if (!d) throw invalidTransition('没有正在计算的立案审查期限');
      // 7 days → a major case's 30 days from the same start; then +30 cross-region (经济犯罪案件规定 第十五条).
      changed.push(
        p.ground === 'major'
          ? rebaseDeadline(d, 'major', ctx.calendar)
          : extendDeadline(d, extensionOf('FILING_REVIEW', 'cross_region'), ctx.calendar),
      );
      s.next = { ...s.next, filingExtensions: [...s.next.filingExtensions, p.ground] };
    },
  }),
};
