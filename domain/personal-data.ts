// Personal data in what a case records (subjects' identity numbers, bank accounts, phones): one list of field
// names, one rule for every payload, state and notice at any depth (issue 14, build 3). The list says what
// kind each field holds; masking (every answer: the history is read by every role of the case, bank and
// township users included) and sealing at rest (db/sealing.ts, in the repositories) both walk it, so a new
// action's field of a listed name (a suspect's `idNumber`, a tipster's `phone`) is masked and sealed with no
// more code. A new kind of personal field is added here, once.
import { maskBankAccount, maskIdNumber } from './identity';

export type PersonalKind = 'identity' | 'bank' | 'phone';

/** Every field name whose string value is personal data, and its kind. */
export const PERSONAL_FIELDS: Readonly<Record<string, PersonalKind>> = Object.freeze({
  idNumber: 'identity',
  reporterIdNumber: 'identity',
  accountNo: 'bank',
  fromAccount: 'bank',
  toAccount: 'bank',
  bankAccount: 'bank',
  phone: 'phone',
  contactPhone: 'phone',
  petitionerPhone: 'phone',
  reporterPhone: 'phone',
});

export const personalKindOf = (field: string): PersonalKind | undefined =>
  Object.hasOwn(PERSONAL_FIELDS, field) ? PERSONAL_FIELDS[field] : undefined;

/** 138****5678: a phone number keeps its first 3 and last 4 digits, as a caller recognises their own. */
export const maskPhone = (s: string): string =>
  s.length <= 7 ? '*'.repeat(s.length) : `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;

export const MASKS: Readonly<Record<PersonalKind, (s: string) => string>> = {
  identity: maskIdNumber,
  bank: maskBankAccount,
  phone: maskPhone,
};

/** A personal field's value as stored at rest (db/sealing.ts): key id and AES-GCM box, and its keyed hash. */
export interface SealedValue {
  /** `keyId.base64(iv ‖ tag ‖ ciphertext)` */
  $sealed: string;
  /** HMAC-SHA256 (hex) of the normalised value: for lookup and de-duplication without opening. */
  $hmac: string;
}

export const isSealedValue = (v: unknown): v is SealedValue =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SealedValue).$sealed === 'string' &&
  typeof (v as SealedValue).$hmac === 'string';

/**
 * A copy of `value` in which every personal field's value (a string, or a sealed value) is replaced by
 * `f(kind, value)`, at any depth (payloads are schema-bounded, so the depth is too).
 */
export function mapPersonalFields(
  value: unknown,
  f: (kind: PersonalKind, v: string | SealedValue) => unknown,
): unknown {
  if (Array.isArray(value)) return value.map((x) => mapPersonalFields(x, f));
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties: a `__proto__` key stays a key and never becomes the prototype.
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const kind = personalKindOf(k);
      const personal = kind !== undefined && (typeof v === 'string' || isSealedValue(v));
      return [k, personal ? f(kind, v) : mapPersonalFields(v, f)];
    }),
  );
}

/** A copy of `value` with every identity number, bank account and phone masked, at any depth. */
export const maskPersonalData = (value: unknown): unknown =>
  mapPersonalFields(value, (kind, v) => (typeof v === 'string' ? MASKS[kind](v) : '***'));

/** Roles whose work needs whole values (a freeze names the account to the bank, a charge names the person). */
export const UNMASKED_READ_ROLES = ['police', 'procuratorate', 'court', 'financial_office'] as const;

export interface PersonalField {
  /** JSON Pointer within what it was found in, e.g. /subjects/0/idNumber. */
  path: string;
  kind: PersonalKind;
  value: string;
}

/** Every non-empty personal field's clear value in `value`, with its JSON Pointer. */
export function personalFieldsOf(value: unknown, base = ''): PersonalField[] {
  if (Array.isArray(value)) return value.flatMap((x, i) => personalFieldsOf(x, `${base}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const kind = personalKindOf(k);
    const path = `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (kind !== undefined && typeof v === 'string') return v === '' ? [] : [{ path, kind, value: v }];
    return personalFieldsOf(v, path);
  });
}

// A run of 11 or more digits standing alone (a phone, an identity number, an account; an identity number may
// end in X) — not part of a UUID, a hash or a longer word.
const DIGIT_RUN = /(?<![\w-])\d{11,}[Xx]?(?![\w-])/g;

const maskRun = (s: string): string =>
  s.replace(DIGIT_RUN, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`);

/**
 * What a log line may carry (logger.ts): personal fields masked by name, and in every other string (an error
 * message, Postgres's "Failing row contains (…)" detail) any standalone run of 11+ digits masked. Only
 * arrays and plain objects are walked, to a bounded depth; anything else is kept as it is.
 */
export function scrubForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskRun(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => scrubForLog(x, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const kind = personalKindOf(k);
      if (kind !== undefined && typeof v === 'string') return [k, MASKS[kind](v)];
      return [k, scrubForLog(v, depth + 1)];
    }),
  );
}
