// 行政处置：《防范和处置非法集资条例》（国务院令第737号，2021-05-01施行）的行政程序 (docs/decisions/0017).
// 调查 (第十九条至第二十一条) → 暂停 (第二十二条) → 认定 (第二十三条第一款: 经调查认定属于非法集资的) → 责令停止、
// 移送 (第二十三条) → 查封、扣押 (第二十四条第一款第一项; 行政强制法 第二十五条) → 清退 (第二十五条、第二十六条) →
// 处罚 (第三十条至第三十三条); 限制出境 (第二十四条第一款第三项) only as a request to the level that decides it.
// A finding that it is not illegal fundraising ends the track with a record; a criminal referral needs no
// finding first (第二十三条第二款). Each action's entry, payload, schema, precondition and transition side by side.
import {
  type CaseStep,
  type Common,
  ANY_OPEN,
  caseAction,
  extendDeadline,
  fen,
  fulfilDeadline,
  id,
  leadOfficeOf,
  names,
  schema,
  startDeadline,
  text,
} from './kernel';
import type { CaseState, NoticeRequest, Subject } from '../case.types';
import { DomainError, invalidTransition } from '../errors';
import { extensionOf } from '../deadlines';
import { isValidCreditCode, isValidIdNumber } from '../identity';
import { LIMITS, SUBJECT_KINDS, regionByCode } from '../reference';
import { isPending } from '../deadline-state';

const TIAOLI = '《防范和处置非法集资条例》';

/** 调查措施 (条例 第二十一条第一款各项). */
export const INVESTIGATION_MEASURES = {
  enter_premises: `${TIAOLI}第二十一条第一款第一项（进入涉嫌非法集资的场所调查取证）`,
  question: `${TIAOLI}第二十一条第一款第二项（询问有关单位和个人，要求其对有关事项作出说明）`,
  inspect_copy: `${TIAOLI}第二十一条第一款第三项（查阅、复制有关文件、资料、电子数据）`,
  seal_up_records: `${TIAOLI}第二十一条第一款第三项（对可能被转移、隐匿或者毁损的文件、资料、电子设备予以封存）`,
  query_accounts: `${TIAOLI}第二十一条第一款第四项（经处置非法集资牵头部门主要负责人批准，依法查询有关账户）`,
} as const;
export type InvestigationMeasure = keyof typeof INVESTIGATION_MEASURES;

/** 清退集资资金来源 (条例 第二十六条各项); helpers' fees and commissions are item 5. */
export const REFUND_SOURCES = {
  fund_balance: '非法集资资金余额',
  fund_proceeds: '非法集资资金的收益或者转换的其他资产及其收益',
  insider_benefits:
    '非法集资人及其股东、实际控制人、董事、监事、高级管理人员和其他相关人员从非法集资中获得的经济利益',
  concealed_assets: '非法集资人隐匿、转移的非法集资资金或者相关资产',
  helper_fees: '在非法集资中获得的广告费、代言费、代理费、好处费、返点费、佣金、提成等经济利益',
  other: '可以作为清退集资资金的其他资金或者资产',
} as const;
export type RefundSource = keyof typeof REFUND_SOURCES;

/** Who a penalty is imposed on, and the range the Regulation allows (条例 第三十条、第三十一条). */
export const PENALTY_PARTIES = {
  fundraiser: `${TIAOLI}第三十条第一款（集资金额20%以上1倍以下的罚款）`,
  responsible_person: `${TIAOLI}第三十条第一款（给予警告，处50万元以上500万元以下的罚款）`,
  helper: `${TIAOLI}第三十一条（给予警告，处违法所得1倍以上3倍以下的罚款）`,
} as const;
export type PenaltyParty = keyof typeof PENALTY_PARTIES;

