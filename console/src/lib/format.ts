// Display rules shared by every page. Money arrives as integer 分 (API.md): it is split into 元 and 分 with
// BigInt so a sum of billions never passes through a float (0.1 + 0.2 would show the wrong 分).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');
// Every date of the system is reasoned in Asia/Shanghai, whatever the browser's zone.
export const ZONE = 'Asia/Shanghai';
dayjs.tz.setDefault(ZONE);

/** 1234567 分 → "12,345.67 元"; accepts a number or a decimal string of 分 (bigint columns may be strings). */
export function formatFen(fen: number | string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  let v: bigint;
  try {
    v = BigInt(fen);
  } catch {
    return '—';
  }
  const negative = v < 0n;
  if (negative) v = -v;
  const yuan = (v / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (v % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents} 元`;
}

/** "2026-03-02" or an instant → "2026年3月2日" (the instant read in Asia/Shanghai). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  const d = dayjs(value).tz(ZONE);
  return d.isValid() ? `${d.year()}年${d.month() + 1}月${d.date()}日` : '—';
}

/** An instant → "2026年3月2日 08:00" in Asia/Shanghai. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value).tz(ZONE);
  return d.isValid() ? `${formatDate(d.format('YYYY-MM-DD'))} ${d.format('HH:mm')}` : '—';
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export const todayInShanghai = (now: Date = new Date()): string => dayjs(now).tz(ZONE).format('YYYY-MM-DD');

/**
 * Calendar days from today to the due date. The API has already applied the law's counting (the day of the
 * event not counted, a due date falling on a holiday rolled over to the next working day) when it computed
 * dueOn, so what is left is a plain difference of two calendar dates in Shanghai; negative means overdue.
 */
export function daysLeft(dueOn: string, today: string = todayInShanghai()): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+dueOn.slice(0, 4), +dueOn.slice(5, 7) - 1, +dueOn.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export function daysLeftText(dueOn: string, today?: string): string {
  const n = daysLeft(dueOn, today);
  if (n < 0) return `已逾期 ${-n} 天`;
  if (n === 0) return '今日到期';
  return `剩余 ${n} 天`;
}

/** A payload value as text: strings as they are, numbers and lists readably, anything else as JSON. */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map(textOf).join('、');
  return JSON.stringify(v);
}
