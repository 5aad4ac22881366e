// Each body's own formats and numbers (issue 11): court 案号, police and procuratorate numbers, the court's
// judgment with its property orders as ordered, the procuratorate's 起诉书 and fill-in arrest forms, the
// police forms, and the GB/T 9704 elements an administrative document may carry.
import { buildFacts, type FactsContext } from '../../activities/notice.facts';
import { documentMarksOf } from '../../activities/notice.service';
import {
  courtCodeOf,
  docCodeOf,
  formatCourtCaseNo,
  formatDocNo,
  formatHanziDate,
  legalBasisOf,
  parseCourtCaseNo,
} from '../../domain/notices';
import type { NoticeData } from '../../templates/notice-data';
import { createNoticeRenderer } from '../../templates/renderer';

const renderer = createNoticeRenderer();

const CASE = {
  caseNo: '勐海打非〔2026〕7号',
  title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
  sectorLabel: '农民专业合作社',
  regionName: '勐海县',
  subjects: [{ kindLabel: '实际控制人', name: '岩某某' }],
};

function data(kind: NoticeData['kind'], unit: string, docNo: string, facts: object, extra: object = {}) {
  return {
    kind,
    docNo,
    issuingUnit: { name: unit, daiName: null },
    issuedOn: '2026-08-20',
    addressee: '勐海县公安局',
    copyTo: [],
    printedBy: unit,
    case: CASE,
    legalBasis: legalBasisOf(kind, facts) ?? '',
    facts,
    ...extra,
  } as NoticeData;
}

/** Positions of markers in the html; the test asserts they are all there, in this order. */
function expectInOrder(html: string, markers: string[]): void {
  const at = markers.map((m) => html.indexOf(m));
  expect(markers.filter((_, i) => at[i] < 0)).toEqual([]);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}

const context = (over: Partial<FactsContext> = {}): FactsContext => ({
  issuedOn: '2026-08-20',
  addressee: '本案当事人',
  regionName: '勐海县',
  issuerName: '勐海县人民法院',
  unitName: (role) =>
    ({ court: '勐海县人民法院', procuratorate: '勐海县人民检察院', police: '勐海县公安局' })[role] ?? '',
  caseInfo: {
    title: CASE.title,
    summary: '2025年6月至2026年2月，被告人岩某某以合作社名义向社会公众吸收资金1286.5万元。',
    estimatedAmountFen: 1286500000,
    estimatedParticipants: 412,
    subjects: [{ kind: 'actual_controller', name: '岩某某' }],
    regionNames: ['勐海县'],
  },
  latest: (kind) =>
    kind === 'indictment'
      ? { docNo: '海检刑诉〔2026〕3号', issuedOn: '2026-06-01', facts: { charges: ['非法吸收公众存款罪'] } }
      : null,
  corrected: null,
  parentUnitName: (role) => (role === 'court' ? '西双版纳傣族自治州中级人民法院' : null),
  courtCaseNo: { own: '（2026）云2822刑初1号', firstInstance: null },
  ...over,
});

