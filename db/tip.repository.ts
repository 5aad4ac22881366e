// Public tips and the log of every opening of a reporter's sealed identity (issue 14, build 9).
import type { Executor } from './knex';
import type { Sealed } from './sealing';
import type { RewardState, RewardTier, TipState } from '../domain/tips';

export interface TipRow {
  id: string;
  regionCode: string;
  what: string;
  where: string;
  who: string | null;
  evidence: string | null;
  named: boolean;
  receivedAt: string;
  state: TipState;
  caseId: string | null;
  alreadyKnown: boolean;
  closedReason: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  reward: {
    state: RewardState;
    tier: RewardTier | null;
    amountFen: number | null;
    proposedBy: string | null;
    decidedBy: string | null;
    note: string | null;
    paidOn: string | null;
  };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toTip = (r: any): TipRow => ({
  id: r.id,
  regionCode: r.region_code,
  what: r.what,
  where: r.where,
  who: r.who,
  evidence: r.evidence,
  named: r.named,
  receivedAt: iso(r.received_at)!,
  state: r.state,
  caseId: r.case_id,
  alreadyKnown: r.already_known,
  closedReason: r.closed_reason,
  verifiedBy: r.verified_by,
  verifiedAt: iso(r.verified_at),
  reward: {
    state: r.reward_state,
    tier: r.reward_tier,
    amountFen: r.reward_amount_fen,
    proposedBy: r.reward_proposed_by,
    decidedBy: r.reward_decided_by,
    note: r.reward_note,
    paidOn: r.reward_paid_on,
  },
});

/** Every column but the sealed box: a tip read for any purpose but the logged opening never carries it. */
const COLUMNS = [
  'id',
  'region_code',
  'what',
  'where',
  'who',
  'evidence',
  'named',
  'received_at',
  'state',
  'case_id',
  'already_known',
  'closed_reason',
  'verified_by',
  'verified_at',
  'reward_state',
  'reward_tier',
  'reward_amount_fen',
  'reward_proposed_by',
  'reward_decided_by',
  'reward_note',
  'reward_paid_on',
];

export async function insertTip(
  db: Executor,
  t: {
    id: string;
    receiptHash: string;
    requestHash: string | null;
    regionCode: string;
    what: string;
    where: string;
    who: string | null;
    evidence: string | null;
    named: boolean;
    reporter: Sealed | null;
  },
): Promise<{ inserted: boolean; requestHash: string | null }> {
  const inserted = await db('tips')
    .insert({
      id: t.id,
      receipt_hash: t.receiptHash,
      request_hash: t.requestHash,
      region_code: t.regionCode,
      what: t.what,
      where: t.where,
      who: t.who,
      evidence: t.evidence,
      named: t.named,
      reporter_key_id: t.reporter?.keyId ?? null,
      reporter_box: t.reporter?.box ?? null,
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  if (inserted.length) return { inserted: true, requestHash: t.requestHash };
  const prior = await db('tips').where({ id: t.id }).first('request_hash');
  return { inserted: false, requestHash: prior.request_hash };
}

export async function findTipStateByReceipt(db: Executor, receiptHash: string): Promise<TipState | null> {
  const row = await db('tips').where({ receipt_hash: receiptHash }).first('state');
  return row ? row.state : null;
}

export async function findTip(db: Executor, id: string, regionCodes: string[]): Promise<TipRow | null> {
  const row = await db('tips').where({ id }).whereIn('region_code', regionCodes).first(COLUMNS);
  return row ? toTip(row) : null;
}

export async function listTips(
  db: Executor,
  f: { regionCodes: string[]; state?: TipState; page: number; pageSize: number },
): Promise<{ items: TipRow[]; total: number }> {
  const base = () => {
    const q = db('tips').whereIn('region_code', f.regionCodes);
    if (f.state) q.where({ state: f.state });
    return q;
  };
  const [{ count }] = await base().count<{ count: string }[]>('* as count');
  const rows = await base()
    .orderBy([{ column: 'received_at' }, { column: 'id' }])
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .select(COLUMNS);
  return { items: rows.map(toTip), total: Number(count) };
}

/** Opens the box only together with writing who read it and why, in one transaction. */
export async function readReporter(
  db: Executor,
  tipId: string,
  read: { userId: string; reason: string },
): Promise<Sealed | null> {
  const row = await db('tips').where({ id: tipId }).first('reporter_key_id', 'reporter_box');
  await db('tip_reporter_reads').insert({ tip_id: tipId, user_id: read.userId, reason: read.reason });
  return row?.reporter_box ? { keyId: row.reporter_key_id, box: row.reporter_box } : null;
}

/** Whether a tip received earlier than this one led to the same case (the first reporter is rewarded). */
export async function earlierTipOnCase(db: Executor, tip: TipRow): Promise<boolean> {
  if (!tip.caseId) return false;
  const row = await db('tips')
    .where({ case_id: tip.caseId, state: 'lead' })
    .whereNot({ id: tip.id })
    .where((q) =>
      q
        .where('received_at', '<', tip.receivedAt)
        .orWhere((q2) => q2.where('received_at', '=', tip.receivedAt).andWhere('id', '<', tip.id)),
    )
    .first('id');
  return !!row;
}

/** A conditional update: applied only while the tip is still in `from`; answers whether it was. */
export async function updateTipIf(
  db: Executor,
  id: string,
  from: { state?: TipState; rewardState?: RewardState[] },
  set: Record<string, unknown>,
): Promise<boolean> {
  const q = db('tips').where({ id });
  if (from.state) q.where({ state: from.state });
  if (from.rewardState) q.whereIn('reward_state', from.rewardState);
  return (await q.update(set)) === 1;
}
