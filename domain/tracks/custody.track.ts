// 逮捕与羁押：提请批准逮捕、审查批准、侦查羁押期限.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Regional,
  CUSTODY_EXTENSIONS,
  anyPending,
  extendDeadline,
  findOpen,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { invalidTransition } from '../errors';
import { extensionOf, periodOf } from '../deadlines';
import { LIMITS } from '../reference';

export interface RequestArrest extends Regional {
  suspectName: string;
  detained: boolean;
  offence: string;
}
export interface DecideArrest extends Regional {
  approved: boolean;
  reason: string;
}
export interface ExtendInvestigationCustody extends Regional {
  ground: string;
}

export const CUSTODY = {
  request_arrest: regionAction<RequestArrest>({
    title: '提请批准逮捕',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<RequestArrest>(
      { suspectName: text(LIMITS.nameMax), detained: { type: 'boolean' }, offence: text(LIMITS.nameMax) },
      ['suspectName', 'detained', 'offence'],
      true,
    ),
    notices: ['arrest_request'],
    startsDeadlines: ['ARREST_REVIEW'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不能提请批准逮捕'
        : region!.arrestPending
          ? '已有待审查的提请批准逮捕'
          : null),
    apply: (s, p) => {
      const { notices, start, procuratorate } = s;
      start('ARREST_REVIEW', {
        period: periodOf('ARREST_REVIEW', p.detained ? 'detained' : 'not_detained'),
        inCustody: p.detained,
      });
      s.next = { ...s.next, arrestPending: true };
      notices.push(notice(s.r, 'arrest_request', 'police', procuratorate, { ...p }));
    },
  }),
  decide_arrest: regionAction<DecideArrest>({
    title: '审查批准逮捕',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution'],
    payloadSchema: schema<DecideArrest>(
      { approved: { type: 'boolean' }, reason: text() },
      ['approved', 'reason'],
      true,
    ),
    notices: ['arrest_approval', 'arrest_refusal'],
    startsDeadlines: ['INVESTIGATION_CUSTODY'],
    stopsDeadlines: ['ARREST_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ?? (!region!.arrestPending ? '没有待审查的提请批准逮捕' : null),
    apply: (s, p) => {
      const { notices, start, fulfil, police } = s;
      fulfil('ARREST_REVIEW');
      s.next = { ...s.next, arrestPending: false };
      if (p.approved) {
        s.next = { ...s.next, inCustody: true };
        if (s.next.stage === 'police_filing' && !findOpen(s.next, 'INVESTIGATION_CUSTODY')) {
          start('INVESTIGATION_CUSTODY', { inCustody: true });
        }
      }
      notices.push(
        notice(s.r, p.approved ? 'arrest_approval' : 'arrest_refusal', 'procuratorate', police, { ...p }),
      );
    },
  }),
  extend_investigation_custody: regionAction<ExtendInvestigationCustody>({
    title: '延长侦查羁押期限',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendInvestigationCustody>({ ground: text() }, ['ground'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.deadlines.some((d) => d.rule === 'INVESTIGATION_CUSTODY' && d.state === 'running')
        ? '没有正在计算的侦查羁押期限'
        : region!.custodyExtensions >= 3
          ? '侦查羁押期限已延长三次（刑诉法第156至159条）'
          : null),
    apply: (s, _p) => {
      const { ctx, changed } = s;
      const d = findOpen(s.next, 'INVESTIGATION_CUSTODY');
      if (!d) throw invalidTransition('没有正在计算的侦查羁押期限');
      // 刑诉法 第一百五十六条 (+1 month), 第一百五十八条 (+2), 第一百五十九条 (+2), in that order.
      const code = CUSTODY_EXTENSIONS[s.next.custodyExtensions];
      if (!code) throw invalidTransition('侦查羁押期限的延长已用尽（刑诉法第一百五十六至一百五十九条）');
      changed.push(extendDeadline(d, extensionOf('INVESTIGATION_CUSTODY', code), ctx.calendar));
      s.next = { ...s.next, custodyExtensions: s.next.custodyExtensions + 1 };
    },
  }),
};
