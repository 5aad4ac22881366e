// The claims register's decisions and the refund rounds in Postgres: the effects of confirm_claims,
// dispute_claim, resolve_claim, compute_refund_round and approve_refund_round (applied inside the persist
// transaction of the action's event, so a refused effect writes nothing), the round's snapshot and payouts,
// the payment file's sealed chunks and the bank's results. Set-based SQL: a region's million claims are one
// statement, never a million ids in a workflow. Every change of what a round reads raises the register's
// version in its transaction (markRegisterChanged); approval refuses a snapshot stamped with another.
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type ClaimsEffect, checkReleasePayee, refuseStaleSnapshot } from '../domain/claims.track';
import type { ClaimHold } from '../domain/claims.track';
import { DomainError } from '../domain/errors';
import type { Executor } from './knex';
import { insertJob, markRegisterChanged, registerVersion } from './claims.repository';
import { timeOrderedUuid } from './ids';
import { personalSealer, type SealedPersonal } from './sealing';

export interface EffectOutcome {
  /** Merged into the action's event payload (what the answer shows: the round's number, how many confirmed). */
  payload: Record<string, unknown>;
  /** A job the action started (its workflow is started by the case workflow after the commit). */
  job?: { jobId: string; kind: 'refund_compute' | 'refund_approve' };
}

/** Applies one effect in the persist transaction; a refusal throws and the whole step rolls back. */
export async function applyClaimsEffect(
  trx: Knex.Transaction,
  caseId: string,
  e: ClaimsEffect,
  at: string,
): Promise<EffectOutcome> {
  switch (e.kind) {
    case 'confirm_claims':
      return { payload: { confirmed: await confirmClaims(trx, caseId, e, at) } };
    case 'dispute_claim': {
      await decideOne(trx, caseId, e.regionCode, e.participantId, ['registered', 'confirmed'], at, e.by, {
        state: 'disputed',
        dispute_reason: e.reason,
      });
      return { payload: {} };
    }
    case 'resolve_claim': {
      await decideOne(trx, caseId, e.regionCode, e.participantId, ['disputed'], at, e.by, {
        state: e.outcome,
        dispute_reason: null,
      });
      return { payload: {} };
    }
    case 'hold_claim':
      return { payload: { held: await holdClaims(trx, caseId, e, at) } };
    case 'release_claim_hold':
      return { payload: { released: await releaseClaimHold(trx, caseId, e, at) } };
    case 'compute_refund_round': {
      // D = realized less costs less what earlier rounds paid (DOMAIN.md; 条例 第二十六条): money of payouts
      // that failed or were reversed, of reserves and of carried amounts is still the case's to distribute.
      const paid = await paidByApprovedRounds(trx, caseId);
      const available = e.realizedFen - paid;
      if (e.poolFen > available)
        throw new DomainError('INVALID_TRANSITION', `本轮清退资金不能超过可分配余额 ${available} 分`, [
          { field: '/poolFen', message: `至多 ${available}` },
        ]);
      await insertJob(trx, {
        id: e.jobId,
        ownerUserId: e.by,
        caseId,
        kind: 'refund_compute',
        input: { roundNo: e.roundNo, poolFen: e.poolFen },
        total: null,
      });
      return {
        payload: { round: e.roundNo, jobId: e.jobId },
        job: { jobId: e.jobId, kind: 'refund_compute' },
      };
    }
    case 'approve_refund_round': {
      const r = await trx('refund_rounds').where({ case_id: caseId, round_no: e.roundNo }).forUpdate().first<
        | {
            state: string;
            computed_by: string;
            compute_job_id: string | null;
            register_version: string | null;
          }
        | undefined
      >('state', 'computed_by', 'compute_job_id', 'register_version');
      const latest = await latestComputeJob(trx, caseId, e.roundNo);
      if (!r || !latest || r.compute_job_id !== latest.id)
        throw new DomainError('CONFLICT', `第${e.roundNo}轮清退尚在计算，计算完成后才能批准`);
      if (r.state === 'approved')
        throw new DomainError('INVALID_TRANSITION', `第${e.roundNo}轮清退已批准，不能再改`);
      if (r.computed_by === e.by) throw new DomainError('FORBIDDEN', '清退轮次应由计算人以外的负责人批准');
      // The snapshot must be of the register as it is now: any change since (a claim decided, an import, a
      // hold, a payee, a failed payment) and the round is computed again first.
      refuseStaleSnapshot(
        e.roundNo,
        r.register_version === null ? null : Number(r.register_version),
        await registerVersion(trx, caseId, { lock: true }),
      );
      await trx('refund_rounds')
        .where({ case_id: caseId, round_no: e.roundNo })
        .update({ state: 'approved', approved_by: e.by, approved_at: at });
      await insertJob(trx, {
        id: e.jobId,
        ownerUserId: e.by,
        caseId,
        kind: 'refund_approve',
        input: { roundNo: e.roundNo, ...(e.terms ? { terms: e.terms } : {}) },
        total: null,
      });
      return {
        payload: { round: e.roundNo, jobId: e.jobId },
        job: { jobId: e.jobId, kind: 'refund_approve' },
      };
    }
  }
}

