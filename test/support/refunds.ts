// Synthetic refund-round recipients for the bulk-notice tests and benchmark: valid, distinct identity
// numbers and bank accounts, exact amounts in 分, generated one at a time so a round of any size is never
// held in memory.
import type { RefundRecipient, RefundRoundTerms } from '../../activities/notice.facts';
import { addDays } from '../../domain/calendar';
import { idNumberCheckChar } from '../../domain/identity';

export const REFUND_ROUND: RefundRoundTerms = {
  roundNo: 1,
  payStartsOn: '2031-06-15',
  objectionDueOn: '2031-06-30',
  place: '勐海县金融工作办公室（勐海县象山镇佛双路）',
  enquiryPhone: '0691-5122345',
};

/** A valid 居民身份证号码 of 勐海县 (532822), distinct for every i below 20 million. */
export function idNumberOf(i: number): string {
  const birth = addDays('1950-01-01', i % 20_000).replace(/-/g, '');
  const first17 = `532822${birth}${String(Math.floor(i / 20_000) % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/** The i-th participant of a synthetic round: claims from 1,000.00元 up, paid 23.45% rounded down to the 分. */
export function recipientOf(i: number): RefundRecipient {
  const claimFen = 100_000 + ((i * 7_919) % 50_000_000);
  return {
    participantName: `岩某${i + 1}`,
    idNumber: idNumberOf(i),
    claimFen,
    payFen: Math.floor((claimFen * 2_345) / 10_000),
    bankAccountNo: `6228 4801 ${String(i)
      .padStart(8, '0')
      .replace(/(\d{4})(\d{4})/, '$1 $2')}`,
  };
}

export function* refundRecipients(count: number, from = 0): Generator<RefundRecipient> {
  for (let i = from; i < from + count; i++) yield recipientOf(i);
}
