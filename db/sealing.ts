// Sealing of personal identifiers at rest (identity numbers, credit codes, bank accounts): AES-256-GCM with a
// key named by id so keys can rotate (old ids keep opening what they sealed; new seals use the current one),
// and an HMAC-SHA256 of the normalised value so that one person's records can be matched and merged without
// ever being opened. Plaintext exists only in memory, on the way in and on an authorised, logged read.
// Used by the claims register (one box per person) and, by field name, for every personal field of what a
// case records (sealPersonalData / openPersonalData below, called by the repositories).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../config';
import {
  isSealedValue,
  mapPersonalFields,
  type PersonalKind,
  type SealedValue,
} from '../domain/personal-data';

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
  /** `aad`: bound to the box (GCM additional data); the same must be given to open it. */
  seal(plain: string, aad?: string): Sealed;
  open(sealed: Sealed, aad?: string): string;
  /** Keyed hash for matching; `kind` keeps an identity number and a bank account with equal digits apart. */
  match(kind: PersonalKind, normalized: string): Buffer;
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
    seal(plain, aad) {
      const iv = freshIv();
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { keyId: sealing.currentKeyId, box: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open({ keyId, box }, aad) {
      const key = sealing.keys[keyId];
      if (!key) throw new Error(`sealing key ${keyId} is not configured: it was rotated out too early`);
      const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV));
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(box.subarray(IV, IV + TAG));
      // A wrong key or a changed byte fails here (GCM authenticates), never yields a wrong identity.
      return Buffer.concat([decipher.update(box.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    },
    match(kind, normalized) {
      return createHmac('sha256', sealing.hmacKey).update(`${kind}:${normalized}`).digest();
    },
  };
}

// ------------------------------------------------------------------------- personal fields, by field name

let shared: Sealer | undefined;

/**
 * The sealer the repositories use: made once per process from the typed config (SEALING_KEYS,
 * SEALING_CURRENT_KEY_ID, SEALING_HMAC_KEY), or the one a process installed with useSealing.
 */
export const personalSealer = (): Sealer => (shared ??= createSealer(loadConfig().sealing));

export function useSealing(sealing: Config['sealing']): void {
  shared = createSealer(sealing);
}

/** How a value is normalised before its keyed hash, so that 6228 4800-0001 and 622848000001 match. */
const NORMALIZE: Record<PersonalKind, (s: string) => string> = {
  identity: (s) => s.replace(/\s/g, '').toUpperCase(),
  bank: (s) => s.replace(/[\s-]/g, ''),
  phone: (s) => s.replace(/[\s-]/g, ''),
};

/** The keyed hash (hex) by which one value can be found or de-duplicated without opening anything. */
export const personalMatch = (kind: PersonalKind, value: string, sealer = personalSealer()): string =>
  sealer.match(kind, NORMALIZE[kind](value)).toString('hex');

// The box is bound to its kind and its match hash: a box moved into another field or another envelope does
// not open, so the match hash (which the event hash chain covers) always names what the box holds.
const aadOf = (kind: PersonalKind, hmac: string) => `${kind}:${hmac}`;

export function sealValue(kind: PersonalKind, value: string, sealer = personalSealer()): SealedValue {
  const $hmac = personalMatch(kind, value, sealer);
  const { keyId, box } = sealer.seal(value, aadOf(kind, $hmac));
  return { $sealed: `${keyId}.${box.toString('base64')}`, $hmac };
}

export function openValue(kind: PersonalKind, v: SealedValue, sealer = personalSealer()): string {
  const dot = v.$sealed.indexOf('.');
  return sealer.open(
    { keyId: v.$sealed.slice(0, dot), box: Buffer.from(v.$sealed.slice(dot + 1), 'base64') },
    aadOf(kind, v.$hmac),
  );
}

/** A copy with every personal field's string sealed (empty and already sealed ones kept): what is written. */
export const sealPersonalData = <T>(value: T, sealer = personalSealer()): T =>
  mapPersonalFields(value, (kind, v) =>
    typeof v === 'string' && v !== '' ? sealValue(kind, v, sealer) : v,
  ) as T;

/** A copy with every sealed personal field opened: what the repositories read back. */
export const openPersonalData = <T>(value: T, sealer = personalSealer()): T =>
  mapPersonalFields(value, (kind, v) => (isSealedValue(v) ? openValue(kind, v, sealer) : v)) as T;

/**
 * What the event hash chain covers of a payload: each personal field as its keyed hash, whether it is
 * stored sealed or held in the clear. The chain then stays the same when a box is re-sealed under a new key
 * (rotation) and offers nothing to a guesser who has the table but not the HMAC key — a hash over the clear
 * identity number would let anyone try the few million numbers of a birth year against it.
 */
export const personalHashView = (value: unknown, sealer = personalSealer()): unknown =>
  mapPersonalFields(value, (kind, v) =>
    isSealedValue(v)
      ? { $hmac: v.$hmac }
      : typeof v === 'string'
        ? { $hmac: personalMatch(kind, v, sealer) }
        : v,
  );
