// Canonical JSON (keys sorted at every level, no whitespace): two values that mean the same serialize the same
// whatever order their keys were sent in, so their hashes compare. Used to compare a reused Idempotency-Key's
// request with its first one. Recursive: call it on validated values, whose depth the schemas bound.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
