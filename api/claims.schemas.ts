// Wire shapes of the claims register's and refund rounds' answers (GET /api/cases/{id}/participants,
// /refund-rounds, …/{n}, …/{n}/access-log), as
// the OpenAPI document describes them and the console's types are generated from them. Every object is closed
// and lists what it always carries, so the document says exactly what the answer is (the HTTP tests validate
// the answers against the served document).
import { PARTICIPANT_ENTRY_SCHEMA } from '../domain/participants';
import { paged } from './petitions.schemas';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

/** An object whose listed integer fields are all there, and nothing else. */
const integers = (keys: readonly string[], descriptions: Record<string, string> = {}) => ({
  type: 'object',
  additionalProperties: false,
  required: [...keys],
  properties: Object.fromEntries(
    keys.map((k) => [k, descriptions[k] ? { ...int, description: descriptions[k] } : int]),
  ),
});

/** What each region's claims got in the round (activities/refunds.bulk.ts, per region of the snapshot). */
const REGION_TOTALS = [
  'claims',
  'lossFen',
  'paidFen',
  'payees',
  'reservedFen',
  'reserved',
  'carriedFen',
  'carried',
] as const;
/** The round's totals for the case (domain/refunds.ts RoundTotals, with the snapshot's loss and pool). */
const ROUND_TOTALS = [
  'claims',
  'owedFen',
  'allocatedFen',
  'paidFen',
  'payees',
  'reservedFen',
  'reserved',
  'carriedFen',
  'carried',
  'unallocatedFen',
  'lossFen',
  'poolFen',
] as const;

const countAndFen = integers(['count', 'fen']);

export const refundRoundResponse = {
  type: 'object',
  additionalProperties: false,
  required: [
    'round',
    'state',
    'poolFen',
    'share',
    'shareNumerator',
    'shareDenominator',
    'totalPaidFen',
    'counts',
    'totals',
    'regions',
    'minPayoutFen',
    'computedBy',
    'computedAt',
    'approvedBy',
    'approvedAt',
    'paymentFileSha256',
    'bank',
  ],
  properties: {
    round: { type: 'integer', minimum: 1 },
    state: { type: 'string', enum: ['computed', 'approved'], description: '已测算（待批准）或已批准' },
    poolFen: { ...int, description: '本轮资金池（分）' },
    share: { ...str, description: '累计清退比例 R（六位小数）' },
    shareNumerator: { type: 'string', pattern: '^[0-9]+$', description: 'R 的分子（十进制整数）' },
    shareDenominator: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'R 的分母（十进制整数）' },
    totalPaidFen: { ...int, description: '本轮清退（支付）总额（分）' },
    counts: integers(['claims', 'payees', 'reserved', 'carried'], {
      claims: '参与计算的债权',
      payees: '本轮领款人数',
      reserved: '预留（异议、提存、待继承）',
      carried: '低于最低清退额、结转下轮',
    }),
    totals: integers(ROUND_TOTALS),
    regions: {
      type: 'array',
      description: '各地区，按地区代码',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['regionCode', ...REGION_TOTALS],
        properties: { regionCode: str, ...integers(REGION_TOTALS).properties },
      },
    },
    minPayoutFen: { ...int, description: '最低清退额（分），低于者结转下轮' },
    computedBy: { ...str, description: '测算人（用户编号）' },
    computedAt: dateTime,
    approvedBy: nullableStr,
    approvedAt: { type: ['string', 'null'], format: 'date-time' },
    paymentFileSha256: {
      type: ['string', 'null'],
      pattern: '^[0-9a-f]{64}$',
      description: '付款文件的 sha256（批准任务生成后）',
    },
    bank: {
      type: 'object',
      description: '银行回报：已付、失败、冲正、在途（已发出未回报）',
      additionalProperties: false,
      required: ['paid', 'failed', 'reversed', 'outstanding'],
      properties: { paid: countAndFen, failed: countAndFen, reversed: countAndFen, outstanding: countAndFen },
    },
  },
} as const;

/** GET /api/cases/{id}/refund-rounds: the case's rounds in round order, each as the single round's answer. */
export const refundRoundPageResponse = paged({ $ref: '#/components/schemas/RefundRound' }, {}, []);

export const refundDataAccessResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'userId', 'role', 'unitId', 'regionCode', 'reason', 'jobId', 'opened', 'at'],
        properties: {
          id: str,
          kind: {
            type: 'string',
            enum: ['payment_file_download', 'approve_job'],
            description: '付款文件下载，或批准任务打开领款人的身份与账号',
          },
          userId: nullableStr,
          role: nullableStr,
          unitId: nullableStr,
          regionCode: nullableStr,
          reason: nullableStr,
          jobId: nullableStr,
          opened: { ...int, description: '打开的领款人数' },
          at: dateTime,
        },
      },
    },
  },
} as const;

/** One registered participant: its one statement is in the domain, whose type the repository returns. */
export const participantResponse = PARTICIPANT_ENTRY_SCHEMA;

export const participantPageResponse = paged({ $ref: '#/components/schemas/Participant' }, {}, []);