async function confirmClaims(
  trx: Knex.Transaction,
  caseId: string,
  e: Extract<ClaimsEffect, { kind: 'confirm_claims' }>,
  at: string,
): Promise<number> {
  const set = { state: 'confirmed', decided_by: e.by, decided_at: at, updated_at: trx.fn.now() };
  if (e.participantIds === null) {
    // The snapshot: every claim of the region registered when this transaction runs.
    const n = await trx('claims')
      .where({ case_id: caseId, region_code: e.regionCode, state: 'registered' })
      .update(set);
    if (n === 0) throw new DomainError('INVALID_TRANSITION', '本地区没有待确认的债权');
    await markRegisterChanged(trx, caseId);
    return n;
  }
  const found = await trx('claims')
    .where({ case_id: caseId, region_code: e.regionCode })
    .whereIn('participant_id', e.participantIds)
    .select<{ participant_id: string; state: string }[]>('participant_id', 'state');
  const states = new Map(found.map((r) => [r.participant_id, r.state]));
  const missing = e.participantIds.flatMap((id, i) => (states.has(id) ? [] : [i]));
  if (missing.length)
    throw new DomainError(
      'NOT_FOUND',
      `${missing.length}个集资参与人在本地区没有登记的债权`,
      missing.slice(0, 20).map((i) => ({ field: `/participantIds/${i}`, message: '本地区无此债权' })),
    );
  const blocked = e.participantIds.flatMap((id, i) =>
    states.get(id) === 'disputed' || states.get(id) === 'withdrawn' ? [i] : [],
  );
  if (blocked.length)
    throw new DomainError(
      'INVALID_TRANSITION',
      '有异议或已撤回的债权应通过「处理债权异议」确认',
      blocked.slice(0, 20).map((i) => ({ field: `/participantIds/${i}`, message: '有异议或已撤回' })),
    );
  const n = await trx('claims')
    .where({ case_id: caseId, region_code: e.regionCode, state: 'registered' })
    .whereIn('participant_id', e.participantIds)
    .update(set);
  if (n > 0) await markRegisterChanged(trx, caseId);
  return n;
}

/**
 * hold_claim: the listed participants, each with a claim of the caller's region that is not withdrawn and no
 * hold yet, are held (participants.hold) and the hold is recorded with its note. Anything else refuses the
 * whole action.
 */
