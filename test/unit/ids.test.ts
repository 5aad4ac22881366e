// Time-ordered participant ids (db/ids.ts): RFC 9562 version 7, ordered as drawn, within a millisecond too.
import { timeOrderedUuid } from '../../db/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('An id is a version-7 UUID whose first 48 bits are the millisecond it was drawn in', () => {
  const at = Date.UTC(2026, 11, 1, 9, 30);
  const id = timeOrderedUuid(at + 10_000_000);
  expect(id).toMatch(V7);
  expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
});

test('Ids drawn in one millisecond, or with the clock set back, still sort in the order they were drawn', () => {
  const at = Date.UTC(2027, 0, 1);
  const ids = [
    ...Array.from({ length: 5000 }, () => timeOrderedUuid(at)),
    timeOrderedUuid(at - 60_000),
    timeOrderedUuid(at + 1),
  ];
  expect(ids.every((id) => V7.test(id))).toBe(true);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
});

test('The 62 bits after the variant are random: no two of many ids share them, and every byte value occurs', () => {
  const tails = Array.from({ length: 20_000 }, () => timeOrderedUuid().replace(/-/g, '').slice(16));
  expect(new Set(tails).size).toBe(tails.length);
  const bytes = new Set(tails.flatMap((t) => t.slice(2).match(/../g)!));
  expect(bytes.size).toBe(256);
});
