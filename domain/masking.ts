// Personal data as a case's history shows it (issue 14, failed 1): GET /api/cases/{id}/events returned full
// identity and account numbers to every role of the county, although GET /api/cases/{id} masks them. Masked
// by field name wherever it occurs in an event's payload, so a new action's field of the same name is covered.
import { maskBankAccount, maskIdNumber } from './identity';

/** Keeps the first 3 and last 4 digits of a phone number (138****0000), as a caller recognises their own. */
const maskPhone = (s: string): string =>
  s.length <= 7 ? '*'.repeat(s.length) : `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;

const MASKS: Record<string, (s: string) => string> = {
  idNumber: maskIdNumber,
  accountNo: maskBankAccount,
  fromAccount: maskBankAccount,
  toAccount: maskBankAccount,
  phone: maskPhone,
  petitionerPhone: maskPhone,
  contactPhone: maskPhone,
};

/** A copy of `value` with every masked field's string replaced by its masked form. Schema-bounded depth. */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' && Object.hasOwn(MASKS, k) ? MASKS[k](v) : maskPersonalData(v),
    ]),
  );
}