async function holdClaims(
  trx: Knex.Transaction,
  caseId: string,
  e: Extract<ClaimsEffect, { kind: 'hold_claim' }>,
  at: string,
): Promise<number> {
  const found = await trx('participants as p')
    .join('claims as c', function () {
      this.on('c.case_id', 'p.case_id').andOn('c.participant_id', 'p.id');
    })
    .where({ 'p.case_id': caseId, 'c.region_code': e.regionCode })
    .whereNot('c.state', 'withdrawn')
    .whereIn('p.id', e.participantIds)
    .forUpdate('p')
    .select<{ id: string; hold: string }[]>('p.id', 'p.hold');
  const holds = new Map(found.map((r) => [r.id, r.hold]));
  const missing = e.participantIds.flatMap((id, i) => (holds.has(id) ? [] : [i]));
  if (missing.length)
    throw new DomainError(
      'NOT_FOUND',
      `${missing.length}个集资参与人在本地区没有登记的债权`,
      missing.slice(0, 20).map((i) => ({ field: `/participantIds/${i}`, message: '本地区无此债权' })),
    );
  const held = e.participantIds.flatMap((id, i) => (holds.get(id) !== 'none' ? [i] : []));
  if (held.length)
    throw new DomainError(
      'INVALID_TRANSITION',
      `${held.length}个集资参与人已暂缓清退`,
      held.slice(0, 20).map((i) => ({ field: `/participantIds/${i}`, message: '已暂缓清退' })),
    );
  await trx('participants')
    .where({ case_id: caseId })
    .whereIn('id', e.participantIds)
    .update({ hold: e.hold });
  await trx('participant_holds').insert(
    e.participantIds.map((id) => ({
      case_id: caseId,
      participant_id: id,
      region_code: e.regionCode,
      action: 'hold',
      hold: e.hold,
      note: e.note,
      decided_by: e.by,
      decided_at: at,
    })),
  );
  await markRegisterChanged(trx, caseId);
  return e.participantIds.length;
}

/**
 * release_claim_hold: a held participant with a claim of the caller's region; the evidence is recorded. The
 * heirs' release names the payee (checkReleasePayee), sealed as a participant's identity is and in force from
 * now on for every round that pays the claim.
 */
async function releaseClaimHold(
  trx: Knex.Transaction,
  caseId: string,
  e: Extract<ClaimsEffect, { kind: 'release_claim_hold' }>,
  at: string,
): Promise<string> {
  const row = await trx('participants as p')
    .join('claims as c', function () {
      this.on('c.case_id', 'p.case_id').andOn('c.participant_id', 'p.id');
    })
    .where({ 'p.case_id': caseId, 'p.id': e.participantId, 'c.region_code': e.regionCode })
    .whereNot('c.state', 'withdrawn')
    .forUpdate('p')
    .first<{ hold: ClaimHold | 'none' } | undefined>('p.hold');
  if (!row)
    throw new DomainError('NOT_FOUND', '本地区没有该集资参与人登记的债权', [
      { field: '/participantId', message: '本地区无此债权' },
    ]);
  if (row.hold === 'none')
    throw new DomainError('INVALID_TRANSITION', '该集资参与人未暂缓清退', [
      { field: '/participantId', message: '未暂缓清退' },
    ]);
  checkReleasePayee(row.hold, e.payee);
  const [release] = await trx('participant_holds')
    .insert({
      case_id: caseId,
      participant_id: e.participantId,
      region_code: e.regionCode,
      action: 'release',
      hold: row.hold,
      note: e.evidence,
      decided_by: e.by,
      decided_at: at,
    })
    .returning<{ id: string }[]>('id');
  let payeeId: string | undefined;
  if (e.payee) {
    // One box per payee, as per participant (the approve job opens it as it opens theirs), with the keyed hash.
    const sealer = personalSealer();
    const personal: SealedPersonal = {
      identity: e.payee.idNumber,
      phone: null,
      bankAccount: e.payee.bankAccount,
    };
    const sealed = sealer.seal(JSON.stringify(personal));
    const [payee] = await trx('participant_payees')
      .insert({
        case_id: caseId,
        participant_id: e.participantId,
        release_id: release.id,
        name: e.payee.name,
        identity_hmac: sealer.match('identity', e.payee.idNumber),
        sealed: sealed.box,
        key_id: sealed.keyId,
        identity_masked: e.payee.identityMasked,
        bank_name: e.payee.bankName,
        bank_account_masked: e.payee.bankAccountMasked,
      })
      .returning<{ id: string }[]>('id');
    payeeId = payee.id;
  }
  await trx('participants')
    .where({ case_id: caseId, id: e.participantId })
    .update({ hold: 'none', ...(payeeId ? { payee_id: payeeId } : {}) });
  await markRegisterChanged(trx, caseId);
  return row.hold;
}

