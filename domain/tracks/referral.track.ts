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
  grantOnDeadline,
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
  /**
   * major / cross_region: 30 days (经济犯罪规定 第十五条 for what the police take in; 第十六条 for a transfer:
   * 案情重大、疑难、复杂或者跨区域性的); at_latest: a transfer's 10 days (第十六条, 至迟十日); special: the
   * next level's further 30 days after the 30 (第十五条、第十六条).
   */
  ground: 'at_latest' | 'major' | 'cross_region' | 'special';
}

export const REFERRAL = {
  refer_to_police: caseAction<ReferToPolice>({
    title: '移送公安机关',
    roles: ['financial_office'],
    leadOnly: true,
    // 条例 第二十三条第二款: 行政机关对非法集资行为的调查认定，不是依法追究刑事责任的必经程序 — a referral may come
    // straight from detection, with no warning and no finding (docs/decisions/0017).
    stages: ['detection', 'early_warning'],
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
    startsDeadlines: ['TRANSFER_FILING_REVIEW', 'FILING_REVIEW', 'PROGRESS_BULLETIN'],
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
    stopsDeadlines: [
      'TRANSFER_FILING_REVIEW',
      'ADMIN_TRANSFER_REVIEW',
      'FILING_REVIEW',
      'FILING_SUPERVISION_ORDER',
    ],
    precondition: ({ region }) => anyPending(region) ?? (region!.filed ? '本地区已立案' : null),
    apply: (s, p) => {
      const { code, notices, fulfil } = s;
      fulfil('TRANSFER_FILING_REVIEW');
      fulfil('ADMIN_TRANSFER_REVIEW');
      fulfil('FILING_REVIEW');
      // 立案监督: the police file as the procuratorate ordered (检察规则 第五百六十三条).
      fulfil('FILING_SUPERVISION_ORDER');
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
    startsDeadlines: ['TRANSFER_REFUSAL_RECONSIDERATION_WINDOW', 'FILING_DENIAL_NOTICE'],
    stopsDeadlines: ['TRANSFER_FILING_REVIEW', 'ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ?? (region!.filed ? '本地区已立案，不能再作不予立案决定' : null),
    apply: (s, p) => {
      const { code, notices, fulfil, endPhase } = s;
      const transferred = [fulfil('TRANSFER_FILING_REVIEW'), fulfil('ADMIN_TRANSFER_REVIEW')].some(Boolean);
      fulfil('FILING_REVIEW');
      // To the complainant when the police took a complaint in (公安程序规定 第一百七十八条第二款), else to the
      // transferring body (移送规定 第九条).
      const complainant = s.next.intake?.complainantName;
      notices.push(
        notice(s.r, 'non_filing', 'police', complainant ? { text: complainant } : leadOfficeOf(code), {
          ...p,
        }),
      );
      // The refusal's remedies (docs/decisions/0017): the transferring body may ask for 复议 within 3 days
      // (移送规定 第九条); a complainant is served within 3 days (公安程序规定 第一百七十八条第二款).
      if (transferred) s.start('TRANSFER_REFUSAL_RECONSIDERATION_WINDOW');
      if (s.next.intake?.hasComplainant) s.start('FILING_DENIAL_NOTICE');
      endPhase('unfiled');
    },
  }),
  extend_filing_review: regionAction<ExtendFilingReview>({
    title: '延长立案审查期限',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendFilingReview>(
      { ground: { type: 'string', enum: ['at_latest', 'major', 'cross_region', 'special'] } },
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
      const transfer = findOpen(s.next, 'TRANSFER_FILING_REVIEW');
      if (transfer) {
        // 经济犯罪规定 第十六条: one clock for a transferred case — 3 days, at the latest 10, 30 for a major,
        // complex or cross-region one, then the next level's 30 (docs/decisions/0017).
        const code =
          p.ground === 'at_latest'
            ? 'at_latest'
            : p.ground === 'special'
              ? 'special_next_level'
              : 'major_complex';
        changed.push(grantOnDeadline(transfer, code, ctx.calendar));
        s.next = { ...s.next, filingExtensions: [...s.next.filingExtensions, p.ground] };
        return;
      }
      if (p.ground === 'at_latest')
        throw invalidTransition('「至迟十日」只适用于行政执法机关移送的案件（经济犯罪规定第十六条）');
      const major = s.next.filingExtensions.includes('major');
      if ((p.ground === 'cross_region' || p.ground === 'special') && !major) {
        throw invalidTransition('再延长三十日须在重大案件三十日期限基础上办理');
      }
      if (p.ground === 'special' && s.next.filingExtensions.includes('cross_region')) {
        throw invalidTransition('再延长三十日已经办理');
      }
      if (p.ground === 'cross_region' && s.next.filingExtensions.includes('special')) {
        throw invalidTransition('再延长三十日已经办理');
      }
      const d = findOpen(s.next, 'FILING_REVIEW');
      if (!d) throw invalidTransition('没有正在计算的立案审查期限');
      // 7 days → a major case's 30 days from the same start; then +30 特别重大 or cross-region (经济犯罪案件规定 第十五条).
      changed.push(
        p.ground === 'major'
          ? rebaseDeadline(d, 'major', ctx.calendar)
          : extendDeadline(d, extensionOf('FILING_REVIEW', 'cross_region'), ctx.calendar),
      );
      s.next = { ...s.next, filingExtensions: [...s.next.filingExtensions, p.ground] };
    },
  }),
};
