// The participant import's rules for one file and one row (集资参与人登记), pure so the API, the CLI and the
// tests share them. Columns per API.md: name,idNumber|creditCode,principalFen,returnsFen,refundedFen,phone,
// then optionally bankName,bankAccount.
import type { FromSchema } from 'json-schema-to-ts';
import {
  isValidCreditCode,
  isValidIdNumber,
  maskBankAccount,
  maskIdentityCode,
  normalizeIdentityCode,
} from './identity';
import { DomainError, type FieldError } from './errors';
import { LIMITS } from './reference';
import { netLoss } from './refunds';

export const REQUIRED_COLUMNS = ['name', 'principalFen', 'returnsFen', 'refundedFen'] as const;
export const IDENTITY_COLUMNS = ['idNumber', 'creditCode'] as const;
export const OPTIONAL_COLUMNS = ['phone', 'bankName', 'bankAccount'] as const;
type Column =
  (typeof REQUIRED_COLUMNS)[number] | (typeof IDENTITY_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...IDENTITY_COLUMNS, ...OPTIONAL_COLUMNS]);

/** Where each column is in the file. */
export type ParticipantHeader = Partial<Record<Column, number>> & { width: number };

/** A file whose header is wrong fails as a whole: nothing of it is imported. Returns the problems, or the header. */
export function parseParticipantHeader(fields: readonly string[]): ParticipantHeader | string[] {
  const problems: string[] = [];
  const header: ParticipantHeader = { width: fields.length };
  fields.forEach((raw, i) => {
    // A UTF-8 byte order mark, as spreadsheets write it, belongs to no column name.
    const name = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!KNOWN.has(name)) problems.push(`未知的列「${name}」`);
    else if (header[name as Column] !== undefined) problems.push(`列「${name}」重复`);
    else header[name as Column] = i;
  });
  for (const c of REQUIRED_COLUMNS) if (header[c] === undefined) problems.push(`缺少列「${c}」`);
  if (header.idNumber === undefined && header.creditCode === undefined)
    problems.push('应有 idNumber（个人）或 creditCode（单位）列');
  if ((header.bankName === undefined) !== (header.bankAccount === undefined))
    problems.push('bankName 与 bankAccount 应同时提供');
  return problems.length > 0 ? problems : header;
}

export interface ParticipantRow {
  kind: 'person' | 'organization';
  name: string;
  /** Normalised: upper case, trimmed. */
  identity: string;
  identityMasked: string;
  principalFen: number;
  returnsFen: number;
  refundedFen: number;
  phone: string | null;
  bankName: string | null;
  /** Digits only. */
  bankAccount: string | null;
  bankAccountMasked: string | null;
  /** Returns and refunds exceed principal: no claim, a receivable (2014意见 第五条). */
  receivableFen: number;
}

const FEN = /^[0-9]{1,16}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const BANK_ACCOUNT = /^[0-9]{8,32}$/;

/** A bank account as the bank needs it: the digits, without the spaces and dashes it was typed with. */
export const normalizeBankAccount = (s: string): string => s.replace(/[\s-]/g, '');
/** 8 to 32 digits, once normalised. */
export const isValidBankAccount = (digits: string): boolean => BANK_ACCOUNT.test(digits);

/** One row, validated; a reason (Chinese, for the error CSV) when it is rejected. */
export function parseParticipantRow(
  header: ParticipantHeader,
  fields: readonly string[],
): { row: ParticipantRow } | { reason: string } {
  if (fields.length !== header.width) return { reason: `应有${header.width}列，实有${fields.length}列` };
  const get = (c: Column) => (header[c] === undefined ? '' : fields[header[c]].trim());
  const name = get('name');
  if (name === '') return { reason: '姓名（名称）为空' };
  if (name.length > LIMITS.nameMax) return { reason: `姓名（名称）超过${LIMITS.nameMax}字` };
  const idNumber = normalizeIdentityCode(get('idNumber'));
  const creditCode = normalizeIdentityCode(get('creditCode'));
  if (idNumber !== '' && creditCode !== '') return { reason: '身份证号码与统一社会信用代码只能填一项' };
  if (idNumber === '' && creditCode === '') return { reason: '缺少身份证号码或统一社会信用代码' };
  // GB 11643-1999 and GB 32100-2015 check characters: a mistyped number would otherwise split one person in two.
  if (idNumber !== '' && !isValidIdNumber(idNumber))
    return { reason: '身份证号码无效（校验码或出生日期不符，GB 11643）' };
  if (creditCode !== '' && !isValidCreditCode(creditCode))
    return { reason: '统一社会信用代码无效（校验码不符，GB 32100）' };
  const amounts: number[] = [];
  for (const c of ['principalFen', 'returnsFen', 'refundedFen'] as const) {
    const v = get(c);
    if (v.startsWith('-')) return { reason: `${c} 不能为负数` };
    if (!FEN.test(v)) return { reason: `${c} 应为以分计的整数` };
    amounts.push(Number(v));
  }
  const [principalFen, returnsFen, refundedFen] = amounts;
  const loss = netLoss(principalFen, returnsFen, refundedFen);
  const phone = get('phone');
  if (phone !== '' && !PHONE.test(phone)) return { reason: '联系电话格式无效' };
  const bankName = get('bankName');
  const bankAccount = normalizeBankAccount(get('bankAccount'));
  if ((bankName === '') !== (bankAccount === '')) return { reason: '开户行与银行账号应同时填写' };
  if (bankAccount !== '' && !isValidBankAccount(bankAccount)) return { reason: '银行账号应为8至32位数字' };
  if (bankName.length > LIMITS.nameMax) return { reason: `开户行超过${LIMITS.nameMax}字` };
  const identity = idNumber || creditCode;
  return {
    row: {
      kind: idNumber ? 'person' : 'organization',
      name,
      identity,
      identityMasked: maskIdentityCode(identity),
      principalFen,
      returnsFen,
      refundedFen,
      phone: phone || null,
      bankName: bankName || null,
      bankAccount: bankAccount || null,
      bankAccountMasked: bankAccount ? maskBankAccount(bankAccount) : null,
      receivableFen: loss.receivableFen,
    },
  };
}