async function decideOne(
  trx: Knex.Transaction,
  caseId: string,
  regionCode: string,
  participantId: string,
  from: string[],
  at: string,
  by: string,
  set: { state: string; dispute_reason: string | null },
): Promise<void> {
  const row = await trx('claims')
    .where({ case_id: caseId, region_code: regionCode, participant_id: participantId })
    .forUpdate()
    .first<{ state: string } | undefined>('state');
  if (!row)
    throw new DomainError('NOT_FOUND', '本地区没有该集资参与人登记的债权', [
      { field: '/participantId', message: '本地区无此债权' },
    ]);
  if (!from.includes(row.state))
    throw new DomainError('INVALID_TRANSITION', `该债权当前为「${row.state}」，不能这样处理`, [
      { field: '/participantId', message: row.state },
    ]);
  await trx('claims')
    .where({ case_id: caseId, region_code: regionCode, participant_id: participantId })
    .update({ ...set, decided_by: by, decided_at: at, updated_at: trx.fn.now() });
  await markRegisterChanged(trx, caseId);
}

/** What approved rounds paid or are paying (pending at the bank, or paid): the rest stays in the pool. */
export async function paidByApprovedRounds(db: Executor, caseId: string): Promise<number> {
  const r = await db.raw<{ rows: { paid: string }[] }>(
    `SELECT COALESCE(sum(o.amount_fen), 0) AS paid FROM refund_payouts o
     JOIN refund_rounds r ON r.case_id = o.case_id AND r.round_no = o.round_no AND r.state = 'approved'
     WHERE o.case_id = ? AND o.disposition = 'pay' AND o.state IN ('pending', 'paid')`,
    [caseId],
  );
  return Number(r.rows[0].paid);
}

/** The latest compute job of a round: only it may write the round's snapshot, and approval takes only that. */
export async function latestComputeJob(
  db: Executor,
  caseId: string,
  roundNo: number,
): Promise<{ id: string } | undefined> {
  return db('jobs')
    .where({ case_id: caseId, kind: 'refund_compute' })
    .whereRaw(`(input->>'roundNo')::int = ?`, [roundNo])
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id');
}

// ------------------------------------------------------------------------------------------- snapshots

export interface RoundSnapshot {
  caseId: string;
  roundNo: number;
  poolFen: number;
  shareNumerator: bigint;
  shareDenominator: bigint;
  shareText: string;
  totals: Record<string, number>;
  perRegion: Record<string, Record<string, number>>;
  computedBy: string;
  computedAt: string;
  computeJobId: string;
  minPayoutFen: number;
  /** The register version the compute job read before the register (registerVersion). */
  registerVersion: number;
}

export interface PayoutRow {
  participantId: string;
  regionCode: string;
  amountFen: number;
  lossFen: number;
  disposition: 'pay' | 'reserve' | 'carry';
  /** participant_payees.id of whom it pays, null for the participant. */
  payeeId: number | null;
}

/**
 * Writes a round's snapshot in the caller's transaction: the computed one it replaces (a recomputation)
 * goes first, with its payouts; the payouts are COPYed, a million in seconds.
 */
