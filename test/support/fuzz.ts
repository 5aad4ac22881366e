// A small, seeded generator of hostile requests (issue 14, build 10): values from the published JSON Schemas
// (GET /api/actions, GET /api/openapi.json), then mutated — wrong types, huge strings and arrays, deep nesting,
// NUL and lone surrogates, __proto__ keys, bad encodings and content types. Deterministic for a seed, so a
// failure is replayed with FUZZ_SEED=<seed>.

/** mulberry32: a tiny PRNG; the same seed gives the same requests. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
};

const SAMPLE_TEXT = ['理由', '经核查属实', '张某', '某某投资有限公司', 'x'];

/** A value that the schema probably accepts (not always: patterns and cross-field rules are not modelled). */
export function valueOf(s: Schema | undefined, r: Rng, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  if (s.oneOf ?? s.anyOf) return valueOf(r.pick((s.oneOf ?? s.anyOf)!), r, depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => valueOf(x, r, depth + 1) as object));
  const type = Array.isArray(s.type) ? r.pick(s.type.filter((t) => t !== 'null')) : s.type;
  switch (type ?? (s.properties ? 'object' : 'string')) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || r.chance(0.5)) out[k] = valueOf(v, r, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 1 + r.int(2)));
      return Array.from({ length: n }, () => valueOf(s.items, r, depth + 1));
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? 0;
      const hi = Math.min(s.maximum ?? lo + 1000, lo + 1_000_000);
      return lo + r.int(Math.max(1, hi - lo + 1));
    }
    case 'boolean':
      return r.chance(0.5);
    default: {
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T08:00:00+08:00';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      const base = r.pick(SAMPLE_TEXT);
      const min = s.minLength ?? 0;
      return base.length >= min ? base.slice(0, s.maxLength ?? base.length) : base.padEnd(min, '某');
    }
  }
}

export interface FuzzBody {
  /** What was done, for the report. */
  kind: string;
  /** Raw bytes to send, or a value to send as JSON. */
  raw?: Buffer | string;
  json?: unknown;
  headers?: Record<string, string>;
}

const HUGE = 'x'.repeat(200_000);
const WRONG_TYPES: unknown[] = [42, -1, 1.5, 1e308, true, null, 'text', [], [1, 2], {}, { a: 1 }, ''];

/** A copy of `v` with the value at one random path replaced by `f(old)`. */
function atRandomPath(v: unknown, r: Rng, f: (old: unknown) => unknown): unknown {
  if (
    v === null ||
    typeof v !== 'object' ||
    (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0) ||
    r.chance(0.25)
  )
    return f(v);
  if (Array.isArray(v)) {
    const i = r.int(v.length);
    return v.map((x, j) => (j === i ? atRandomPath(x, r, f) : x));
  }
  const keys = Object.keys(v);
  const k = r.pick(keys);
  return Object.fromEntries(
    Object.entries(v).map(([key, x]) => [key, key === k ? atRandomPath(x, r, f) : x]),
  );
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** One hostile variant of a (probably) valid body. */
export function mutate(valid: unknown, r: Rng): FuzzBody {
  const m = r.int(20);
  switch (m) {
    case 0:
      return { kind: 'wrong type', json: atRandomPath(valid, r, () => r.pick(WRONG_TYPES)) };
    case 1:
      return { kind: 'huge string', json: atRandomPath(valid, r, () => HUGE) };
    case 2:
      return {
        kind: 'huge array',
        json: atRandomPath(valid, r, () => Array.from({ length: 20_000 }, () => 'a')),
      };
    case 3:
      return { kind: 'deep nesting', raw: deep(20_000) };
    case 4:
      return {
        kind: 'deep nesting in a field',
        raw: JSON.stringify(valid).replace(/^\{/, `{"x":${deep(3000)},`),
      };
    case 5:
      return {
        kind: 'NUL',
        json: atRandomPath(valid, r, (o) => `${typeof o === 'string' ? o : '理由'}\u0000`),
      };
    case 6:
      // A lone surrogate, as JSON escapes it (JSON.stringify would write it as \ud800 too).
      return { kind: 'lone surrogate', json: atRandomPath(valid, r, () => 'a\ud800b') };
    case 7:
      return {
        kind: '__proto__ key',
        raw: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"admin":true,"polluted":1},'),
      };
    case 8:
      return {
        kind: 'constructor key',
        json: atRandomPath(valid, r, () => ({ constructor: { prototype: { x: 1 } } })),
      };
    case 9:
      return {
        kind: 'truncated JSON',
        raw: JSON.stringify(valid).slice(0, Math.max(1, JSON.stringify(valid).length - 2)),
      };
    case 10:
      return { kind: 'text/plain', raw: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } };
    case 11:
      return {
        kind: 'latin1 charset',
        raw: JSON.stringify(valid),
        headers: { 'content-type': 'application/json; charset=latin1' },
      };
    case 12:
      return {
        kind: 'bad gzip',
        raw: Buffer.from('not gzip at all'),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      };
    case 13:
      return {
        kind: 'unknown encoding',
        raw: JSON.stringify(valid),
        headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
      };
    case 14:
      return {
        kind: 'invalid UTF-8',
        raw: Buffer.concat([Buffer.from('{"reason":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
      };
    case 15:
      return { kind: 'not an object', json: r.pick([[valid], 'text', 7, null, true]) };
    case 16:
      return { kind: 'unknown property', json: { ...(valid as object), ['$' + r.int(1000)]: 'x' } };
    case 17:
      return { kind: 'null everywhere', json: atRandomPath(valid, r, () => null) };
    case 18:
      return {
        kind: 'form body',
        raw: 'reason=x&a[b]=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    default:
      return {
        kind: 'huge number',
        raw: JSON.stringify(valid).replace(
          /^\{/,
          '{"amountFen":1e999999,"occurredAt":"9999-12-31T23:59:59Z",',
        ),
      };
  }
}
