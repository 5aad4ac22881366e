// Time-ordered ids (RFC 9562 UUID version 7: 48 bits of Unix milliseconds, a 12-bit counter within the
// millisecond, 62 random bits), drawn in the process that writes the row. Rows inserted in the order they
// were drawn then land at the right edge of their primary key's B-tree instead of all over it, and the
// database is spared a function call per row.
import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4096 ids at a time from the CSPRNG: one call per id would cost more than the rest.
const POOL_BYTES = 8 * 4096;
let pool = Buffer.alloc(0);
let at = 0;
let lastMs = 0;
let counter = 0;

export function timeOrderedUuid(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  } else counter = 0;
  lastMs = ms;
  if (at + 8 > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    at = 0;
  }
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(ms, 0, 6);
  b.writeUInt16BE(0x7000 | counter, 6);
  pool.copy(b, 8, at, at + 8);
  at += 8;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
