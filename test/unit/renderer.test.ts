import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DomainError } from '../../domain/errors';
import {
  NOTICE_KIND_CODES,
  NOTICE_KINDS,
  legalBasisOf,
  noticeBodyOf,
  type NoticeKind,
} from '../../domain/notices';
import type { NoticeData, NoticeFactsByKind } from '../../templates/notice-data';
import { createNoticeRenderer } from '../../templates/renderer';
import {
  inlineStylesheet,
  referencedStylesheet,
  stylesheetOf,
  stylesheetReference,
} from '../../templates/stylesheet';

// Small, realistic facts for every kind: the shapes the lead maps action payloads into.
const FACTS: NoticeFactsByKind = {
  early_warning: {
    riskFindings: [
      '以“认养茶树、保底分红”为名，承诺年化收益18%，向不特定村民吸收资金',
      '通过微信群、茶农推介会公开宣传',
    ],
    replyDueOn: '2026-03-16',
    contactPhone: '0691-5122345',
  },
  interview: {
    intervieweeName: '法定代表人岩某某',
    interviewOn: '2026-03-10',
    interviewTime: '上午9时30分',
    place: '勐海县人民政府第三会议室',
    matters: ['说明向社会公众吸收资金的情况', '说明资金去向和兑付安排'],
    materials: ['营业执照副本', '资金往来明细', '与投资人签订的合同'],
    contactPhone: '0691-5122345',
  },
  stop_order: {
    conduct: '自2025年6月起以“认养茶树、保底分红”为名，向社会公众吸收资金',
    requiredActions: [
      '立即停止一切吸收资金的行为',
      '妥善保管账册和合同，不得转移、隐匿资产',
      '制定清退方案，及时清退集资参与人资金',
    ],
    reportDueOn: '2026-03-20',
    reconsiderationBody: '勐海县人民政府',
    litigationCourt: '勐海县人民法院',
  },
  criminal_transfer: {
    suspectedOffence: '非法吸收公众存款罪',
    factsSummary: '该合作社以认养茶树、保底分红为名，向本县及周边村民吸收资金，到期未能兑付。',
    amountRaisedFen: '1286500000',
    participantCount: 412,
  },
  filing_decision: {
    receivedOn: '2026-03-02',
    caseSource: '勐海县打击和处置非法集资工作领导小组办公室移送',
    referralDocNo: '海打非移〔2026〕3号',
    suspectedOffence: '非法吸收公众存款罪',
  },
  non_filing: {
    receivedOn: '2026-03-02',
    caseSource: '勐海县打击和处置非法集资工作领导小组办公室移送',
    referralDocNo: '海打非移〔2026〕3号',
    reason: '现有证据不能证明有犯罪事实',
    recipientType: 'transferring_agency',
  },
  freeze_assist: {
    institution: '中国农业银行股份有限公司勐海县支行',
    accountHolder: '勐海县某某生态茶叶专业合作社',
    accountNo: '24170101040012345',
    assetLabel: '银行存款',
    amountFen: 350000000,
    includesInterest: true,
    termMonths: 6,
    startsOn: '2026-03-05',
    dueOn: '2026-09-05',
    renewal: false,
    previousDocNo: null,
  },
  seal_assist: {
    registry: '勐海县不动产登记中心',
    rightHolder: '岩某某',
    certificateNo: '云（2025）勐海县不动产权第***1234号',
    location: '勐海县勐海镇象山路12号',
    termMonths: 24,
    startsOn: '2026-03-05',
    dueOn: '2028-03-05',
    renewal: false,
    previousDocNo: null,
    freezeId: '5d2e4c1a-8b7f-4e3a-9c6d-2f1b0a9e8d7c',
    contactName: '李某',
    contactPhone: '0691-5122345',
  },
  arrest_request: {
    suspectName: '岩某某',
    suspectedOffence: '非法吸收公众存款罪',
    filedOn: '2026-03-04',
    detained: true,
    detainedOn: '2026-03-06',
    custodyPlace: '勐海县看守所',
    factsSummary: '2025年6月至2026年2月，犯罪嫌疑人岩某某以合作社名义向412名村民吸收资金1286.5万元。',
  },
  arrest_approval: {
    suspectName: '岩某某',
    suspectedOffence: '非法吸收公众存款罪',
    requestDocNo: '海公（经）提捕字〔2026〕2号',
    requestedOn: '2026-03-08',
    requestingUnit: '勐海县公安局',
  },
  arrest_refusal: {
    suspectName: '玉某某',
    suspectedOffence: '非法吸收公众存款罪',
    requestDocNo: '海公（经）提捕字〔2026〕3号',
    requestedOn: '2026-03-08',
    requestingUnit: '勐海县公安局',
    reason: '现有证据不足以证明其明知该合作社吸收公众资金',
    supplementaryItems: ['调取其与合作社之间的资金往来记录'],
  },
  prosecution_opinion: {
    caseSource: '勐海县打击和处置非法集资工作领导小组办公室移送',
    filedOn: '2026-03-04',
    suspects: [
      {
        name: '岩某某',
        role: '该合作社实际控制人',
        custodyStatus: '2026年3月12日被依法逮捕，现羁押于勐海县看守所',
      },
    ],
    charges: ['非法吸收公众存款罪'],
    factsSummary: '2025年6月至2026年2月，犯罪嫌疑人岩某某以合作社名义向社会公众吸收资金，到期未能兑付。',
    amountRaisedFen: '1286500000',
    participantCount: 412,
  },
  supplementary_investigation: {
    opinionDocNo: '海公诉〔2026〕5号',
    round: 1,
    items: ['补充集资参与人的询问笔录', '补充资金流向的审计报告'],
    dueOn: '2026-06-10',
  },
  indictment: {
    defendants: [{ name: '岩某某', role: '该合作社实际控制人', custodyStatus: '现羁押于勐海县看守所' }],
    charges: ['非法吸收公众存款罪'],
    investigatingUnit: '勐海县公安局',
    court: '勐海县人民法院',
    opinionDocNo: '海公（经）诉字〔2026〕5号',
    receivedOn: '2026-05-08',
    factsSummary: '2025年6月至2026年2月，被告人岩某某以合作社名义向社会公众吸收资金，到期未能兑付。',
    amountRaisedFen: '1286500000',
    participantCount: 412,
  },
  non_prosecution: {
    personName: '玉某某',
    charges: ['非法吸收公众存款罪'],
    investigatingUnit: '勐海县公安局',
    receivedOn: '2026-05-08',
    supplementaryRounds: 2,
    reasonSummary:
      '经二次补充侦查，现有证据仍不足以证明被不起诉人实施了起诉意见书认定的犯罪行为，不符合起诉条件。',
    appealProcuratorate: '西双版纳傣族自治州人民检察院',
    court: '勐海县人民法院',
  },
  judgment: {
    court: '勐海县人民法院',
    judgmentNo: '（2026）云2822刑初15号',
    firstInstanceNo: null,
    instance: 1,
    outcome: null,
    judgedOn: '2026-08-20',
    effectiveOn: '2026-09-01',
    prosecutor: '勐海县人民检察院',
    indictmentNo: '海检刑诉〔2026〕3号',
    indictedOn: '2026-06-01',
    charges: ['非法吸收公众存款罪'],
    appealCourt: '西双版纳傣族自治州中级人民法院',
    factsFound: '2025年6月至2026年2月，被告人岩某某以合作社名义向社会公众吸收资金，到期未能兑付。',
    defendants: [{ name: '岩某某', sentence: '有期徒刑四年，并处罚金人民币二十万元' }],
    propertyOrders: [
      {
        item: '冻结在案的合作社银行存款',
        disposition: 'return',
        dispositionLabel: '按照集资参与人的集资额比例返还',
        amountFen: 350000000,
      },
      {
        item: '扣押的越野车一辆',
        disposition: 'confiscate',
        dispositionLabel: '没收，上缴国库',
        amountFen: 0,
      },
      {
        item: '尚未追缴的违法所得',
        disposition: 'continue_recovery',
        dispositionLabel: '继续追缴',
        amountFen: '936500000',
      },
      {
        item: '被告人岩某某的违法所得',
        disposition: 'order_compensation',
        dispositionLabel: '责令退赔',
        amountFen: 1200000,
      },
    ],
    panel: { presidingJudge: '李某', judges: ['王某', '刀某'], clerk: '赵某' },
  },
  disposal_plan: {
    leadRegionName: '勐海县',
    assistingRegionNames: ['景洪市', '勐腊县'],
    participantCount: 412,
    claimsTotalFen: '1180000000',
    assets: [
      { label: '冻结银行存款', amountFen: 350000000 },
      { label: '车辆拍卖所得', amountFen: 18000000 },
    ],
    distributableFen: 360000000,
    registrationDueOn: '2026-10-31',
  },
  refund_announcement: {
    round: 1,
    participantCount: 412,
    claimsTotalFen: '1180000000',
    distributableFen: 360000000,
    payStartsOn: '2026-11-10',
    payEndsOn: '2026-12-10',
    place: '勐海县金融工作办公室',
    enquiryPhone: '0691-5122345',
  },
  refund_notice: {
    participantName: '玉某',
    idNumberMasked: '532822********1234',
    claimFen: 5000000,
    payFen: 1525423,
    round: 1,
    payStartsOn: '2026-11-10',
    bankAccountMasked: '6228********4567',
    payee: null,
    objectionDueOn: '2026-11-25',
    place: '勐海县金融工作办公室',
    enquiryPhone: '0691-5122345',
  },
  petition_acceptance: {
    receivedOn: '2026-04-01',
    channel: '来访',
    summary: '要求尽快返还在某某合作社投入的资金',
    handlingUnit: '勐海县金融工作办公室',
    handlingDueOn: '2026-05-31',
    enquiryChannel: '云南省网上信访信息系统或者拨打电话0691-5123456',
  },
  petition_opinion: {
    receivedOn: '2026-04-01',
    acceptedOn: '2026-04-03',
    summary: '要求尽快返还在某某合作社投入的资金',
    request: '要求政府先行垫付其在某某合作社投入的5万元。',
    findings: '该案已进入刑事诉讼程序，涉案资产正在依法追缴，清退将按照统一处置方案按比例进行。',
    outcome: 'explain',
    reasons: '集资参与人的损失由其自行承担，政府不予垫付；追缴的资产将依法按比例清退。',
    reviewBody: '西双版纳傣族自治州信访局',
    nextStep: 'review',
    review: 0,
  },
  petition_transfer: {
    receivedOn: '2026-04-01',
    channel: '来信',
    summary: '对公安机关冻结其账户不服',
    legalBody: '勐海县公安局',
    visit: false,
  },
  supervision: {
    deadlineTitle: '立案审查',
    ruleCode: 'FILING_REVIEW',
    ruleBasis: '《公安机关办理经济犯罪案件的若干规定》第十五条',
    startedOn: '2026-03-02',
    dueOn: '2026-03-09',
    responsibleUnit: '勐海县公安局',
    overdueDays: 2,
    replyDueOn: '2026-03-13',
  },
  deadline_reminder: {
    deadlineTitle: '审查起诉期限',
    ruleCode: 'PROSECUTION_REVIEW',
    ruleBasis: '《刑事诉讼法》第一百七十二条、第一百七十五条',
    startedOn: '2026-03-02',
    dueOn: '2026-04-02',
    responsibleUnit: '勐海县人民检察院',
    independenceBasis:
      '《中华人民共和国宪法》第一百三十六条（人民检察院依照法律规定独立行使检察权，不受行政机关、社会团体和个人的干涉）',
  },
  progress_bulletin: {
    number: 3,
    periodFrom: '2026-04-01',
    periodTo: '2026-04-30',
    progress: ['本期完成涉案账户资金流向审计，查明资金主要流向茶叶收购和个人消费。'],
    regions: [
      { name: '勐海县', roleLabel: '牵头地区', stageLabel: '已移送审查起诉', note: null },
      { name: '景洪市', roleLabel: '协办地区', stageLabel: '侦查中', note: '已登记本地集资参与人56人。' },
    ],
    frozenFen: 368000000,
    participantsRegistered: 412,
    nextSteps: ['加快涉案车辆评估拍卖', '组织各地区核对集资参与人登记信息'],
  },
  correction: {
    correctedTitle: '立案决定书',
    errors: [{ location: '第一段第二行', wrong: '2026年3月3日', correct: '2026年3月2日' }],
  },
  fundraising_suspension: {
    reason: '你单位以认养茶树、保底分红为名向不特定村民吸收资金，仍在继续',
    suspendRegistration: true,
  },
  investigation_finding: {
    findings: '你单位自2025年6月起以认养茶树、保底分红为名，承诺年化收益18%，向不特定村民吸收资金。',
    illegal: true,
    investigatedOn: '2026-03-02',
  },
  admin_seizure: {
    items: '合作社经营场所内的账册、合同和车辆一辆',
    reason: '为防止涉嫌非法集资的资产被转移、隐匿',
    extension: false,
    dueOn: '2026-04-01',
    reconsiderationBody: '勐海县人民政府',
    litigationCourt: '勐海县人民法院',
  },
  administrative_penalty: {
    partyName: '勐海县某某生态茶叶专业合作社',
    partyLabel: '非法集资人',
    amountFen: 200000000,
    basis: '《防范和处置非法集资条例》第三十条第一款（集资金额20%以上1倍以下的罚款）',
    refundPending: true,
    reconsiderationBody: '勐海县人民政府',
    litigationCourt: '勐海县人民法院',
  },
  exit_restriction_request: {
    personName: '岩某某',
    position: '实际控制人',
    reason: '有出境逃避清退的迹象',
  },
};

