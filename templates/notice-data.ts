// The data each notice template renders: a common envelope plus a small, kind-specific `facts` object.
// This is what gets stored with the notice (as JSON) and re-rendered later, so it holds only JSON values:
// money as integer 分 in a number or a digit string, dates as 'YYYY-MM-DD', and nullable facts as
// `T | null`, never optional — a key that is absent is a mapping bug and must fail the strict render.
import type { LocalDate } from '../domain/calendar';
import type { NoticeKind, SecondInstanceOutcome } from '../domain/notices';

/** Integer 分: a safe-integer number, or a string of digits (how pg returns bigint). */
export type FenValue = number | string;

export interface IssuingUnit {
  /** 全称, printed in the signature block and, unless `shortName` is set, on the masthead. */
  name: string;
  /** 规范化简称 for the masthead (GB/T 9704 allows either), e.g. 勐海县打非办 — not the 代字 of the number. */
  shortName?: string | null;
  /** The unit's name in 西双版纳新傣文, printed as a red masthead line when present. */
  daiName?: string | null;
}

export interface CaseSummary {
  /** 案件编号, e.g. 勐海打非〔2026〕7号. */
  caseNo: string;
  /** e.g. 勐海县某某生态农业专业合作社涉嫌非法吸收公众存款案. */
  title: string;
  /** 风险领域, e.g. 农民专业合作社. */
  sectorLabel: string;
  regionName: string;
  /** 涉案主体, e.g. { kindLabel: '实际控制人', name: '岩某某' }. Never an identity number. */
  subjects: { kindLabel: string; name: string }[];
}

export interface NoticeEnvelope<K extends NoticeKind, F> {
  kind: K;
  /** 发文字号 from formatDocNo, e.g. 海公立〔2026〕12号. */
  docNo: string;
  issuingUnit: IssuingUnit;
  /** 成文日期. */
  issuedOn: LocalDate;
  /** 主送机关 (or the person addressed), printed with a full-width colon. */
  addressee: string;
  /** 抄送机关; empty for none. */
  copyTo: string[];
  /** 印发机关, e.g. 勐海县公安局办公室. */
  printedBy: string;
  /** 印发日期; the 成文日期 when absent. */
  printedOn?: LocalDate | null;
  case: CaseSummary;
  /** The citation printed after 依据/根据; NOTICE_KINDS[kind].legalBasis is the usual one. */
  legalBasis: string;
  /** Set when this notice replaces an earlier one (a 附注 says so); required on `correction`. */
  corrects?: { docNo: string; issuedOn: LocalDate } | null;
  /** 附件说明: attachment names, no trailing punctuation. */
  attachments?: string[];
  /** 份号 (GB/T 9704 §7.2.1): 6 digits, printed top left on the first line; for 涉密公文. */
  copyNo?: string | null;
  /** 密级和保密期限 (§7.2.2), e.g. 秘密 and 1年, printed 秘密★1年 on the second line. */
  classification?: { level: '秘密' | '机密' | '绝密'; term: string | null } | null;
  /** 紧急程度 (§7.2.3): 特急 or 加急, on the line after the classification. */
  urgency?: '特急' | '加急' | null;
  facts: F;
}

export interface EarlyWarningFacts {
  /** 发现的风险情形, one sentence each. */
  riskFindings: string[];
  /** 书面报告自查整改情况的期限. */
  replyDueOn: LocalDate;
  contactPhone: string;
}

export interface InterviewFacts {
  /** 被约谈人, e.g. 法定代表人岩某某. */
  intervieweeName: string;
  interviewOn: LocalDate;
  /** e.g. 上午9时30分. */
  interviewTime: string;
  place: string;
  /** 约谈事项. */
  matters: string[];
  /** 需携带的材料. */
  materials: string[];
  contactPhone: string;
}

export interface StopOrderFacts {
  /** What was found, completing 「经调查，你单位……」. */
  conduct: string;
  requiredActions: string[];
  reportDueOn: LocalDate;
  /** 行政复议机关, e.g. 勐海县人民政府. */
  reconsiderationBody: string;
  /** 行政诉讼管辖法院. */
  litigationCourt: string;
}