export async function writeRoundSnapshot(
  trx: Knex.Transaction,
  s: RoundSnapshot,
  payouts: Iterable<PayoutRow>,
): Promise<number> {
  await trx('refund_payouts').where({ case_id: s.caseId, round_no: s.roundNo }).delete();
  await trx('refund_rounds').where({ case_id: s.caseId, round_no: s.roundNo, state: 'computed' }).delete();
  await trx('refund_rounds').insert({
    case_id: s.caseId,
    round_no: s.roundNo,
    pool_fen: s.poolFen,
    share_numerator: s.shareNumerator.toString(),
    share_denominator: s.shareDenominator.toString(),
    share_text: s.shareText,
    totals: s.totals,
    per_region: s.perRegion,
    computed_by: s.computedBy,
    computed_at: s.computedAt,
    compute_job_id: s.computeJobId,
    min_payout_fen: s.minPayoutFen,
    register_version: s.registerVersion,
  });
  const connection: pg.ClientBase = await trx.client.acquireConnection();
  const stream = connection.query(
    copyFrom(
      `COPY refund_payouts (case_id, round_no, participant_id, region_code, amount_fen, loss_fen, disposition, state, reconciliation_id, payee_id) FROM STDIN`,
    ),
  );
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  const STATE = { pay: 'pending', reserve: 'reserved', carry: 'carried' } as const;
  let n = 0;
  let chunk = '';
  for (const p of payouts) {
    chunk += `${s.caseId}\t${s.roundNo}\t${p.participantId}\t${p.regionCode}\t${p.amountFen}\t${p.lossFen}\t${p.disposition}\t${STATE[p.disposition]}\t${timeOrderedUuid()}\t${p.payeeId ?? '\\N'}\n`;
    n += 1;
    if (chunk.length >= 256 * 1024) {
      if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
      chunk = '';
    }
  }
  stream.end(chunk);
  await done;
  // No check of the payouts' keys here (the dropped foreign keys): every participant and payee id comes from
  // loadRoundClaims in this transaction, which reads them from the case's participants under the round's lock.
  // The integration tests hold that invariant (refund-rounds.test.ts); an anti-join here cost as much as the COPY.
  // The approve job pages through these by register order: the planner must know they are there.
  await trx.raw('ANALYZE refund_payouts');
  return n;
}

export interface RoundRow {
  roundNo: number;
  poolFen: number;
  shareNumerator: string;
  shareDenominator: string;
  shareText: string;
  state: 'computed' | 'approved';
  totals: Record<string, number>;
  perRegion: Record<string, Record<string, number>>;
  computedBy: string;
  computedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  paymentFileSha256: string | null;
  minPayoutFen: number;
}

/** A refund_rounds row as Postgres answers it (bigint and numeric as strings, jsonb parsed). */
interface RoundDbRow {
  case_id: string;
  round_no: number;
  pool_fen: string;
  share_numerator: string;
  share_denominator: string;
  share_text: string;
  state: RoundRow['state'];
  totals: Record<string, number>;
  per_region: Record<string, Record<string, number>>;
  computed_by: string;
  computed_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  payment_file_sha256: string | null;
  min_payout_fen: string;
}

const roundOf = (r: RoundDbRow): RoundRow => ({
  roundNo: r.round_no,
  poolFen: Number(r.pool_fen),
  shareNumerator: String(r.share_numerator),
  shareDenominator: String(r.share_denominator),
  shareText: r.share_text,
  state: r.state,
  totals: r.totals,
  perRegion: r.per_region,
  computedBy: r.computed_by,
  computedAt: new Date(r.computed_at).toISOString(),
  approvedBy: r.approved_by,
  approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
  paymentFileSha256: r.payment_file_sha256 ? String(r.payment_file_sha256) : null,
  minPayoutFen: Number(r.min_payout_fen),
});

export async function findRound(
  db: Executor,
  caseId: string,
  roundNo: number,
): Promise<RoundRow | undefined> {
  const r = await db<RoundDbRow>('refund_rounds').where({ case_id: caseId, round_no: roundNo }).first();
  return r ? roundOf(r) : undefined;
}

/** A case's rounds in round order, a page at a time; a round still being computed has no row yet. */
export async function listRounds(
  db: Executor,
  caseId: string,
  page: { limit: number; offset: number },
): Promise<{ items: RoundRow[]; total: number }> {
  const [rows, [{ n }]] = await Promise.all([
    db<RoundDbRow>('refund_rounds')
      .where({ case_id: caseId })
      .orderBy('round_no')
      .limit(page.limit)
      .offset(page.offset),
    db('refund_rounds').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' }),
  ]);
  return { items: rows.map(roundOf), total: Number(n) };
}

export type PayoutStates = Record<string, { count: number; fen: number }>;

/** The bank's side of a round's payouts (those to pay), by state: count and 分. */
export async function payoutStates(db: Executor, caseId: string, roundNo: number): Promise<PayoutStates> {
  return (await payoutStatesOfRounds(db, caseId, [roundNo])).get(roundNo) ?? {};
}

