// What a JSON Schema cannot say and a form needs: Chinese labels for the API's field names and enum
// values, and widgets a keyboard user can operate directly (radio buttons and check boxes rather than
// drop-downs for short lists). The schema itself (from the API) stays the single statement of the shape.
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { SECTOR_LABELS } from './labels';

const FIELD_LABELS: Record<string, string> = {
  // Issue 13 (law-criminal): suspects, custody, freezes.
  suspectId: '犯罪嫌疑人编号',
  suspectIds: '犯罪嫌疑人编号',
  custody: '强制措施',
  major: '重大、复杂',
  extension: '延长事由',
  days: '延长天数',
  level: '级别（复议或复核）',
  changed: '改变原决定',
  approvedBy: '批准机关',
  majorComplex: '重大、复杂（冻结一年）',
  termApproval: '设区的市一级公安机关批准文号',
  // 协助查封通知书 (docs/decisions/0024).
  contactName: '联系人',
  contactPhone: '联系电话',
  // The 24-hour duties after 拘留 and 逮捕 (record_custody_duty, execute_arrest).
  duty: '法定事项',
  notified: '已通知家属',
  notNotifiedReason: '未通知家属的法定事由',
  detail: '办理情况',
  accept: '当场受理',
  accountNo: '账号',
  amountFen: '金额（分）',
  appellant: '上诉人',
  approved: '批准',
  assetKind: '财产类别',
  channel: '信访方式',
  court: '审判法院',
  deadlineId: '期限编号',
  defendants: '被告人',
  description: '说明',
  detained: '已拘留',
  errors: '更正事项',
  correct: '更正为',
  location: '位置',
  wrong: '原文',
  findings: '核查情况',
  freezeId: '冻结编号',
  ground: '理由',
  holderName: '户名',
  institution: '金融机构',
  interviewAt: '约谈时间',
  interviewPlace: '约谈地点',
  measure: '措施',
  measures: '处置措施',
  note: '备注',
  noticeId: '文书编号',
  occurredAt: '发生时间',
  offence: '罪名',
  opinion: '意见',
  outcome: '结果',
  outline: '补充侦查提纲',
  petitionId: '信访事项编号',
  petitionerName: '信访人',
  planSummary: '方案要点',
  poolFen: '资产池金额（分）',
  progress: '进展',
  propertyOrders: '财产处理',
  reason: '理由',
  regionCode: '地区代码',
  result: '处理结果',
  round: '轮次',
  summary: '摘要',
  suspectName: '犯罪嫌疑人',
  suspectedOffence: '涉嫌罪名',
  suspects: '犯罪嫌疑人',
  verdict: '判决主文',
  title: '案件名称',
  sector: '领域',
  leadRegionCode: '牵头地区代码',
  assistingRegionCodes: '协办地区代码',
  source: '线索来源',
  kind: '类别',
  reference: '来源编号',
  subjects: '涉案主体',
  name: '名称',
  creditCode: '统一社会信用代码',
  idNumber: '身份证号',
  estimatedAmountFen: '估计金额（分）',
  estimatedParticipants: '估计参与人数',
  // Issue 13, court and non-prosecution (docs/decisions/0021).
  receipt: '收案记录',
  approvalDocNo: '批准文书编号',
  courtLevel: '第一审法院',
  fastTrack: '速裁程序（认罪认罚）',
  type: '不起诉类型',
  prosecutorialOpinion: '检察意见（移送主管机关）',
  months: '延长月数',
  by: '申诉人',
  // Petitions (issue 13, item 14)
  group: '集体信访',
  petitionerCount: '信访人数',
  representatives: '信访代表',
  participantId: '集资参与人编号',
  participantIds: '集资参与人编号',
  // Held claims (issue 10, docs/decisions/0015 amendment).
  basis: '依据（平台账册、死亡证明等）',
  evidence: '证明材料（继承权公证书、判决，或本人登记）',
  payee: '收款人（继承人或继承人代表人）',
  category: '事项类别',
  legalBody: '转送的政法机关',
  reviewBody: '复查（复核）机关',
  remittedBy: '转送、交办机关',
  // The administrative track and the police intake (issue 13, docs/decisions/0017).
  grounds: '事由',
  investigators: '调查人员（不少于2人）',
  headApproved: '经主要负责人批准',
  suspendRegistration: '通知市场监管部门暂停办理登记',
  illegal: '属于非法集资',
  conduct: '集资行为',
  items: '查封、扣押的资产',
  seizureId: '查封扣押编号',
  payer: '清退人',
  party: '当事人类别',
  baseFen: '集资金额或违法所得（分）',
  penaltyId: '处罚决定编号',
  canPayBoth: '能够同时清退和缴纳罚款',
  personName: '姓名',
  position: '职务',
  requestId: '提请编号',
  granted: '决定限制出境',
  complainantName: '控告人',
  phone: '联系电话',
  servedOn: '送达日期',
  upheld: '维持不予立案',
  file: '决定立案',
  explanation: '不立案理由',
};