export interface CriminalTransferFacts {
  suspectedOffence: string;
  /** Complete sentences ending in 。 (so in every factsSummary): the template continues after it. */
  factsSummary: string;
  amountRaisedFen: FenValue;
  participantCount: number;
}

export interface FilingDecisionFacts {
  receivedOn: LocalDate;
  /** e.g. 勐海县打击和处置非法集资工作领导小组办公室移送. */
  caseSource: string;
  /** The 移送书 number when the case came by transfer. */
  referralDocNo: string | null;
  suspectedOffence: string;
}

export interface NonFilingFacts {
  receivedOn: LocalDate;
  caseSource: string;
  referralDocNo: string | null;
  /** Completes 「经审查，……」. */
  reason: string;
  /** Decides the remedy: 3-day 复议 for a transferring agency (移送规定 art.9), 7 days for a complainant. */
  recipientType: 'transferring_agency' | 'complainant';
}

export interface FreezeAssistFacts {
  institution: string;
  accountHolder: string;
  /** Masked (尾号1234), as printed. */
  accountNo: string;
  /** Keyed hash of the whole account (db/sealing.ts personalMatch): matches a renewal to its freeze. */
  accountMatch?: string;
  /** 财产种类, e.g. 银行存款. */
  assetLabel: string;
  amountFen: FenValue;
  includesInterest: boolean;
  termMonths: number;
  startsOn: LocalDate;
  dueOn: LocalDate;
  /** 续冻: the same notice, continuing an earlier freeze before it lapses. */
  renewal: boolean;
  previousDocNo: string | null;
}

/** 协助查封通知书 to the 不动产登记机构 (docs/decisions/0024). */
export interface SealAssistFacts {
  /** 不动产登记机构, the addressee that registers the 查封. */
  registry: string;
  /** 权利人, as the register names them. */
  rightHolder: string;
  /** 不动产权证号, masked (its serial's last 4 kept) as printed; the whole number through the unmasked read. */
  certificateNo: string;
  /** 坐落 of the land or building; null when the order named none. */
  location: string | null;
  termMonths: number;
  startsOn: LocalDate;
  dueOn: LocalDate;
  /** 续行查封: a new notice continuing an earlier 查封 before it ends. */
  renewal: boolean;
  previousDocNo: string | null;
  /** The freeze record this 查封 is (not printed): ties a renewal to the notice it continues. */
  freezeId: string;
  /** 联系人 and 联系电话 of the issuing police; null prints a line to fill in by hand. */
  contactName: string | null;
  contactPhone: string | null;
}

export interface ArrestRequestFacts {
  suspectName: string;
  suspectedOffence: string;
  filedOn: LocalDate;
  /** Decides the review period the request asks for: 7 days if detained, else 15. */
  detained: boolean;
  detainedOn: LocalDate | null;
  custodyPlace: string | null;
  factsSummary: string;
}

export interface ArrestApprovalFacts {
  suspectName: string;
  suspectedOffence: string;
  requestDocNo: string;
  /** When the police's 提请批准逮捕书 was issued (the form's 你局于×年×月×日以×号…). */
  requestedOn: LocalDate | null;
  /** 提请机关, the police unit the decision goes to (and the stub records). */
  requestingUnit: string;
}

export interface ArrestRefusalFacts {
  suspectName: string;
  suspectedOffence: string;
  requestDocNo: string;
  requestedOn: LocalDate | null;
  requestingUnit: string;
  /** Completes 「经本院审查认为，……」. */
  reason: string;
  /** 需要补充侦查的事项; may be empty. */
  supplementaryItems: string[];
}

export interface SuspectSummary {
  name: string;
  /** e.g. 该合作社实际控制人. */
  role: string;
  /** e.g. 2026年3月20日被依法逮捕，现羁押于勐海县看守所. */
  custodyStatus: string | null;
}

