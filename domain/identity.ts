// Check characters of the two identity codes a case subject carries. Pure, shared by the API's
// validation and the participant import.
import { isValidLocalDate } from './calendar';

// GB 32100-2015 统一社会信用代码: the 31 characters in value order; I, O, Z, S and V are left out because
// they are easily misread as 1, 0, 2, 5 and U.
const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The 18th character for the first 17 of a credit code, or undefined when they are not 17 characters
 * of the code's alphabet.
 */
export const creditCodeCheckChar = (first17: string): string | undefined => {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) return undefined;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
};

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters, the 3rd to 8th an administrative division code, the last
 * a check character. Upper case only: normalise input with normalizeIdentityCode first.
 */
export const isValidCreditCode = (s: unknown): s is string =>
  typeof s === 'string' && CREDIT_CODE_PATTERN.test(s) && creditCodeCheckChar(s.slice(0, 17)) === s[17];

// GB 11643-1999 公民身份号码.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
const ID_PATTERN = /^[0-9]{17}[0-9X]$/;
// The standard's own examples go back to 1880; earlier years can only be typing errors.
const MIN_BIRTH_DATE = '1800-01-01';

/** The 18th character for the first 17 digits of an identity number, or undefined when not 17 digits. */
export const idNumberCheckChar = (first17: string): string | undefined => {
  if (!/^[0-9]{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
};

/**
 * 居民身份证号码 (GB 11643-1999): 17 digits, the 7th to 14th a real birth date, and a check character
 * (0–9 or X). Upper-case X only; the 15-digit numbers of the first generation are not accepted.
 */
export const isValidIdNumber = (s: unknown): s is string => {
  if (typeof s !== 'string' || !ID_PATTERN.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  // A later bound would need today's date, which pure code does not have; the caller checks it if needed.
  return isValidLocalDate(birth) && birth >= MIN_BIRTH_DATE && idNumberCheckChar(s.slice(0, 17)) === s[17];
};

/** Trims and upper-cases what a person typed ('x' for 'X' is the usual slip). */
export const normalizeIdentityCode = (s: string): string => s.trim().toUpperCase();

/**
 * Keeps the region (first 6) and the last 4 characters, enough to tell people apart on a list without
 * revealing the birth date. Anything 10 characters or shorter is masked whole, as it cannot be split so.
 */
export const maskIdNumber = (s: string): string =>
  s.length <= 10 ? '*'.repeat(s.length) : `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;

/**
 * 尾号1234: a bank account as a notice to its holder names it, by its last 4 digits (spaces and dashes as
 * typed are ignored); enough for the holder to recognise it, useless to anyone who finds the letter.
 */
export const maskBankAccount = (s: string): string => {
  const digits = s.replace(/[\s-]/g, '');
  return digits.length <= 4 ? '*'.repeat(digits.length) : `尾号${digits.slice(-4)}`;
};

/**
 * 云（2026）勐海县不动产权第***1234号: a 不动产权证号 as a 协助查封通知书 prints it. The registry, the year and the
 * county stay (they say where to look, and are no secret); the serial (the last run of digits) keeps its last 4,
 * or its last 1 when it is 4 digits or fewer, as a bank account keeps its 尾号 (docs/decisions/0020, 0024).
 */
export const maskCertificateNo = (s: string): string => {
  const runs = [...s.matchAll(/\d+/g)];
  const last = runs.at(-1);
  if (!last || last.index === undefined) return '*'.repeat(s.length);
  const serial = last[0];
  const keep = serial.length > 4 ? 4 : serial.length > 1 ? 1 : 0;
  const masked = '*'.repeat(serial.length - keep) + serial.slice(serial.length - keep);
  return s.slice(0, last.index) + masked + s.slice(last.index + serial.length);
};

/**
 * How the claims register lists a participant's identity number or credit code (5328**********001X): the
 * first 4 and last 4 characters only. A register of a million people is read by many officers, so it shows
 * less than a single notice to its addressee (maskIdNumber); the full number is opened only on a logged read.
 */
export const maskIdentityCode = (s: string): string =>
  s.length <= 8 ? '*'.repeat(s.length) : `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
