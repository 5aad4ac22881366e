// The notice (文书) catalogue and the formatting rules every notice shares: document numbers, money and
// dates. Pure (imported by workflow code): no clock, no I/O, no Node built-ins, no Intl.
import { parseLocalDate, type LocalDate } from './calendar';
import { DomainError } from './errors';
import { type Role, regionByCode } from './reference';

export type NoticeKind =
  | 'early_warning'
  | 'interview'
  | 'stop_order'
  | 'criminal_transfer'
  | 'filing_decision'
  | 'non_filing'
  | 'freeze_assist'
  // 查封 of real estate (issue 13): the registry's counterpart of freeze_assist (docs/decisions/0024).
  | 'seal_assist'
  | 'arrest_request'
  | 'arrest_approval'
  | 'arrest_refusal'
  | 'prosecution_opinion'
  | 'supplementary_investigation'
  | 'indictment'
  | 'non_prosecution'
  | 'judgment'
  | 'disposal_plan'
  | 'refund_announcement'
  | 'refund_notice'
  | 'petition_acceptance'
  | 'petition_opinion'
  // 涉法涉诉 routed to the 政法 body (信访工作条例 第二十二条第二款, 第二十三条; docs/decisions/0024).
  | 'petition_transfer'
  | 'supervision'
  // Issue 13 item 13: what a court or procuratorate receives instead of a 督办通知 (domain/oversight.ts).
  | 'deadline_reminder'
  | 'progress_bulletin'
  | 'correction'
  // The administrative track of the Regulation (issue 13, docs/decisions/0017).
  | 'fundraising_suspension'
  | 'investigation_finding'
  | 'admin_seizure'
  | 'administrative_penalty'
  | 'exit_restriction_request';

export type NoticeIssuerRole = Extract<
  Role,
  'financial_office' | 'police' | 'procuratorate' | 'court' | 'petition_bureau'
>;

export interface NoticeKindInfo {
  /** 文书名称, the title printed under the red rule. */
  title: string;
  /** 代字 word appended to the unit's code: 海公 + 立 → 海公立〔2026〕12号. */
  docWord: string;
  /**
   * Set only on `judgment`: courts number the two instances in separate series (刑初 / 刑终); a 二审
   * judgment numbered 刑初 would misstate its instance and take a number out of the 一审 series.
   */
  secondInstanceDocWord?: string;
  /**
   * Set only on `judgment`: the second instance is tried by the court one level up (刑诉法 art.227,
   * 上一级人民法院), i.e. the court of the parent region (勐海县 → 西双版纳傣族自治州中级人民法院). Issued
   * in the county court's name, a 二审 decision would be signed by the court whose judgment was appealed.
   */
  secondInstanceIssuer?: 'parent_region';
  /**
   * Set only on `judgment`: what the second instance issues follows its decision (刑诉法 art.236): upholding
   * the first instance (驳回上诉，维持原判) is a 裁定, amending it (改判) a 判决.
   */
  secondInstanceDocuments?: Readonly<Record<SecondInstanceOutcome, { title: string; legalBasis: string }>>;
  issuerRole: NoticeIssuerRole;
  /**
   * Set only on `correction`: an 更正通知 is issued by whichever unit issued the notice it corrects, so
   * `issuerRole` is then only the usual case (the leading group office), not a rule.
   */
  issuerFollowsCorrected?: true;
  /** Stem of the Handlebars template: templates/<template>.hbs. */
  template: string;
  /** What always goes with the document, printed as its 附件说明 (GB/T 9704 §7.3.4). */
  attachments?: readonly string[];
  /**
   * The citation the notice's decision rests on, as printed after 依据/根据. The action that issues the
   * notice may supply a narrower one; null for `correction`, which repeats the corrected notice's basis.
   */
  legalBasis: string | null;
}

