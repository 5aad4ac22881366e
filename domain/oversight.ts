// Who may be 督办 (supervised) over a missed deadline, and who is only reminded of it (issue 13, item 13).
// Pure: settleDeadlines (domain/tracks/kernel.ts) picks the notice with it.
//
// The leading group office (县打击和处置非法集资工作领导小组办公室) coordinates the government departments of the
// county (seed 十三 统一指挥协调, 二十二 督促检查): the police, the 信访部门 and the office itself may be 督办,
// with the 督办通知's warning of 追究责任. Courts and procuratorates are not departments of the government:
// 《中华人民共和国宪法》第一百三十一条 "人民法院依照法律规定独立行使审判权，不受行政机关、社会团体和个人的干涉",
// 第一百三十六条 the same of 检察权 (also 刑事诉讼法 第五条). An administrative office may remind them of the
// statutory deadline (期限提示函), never 督办 them nor threaten accountability.
import type { Role } from './reference';

export type OversightNotice = 'supervision' | 'deadline_reminder';

/** The constitutional article that keeps each independent body out of administrative 督办. */
export const INDEPENDENCE_BASIS = {
  court:
    '《中华人民共和国宪法》第一百三十一条（人民法院依照法律规定独立行使审判权，不受行政机关、社会团体和个人的干涉）',
  procuratorate:
    '《中华人民共和国宪法》第一百三十六条（人民检察院依照法律规定独立行使检察权，不受行政机关、社会团体和个人的干涉）',
} as const satisfies Partial<Record<Role, string>>;

export type IndependentBody = keyof typeof INDEPENDENCE_BASIS;

export const isIndependentBody = (role: string): role is IndependentBody =>
  Object.hasOwn(INDEPENDENCE_BASIS, role);

/** 督办通知 for a government department; 期限提示函 for a court or procuratorate (宪法 第一百三十一、一百三十六条). */
export const oversightNoticeFor = (responsible: string): OversightNotice =>
  isIndependentBody(responsible) ? 'deadline_reminder' : 'supervision';