/** payoutStates for several rounds of a case in one statement (the rounds list), by round number. */
export async function payoutStatesOfRounds(
  db: Executor,
  caseId: string,
  roundNos: number[],
): Promise<Map<number, PayoutStates>> {
  const out = new Map<number, PayoutStates>();
  if (roundNos.length === 0) return out;
  const r = await db.raw<{ rows: { round_no: number; state: string; n: string; fen: string }[] }>(
    `SELECT round_no, state, count(*) AS n, COALESCE(sum(amount_fen), 0) AS fen FROM refund_payouts
     WHERE case_id = ? AND round_no = ANY(?::int[]) GROUP BY round_no, state`,
    [caseId, roundNos],
  );
  for (const x of r.rows) {
    const states = out.get(x.round_no) ?? {};
    states[x.state] = { count: Number(x.n), fen: Number(x.fen) };
    out.set(x.round_no, states);
  }
  return out;
}

export interface PayoutListRow {
  seq: number;
  participantId: string;
  name: string;
  identityMasked: string;
  bankName: string | null;
  bankAccountMasked: string | null;
  sealed: Buffer;
  keyId: string;
  regionCode: string;
  amountFen: number;
  lossFen: number;
  disposition: 'pay' | 'reserve' | 'carry';
  state: string;
  reconciliationId: string;
  bankReason: string | null;
  /** Whom the payout goes to instead of the participant (release_claim_hold: an heir), as the snapshot fixed it. */
  payee: {
    name: string;
    identityMasked: string;
    bankName: string;
    bankAccountMasked: string;
    sealed: Buffer;
    keyId: string;
  } | null;
}

/** A page of a round's payouts in register order (keyset on participants.seq). */
export async function payoutPage(
  db: Executor,
  p: { caseId: string; roundNo: number; afterSeq: number; limit: number; disposition?: 'pay' },
): Promise<PayoutListRow[]> {
  const r = await db.raw<{
    rows: {
      seq: string;
      participant_id: string;
      name: string;
      identity_masked: string;
      bank_name: string | null;
      bank_account_masked: string | null;
      sealed: Buffer;
      key_id: string;
      region_code: string;
      amount_fen: string;
      loss_fen: string;
      disposition: 'pay' | 'reserve' | 'carry';
      state: string;
      reconciliation_id: string;
      bank_reason: string | null;
      payee_name: string | null;
      payee_identity_masked: string | null;
      payee_bank_name: string | null;
      payee_bank_account_masked: string | null;
      payee_sealed: Buffer | null;
      payee_key_id: string | null;
    }[];
  }>(
    // Driven from the register's order (participants (case_id, seq)), each person's payout by its index: a page
    // costs its own size at any depth.
    `SELECT pa.seq, o.participant_id, pa.name, pa.identity_masked, pa.bank_name, pa.bank_account_masked, pa.sealed,
       pa.key_id, o.region_code, o.amount_fen, o.loss_fen, o.disposition, o.state, o.reconciliation_id, o.bank_reason,
       y.name AS payee_name, y.identity_masked AS payee_identity_masked, y.bank_name AS payee_bank_name,
       y.bank_account_masked AS payee_bank_account_masked, y.sealed AS payee_sealed, y.key_id AS payee_key_id
     FROM participants pa
     JOIN refund_payouts o ON o.case_id = pa.case_id AND o.round_no = :roundNo AND o.participant_id = pa.id
     LEFT JOIN participant_payees y ON y.id = o.payee_id
     WHERE pa.case_id = :caseId AND pa.seq > :afterSeq
       ${p.disposition ? `AND o.disposition = :disposition` : ''}
     ORDER BY pa.seq LIMIT :limit`,
    {
      caseId: p.caseId,
      roundNo: p.roundNo,
      afterSeq: p.afterSeq,
      limit: p.limit,
      disposition: p.disposition ?? null,
    },
  );
  return r.rows.map((x) => ({
    seq: Number(x.seq),
    participantId: x.participant_id,
    name: x.name,
    identityMasked: x.identity_masked,
    bankName: x.bank_name,
    bankAccountMasked: x.bank_account_masked,
    sealed: x.sealed,
    keyId: x.key_id,
    regionCode: x.region_code,
    amountFen: Number(x.amount_fen),
    lossFen: Number(x.loss_fen),
    disposition: x.disposition,
    state: x.state,
    reconciliationId: x.reconciliation_id,
    bankReason: x.bank_reason,
    payee:
      x.payee_name === null
        ? null
        : {
            name: x.payee_name,
            identityMasked: x.payee_identity_masked!,
            bankName: x.payee_bank_name!,
            bankAccountMasked: x.payee_bank_account_masked!,
            sealed: x.payee_sealed!,
            keyId: x.payee_key_id!,
          },
  }));
}