/** The second instance's decision on an appeal or protest (刑诉法 art.236). */
export const APPEAL_OUTCOMES = ['upheld', 'amended'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
/**
 * What the second instance's document records: a decision on the appeal, or a 发回重审 ruling (remand_for_retrial)
 * for unclear facts (刑诉法 第二百三十六条第一款第（三）项) or a breach of procedure (第二百三十八条).
 */
export type SecondInstanceOutcome = AppealOutcome | 'remanded' | 'remanded_procedure';

const TIAOLI = '《防范和处置非法集资条例》';
const XINGSU = '《中华人民共和国刑事诉讼法》';
const GONGAN = '《公安机关办理刑事案件程序规定》';
const SEED = '《勐海县进一步做好防范和处置非法集资工作实施方案》（海政办发〔2016〕70号）';
const XINFANG = '《信访工作条例》';
// 公安部 2013: the 协助查封通知书 states the property, the manner and the term of the 查封 (第六条).
const CHAFENG_GUIDING = '《公安机关办理刑事案件适用查封、冻结措施有关规定》';
const XINGSU_JIESHI = '《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》';

// Document words follow each issuer's own forms: 公安 立/不立/冻财/提捕/诉, printed ×公（经）立字〔年〕n号
// (公安机关刑事法律文书式样 2012, docCodeOf); 检察 批捕/不批捕/退查/刑诉/刑不诉, printed ×检批捕〔年〕n号
// (最高人民检察院 刑事检察文书格式样本); 法院 刑初/刑终, the 类型代字 of the case's 案号 (formatCourtCaseNo).
// Two kinds of the same issuer never share a word: a shared word would make their numbers collide within
// one sequence.
export const NOTICE_KINDS: Readonly<Record<NoticeKind, NoticeKindInfo>> = {
  early_warning: {
    title: '预警通知书',
    docWord: '预警',
    issuerRole: 'financial_office',
    template: 'early_warning',
    legalBasis: `${TIAOLI}第十八条和${SEED}第（八）项`,
  },
  interview: {
    title: '约谈通知书',
    docWord: '约谈',
    issuerRole: 'financial_office',
    template: 'interview',
    legalBasis: `${TIAOLI}第十八条`,
  },
  stop_order: {
    title: '责令停止非法集资行为通知书',
    docWord: '责停',
    issuerRole: 'financial_office',
    template: 'stop_order',
    legalBasis: `${TIAOLI}第二十三条`,
  },
  criminal_transfer: {
    title: '涉嫌犯罪案件移送书',
    docWord: '移',
    // 移送规定 第六条: the transfer carries the investigation report, the list of the property involved and
    // the inspection reports or expert opinions.
    attachments: ['涉嫌犯罪案件调查报告', '涉案物品清单', '有关检验报告或者鉴定意见'],
    issuerRole: 'financial_office',
    template: 'criminal_transfer',
    legalBasis: `${TIAOLI}第二十三条和《行政执法机关移送涉嫌犯罪案件的规定》第三条`,
  },
  filing_decision: {
    title: '立案决定书',
    docWord: '立',
    issuerRole: 'police',
    template: 'filing_decision',
    legalBasis: `${XINGSU}第一百一十二条和${GONGAN}第一百七十八条`,
  },
  non_filing: {
    title: '不予立案通知书',
    docWord: '不立',
    issuerRole: 'police',
    template: 'non_filing',
    legalBasis: `${XINGSU}第一百一十二条和${GONGAN}第一百七十八条`,
  },
  freeze_assist: {
    title: '协助冻结财产通知书',
    docWord: '冻财',
    issuerRole: 'police',
    template: 'freeze_assist',
    legalBasis: `${XINGSU}第一百四十四条和${GONGAN}第二百三十九条、第二百四十条、第二百四十三条`,
  },
  // 查封 of land or buildings is registered by the 不动产登记机构 on this notice: 刑诉法 第一百四十一条 (查封、扣押),
  // 公安程序规定 第二百二十七条 and 第二百二十八条第二款 (县级以上公安机关负责人批准，制作查封决定书), and the 2013
  // rules' 第六条 (制作查封决定书和协助查封通知书，明确查封财物情况、查封方式、查封期限等事项). A 续行查封 is a new
  // notice of the same kind, as a 续冻 is a new 协助冻结财产通知书. 协封 is this system's word: the 式样's own
  // 代字 for the form could not be confirmed (0024).
  seal_assist: {
    title: '协助查封通知书',
    docWord: '协封',
    issuerRole: 'police',
    template: 'seal_assist',
    legalBasis: `${XINGSU}第一百四十一条、${GONGAN}第二百二十七条、第二百二十八条第二款和${CHAFENG_GUIDING}第六条`,
  },
  arrest_request: {
    title: '提请批准逮捕书',
    docWord: '提捕',
    issuerRole: 'police',
    template: 'arrest_request',
    legalBasis: `${XINGSU}第八十一条、第八十七条`,
  },
  arrest_approval: {
    title: '批准逮捕决定书',
    docWord: '批捕',
    issuerRole: 'procuratorate',
    template: 'arrest_approval',
    legalBasis: `${XINGSU}第八十一条、第九十条`,
  },
  arrest_refusal: {
    title: '不批准逮捕决定书',
    docWord: '不批捕',
    issuerRole: 'procuratorate',
    template: 'arrest_refusal',
    legalBasis: `${XINGSU}第九十条`,
  },
  prosecution_opinion: {
    title: '起诉意见书',
    docWord: '诉',
    issuerRole: 'police',
    template: 'prosecution_opinion',
    legalBasis: `${XINGSU}第一百六十二条`,
  },
  supplementary_investigation: {
    title: '退回补充侦查决定书',
    docWord: '退查',
    issuerRole: 'procuratorate',
    template: 'supplementary_investigation',
    legalBasis: `${XINGSU}第一百七十五条第二款`,
  },
  indictment: {
    title: '起诉书',
    docWord: '刑诉',
    issuerRole: 'procuratorate',
    template: 'indictment',
    legalBasis: `${XINGSU}第一百七十六条`,
  },
  non_prosecution: {
    title: '不起诉决定书',
    docWord: '刑不诉',
    issuerRole: 'procuratorate',
    template: 'non_prosecution',
    legalBasis: `${XINGSU}第一百七十五条第四款`,
  },
  judgment: {
    title: '刑事判决书',
    docWord: '刑初',
    secondInstanceDocWord: '刑终',
    secondInstanceIssuer: 'parent_region',
    secondInstanceDocuments: {
      upheld: {
        title: '刑事裁定书',
        legalBasis: `${XINGSU}第二百三十六条第一款第（一）项和${XINGSU_JIESHI}第四百四十四条、第四百四十五条`,
      },
      amended: {
        title: '刑事判决书',
        legalBasis: `${XINGSU}第二百三十六条第一款和${XINGSU_JIESHI}第四百四十四条、第四百四十五条`,
      },
      remanded: { title: '刑事裁定书', legalBasis: `${XINGSU}第二百三十六条第一款第（三）项` },
      remanded_procedure: { title: '刑事裁定书', legalBasis: `${XINGSU}第二百三十八条` },
    },
    issuerRole: 'court',
    template: 'judgment',
    legalBasis: `${XINGSU_JIESHI}第四百四十四条、第四百四十五条`,
  },
  disposal_plan: {
    title: '统一处置方案',
    docWord: '处置',
    issuerRole: 'financial_office',
    template: 'disposal_plan',
    legalBasis: `${TIAOLI}第二十五条、第二十六条和${SEED}第（十三）项`,
  },
  refund_announcement: {
    title: '清退公告',
    docWord: '清告',
    issuerRole: 'financial_office',
    template: 'refund_announcement',
    legalBasis: `${TIAOLI}第二十五条、第二十六条`,
  },
  refund_notice: {
    title: '清退通知书',
    docWord: '清通',
    issuerRole: 'financial_office',
    template: 'refund_notice',
    legalBasis: `${TIAOLI}第二十五条`,
  },
  petition_acceptance: {
    title: '信访事项受理告知书',
    docWord: '信受',
    issuerRole: 'petition_bureau',
    template: 'petition_acceptance',
    legalBasis: `${XINFANG}第二十三条、第三十四条`,
  },
  petition_opinion: {
    title: '信访处理意见书',
    docWord: '信意',
    issuerRole: 'petition_bureau',
    template: 'petition_opinion',
    legalBasis: `${XINFANG}第三十二条`,
  },
  // What the 信访部门 tells the petitioner when it sends a 涉法涉诉 matter to the 政法 body instead of handling
  // it: 第二十二条第二款 (涉法涉诉信件转送同级政法部门依法处理；走访反映涉诉问题的，引导其向有关政法部门反映),
  // 第二十三条 (告知信访人转送、交办去向，书面告知), 第二十八条 (诉讼与信访分离). The title puts 第二十二条's 转送
  // and 第二十三条's 告知 together, as 信访事项受理告知书 does for 受理 (0024).
  petition_transfer: {
    title: '信访事项转送告知书',
    docWord: '信转',
    issuerRole: 'petition_bureau',
    template: 'petition_transfer',
    legalBasis: `${XINFANG}第二十二条第二款、第二十三条、第二十八条`,
  },
  supervision: {
    title: '督办通知',
    docWord: '督',
    issuerRole: 'financial_office',
    template: 'supervision',
    legalBasis: `${SEED}第（二十二）项`,
  },
  // A reminder of the statutory deadline to a court or procuratorate, which decide independently (宪法
  // 第一百三十一条、第一百三十六条): coordination under the seed's 十三 (统一指挥协调), never 督办.
  deadline_reminder: {
    title: '期限提示函',
    docWord: '提示',
    issuerRole: 'financial_office',
    template: 'deadline_reminder',
    legalBasis: `${SEED}第（十三）项`,
  },
  progress_bulletin: {
    title: '工作进展通报',
    docWord: '通报',
    issuerRole: 'financial_office',
    template: 'progress_bulletin',
    legalBasis: `${SEED}第（十三）项`,
  },
  correction: {
    title: '更正通知',
    docWord: '更正',
    issuerRole: 'financial_office',
    issuerFollowsCorrected: true,
    template: 'correction',
    legalBasis: null,
  },
  // The administrative track of the Regulation (issue 13, docs/decisions/0017).
  fundraising_suspension: {
    title: '暂停集资行为通知书',
    docWord: '暂停',
    issuerRole: 'financial_office',
    template: 'fundraising_suspension',
    legalBasis: `${TIAOLI}第二十一条、第二十二条`,
  },
  investigation_finding: {
    title: '调查认定意见书',
    docWord: '认定',
    issuerRole: 'financial_office',
    template: 'investigation_finding',
    legalBasis: `${TIAOLI}第二条、第十九条、第二十三条`,
  },
  admin_seizure: {
    title: '查封、扣押决定书',
    docWord: '查扣',
    // 行政强制法 第二十四条: the decision and the list are delivered on the spot.
    attachments: ['查封、扣押清单'],
    issuerRole: 'financial_office',
    template: 'admin_seizure',
    legalBasis: `${TIAOLI}第二十四条和《中华人民共和国行政强制法》第二十四条、第二十五条`,
  },
  administrative_penalty: {
    title: '行政处罚决定书',
    docWord: '罚',
    issuerRole: 'financial_office',
    template: 'administrative_penalty',
    legalBasis: `${TIAOLI}第三十条至第三十三条`,
  },
  exit_restriction_request: {
    title: '关于提请限制出境的函',
    docWord: '限出',
    issuerRole: 'financial_office',
    template: 'exit_restriction_request',
    legalBasis: `${TIAOLI}第二十四条第一款第三项`,
  },
};

export const NOTICE_KIND_CODES = Object.keys(NOTICE_KINDS) as NoticeKind[];

/** The 代字 word one notice is numbered with: its kind's, or 刑终 for a judgment of the second instance. */
export function docWordOf(kind: NoticeKind, facts: { instance?: unknown } = {}): string {
  const info = NOTICE_KINDS[kind];
  return facts.instance === 2 && info.secondInstanceDocWord ? info.secondInstanceDocWord : info.docWord;
}

/**
 * The facts that decide the document, read from a notice request's facts or a rendered notice's (any kind,
 * hence `object`): `instance` and, on the second instance, `outcome`.
 */
type DecidingFacts = { instance?: unknown; outcome?: unknown };

/** What a second-instance judgment notice is printed as, or null for any other notice. */
function secondInstanceDocument(kind: NoticeKind, facts: object) {
  const { instance, outcome } = facts as DecidingFacts;
  const documents = NOTICE_KINDS[kind].secondInstanceDocuments;
  if (instance !== 2 || !documents) return null;
  return typeof outcome === 'string' && Object.hasOwn(documents, outcome)
    ? documents[outcome as SecondInstanceOutcome]
    : null;
}

/** 文书名称: its kind's, or 刑事裁定书 for a second instance that upholds the first (刑诉法 art.236). */
export function noticeTitleOf(kind: NoticeKind, facts: object = {}): string {
  return (
    secondInstanceDocument(kind, facts)?.title ??
    petitionReviewDocument(kind, facts)?.title ??
    NOTICE_KINDS[kind].title
  );
}

/** The citation one notice rests on: its kind's, or the item of 刑诉法 art.236 the second instance applied. */
export function legalBasisOf(kind: NoticeKind, facts: object = {}): string | null {
  if (kind === 'non_prosecution') {
    const type = (facts as { type?: unknown }).type;
    if (typeof type === 'string' && Object.hasOwn(NON_PROSECUTION_BASIS, type))
      return NON_PROSECUTION_BASIS[type as keyof typeof NON_PROSECUTION_BASIS];
  }
  return (
    secondInstanceDocument(kind, facts)?.legalBasis ??
    petitionReviewDocument(kind, facts)?.legalBasis ??
    NOTICE_KINDS[kind].legalBasis
  );
}

// Issue 13, item 14: a petition opinion given on review is a 复查意见 (信访工作条例 第三十五条) or a 复核意见
// (第三十六条), read from `review` (1 or 2) of the request's facts and of the rendered ones alike.
const PETITION_REVIEW_DOCUMENTS = {
  1: { title: '信访事项复查意见书', legalBasis: `${XINFANG}第三十五条` },
  2: { title: '信访事项复核意见书', legalBasis: `${XINFANG}第三十六条` },
} as const;

function petitionReviewDocument(kind: NoticeKind, facts: object) {
  const { review } = facts as { review?: unknown };
  return kind === 'petition_opinion' && (review === 1 || review === 2)
    ? PETITION_REVIEW_DOCUMENTS[review]
    : null;
}

/** A 不起诉决定书 cites the ground it was taken on (issue 13, docs/decisions/0021). */
export const NON_PROSECUTION_BASIS = {
  // 法定不起诉: 犯罪嫌疑人没有犯罪事实，或者有第十六条规定的情形之一的.
  statutory: `${XINGSU}第一百七十七条第一款`,
  // 酌定不起诉: 犯罪情节轻微，依照刑法规定不需要判处刑罚或者免除刑罚的.
  discretionary: `${XINGSU}第一百七十七条第二款`,
  // 存疑不起诉: 经过二次补充侦查仍然认为证据不足，不符合起诉条件的.
  insufficient_evidence: `${XINGSU}第一百七十五条第四款`,
} as const;

/**
 * The region whose unit of the kind's issuer role issues the notice: the acting region, or for a
 * second-instance judgment the parent region, whose court hears the appeal (刑诉法 art.227).
 */
export function issuerRegionOf(kind: NoticeKind, facts: object, regionCode: string): string {
  if (NOTICE_KINDS[kind].secondInstanceIssuer !== 'parent_region') return regionCode;
  // A first instance at the intermediate court (刑诉法 第二十一条) is one level up, its appeal two.
  const levels =
    ((facts as DecidingFacts).instance === 2 ? 1 : 0) +
    ((facts as { firstInstanceCourt?: unknown }).firstInstanceCourt === 'intermediate' ? 1 : 0);
  let at = regionCode;
  for (let i = 0; i < levels; i++) {
    const parent = regionByCode(at)?.parentCode;
    if (!parent) throw invalid(`行政区划${at}没有上一级，无法确定审理的人民法院`);
    at = parent;
  }
  return at;
}

/**
 * Why `caller` may not have `corrected` corrected (更正) in case `caseId`, or null when they may: the notice
 * must be one of this case (a correction of a correction is one too), and only the unit that issued a
 * notice corrects it. The workflows cannot read notices, so the API applies this before the action is sent.
 */
export function refuseCorrection(
  caller: { unitId: string },
  caseId: string,
  corrected: { caseId: string | null; issuingUnitId: string; issuingUnitName: string } | null,
): DomainError | null {
  if (!corrected || corrected.caseId !== caseId) {
    return new DomainError('VALIDATION_FAILED', '被更正的文书不存在或不属于本案', [
      { field: '/noticeId', message: '不是本案的文书' },
    ]);
  }
  if (corrected.issuingUnitId !== caller.unitId) {
    return new DomainError('FORBIDDEN', `只有制发该文书的单位（${corrected.issuingUnitName}）才能更正该文书`);
  }
  return null;
}

export const isNoticeKind = (s: unknown): s is NoticeKind =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(NOTICE_KINDS, s);

// ---- whose format: each body lays out and numbers its documents its own way ----

/**
 * The format a notice follows: GB/T 9704-2012 governs 党政机关公文 only; police, procuratorate and court
 * documents follow their own bodies' forms (公安机关刑事法律文书式样, 最高人民检察院 刑事检察文书格式样本,
 * 最高人民法院 刑事诉讼文书样式). An 更正通知 keeps GB/T 9704 whoever issues it: it is a letter about a
 * document, not a procedural document of the criminal process.
 */
export type NoticeBody = 'administrative' | 'police' | 'procuratorate' | 'court';

export function noticeBodyOf(kind: NoticeKind): NoticeBody {
  if (kind === 'correction') return 'administrative';
  const role = NOTICE_KINDS[kind].issuerRole;
  return role === 'police' || role === 'procuratorate' || role === 'court' ? role : 'administrative';
}

/**
 * The series code a notice is numbered in, before 〔年份〕序号号: the unit's 代字 and the kind's word, and for
 * the police the 办案部门 in full-width parentheses and 字 (×公（经）立字〔2026〕3号, 式样 2012: 经 is the
 * economic-crime unit that handles fundraising cases). Court documents are numbered by the case's 案号
 * instead (formatCourtCaseNo).
 */
export function docCodeOf(kind: NoticeKind, facts: { instance?: unknown }, unitDocCode: string): string {
  const word = docWordOf(kind, facts);
  return noticeBodyOf(kind) === 'police' ? `${unitDocCode}（经）${word}字` : `${unitDocCode}${word}`;
}

// ---- 案号 of the courts: 最高人民法院关于人民法院案件案号的若干规定 (法〔2015〕137号, 2018 amendment) ----

/** 高级人民法院 代字 = the province's abbreviation (第四条); only Yunnan's courts are seeded. */
const PROVINCE_COURT_CODES: Readonly<Record<string, string>> = { '53': '云' };

/**
 * 法院代字 (第四条、第五条): the 高院代字, then for an intermediate court 2 digits and for a basic court 4,
 * taken from the administrative division code (532800 西双版纳州 → 云28, 532822 勐海县 → 云2822, 530000 → 云).
 */
export function courtCodeOf(regionCode: string): string {
  const province = PROVINCE_COURT_CODES[regionCode.slice(0, 2)];
  if (!/^\d{6}$/.test(regionCode) || !province) throw invalid(`没有行政区划${regionCode}的法院代字`);
  if (regionCode.endsWith('0000')) return province;
  return regionCode.endsWith('00')
    ? `${province}${regionCode.slice(2, 4)}`
    : `${province}${regionCode.slice(2)}`;
}

/**
 * （2026）云2822刑初1号 (第三条): full-width parentheses around the 收案年度, the 法院代字, the 类型代字 and the
 * case's number in that court, year and type (第十条: in order of filing, from 1), then 号.
 */
export function formatCourtCaseNo(year: number, courtCode: string, typeWord: string, seq: number): string {
  checkYear(year);
  if (!/^[\u4e00-\u9fff]+\d*$/u.test(courtCode)) throw invalid(`法院代字无效：「${courtCode}」`);
  if (!/^[\u4e00-\u9fff]{1,3}$/u.test(typeWord)) throw invalid(`类型代字无效：「${typeWord}」`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw invalid(`案件编号无效：${seq}（应为正整数）`);
  return `（${year}）${courtCode}${typeWord}${seq}号`;
}

// The 类型代字 the system issues (刑初, 刑终), after a court code of a province abbreviation and 0, 2 or 4 digits.
const COURT_CASE_NO_PATTERN = /^（(\d{4})）([\u4e00-\u9fff]{1,3}?(?:\d{2}|\d{4})?)(刑初|刑终)([1-9]\d*)号$/u;

/** The inverse of formatCourtCaseNo for first- and second-instance criminal cases; null otherwise. */
export function parseCourtCaseNo(
  caseNo: string,
): { year: number; courtCode: string; typeWord: string; seq: number } | null {
  const m = COURT_CASE_NO_PATTERN.exec(caseNo);
  if (!m || !Number.isSafeInteger(Number(m[4]))) return null;
  return { year: Number(m[1]), courtCode: m[2], typeWord: m[3], seq: Number(m[4]) };
}

/**
 * The organ's name as a judicial document heads it: local courts and procuratorates are named with their
 * province first (云南省勐海县人民法院; 最高人民检察院 文书格式样本 制作说明, 刑事诉讼文书样式).
 */
export function judicialOrganName(name: string, body: NoticeBody): string {
  if (body !== 'court' && body !== 'procuratorate') return name;
  return name.startsWith('云南省') ? name : `云南省${name}`;
}

// ---- 发文字号: 机关代字〔年份〕序号号 (GB/T 9704 §7.2.4) ----

export interface DocNo {
  /** 机关代字, e.g. 海公立. */
  code: string;
  year: number;
  seq: number;
}

// The code may hold full-width parentheses (海公（经）立) but never the year brackets, ASCII brackets,
// whitespace or a trailing 第: those are the usual typing slips that the standard rules out.
const CODE_PATTERN = /^[^\s〔〕[\]()]+$/u;
const DOC_NO_PATTERN = /^(.+)〔(\d{4})〕([1-9]\d*)号$/u;

const invalid = (message: string) => new DomainError('VALIDATION_FAILED', message);

function checkCode(code: string): void {
  if (code.length === 0 || !CODE_PATTERN.test(code) || code.endsWith('第'))
    throw invalid(`机关代字无效：「${code}」`);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw invalid(`发文年份无效：${year}（应为四位年份）`);
}

/** 海公立〔2026〕12号: the year in full inside 〔〕, no 第, no leading zeros (GB/T 9704 §7.2.4). */
export function formatDocNo(code: string, year: number, seq: number): string {
  checkCode(code);
  checkYear(year);
  if (!Number.isSafeInteger(seq) || seq < 1) throw invalid(`发文序号无效：${seq}（应为正整数）`);
  return `${code}〔${year}〕${seq}号`;
}

/** The inverse of formatDocNo; null for anything formatDocNo would not have produced. */
export function parseDocNo(docNo: string): DocNo | null {
  const m = DOC_NO_PATTERN.exec(docNo);
  if (!m) return null;
  const [code, year, seq] = [m[1], Number(m[2]), Number(m[3])];
  if (!Number.isSafeInteger(seq)) return null;
  try {
    checkCode(code);
    checkYear(year);
  } catch {
    return null;
  }
  return { code, year, seq };
}

// ---- money ----

/** A non-negative amount in 分: a safe integer, a bigint, or a string of decimal digits (pg's bigint). */
export type Fen = number | bigint | string;

function toFenBigInt(fen: Fen): bigint {
  if (typeof fen === 'bigint') {
    if (fen < 0n) throw invalid(`金额不能为负数：${fen}分`);
    return fen;
  }
  if (typeof fen === 'number') {
    // Past 2^53 a number has already lost 分; refusing it is the only way to stay exact.
    if (!Number.isSafeInteger(fen)) throw invalid(`金额必须是以分为单位的安全整数：${fen}`);
    if (fen < 0) throw invalid(`金额不能为负数：${fen}分`);
    return BigInt(fen);
  }
  if (typeof fen === 'string' && /^\d+$/.test(fen)) return BigInt(fen);
  throw invalid(`金额必须是以分为单位的非负整数：${String(fen)}`);
}

/**
 * Exact to the 分, in the style of the amounts in 判决书 and 清退 documents: integer part grouped by
 * thousands with ASCII commas, always two decimals, then 元 — 12345678901分 → '123,456,789.01元'.
 * No 万/亿 rounding: a notice that tells a participant what they are paid must not round.
 */
export function formatFenAsYuan(fen: Fen): string {
  const value = toFenBigInt(fen);
  const yuan = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${yuan}.${cents}元`;
}

/** '23.45%': the share a of b, rounded down to 0.01%, capped at 100% (a pro-rata round never pays more). */
export function formatRatio(part: Fen, whole: Fen): string {
  const a = toFenBigInt(part);
  const b = toFenBigInt(whole);
  if (b === 0n) throw invalid('比例的分母不能为零');
  const basisPoints = a >= b ? 10000n : (a * 10000n) / b;
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, '0')}%`;
}

// ---- dates ----

/** '2026-03-02' → '2026年3月2日': year in full, no leading zeros (GB/T 9704 §7.3.5.3). */
export function formatChineseDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${year}年${month}月${day}日`;
}

const HANZI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** '2026-03-02' → '二〇二六年三月二日', as court documents date themselves (刑事诉讼文书样式). */
export function formatHanziDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  const y = String(year)
    .split('')
    .map((d) => HANZI_DIGITS[Number(d)])
    .join('');
  return `${y}年${chineseNumeral(month)}月${chineseNumeral(day)}日`;
}

// ---- Chinese numerals for 序号 such as 第（三）项 and headings 一、（一） ----

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 21 → 二十一, 99 → 九十九: enough for heading and item numbers. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw invalid(`序号超出范围：${n}（应为1至99）`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}