describe('numbers as each body numbers them', () => {
  it('when a court is named by its region, then its 法院代字 is the province 云 and 2 or 4 digits of the division code', () => {
    expect(courtCodeOf('532822')).toBe('云2822');
    expect(courtCodeOf('532801')).toBe('云2801');
    expect(courtCodeOf('532800')).toBe('云28');
    expect(courtCodeOf('530000')).toBe('云');
    expect(() => courtCodeOf('110101')).toThrow(/法院代字/);
  });

  it('when a 案号 is formatted, then it reads （2026）云2822刑初1号 with full-width parentheses and parses back', () => {
    expect(formatCourtCaseNo(2026, '云2822', '刑初', 1)).toBe('（2026）云2822刑初1号');
    expect(formatCourtCaseNo(2026, '云28', '刑终', 12)).toBe('（2026）云28刑终12号');
    for (const no of ['（2026）云2822刑初1号', '（2026）云28刑终12号', '（2026）云刑终3号'])
      expect(parseCourtCaseNo(no)).not.toBeNull();
    expect(parseCourtCaseNo('（2026）云2822刑初1号')).toEqual({
      year: 2026,
      courtCode: '云2822',
      typeWord: '刑初',
      seq: 1,
    });
    for (const bad of [
      '(2026)云2822刑初1号',
      '（2026）云2822刑初01号',
      '云2822刑初〔2026〕1号',
      '（26）云2822刑初1号',
    ])
      expect(parseCourtCaseNo(bad)).toBeNull();
    expect(() => formatCourtCaseNo(2026, '云2822', '刑初', 0)).toThrow(/案件编号/);
  });

  it('when police and procuratorate documents are numbered, then they read 海公（经）立字〔2026〕3号 and 海检批捕〔2026〕2号', () => {
    expect(formatDocNo(docCodeOf('filing_decision', {}, '海公'), 2026, 3)).toBe('海公（经）立字〔2026〕3号');
    expect(formatDocNo(docCodeOf('arrest_request', {}, '海公'), 2026, 1)).toBe('海公（经）提捕字〔2026〕1号');
    expect(formatDocNo(docCodeOf('freeze_assist', {}, '海公'), 2026, 9)).toBe('海公（经）冻财字〔2026〕9号');
    expect(formatDocNo(docCodeOf('arrest_approval', {}, '海检'), 2026, 2)).toBe('海检批捕〔2026〕2号');
    expect(formatDocNo(docCodeOf('indictment', {}, '海检'), 2026, 1)).toBe('海检刑诉〔2026〕1号');
    expect(formatDocNo(docCodeOf('early_warning', {}, '海金'), 2026, 4)).toBe('海金预警〔2026〕4号');
  });

  it('when a court dates a document, then it is in Chinese numerals', () => {
    expect(formatHanziDate('2026-08-20')).toBe('二〇二六年八月二十日');
    expect(formatHanziDate('2030-12-01')).toBe('二〇三〇年十二月一日');
  });
});