// ---------------------------------------------------------------------------------------- bank results

export interface BankResultLine {
  lineNo: number;
  reconciliationId: string;
  amountFen: number | null;
  outcome: string;
  reason: string | null;
}

export async function insertBankResultLines(
  db: Executor,
  jobId: string,
  lines: readonly BankResultLine[],
): Promise<void> {
  for (let i = 0; i < lines.length; i += 1000)
    await db('bank_result_lines').insert(
      lines.slice(i, i + 1000).map((l) => ({
        job_id: jobId,
        line_no: l.lineNo,
        reconciliation_id: l.reconciliationId,
        amount_fen: l.amountFen,
        outcome: l.outcome,
        reason: l.reason,
      })),
    );
}

/**
 * Reconciles a bank result file against a round's payouts, set-based, in the caller's transaction. Each line
 * is judged: unknown (no payout of this round bears the id: a forged or misdirected line), duplicate (the id
 * appears more than once in the file: none of its lines is applied), amount_mismatch, not_allowed (e.g.
 * paid twice, a reversal of what was never paid); the rest are applied: pending → paid | failed, paid →
 * reversed. Only applied lines change a payout; a failed or reversed payout's money is the pool's again.
 */
export async function reconcileBankResults(
  trx: Knex.Transaction,
  p: { jobId: string; caseId: string; roundNo: number; at: string },
): Promise<Record<string, number>> {
  await trx.raw(
    `UPDATE bank_result_lines l SET report = j.report FROM (
       SELECT l2.line_no,
         CASE
           WHEN o.reconciliation_id IS NULL THEN 'unknown'
           WHEN count(*) OVER (PARTITION BY l2.reconciliation_id) > 1 THEN 'duplicate'
           WHEN l2.amount_fen IS DISTINCT FROM o.amount_fen THEN 'amount_mismatch'
           WHEN NOT ((o.state = 'pending' AND l2.outcome IN ('paid', 'failed'))
                     OR (o.state = 'paid' AND l2.outcome = 'reversed')) THEN 'not_allowed'
           ELSE 'applied'
         END AS report
       FROM bank_result_lines l2
       LEFT JOIN refund_payouts o ON o.reconciliation_id::text = l2.reconciliation_id
         AND o.case_id = :caseId AND o.round_no = :roundNo AND o.disposition = 'pay'
       WHERE l2.job_id = :jobId
     ) j WHERE l.job_id = :jobId AND l.line_no = j.line_no`,
    p,
  );
  await trx.raw(
    `UPDATE refund_payouts o SET state = l.outcome, bank_reason = l.reason, bank_reported_at = :at
     FROM bank_result_lines l
     WHERE l.job_id = :jobId AND l.report = 'applied' AND o.reconciliation_id::text = l.reconciliation_id
       AND o.case_id = :caseId AND o.round_no = :roundNo`,
    p,
  );
  await trx('bank_result_lines').where({ job_id: p.jobId, report: 'applied' }).update({ applied: true });
  const r = await trx.raw<{ rows: { report: string; outcome: string; n: string }[] }>(
    `SELECT report, outcome, count(*) AS n FROM bank_result_lines WHERE job_id = ? GROUP BY report, outcome`,
    [p.jobId],
  );
  const counts: Record<string, number> = {
    lines: 0,
    paid: 0,
    failed: 0,
    reversed: 0,
    unknown: 0,
    duplicate: 0,
    amount_mismatch: 0,
    not_allowed: 0,
  };
  for (const x of r.rows) {
    const n = Number(x.n);
    counts.lines += n;
    if (x.report === 'applied') counts[x.outcome] += n;
    else counts[x.report] += n;
  }
  // A failed or reversed payment is no longer "already paid" (loadRoundClaims), so a round computed before it
  // would pay that claim too little: the register changed. A payment confirmed paid changes nothing a round reads.
  if (counts.failed + counts.reversed > 0) await markRegisterChanged(trx, p.caseId);
  return counts;
}