/**
 * What makes two rows the same record: the normalised content. With its occurrence in the file (the 2nd
 * identical row is a second record) it is the fingerprint that makes re-importing a file change nothing.
 */
export const recordKey = (r: ParticipantRow): string =>
  [r.identity, r.principalFen, r.returnsFen, r.refundedFen, r.name, r.bankAccount ?? ''].join('\u0001');

/** Who is paid a deceased participant's share once the heirs prove title (release_claim_hold), as given. */
export interface PayeeInput {
  name: string;
  idNumber: string;
  bankName: string;
  bankAccount: string;
}

/** A payee validated and normalised, with the masked forms every answer shows. */
export interface Payee extends PayeeInput {
  /** 5328**********001X, as the register lists participants (maskIdentityCode). */
  identityMasked: string;
  /** 尾号1234 */
  bankAccountMasked: string;
}

/**
 * The payee of a deceased participant's share: an heir or the heirs' representative, checked as a participant's
 * row is (the identity number's GB 11643 check character and birth date; an account of 8 to 32 digits). Heirs are
 * natural persons (《中华人民共和国民法典》第一千一百二十七条), so an identity number and never a credit code. The
 * payment goes to this account, so a mistyped number must be refused here, not returned by the bank. `at` is
 * the payee's JSON Pointer in the payload.
 */
export function parsePayee(p: PayeeInput, at: string): Payee {
  const name = p.name.trim();
  const idNumber = normalizeIdentityCode(p.idNumber);
  const bankName = p.bankName.trim();
  const bankAccount = normalizeBankAccount(p.bankAccount);
  const errors: FieldError[] = [
    ...(name === '' ? [{ field: `${at}/name`, message: '收款人姓名为空' }] : []),
    ...(isValidIdNumber(idNumber)
      ? []
      : [{ field: `${at}/idNumber`, message: '身份证号码无效（校验码或出生日期不符，GB 11643）' }]),
    ...(bankName === '' ? [{ field: `${at}/bankName`, message: '开户行为空' }] : []),
    ...(isValidBankAccount(bankAccount)
      ? []
      : [{ field: `${at}/bankAccount`, message: '银行账号应为8至32位数字' }]),
  ];
  if (errors.length) throw new DomainError('VALIDATION_FAILED', '收款人信息有误', errors);
  return {
    name,
    idNumber,
    bankName,
    bankAccount,
    identityMasked: maskIdentityCode(idNumber),
    bankAccountMasked: maskBankAccount(bankAccount),
  };
}

// ------------------------------------------------------------------------------------------ the register

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const fen = { type: 'integer', minimum: 0 } as const;
const nullableStr = { type: ['string', 'null'] } as const;

/**
 * One entry of the claims register as it is listed (db/claims.repository.ts listParticipants, GET
 * /api/cases/{id}/participants): identity and accounts masked, the claims of every region, and the sums
 * merged across regions (netLoss). The API publishes it as the schema Participant; the type below is derived
 * from it, so the answer and the repository cannot drift apart.
 */
export const PARTICIPANT_ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'seq',
    'kind',
    'name',
    'identityMasked',
    'bankAccountMasked',
    'hold',
    'payee',
    'claims',
    'principalFen',
    'receivedFen',
    'lossFen',
    'receivableFen',
    'paidFen',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    seq: int,
    kind: { enum: ['person', 'organization'] },
    name: str,
    identityMasked: { ...str, description: '5328**********001X' },
    bankAccountMasked: { ...nullableStr, description: '尾号1234' },
    hold: {
      enum: ['none', 'unregistered', 'heirs'],
      description: 'none；unregistered：提存（未登记）；heirs：待继承人证明',
    },
    payee: {
      description: '清退款收款人（已故集资参与人的继承人），脱敏；null：本人',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'identityMasked', 'bankName', 'bankAccountMasked'],
          properties: { name: str, identityMasked: str, bankName: str, bankAccountMasked: str },
        },
      ],
    },
    claims: {
      type: 'array',
      description: '各地区登记的债权',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['regionCode', 'state', 'principalFen', 'returnsFen', 'refundedFen', 'records'],
        properties: {
          regionCode: str,
          state: { enum: ['registered', 'confirmed', 'disputed', 'withdrawn'] },
          principalFen: fen,
          returnsFen: fen,
          refundedFen: fen,
          records: int,
        },
      },
    },
    principalFen: fen,
    receivedFen: fen,
    lossFen: { ...fen, description: '净损失（分）：本金减去已收回的一切，跨地区合并' },
    receivableFen: { ...fen, description: '收回多于本金的部分：应追缴，不是负的债权' },
    paidFen: fen,
  },
} as const;

export type ParticipantEntry = FromSchema<typeof PARTICIPANT_ENTRY_SCHEMA>;