export interface ProsecutionOpinionFacts {
  caseSource: string;
  filedOn: LocalDate;
  suspects: SuspectSummary[];
  /** 涉嫌罪名, e.g. 非法吸收公众存款罪. */
  charges: string[];
  factsSummary: string;
  amountRaisedFen: FenValue;
  participantCount: number;
}

export interface SupplementaryInvestigationFacts {
  opinionDocNo: string;
  /** 1 or 2: supplementary investigation is limited to two rounds. */
  round: number;
  items: string[];
  dueOn: LocalDate;
}

export interface IndictmentFacts {
  defendants: SuspectSummary[];
  charges: string[];
  investigatingUnit: string;
  /** 此致 ×××人民法院: the court the case is brought before. */
  court: string;
  /** The police's 起诉意见书 number, when it came that way. */
  opinionDocNo: string | null;
  /** 移送审查起诉 date. */
  receivedOn: LocalDate;
  factsSummary: string;
  amountRaisedFen: FenValue;
  participantCount: number;
}

export interface NonProsecutionFacts {
  personName: string;
  charges: string[];
  investigatingUnit: string;
  receivedOn: LocalDate;
  /** Rounds of 退回补充侦查 before the decision; 0 for none. */
  supplementaryRounds: number;
  /** Completes 「经本院审查认为：……」. */
  reasonSummary: string;
  /** 上一级人民检察院, where the victim may appeal within 7 days. */
  appealProcuratorate: string;
  /** Where the victim may bring a private prosecution instead. */
  court: string;
}

/** How the court disposes of one item (刑诉解释 art.444, 445): returned, confiscated, recovered, repaid. */
export type PropertyDisposition = 'return' | 'confiscate' | 'continue_recovery' | 'order_compensation';

/**
 * A 刑事判决书 or 刑事裁定书 laid out per 最高人民法院 刑事诉讼文书样式: 首部 (court, title, 案号, 公诉机关 and
 * defendants), 审理经过, 事实, 理由, 判决结果 (with the property orders), the appeal notice, and 尾部
 * (合议庭, date, seal, 书记员).
 */
export interface JudgmentFacts {
  /** The court that tried the first instance and executes the property part (涉财产执行规定 art.2). */
  court: string;
  /** This document's 案号, e.g. （2026）云2822刑初1号, or （2026）云28刑终1号 on appeal. */
  judgmentNo: string;
  /** The first instance's 案号, cited by the second; null on the first instance. */
  firstInstanceNo: string | null;
  /** 2 for the appeal, decided by the court a level up (刑诉法 art.227). */
  instance: 1 | 2;
  /**
   * The second instance's decision (刑诉法 art.236): `upheld` is printed as a 刑事裁定书 (驳回上诉，维持原判),
   * `amended` as a 刑事判决书 (改判); null on the first instance.
   */
  outcome: SecondInstanceOutcome | null;
  judgedOn: LocalDate;
  /** null while the appeal window runs. */
  effectiveOn: LocalDate | null;
  /** 公诉机关 (the procuratorate that indicted), its 起诉书 number and date when known. */
  prosecutor: string;
  indictmentNo: string | null;
  indictedOn: LocalDate | null;
  charges: string[];
  /** Where the first instance's appeal lies (the court a level up); null on the second instance. */
  appealCourt: string | null;
  /** 经审理查明: complete sentences. */
  factsFound: string;
  defendants: { name: string; sentence: string }[];
  /** One line per item the judgment disposes of, with its disposition and amount (刑诉解释 art.444, 445). */
  propertyOrders: {
    item: string;
    disposition: PropertyDisposition;
    dispositionLabel: string;
    amountFen: FenValue;
  }[];
  /** 合议庭 and 书记员 as signed; a blank line is printed for any not given. */
  panel: { presidingJudge: string | null; judges: string[]; clerk: string | null };
}