export interface AdminSeizure {
  id: string;
  items: string;
  seizedAt: string;
  state: 'seized' | 'released';
}
export interface AdminRefund {
  id: string;
  source: RefundSource;
  amountFen: number;
  payer: string;
  at: string;
}
export interface AdminPenalty {
  id: string;
  party: PenaltyParty;
  name: string;
  amountFen: number;
  paidFen: number;
  decidedAt: string;
  /** 条例 第三十三条: every party penalised under the Regulation gets a credit record. */
  creditRecorded: true;
}
export interface ExitRestrictionRequest {
  id: string;
  personName: string;
  requestedAt: string;
  /** Decided by the 设区的市级以上 处置非法集资牵头部门 (条例 第二十四条第一款第三项), recorded when it answers. */
  decision: 'pending' | 'granted' | 'refused';
}

/** The administrative track of a case, beside the phases (it may run while the police investigate). */
export interface AdministrativeState {
  /** Subjects named so far: 0 for a township's lead that names nobody yet (null: unknown, a case opened before). */
  subjectCount: number | null;
  investigation: { openedAt: string; measures: InvestigationMeasure[]; suspended: boolean } | null;
  finding: { at: string; illegal: boolean } | null;
  stopOrderedAt: string | null;
  /** The track ended: found not to be illegal fundraising (第二十三条 reversed), with its record. */
  endedAt: string | null;
  seizures: AdminSeizure[];
  refunds: AdminRefund[];
  refundCompletedAt: string | null;
  penalties: AdminPenalty[];
  exitRestrictions: ExitRestrictionRequest[];
}

export const newAdministrativeState = (subjectCount: number | null): AdministrativeState => ({
  subjectCount,
  investigation: null,
  finding: null,
  stopOrderedAt: null,
  endedAt: null,
  seizures: [],
  refunds: [],
  refundCompletedAt: null,
  penalties: [],
  exitRestrictions: [],
});

/** The case's administrative track; a case opened before it existed has an empty one with subjects unknown. */
export const adminOf = (c: CaseState): AdministrativeState => c.admin ?? newAdministrativeState(null);

/** Refusal when a notice needs an addressee and no subject is named yet (issue 13 item 17). */
export const subjectsMissing = (c: CaseState): string | null =>
  adminOf(c).subjectCount === 0
    ? '尚未确定涉案主体：请先补录涉案主体（add_subjects），再制发需要主送对象的文书'
    : null;

const illegalFound = (c: CaseState): string | null => {
  const a = adminOf(c);
  if (a.endedAt) return '已认定不属于非法集资，行政处置已终结';
  if (!a.finding) return `尚未经调查认定属于非法集资（${TIAOLI}第二十三条第一款）`;
  return a.finding.illegal ? null : '已认定不属于非法集资';
};
const trackOpen = (c: CaseState): string | null =>
  adminOf(c).endedAt ? '已认定不属于非法集资，行政处置已终结' : null;
const first = (...reasons: (string | null)[]) => reasons.find((r) => r !== null) ?? null;

const setAdmin = (s: CaseStep, patch: Partial<AdministrativeState>) => {
  s.next = { ...s.next, admin: { ...adminOf(s.next), ...patch } };
};
const toSubjects = (s: CaseStep, kind: NoticeRequest['kind'], facts: Record<string, unknown>) => {
  const n: NoticeRequest = {
    kind,
    issuerRole: 'financial_office',
    regionCode: s.lead,
    addressee: { text: 'subjects' },
    copyTo: [],
    facts,
  };
  s.notices.push(n);
  return n;
};

