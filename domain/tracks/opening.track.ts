// 开立与预警：线索核查、预警通知、行政处置（防范和处置非法集资条例）.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import { type Common, caseAction, optText, schema, text } from './kernel';
import { LIMITS } from '../reference';
import type { Role } from '../reference';
import { DomainError } from '../errors';
import { adminOf, subjectsMissing } from './administrative.track';

export interface DismissLead extends Common {
  reason: string;
}
export interface IssueWarning extends Common {
  measures?: ('interview' | 'stop_order')[];
  findings: string;
  interviewAt?: string;
  interviewPlace?: string;
}
export interface ResolveAdministratively extends Common {
  summary: string;
}

export const OPENING = {
  dismiss_lead: caseAction<DismissLead>({
    title: '线索核查不属于非法集资，予以排除',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['detection'],
    payloadSchema: schema<DismissLead>({ reason: text() }, ['reason'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, _p) => {
      const { moveTo } = s;
      moveTo('closed');
    },
  }),
  issue_warning: caseAction<IssueWarning>({
    title: '发出预警通知',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['detection'],
    payloadSchema: schema<IssueWarning>(
      {
        measures: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ['interview', 'stop_order'] },
          nullable: true,
        },
        findings: text(),
        interviewAt: { type: 'string', format: 'date-time', nullable: true },
        interviewPlace: optText(LIMITS.nameMax),
      },
      ['findings'],
      false,
    ),
    notices: ['early_warning', 'interview', 'stop_order'],
    startsDeadlines: [],
    stopsDeadlines: [],
    // A warning is addressed to the subjects: a lead that names nobody yet needs them first (issue 13 item 17).
    precondition: ({ caseState }) => subjectsMissing(caseState),
    apply: (s, p) => {
      const { notices, moveTo, lead } = s;
      const finding = adminOf(s.state).finding;
      if (p.measures?.includes('stop_order') && !finding?.illegal) {
        // 条例 第二十三条第一款: only 经调查认定属于非法集资的 may the lead department order a stop
        // (docs/decisions/0017); before that it may warn and interview (第十八条) or pause (第二十二条).
        throw new DomainError('INVALID_TRANSITION', '尚未经调查认定属于非法集资，不能责令停止', [
          {
            field: '/measures',
            message: '责令停止须在认定属于非法集资之后（《防范和处置非法集资条例》第二十三条第一款）',
          },
        ]);
      }
      moveTo('early_warning');
      if (p.measures?.includes('stop_order')) {
        s.next = { ...s.next, admin: { ...adminOf(s.next), stopOrderedAt: s.at } };
      }
      const base = { issuerRole: 'financial_office' as Role, regionCode: lead, copyTo: [], facts: { ...p } };
      notices.push({ ...base, kind: 'early_warning', addressee: { text: 'subjects' } });
      if (p.measures?.includes('interview'))
        notices.push({ ...base, kind: 'interview', addressee: { text: 'subjects' } });
      if (p.measures?.includes('stop_order'))
        notices.push({ ...base, kind: 'stop_order', addressee: { text: 'subjects' } });
    },
  }),
  resolve_administratively: caseAction<ResolveAdministratively>({
    title: '行政处置完毕，转入善后维稳',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['early_warning'],
    payloadSchema: schema<ResolveAdministratively>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, _p) => {
      const { moveTo } = s;
      moveTo('stabilization');
    },
  }),
};
