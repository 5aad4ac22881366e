// Petitions as they come in illegal-fundraising cases (issue 13, item 14), as pure rules the petition track
// (domain/tracks/petitions.track.ts) applies. Each rule cites the article of 《信访工作条例》 (2022) it follows.
import type { Deadline, Petition, RegionalStage } from './case.types';
import { DEADLINE_RULES } from './deadlines';
import { isPending } from './deadline-state';
import { type FieldError, validationFailed } from './errors';
import { regionByCode } from './reference';

const XINFANG = '《信访工作条例》';

/** 第二十条: 多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不超过5人. */
export const MAX_GROUP_VISIT_REPRESENTATIVES = 5;
export const GROUP_VISIT_BASIS = `${XINFANG}第二十条（多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不超过5人）`;

/** A petitioner or representative: a name, and the claims register's participant when they are one. */
export interface PetitionPerson {
  name: string;
  /** participants.id of this case's register: the link, never a copy of the person's identity. */
  participantId?: string | null;
}

export interface PetitionGroup {
  /** How many people the common petition is for (信访人数). */
  petitionerCount: number;
  representatives: PetitionPerson[];
}

/**
 * The group fields as a payload carries them, flat: a form that leaves them empty sends no count and an
 * empty list, which is a petition of one person.
 */
export interface GroupFields {
  petitionerCount?: number;
  representatives?: PetitionPerson[];
}

/**
 * A group petition as 第二十条 allows it: at least two petitioners, representatives no more than the
 * petitioners, and a group that comes in person (走访) represented by one to five of them. Field errors point
 * at the payload; the action is refused with VALIDATION_FAILED (400) before anything is recorded.
 */
export function groupPetitionErrors(channel: string, p: GroupFields): FieldError[] {
  const reps = p.representatives?.length ?? 0;
  if (p.petitionerCount === undefined)
    return reps > 0 ? [{ field: '/petitionerCount', message: '写明信访代表的，须写明信访人数' }] : [];
  const errors: FieldError[] = [];
  if (p.petitionerCount < 2) errors.push({ field: '/petitionerCount', message: '集体信访至少2名信访人' });
  if (reps > p.petitionerCount)
    errors.push({ field: '/representatives', message: '代表人数不能多于信访人数' });
  if (channel === 'visit' && reps === 0)
    errors.push({ field: '/representatives', message: `多人走访应当推选代表（${GROUP_VISIT_BASIS}）` });
  if (channel === 'visit' && reps > MAX_GROUP_VISIT_REPRESENTATIVES)
    errors.push({
      field: '/representatives',
      message: `代表人数不超过${MAX_GROUP_VISIT_REPRESENTATIVES}人（${GROUP_VISIT_BASIS}），现为${reps}人`,
    });
  return errors;
}

/** The petition's group, or null for one person; refused with VALIDATION_FAILED when 第二十条 is not met. */
export const groupOf = (channel: string, p: GroupFields): PetitionGroup | null => {
  const errors = groupPetitionErrors(channel, p);
  if (errors.length) throw validationFailed(errors[0].message, errors);
  if (p.petitionerCount === undefined) return null;
  return { petitionerCount: p.petitionerCount, representatives: p.representatives ?? [] };
};

/** The participant ids a petition links to, for the API to check against the case's register. */
export const linkedParticipantIds = (p: { participantId?: string | null } & GroupFields): string[] => [
  ...new Set(
    [p.participantId, ...(p.representatives ?? []).map((r) => r.participantId)].filter(
      (x): x is string => typeof x === 'string' && x.length > 0,
    ),
  ),
];

/**
 * 申诉求决类 (complaint): handled in the petition track, 60 days from acceptance (第三十四条).
 * 涉法涉诉 (law_related): a matter for the criminal proceedings themselves — the filing, the arrest, the
 * prosecution, the judgment, the property orders — which 第二十二条第二款 (转送同级政法部门依法处理), 第二十八条
 * (诉讼与信访分离) and 第三十一条第（一）项 (按照法律法规规定的程序处理) send to the legal channel: no 60-day clock,
 * a routing record.
 */
export type PetitionCategory = 'complaint' | 'law_related';
export const PETITION_CATEGORIES: readonly PetitionCategory[] = ['complaint', 'law_related'];

