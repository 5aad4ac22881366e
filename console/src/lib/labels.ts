// Chinese names of the API's codes, for display only; the codes themselves come from the API.
export const ROLE_LABELS: Record<string, string> = {
  financial_office: '金融办（处非办）',
  police: '公安机关',
  procuratorate: '检察院',
  court: '法院',
  petition_bureau: '信访局',
  township: '乡镇',
  bank: '银行',
  leader: '领导',
  admin: '系统管理员',
};
export const ROLES = Object.keys(ROLE_LABELS);

export const REGION_LABELS: Record<string, string> = {
  '532822': '勐海县',
  '532801': '景洪市',
  '532823': '勐腊县',
  '532800': '西双版纳州',
};
export const REGIONS = Object.keys(REGION_LABELS);

export const STAGE_LABELS: Record<string, string> = {
  detection: '线索核查',
  early_warning: '预警处置',
  police_filing: '立案侦查',
  prosecution: '审查起诉',
  trial: '审判',
  asset_disposition: '资产处置',
  stabilization: '维稳善后',
  closed: '结案',
};
export const STAGES = Object.keys(STAGE_LABELS);

/** A region's track has stages of its own before and after the regional phase. */
export const REGIONAL_STAGE_LABELS: Record<string, string> = {
  ...STAGE_LABELS,
  pending: '待移送',
  ended: '本地阶段已结束',
};

export const OUTCOME_LABELS: Record<string, string> = {
  judgment_effective: '判决生效',
  unfiled: '不予立案',
  not_prosecuted: '不起诉',
};

export const SECTOR_LABELS: Record<string, string> = {
  wealth_management: '理财',
  non_financing_guarantee: '非融资性担保',
  pawn: '典当',
  p2p_lending: '网络借贷',
  securities_issuance: '证券发行',
  investment_company: '投资公司',
  farmer_cooperative: '农民专业合作社',
  private_education: '民办教育',
  elderly_care: '养老',
  other: '其他',
};

export const DEADLINE_STATE_LABELS: Record<string, string> = {
  running: '进行中',
  missed: '已逾期',
  met: '已完成',
  paused: '已中止',
};

export const label = (map: Record<string, string>, code: string | null | undefined): string =>
  code ? (map[code] ?? code) : '—';

/** Events the system records by itself (not in the action catalogue). */
export const SYSTEM_EVENT_LABELS: Record<string, string> = {
  open_case: '立档',
  stage_changed: '阶段变更',
  deadline_missed: '期限届满未办结',
  deadline_reminded: '期限提醒',
  freeze_lapsed: '冻结期满失效',
};