export interface DisposalPlanFacts {
  leadRegionName: string;
  assistingRegionNames: string[];
  participantCount: number;
  claimsTotalFen: FenValue;
  assets: { label: string; amountFen: FenValue }[];
  distributableFen: FenValue;
  registrationDueOn: LocalDate | null;
}

export interface RefundAnnouncementFacts {
  round: number;
  participantCount: number;
  claimsTotalFen: FenValue;
  distributableFen: FenValue;
  payStartsOn: LocalDate;
  payEndsOn: LocalDate;
  /** Where participants check their details, e.g. 勐海县金融办（勐海县象山镇…）. */
  place: string;
  enquiryPhone: string;
}

export interface RefundNoticeFacts {
  participantName: string;
  /** Already masked by the caller, e.g. 532822********1234; the renderer refuses an unmasked number. */
  idNumberMasked: string;
  claimFen: FenValue;
  payFen: FenValue;
  round: number;
  payStartsOn: LocalDate;
  /** The account paid into (the payee's when there is one), e.g. 尾号6789. */
  bankAccountMasked: string | null;
  /** A deceased participant's heir or the heirs' representative, who is paid instead; null: the participant. */
  payee: { name: string; idNumberMasked: string } | null;
  objectionDueOn: LocalDate;
  place: string;
  enquiryPhone: string;
}

export interface PetitionAcceptanceFacts {
  receivedOn: LocalDate;
  /** 来信/来访/网上信访/电话. */
  channel: string;
  /** Completes 「你……反映的……的信访事项」. */
  summary: string;
  handlingUnit: string;
  handlingDueOn: LocalDate;
  /** How to follow progress, e.g. 云南省网上信访信息系统或者拨打电话0691-xxxxxxx. */
  enquiryChannel: string;
}

export interface PetitionOpinionFacts {
  receivedOn: LocalDate;
  acceptedOn: LocalDate;
  summary: string;
  request: string;
  findings: string;
  /** 信访工作条例 art.32: 支持 / 解释说明 / 不予支持. */
  outcome: 'support' | 'explain' | 'not_support';
  reasons: string;
  /** 复查机关 (the agency one level up), or for a 复查意见 the 复核机关 one level above that. */
  reviewBody: string;
  /**
   * What the petitioner may do next: ask for 复查 (信访工作条例 第三十五条), for 复核 (第三十六条), or nothing
   * (the 复核意见 is final, 第三十六条第三款).
   */
  nextStep: 'review' | 'recheck' | 'final';
  /** 0 for the first opinion, 1 for a 复查意见, 2 for a 复核意见 (it decides the title, domain/notices.ts). */
  review: number;
}

/** 信访事项转送告知书: a 涉法涉诉 matter sent to the 政法 body (信访工作条例 第二十二条第二款、第二十三条). */
export interface PetitionTransferFacts {
  receivedOn: LocalDate;
  /** 来信/来访/网上信访/电话. */
  channel: string;
  summary: string;
  /** The 政法 body the matter is sent to, by its name. */
  legalBody: string;
  /** 走访 (第二十二条第二款: 释法明理，引导其向有关政法部门反映) rather than a letter that is sent on (转送). */
  visit: boolean;
}

export interface SupervisionFacts {
  deadlineTitle: string;
  /** Deadline rule code, e.g. FILING_REVIEW (kept for the record, not printed). */
  ruleCode: string;
  /** The article that sets the period. */
  ruleBasis: string;
  startedOn: LocalDate;
  dueOn: LocalDate;
  responsibleUnit: string;
  overdueDays: number;
  replyDueOn: LocalDate;
}

/** 期限提示函 to a court or procuratorate (宪法 第一百三十一条、第一百三十六条): the deadline, no 督办. */
export interface DeadlineReminderFacts {
  deadlineTitle: string;
  /** Deadline rule code, e.g. PROSECUTION_REVIEW (kept for the record, not printed). */
  ruleCode: string;
  ruleBasis: string;
  startedOn: LocalDate;
  dueOn: LocalDate;
  responsibleUnit: string;
  /** The article under which the addressee decides independently. */
  independenceBasis: string;
}

