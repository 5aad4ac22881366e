// 信访与维稳：各地区分别落实维稳.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Regional,
  ANY_OPEN,
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
import { invalidTransition } from '../errors';
import { extensionOf } from '../deadlines';
import { isPending } from '../deadline-state';
import { LIMITS } from '../reference';
import type { Petition } from '../case.types';

export interface LogPetition extends Regional {
  petitionerName: string;
  summary: string;
  channel: 'visit' | 'letter' | 'phone' | 'online';
  accept?: boolean;
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
      },
      ['petitionerName', 'summary', 'channel'],
      true,
    ),
    notices: ['petition_acceptance'],
    startsDeadlines: ['PETITION_ROUTING', 'PETITION_HANDLING'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { at, ctx, notices, start } = s;
      const accept = p.accept ?? true;
      const pet: Petition = {
        id: ctx.newId(),
        petitionerName: p.petitionerName,
        summary: p.summary,
        accepted: accept,
        answered: false,
        reviews: 0,
        loggedAt: at,
      };
      s.next = { ...s.next, petitions: [...s.next.petitions, pet] };
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
    startsDeadlines: [],
    stopsDeadlines: ['PETITION_HANDLING', 'PETITION_REVIEW'],
    apply: (s, p) => {
      const { at, name, changed, notices, petition } = s;
      const pet = petition(p.petitionId);
      const d = findOpen(s.next, 'PETITION_REVIEW', pet.id) ?? findOpen(s.next, 'PETITION_HANDLING', pet.id);
      if (!d) throw invalidTransition(pet.accepted ? '该信访事项没有待办理的期限' : '该信访事项尚未受理');
      changed.push(fulfilDeadline(d, at, name));
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) => (x.id === pet.id ? { ...x, answered: true } : x)),
      };
      notices.push(
        notice(
          s.r,
          'petition_opinion',
          'petition_bureau',
          { text: pet.petitionerName },
          { ...p, petitionerName: pet.petitionerName, petitionSummary: pet.summary, review: pet.reviews },
        ),
      );
    },
  }),
  request_petition_review: regionAction<PetitionRef>({
    title: '登记复查（复核）请求',
    roles: ['petition_bureau'],
    leadOnly: false,
    stages: ANY_OPEN,
    payloadSchema: schema<PetitionRef>({ petitionId: id, reason: optText() }, ['petitionId'], true),
    notices: [],
    startsDeadlines: ['PETITION_REVIEW'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { start, petition } = s;
      const pet = petition(p.petitionId);
      if (!pet.answered) throw invalidTransition('该信访事项尚未出具处理意见');
      if (findOpen(s.next, 'PETITION_REVIEW', pet.id))
        throw invalidTransition('该信访事项的复查（复核）正在办理');
      if (pet.reviews >= 2) throw invalidTransition('复核意见为最终意见，不再受理（信访工作条例第三十六条）');
      start('PETITION_REVIEW', { subjectId: pet.id });
      s.next = {
        ...s.next,
        petitions: s.next.petitions.map((x) => (x.id === pet.id ? { ...x, reviews: x.reviews + 1 } : x)),
      };
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
        : region!.deadlines.some((d) => d.rule.startsWith('PETITION_') && isPending(d))
          ? '本地区尚有信访事项在办理期限内'
          : null),
    apply: (s, _p) => {
      s.next = { ...s.next, stabilizationConcluded: true };
    },
  }),
};
