// Reference data that the code reasons about: roles, regions (GB/T 2260 codes), sectors. Units and users
// are seeded into Postgres from db/seed.ts; this file holds only what the rules themselves need.

export const ROLES = [
  'financial_office',
  'police',
  'procuratorate',
  'court',
  'petition_bureau',
  'township',
  'bank',
  'leader',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface RegionInfo {
  code: string;
  name: string;
  parentCode: string | null;
  /** Prefix of the case number issued by this region's leading group office, e.g. 勐海打非〔2026〕7号. */
  caseNoCode: string;
  /** One-character abbreviation used in document codes, e.g. 海 in 海公立〔2026〕12号. */
  abbreviation: string;
}

export const REGIONS: readonly RegionInfo[] = [
  {
    code: '532800',
    name: '西双版纳傣族自治州',
    parentCode: '530000',
    caseNoCode: '版纳打非',
    abbreviation: '西',
  },
  { code: '532822', name: '勐海县', parentCode: '532800', caseNoCode: '勐海打非', abbreviation: '海' },
  { code: '532801', name: '景洪市', parentCode: '532800', caseNoCode: '景洪打非', abbreviation: '景' },
  { code: '532823', name: '勐腊县', parentCode: '532800', caseNoCode: '勐腊打非', abbreviation: '腊' },
];

export const regionByCode = (code: string): RegionInfo | undefined => REGIONS.find((r) => r.code === code);

/** The region codes a user of `regionCode` may see: its own and every descendant (a prefecture sees its counties). */
export function visibleRegionCodes(regionCode: string): string[] {
  const out = [regionCode];
  for (let i = 0; i < out.length; i++) {
    for (const r of REGIONS) if (r.parentCode === out[i] && !out.includes(r.code)) out.push(r.code);
  }
  return out;
}

export const SECTORS = {
  wealth_management: '投资理财',
  non_financing_guarantee: '非融资性担保',
  pawn: '典当',
  p2p_lending: 'P2P网络借贷',
  securities_issuance: '境内外上市/发行股票债券',
  investment_company: '投资公司',
  farmer_cooperative: '农民专业合作社',
  private_education: '民办教育机构',
  elderly_care: '养老机构',
  other: '其他',
} as const;
export type Sector = keyof typeof SECTORS;

export const SUBJECT_KINDS = {
  legal_person: '法人',
  actual_controller: '实际控制人',
  agent: '代理人',
  intermediary: '中间人',
} as const;
export type SubjectKind = keyof typeof SUBJECT_KINDS;

export const SOURCE_KINDS = [
  'monitoring',
  'bank_report',
  'tip',
  'township',
  'department',
  'petition',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Shared limits: the JSON Schemas and the migrations both read these, so they cannot drift. */
export const LIMITS = {
  titleMax: 200,
  summaryMax: 5000,
  nameMax: 100,
  textMax: 2000,
  referenceMax: 100,
  subjectsMax: 200,
  idempotencyKeyMax: 200,
} as const;