function sample<K extends NoticeKind>(kind: K, overrides: Partial<NoticeData> = {}): NoticeData {
  return {
    kind,
    // Court documents carry the case's 案号; the others a number of their unit's series.
    docNo: kind === 'judgment' ? '（2026）云2822刑初15号' : `海公${NOTICE_KINDS[kind].docWord}〔2026〕12号`,
    issuingUnit: { name: '勐海县公安局', daiName: null },
    issuedOn: '2026-03-02',
    addressee: '勐海县人民检察院',
    copyTo: ['勐海县打击和处置非法集资工作领导小组办公室', '西双版纳州公安局经济犯罪侦查支队'],
    printedBy: '勐海县公安局办公室',
    case: {
      caseNo: '勐海打非〔2026〕7号',
      title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
      sectorLabel: '农民专业合作社',
      regionName: '勐海县',
      subjects: [
        { kindLabel: '法人', name: '勐海县某某生态茶叶专业合作社' },
        { kindLabel: '实际控制人', name: '岩某某' },
      ],
    },
    legalBasis: NOTICE_KINDS[kind].legalBasis ?? `${NOTICE_KINDS.filing_decision.legalBasis}`,
    ...(kind === 'correction' ? { corrects: { docNo: '海公立〔2026〕11号', issuedOn: '2026-03-01' } } : {}),
    facts: structuredClone(FACTS[kind]),
    ...overrides,
  } as NoticeData;
}

