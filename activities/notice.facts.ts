// Maps what an action recorded (its payload and the machine's facts) to the typed facts each notice
// template prints. Anything the template needs that the action did not carry comes from the case, or
// from the law (e.g. the 15-day petition acknowledgement), never from invention.
import { addDays, shanghaiDateOf } from '../domain/calendar';
import { DEADLINE_RULES, type DeadlineRuleCode, freezeTermMonths } from '../domain/deadlines';
import { DomainError } from '../domain/errors';
import { maskBankAccount, maskCertificateNo, maskIdNumber, normalizeIdentityCode } from '../domain/identity';
import { personalMatch } from '../db/sealing';
import { type NoticeKind, type SecondInstanceOutcome, formatFenAsYuan } from '../domain/notices';
import type {
  FenValue,
  NoticeFactsByKind,
  PropertyDisposition,
  RefundNoticeFacts,
} from '../templates/notice-data';

export interface FactsContext {
  issuedOn: string;
  addressee: string;
  regionName: string;
  issuerName: string;
  unitName: (role: string) => string;
  caseInfo: {
    title: string;
    summary: string | null;
    estimatedAmountFen: number | null;
    estimatedParticipants: number | null;
    subjects: { kind: string; name: string }[];
    regionNames: string[];
  };
  /**
   * The latest earlier notice of a kind in this case and region, for references such as 移送书 numbers;
   * `match` narrows it by the facts that notice was rendered with (which account a 续冻 continues).
   */
  latest: (
    kind: NoticeKind,
    match?: (facts: Facts) => boolean,
  ) => { docNo: string; issuedOn: string; facts: Facts } | null;
  /** On a correction only: the notice it corrects. */
  corrected: { title: string } | null;
  /** The name of the unit of `role` in the parent region of the acting one (the court an appeal goes to). */
  parentUnitName: (role: string) => string | null;
  /** On a court document: its 案号 and, on the second instance, the first instance's (db/court-case.repository). */
  courtCaseNo: { own: string; firstInstance: string | null } | null;
}