export interface ProgressBulletinFacts {
  /** 期数. */
  number: number;
  periodFrom: LocalDate;
  periodTo: LocalDate;
  progress: string[];
  regions: {
    /** The region's code and pool figures, kept in the archived facts for whoever checks the bulletin. */
    code?: string;
    name: string;
    roleLabel: string;
    stageLabel: string;
    note: string | null;
    frozenFen?: number;
    realizedFen?: number;
  }[];
  frozenFen: FenValue;
  participantsRegistered: number;
  nextSteps: string[];
}

export interface CorrectionFacts {
  correctedTitle: string;
  errors: { location: string; wrong: string; correct: string }[];
}

// The administrative track of the Regulation (issue 13, docs/decisions/0017).
export interface FundraisingSuspensionFacts {
  reason: string;
  /** 通知市场监督管理部门暂停办理设立、变更或者注销登记 (条例 第二十二条). */
  suspendRegistration: boolean;
}
export interface InvestigationFindingFacts {
  findings: string;
  /** true: 属于非法集资; false: 不属于, and the administrative handling ends. */
  illegal: boolean;
  investigatedOn: LocalDate;
}
export interface AdminSeizureFacts {
  items: string;
  reason: string;
  extension: boolean;
  dueOn: LocalDate;
  reconsiderationBody: string;
  litigationCourt: string;
}
export interface AdministrativePenaltyFacts {
  partyName: string;
  partyLabel: string;
  amountFen: FenValue;
  basis: string;
  /** 条例 第三十二条: the refund is not complete, so the refund comes before the fine. */
  refundPending: boolean;
  reconsiderationBody: string;
  litigationCourt: string;
}
export interface ExitRestrictionRequestFacts {
  personName: string;
  position: string;
  reason: string;
}

export interface NoticeFactsByKind {
  early_warning: EarlyWarningFacts;
  interview: InterviewFacts;
  stop_order: StopOrderFacts;
  criminal_transfer: CriminalTransferFacts;
  filing_decision: FilingDecisionFacts;
  non_filing: NonFilingFacts;
  freeze_assist: FreezeAssistFacts;
  seal_assist: SealAssistFacts;
  arrest_request: ArrestRequestFacts;
  arrest_approval: ArrestApprovalFacts;
  arrest_refusal: ArrestRefusalFacts;
  prosecution_opinion: ProsecutionOpinionFacts;
  supplementary_investigation: SupplementaryInvestigationFacts;
  indictment: IndictmentFacts;
  non_prosecution: NonProsecutionFacts;
  judgment: JudgmentFacts;
  disposal_plan: DisposalPlanFacts;
  refund_announcement: RefundAnnouncementFacts;
  refund_notice: RefundNoticeFacts;
  petition_acceptance: PetitionAcceptanceFacts;
  petition_opinion: PetitionOpinionFacts;
  petition_transfer: PetitionTransferFacts;
  supervision: SupervisionFacts;
  deadline_reminder: DeadlineReminderFacts;
  progress_bulletin: ProgressBulletinFacts;
  correction: CorrectionFacts;
  fundraising_suspension: FundraisingSuspensionFacts;
  investigation_finding: InvestigationFindingFacts;
  admin_seizure: AdminSeizureFacts;
  administrative_penalty: AdministrativePenaltyFacts;
  exit_restriction_request: ExitRestrictionRequestFacts;
}

type CorrectionEnvelope = NoticeEnvelope<'correction', CorrectionFacts> & {
  corrects: { docNo: string; issuedOn: LocalDate };
};

/** One member per kind, discriminated by `kind`, so `facts` narrows with it. */
export type NoticeData =
  | { [K in Exclude<NoticeKind, 'correction'>]: NoticeEnvelope<K, NoticeFactsByKind[K]> }[Exclude<
      NoticeKind,
      'correction'
    >]
  | CorrectionEnvelope;

export type NoticeDataOf<K extends NoticeKind> = Extract<NoticeData, { kind: K }>;
