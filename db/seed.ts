// Idempotent reference data: regions, units (Menghai's twenty member units from the seed document and the
// matching units of the other seeded regions), development users, and the holiday calendar.
import { createHash } from 'node:crypto';
import type { Db } from './knex';
import { REGIONS } from '../domain/reference';
import type { Role } from '../domain/reference';
import { holidayCalendarRows } from './holiday-data';

interface UnitSeed {
  id: string;
  regionCode: string;
  name: string;
  role: Role | null;
  docCode: string | null;
}

/** 海政办发〔2016〕70号, 注: the member units of the county leading group, with the roles they play here. */
const MENGHAI_MEMBER_UNITS: [string, Role | null, string | null][] = [
  ['中共勐海县委宣传部', null, null],
  ['中共勐海县委政法委员会', null, null],
  ['勐海县人民法院', 'court', '海法'],
  ['勐海县人民检察院', 'procuratorate', '海检'],
  ['勐海县人民政府办公室', 'leader', '海政办'],
  ['勐海县发展改革和工业信息化局', null, null],
  ['勐海县教育局', null, null],
  ['勐海县公安局', 'police', '海公'],
  ['勐海县司法局', null, null],
  ['勐海县财政局', null, null],
  ['勐海县人民政府金融工作办公室', 'financial_office', '海金'],
  ['勐海县住房和城乡建设局', null, null],
  ['勐海县农业和科技局', null, null],
  ['勐海县林业局', null, null],
  ['勐海县商务外事侨务局', null, null],
  ['勐海县文化体育广播电视和旅游局', null, null],
  ['勐海县市场监督管理局', null, null],
  ['勐海县信访局', 'petition_bureau', '海信'],
  ['勐海县地方税务局', null, null],
  ['中国人民银行勐海县支行', 'bank', '海银'],
];

const ROLE_UNIT_NAMES: Record<Exclude<Role, 'admin'>, (region: string) => string> = {
  financial_office: (r) => `${r}人民政府金融工作办公室`,
  police: (r) => `${r}公安局`,
  procuratorate: (r) => `${r}人民检察院`,
  court: (r) => `${r}人民法院`,
  petition_bureau: (r) => `${r}信访局`,
  township: (r) => `${r}网格化服务管理中心`,
  bank: (r) => `中国人民银行${r}支行`,
  leader: (r) => `${r}人民政府办公室`,
};
const ROLE_DOC_WORD: Record<Role, string> = {
  financial_office: '金',
  police: '公',
  procuratorate: '检',
  court: '法',
  petition_bureau: '信',
  township: '镇',
  bank: '银',
  leader: '政办',
  admin: '管',
};

/**
 * A second-instance judgment is issued by the court of the parent region (NOTICE_KINDS.judgment,
 * 刑诉法 art.227): a county's appeals go to the prefecture's 中级人民法院, the prefecture's own to the
 * province's 高级人民法院. Courts above the county are named by their level, and the province, which has no
 * other unit here, has its court so that a case led by the prefecture can be appealed too.
 */
const COURTS_ABOVE_COUNTY: Record<string, { name: string; docCode: string }> = {
  '532800': { name: '西双版纳傣族自治州中级人民法院', docCode: '西法' },
  '530000': { name: '云南省高级人民法院', docCode: '云法' },
};

function unitSeeds(): UnitSeed[] {
  const units: UnitSeed[] = [];
  const menghai = REGIONS.find((r) => r.code === '532822')!;
  MENGHAI_MEMBER_UNITS.forEach(([name, role, docCode], i) => {
    units.push({
      id: role ? `532822-${role}` : `532822-member-${i + 1}`,
      regionCode: '532822',
      name,
      role,
      docCode,
    });
  });
  units.push({
    id: '532822-township',
    regionCode: '532822',
    name: '勐海县勐海镇人民政府',
    role: 'township',
    docCode: '勐海镇',
  });
  units.push({
    id: '532822-admin',
    regionCode: '532822',
    name: '勐海县处非工作信息化管理组',
    role: 'admin',
    docCode: null,
  });
  for (const region of REGIONS) {
    if (region.code === menghai.code) continue;
    for (const role of Object.keys(ROLE_UNIT_NAMES) as Exclude<Role, 'admin'>[]) {
      const court = role === 'court' ? COURTS_ABOVE_COUNTY[region.code] : undefined;
      units.push({
        id: `${region.code}-${role}`,
        regionCode: region.code,
        name: court?.name ?? ROLE_UNIT_NAMES[role](region.name),
        role,
        docCode: court?.docCode ?? `${region.abbreviation}${ROLE_DOC_WORD[role]}`,
      });
    }
    units.push({
      id: `${region.code}-admin`,
      regionCode: region.code,
      name: `${region.name}处非工作信息化管理组`,
      role: 'admin',
      docCode: null,
    });
  }
  const province = COURTS_ABOVE_COUNTY['530000'];
  units.push({ id: '530000-court', regionCode: '530000', role: 'court', ...province });
  return units;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface SeedOptions {
  devUsers: boolean;
  calendarYears: number[];
}

export async function seedReferenceData(
  db: Db,
  opts: SeedOptions,
): Promise<{ units: number; users: number; calendarDays: number }> {
  return db.transaction(async (trx) => {
    await trx('regions')
      .insert([
        {
          code: '530000',
          name: '云南省',
          parent_code: null as string | null,
          case_no_code: '云南打非',
          abbreviation: '云',
        },
        ...REGIONS.map((r) => ({
          code: r.code,
          name: r.name,
          parent_code: r.parentCode,
          case_no_code: r.caseNoCode,
          abbreviation: r.abbreviation,
        })),
      ])
      .onConflict('code')
      .merge();
    const units = unitSeeds();
    await trx('units')
      .insert(
        units.map((u) => ({
          id: u.id,
          region_code: u.regionCode,
          name: u.name,
          role: u.role,
          doc_code: u.docCode,
        })),
      )
      .onConflict('id')
      .merge(['name', 'role', 'doc_code']);
    let users = 0;
    if (opts.devUsers) {
      const rows = [];
      for (const region of REGIONS) {
        for (const role of [...Object.keys(ROLE_UNIT_NAMES), 'admin'] as Role[]) {
          const token = `dev-${role}-${region.code}`;
          rows.push({
            // Not the token: an event's actor is the user's id, and must not show a credential (issue 14).
            id: `u-${region.code}-${role}`,
            unit_id: `${region.code}-${role}`,
            role,
            display_name: `开发用户（${role}，${region.name}）`,
            token_hash: hashToken(token),
            dev_only: true,
          });
        }
      }
      await trx('users')
        .insert(rows)
        .onConflict('id')
        .merge(['unit_id', 'role', 'display_name', 'token_hash']);
      users = rows.length;
    }
    // A year already loaded is left alone: an administrator may have corrected it (PUT /api/calendar/{year}),
    // and re-inserting the package's rows would bring back a date the correction removed.
    const loaded = new Set<number>(await trx('calendar_years').pluck('year'));
    const newYears = opts.calendarYears.filter((year) => !loaded.has(year));
    const days = holidayCalendarRows(newYears);
    if (days.length) await trx('calendar_days').insert(days).onConflict('date').ignore();
    if (newYears.length) {
      await trx('calendar_years')
        .insert(
          newYears.map((year) => ({
            year,
            source: '国务院办公厅关于部分节假日安排的通知（chinese-days 数据）',
          })),
        )
        .onConflict('year')
        .ignore();
    }
    return { units: units.length, users, calendarDays: days.length };
  });
}