describe('property orders as ordered (刑诉解释 art.444, 445)', () => {
  const payload = {
    instance: 1,
    defendants: ['岩某某'],
    verdict: '有期徒刑四年，并处罚金人民币二十万元',
    propertyOrders: [
      { description: '冻结的合作社银行存款', amountFen: 350000000, disposition: 'return' },
      { description: '扣押的越野车一辆', amountFen: 18000000, disposition: 'confiscate' },
      { description: '尚未追缴的违法所得', amountFen: 936500000, disposition: 'continue_recovery' },
      { description: '被告人的违法所得', amountFen: 1200000, disposition: 'order_compensation' },
      { description: '冻结的理财资金', amountFen: 500000 },
    ],
    panel: { presidingJudge: '李某', judges: ['王某', '刀某'], clerk: '赵某' },
  };

  it('when the judgment orders every disposition, then each item keeps its own, with its amount, and one given none is returned', () => {
    const facts = buildFacts('judgment', payload, context());
    expect(facts.propertyOrders).toEqual([
      {
        item: '冻结的合作社银行存款',
        disposition: 'return',
        dispositionLabel: '按照集资参与人的集资额比例返还',
        amountFen: 350000000,
      },
      {
        item: '扣押的越野车一辆',
        disposition: 'confiscate',
        dispositionLabel: '没收，上缴国库',
        amountFen: 18000000,
      },
      {
        item: '尚未追缴的违法所得',
        disposition: 'continue_recovery',
        dispositionLabel: '继续追缴',
        amountFen: 936500000,
      },
      {
        item: '被告人的违法所得',
        disposition: 'order_compensation',
        dispositionLabel: '责令退赔',
        amountFen: 1200000,
      },
      {
        item: '冻结的理财资金',
        disposition: 'return',
        dispositionLabel: '按照集资参与人的集资额比例返还',
        amountFen: 500000,
      },
    ]);
    const html = renderer.render(data('judgment', '勐海县人民法院', '（2026）云2822刑初1号', facts)).html;
    expectInOrder(html, [
      '（一）冻结的合作社银行存款，人民币3,500,000.00元，按照集资参与人的集资额比例返还。',
      '（二）扣押的越野车一辆，人民币180,000.00元，没收，上缴国库。',
      '（三）尚未追缴的违法所得，人民币9,365,000.00元，继续追缴。',
      '（四）被告人的违法所得，人民币12,000.00元，责令退赔。',
      '（五）冻结的理财资金，人民币5,000.00元，按照集资参与人的集资额比例返还。',
    ]);
    expect(html).not.toContain('追缴后按比例发还集资参与人');
  });

  it('when the first-instance judgment is rendered, then it has the 首部, 审理经过, 事实, 理由, 判决结果 and the 尾部 with 合议庭 and 书记员, in order', () => {
    const facts = buildFacts('judgment', payload, context());
    const html = renderer.render(data('judgment', '勐海县人民法院', '（2026）云2822刑初1号', facts)).html;
    expectInOrder(html, [
      '<div class="organ">云南省勐海县人民法院</div>',
      '<h1 class="title">刑事判决书</h1>',
      '<div class="judicial-no">（2026）云2822刑初1号</div>',
      '公诉机关勐海县人民检察院。',
      '被告人岩某某。',
      '勐海县人民检察院以海检刑诉〔2026〕3号起诉书指控被告人岩某某犯非法吸收公众存款罪，于2026年6月1日向本院提起公诉。本院依法组成合议庭',
      '经审理查明：2025年6月至2026年2月',
      '本院认为，',
      '判决如下：',
      '一、被告人岩某某犯非法吸收公众存款罪，判处有期徒刑四年，并处罚金人民币二十万元。',
      '（一）冻结的合作社银行存款',
      '如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向西双版纳傣族自治州中级人民法院提出上诉。',
      '审　判　长　李某',
      '审　判　员　王某',
      '审　判　员　刀某',
      '二〇二六年八月二十日',
      '（院印）',
      '本件与原本核对无异',
      '书　记　员　赵某',
    ]);
    expect(html).not.toContain('class="addressee"');
  });

  it('when the panel was not recorded, then the 尾部 keeps blank lines to sign', () => {
    const facts = buildFacts('judgment', { ...payload, panel: undefined }, context());
    const html = renderer.render(data('judgment', '勐海县人民法院', '（2026）云2822刑初1号', facts)).html;
    expectInOrder(html, ['审　判　长　　', '审　判　员　　', '审　判　员　　', '书　记　员　　']);
  });

  it('when a court document carries a 机关代字〔年〕号 number instead of a 案号, then it is refused', () => {
    const facts = buildFacts('judgment', payload, context());
    expect(() => renderer.render(data('judgment', '勐海县人民法院', '海法刑初〔2026〕1号', facts))).toThrow(
      /案号/,
    );
  });
});