/** The lines of a bank result file that were not applied, with why (the reconciliation report). */
export async function listBankProblems(
  db: Executor,
  jobId: string,
  limit = 1000,
): Promise<{ lineNo: number; reconciliationId: string; problem: string }[]> {
  const rows = await db('bank_result_lines')
    .where({ job_id: jobId })
    .whereNot({ report: 'applied' })
    .orderBy('line_no')
    .limit(limit)
    .select<{ line_no: number; reconciliation_id: string; report: string }[]>(
      'line_no',
      'reconciliation_id',
      'report',
    );
  return rows.map((r) => ({ lineNo: r.line_no, reconciliationId: r.reconciliation_id, problem: r.report }));
}

// ------------------------------------------------------------------------------ openings of complete data

/** The approve job opened every payee's sealed identity and account: one row per round and job. */
export async function recordApproveJobOpening(
  db: Executor,
  r: { caseId: string; roundNo: number; jobId: string; opened: number },
): Promise<void> {
  await db.raw(
    `INSERT INTO refund_data_access (case_id, round_no, kind, job_id, opened)
     VALUES (?, ?, 'approve_job', ?, ?)
     ON CONFLICT (case_id, round_no, job_id) WHERE kind = 'approve_job' DO NOTHING`,
    [r.caseId, r.roundNo, r.jobId, r.opened],
  );
}

export interface PaymentFileDownload {
  caseId: string;
  roundNo: number;
  userId: string;
  role: string;
  unitId: string;
  regionCode: string;
  reason: string;
  /** Lines of payees in the file. */
  opened: number;
}

/** One download of a round's payment file: who, when, why. */
export async function recordPaymentFileDownload(
  db: Executor,
  r: PaymentFileDownload,
): Promise<{ id: string; at: string }> {
  const [row] = await db('refund_data_access')
    .insert({
      case_id: r.caseId,
      round_no: r.roundNo,
      kind: 'payment_file_download',
      user_id: r.userId,
      role: r.role,
      unit_id: r.unitId,
      region_code: r.regionCode,
      reason: r.reason,
      opened: r.opened,
    })
    .returning(['id', 'at']);
  return { id: row.id, at: new Date(row.at).toISOString() };
}

/** The sealed chunks of a round's payment file, in order (opened by the caller, one at a time). */
export async function paymentFileChunks(
  db: Executor,
  caseId: string,
  roundNo: number,
): Promise<{ keyId: string; sealed: Buffer }[]> {
  const rows = await db('refund_payment_file_chunks')
    .where({ case_id: caseId, round_no: roundNo })
    .orderBy('chunk_no')
    .select<{ key_id: string; sealed: Buffer }[]>('key_id', 'sealed');
  return rows.map((r) => ({ keyId: r.key_id, sealed: r.sealed }));
}

export interface RefundDataAccess {
  id: string;
  kind: 'payment_file_download' | 'approve_job';
  userId: string | null;
  role: string | null;
  unitId: string | null;
  regionCode: string | null;
  reason: string | null;
  jobId: string | null;
  opened: number;
  at: string;
}

export async function listRefundDataAccess(
  db: Executor,
  caseId: string,
  roundNo: number,
): Promise<RefundDataAccess[]> {
  const rows = await db('refund_data_access')
    .where({ case_id: caseId, round_no: roundNo })
    .orderBy([{ column: 'at' }, { column: 'id' }]);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    userId: r.user_id,
    role: r.role,
    unitId: r.unit_id,
    regionCode: r.region_code,
    reason: r.reason,
    jobId: r.job_id,
    opened: r.opened,
    at: new Date(r.at).toISOString(),
  }));
}
