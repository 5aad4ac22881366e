// One document of each body, with fixed data, for the golden-file test (test/integration/golden.test.ts):
// printed to PDF and read back with pdftotext, each must give test/golden/<name>.txt line for line.
import { buildFacts, type FactsContext } from '../../activities/notice.facts';
import { documentMarksOf } from '../../activities/notice.service';
import { legalBasisOf, type NoticeKind } from '../../domain/notices';
import type { NoticeData } from '../../templates/notice-data';

const CASE = {
  caseNo: '勐海打非〔2026〕7号',
  title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
  sectorLabel: '农民专业合作社',
  regionName: '勐海县',
  subjects: [
    { kindLabel: '法人', name: '勐海县某某生态茶叶专业合作社' },
    { kindLabel: '实际控制人', name: '岩某某' },
  ],
};

const UNITS: Record<string, string> = {
  financial_office: '勐海县人民政府金融工作办公室',
  police: '勐海县公安局',
  procuratorate: '勐海县人民检察院',
  court: '勐海县人民法院',
};

const context = (issuedOn: string, latest: FactsContext['latest']): FactsContext => ({
  issuedOn,
  addressee: '',
  regionName: '勐海县',
  issuerName: '',
  unitName: (role) => UNITS[role] ?? '',
  caseInfo: {
    title: CASE.title,
    summary:
      '2025年6月至2026年2月，岩某某以合作社名义承诺高额回报，向412名村民吸收资金1286.5万元，到期未能兑付。',
    estimatedAmountFen: 1286500000,
    estimatedParticipants: 412,
    subjects: [{ kind: 'actual_controller', name: '岩某某' }],
    regionNames: ['勐海县'],
  },
  latest,
  corrected: null,
  parentUnitName: (role) => (role === 'court' ? '西双版纳傣族自治州中级人民法院' : null),
  courtCaseNo: { own: '（2026）云2822刑初1号', firstInstance: null },
});

function notice(
  kind: NoticeKind,
  unit: string,
  docNo: string,
  issuedOn: string,
  addressee: string,
  payload: Record<string, unknown>,
  latest: FactsContext['latest'] = () => null,
): NoticeData {
  const facts = buildFacts(kind, payload, context(issuedOn, latest));
  return {
    kind,
    docNo,
    issuingUnit: { name: unit, daiName: null },
    issuedOn,
    addressee,
    copyTo:
      kind === 'criminal_transfer'
        ? ['勐海县人民检察院', '西双版纳州打击和处置非法集资工作领导小组办公室']
        : [],
    printedBy: unit,
    case: CASE,
    legalBasis: legalBasisOf(kind, payload) ?? '',
    ...documentMarksOf(kind, payload),
    facts,
  } as NoticeData;
}

export const GOLDEN_NOTICES: Record<string, () => NoticeData> = {
  // Administrative (GB/T 9704-2012): a 移送书 with its 附件说明 and the settable 份号 and 紧急程度.
  administrative: () =>
    notice('criminal_transfer', UNITS.financial_office, '海金移〔2026〕2号', '2026-03-02', '勐海县公安局', {
      suspectedOffence: '非法吸收公众存款罪',
      findings: '该合作社以高额回报为诱饵，向社会公众吸收资金。',
      documentMarks: { copyNo: '000001', urgency: '加急' },
    }),
  // Police (公安机关刑事法律文书式样): the 立案决定书.
  police: () =>
    notice(
      'filing_decision',
      UNITS.police,
      '海公（经）立字〔2026〕3号',
      '2026-03-04',
      '',
      {
        offence: '非法吸收公众存款罪',
      },
      (k) =>
        k === 'criminal_transfer' ? { docNo: '海金移〔2026〕2号', issuedOn: '2026-03-02', facts: {} } : null,
    ),
  // Police: the 协助查封通知书 to the land registry (0024), the certificate printed masked.
  seal_assist: () =>
    notice('seal_assist', UNITS.police, '海公（经）协封字〔2026〕1号', '2026-03-05', '勐海县不动产登记中心', {
      freezeId: '5d2e4c1a-8b7f-4e3a-9c6d-2f1b0a9e8d7c',
      institution: '勐海县不动产登记中心',
      holderName: '岩某某',
      accountNo: '云（2025）勐海县不动产权第0001234号',
      location: '勐海县勐海镇象山路12号',
      termMonths: 24,
      renewal: false,
      startedOn: '2026-03-05',
      dueOn: '2028-03-05',
      contactName: '李某',
      contactPhone: '0691-5122345',
    }),
  // Administrative: the 信访事项转送告知书 of a 涉法涉诉 letter (0024).
  petition_transfer: () =>
    notice('petition_transfer', '勐海县信访局', '海信信转〔2026〕1号', '2026-04-03', '岩某', {
      petitionerName: '岩某',
      summary: '对公安机关冻结其账户不服',
      channel: 'letter',
      loggedAt: '2026-04-01T09:00:00+08:00',
      legalBody: 'police',
    }),
  // Procuratorate (刑事检察文书格式样本): the 起诉书.
  procuratorate: () =>
    notice(
      'indictment',
      UNITS.procuratorate,
      '海检刑诉〔2026〕1号',
      '2026-06-01',
      '',
      { defendants: ['岩某某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
      (k) =>
        k === 'prosecution_opinion'
          ? { docNo: '海公（经）诉字〔2026〕5号', issuedOn: '2026-05-08', facts: {} }
          : null,
    ),
  // Court (刑事诉讼文书样式): the first-instance 刑事判决书 with every disposition of property.
  court: () =>
    notice(
      'judgment',
      UNITS.court,
      '（2026）云2822刑初1号',
      '2026-08-20',
      '本案当事人',
      {
        instance: 1,
        defendants: ['岩某某'],
        verdict: '有期徒刑四年，并处罚金人民币二十万元',
        propertyOrders: [
          { description: '冻结的合作社银行存款', amountFen: 350000000, disposition: 'return' },
          { description: '扣押的越野车一辆', amountFen: 18000000, disposition: 'confiscate' },
          { description: '尚未追缴的违法所得', amountFen: 936500000, disposition: 'continue_recovery' },
          { description: '被告人岩某某的违法所得', amountFen: 1200000, disposition: 'order_compensation' },
        ],
        panel: { presidingJudge: '李某', judges: ['王某', '刀某'], clerk: '赵某' },
      },
      (k) =>
        k === 'indictment'
          ? {
              docNo: '海检刑诉〔2026〕1号',
              issuedOn: '2026-06-01',
              facts: { charges: ['非法吸收公众存款罪'] },
            }
          : null,
    ),
};

/**
 * What the golden files hold: pdftotext -layout's lines, each trimmed and its runs of spaces made one, blank
 * lines dropped. The order of elements, their text and numbers are pinned; sub-line spacing, which varies
 * with the fonts' metrics, is not.
 */
export const normalizePdfText = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.replace(/\f/g, '').trim().replace(/\s+/g, ' '))
    .filter((l) => l.length > 0)
    .join('\n')
    .concat('\n');