const ENUM_LABELS: Record<string, string> = {
  basic: '基层人民法院',
  intermediate: '中级人民法院（刑诉法第二十一条）',
  statutory: '法定不起诉（第一百七十七条第一款）',
  discretionary: '酌定不起诉（第一百七十七条第二款）',
  insufficient_evidence: '存疑不起诉（第一百七十五条第四款）',
  facts_unclear: '事实不清、证据不足（第二百三十六条第一款第三项）',
  procedural_violation: '违反法定诉讼程序（第二百三十八条）',
  death_penalty: '可能判处死刑',
  civil_claim: '附带民事诉讼',
  article_158: '刑诉法第一百五十八条情形',
  victim: '被害人',
  person: '被不起诉人',
  // Issue 13 (law-criminal).
  detained: '刑事拘留',
  arrested: '逮捕',
  bail: '取保候审',
  residential_surveillance: '监视居住',
  released: '未羁押／已释放',
  special_circumstances: '特殊情况（一日至四日）',
  serial_group: '流窜、多次、结伙作案（至三十日）',
  reconsideration: '复议',
  review: '复核',
  next_level: '上一级人民检察院',
  provincial: '省级人民检察院',
  deposit: '存款',
  securities: '证券',
  equity: '股权',
  visit: '走访（含集体访）',
  letter: '来信',
  phone: '来电',
  online: '网上信访',
  interview: '约谈',
  stop_order: '责令停止',
  upheld: '维持原判',
  amended: '改判',
  support: '支持',
  explain: '解释说明',
  not_support: '不支持',
  // record_custody_duty (刑诉法 第八十五条第二款、第八十六条、第九十三条第二款、第九十四条).
  to_detention_house: '送看守所羁押',
  family_notice: '通知家属',
  interrogation: '讯问',
  unable_to_notify: '无法通知',
  hinders_investigation: '涉嫌危害国家安全、恐怖活动犯罪，通知可能有碍侦查',
  // hold_claim's reasons (条例 第二十五条、第二十六条).
  unregistered: '平台账册有记录、未登记（提存）',
  deceased: '已故，待继承人证明继承权',
  ...SECTOR_LABELS,
  monitoring: '监测预警',
  bank_report: '银行报告',
  tip: '群众举报',
  township: '乡镇排查',
  department: '部门移交',
  petition: '信访',
  legal_person: '法人',
  actual_controller: '实际控制人',
  agent: '代理人',
  intermediary: '中介',
  // Petitions (issue 13, item 14)
  law_related: '涉法涉诉',
  police: '公安机关',
  procuratorate: '人民检察院',
  court: '人民法院',
  // The administrative track and the police intake (issue 13, docs/decisions/0017).
  enter_premises: '进入场所调查取证',
  question: '询问、要求说明',
  inspect_copy: '查阅、复制资料',
  seal_up_records: '封存资料、设备',
  query_accounts: '查询账户',
  fund_balance: '集资资金余额',
  fund_proceeds: '资金收益及转换的资产',
  insider_benefits: '股东、实际控制人等获得的利益',
  concealed_assets: '隐匿、转移的资金或资产',
  helper_fees: '广告费、代理费、佣金、提成等',
  fundraiser: '非法集资人',
  responsible_person: '直接负责的主管人员',
  helper: '非法集资协助人',
  report: '报案',
  complaint: '控告',
  surrender: '投案自首',
  citizen_arrest: '扭送',
  own_discovery: '自行发现',
  at_latest: '至迟十日（移送案件）',
  major: '重大、复杂（三十日）',
  cross_region: '跨区域（再延长三十日）',
  special: '情况特殊（上一级批准再延长三十日）',
};

/**
 * Labels of a field inside an object field, where the bare name means something else elsewhere: `name` is a
 * subject's or suspect's 名称, `idNumber` a subject's 身份证号, while under release_claim_hold's `payee` they
 * are the heir who is paid instead of the deceased participant (docs/decisions/0015, amendment of 2026-12-03).
 * Looked up before FIELD_LABELS, so the other forms keep theirs.
 */
const FIELD_LABELS_UNDER: Record<string, Record<string, string>> = {
  payee: {
    name: '收款人姓名',
    idNumber: '收款人身份证号码',
    bankName: '收款人开户银行',
    bankAccount: '收款人本人银行账号',
  },
};

