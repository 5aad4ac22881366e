// What any text that enters the system must be able to hold, whatever field it arrives in. Pure: the API
// applies it to every string of every body and query string (api/validation.ts), so no schema can forget it.
import type { FieldError } from './errors';

/**
 * Characters refused in any text, and why each one:
 * - NUL: Postgres text and jsonb cannot store it (22021 / 22P05); before this check one NUL failed the persist
 *   twenty times and held the case's lock for minutes.
 * - other C0 controls (tab, LF and CR excepted), DEL and C1 controls: not characters of a document; XML 1.0
 *   (and so the notices' HTML → PDF path) cannot carry most of them, and they hide text from a reader.
 * - lone surrogates: not Unicode; Postgres refuses them in jsonb and they turn into U+FFFD elsewhere, so
 *   what was stored would differ from what was sent.
 * - noncharacters U+FDD0–U+FDEF, U+FFFE, U+FFFF: reserved, never interchanged (Unicode §23.7).
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a
 *   notice shows ("Trojan Source", CVE-2021-42574), so an amount or a name could read otherwise than stored.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text is refused, or null when it may be stored. Empty text is for the schema (minLength) to judge. */
export function refuseText(s: string): string | null {
  const bad = UNSAFE.exec(s);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `含有不允许的字符 U+${code}`;
  }
  // A title of blanks passes minLength yet says nothing; the full-width space counts as blank (trim knows it).
  if (s.length > 0 && s.trim() === '') return '不能只含空白字符';
  return null;
}

/** RFC 9562 text form. An id that is not one is refused before it reaches a uuid column (Postgres 22P02). */
export const isUuid = (s: unknown): s is string =>
  typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

const pointerPart = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every refused string (values and property names) in a parsed JSON value or query object, as JSON-pointer
 * field errors. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function unsafeTextErrors(data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[data, '']];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (typeof value === 'string') {
      const why = refuseText(value);
      if (why) errors.push({ field: at || '/', message: why });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${at}/${i}`]);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const field = `${at}/${pointerPart(k)}`;
        const why = refuseText(k);
        if (why) errors.push({ field, message: `字段名${why}` });
        stack.push([(value as Record<string, unknown>)[k], field]);
      }
    }
  }
  return errors;
}

/**
 * An action's occurredAt may not lie in the future (API.md: "never in the future"): deadlines run from it, so
 * a future date would start them late. Judged against the server's clock, with no tolerance.
 */
export function refuseFutureOccurredAt(occurredAt: string | undefined, nowMs: number): FieldError | null {
  if (occurredAt === undefined) return null;
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) return { field: '/occurredAt', message: '无效时间' };
  return t > nowMs ? { field: '/occurredAt', message: '不能是将来的时间' } : null;
}
