// Sealing of personal identifiers at rest (identity numbers, credit codes, bank accounts): AES-256-GCM with a
// key named by id so keys can rotate (old ids keep opening what they sealed; new seals use the current one),
// and an HMAC-SHA256 of the normalised value so that one person's records can be matched and merged without
// ever being opened. Plaintext exists only in memory, on the way in and on an authorised, logged read.
// Used by the claims register; meant for any other sealed field (the security work on tips can share it).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config';

export interface Sealed {
  keyId: string;
  /** iv (12) ‖ tag (16) ‖ ciphertext */
  box: Buffer;
}

/** A participant's personal identifiers, sealed together in one box (one cipher per person). */
export interface SealedPersonal {
  identity: string;
  phone: string | null;
  bankAccount: string | null;
}

export interface Sealer {
  readonly currentKeyId: string;
  seal(plain: string): Sealed;
  open(sealed: Sealed): string;
  /** Keyed hash for matching; `kind` keeps an identity number and a bank account with equal digits apart. */
  match(kind: 'identity' | 'bank', normalized: string): Buffer;
}

const IV = 12;
const TAG = 16;
// randomBytes per seal costs more than the cipher itself; IVs are drawn 4096 at a time from the same CSPRNG.
// 96-bit random IVs under one key stay far below the 2^32 messages at which GCM's collision bound matters
// for a key (NIST SP 800-38D 8.3); rotate the key well before that many seals.
const IV_POOL = 4096;

export function createSealer(sealing: Config['sealing']): Sealer {
  const current = sealing.keys[sealing.currentKeyId];
  if (!current) throw new Error(`sealing key ${sealing.currentKeyId} is not configured`);
  let ivs = Buffer.alloc(0);
  let next = 0;
  const freshIv = (): Buffer => {
    if (next === ivs.length) {
      ivs = randomBytes(IV * IV_POOL);
      next = 0;
    }
    // A copy, so nothing can alias the pool once the next IVs are drawn.
    const iv = Buffer.from(ivs.subarray(next, next + IV));
    next += IV;
    return iv;
  };
  return {
    currentKeyId: sealing.currentKeyId,
    seal(plain) {
      const iv = freshIv();
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { keyId: sealing.currentKeyId, box: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open({ keyId, box }) {
      const key = sealing.keys[keyId];
      if (!key) throw new Error(`sealing key ${keyId} is not configured: it was rotated out too early`);
      const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV));
      decipher.setAuthTag(box.subarray(IV, IV + TAG));
      // A wrong key or a changed byte fails here (GCM authenticates), never yields a wrong identity.
      return Buffer.concat([decipher.update(box.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    },
    match(kind, normalized) {
      return createHmac('sha256', sealing.hmacKey).update(`${kind}:${normalized}`).digest();
    },
  };
}
