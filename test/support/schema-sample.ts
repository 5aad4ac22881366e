// A minimal instance that passes a payload's JSON Schema: required properties only, the first enum value,
// the smallest allowed length and number, the first of a oneOf's forms. Enough for the keywords the catalogue's schemas use (the test that
// relies on it checks that every schema it meets is covered, so a new keyword fails loudly, not silently).
import { randomUUID } from 'node:crypto';

type Schema = Record<string, any>;

const KNOWN = new Set([
  'type',
  'additionalProperties',
  'properties',
  'required',
  'format',
  'maxLength',
  'minLength',
  'nullable',
  'uniqueItems',
  'items',
  'enum',
  'minItems',
  'maxItems',
  'pattern',
  'minimum',
  'maximum',
  'oneOf',
  'const',
]);

export function sampleOf(schema: Schema, at = ''): unknown {
  for (const k of Object.keys(schema))
    if (!KNOWN.has(k)) throw new Error(`sampleOf: keyword "${k}" at ${at || '/'} is not handled`);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // oneOf of required-property forms (confirm_claims: `all` or `participantIds`): the first form's.
      const required = [...(schema.required ?? []), ...(schema.oneOf?.[0]?.required ?? [])];
      for (const name of required) out[name] = sampleOf(schema.properties[name], `${at}/${name}`);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, (_, i) => {
        const item = sampleOf(schema.items, `${at}/${i}`);
        return typeof item === 'string' && i > 0 ? `${item}${i}` : item;
      });
    case 'string':
      if (schema.format === 'date') return '2026-11-02';
      if (schema.format === 'date-time') return '2026-11-02T09:00:00+08:00';
      if (schema.format === 'uuid') return randomUUID();
      if (schema.pattern) {
        // The first of the values the catalogue's patterns are for (a region code, an id) that matches.
        const fits = ['532822', randomUUID()].find((v) => new RegExp(schema.pattern).test(v));
        if (fits === undefined)
          throw new Error(`sampleOf: pattern ${schema.pattern} at ${at} is not handled`);
        return fits;
      }
      return '样'.repeat(Math.max(schema.minLength ?? 1, 2));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    default:
      throw new Error(`sampleOf: type ${String(schema.type)} at ${at} is not handled`);
  }
}