const HELP_UNDER: Record<string, Record<string, string>> = {
  payee: {
    bankAccount: '清退款付入此账户，不再付入已故集资参与人的账户',
  },
};

const HELP: Record<string, string> = {
  occurredAt: '实际发生时间；不填为当前时间',
  regionCode: '不填为本人所在地区',
};

type Schema = RJSFSchema & { nullable?: boolean };

/** Where one enum value means different things in different fields (`complaint`: 控告 to the police, 申诉求决类 as
 * a petition's category), the field's own label wins. */
const FIELD_ENUM_LABELS: Record<string, Record<string, string>> = {
  category: { complaint: '申诉求决类' },
};

const enumLabelOf =
  (field: string) =>
  (e: unknown): string => {
    const code = typeof e === 'string' || typeof e === 'number' ? String(e) : JSON.stringify(e);
    return FIELD_ENUM_LABELS[field]?.[code] ?? ENUM_LABELS[code] ?? code;
  };

/** The API's schemas carry OpenAPI's `nullable` and x- keywords: rjsf's Ajv need not see them. */
export function formSchemaOf(schema: object, title?: string): RJSFSchema {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (k !== 'nullable' && !k.startsWith('x-')) out[k] = strip(x);
      return out;
    }
    return v;
  };
  const s = strip(schema) as RJSFSchema;
  return title ? { ...s, title } : s;
}

/** The schema with fields the screen requires although the catalogue leaves them optional for other cases. */
export function requireFields(schema: RJSFSchema, fields: readonly string[]): RJSFSchema {
  const required = [...new Set([...(schema.required ?? []), ...fields])].filter(
    (k) => k in (schema.properties ?? {}),
  );
  return { ...schema, required };
}

/**
 * The schema without fields the screen has already decided (the participant of a table row, the region):
 * they are not asked, and the caller sends them with what the form collected.
 */
export function withoutFields(schema: RJSFSchema, fields: readonly string[]): RJSFSchema {
  if (fields.length === 0) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([k]) => !fields.includes(k)),
  );
  const required = (schema.required ?? []).filter((k) => !fields.includes(k));
  return { ...schema, properties, required };
}

/** `under`: the object or array field this one belongs to, if any. */
function uiOf(name: string, prop: Schema, under?: string): UiSchema {
  const ui: UiSchema = {};
  const title = (under ? FIELD_LABELS_UNDER[under]?.[name] : undefined) ?? FIELD_LABELS[name];
  const help = (under ? HELP_UNDER[under]?.[name] : undefined) ?? HELP[name];
  if (title) ui['ui:title'] = title;
  if (help) ui['ui:help'] = help;
  else if (name.endsWith('Fen')) ui['ui:help'] = '金额以分为单位，填整数（1 元 = 100 分）';
  if (Array.isArray(prop.enum)) {
    ui['ui:enumNames'] = prop.enum.map(enumLabelOf(name));
    if (prop.enum.length <= 10) ui['ui:widget'] = 'radio';
  }
  if (prop.type === 'string' && (prop.maxLength ?? 0) >= 500) ui['ui:widget'] = 'textarea';
  if (prop.type === 'boolean') ui['ui:widget'] = 'checkbox';
  if (prop.type === 'array' && prop.items && typeof prop.items === 'object' && !Array.isArray(prop.items)) {
    const items = prop.items as Schema;
    if (Array.isArray(items.enum) && prop.uniqueItems) {
      ui['ui:widget'] = 'checkboxes';
      ui.items = { 'ui:enumNames': items.enum.map(enumLabelOf(name)) };
    } else ui.items = uiSchemaOf(items, name);
  }
  if (prop.type === 'object') Object.assign(ui, uiSchemaOf(prop, name));
  return ui;
}

/** `of`: the field whose value (an array's item, an object) this schema describes, if any. */
export function uiSchemaOf(schema: Schema, of?: string): UiSchema {
  const ui: UiSchema = {};
  if (of && schema.type !== 'object') return uiOf(of, schema);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (typeof prop === 'object') ui[key] = uiOf(key, prop, of);
  }
  return ui;
}

/** "/a/b/0" + message → { a: { b: { 0: { __errors: [message] } } } }, the shape of rjsf's extraErrors. */
export function errorSchemaOf(errors: { field?: string; message?: string }[] | undefined) {
  const root: Record<string, unknown> = {};
  for (const e of errors ?? []) {
    const parts = (e.field ?? '/').split('/').filter(Boolean);
    let node = root;
    for (const p of parts) node = (node[p] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(e.message ?? '无效');
  }
  return root;
}
