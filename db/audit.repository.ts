// The tamper-evident history (issue 14, build 8). Each case's events form a chain: an event's hash is
// SHA-256 over the previous event's hash and the canonical JSON of what the event says; the chain's head is one
// row per case that every append locks, as the document-number counter does, so concurrent writers queue on
// it instead of forking the chain. Checkpoints sign every head with Ed25519, so rewriting a chain from an
// edited row onwards (which re-hashing alone would hide) no longer matches a signed head.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Db, Executor } from './knex';
import { canonicalJson } from '../domain/canonical';
import { personalHashView } from './sealing';

export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: everything it says, not when it was recorded (recorded_at is the database's). */
export interface EventHashInput {
  caseId: string;
  seq: number;
  id: string;
  action: string;
  actor: unknown;
  regionCode: string | null;
  payload: unknown;
  occurredAt: string;
  idempotencyKey: string | null;
}

export const eventHash = (prevHash: string, e: EventHashInput): string =>
  createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(e)}`, 'utf8')
    .digest('hex');

/**
 * The hash input as a stored row reads back (jsonb parsed, timestamptz as a Date), or as it is about to be
 * written. Personal fields count by their keyed hash (db/sealing.ts personalHashView), so the hash is the
 * same for the clear payload an append sees and the sealed one verification reads, needs no key to open
 * anything, and survives a key rotation.
 */
export function eventHashInputOf(row: {
  case_id: string;
  seq: number;
  id: string;
  action: string;
  actor: unknown;
  region_code: string | null;
  payload: unknown;
  occurred_at: Date | string;
  idempotency_key: string | null;
}): EventHashInput {
  return {
    caseId: row.case_id,
    seq: row.seq,
    id: row.id,
    action: row.action,
    actor: row.actor,
    regionCode: row.region_code,
    payload: personalHashView(row.payload),
    occurredAt: new Date(row.occurred_at).toISOString(),
    idempotencyKey: row.idempotency_key,
  };
}

/**
 * Locks the case's chain head (creating it for the first event) and answers it. INSERT … ON CONFLICT DO
 * UPDATE takes the row lock whether or not the row existed, so the next append of this case waits here until
 * this transaction ends.
 */
export async function lockChainHead(trx: Executor, caseId: string): Promise<{ seq: number; hash: string }> {
  const { rows } = await trx.raw(
    `INSERT INTO case_event_chains (case_id, head_seq, head_hash) VALUES (?, 0, ?)
     ON CONFLICT (case_id) DO UPDATE SET head_seq = case_event_chains.head_seq
     RETURNING head_seq, head_hash`,
    [caseId, GENESIS_HASH],
  );
  return { seq: rows[0].head_seq, hash: rows[0].head_hash };
}

export async function advanceChainHead(
  trx: Executor,
  caseId: string,
  seq: number,
  hash: string,
): Promise<void> {
  await trx('case_event_chains').where({ case_id: caseId }).update({ head_seq: seq, head_hash: hash });
}

/** An Ed25519 key from its 32-byte seed (config.audit.signingSeed), and a short id naming its public half. */
export function auditKey(seedBase64: string): { privateKey: KeyObject; publicKey: KeyObject; keyId: string } {
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): the fixed prefix, then the 32 bytes.
  const der = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(seedBase64, 'base64'),
  ]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey, keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16) };
}

type Heads = [caseId: string, seq: number, hash: string][];

const headsDigest = (heads: Heads) => createHash('sha256').update(canonicalJson(heads), 'utf8').digest('hex');

/** Signs the current head of every chain. Answers the checkpoint's id and how many chains it covers. */
export async function createCheckpoint(
  db: Executor,
  key: { privateKey: KeyObject; keyId: string },
): Promise<{ id: number; chains: number }> {
  const rows = await db('case_event_chains').orderBy('case_id').select('case_id', 'head_seq', 'head_hash');
  const heads: Heads = rows.map((r) => [r.case_id, r.head_seq, r.head_hash]);
  const digest = headsDigest(heads);
  const signature = sign(null, Buffer.from(digest, 'hex'), key.privateKey).toString('base64');
  const [row] = await db('audit_checkpoints')
    .insert({ heads: JSON.stringify(heads), digest, key_id: key.keyId, signature })
    .returning('id');
  return { id: Number(row.id), chains: heads.length };
}

export interface AuditReport {
  ok: boolean;
  /** Events whose link was checked. */
  checked: number;
  checkpoints: number;
  firstBroken?: { caseId?: string; seq?: number; checkpointId?: number; reason: string };
}

const BATCH = 5000;

/**
 * Walks every chain in (case, seq) order and recomputes each link; then checks each chain's head row and
 * every checkpoint (its signature, and that each head it signed is still in the history with that hash).
 * Reports the first broken link: an edited row (its hash no longer matches), a deleted row (a gap in seq, or
 * a head beyond the last row), a re-hashed rewrite (a signed head that no longer matches), a forged checkpoint.
 */
export function verifyHistory(db: Db, publicKey: KeyObject): Promise<AuditReport> {
  // One snapshot: events appended while the walk runs must not make a head look ahead of its rows.
  return db.transaction((trx) => verifyIn(trx, publicKey), {
    isolationLevel: 'repeatable read',
    readOnly: true,
  });
}

async function verifyIn(db: Executor, publicKey: KeyObject): Promise<AuditReport> {
  let checked = 0;
  let after: [string, number] = ['00000000-0000-0000-0000-000000000000', 0];
  let current: { caseId: string; seq: number; hash: string } | null = null;
  const lasts = new Map<string, { seq: number; hash: string }>();
  const broken = (b: AuditReport['firstBroken'], checkpoints = 0): AuditReport => ({
    ok: false,
    checked,
    checkpoints,
    firstBroken: b,
  });
  for (;;) {
    const rows = await db('case_events')
      .whereRaw('(case_id, seq) > (?::uuid, ?)', after)
      .orderBy([{ column: 'case_id' }, { column: 'seq' }])
      .limit(BATCH);
    for (const row of rows) {
      if (!current || current.caseId !== row.case_id) {
        if (current) lasts.set(current.caseId, { seq: current.seq, hash: current.hash });
        current = { caseId: row.case_id, seq: 0, hash: GENESIS_HASH };
      }
      const at = { caseId: row.case_id as string, seq: row.seq as number };
      if (row.seq !== current.seq + 1)
        return broken({ ...at, reason: `seq ${current.seq + 1} is missing (a deleted event)` });
      if (row.prev_hash !== current.hash)
        return broken({ ...at, reason: 'prev_hash does not match the previous event' });
      if (row.hash !== eventHash(current.hash, eventHashInputOf(row)))
        return broken({ ...at, reason: 'the event was changed after it was written (hash mismatch)' });
      current = { caseId: row.case_id, seq: row.seq, hash: row.hash };
      checked++;
    }
    if (rows.length < BATCH) break;
    const last = rows[rows.length - 1];
    after = [last.case_id, last.seq];
  }
  if (current) lasts.set(current.caseId, { seq: current.seq, hash: current.hash });

  for (const h of await db('case_event_chains').select('case_id', 'head_seq', 'head_hash')) {
    const last = lasts.get(h.case_id) ?? { seq: 0, hash: GENESIS_HASH };
    if (last.seq !== h.head_seq || last.hash !== h.head_hash) {
      return broken({
        caseId: h.case_id,
        seq: h.head_seq,
        reason: `the chain's head is seq ${h.head_seq} but the history ends at ${last.seq} (a deleted or rewritten event)`,
      });
    }
  }

  // Every checkpoint's signature; the heads of the latest against the history (an edit at or before an
  // older head changes every later hash, so it cannot match the latest head either).
  let checkpoints = 0;
  const all = await db('audit_checkpoints').orderBy('id').select('*');
  for (const [i, cp] of all.entries()) {
    const heads = cp.heads as Heads;
    const digest = headsDigest(heads);
    const signed =
      digest === cp.digest &&
      verify(null, Buffer.from(digest, 'hex'), publicKey, Buffer.from(cp.signature, 'base64'));
    if (!signed)
      return broken(
        { checkpointId: Number(cp.id), reason: 'the checkpoint is not signed by the audit key' },
        checkpoints,
      );
    for (const [caseId, seq, hash] of i === all.length - 1 ? heads : []) {
      const row = await db('case_events').where({ case_id: caseId, seq }).first('hash');
      if (!row || row.hash !== hash)
        return broken(
          {
            caseId,
            seq,
            checkpointId: Number(cp.id),
            reason: 'a signed chain head no longer matches the history',
          },
          checkpoints,
        );
    }
    checkpoints++;
  }
  return { ok: true, checked, checkpoints };
}