export interface OpenInvestigation extends Common {
  grounds: string;
  /** 调查人员不得少于2人 (条例 第二十一条第二款). */
  investigators: string[];
}
export interface RecordInvestigationMeasure extends Common {
  measure: InvestigationMeasure;
  description: string;
  investigators: string[];
  /** query_accounts: 经处置非法集资牵头部门主要负责人批准 (第二十一条第一款第四项). */
  headApproved?: boolean;
}
export interface SuspendFundraising extends Common {
  reason: string;
  /** 通知市场监督管理部门暂停办理设立、变更或者注销登记 (第二十二条). */
  suspendRegistration: boolean;
}
export interface MakeFinding extends Common {
  illegal: boolean;
  findings: string;
}
export interface OrderStop extends Common {
  conduct: string;
}
export interface SeizeAssets extends Common {
  items: string;
  /** 经处置非法集资牵头部门主要负责人批准 (第二十四条第二款). */
  headApproved: boolean;
}
export interface ExtendSeizure extends Common {
  seizureId: string;
  reason: string;
}
export interface ReleaseSeizure extends Common {
  seizureId: string;
  reason: string;
}
export interface RecordRefund extends Common {
  source: RefundSource;
  amountFen: number;
  payer: string;
}
export interface CompleteRefund extends Common {
  summary: string;
}
export interface ImposePenalty extends Common {
  party: PenaltyParty;
  name: string;
  amountFen: number;
  /** 集资金额 (fundraiser) or 违法所得 (helper): what the range is a multiple of; not for a responsible person. */
  baseFen?: number;
}
export interface RecordFinePayment extends Common {
  penaltyId: string;
  amountFen: number;
  /** The party can meet both the refund and the fine (第三十二条 puts refunds first only when it cannot). */
  canPayBoth: boolean;
}
export interface RequestExitRestriction extends Common {
  personName: string;
  /** No identity number: it would travel in the workflow's history; the prefecture reads it from the file. */
  position: string;
  reason: string;
}
export interface RecordExitRestrictionDecision extends Common {
  requestId: string;
  granted: boolean;
}
export interface AddSubjects extends Common {
  subjects: Subject[];
}

const ADMIN_STAGES = ['detection', 'early_warning'] as const;
const WAN = 1_000_000; // 1万元 in 分

const subjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    kind: { type: 'string', enum: Object.keys(SUBJECT_KINDS) },
    name: text(LIMITS.nameMax),
    creditCode: { type: 'string', minLength: 18, maxLength: 18 },
    idNumber: { type: 'string', minLength: 18, maxLength: 18 },
  },
} as const;

