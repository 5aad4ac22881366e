// Personal data in what a case records (subjects' identity numbers, bank accounts, phones) is shown masked in
// every answer: the history (GET /api/cases/{id}/events) carries payloads as they were submitted, and every
// role of the case reads it, bank and township users included. One rule, by field name, for every payload.
import { maskBankAccount, maskIdNumber } from './identity';

const ID_FIELDS = new Set(['idNumber']);
const ACCOUNT_FIELDS = new Set(['accountNo', 'fromAccount', 'toAccount', 'bankAccount']);
const PHONE_FIELDS = new Set(['phone', 'contactPhone', 'reporterPhone']);

/** 138****5678: a phone number keeps its first 3 and last 4 digits. */
export const maskPhone = (s: string): string =>
  s.length <= 7 ? '*'.repeat(s.length) : `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;

/** A copy of `value` with every identity number, bank account and phone masked, at any depth. */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && ID_FIELDS.has(k)) out[k] = maskIdNumber(v);
    else if (typeof v === 'string' && ACCOUNT_FIELDS.has(k)) out[k] = maskBankAccount(v);
    else if (typeof v === 'string' && PHONE_FIELDS.has(k)) out[k] = maskPhone(v);
    else out[k] = maskPersonalData(v);
  }
  return out;
}
