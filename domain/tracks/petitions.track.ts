// 信访与维稳：各地区分别落实维稳.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Regional,
  type RegionStep,
  ANY_OPEN,
  dueEndMs,
  anyPending,
  extendDeadline,
  findOpen,
  fulfilDeadline,
  id,
  noChange,
  notice,
  optText,
  regionAction,
  schema,
  text,
} from './kernel';
import { DomainError, invalidTransition, validationFailed } from '../errors';
import { extensionOf } from '../deadlines';
import { LIMITS } from '../reference';
import type { Deadline, Petition } from '../case.types';
import {
  FINALITY_BASIS,
  LEGAL_BODIES,
  LEGAL_CHANNEL_BASIS,
  PETITION_CATEGORIES,
  REVIEW_LEVELS,
  type LegalBody,
  type PetitionCategory,
  type PetitionPerson,
  groupOf,
  holdsStabilization,
  legalBodyFor,
  nextReviewLevel,
  reviewBodyOf,
} from '../petitions';

export interface LogPetition extends Regional {
  petitionerName: string;
  summary: string;
  channel: 'visit' | 'letter' | 'phone' | 'online';
  accept?: boolean;
  /** The petitioner as registered in this case's claims register (participants.id). */
  participantId?: string;
  /** 集体访 (信访工作条例 第二十条): how many petitioners the common matter is for, and their representatives. */
  petitionerCount?: number;
  representatives?: PetitionPerson[];
  /** Absent: 申诉求决类. 涉法涉诉 goes to the legal channel (第二十二条第二款、第二十八条、第三十一条第（一）项). */
  category?: PetitionCategory;
  /** For a 涉法涉诉 matter: the 政法 body it goes to; by default whoever holds the region's case now. */
  legalBody?: LegalBody;
  /** The body that transferred or assigned (转送、交办) the matter here, which starts 第二十三条's objection window. */
  remittedBy?: string;
}
export interface ObjectToPetitionRemit extends Regional {
  petitionId: string;
  /** Why the matter is not within this body's remit (第二十三条). */
  reason: string;
}
export interface RoutePetitionToLegalChannel extends Regional {
  petitionId: string;
  legalBody?: LegalBody;
}
export interface AcceptPetition extends Regional {
  petitionId: string;
}
export interface AnswerPetition extends Regional {
  petitionId: string;
  result: 'support' | 'explain' | 'not_support';
  opinion: string;
}
export interface PetitionRef extends Regional {
  petitionId: string;
  reason?: string;
  /** The reviewing body when it is not the 信访部门 one level up (a department's own superior, 第三十五条). */
  reviewBody?: string;
}
export interface ExtendPetitionHandling extends Regional {
  petitionId: string;
  /** Why the head of the handling body approved the extension (信访工作条例 第三十四条). */
  reason: string;
}
export interface RecordStabilizationMeasure extends Regional {
  measure: string;
  description?: string;
}
export interface ConcludeStabilization extends Regional {
  summary: string;
}

const person = {
  type: 'object',
  additionalProperties: false,
  properties: { name: text(LIMITS.nameMax), participantId: id },
  required: ['name'],
} as const;

const ROLE_TITLE: Record<LegalBody, string> = {
  police: '公安机关',
  procuratorate: '人民检察院',
  court: '人民法院',
};

const REMIT_OBJECTION_BASIS =
  '《信访工作条例》第二十三条（不属于本机关、单位职责范围的，应当自收到之日起5个工作日内提出异议）';

const OBJECTED = '已对该转送、交办的信访事项提出异议，退回转送、交办机关';

const routedAway = (pet: Petition) =>
  `该信访事项属涉法涉诉，已转${ROLE_TITLE[pet.routing!.body]}依法处理，不适用信访办理程序（${LEGAL_CHANNEL_BASIS}）`;

/** The routing record of a 涉法涉诉 matter: to the body named, else to whoever holds the region's case now. */
function legalRouting(s: RegionStep, named: LegalBody | undefined) {
  const body = named ?? legalBodyFor(s.next.stage, s.next.judgmentDelivered);
  if (!body)
    throw new DomainError('VALIDATION_FAILED', '本地区尚无刑事诉讼程序，须写明转送的政法机关', [
      { field: '/legalBody', message: '必填（本地区尚未进入立案侦查）' },
    ]);
  return {
    channel: 'legal' as const,
    body,
    regionCode: s.code,
    routedAt: s.at,
    basis: LEGAL_CHANNEL_BASIS,
  };
}