/** How each disposition is printed (刑诉解释 art.444: what happens to each item; art.445: 返还 or 没收). */
const DISPOSITION_LABEL: Record<PropertyDisposition, string> = {
  return: '按照集资参与人的集资额比例返还',
  confiscate: '没收，上缴国库',
  continue_recovery: '继续追缴',
  order_compensation: '责令退赔',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- action payloads are validated upstream by their schemas
type Facts = Record<string, any>;

const lines = (s: unknown): string[] =>
  (typeof s === 'string' ? s : '')
    .split(/[\n；;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' && v.length > 0 ? v : fallback);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const controllerOf = (c: FactsContext) =>
  c.caseInfo.subjects.find((s) => s.kind === 'actual_controller')?.name ?? c.caseInfo.subjects[0]?.name ?? '';
const CHANNEL_LABEL: Record<string, string> = {
  visit: '来访',
  letter: '来信',
  phone: '电话',
  online: '网上信访',
};
const LEGAL_BODY_LABEL: Record<string, string> = {
  police: '公安机关',
  procuratorate: '人民检察院',
  court: '人民法院',
};
const ASSET_LABEL: Record<string, string> = { deposit: '银行存款', securities: '证券', equity: '股权' };
const PENALTY_PARTY_LABEL: Record<string, string> = {
  fundraiser: '非法集资人',
  responsible_person: '非法集资单位的直接负责的主管人员或者其他直接责任人员',
  helper: '非法集资协助人',
};
const STAGE_LABEL: Record<string, string> = {
  pending: '尚未移送',
  police_filing: '立案侦查',
  prosecution: '审查起诉',
  trial: '审判',
  ended: '本地区诉讼阶段已结束',
};

export function buildFacts<K extends NoticeKind>(kind: K, f: Facts, c: FactsContext): NoticeFactsByKind[K] {
  const amount = c.caseInfo.estimatedAmountFen ?? 0;
  const participants = c.caseInfo.estimatedParticipants ?? 0;
  const summary = c.caseInfo.summary ?? c.caseInfo.title;
  const referral = c.latest('criminal_transfer');
  const byKind: { [P in NoticeKind]: () => NoticeFactsByKind[P] } = {
    early_warning: () => ({
      riskFindings: lines(f.findings),
      replyDueOn: addDays(c.issuedOn, 15),
      contactPhone: '',
    }),
    interview: () => ({
      intervieweeName: controllerOf(c),
      interviewOn: f.interviewAt ? String(f.interviewAt).slice(0, 10) : addDays(c.issuedOn, 3),
      interviewTime: f.interviewAt
        ? `${Number(String(f.interviewAt).slice(11, 13))}时${Number(String(f.interviewAt).slice(14, 16))}分`
        : '上午9时',
      place: str(f.interviewPlace, c.issuerName),
      matters: lines(f.findings),
      materials: ['营业执照副本', '法定代表人身份证明', '资金募集及使用情况说明'],
      contactPhone: '',
    }),
    stop_order: () => ({
      conduct: str(f.findings),
      requiredActions: ['立即停止非法集资行为', '妥善保管资金、账册和有关资料', '配合做好清退工作'],
      reportDueOn: addDays(c.issuedOn, 10),
      reconsiderationBody: `${c.regionName}人民政府`,
      litigationCourt: `${c.regionName}人民法院`,
    }),
    criminal_transfer: () => ({
      suspectedOffence: str(f.suspectedOffence),
      factsSummary: str(f.findings, summary),
      amountRaisedFen: amount,
      participantCount: participants,
    }),
    filing_decision: () => ({
      receivedOn: referral?.issuedOn ?? c.issuedOn,
      caseSource: referral ? `${c.unitName('financial_office')}移送` : '受理报案',
      referralDocNo: referral?.docNo ?? null,
      suspectedOffence: str(f.offence),
    }),
    non_filing: () => ({
      receivedOn: referral?.issuedOn ?? c.issuedOn,
      caseSource: referral ? `${c.unitName('financial_office')}移送` : '受理报案',
      referralDocNo: referral?.docNo ?? null,
      reason: str(f.reason),
      recipientType: referral ? 'transferring_agency' : 'complainant',
    }),
    freeze_assist: () => ({
      institution: str(f.institution),
      accountHolder: str(f.holderName),
      // The notice prints the account masked (issue 14): it is stored and read by every region of the case.
      // The bank's counter receives the whole number from the issuing police through a recorded unmasked
      // read (POST /api/cases/{id}/personal-data); the keyed hash ties a renewal to its first freeze.
      accountNo: maskBankAccount(str(f.accountNo)),
      accountMatch: personalMatch('bank', str(f.accountNo)),
      assetLabel: ASSET_LABEL[f.assetKind as string] ?? '财产',
      amountFen: Number(f.amountFen ?? 0),
      includesInterest: f.assetKind === 'deposit',
      // Issue 13: a major, complex case's deposits may be frozen for a year (公安程序规定 第二百四十三条第二款).
      termMonths:
        f.termVariant === 'major_complex'
          ? 12
          : freezeTermMonths(
              f.assetKind === 'securities' || f.assetKind === 'equity' ? f.assetKind : 'deposit',
            ),
      startsOn: str(f.startedOn, c.issuedOn),
      dueOn: str(f.dueOn),
      renewal: Boolean(f.renewal),
      // The freeze this renewal continues, not merely the region's latest one: a region freezes many accounts.
      previousDocNo: f.renewal
        ? (c.latest(
            'freeze_assist',
            (x) =>
              x.accountMatch === personalMatch('bank', str(f.accountNo)) &&
              x.institution === str(f.institution),
          )?.docNo ?? null)
        : null,
    }),
    // 协助查封通知书 (docs/decisions/0024): the 不动产权证号 is printed masked, as a freeze's account is (0020);
    // the registry's counter gets the whole number through the unmasked read. A 续行查封 cites the notice of
    // the same 查封 (its freeze id), whichever other properties the region sealed since.
    seal_assist: () => ({
      registry: str(f.institution),
      rightHolder: str(f.holderName),
      certificateNo: maskCertificateNo(str(f.accountNo)),
      location: str(f.location) || null,
      termMonths: Number(f.termMonths),
      startsOn: str(f.startedOn, c.issuedOn),
      dueOn: str(f.dueOn),
      renewal: Boolean(f.renewal),
      previousDocNo: f.renewal
        ? (c.latest('seal_assist', (x) => x.freezeId === str(f.freezeId))?.docNo ?? null)
        : null,
      freezeId: str(f.freezeId),
      contactName: str(f.contactName) || null,
      contactPhone: str(f.contactPhone) || null,
    }),
    arrest_request: () => ({
      suspectName: str(f.suspectName),
      suspectedOffence: str(f.offence),
      filedOn: c.latest('filing_decision')?.issuedOn ?? c.issuedOn,
      detained: Boolean(f.detained),
      // Issue 13: the suspect's own date of detention when the request knows it.
      detainedOn: f.detained ? str(f.detainedOn, c.issuedOn) : null,
      custodyPlace: f.detained ? `${c.regionName}看守所` : null,
      factsSummary: summary,
    }),
    arrest_approval: () => ({
      suspectName: str(f.suspectName, controllerOf(c)),
      suspectedOffence: str(f.offence, '非法吸收公众存款罪'),
      requestDocNo: c.latest('arrest_request')?.docNo ?? '',
      requestedOn: c.latest('arrest_request')?.issuedOn ?? null,
      requestingUnit: c.unitName('police'),
    }),
    arrest_refusal: () => ({
      suspectName: str(f.suspectName, controllerOf(c)),
      suspectedOffence: str(f.offence, '非法吸收公众存款罪'),
      requestDocNo: c.latest('arrest_request')?.docNo ?? '',
      requestedOn: c.latest('arrest_request')?.issuedOn ?? null,
      requestingUnit: c.unitName('police'),
      reason: str(f.reason),
      supplementaryItems: [],
    }),
    prosecution_opinion: () => ({
      caseSource: referral ? `${c.unitName('financial_office')}移送` : '受理报案',
      filedOn: c.latest('filing_decision')?.issuedOn ?? c.issuedOn,
      suspects: list(f.suspects).map((name) => ({ name, role: '犯罪嫌疑人', custodyStatus: null })),
      charges: [str(f.offence)],
      factsSummary: summary,
      amountRaisedFen: amount,
      participantCount: participants,
    }),
    supplementary_investigation: () => ({
      opinionDocNo: c.latest('prosecution_opinion')?.docNo ?? '',
      round: Number(f.round ?? 1),
      items: lines(f.outline),
      dueOn: addDays(c.issuedOn, 30),
    }),
    indictment: () => ({
      defendants: list(f.defendants).map((name) => ({ name, role: '被告人', custodyStatus: null })),
      charges: [str(f.offence)],
      investigatingUnit: c.unitName('police'),
      court: str(f.court, c.unitName('court')),
      opinionDocNo: c.latest('prosecution_opinion')?.docNo ?? null,
      receivedOn: c.latest('prosecution_opinion')?.issuedOn ?? c.issuedOn,
      factsSummary: summary,
      amountRaisedFen: amount,
      participantCount: participants,
    }),
    non_prosecution: () => ({
      personName: controllerOf(c),
      charges: ['非法吸收公众存款罪'],
      investigatingUnit: c.unitName('police'),
      receivedOn: c.latest('prosecution_opinion')?.issuedOn ?? c.issuedOn,
      supplementaryRounds: 0,
      reasonSummary: str(f.reason),
      appealProcuratorate: '西双版纳傣族自治州人民检察院',
      court: `${c.regionName}人民法院`,
    }),
    judgment: () => {
      const instance = f.instance === 2 ? 2 : 1;
      const indictment = c.latest('indictment');
      const panel = (f.panel ?? {}) as { presidingJudge?: string; judges?: string[]; clerk?: string };
      return {
        // The acting region's court tried the first instance, and executes the property part either way; a
        // case of 刑诉法 第二十一条 was tried by the intermediate court.
        court:
          f.firstInstanceCourt === 'intermediate'
            ? (c.parentUnitName('court') ?? c.unitName('court'))
            : c.unitName('court'),
        judgmentNo: c.courtCaseNo?.own ?? '',
        firstInstanceNo: instance === 2 ? (c.courtCaseNo?.firstInstance ?? null) : null,
        instance,
        outcome:
          instance === 2 &&
          (['upheld', 'amended', 'remanded', 'remanded_procedure'] as unknown[]).includes(f.outcome)
            ? (f.outcome as SecondInstanceOutcome)
            : null,
        judgedOn: c.issuedOn,
        effectiveOn: instance === 2 ? c.issuedOn : null,
        prosecutor: c.unitName('procuratorate'),
        indictmentNo: indictment?.docNo ?? null,
        indictedOn: indictment?.issuedOn ?? null,
        charges: list(indictment?.facts.charges).length
          ? list(indictment?.facts.charges)
          : ['非法吸收公众存款罪'],
        appealCourt: instance === 1 ? c.parentUnitName('court') : null,
        factsFound: summary.endsWith('。') ? summary : `${summary}。`,
        defendants: list(f.defendants).map((name) => ({ name, sentence: str(f.verdict) })),
        propertyOrders: (Array.isArray(f.propertyOrders) ? f.propertyOrders : []).map(
          (o: { description: string; amountFen: number; disposition?: PropertyDisposition }) => {
            // Recorded before the disposition was asked for: the usual order for participants' money.
            const disposition = o.disposition ?? 'return';
            return {
              item: o.description,
              disposition,
              dispositionLabel: DISPOSITION_LABEL[disposition],
              amountFen: o.amountFen,
            };
          },
        ),
        panel: {
          presidingJudge: str(panel.presidingJudge) || null,
          judges: list(panel.judges),
          clerk: str(panel.clerk) || null,
        },
      };
    },
    disposal_plan: () => ({
      leadRegionName: c.regionName,
      assistingRegionNames: c.caseInfo.regionNames.filter((n) => n !== c.regionName),
      participantCount: participants,
      claimsTotalFen: amount,
      assets: [{ label: '已变现资产', amountFen: Number(f.realizedFen ?? 0) }],
      distributableFen: Number(f.poolFen ?? 0),
      registrationDueOn: null,
    }),
    // Issued by the approve job of a round (activities/refunds.bulk.ts) with the round's snapshot as facts.
    refund_announcement: () => ({
      round: Number(f.round),
      participantCount: Number(f.participantCount),
      claimsTotalFen: f.claimsTotalFen as FenValue,
      distributableFen: f.distributableFen as FenValue,
      payStartsOn: str(f.payStartsOn),
      payEndsOn: str(f.payEndsOn),
      place: str(f.place, c.issuerName),
      enquiryPhone: str(f.enquiryPhone),
    }),
    refund_notice: () => refundNoticeFacts(f.round as RefundRoundTerms, f.recipient as RefundRecipient),
    petition_acceptance: () => ({
      receivedOn: c.issuedOn,
      channel: CHANNEL_LABEL[f.channel as string] ?? '来访',
      summary: str(f.summary),
      handlingUnit: c.issuerName,
      handlingDueOn: str(f.dueOn),
      enquiryChannel: '云南省网上信访信息系统',
    }),
    petition_opinion: () => ({
      receivedOn: c.issuedOn,
      acceptedOn: c.issuedOn,
      summary: str(f.petitionSummary),
      request: str(f.petitionSummary),
      findings: str(f.opinion),
      outcome: f.result as 'support' | 'explain' | 'not_support',
      reasons: str(f.opinion),
      reviewBody: str(f.nextReviewBody, '西双版纳傣族自治州信访局'),
      review: typeof f.review === 'number' ? f.review : 0,
      // An opinion of an older event has no nextLevel: it was a first answer, open to 复查.
      nextStep:
        f.nextLevel === undefined ? 'review' : ((f.nextLevel ?? 'final') as 'review' | 'recheck' | 'final'),
    }),
    // 信访事项转送告知书 (docs/decisions/0024): received when the petition was logged, sent to the 政法 body of
    // the acting region that the routing names.
    petition_transfer: () => ({
      receivedOn: f.loggedAt ? shanghaiDateOf(Date.parse(String(f.loggedAt))) : c.issuedOn,
      channel: CHANNEL_LABEL[f.channel as string] ?? '来信',
      summary: str(f.summary),
      legalBody: c.unitName(str(f.legalBody)) || (LEGAL_BODY_LABEL[str(f.legalBody)] ?? '有关政法机关'),
      visit: f.channel === 'visit',
    }),
    supervision: () => {
      const rule = DEADLINE_RULES[f.rule as DeadlineRuleCode];
      return {
        deadlineTitle: str(f.deadlineTitle, rule?.title),
        ruleCode: str(f.rule),
        ruleBasis: str(f.basis, rule?.basis),
        startedOn: str(f.startedOn),
        dueOn: str(f.dueOn),
        responsibleUnit: c.addressee,
        overdueDays: Math.max(
          1,
          Math.round((Date.parse(c.issuedOn) - Date.parse(String(f.dueOn))) / 86_400_000),
        ),
        replyDueOn: addDays(c.issuedOn, 3),
      };
    },
    deadline_reminder: () => {
      const rule = DEADLINE_RULES[f.rule as DeadlineRuleCode];
      return {
        deadlineTitle: str(f.deadlineTitle, rule?.title),
        ruleCode: str(f.rule),
        ruleBasis: str(f.basis, rule?.basis),
        startedOn: str(f.startedOn),
        dueOn: str(f.dueOn),
        responsibleUnit: c.addressee,
        independenceBasis: str(f.independenceBasis, '《中华人民共和国宪法》第一百三十一条、第一百三十六条'),
      };
    },
    progress_bulletin: () => ({
      number: Number(f.number ?? 1),
      periodFrom: c.latest('progress_bulletin')?.issuedOn ?? c.issuedOn,
      periodTo: c.issuedOn,
      progress: lines(f.progress),
      regions: bulletinRegions(f.regions).map((r, i) => ({
        ...r,
        name: c.caseInfo.regionNames[i] ?? r.code,
        roleLabel: r.role === 'lead' ? '牵头' : '协办',
        stageLabel: STAGE_LABEL[r.stage] ?? r.stage,
        // Each region's clocks, pool and petitions, as the lead reports them (seed 十三, 定期通报).
        note:
          `正在计算的期限${r.runningDeadlines}项，逾期未办${r.missedDeadlines}项；` +
          `冻结资产${formatFenAsYuan(r.frozenFen)}，已变现${formatFenAsYuan(r.realizedFen)}；` +
          `未办结信访事项${r.openPetitions}件。`,
      })),
      frozenFen: bulletinRegions(f.regions).reduce((a, r) => a + r.frozenFen, 0),
      participantsRegistered: 0,
      nextSteps: ['继续按照统一指挥协调、统一办案要求推进案件办理'],
    }),
    correction: () => {
      const errors = (Array.isArray(f.errors) ? f.errors : []).map(
        (e: { location?: unknown; wrong?: unknown; correct?: unknown }) => ({
          location: str(e?.location),
          wrong: str(e?.wrong),
          correct: str(e?.correct),
        }),
      );
      // A correction that corrects nothing, or names no place, would be a notice with no content.
      if (errors.length === 0 || errors.some((e) => !e.location || !e.wrong || !e.correct))
        throw new DomainError('VALIDATION_FAILED', '更正通知应逐项写明错误所在位置、错误内容和更正内容');
      return { correctedTitle: str(f.correctedTitle, c.corrected?.title ?? ''), errors };
    },
    // The administrative track of the Regulation (issue 13, docs/decisions/0017).
    fundraising_suspension: () => ({
      reason: str(f.reason),
      suspendRegistration: Boolean(f.suspendRegistration),
    }),
    investigation_finding: () => ({
      findings: str(f.findings),
      illegal: f.illegal === true,
      investigatedOn: c.issuedOn,
    }),
    admin_seizure: () => ({
      items: str(f.items),
      reason: str(f.reason, '为防止涉嫌非法集资的资产被转移、隐匿或者毁损'),
      extension: f.extension === true,
      dueOn: str(f.dueOn),
      reconsiderationBody: `${c.regionName}人民政府`,
      litigationCourt: `${c.regionName}人民法院`,
    }),
    administrative_penalty: () => ({
      partyName: str(f.name),
      partyLabel: PENALTY_PARTY_LABEL[str(f.party)] ?? '当事人',
      amountFen: Number(f.amountFen ?? 0),
      basis: str(f.basis),
      refundPending: f.refundPending === true,
      reconsiderationBody: `${c.regionName}人民政府`,
      litigationCourt: `${c.regionName}人民法院`,
    }),
    exit_restriction_request: () => ({
      personName: str(f.personName),
      position: str(f.position),
      reason: str(f.reason),
    }),
  };
  return byKind[kind]();
}

/** What all the 清退通知书 of one refund round say alike. */
export interface RefundRoundTerms {
  roundNo: number;
  payStartsOn: string;
  /** Last day to object to the amounts in writing. */
  objectionDueOn: string;
  /** Where objections are made, e.g. 勐海县金融办（勐海县象山镇…）. */
  place: string;
  enquiryPhone: string;
}

/**
 * One participant's line of a round. The full identity and account numbers stay in memory: only their
 * masked forms reach the notice and its stored data (participants' identities are protected).
 */
export interface RefundRecipient {
  participantName: string;
  idNumber: string;
  /** The participant's claim this round is computed on (本轮清退基数), integer 分. */
  claimFen: FenValue;
  /** What this round pays them, integer 分. */
  payFen: FenValue;
  /** The account the payment goes into: the payee's when there is one. */
  bankAccountNo: string | null;
  /**
   * Who is paid instead of the participant: a deceased participant's heir or the heirs' representative
   * (release_claim_hold). The notice is addressed to them; the claim it states stays the participant's.
   */
  payee?: { name: string; idNumber: string };
}

/** Whom a 清退通知书 is addressed to: the payee when there is one, else the participant. */
export const refundAddresseeOf = (recipient: RefundRecipient): string =>
  recipient.payee?.name ?? recipient.participantName;

/**
 * The facts a 清退通知书 is rendered from, whether it is issued on its own (buildFacts) or in bulk with its
 * round (activities/notice.bulk.ts): one mapping, so both render the same notice. Amounts are checked
 * by the strict render (formatFenAsYuan), which refuses anything but integer 分.
 */
export function refundNoticeFacts(round: RefundRoundTerms, recipient: RefundRecipient): RefundNoticeFacts {
  const missing = [
    ...(str(recipient.participantName).trim() ? [] : [{ field: '/participantName', message: '缺少姓名' }]),
    ...(str(recipient.idNumber).trim() ? [] : [{ field: '/idNumber', message: '缺少居民身份证号码' }]),
    ...(recipient.payee && !(str(recipient.payee.name).trim() && str(recipient.payee.idNumber).trim())
      ? [{ field: '/payee', message: '缺少收款人的姓名或身份证号码' }]
      : []),
  ];
  if (missing.length > 0)
    throw new DomainError('VALIDATION_FAILED', '清退通知书须写明集资参与人的姓名和身份证号码', missing);
  return {
    participantName: recipient.participantName,
    idNumberMasked: maskIdNumber(normalizeIdentityCode(recipient.idNumber)),
    claimFen: recipient.claimFen,
    payFen: recipient.payFen,
    round: round.roundNo,
    payStartsOn: round.payStartsOn,
    bankAccountMasked: recipient.bankAccountNo ? maskBankAccount(recipient.bankAccountNo) : null,
    payee: recipient.payee
      ? {
          name: recipient.payee.name,
          idNumberMasked: maskIdNumber(normalizeIdentityCode(recipient.payee.idNumber)),
        }
      : null,
    objectionDueOn: round.objectionDueOn,
    place: round.place,
    enquiryPhone: round.enquiryPhone,
  };
}

interface BulletinRegion {
  code: string;
  role: string;
  stage: string;
  runningDeadlines: number;
  missedDeadlines: number;
  frozenFen: number;
  realizedFen: number;
  openPetitions: number;
}

/** The regions of a bulletin request (domain/case.machine.ts bulletinNotice), counts defaulting to 0. */
function bulletinRegions(v: unknown): BulletinRegion[] {
  const n = (x: unknown) => (Number.isSafeInteger(x) ? (x as number) : 0);
  const t = (x: unknown) => (typeof x === 'string' ? x : '');
  return (Array.isArray(v) ? v : []).map((r: Record<string, unknown>) => ({
    code: t(r.code),
    role: t(r.role),
    stage: t(r.stage),
    runningDeadlines: n(r.runningDeadlines),
    missedDeadlines: n(r.missedDeadlines),
    frozenFen: n(r.frozenFen),
    realizedFen: n(r.realizedFen),
    openPetitions: n(r.openPetitions),
  }));
}
