// 统一指挥协调：进展通报、增加地区、统一办案要求、结案、文书更正.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Common,
  ANY_OPEN,
  bulletinNotice,
  caseAction,
  date,
  fulfilDeadline,
  newRegionState,
  optText,
  regionCode,
  schema,
  startBulletin,
  text,
} from './kernel';
import { invalidTransition } from '../errors';
import { isOpen } from '../deadline-state';
import { LIMITS } from '../reference';

export interface CorrectionError {
  /** Where in the notice, e.g. 第二段. */
  location: string;
  wrong: string;
  correct: string;
}
export interface CloseCase extends Common {
  summary: string;
}
export interface SendProgressBulletin extends Common {
  progress: string;
}
export interface AddRegion extends Common {
  regionCode: string;
  /** Whether the region's police receive a transfer now (its transfer-review clock starts). */
  transfer?: boolean;
}
export interface SetRequirements extends Common {
  registrationCriteria: string;
  registrationFrom?: string;
  registrationUntil?: string;
  objectionDays?: number;
  /** 清退: payment starts this many days after a round's approval, and ends this many days after it. */
  payStartsAfterDays?: number;
  payEndsAfterDays?: number;
  evidenceStandards: string;
  disposalPrinciples: string;
  excludedGroups?: string[];
}
export interface IssueCorrection extends Common {
  /** The notice to correct; it stays as it was, the 更正通知 points at it. */
  noticeId: string;
  errors: CorrectionError[];
  reason?: string;
}

export const COORDINATION = {
  close_case: caseAction<CloseCase>({
    title: '结案',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ['stabilization'],
    payloadSchema: schema<CloseCase>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    // A petitioner's 复查/复核 request window still open ends with the case's record (issue 13, item 14).
    stopsDeadlines: [
      'PROGRESS_BULLETIN',
      'PETITION_REVIEW_REQUEST_WINDOW',
      'PETITION_RECHECK_REQUEST_WINDOW',
    ],
    precondition: ({ caseState }) => {
      const busy = caseState.regions.filter((r) => r.runningPetitionDeadlines > 0).map((r) => r.code);
      if (busy.length) return `尚有信访事项在办理期限内（${busy.join('、')}）`;
      const open = caseState.regions.filter((r) => !r.stabilizationConcluded).map((r) => r.code);
      return open.length ? `尚有地区未完成善后维稳工作（${open.join('、')}）` : null;
    },
    apply: (s, _p) => {
      const { moveTo } = s;
      moveTo('closed');
    },
  }),
  send_progress_bulletin: caseAction<SendProgressBulletin>({
    title: '发送工作进展通报',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<SendProgressBulletin>({ progress: text(LIMITS.summaryMax) }, ['progress'], false),
    notices: ['progress_bulletin'],
    startsDeadlines: ['PROGRESS_BULLETIN'],
    stopsDeadlines: ['PROGRESS_BULLETIN'],
    apply: (s, p) => {
      const { state, at, today, ctx, name, notices, deadlines, tracks } = s;
      const running = state.deadlines.find((d) => d.rule === 'PROGRESS_BULLETIN' && isOpen(d));
      s.next = { ...s.next, bulletins: state.bulletins + 1 };
      notices.push(bulletinNotice(state, p.progress, tracks));
      if (running) {
        deadlines.push(fulfilDeadline(running, at, name));
        deadlines.push(startBulletin(today, ctx));
      }
    },
  }),
  add_region: caseAction<AddRegion>({
    title: '增加涉案地区',
    roles: ['financial_office'],
    leadOnly: true,
    // Any stage before the unified disposition; in the separate phase the case's stage is a regional one.
    stages: ['detection', 'early_warning', 'police_filing', 'prosecution', 'trial'],
    payloadSchema: schema<AddRegion>({ regionCode, transfer: { type: 'boolean' } }, ['regionCode'], false),
    notices: [],
    startsDeadlines: ['TRANSFER_FILING_REVIEW', 'FILING_REVIEW', 'PROGRESS_BULLETIN'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { state, at, today, ctx, deadlines } = s;
      if (state.regions.some((r) => r.code === p.regionCode))
        throw invalidTransition('该地区已是本案的涉案地区');
      s.addedTrack = newRegionState(state.caseId, p.regionCode, 'assisting', true, at);
      if (
        state.phase === 'regional' &&
        !state.deadlines.some((d) => d.rule === 'PROGRESS_BULLETIN' && isOpen(d))
      ) {
        deadlines.push(startBulletin(today, ctx));
      }
    },
  }),
  set_requirements: caseAction<SetRequirements>({
    title: '制定统一办案要求',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<SetRequirements>(
      {
        registrationCriteria: text(),
        registrationFrom: date,
        registrationUntil: date,
        objectionDays: { type: 'integer', minimum: 1, maximum: 365 },
        payStartsAfterDays: { type: 'integer', minimum: 0, maximum: 365 },
        payEndsAfterDays: { type: 'integer', minimum: 1, maximum: 730 },
        evidenceStandards: text(),
        disposalPrinciples: text(),
        excludedGroups: { type: 'array', maxItems: 50, uniqueItems: true, items: text(LIMITS.nameMax) },
      },
      ['registrationCriteria', 'evidenceStandards', 'disposalPrinciples'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { state, at, ctx } = s;
      const version = (state.requirements.at(-1)?.version ?? 0) + 1;
      s.next = {
        ...s.next,
        requirements: [
          ...state.requirements,
          {
            version,
            setAt: at,
            setBy: ctx.actor.userId,
            registrationCriteria: p.registrationCriteria,
            registrationFrom: p.registrationFrom ?? null,
            registrationUntil: p.registrationUntil ?? null,
            objectionDays: p.objectionDays ?? null,
            payStartsAfterDays: p.payStartsAfterDays ?? null,
            payEndsAfterDays: p.payEndsAfterDays ?? null,
            evidenceStandards: p.evidenceStandards,
            disposalPrinciples: p.disposalPrinciples,
            excludedGroups: p.excludedGroups ?? [],
          },
        ],
      };
    },
  }),
  issue_correction: caseAction<IssueCorrection>({
    title: '更正已发出的文书',
    // Every unit that issues notices; refuseCorrection (domain/notices.ts) narrows it to the issuing unit.
    roles: ['financial_office', 'police', 'procuratorate', 'court', 'petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<IssueCorrection>(
      {
        noticeId: { type: 'string', format: 'uuid' },
        errors: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { location: text(LIMITS.nameMax), wrong: text(), correct: text() },
            required: ['location', 'wrong', 'correct'],
          },
        },
        reason: optText(),
      },
      ['noticeId', 'errors'],
      false,
    ),
    notices: ['correction'],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { ctx, notices, lead } = s;
      // Named as the caller's unit; the notice service issues it in the name of the unit that issued the
      // corrected notice (NOTICE_KINDS.correction.issuerFollowsCorrected), which the API has checked is
      // the caller's, and sends it to that notice's addressees. No stage or deadline moves.
      notices.push({
        kind: 'correction',
        issuerRole: ctx.actor.role === 'system' ? 'financial_office' : ctx.actor.role,
        regionCode: ctx.actor.regionCode ?? lead,
        addressee: { text: 'case_file' },
        copyTo: [],
        facts: { correctsNoticeId: p.noticeId, errors: p.errors, reason: p.reason ?? null },
      });
    },
  }),
};