export const LEGAL_CHANNEL_BASIS = `${XINFANG}第二十二条第二款、第二十八条、第三十一条第（一）项`;

export type LegalBody = 'police' | 'procuratorate' | 'court';
export const LEGAL_BODIES: readonly LegalBody[] = ['police', 'procuratorate', 'court'];

/**
 * The 政法 body a law-related petition goes to when the officer names none: whoever holds the region's
 * criminal case at its stage (the police while filing and investigating, the procuratorate while reviewing
 * for prosecution, the court at trial and after judgment, which executes the property part). Before the
 * criminal case reaches the region there is no one to infer: the officer must say.
 */
export function legalBodyFor(stage: RegionalStage, judgmentDelivered: boolean): LegalBody | null {
  if (stage === 'police_filing') return 'police';
  if (stage === 'prosecution') return 'procuratorate';
  if (stage === 'trial') return 'court';
  if (stage === 'ended' && judgmentDelivered) return 'court';
  return null;
}

export interface LegalRouting {
  channel: 'legal';
  body: LegalBody;
  regionCode: string;
  routedAt: string;
  basis: string;
}

/** 复查 (第三十五条) is the first review level, 复核 (第三十六条) the second and last. */
export type ReviewLevel = 'review' | 'recheck';

export const REVIEW_LEVELS = {
  review: {
    title: '复查',
    requestWindow: 'PETITION_REVIEW_REQUEST_WINDOW',
    basis: `${XINFANG}第三十五条（自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查；收到复查请求之日起30日内提出复查意见）`,
  },
  recheck: {
    title: '复核',
    requestWindow: 'PETITION_RECHECK_REQUEST_WINDOW',
    basis: `${XINFANG}第三十六条（自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核；收到复核请求之日起30日内提出复核意见）`,
  },
} as const;

export const FINALITY_BASIS = `${XINFANG}第三十六条第三款（对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理）`;

/** The level a new review request would open: 复查 after the opinion, 复核 after the 复查意见, then none. */
export const nextReviewLevel = (pet: Pick<Petition, 'reviews'>): ReviewLevel | null =>
  pet.reviews === 0 ? 'review' : pet.reviews === 1 ? 'recheck' : null;

const PROVINCES: Readonly<Record<string, string>> = { '530000': '云南省' };
const regionName = (code: string | null | undefined): string | null =>
  code ? (regionByCode(code)?.name ?? PROVINCES[code] ?? null) : null;
const parentOf = (code: string): string | null => regionByCode(code)?.parentCode ?? null;

/**
 * The body that reviews: the handling body's superior for 复查 (第三十五条), one level above that for 复核
 * (第三十六条). The handling body is the region's 信访部门, so its superiors are the 信访部门 of the regions
 * above; an officer may name another (a department's own superior) in the request.
 */
export function reviewBodyOf(handlingRegionCode: string, level: ReviewLevel): string {
  const one = parentOf(handlingRegionCode);
  const code = level === 'review' ? one : one ? parentOf(one) : null;
  const name = regionName(code);
  return name ? `${name}信访局` : `${level === 'review' ? '上一级' : '复查机关的上一级'}机关`;
}

/**
 * A petition clock that holds up the region's stabilization and the case's closing: a duty of the 信访部门
 * still owed. A petitioner's request window (复查/复核) is theirs to use, and holds nothing up.
 */
export const holdsStabilization = (d: Deadline): boolean =>
  d.rule.startsWith('PETITION_') && DEADLINE_RULES[d.rule].kind !== 'window' && isPending(d);

/**
 * The links of a petition that do not name a participant of the case's register: not an id at all, or
 * one the register does not hold. `registered` holds the ids the register has (checked by the caller).
 */
export function participantLinkErrors(
  p: { participantId?: string | null } & GroupFields,
  registered: ReadonlySet<string>,
): FieldError[] {
  const links: [string, string | null | undefined][] = [
    ['/participantId', p.participantId],
    ...(p.representatives ?? []).map(
      (r, i) =>
        [`/representatives/${i}/participantId`, r.participantId] as [string, string | null | undefined],
    ),
  ];
  return links
    .filter(([, id]) => typeof id === 'string' && !registered.has(id))
    .map(([field]) => ({ field, message: '不是本案已登记的集资参与人' }));
}