const renderer = createNoticeRenderer();
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Position of each marker in the HTML; -1 when absent. */
const positions = (html: string, markers: string[]) => markers.map((m) => html.indexOf(m));

const LAYOUT_ORDER = [
  'class="masthead"',
  'class="doc-no"',
  'class="red-rule"',
  'class="title"',
  'class="addressee"',
  'class="body"',
  'class="signature"',
  'class="signer"',
  'class="signed-on"',
  'class="colophon"',
];

const ADMINISTRATIVE = NOTICE_KIND_CODES.filter((k) => noticeBodyOf(k) === 'administrative');
const JUDICIAL = NOTICE_KIND_CODES.filter((k) => noticeBodyOf(k) !== 'administrative');

// 首部 (organ, document name, number), 正文, 尾部: police, procuratorate and court forms have no masthead,
// red rule, 主送 line of GB/T 9704 kind, or 版记.
const JUDICIAL_ORDER = [
  'class="judicial-head"',
  'class="organ"',
  'class="title"',
  'class="judicial-no"',
  'class="body"',
  'class="tail"',
];

describe('notice renderer', () => {
  it('when kinds are sorted by body, then GB/T 9704 keeps the administrative ones and the police, procuratorate and court issue theirs in their own forms', () => {
    expect(JUDICIAL.map((k) => `${k}:${noticeBodyOf(k)}`)).toEqual([
      'filing_decision:police',
      'non_filing:police',
      'freeze_assist:police',
      'seal_assist:police',
      'arrest_request:police',
      'arrest_approval:procuratorate',
      'arrest_refusal:procuratorate',
      'prosecution_opinion:police',
      'supplementary_investigation:procuratorate',
      'indictment:procuratorate',
      'non_prosecution:procuratorate',
      'judgment:court',
    ]);
    expect(ADMINISTRATIVE).toContain('criminal_transfer');
    expect(ADMINISTRATIVE).toContain('correction');
  });

  describe.each(JUDICIAL)('when a %s notice is rendered', (kind) => {
    const data = sample(kind);
    const { html } = renderer.render(data);

    it('then its 首部, 正文 and 尾部 come in order, with none of the GB/T 9704 elements', () => {
      // A fill-in form's 存根 comes first, on a page of its own; the order is that of the 正本 after it.
      const original = html.slice(html.indexOf('</section>') + 1);
      const at = positions(original, JUDICIAL_ORDER);
      expect(at.every((p) => p >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      for (const absent of ['class="masthead"', 'class="red-rule"', 'class="colophon"', 'class="signature"'])
        expect(html).not.toContain(absent);
      expect(html).toContain(`<div class="judicial-no">${data.docNo}</div>`);
    });
  });

  describe.each(ADMINISTRATIVE)('when a %s notice is rendered', (kind) => {
    const { html, templateVersion } = renderer.render(sample(kind));

    it('then every GB/T 9704 element is present, in order', () => {
      const at = positions(html, LAYOUT_ORDER);
      expect(at.every((p) => p >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    });

    it('then the number, title, addressee, legal basis, signature, date and colophon carry the data', () => {
      const data = sample(kind);
      expect(html).toContain(`<div class="doc-no">${data.docNo}</div>`);
      expect(html).toContain(`<p class="addressee">${data.addressee}：</p>`);
      expect(html).toContain(data.legalBasis);
      expect(html).toContain('<div class="signer">勐海县公安局</div>');
      expect(html).toContain('<div class="signed-on">2026年3月2日</div>');
      expect(html).toContain(
        '抄送：</span><span class="names">勐海县打击和处置非法集资工作领导小组办公室，西双版纳州公安局经济犯罪侦查支队。',
      );
      expect(html).toContain(
        '<span class="printed-by">勐海县公安局办公室</span><span class="printed-on">2026年3月2日印发</span>',
      );
      expect(html).toContain('印章位置');
    });

    it('then the title is the catalogue title or names the case', () => {
      const title = /<h1 class="title">([^<]+)<\/h1>/.exec(html)?.[1] ?? '';
      expect(title === NOTICE_KINDS[kind].title || title.startsWith(sample(kind).case.title)).toBe(true);
    });

    it('then no placeholder, script or unknown value leaks into the page', () => {
      expect(html).not.toMatch(/undefined|null|NaN|\[object Object\]|<script/);
      expect(templateVersion).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  it('when the unit has a Dai name, then a New Tai Lue masthead line is printed in red above the Chinese name', () => {
    const daiName = 'ᦵᦙᦲᧂᦠᦱᧆ';
    const { html } = renderer.render(
      sample('early_warning', { issuingUnit: { name: '勐海县公安局', daiName } }),
    );
    expect(html).toContain(`lang="khb"`);
    expect(html).toContain(daiName);
    expect(html.indexOf('class="masthead-dai"')).toBeLessThan(html.indexOf('class="masthead-name"'));
  });

  it('when the unit has no Dai name, then the masthead has only the Chinese name', () => {
    for (const daiName of [null, undefined]) {
      const { html } = renderer.render(
        sample('filing_decision', { issuingUnit: { name: '勐海县公安局', daiName } }),
      );
      expect(html).not.toContain('class="masthead-dai"');
      expect(html).toContain('勐海县公安局</div>');
    }
  });

  it('when a party is named with markup, then it is printed as text', () => {
    const evil = '<script>alert(1)</script>';
    const data = sample('early_warning', { addressee: evil });
    const { html } = renderer.render(data);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    const subjects = sample('criminal_transfer');
    subjects.case.subjects = [{ kindLabel: '法人', name: evil }];
    expect(renderer.render(subjects).html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;（法人）');
  });

  it('when a fact is missing, then rendering throws VALIDATION_FAILED instead of printing a blank', () => {
    const noPhone = sample('early_warning');
    delete (noPhone.facts as Partial<NoticeFactsByKind['early_warning']>).contactPhone;
    expect(() => renderer.render(noPhone)).toThrow(DomainError);
    expect(() => renderer.render(noPhone)).toThrow(/contactPhone/);

    const noList = sample('supplementary_investigation');
    delete (noList.facts as Partial<NoticeFactsByKind['supplementary_investigation']>).items;
    expect(() => renderer.render(noList)).toThrow(/each/);

    const noAmount = sample('freeze_assist');
    delete (noAmount.facts as Partial<NoticeFactsByKind['freeze_assist']>).amountFen;
    expect(() => renderer.render(noAmount)).toThrow(/yuan/);

    const noFlag = sample('arrest_request');
    delete (noFlag.facts as Partial<NoticeFactsByKind['arrest_request']>).detained;
    expect(() => renderer.render(noFlag)).toThrow(/if/);
  });

  it('when an envelope field is missing, then every missing field is reported at once', () => {
    const data = sample('early_warning') as Partial<NoticeData>;
    delete data.addressee;
    delete data.printedBy;
    try {
      renderer.render(data as NoticeData);
      throw new Error('expected a validation error');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION_FAILED');
      expect((e as DomainError).errors?.map((f) => f.field)).toEqual(['/addressee', '/printedBy']);
    }
  });

  it('when the number is not in 代字〔年份〕序号号 form, then rendering is refused', () => {
    expect(() => renderer.render(sample('early_warning', { docNo: '海公立[2026]012号' }))).toThrow(
      /发文字号/,
    );
  });

  it('when a correction has no corrected notice, then rendering is refused', () => {
    expect(() => renderer.render(sample('correction', { corrects: null }))).toThrow(/被更正文书/);
  });

  it('when a notice replaces an earlier one, then a 附注 names it', () => {
    const { html } = renderer.render(
      sample('supervision', { corrects: { docNo: '海金督〔2026〕3号', issuedOn: '2026-03-01' } }),
    );
    expect(html).toContain(
      '<p class="note">（本件更正海金督〔2026〕3号（2026年3月1日印发），原件同时作废。）</p>',
    );
    expect(html.indexOf('class="note"')).toBeGreaterThan(html.indexOf('class="signed-on"'));
    expect(html.indexOf('class="note"')).toBeLessThan(html.indexOf('class="colophon"'));
  });

  it('when a refund notice carries an unmasked identity number, then rendering is refused', () => {
    const data = sample('refund_notice');
    (data.facts as NoticeFactsByKind['refund_notice']).idNumberMasked = '53282219900101123X';
    expect(() => renderer.render(data)).toThrow(/脱敏/);
  });

  it('when there are attachments, then the 附件说明 numbers them under the first, without punctuation', () => {
    const one = renderer.render(sample('criminal_transfer', { attachments: ['调查报告'] })).html;
    expect(one).toContain('<span>附件：</span>\n<span>调查报告</span>');
    const two = renderer.render(
      sample('criminal_transfer', { attachments: ['调查报告', '涉案物品清单'] }),
    ).html;
    expect(two).toContain('<li>1.调查报告</li>\n<li>2.涉案物品清单</li>');
    expect(two.indexOf('class="attachments"')).toBeLessThan(two.indexOf('class="signature"'));
    expect(renderer.render(sample('criminal_transfer')).html).not.toContain('class="attachments"');
  });

  it('when amounts and dates are printed, then they are exact and in the official style', () => {
    const { html } = renderer.render(sample('freeze_assist'));
    expect(html).toContain('冻结数额：人民币3,500,000.00元（含孳息）');
    expect(html).toContain('自2026年3月5日起至2026年9月5日止');
    expect(renderer.render(sample('refund_notice')).html).toContain('人民币15,254.23元');
  });

  it('when a freeze is renewed, then the notice says 续冻 and names the earlier notice', () => {
    const data = sample('freeze_assist');
    Object.assign(data.facts, { renewal: true, previousDocNo: '海公冻〔2026〕3号' });
    const { html } = renderer.render(data);
    expect(html).toContain('继续冻结（续冻），原冻结通知书为海公冻〔2026〕3号');
  });

  it('when the suspect is not detained, then the arrest request asks for the 15-day review', () => {
    const data = sample('arrest_request');
    Object.assign(data.facts, { detained: false, detainedOn: null, custodyPlace: null });
    const { html } = renderer.render(data);
    expect(html).toContain('现未被羁押');
    expect(html).toContain('十五日以内');
    expect(renderer.render(sample('arrest_request')).html).toContain('七日以内');
  });

  describe('when the second instance decides an appeal (刑诉法 art.236)', () => {
    const appeal = (outcome: 'upheld' | 'amended', propertyOrders?: []) => {
      const facts = {
        ...structuredClone(FACTS.judgment),
        judgmentNo: '（2026）云28刑终3号',
        firstInstanceNo: '（2026）云2822刑初15号',
        appealCourt: null,
        instance: 2 as const,
        outcome,
        ...(propertyOrders ? { propertyOrders } : {}),
      };
      const data = sample('judgment', {
        docNo: '（2026）云28刑终3号',
        issuingUnit: { name: '西双版纳傣族自治州中级人民法院', daiName: null },
        legalBasis: legalBasisOf('judgment', facts)!,
        facts,
      });
      return renderer.render(data).html;
    };
    const title = (html: string) => /<h1 class="title">([^<]+)<\/h1>/.exec(html)?.[1];

    it('then upholding it is a 刑事裁定书 of the intermediate court that dismisses the appeal under item (一), citing the first instance', () => {
      const html = appeal('upheld');
      expect(title(html)).toBe('刑事裁定书');
      expect(html).toContain(' 刑事裁定书</title>');
      expect(html).toContain('<div class="organ">云南省西双版纳傣族自治州中级人民法院</div>');
      expect(html).toContain('<div class="judicial-no">（2026）云28刑终3号</div>');
      expect(html).toContain('作出（2026）云2822刑初15号刑事判决');
      expect(html).toContain('上诉人（原审被告人）岩某某');
      expect(html).toContain('<p>驳回上诉，维持原判。</p>');
      expect(html).toContain('本裁定为终审裁定');
      expect(html).toContain('《中华人民共和国刑事诉讼法》第二百三十六条第一款第（一）项');
      expect(html).not.toContain('判决如下');
      expect(html).not.toContain('如不服本判决');
    });

    it('then upholding it without property orders of its own keeps those of the first instance', () => {
      expect(appeal('upheld', [])).toContain('<p>涉案财物：按原判决执行。</p>');
    });

    it('then amending it is a 刑事判决书 that gives the amended result and is final', () => {
      const html = appeal('amended');
      expect(title(html)).toBe('刑事判决书');
      expect(html).toContain('原判部分不当，应予改判');
      expect(html).toContain('判决如下：');
      expect(html).toContain('本判决为终审判决');
      expect(html).toContain('《中华人民共和国刑事诉讼法》第二百三十六条第一款和');
      expect(html).not.toContain('裁定');
    });
  });

  it('when the same data is rendered twice, then the bytes and the version are identical', () => {
    for (const kind of NOTICE_KIND_CODES) {
      const a = renderer.render(sample(kind));
      const b = createNoticeRenderer().render(sample(kind));
      expect(sha256(b.html)).toBe(sha256(a.html));
      expect(b.templateVersion).toBe(a.templateVersion);
    }
  });

  it('when the version is stable, then each kind has its own and it is what render reports', () => {
    const versions = NOTICE_KIND_CODES.map((k) => renderer.versionOf(k));
    expect(new Set(versions).size).toBe(NOTICE_KIND_CODES.length);
    expect(renderer.render(sample('judgment')).templateVersion).toBe(renderer.versionOf('judgment'));
  });

  it('when stored data is re-rendered with its version, then the bytes match; another version is refused', () => {
    const data = sample('disposal_plan');
    const first = renderer.render(data);
    expect(renderer.renderVersion(data, first.templateVersion).html).toBe(first.html);
    try {
      renderer.renderVersion(data, '0000000000000000');
      throw new Error('expected NOT_AVAILABLE');
    } catch (e) {
      expect((e as DomainError).code).toBe('NOT_AVAILABLE');
    }
  });
});

describe('the print stylesheet, archived once (0008)', () => {
  const { html } = renderer.render(sample('refund_notice'));
  const { css, sha256: sheet } = renderer.stylesheet;

  it('when a notice is rendered, then it carries no CSS, only a reference naming the stylesheet by its sha256', () => {
    expect(sheet).toBe(sha256(css));
    expect(css.length).toBeGreaterThan(5000);
    expect(html).not.toContain('<style');
    expect(html).not.toContain(css.slice(0, 200));
    expect(referencedStylesheet(html)).toBe(sheet);
    expect(html).toContain(
      `<meta charset="utf-8">\n<link rel="stylesheet" href="/api/notice-stylesheets/${sheet}.css" data-notice-stylesheet="${sheet}">\n<title>`,
    );
    expect(html.length).toBeLessThan(css.length);
  });

  it('when the stylesheet is inlined, then the reference is replaced by the CSS and nothing else changes', () => {
    const served = inlineStylesheet(html, renderer.stylesheet);
    expect(served).toContain(`<meta charset="utf-8">\n<style>\n${css}</style>\n<title>`);
    expect(served).not.toContain('data-notice-stylesheet');
    expect(served.replace(`<style>\n${css}</style>`, stylesheetReference(sheet))).toBe(html);
    expect(referencedStylesheet(served)).toBeNull();
  });

  it('when a notice already carries its own <style> (stored before 0008), then inlining leaves it unchanged', () => {
    const served = inlineStylesheet(html, renderer.stylesheet);
    expect(inlineStylesheet(served, renderer.stylesheet)).toBe(served);
  });

  it('when a notice references another stylesheet than the one given, then inlining refuses', () => {
    expect(() => inlineStylesheet(html, stylesheetOf(`${css}\n/* changed */`))).toThrow(
      /references stylesheet/,
    );
  });

  it('when the CSS changes, then the stylesheet and every template version change with it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
    try {
      cpSync(path.join(__dirname, '../../templates'), dir, { recursive: true });
      appendFileSync(path.join(dir, 'partials', 'print-css.css'), '/* changed */\n');
      const changed = createNoticeRenderer({ templatesDir: dir });
      expect(changed.stylesheet.sha256).not.toBe(sheet);
      for (const kind of NOTICE_KIND_CODES)
        expect(changed.versionOf(kind)).not.toBe(renderer.versionOf(kind));
      expect(referencedStylesheet(changed.render(sample('refund_notice')).html)).toBe(
        changed.stylesheet.sha256,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pinned output', () => {
  // Update these deliberately: a new value means every stored notice of this kind now carries an older
  // templateVersion, which renderVersion will refuse until old templates are kept (see renderer.ts).
  it('when the early-warning sample is rendered, then its bytes and version are the pinned ones', () => {
    const { html, templateVersion } = renderer.render(sample('early_warning'));
    expect({ templateVersion, sha256: sha256(html), stylesheet: renderer.stylesheet.sha256 }).toEqual({
      templateVersion: 'd18a5825cce645b1',
      sha256: 'cba25ac5e69802445e5bab5916e5725754a85e8d3056397773c11ed85ef1cb68',
      stylesheet: 'fcdfe49a9ddde7117402b3242260f4631593fdf592c0affda24c437598f4c545',
    });
  });

  it('when the sample is served with its stylesheet inlined, then its bytes hash to the pinned value, the one published for it', () => {
    const { html } = renderer.render(sample('early_warning'));
    const served = sha256(inlineStylesheet(html, renderer.stylesheet));
    expect(served).toBe('ead1d7a71c552d4481d3499e84822b23cac7fb72f91b4028407bdd7b472f2d24');
    expect(renderer.servedSha256(html)).toBe(served);
  });
});

describe('the published sha256 is the hash of the served page (0010)', () => {
  it.each(NOTICE_KIND_CODES)(
    'when a %s is rendered, then servedSha256 equals the sha256 of the page with its stylesheet inlined, not of the stored form',
    (kind) => {
      const { html } = renderer.render(sample(kind));
      const served = inlineStylesheet(html, renderer.stylesheet);
      // Every notice starts with the same bytes up to its stylesheet: what lets the hash skip the CSS.
      expect(
        html.startsWith(
          `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n${stylesheetReference(renderer.stylesheet.sha256)}\n`,
        ),
      ).toBe(true);
      expect(renderer.servedSha256(html)).toBe(sha256(served));
      expect(renderer.servedSha256(html)).not.toBe(sha256(html));
    },
  );

  it('when a stored page does not start the usual way, then its served hash is still the hash of the inlined page', () => {
    const { html } = renderer.render(sample('early_warning'));
    const odd = html.replace('<!DOCTYPE html>\n', '<!DOCTYPE html>\n<!-- moved -->\n');
    expect(renderer.servedSha256(odd)).toBe(sha256(inlineStylesheet(odd, renderer.stylesheet)));
  });

  it('when a page already carries its own <style>, then its served hash is the hash of its bytes', () => {
    const served = inlineStylesheet(renderer.render(sample('early_warning')).html, renderer.stylesheet);
    expect(renderer.servedSha256(served)).toBe(sha256(served));
  });
});
