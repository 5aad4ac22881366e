// 审查起诉：移送审查起诉、退回补充侦查、起诉与不起诉.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Regional,
  anyPending,
  extendDeadline,
  findOpen,
  fulfilDeadline,
  leadOfficeOf,
  names,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { invalidTransition } from '../errors';
import { extensionOf } from '../deadlines';
import { LIMITS } from '../reference';

export interface TransferForProsecution extends Regional {
  suspects: string[];
  offence: string;
}
export interface ReturnForSupplementaryInvestigation extends Regional {
  outline: string;
}
export interface ExtendProsecutionReview extends Regional {
  reason: string;
}
export interface Indict extends Regional {
  defendants: string[];
  offence: string;
  court: string;
}
export interface DeclineProsecution extends Regional {
  reason: string;
}

export const PROSECUTION = {
  transfer_for_prosecution: regionAction<TransferForProsecution>({
    title: '移送审查起诉',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<TransferForProsecution>(
      { suspects: names, offence: text(LIMITS.nameMax) },
      ['suspects', 'offence'],
      true,
    ),
    notices: ['prosecution_opinion'],
    startsDeadlines: ['PROSECUTION_REVIEW'],
    stopsDeadlines: ['INVESTIGATION_CUSTODY', 'SUPPLEMENTARY_INVESTIGATION'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不能移送审查起诉'
        : region!.arrestPending
          ? '提请批准逮捕尚在审查中'
          : null),
    apply: (s, p) => {
      const { notices, start, fulfil, procuratorate } = s;
      // Each suspect's 侦查羁押期限 ends with the transfer (issue 13: one clock per suspect).
      s.fulfilEvery('INVESTIGATION_CUSTODY');
      fulfil('SUPPLEMENTARY_INVESTIGATION');
      // A return from supplementary investigation restarts the review clock in full (刑诉法 art.175).
      start('PROSECUTION_REVIEW', { inCustody: s.next.inCustody });
      // The review period is recounted after supplementary investigation (刑诉法 第一百七十五条第三款), so
      // it may be extended by 15 days again (第一百七十二条).
      s.next = {
        ...s.next,
        stage: 'prosecution',
        inSupplementaryInvestigation: false,
        prosecutionExtended: false,
      };
      notices.push(notice(s.r, 'prosecution_opinion', 'police', procuratorate, { ...p }));
    },
  }),
  return_for_supplementary_investigation: regionAction<ReturnForSupplementaryInvestigation>({
    title: '退回补充侦查',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<ReturnForSupplementaryInvestigation>({ outline: text() }, ['outline'], true),
    notices: ['supplementary_investigation'],
    startsDeadlines: ['SUPPLEMENTARY_INVESTIGATION'],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.supplementaryRounds >= 2 ? '补充侦查以二次为限（刑诉法第一百七十五条）' : null),
    apply: (s, p) => {
      const { at, name, changed, notices, start, police } = s;
      const d = findOpen(s.next, 'PROSECUTION_REVIEW');
      if (d) changed.push({ ...fulfilDeadline(d, at, name) });
      start('SUPPLEMENTARY_INVESTIGATION', { inCustody: s.next.inCustody });
      s.next = {
        ...s.next,
        stage: 'police_filing',
        supplementaryRounds: s.next.supplementaryRounds + 1,
        inSupplementaryInvestigation: true,
      };
      notices.push(
        notice(s.r, 'supplementary_investigation', 'procuratorate', police, {
          ...p,
          round: s.next.supplementaryRounds,
        }),
      );
    },
  }),
  extend_prosecution_review: regionAction<ExtendProsecutionReview>({
    title: '延长审查起诉期限',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<ExtendProsecutionReview>({ reason: text() }, ['reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.prosecutionExtended ? '审查起诉期限只能延长一次（刑诉法第一百七十二条）' : null),
    apply: (s, _p) => {
      const { ctx, changed } = s;
      const d = findOpen(s.next, 'PROSECUTION_REVIEW');
      if (!d) throw invalidTransition('没有正在计算的审查起诉期限');
      changed.push(extendDeadline(d, extensionOf('PROSECUTION_REVIEW', 'major_complex'), ctx.calendar));
      s.next = { ...s.next, prosecutionExtended: true };
    },
  }),
  indict: regionAction<Indict>({
    title: '提起公诉',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<Indict>(
      { defendants: names, offence: text(LIMITS.nameMax), court: text(LIMITS.nameMax) },
      ['defendants', 'offence', 'court'],
      true,
    ),
    notices: ['indictment'],
    startsDeadlines: ['FIRST_INSTANCE_TRIAL'],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
    apply: (s, p) => {
      const { code, notices, start, fulfil } = s;
      fulfil('PROSECUTION_REVIEW');
      start('FIRST_INSTANCE_TRIAL', { inCustody: s.next.inCustody });
      s.next = { ...s.next, stage: 'trial', trialInstance: 1, trialExtensions: 0, judgmentDelivered: false };
      notices.push(notice(s.r, 'indictment', 'procuratorate', { role: 'court', regionCode: code }, { ...p }));
    },
  }),
  decline_prosecution: regionAction<DeclineProsecution>({
    title: '不起诉',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['prosecution'],
    payloadSchema: schema<DeclineProsecution>({ reason: text() }, ['reason'], true),
    notices: ['non_prosecution'],
    startsDeadlines: [],
    stopsDeadlines: ['PROSECUTION_REVIEW'],
    apply: (s, p) => {
      const { code, notices, fulfil, endPhase, police } = s;
      fulfil('PROSECUTION_REVIEW');
      notices.push(notice(s.r, 'non_prosecution', 'procuratorate', police, { ...p }, [leadOfficeOf(code)]));
      endPhase('not_prosecuted');
    },
  }),
};