/**
 * The 信访事项转送告知书 (docs/decisions/0024): the petitioner is told in writing where a 涉法涉诉 matter went
 * (第二十二条第二款 转送同级政法部门; 第二十三条 告知信访人转送去向), and the 政法 body receives a copy with it.
 */
const transferNotice = (s: RegionStep, pet: Petition, routing: ReturnType<typeof legalRouting>) =>
  notice(
    s.r,
    'petition_transfer',
    'petition_bureau',
    { text: pet.petitionerName },
    {
      petitionId: pet.id,
      petitionerName: pet.petitionerName,
      summary: pet.summary,
      channel: pet.channel ?? null,
      loggedAt: pet.loggedAt,
      legalBody: routing.body,
    },
    [{ role: routing.body, regionCode: s.code }],
  );

const latest = (all: readonly Deadline[], rule: Deadline['rule'], subjectId: string) =>
  all.filter((d) => d.rule === rule && d.subjectId === subjectId).at(-1);

export const PETITIONS = {
  log_petition: regionAction<LogPetition>({
    title: '登记信访事项',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<LogPetition>(
      {
        petitionerName: text(LIMITS.nameMax),
        summary: text(),
        channel: { type: 'string', enum: ['visit', 'letter', 'phone', 'online'] },
        accept: { type: 'boolean', nullable: true },
        participantId: id,
        petitionerCount: { type: 'integer', minimum: 1, maximum: 10_000_000 },
        // Bounded for the input's sake; 第二十条's five is the domain's rule (domain/petitions.ts).
        representatives: { type: 'array', maxItems: 100, items: person },
        category: { type: 'string', enum: PETITION_CATEGORIES },
        legalBody: { type: 'string', enum: LEGAL_BODIES },
        remittedBy: text(LIMITS.nameMax),
      },
      ['petitionerName', 'summary', 'channel'],
      true,
    ),
    notices: ['petition_acceptance', 'petition_transfer'],
    startsDeadlines: ['PETITION_ROUTING', 'PETITION_HANDLING', 'PETITION_REMIT_OBJECTION'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { at, ctx, notices, start } = s;
      const group = groupOf(p.channel, p);
      const lawRelated = p.category === 'law_related';
      if (!lawRelated && p.legalBody !== undefined)
        throw validationFailed('只有涉法涉诉事项转送政法机关', [
          { field: '/legalBody', message: '仅适用于 category: law_related' },
        ]);
      const accept = !lawRelated && (p.accept ?? true);
      const pet: Petition = {
        id: ctx.newId(),
        petitionerName: p.petitionerName,
        summary: p.summary,
        accepted: accept,
        answered: false,
        reviews: 0,
        loggedAt: at,
        channel: p.channel,
        participantId: p.participantId ?? null,
        group,
        category: p.category ?? 'complaint',
        routing: lawRelated ? legalRouting(s, p.legalBody) : null,
        reviewBodies: [],
        remittedBy: p.remittedBy ?? null,
      };
      s.next = { ...s.next, petitions: [...s.next.petitions, pet] };
      // 第二十三条: a matter transferred or assigned here may be objected to within 5 working days.
      if (p.remittedBy !== undefined && !lawRelated) start('PETITION_REMIT_OBJECTION', { subjectId: pet.id });
      // 涉法涉诉: routed to the legal channel as it is logged, the petitioner told where it went; no routing or
      // 60-day handling clock.
      if (pet.routing) {
        notices.push(transferNotice(s, pet, pet.routing));
        return;
      }
      if (accept) {
        const d = start('PETITION_HANDLING', { subjectId: pet.id });
        notices.push(
          notice(
            s.r,
            'petition_acceptance',
            'petition_bureau',
            { text: p.petitionerName },
            { ...p, petitionId: pet.id, dueOn: d.dueOn },
          ),
        );
      } else {
        start('PETITION_ROUTING', { subjectId: pet.id });
      }
    },
  }),
  accept_petition: regionAction<AcceptPetition>({
    title: '受理信访事项',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<AcceptPetition>({ petitionId: id }, ['petitionId'], true),
    notices: ['petition_acceptance'],
    startsDeadlines: ['PETITION_HANDLING'],
    stopsDeadlines: ['PETITION_ROUTING'],
    apply: (s, p) => {
      const { notices, start, fulfil, petition } = s;
      const pet = petition(p.petitionId);
      if (pet.routing) throw invalidTransition(routedAway(pet));
      if (pet.objectedAt) throw invalidTransition(OBJECTED);
      if (pet.accepted) throw invalidTransition('该信访事项已受理');
      fulfil('PETITION_ROUTING', pet.id);
      const d = start('PETITION_HANDLING', { subjectId: pet.id });
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) => (x.id === pet.id ? { ...x, accepted: true } : x)),
      };
      notices.push(
        notice(
          s.r,
          'petition_acceptance',
          'petition_bureau',
          { text: pet.petitionerName },
          { ...pet, petitionId: pet.id, dueOn: d.dueOn },
        ),
      );
    },
  }),
  extend_petition_handling: regionAction<ExtendPetitionHandling>({
    title: '延长信访办理期限',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<ExtendPetitionHandling>(
      { petitionId: id, reason: text() },
      ['petitionId', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { ctx, changed, petition } = s;
      const pet = petition(p.petitionId);
      const d = findOpen(s.next, 'PETITION_HANDLING', pet.id);
      if (!d) throw invalidTransition('该信访事项没有正在计算的办理期限');
      if (d.extensions.length > 0)
        throw invalidTransition('信访事项办理期限只能延长一次（信访工作条例第三十四条）');
      changed.push(extendDeadline(d, extensionOf('PETITION_HANDLING', 'head_approval'), ctx.calendar));
    },
  }),
  answer_petition: regionAction<AnswerPetition>({
    title: '出具信访处理意见',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<AnswerPetition>(
      {
        petitionId: id,
        result: { type: 'string', enum: ['support', 'explain', 'not_support'] },
        opinion: text(),
      },
      ['petitionId', 'result', 'opinion'],
      true,
    ),
    notices: ['petition_opinion'],
    startsDeadlines: ['PETITION_REVIEW_REQUEST_WINDOW', 'PETITION_RECHECK_REQUEST_WINDOW'],
    stopsDeadlines: ['PETITION_HANDLING', 'PETITION_REVIEW'],
    apply: (s, p) => {
      const { at, name, changed, notices, petition, start } = s;
      const pet = petition(p.petitionId);
      if (pet.routing) throw invalidTransition(routedAway(pet));
      if (pet.objectedAt) throw invalidTransition(OBJECTED);
      const d = findOpen(s.next, 'PETITION_REVIEW', pet.id) ?? findOpen(s.next, 'PETITION_HANDLING', pet.id);
      if (!d) throw invalidTransition(pet.accepted ? '该信访事项没有待办理的期限' : '该信访事项尚未受理');
      changed.push(fulfilDeadline(d, at, name));
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) => (x.id === pet.id ? { ...x, answered: true } : x)),
      };
      // The petitioner's window to ask the next level runs from the written answer: 复查 after the opinion
      // (第三十五条), 复核 after the 复查意见 (第三十六条); the 复核意见 is final.
      const next = nextReviewLevel(pet);
      if (next) start(REVIEW_LEVELS[next].requestWindow, { subjectId: pet.id });
      notices.push(
        notice(
          s.r,
          'petition_opinion',
          'petition_bureau',
          { text: pet.petitionerName },
          {
            ...p,
            petitionerName: pet.petitionerName,
            petitionSummary: pet.summary,
            review: pet.reviews,
            nextLevel: next,
            nextReviewBody: next ? reviewBodyOf(s.code, next) : null,
          },
        ),
      );
    },
  }),
  request_petition_review: regionAction<PetitionRef>({
    title: '登记复查（复核）请求',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<PetitionRef>(
      { petitionId: id, reason: optText(), reviewBody: optText(LIMITS.nameMax) },
      ['petitionId'],
      true,
    ),
    notices: [],
    startsDeadlines: ['PETITION_REVIEW'],
    stopsDeadlines: ['PETITION_REVIEW_REQUEST_WINDOW', 'PETITION_RECHECK_REQUEST_WINDOW'],
    apply: (s, p) => {
      const { at, name, changed, start, petition } = s;
      const pet = petition(p.petitionId);
      if (pet.routing) throw invalidTransition(routedAway(pet));
      if (!pet.answered) throw invalidTransition('该信访事项尚未出具处理意见');
      if (findOpen(s.next, 'PETITION_REVIEW', pet.id))
        throw invalidTransition('该信访事项的复查（复核）正在办理');
      const level = nextReviewLevel(pet);
      if (!level) throw invalidTransition(`复核意见为最终意见，不再受理（${FINALITY_BASIS}）`);
      const { requestWindow, title, basis } = REVIEW_LEVELS[level];
      // Judged by the date of the request (occurredAt), like every deadline: a request dated within the 30
      // days is in time even when entered after the window elapsed; one dated after it is refused.
      const window = latest(s.next.deadlines, requestWindow, pet.id);
      if (window && window.endedBy !== 'elapsed' && window.endedAt !== null)
        throw invalidTransition(`该信访事项已请求${title}`);
      if (window && Date.parse(at) >= dueEndMs(window))
        throw invalidTransition(`已超过请求${title}的期限（${window.dueOn}届满；${basis}）`);
      if (window) changed.push({ ...window, state: 'met', endedAt: at, endedBy: name });
      start('PETITION_REVIEW', { subjectId: pet.id });
      const body = p.reviewBody ?? reviewBodyOf(s.code, level);
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) =>
          x.id === pet.id
            ? {
                ...x,
                reviews: x.reviews + 1,
                answered: false,
                reviewBodies: [...(x.reviewBodies ?? []), { level, body, requestedAt: at }],
              }
            : x,
        ),
      };
    },
  }),
  object_to_petition_remit: regionAction<ObjectToPetitionRemit>({
    title: '对转送、交办的信访事项提出异议',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<ObjectToPetitionRemit>(
      { petitionId: id, reason: text() },
      ['petitionId', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['PETITION_REMIT_OBJECTION', 'PETITION_HANDLING', 'PETITION_ROUTING'],
    apply: (s, p) => {
      const { at, name, changed, petition } = s;
      const pet = petition(p.petitionId);
      if (pet.objectedAt) throw invalidTransition('已对该信访事项提出异议');
      const window = latest(s.next.deadlines, 'PETITION_REMIT_OBJECTION', pet.id);
      if (!window) throw invalidTransition('该信访事项不是转送、交办来的，无须提出异议');
      // Judged by the objection's date, as every deadline: within 5 working days of receipt (第二十三条).
      if (Date.parse(at) >= dueEndMs(window))
        throw invalidTransition(`已超过提出异议的期限（${window.dueOn}届满；${REMIT_OBJECTION_BASIS}）`);
      changed.push({ ...window, state: 'met', endedAt: at, endedBy: name });
      // The matter goes back to the body that sent it: this body's own clocks for it end with the objection.
      for (const rule of ['PETITION_HANDLING', 'PETITION_ROUTING'] as const) {
        const d = findOpen(s.next, rule, pet.id);
        if (d) changed.push(fulfilDeadline(d, at, name));
      }
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) => (x.id === pet.id ? { ...x, objectedAt: at } : x)),
      };
    },
  }),
  route_petition_to_legal_channel: regionAction<RoutePetitionToLegalChannel>({
    title: '涉法涉诉信访事项转政法机关处理',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<RoutePetitionToLegalChannel>(
      { petitionId: id, legalBody: { type: 'string', enum: LEGAL_BODIES } },
      ['petitionId'],
      true,
    ),
    notices: ['petition_transfer'],
    startsDeadlines: [],
    stopsDeadlines: ['PETITION_ROUTING'],
    apply: (s, p) => {
      const { petition, fulfil, notices } = s;
      const pet = petition(p.petitionId);
      if (pet.routing) throw invalidTransition(routedAway(pet));
      // Once accepted the matter is in the 60-day track; what it still needs is the legal channel's own
      // remedy, which the opinion names (第三十一条第（一）项), not a second routing.
      if (pet.accepted) throw invalidTransition('该信访事项已受理，按信访程序办理');
      fulfil('PETITION_ROUTING', pet.id);
      const routing = legalRouting(s, p.legalBody);
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) =>
          x.id === pet.id ? { ...x, category: 'law_related' as const, routing } : x,
        ),
      };
      notices.push(transferNotice(s, pet, routing));
    },
  }),
  record_stabilization_measure: regionAction<RecordStabilizationMeasure>({
    title: '记录维稳措施',
    roles: ['petition_bureau', 'township'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<RecordStabilizationMeasure>(
      { measure: text(LIMITS.nameMax), description: optText() },
      ['measure'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: noChange,
  }),
  conclude_stabilization: regionAction<ConcludeStabilization>({
    title: '本地区善后维稳工作完成',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ['stabilization'],
    payloadSchema: schema<ConcludeStabilization>({ summary: text() }, ['summary'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.stabilizationConcluded
        ? '本地区善后维稳工作已完成'
        : region!.deadlines.some(holdsStabilization)
          ? '本地区尚有信访事项在办理期限内'
          : null),
    apply: (s, _p) => {
      s.next = { ...s.next, stabilizationConcluded: true };
    },
  }),
};
