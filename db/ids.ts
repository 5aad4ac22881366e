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
// The text is assembled from a byte-to-hex table and the millisecond's prefix, made once per millisecond: a
// million ids are drawn per refund round and per import, and a Buffer and its hex string per id cost twice this.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let prefixMs = -1;
let prefix = '';

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
  if (ms !== prefixMs) {
    const h = ms.toString(16).padStart(12, '0');
    prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-7`;
    prefixMs = ms;
  }
  const r = pool;
  const i = at;
  at += 8;
  // version 7, the counter (12 bits); the variant (10) over the first random byte; 62 random bits in all.
  return (
    `${prefix}${(counter >> 8).toString(16)}${HEX[counter & 0xff]}-${HEX[(r[i] & 0x3f) | 0x80]}${HEX[r[i + 1]]}-` +
    `${HEX[r[i + 2]]}${HEX[r[i + 3]]}${HEX[r[i + 4]]}${HEX[r[i + 5]]}${HEX[r[i + 6]]}${HEX[r[i + 7]]}`
  );
}