describe('procuratorate and police forms', () => {
  it('when an indictment is rendered, then it ends 此致 the court, 检察员, the date, 院印, and the 附项', () => {
    const facts = buildFacts(
      'indictment',
      { defendants: ['岩某某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
      {
        ...context(),
        latest: (k) =>
          k === 'prosecution_opinion'
            ? { docNo: '海公（经）诉字〔2026〕5号', issuedOn: '2026-05-08', facts: {} }
            : null,
      },
    );
    const html = renderer.render(data('indictment', '勐海县人民检察院', '海检刑诉〔2026〕1号', facts)).html;
    expectInOrder(html, [
      '<div class="organ">云南省勐海县人民检察院</div>',
      '<h1 class="title">起诉书</h1>',
      '<div class="judicial-no">海检刑诉〔2026〕1号</div>',
      '被告人岩某某',
      '本案由勐海县公安局侦查终结（海公（经）诉字〔2026〕5号起诉意见书）',
      '经依法审查查明：',
      '本院认为，',
      '提起公诉，请依法判处。',
      '<p>此致</p>',
      '<p class="plain">勐海县人民法院</p>',
      '检察员',
      '2026年8月20日',
      '（院印）',
      '附：',
      '案卷材料和证据',
    ]);
    expect(html).not.toContain('class="addressee"');
  });

  it.each(['arrest_approval', 'arrest_refusal'] as const)(
    'when a %s is rendered, then it is the fill-in form: its 存根 on a page of its own, then the 正本 to the police',
    (kind) => {
      const facts = buildFacts(
        kind,
        { suspectName: '岩某某', offence: '非法吸收公众存款罪', reason: '现有证据不足以证明有犯罪事实' },
        {
          ...context(),
          latest: (k) =>
            k === 'arrest_request'
              ? { docNo: '海公（经）提捕字〔2026〕2号', issuedOn: '2026-03-08', facts: {} }
              : null,
        },
      );
      const html = renderer.render(data(kind, '勐海县人民检察院', '海检批捕〔2026〕2号', facts)).html;
      expectInOrder(html, [
        '<section class="stub">',
        '（存根）　海检批捕〔2026〕2号',
        '案件名称：勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
        '犯罪嫌疑人：岩某某',
        '提请批准逮捕机关：勐海县公安局',
        '提请批准逮捕书文号：海公（经）提捕字〔2026〕2号',
        '批准人：',
        '填发时间：2026年8月20日',
        '</section>',
        '<header class="judicial-head">',
        '<p class="addressee">勐海县公安局：</p>',
        '你局于2026年3月8日以海公（经）提捕字〔2026〕2号提请批准逮捕书提请批准逮捕',
        '（院印）',
      ]);
    },
  );

  it('when the police file a case, then the 立案决定书 is their form: the bureau, its number 海公（经）立字, the decision and the bureau seal', () => {
    const facts = buildFacts('filing_decision', { offence: '非法吸收公众存款罪' }, context());
    const html = renderer.render(
      data('filing_decision', '勐海县公安局', '海公（经）立字〔2026〕3号', facts),
    ).html;
    expectInOrder(html, [
      '<div class="organ">勐海县公安局</div>',
      '<h1 class="title">立案决定书</h1>',
      '<div class="judicial-no">海公（经）立字〔2026〕3号</div>',
      '决定对岩某某（实际控制人）涉嫌非法吸收公众存款罪案立案侦查。',
      '<p class="sign-line">（勐海县公安局印）</p>',
      '<p class="sign-line">2026年8月20日</p>',
    ]);
    expect(html).not.toContain('class="masthead"');
  });
});

describe('GB/T 9704 elements that can be set (§7.2.1–7.2.3, §7.3.4)', () => {
  const warning = (extra: object) =>
    data(
      'early_warning',
      '勐海县人民政府金融工作办公室',
      '海金预警〔2026〕4号',
      { riskFindings: ['承诺保本付息'], replyDueOn: '2026-09-04', contactPhone: '' },
      extra,
    );

  it('when 份号, 密级和保密期限 and 紧急程度 are set, then they are printed on the first lines of the 版头, above the masthead', () => {
    const { html } = renderer.render(
      warning({ copyNo: '000123', classification: { level: '秘密', term: '1年' }, urgency: '特急' }),
    );
    expectInOrder(html, [
      '<div class="marks">',
      '<div class="copy-no">000123</div>',
      '<div class="classification">秘密★1年</div>',
      '<div class="urgency">特急</div>',
      'class="masthead-name"',
    ]);
  });

  it('when none is set, then the 版头 has none', () => {
    expect(renderer.render(warning({})).html).not.toContain('class="marks"');
  });

  it('when a classified document has no 份号, or a 份号 is not 6 digits, or an unknown urgency is given, then it is refused field by field', () => {
    expect(() => renderer.render(warning({ classification: { level: '秘密', term: null } }))).toThrow(/份号/);
    expect(() => renderer.render(warning({ copyNo: '12' }))).toThrow(/6位/);
    expect(() => renderer.render(warning({ urgency: '急' }))).toThrow(/紧急程度/);
  });

  it('when a 移送书 is issued, then its 附件说明 lists the report, the property list and the expert opinions (移送规定 第六条); judicial forms carry none', () => {
    expect(documentMarksOf('criminal_transfer', {})).toEqual({
      attachments: ['涉嫌犯罪案件调查报告', '涉案物品清单', '有关检验报告或者鉴定意见'],
    });
    expect(
      documentMarksOf('early_warning', { documentMarks: { copyNo: '000001', urgency: '加急' } }),
    ).toEqual({
      copyNo: '000001',
      urgency: '加急',
    });
    expect(documentMarksOf('judgment', { documentMarks: { copyNo: '000001' } })).toEqual({});
  });
});
