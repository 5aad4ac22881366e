// 犯罪嫌疑人与强制措施：登记犯罪嫌疑人、拘留、取保候审、监视居住、释放，提请批准逮捕、审查批准、不批捕的复议与复核，
// 侦查羁押期限及其延长. Every suspect has their own custody state and their own clocks (Deadline.subjectId is
// the suspect's id), so three suspects of one case run apart (issue 13, item 6).
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009, 0018).
import {
  type Regional,
  CUSTODY_EXTENSIONS,
  type RegionStep,
  anyPending,
  dueEndMs,
  findOpen,
  fulfilDeadline,
  id,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { DomainError, invalidTransition } from '../errors';
import {
  type DeadlineRuleCode,
  computeRuleDue,
  extensionOf,
  grantExtension,
  periodOf,
  resolveCustodyVariant,
  unrolledDueOf,
} from '../deadlines';
import { LIMITS } from '../reference';
import { shanghaiDateOf } from '../calendar';
import { isValidIdNumber, normalizeIdentityCode } from '../identity';
import type { CustodyState, Deadline, RegionState, Suspect } from '../case.types';
import { isPending } from '../deadline-state';

// ---------------------------------------------------------------------------------------------------------
// Suspects and their clocks

/** The suspects of a track (a track recorded before suspects existed has none). */
export const suspectsOf = (r: RegionState): Suspect[] => r.suspects ?? [];

/**
 * The clock each custody state runs (keyed by the suspect): 拘留 → 提请批准逮捕 (刑诉法 第九十一条), 逮捕 → 侦查羁押
 * (第一百五十六条), 取保候审 at most 12 months and 监视居住 at most 6 (第七十九条第一款). At liberty runs none.
 */
export const CUSTODY_CLOCK: Readonly<Record<CustodyState, DeadlineRuleCode | null>> = {
  detained: 'DETENTION_ARREST_REQUEST',
  arrested: 'INVESTIGATION_CUSTODY',
  bail: 'BAIL_TERM',
  residential_surveillance: 'RESIDENTIAL_SURVEILLANCE_TERM',
  released: null,
};

const CUSTODY_TITLE: Readonly<Record<CustodyState, string>> = {
  detained: '刑事拘留',
  arrested: '逮捕',
  bail: '取保候审',
  residential_surveillance: '监视居住',
  released: '未被羁押（或已释放）',
};

/** 刑诉法 第八十五条 / 第九十三条: a detained or arrested person is in custody; bail and surveillance are not. */
const inCustody = (c: CustodyState) => c === 'detained' || c === 'arrested';

const suspect = (s: RegionStep, suspectId: string): Suspect => {
  const x = suspectsOf(s.next).find((y) => y.id === suspectId);
  if (!x)
    throw new DomainError('NOT_FOUND', '本地区没有该犯罪嫌疑人', [
      { field: '/suspectId', message: '不存在' },
    ]);
  return x;
};

const putSuspect = (s: RegionStep, next: Suspect) => {
  const all = suspectsOf(s.next);
  const suspects = all.some((x) => x.id === next.id)
    ? all.map((x) => (x.id === next.id ? next : x))
    : [...all, next];
  // The region-wide flags other tracks read (transfer_for_prosecution, the prosecution review's custody).
  s.next = {
    ...s.next,
    suspects,
    arrestPending: suspects.some((x) => x.arrestPending),
    inCustody: suspects.some((x) => inCustody(x.custody)),
  };
};

/** Ends the clock of the suspect's current custody state (the measure ended: met if in time). */
const endCustodyClock = (s: RegionStep, x: Suspect) => {
  const rule = CUSTODY_CLOCK[x.custody];
  if (rule) s.fulfil(rule, x.id);
};

/** Starts the clock of a new custody state for the suspect, today. */
const startCustodyClock = (s: RegionStep, x: Suspect, custody: CustodyState): Deadline | null => {
  const rule = CUSTODY_CLOCK[custody];
  if (!rule) return null;
  // 侦查羁押 only while the police investigate; in later stages the prosecution's or court's periods apply.
  if (rule === 'INVESTIGATION_CUSTODY' && s.next.stage !== 'police_filing') return null;
  return s.start(rule, { subjectId: x.id, inCustody: inCustody(custody) });
};

/**
 * The duties owed within 24 hours of taking a person into custody, each with its own clock keyed by the suspect:
 * after 拘留, 送看守所羁押 and 通知家属 (刑诉法 第八十五条第二款) and 讯问 (第八十六条); after 逮捕, 通知家属
 * (第九十三条第二款) and 讯问 (第九十四条). 送看守所 after an arrest is 立即 with no hour bound, so no clock.
 */
export const CUSTODY_DUTIES = ['to_detention_house', 'family_notice', 'interrogation'] as const;
export type CustodyDuty = (typeof CUSTODY_DUTIES)[number];
export const DUTY_CLOCKS: Readonly<
  Record<'detained' | 'arrested', Partial<Record<CustodyDuty, DeadlineRuleCode>>>
> = {
  detained: {
    to_detention_house: 'DETENTION_TO_CUSTODY',
    family_notice: 'DETENTION_FAMILY_NOTICE',
    interrogation: 'DETENTION_INTERROGATION',
  },
  arrested: { family_notice: 'ARREST_FAMILY_NOTICE', interrogation: 'ARREST_INTERROGATION' },
};
const DUTY_RULES = new Set<DeadlineRuleCode>(Object.values(DUTY_CLOCKS).flatMap((m) => Object.values(m)));
const DUTY_TITLE: Readonly<Record<CustodyDuty, string>> = {
  to_detention_house: '送看守所羁押',
  family_notice: '通知家属',
  interrogation: '讯问',
};
/**
 * Why the family was not notified, where the law allows it: 无法通知 (第八十五条第二款、第九十三条第二款), or, after
 * a 拘留 only, 涉嫌危害国家安全犯罪、恐怖活动犯罪 where notice may hinder the investigation (第八十五条第二款).
 */
export const FAMILY_NOT_NOTIFIED = ['unable_to_notify', 'hinders_investigation'] as const;
export type FamilyNotNotified = (typeof FAMILY_NOT_NOTIFIED)[number];

const dutyClocksOf = (custody: CustodyState) =>
  custody === 'detained' || custody === 'arrested' ? DUTY_CLOCKS[custody] : {};

/** A suspect's 24-hour duties still owed (open clocks), for the precondition. */
const owesDuty = (r: RegionState) => r.deadlines.some((d) => DUTY_RULES.has(d.rule) && isPending(d));

const moveCustody = (s: RegionStep, x: Suspect, custody: CustodyState): Suspect => {
  endCustodyClock(s, x);
  // Duties of the state left end with it (a person released within the 24 hours is not sent or questioned).
  for (const rule of Object.values(dutyClocksOf(x.custody))) s.fulfil(rule, x.id);
  const next: Suspect = { ...x, custody, custodySince: s.at, arrestExecutedAt: null };
  startCustodyClock(s, next, custody);
  // A 拘留 is the police's own act, so its duties run from it. An arrest's run from its execution
  // (execute_arrest), not from the procuratorate's approval: 第九十三条 counts 逮捕后, and the police execute
  // the approval (刑诉法 第八十条、第九十条) at a time of their own.
  if (custody === 'detained') startDutyClocks(s, next, custody);
  putSuspect(s, next);
  return next;
};

/** The 24-hour duties of a 拘留 or an executed 逮捕, counted from the action's instant (the engine's hour rules). */
const startDutyClocks = (s: RegionStep, x: Suspect, custody: 'detained' | 'arrested') => {
  for (const rule of Object.values(DUTY_CLOCKS[custody])) s.start(rule, { subjectId: x.id, inCustody: true });
};

/** Arrested by approval and not yet taken (执行逮捕 not recorded). */
const awaitsExecution = (x: Suspect) => x.custody === 'arrested' && !x.arrestExecutedAt;

/** The suspects an arrest request or decision names: by id, or (the first form of the API) by one name. */
const named = (s: RegionStep, ids: readonly string[] | undefined): Suspect[] =>
  (ids ?? []).map((sid, i) => {
    const x = suspectsOf(s.next).find((y) => y.id === sid);
    if (!x)
      throw new DomainError('NOT_FOUND', '本地区没有该犯罪嫌疑人', [
        { field: `/suspectIds/${i}`, message: '不存在' },
      ]);
    return x;
  });

const idNumberOf = (raw: string | undefined): string | null => {
  if (raw === undefined) return null;
  const n = normalizeIdentityCode(raw);
  if (!isValidIdNumber(n))
    throw new DomainError('VALIDATION_FAILED', '居民身份证号码校验位错误（GB 11643）', [
      { field: '/idNumber', message: '居民身份证号码校验位错误（GB 11643）' },
    ]);
  return n;
};

const newSuspect = (
  s: RegionStep,
  name: string,
  idNumber: string | null,
  custody: CustodyState,
): Suspect => ({
  id: s.ctx.newId(),
  name,
  idNumber,
  custody,
  custodySince: s.at,
  arrestPending: false,
  arrestRefusal: null,
  extensionRequested: null,
});

/**
 * An extension dated within the term may reach the workflow after its timer flagged the clock missed (an
 * action entered late but dated in time): the clock runs again, as kernel.extendDeadline does.
 */
const revived = (d: Deadline) =>
  d.state === 'missed' && d.endedAt === null ? { state: 'running' as const, missedAt: null } : {};

const filedOnly = (r: RegionState | undefined, what: string) =>
  anyPending(r) ?? (!r!.filed ? `尚未立案，不能${what}` : null);

// The approving level an extension of investigation custody needs (刑诉法 第一百五十六、一百五十八、一百五十九条).
const APPROVING_LEVEL = {
  next_level: '上一级人民检察院',
  provincial: '省、自治区、直辖市人民检察院',
} as const;
type ApprovingLevel = keyof typeof APPROVING_LEVEL;

// ---------------------------------------------------------------------------------------------------------
// Payloads

export interface RegisterSuspect extends Regional {
  name: string;
  idNumber?: string;
  /** The measure in force when registered; an arrest is only ever decided by the procuratorate. */
  custody: Exclude<CustodyState, 'arrested'>;
}
export interface ChangeCustody extends Regional {
  suspectId: string;
  custody: Exclude<CustodyState, 'arrested'>;
  reason: string;
}
export interface ExtendDetention extends Regional {
  suspectId: string;
  /** special_circumstances: 一日至四日; serial_group: 流窜作案、多次作案、结伙作案，延长至三十日. */
  extension: 'special_circumstances' | 'serial_group';
  days?: number;
  ground: string;
}
export interface RequestArrest extends Regional {
  /** The suspects the request names (registered with register_suspect). */
  suspectIds?: string[];
  /** One suspect by name, registered by this request (the first form of the API). */
  suspectName?: string;
  /** With suspectName: whether that suspect is detained. */
  detained?: boolean;
  offence: string;
  /** 重大、复杂: 20 days for a suspect at liberty (检察规则 第二百八十二条). */
  major?: boolean;
}
export interface DecideArrest extends Regional {
  approved: boolean;
  reason: string;
  /** The suspects decided on; all whose request is pending when absent. */
  suspectIds?: string[];
}
export interface RequestArrestReconsideration extends Regional {
  suspectId: string;
  /** reconsideration: 复议 by the same procuratorate; review: 复核 by the one above, after a 复议 upheld. */
  level: 'reconsideration' | 'review';
  reason: string;
}
export interface DecideArrestReconsideration extends Regional {
  suspectId: string;
  /** The refusal is changed: the arrest is approved. */
  changed: boolean;
  reason: string;
}
export interface RequestCustodyExtension extends Regional {
  suspectId: string;
  ground: string;
}
export interface ExtendInvestigationCustody extends Regional {
  suspectId: string;
  approved: boolean;
  /** The procuratorate that approved (or refused) it; must be the level the extension needs. */
  approvedBy: ApprovingLevel;
  ground: string;
}

export interface ExecuteArrest extends Regional {
  suspectId: string;
  /** The 逮捕证 and how it was executed (where, by whom). */
  detail: string;
}

export interface RecordCustodyDuty extends Regional {
  suspectId: string;
  duty: CustodyDuty;
  /** family_notice only: absent or true when notified; false with the lawful reason when not. */
  notified?: boolean;
  notNotifiedReason?: FamilyNotNotified;
  /** How it was done, or the facts behind the reason (公安程序规定: 注明原因). */
  detail: string;
}

const custodyEnum = {
  type: 'string',
  enum: ['detained', 'bail', 'residential_surveillance', 'released'],
} as const;
const suspectIds = { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: id } as const;

const DETENTION_STAGES = ['police_filing'] as const;

/** What putting a suspect under a measure starts: its term or arrest-request clock, and a 拘留's 24-hour duties. */
const CUSTODY_TAKEN_STARTS: DeadlineRuleCode[] = [
  'DETENTION_ARREST_REQUEST',
  'BAIL_TERM',
  'RESIDENTIAL_SURVEILLANCE_TERM',
  'DETENTION_TO_CUSTODY',
  'DETENTION_FAMILY_NOTICE',
  'DETENTION_INTERROGATION',
];

export const CUSTODY = {
  register_suspect: regionAction<RegisterSuspect>({
    title: '登记犯罪嫌疑人',
    roles: ['police'],
    leadOnly: false,
    stages: DETENTION_STAGES,
    payloadSchema: schema<RegisterSuspect>(
      {
        name: text(LIMITS.nameMax),
        idNumber: { type: 'string', minLength: 18, maxLength: 18 },
        custody: custodyEnum,
      },
      ['name', 'custody'],
      true,
    ),
    notices: [],
    startsDeadlines: CUSTODY_TAKEN_STARTS,
    stopsDeadlines: [],
    // 公安程序规定 第一百七十四条第二款: before filing no compulsory measure may be taken.
    precondition: ({ region }) => filedOnly(region, '对犯罪嫌疑人采取强制措施'),
    apply: (s, p) => {
      const x = newSuspect(s, p.name, idNumberOf(p.idNumber), p.custody);
      startCustodyClock(s, x, p.custody);
      if (p.custody === 'detained') startDutyClocks(s, x, p.custody);
      putSuspect(s, x);
    },
  }),
  change_custody: regionAction<ChangeCustody>({
    title: '变更强制措施',
    roles: ['police'],
    leadOnly: false,
    stages: DETENTION_STAGES,
    payloadSchema: schema<ChangeCustody>(
      { suspectId: id, custody: custodyEnum, reason: text() },
      ['suspectId', 'custody', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: CUSTODY_TAKEN_STARTS,
    stopsDeadlines: [
      'DETENTION_ARREST_REQUEST',
      'BAIL_TERM',
      'RESIDENTIAL_SURVEILLANCE_TERM',
      'INVESTIGATION_CUSTODY',
      'DETENTION_TO_CUSTODY',
      'DETENTION_FAMILY_NOTICE',
      'DETENTION_INTERROGATION',
      'ARREST_FAMILY_NOTICE',
      'ARREST_INTERROGATION',
    ],
    precondition: ({ region }) =>
      filedOnly(region, '变更强制措施') ?? (suspectsOf(region!).length === 0 ? '尚未登记犯罪嫌疑人' : null),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      if (x.custody === p.custody)
        throw invalidTransition(`犯罪嫌疑人${x.name}已处于${CUSTODY_TITLE[p.custody]}状态`);
      if (x.arrestPending) throw invalidTransition(`对犯罪嫌疑人${x.name}的提请批准逮捕尚在审查中`);
      moveCustody(s, x, p.custody);
    },
  }),
  extend_detention: regionAction<ExtendDetention>({
    title: '延长提请审查批准逮捕的时间',
    roles: ['police'],
    leadOnly: false,
    stages: DETENTION_STAGES,
    payloadSchema: schema<ExtendDetention>(
      {
        suspectId: id,
        extension: { type: 'string', enum: ['special_circumstances', 'serial_group'] },
        days: { type: 'integer', minimum: 1, maximum: 4 },
        ground: text(),
      },
      ['suspectId', 'extension', 'ground'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      filedOnly(region, '延长拘留期限') ??
      (suspectsOf(region!).some((x) => x.custody === 'detained') ? null : '没有被拘留的犯罪嫌疑人'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      const d = findOpen(s.next, 'DETENTION_ARREST_REQUEST', x.id);
      if (x.custody !== 'detained' || !d)
        throw invalidTransition(`犯罪嫌疑人${x.name}未被拘留，没有提请批准逮捕的期限可以延长`);
      // 刑诉法 第九十一条: the time may be extended while it runs; after it the person must be released.
      if (Date.parse(s.at) >= dueEndMs(d))
        throw invalidTransition('提请审查批准逮捕的时间已届满，不能再延长（刑诉法第九十一条）');
      if (p.days !== undefined && p.extension !== 'special_circumstances')
        throw new DomainError('VALIDATION_FAILED', '只有特殊情况的延长（一日至四日）可以指定天数', [
          { field: '/days', message: '仅用于 special_circumstances' },
        ]);
      const due = grantExtension({
        code: 'DETENTION_ARREST_REQUEST',
        extensionCode: p.extension,
        start: d.startedOn,
        unrolledDueOn: d.baseDueOn,
        granted: d.extensions,
        amount: p.days,
        rollOver: 'never',
        inCustody: true,
        calendar: s.ctx.calendar,
      });
      s.changed.push({
        ...d,
        baseDueOn: unrolledDueOf(due),
        dueOn: due.dueOn,
        rolledOverFrom: due.rolledOverFrom ?? null,
        warnings: due.warnings,
        extensions: [...d.extensions, p.extension],
        ...revived(d),
      });
    },
  }),
  request_arrest: regionAction<RequestArrest>({
    title: '提请批准逮捕',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<RequestArrest>(
      {
        suspectIds,
        suspectName: text(LIMITS.nameMax),
        detained: { type: 'boolean' },
        offence: text(LIMITS.nameMax),
        major: { type: 'boolean' },
      },
      ['offence'],
      true,
    ),
    notices: ['arrest_request'],
    startsDeadlines: ['ARREST_REVIEW'],
    stopsDeadlines: ['DETENTION_ARREST_REQUEST'],
    precondition: ({ region }) => filedOnly(region, '提请批准逮捕'),
    apply: (s, p) => {
      if ((p.suspectIds === undefined) === (p.suspectName === undefined))
        throw new DomainError(
          'VALIDATION_FAILED',
          '须以 suspectIds 或 suspectName 之一写明提请逮捕的犯罪嫌疑人',
          [{ field: '/suspectIds', message: '与 suspectName 二者取一' }],
        );
      if (p.suspectName !== undefined && p.detained === undefined)
        throw new DomainError('VALIDATION_FAILED', '以 suspectName 提请时须写明是否已被拘留', [
          { field: '/detained', message: '必填（与 suspectName 同用）' },
        ]);
      if (p.suspectIds !== undefined && p.detained !== undefined)
        throw new DomainError(
          'VALIDATION_FAILED',
          '已登记的犯罪嫌疑人的羁押状态以登记为准，不能另报 detained',
          [{ field: '/detained', message: '与 suspectIds 不能同用' }],
        );
      let suspects: Suspect[];
      if (p.suspectName !== undefined) {
        // The first form: a suspect named only here is registered by the request, with no detention clock
        // (when they were detained is not known), so the review is still keyed by the suspect.
        const known = suspectsOf(s.next).find((y) => y.name === p.suspectName && !y.arrestPending);
        const x = known ?? newSuspect(s, p.suspectName, null, p.detained ? 'detained' : 'released');
        if (!known) putSuspect(s, x);
        suspects = [x];
      } else suspects = named(s, p.suspectIds);
      for (const x of suspects) {
        if (x.arrestPending) throw invalidTransition(`对犯罪嫌疑人${x.name}已有待审查的提请批准逮捕`);
        if (x.custody === 'arrested') throw invalidTransition(`犯罪嫌疑人${x.name}已被逮捕`);
        const detained = x.custody === 'detained';
        // 检察规则 第二百八十二条: 7 days for a detained suspect; 15 for one at liberty, 20 when major.
        const { variant } = resolveCustodyVariant('ARREST_REVIEW', {
          variant: detained ? undefined : p.major ? 'not_detained_major' : undefined,
          inCustody: detained,
        });
        s.fulfil('DETENTION_ARREST_REQUEST', x.id);
        s.start('ARREST_REVIEW', {
          period: periodOf('ARREST_REVIEW', variant),
          inCustody: detained,
          subjectId: x.id,
        });
        putSuspect(s, { ...x, arrestPending: true, arrestRefusal: null });
        s.notices.push(
          notice(s.r, 'arrest_request', 'police', s.procuratorate, {
            suspectId: x.id,
            suspectName: x.name,
            detained,
            // 拘留 began on this date (the suspect's custodySince, Beijing time).
            ...(detained ? { detainedOn: shanghaiDateOf(Date.parse(x.custodySince)) } : {}),
            offence: p.offence,
            major: p.major ?? false,
          }),
        );
      }
    },
  }),
  decide_arrest: regionAction<DecideArrest>({
    title: '审查批准逮捕',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution'],
    payloadSchema: schema<DecideArrest>(
      { approved: { type: 'boolean' }, reason: text(), suspectIds },
      ['approved', 'reason'],
      true,
    ),
    notices: ['arrest_approval', 'arrest_refusal'],
    startsDeadlines: ['INVESTIGATION_CUSTODY'],
    stopsDeadlines: [
      'ARREST_REVIEW',
      'DETENTION_TO_CUSTODY',
      'DETENTION_FAMILY_NOTICE',
      'DETENTION_INTERROGATION',
    ],
    precondition: ({ region }) =>
      anyPending(region) ?? (!region!.arrestPending ? '没有待审查的提请批准逮捕' : null),
    apply: (s, p) => {
      const pending = suspectsOf(s.next).filter((x) => x.arrestPending);
      const decided = p.suspectIds === undefined ? pending : named(s, p.suspectIds);
      if (pending.length === 0) {
        // A track whose request predates suspects: the one region-wide review, as before.
        s.fulfil('ARREST_REVIEW');
        s.next = { ...s.next, arrestPending: false, inCustody: s.next.inCustody || p.approved };
        if (p.approved && s.next.stage === 'police_filing' && !findOpen(s.next, 'INVESTIGATION_CUSTODY'))
          s.start('INVESTIGATION_CUSTODY', { inCustody: true });
        s.notices.push(
          notice(s.r, p.approved ? 'arrest_approval' : 'arrest_refusal', 'procuratorate', s.police, { ...p }),
        );
        return;
      }
      for (const x of decided) {
        if (!x.arrestPending) throw invalidTransition(`对犯罪嫌疑人${x.name}没有待审查的提请批准逮捕`);
        s.fulfil('ARREST_REVIEW', x.id);
        const cleared: Suspect = { ...x, arrestPending: false };
        if (p.approved) moveCustody(s, cleared, 'arrested');
        // 刑诉法 第九十二条: a detained person is released at once when the arrest is refused.
        else if (x.custody === 'detained')
          moveCustody(s, { ...cleared, arrestRefusal: 'refused' }, 'released');
        else putSuspect(s, { ...cleared, arrestRefusal: 'refused' });
        s.notices.push(
          notice(s.r, p.approved ? 'arrest_approval' : 'arrest_refusal', 'procuratorate', s.police, {
            suspectId: x.id,
            suspectName: x.name,
            approved: p.approved,
            reason: p.reason,
          }),
        );
      }
    },
  }),
  request_arrest_reconsideration: regionAction<RequestArrestReconsideration>({
    title: '要求复议、提请复核不批准逮捕决定',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<RequestArrestReconsideration>(
      { suspectId: id, level: { type: 'string', enum: ['reconsideration', 'review'] }, reason: text() },
      ['suspectId', 'level', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: ['ARREST_DENIAL_RECONSIDERATION', 'ARREST_DENIAL_REVIEW'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      filedOnly(region, '要求复议') ??
      (suspectsOf(region!).some(
        (x) => x.arrestRefusal === 'refused' || x.arrestRefusal === 'reconsideration_upheld',
      )
        ? null
        : '没有可以要求复议或者提请复核的不批准逮捕决定'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      // 检察规则 第二百九十条: 复议 of a refusal; 第二百九十一条: 复核 by the one above after the 复议 upheld it.
      const from = p.level === 'reconsideration' ? 'refused' : 'reconsideration_upheld';
      if (x.arrestRefusal !== from)
        throw invalidTransition(
          p.level === 'reconsideration'
            ? `对犯罪嫌疑人${x.name}没有可以要求复议的不批准逮捕决定（检察规则第二百九十条）`
            : `对犯罪嫌疑人${x.name}须先经复议且复议维持不批准逮捕，才能提请上一级人民检察院复核（检察规则第二百九十一条）`,
        );
      s.start(p.level === 'reconsideration' ? 'ARREST_DENIAL_RECONSIDERATION' : 'ARREST_DENIAL_REVIEW', {
        subjectId: x.id,
      });
      putSuspect(s, {
        ...x,
        arrestRefusal: p.level === 'reconsideration' ? 'reconsideration_pending' : 'review_pending',
      });
    },
  }),
  decide_arrest_reconsideration: regionAction<DecideArrestReconsideration>({
    title: '不批准逮捕的复议、复核决定',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<DecideArrestReconsideration>(
      { suspectId: id, changed: { type: 'boolean' }, reason: text() },
      ['suspectId', 'changed', 'reason'],
      true,
    ),
    notices: [],
    startsDeadlines: ['INVESTIGATION_CUSTODY'],
    stopsDeadlines: ['ARREST_DENIAL_RECONSIDERATION', 'ARREST_DENIAL_REVIEW'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (suspectsOf(region!).some(
        (x) => x.arrestRefusal === 'reconsideration_pending' || x.arrestRefusal === 'review_pending',
      )
        ? null
        : '没有待决定的复议或者复核'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      if (x.arrestRefusal !== 'reconsideration_pending' && x.arrestRefusal !== 'review_pending')
        throw invalidTransition(`对犯罪嫌疑人${x.name}没有待决定的复议或者复核`);
      const review = x.arrestRefusal === 'review_pending';
      s.fulfil(review ? 'ARREST_DENIAL_REVIEW' : 'ARREST_DENIAL_RECONSIDERATION', x.id);
      if (p.changed) moveCustody(s, { ...x, arrestRefusal: null }, 'arrested');
      else putSuspect(s, { ...x, arrestRefusal: review ? 'final' : 'reconsideration_upheld' });
    },
  }),
  request_custody_extension: regionAction<RequestCustodyExtension>({
    title: '提请批准延长侦查羁押期限',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<RequestCustodyExtension>(
      { suspectId: id, ground: text() },
      ['suspectId', 'ground'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (suspectsOf(region!).some((x) => x.custody === 'arrested' && !x.extensionRequested)
        ? null
        : '没有可以提请延长侦查羁押期限的被逮捕的犯罪嫌疑人'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      const d = findOpen(s.next, 'INVESTIGATION_CUSTODY', x.id);
      if (x.custody !== 'arrested' || !d)
        throw invalidTransition(`犯罪嫌疑人${x.name}没有正在计算的侦查羁押期限`);
      if (x.extensionRequested) throw invalidTransition(`对犯罪嫌疑人${x.name}已提请延长，尚待批准`);
      const code = CUSTODY_EXTENSIONS.find((c) => !d.extensions.includes(c));
      if (!code) throw invalidTransition('侦查羁押期限的延长已用尽（刑诉法第一百五十六至一百五十九条）');
      // 检察规则 第三百零九条、公安程序规定 第一百四十八至一百五十条: asked for at least seven days before
      // the term ends; a request later than that is not accepted.
      const latest = computeRuleDue('CUSTODY_EXTENSION_REQUEST', d.dueOn, {
        inCustody: true,
        calendar: s.ctx.calendar,
      }).dueOn;
      if (s.today > latest)
        throw invalidTransition(
          `应当在侦查羁押期限届满七日前（${latest}前）提请批准延长（人民检察院刑事诉讼规则第三百零九条）`,
        );
      putSuspect(s, { ...x, extensionRequested: code });
    },
  }),
  extend_investigation_custody: regionAction<ExtendInvestigationCustody>({
    title: '批准延长侦查羁押期限',
    roles: ['procuratorate'],
    leadOnly: false,
    stages: ['police_filing'],
    payloadSchema: schema<ExtendInvestigationCustody>(
      {
        suspectId: id,
        approved: { type: 'boolean' },
        approvedBy: { type: 'string', enum: Object.keys(APPROVING_LEVEL) },
        ground: text(),
      },
      ['suspectId', 'approved', 'approvedBy', 'ground'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ??
      (!suspectsOf(region!).some((x) => x.extensionRequested) ? '没有待批准的延长侦查羁押期限的提请' : null),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      const code = x.extensionRequested;
      const d = findOpen(s.next, 'INVESTIGATION_CUSTODY', x.id);
      if (!code || !d) throw invalidTransition(`对犯罪嫌疑人${x.name}没有待批准的延长侦查羁押期限的提请`);
      // 刑诉法 第一百五十六条: 上一级人民检察院; 第一百五十八、一百五十九条: 省级人民检察院.
      const extension = extensionOf('INVESTIGATION_CUSTODY', code);
      if (APPROVING_LEVEL[p.approvedBy] !== extension.approvedBy)
        throw new DomainError(
          'VALIDATION_FAILED',
          `该次延长（${extension.basis}）应当由${extension.approvedBy}批准`,
          [{ field: '/approvedBy', message: `应为${extension.approvedBy}` }],
        );
      putSuspect(s, { ...x, extensionRequested: null });
      if (!p.approved) return;
      const due = grantExtension({
        code: 'INVESTIGATION_CUSTODY',
        extensionCode: code,
        start: d.startedOn,
        unrolledDueOn: d.baseDueOn,
        granted: d.extensions,
        rollOver: 'never',
        inCustody: true,
        calendar: s.ctx.calendar,
      });
      s.changed.push({
        ...d,
        baseDueOn: unrolledDueOf(due),
        dueOn: due.dueOn,
        rolledOverFrom: due.rolledOverFrom ?? null,
        warnings: due.warnings,
        extensions: [...d.extensions, code],
        ...revived(d),
      });
      s.next = { ...s.next, custodyExtensions: s.next.custodyExtensions + 1 };
    },
  }),
  execute_arrest: regionAction<ExecuteArrest>({
    title: '执行逮捕',
    roles: ['police'],
    leadOnly: false,
    // 逮捕 may be decided in 审查起诉 too (decide_arrest); the police execute it there as well.
    stages: ['police_filing', 'prosecution'],
    payloadSchema: schema<ExecuteArrest>({ suspectId: id, detail: text() }, ['suspectId', 'detail'], true),
    notices: [],
    startsDeadlines: ['ARREST_FAMILY_NOTICE', 'ARREST_INTERROGATION'],
    stopsDeadlines: [],
    precondition: ({ region }) =>
      anyPending(region) ?? (suspectsOf(region!).some(awaitsExecution) ? null : '没有已批准、尚未执行的逮捕'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      if (!awaitsExecution(x))
        throw invalidTransition(
          x.custody === 'arrested'
            ? `对犯罪嫌疑人${x.name}的逮捕已经执行`
            : `犯罪嫌疑人${x.name}没有已批准的逮捕`,
        );
      // 刑诉法 第九十三条第二款 (通知家属) and 第九十四条 (讯问): within 24 hours of the arrest.
      const next: Suspect = { ...x, arrestExecutedAt: s.at };
      startDutyClocks(s, next, 'arrested');
      putSuspect(s, next);
    },
  }),
  record_custody_duty: regionAction<RecordCustodyDuty>({
    title: '登记拘留、逮捕后二十四小时内的法定事项',
    roles: ['police'],
    leadOnly: false,
    // 逮捕 may be decided in 审查起诉 too (decide_arrest); its duties are recorded there as well.
    stages: ['police_filing', 'prosecution'],
    payloadSchema: schema<RecordCustodyDuty>(
      {
        suspectId: id,
        duty: { type: 'string', enum: [...CUSTODY_DUTIES] },
        notified: { type: 'boolean' },
        notNotifiedReason: { type: 'string', enum: [...FAMILY_NOT_NOTIFIED] },
        detail: text(),
      },
      ['suspectId', 'duty', 'detail'],
      true,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [...DUTY_RULES],
    precondition: ({ region }) =>
      anyPending(region) ?? (owesDuty(region!) ? null : '没有待履行的拘留、逮捕后二十四小时内的法定事项'),
    apply: (s, p) => {
      const x = suspect(s, p.suspectId);
      const rule = dutyClocksOf(x.custody)[p.duty];
      const d = rule ? findOpen(s.next, rule, x.id) : undefined;
      if (!rule || !d)
        throw invalidTransition(
          `犯罪嫌疑人${x.name}没有待履行的「${DUTY_TITLE[p.duty]}」（刑诉法第八十五、八十六、九十三、九十四条）`,
        );
      const notNotified = p.notified === false;
      if (p.duty !== 'family_notice' && (p.notified !== undefined || p.notNotifiedReason !== undefined))
        throw new DomainError('VALIDATION_FAILED', '是否通知家属只用于 family_notice', [
          { field: p.notified !== undefined ? '/notified' : '/notNotifiedReason', message: '仅用于通知家属' },
        ]);
      if (notNotified !== (p.notNotifiedReason !== undefined))
        throw new DomainError('VALIDATION_FAILED', '未通知家属时须写明法定事由，已通知时不写', [
          { field: '/notNotifiedReason', message: notNotified ? '未通知家属时必填' : '已通知家属时不填' },
        ]);
      // 第九十三条第二款 excepts only 无法通知 after an arrest; 有碍侦查 is 拘留's, for the offences it names.
      if (p.notNotifiedReason === 'hinders_investigation' && x.custody !== 'detained')
        throw new DomainError(
          'VALIDATION_FAILED',
          '逮捕后只有无法通知的才可以不通知家属（刑诉法第九十三条第二款）',
          [{ field: '/notNotifiedReason', message: '逮捕后只能是 unable_to_notify' }],
        );
      // The duty is discharged when done, or when the law excuses it and the reason is recorded.
      s.changed.push(fulfilDeadline(d, s.at, s.name));
      const entry = {
        duty: p.duty,
        custody: x.custody,
        at: s.at,
        ...(p.duty === 'family_notice' ? { notified: !notNotified } : {}),
        ...(p.notNotifiedReason ? { notNotifiedReason: p.notNotifiedReason } : {}),
      };
      putSuspect(s, { ...x, duties: [...(x.duties ?? []), entry] });
    },
  }),
};