export const ADMINISTRATIVE = {
  add_subjects: caseAction<AddSubjects>({
    title: '补录涉案主体',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<AddSubjects>(
      { subjects: { type: 'array', minItems: 1, maxItems: LIMITS.subjectsMax, items: subjectSchema } },
      ['subjects'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      const errors = p.subjects.flatMap((x, i) => [
        ...(x.kind === 'legal_person' && !x.creditCode
          ? [{ field: `/subjects/${i}/creditCode`, message: '法人须填写统一社会信用代码' }]
          : []),
        ...(x.creditCode && !isValidCreditCode(x.creditCode)
          ? [{ field: `/subjects/${i}/creditCode`, message: '统一社会信用代码校验位错误（GB 32100）' }]
          : []),
        ...(x.idNumber && !isValidIdNumber(x.idNumber)
          ? [{ field: `/subjects/${i}/idNumber`, message: '居民身份证号码校验位错误（GB 11643）' }]
          : []),
      ]);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', '涉案主体校验未通过', errors);
      const known = adminOf(s.next).subjectCount;
      setAdmin(s, { subjectCount: known === null ? null : known + p.subjects.length });
    },
  }),
  open_investigation: caseAction<OpenInvestigation>({
    title: '组织调查涉嫌非法集资行为',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<OpenInvestigation>(
      { grounds: text(), investigators: { ...names, minItems: 2 } },
      ['grounds', 'investigators'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      first(trackOpen(caseState), adminOf(caseState).investigation ? '调查已经开始' : null),
    apply: (s, _p) => {
      setAdmin(s, { investigation: { openedAt: s.at, measures: [], suspended: false } });
    },
  }),
  record_investigation_measure: caseAction<RecordInvestigationMeasure>({
    title: '记录调查措施',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<RecordInvestigationMeasure>(
      {
        measure: { type: 'string', enum: Object.keys(INVESTIGATION_MEASURES) },
        description: text(),
        investigators: { ...names, minItems: 2 },
        headApproved: { type: 'boolean', nullable: true },
      },
      ['measure', 'description', 'investigators'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      first(trackOpen(caseState), adminOf(caseState).investigation ? null : '尚未组织调查'),
    apply: (s, p) => {
      if (p.measure === 'query_accounts' && p.headApproved !== true) {
        throw new DomainError('VALIDATION_FAILED', '查询账户须经处置非法集资牵头部门主要负责人批准', [
          { field: '/headApproved', message: `${INVESTIGATION_MEASURES.query_accounts}` },
        ]);
      }
      const inv = adminOf(s.next).investigation!;
      setAdmin(s, { investigation: { ...inv, measures: [...inv.measures, p.measure] } });
    },
  }),
  suspend_fundraising: caseAction<SuspendFundraising>({
    title: '要求暂停集资行为',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<SuspendFundraising>(
      { reason: text(), suspendRegistration: { type: 'boolean' } },
      ['reason', 'suspendRegistration'],
      false,
    ),
    notices: ['fundraising_suspension'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => {
      const inv = adminOf(caseState).investigation;
      return first(
        trackOpen(caseState),
        // 第二十二条: the power to pause belongs to the investigation (对涉嫌非法集资行为组织调查，有权要求暂停集资行为).
        inv ? null : `暂停集资行为须在组织调查期间作出（${TIAOLI}第二十二条）`,
        inv?.suspended ? '已经要求暂停集资行为' : null,
        adminOf(caseState).finding ? '已作出认定，无需暂停' : null,
        subjectsMissing(caseState),
      );
    },
    apply: (s, p) => {
      const inv = adminOf(s.next).investigation!;
      setAdmin(s, { investigation: { ...inv, suspended: true } });
      const n = toSubjects(s, 'fundraising_suspension', { ...p });
      if (p.suspendRegistration) n.copyTo.push({ text: `${s.lead}市场监督管理局` });
    },
  }),
  make_finding: caseAction<MakeFinding>({
    title: '作出是否属于非法集资的认定',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<MakeFinding>(
      { illegal: { type: 'boolean' }, findings: text() },
      ['illegal', 'findings'],
      false,
    ),
    notices: ['investigation_finding'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => {
      const a = adminOf(caseState);
      return first(
        trackOpen(caseState),
        a.investigation ? null : `认定须经调查（${TIAOLI}第十九条、第二十三条第一款：经调查认定）`,
        a.investigation && a.investigation.measures.length === 0 ? '尚未记录任何调查措施' : null,
        a.finding ? '已经作出认定' : null,
        subjectsMissing(caseState),
      );
    },
    apply: (s, p) => {
      setAdmin(s, { finding: { at: s.at, illegal: p.illegal } });
      toSubjects(s, 'investigation_finding', { ...p });
      if (!p.illegal) {
        // Not illegal fundraising: the administrative track ends with this record, and with nothing else
        // running in these phases, the case is closed.
        setAdmin(s, { endedAt: s.at });
        s.moveTo('closed');
      }
    },
  }),
  order_stop: caseAction<OrderStop>({
    title: '责令立即停止集资行为',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<OrderStop>({ conduct: text() }, ['conduct'], false),
    notices: ['stop_order'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      first(
        illegalFound(caseState),
        adminOf(caseState).stopOrderedAt ? '已经责令停止' : null,
        subjectsMissing(caseState),
      ),
    apply: (s, p) => {
      setAdmin(s, { stopOrderedAt: s.at });
      toSubjects(s, 'stop_order', { findings: p.conduct, ...p });
      // From detection the case is now under administrative handling (预警与行政处置).
      if (s.state.phase === 'detection') s.moveTo('early_warning');
    },
  }),
  seize_assets: caseAction<SeizeAssets>({
    title: '查封、扣押有关资产（行政）',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<SeizeAssets>(
      { items: text(), headApproved: { type: 'boolean' } },
      ['items', 'headApproved'],
      false,
    ),
    notices: ['admin_seizure'],
    startsDeadlines: ['ADMIN_SEIZURE'],
    stopsDeadlines: [],
    precondition: ({ caseState }) => first(illegalFound(caseState), subjectsMissing(caseState)),
    apply: (s, p) => {
      if (!p.headApproved) {
        throw new DomainError('VALIDATION_FAILED', '查封、扣押须经处置非法集资牵头部门主要负责人批准', [
          { field: '/headApproved', message: `${TIAOLI}第二十四条第二款` },
        ]);
      }
      const seizureId = s.ctx.newId();
      const d = startDeadline('ADMIN_SEIZURE', {
        start: s.today,
        regionCode: null,
        subjectId: seizureId,
        newId: s.ctx.newId,
        calendar: s.ctx.calendar,
      });
      s.deadlines.push(d);
      const a = adminOf(s.next);
      setAdmin(s, {
        seizures: [...a.seizures, { id: seizureId, items: p.items, seizedAt: s.at, state: 'seized' }],
      });
      toSubjects(s, 'admin_seizure', { ...p, seizureId, dueOn: d.dueOn, extension: false });
    },
  }),
  extend_seizure: caseAction<ExtendSeizure>({
    title: '延长行政查封、扣押期限',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<ExtendSeizure>({ seizureId: id, reason: text() }, ['seizureId', 'reason'], false),
    notices: ['admin_seizure'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      adminOf(caseState).seizures.some((x) => x.state === 'seized') ? null : '没有查封、扣押中的资产',
    apply: (s, p) => {
      const seizure = adminOf(s.next).seizures.find((x) => x.id === p.seizureId);
      if (!seizure) throw new DomainError('NOT_FOUND', '查封、扣押记录不存在');
      const d = s.next.deadlines.find((x) => x.rule === 'ADMIN_SEIZURE' && x.subjectId === seizure.id);
      if (!d || !isPending(d) || seizure.state !== 'seized')
        throw invalidTransition('该查封、扣押已经解除或期满');
      // 行政强制法 第二十五条第一款: 情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日 (once).
      const moved = extendDeadline(d, extensionOf('ADMIN_SEIZURE', 'complex'), s.ctx.calendar);
      s.deadlines.push(moved);
      // 第二十五条第二款: 延长查封、扣押的决定应当及时书面告知当事人，并说明理由.
      toSubjects(s, 'admin_seizure', { ...p, items: seizure.items, dueOn: moved.dueOn, extension: true });
    },
  }),
  release_seizure: caseAction<ReleaseSeizure>({
    title: '解除行政查封、扣押',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<ReleaseSeizure>({ seizureId: id, reason: text() }, ['seizureId', 'reason'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['ADMIN_SEIZURE'],
    precondition: ({ caseState }) =>
      adminOf(caseState).seizures.some((x) => x.state === 'seized') ? null : '没有查封、扣押中的资产',
    apply: (s, p) => {
      const a = adminOf(s.next);
      const seizure = a.seizures.find((x) => x.id === p.seizureId);
      if (!seizure) throw new DomainError('NOT_FOUND', '查封、扣押记录不存在');
      if (seizure.state !== 'seized') throw invalidTransition('该查封、扣押已经解除');
      const d = s.next.deadlines.find((x) => x.rule === 'ADMIN_SEIZURE' && x.subjectId === seizure.id);
      if (d && isPending(d)) s.deadlines.push(fulfilDeadline(d, s.at, s.name));
      setAdmin(s, {
        seizures: a.seizures.map((x) => (x.id === seizure.id ? { ...x, state: 'released' as const } : x)),
      });
    },
  }),
  record_refund: caseAction<RecordRefund>({
    title: '记录清退集资资金（监督清退）',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<RecordRefund>(
      {
        source: { type: 'string', enum: Object.keys(REFUND_SOURCES) },
        amountFen: { ...fen, minimum: 1 },
        payer: text(LIMITS.nameMax),
      },
      ['source', 'amountFen', 'payer'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      first(
        illegalFound(caseState),
        // 清退 is by the fundraiser once ordered to stop (第二十三条、第二十五条第一款), under the lead's supervision.
        adminOf(caseState).stopOrderedAt ? null : '尚未责令停止集资行为',
        adminOf(caseState).refundCompletedAt ? '清退已经完成' : null,
      ),
    apply: (s, p) => {
      const a = adminOf(s.next);
      const refund: AdminRefund = { id: s.ctx.newId(), ...pick(p), at: s.at };
      setAdmin(s, { refunds: [...a.refunds, refund] });
    },
  }),
  complete_refund: caseAction<CompleteRefund>({
    title: '清退完毕',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<CompleteRefund>({ summary: text() }, ['summary'], false),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => {
      const a = adminOf(caseState);
      return first(
        illegalFound(caseState),
        a.refundCompletedAt ? '清退已经完成' : null,
        a.refunds.length === 0 ? '尚无清退记录' : null,
      );
    },
    apply: (s, _p) => setAdmin(s, { refundCompletedAt: s.at }),
  }),
  impose_penalty: caseAction<ImposePenalty>({
    title: '作出行政处罚决定',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<ImposePenalty>(
      {
        party: { type: 'string', enum: Object.keys(PENALTY_PARTIES) },
        name: text(LIMITS.nameMax),
        amountFen: { ...fen, minimum: 1 },
        baseFen: { ...fen, nullable: true },
      },
      ['party', 'name', 'amountFen'],
      false,
    ),
    notices: ['administrative_penalty'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => first(illegalFound(caseState), subjectsMissing(caseState)),
    apply: (s, p) => {
      checkPenaltyRange(p);
      const a = adminOf(s.next);
      const penalty: AdminPenalty = {
        id: s.ctx.newId(),
        party: p.party,
        name: p.name,
        amountFen: p.amountFen,
        paidFen: 0,
        decidedAt: s.at,
        creditRecorded: true,
      };
      setAdmin(s, { penalties: [...a.penalties, penalty] });
      toSubjects(s, 'administrative_penalty', {
        ...p,
        penaltyId: penalty.id,
        basis: PENALTY_PARTIES[p.party],
        refundPending: a.refundCompletedAt === null,
      });
    },
  }),
  record_fine_payment: caseAction<RecordFinePayment>({
    title: '记录罚款缴纳',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<RecordFinePayment>(
      { penaltyId: id, amountFen: { ...fen, minimum: 1 }, canPayBoth: { type: 'boolean' } },
      ['penaltyId', 'amountFen', 'canPayBoth'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => (adminOf(caseState).penalties.length ? null : '尚无行政处罚决定'),
    apply: (s, p) => {
      const a = adminOf(s.next);
      const penalty = a.penalties.find((x) => x.id === p.penaltyId);
      if (!penalty) throw new DomainError('NOT_FOUND', '行政处罚决定不存在');
      // 条例 第三十二条: 不能同时履行所承担的清退集资资金和缴纳罚款义务时，先清退集资资金.
      if (!p.canPayBoth && a.refundCompletedAt === null) {
        throw invalidTransition(`清退集资资金尚未完成，应先清退后缴纳罚款（${TIAOLI}第三十二条）`);
      }
      if (penalty.paidFen + p.amountFen > penalty.amountFen) {
        throw new DomainError('VALIDATION_FAILED', '缴纳金额超过罚款数额', [
          { field: '/amountFen', message: `尚欠 ${penalty.amountFen - penalty.paidFen} 分` },
        ]);
      }
      setAdmin(s, {
        penalties: a.penalties.map((x) =>
          x.id === penalty.id ? { ...x, paidFen: x.paidFen + p.amountFen } : x,
        ),
      });
    },
  }),
  request_exit_restriction: caseAction<RequestExitRestriction>({
    title: '提请限制出境',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ADMIN_STAGES,
    payloadSchema: schema<RequestExitRestriction>(
      {
        personName: text(LIMITS.nameMax),
        position: text(LIMITS.nameMax),
        reason: text(),
      },
      ['personName', 'position', 'reason'],
      false,
    ),
    notices: ['exit_restriction_request'],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) => illegalFound(caseState),
    apply: (s, p) => {
      // 第二十四条第一款第三项: 经设区的市级以上地方人民政府处置非法集资牵头部门决定 — a county cannot decide it;
      // it asks the prefecture's lead department (勐海县 → 西双版纳州), which notifies the border inspection.
      const parent = regionByCode(s.lead)?.parentCode;
      if (!parent || !regionByCode(parent)) throw invalidTransition('本地区没有上一级处置非法集资牵头部门');
      const a = adminOf(s.next);
      const req: ExitRestrictionRequest = {
        id: s.ctx.newId(),
        personName: p.personName,
        requestedAt: s.at,
        decision: 'pending',
      };
      setAdmin(s, { exitRestrictions: [...a.exitRestrictions, req] });
      s.notices.push({
        kind: 'exit_restriction_request',
        issuerRole: 'financial_office',
        regionCode: s.lead,
        addressee: leadOfficeOf(parent),
        copyTo: [],
        facts: { personName: p.personName, position: p.position, reason: p.reason, requestId: req.id },
      });
    },
  }),
  record_exit_restriction_decision: caseAction<RecordExitRestrictionDecision>({
    title: '记录上级限制出境决定',
    roles: ['financial_office'],
    leadOnly: true,
    stages: ANY_OPEN,
    payloadSchema: schema<RecordExitRestrictionDecision>(
      { requestId: id, granted: { type: 'boolean' } },
      ['requestId', 'granted'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    precondition: ({ caseState }) =>
      adminOf(caseState).exitRestrictions.some((x) => x.decision === 'pending')
        ? null
        : '没有待决的限制出境提请',
    apply: (s, p) => {
      const a = adminOf(s.next);
      const req = a.exitRestrictions.find((x) => x.id === p.requestId);
      if (!req) throw new DomainError('NOT_FOUND', '限制出境提请不存在');
      if (req.decision !== 'pending') throw invalidTransition('该提请已有决定');
      const decision = p.granted ? ('granted' as const) : ('refused' as const);
      setAdmin(s, {
        exitRestrictions: a.exitRestrictions.map((x) => (x.id === req.id ? { ...x, decision } : x)),
      });
    },
  }),
};

const pick = (p: RecordRefund) => ({ source: p.source, amountFen: p.amountFen, payer: p.payer });

/** The ranges of 条例 第三十条、第三十一条, in 分; refused with the failing field. */
export function checkPenaltyRange(p: Pick<ImposePenalty, 'party' | 'amountFen' | 'baseFen'>): void {
  const fail = (field: string, message: string) => {
    throw new DomainError('VALIDATION_FAILED', `罚款数额不在法定幅度内：${PENALTY_PARTIES[p.party]}`, [
      { field, message },
    ]);
  };
  if (p.party === 'responsible_person') {
    if (p.amountFen < 50 * WAN || p.amountFen > 500 * WAN) fail('/amountFen', '应为50万元以上500万元以下');
    return;
  }
  if (p.baseFen === undefined || p.baseFen === null || p.baseFen <= 0) {
    fail('/baseFen', p.party === 'fundraiser' ? '须填写集资金额' : '须填写违法所得');
    return;
  }
  const base = p.baseFen;
  // fundraiser: 20% to 1×; helper: 1× to 3× (integer 分: 20% is base/5, rounded up so the floor is never under).
  const [min, max] = p.party === 'fundraiser' ? [Math.ceil(base / 5), base] : [base, base * 3];
  if (p.amountFen < min || p.amountFen > max) {
    fail(
      '/amountFen',
      p.party === 'fundraiser' ? '应为集资金额20%以上1倍以下' : '应为违法所得1倍以上3倍以下',
    );
  }
}
