// A refund round's bulk work, run by the job workflow on the bulk task queue (heartbeating activities that a
// killed worker hands to another): computing the round's snapshot over the whole register, issuing what its
// approval issues (清退公告, one 清退通知书 per payee, the bank's payment file), and reconciling the bank's result
// file. Each is resumable without doubling anything: the snapshot is one transaction; notices resume after the
// ones already issued for the round (counted in the database, not remembered); the payment file is one
// transaction; a result file is applied in one transaction.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Db } from '../db/knex';
import {
  finishJob,
  findJob,
  loadRoundClaims,
  registerVersion,
  saveJobProgress,
} from '../db/claims.repository';
import {
  type PayoutRow,
  findRound,
  latestComputeJob,
  payoutPage,
  reconcileBankResults,
  recordApproveJobOpening,
  writeRoundSnapshot,
} from '../db/refunds.repository';
import type { SealedPersonal, Sealer } from '../db/sealing';
import { findUnitByRole } from '../db/unit.repository';
import { addDays, shanghaiDateOf } from '../domain/calendar';
import { DEFAULT_ROUND_TERMS, type RefundTermDays } from '../domain/claims.track';
import { csvLine } from '../domain/csv';
import { DomainError } from '../domain/errors';
import { DISPOSITION, computeRound, formatShare } from '../domain/refunds';
import { toFailure } from '../workflows/failure';
import type { BulkNoticeService } from './notice.bulk';
import type { RefundRecipient, RefundRoundTerms } from './notice.facts';
import type { NoticeService } from './notice.service';

export interface RefundActivities {
  computeRefundRound(input: { jobId: string }): Promise<Record<string, unknown>>;
  issueRefundRound(input: { jobId: string }): Promise<Record<string, unknown>>;
  applyBankResults(input: { jobId: string }): Promise<Record<string, unknown>>;
}

export interface RefundActivityDeps {
  db: Db;
  sealer: Sealer;
  notices: NoticeService;
  bulkNotices: BulkNoticeService;
  /** Allocations below this are carried to a later round (config.claims.minPayoutFen). */
  minPayoutFen: number;
  heartbeat?: (details: Record<string, unknown>) => void;
  now?: () => Date;
}

const DISPOSITION_NAME = {
  [DISPOSITION.pay]: 'pay',
  [DISPOSITION.reserve]: 'reserve',
  [DISPOSITION.carry]: 'carry',
} as const;

/** Lines of the payment file per sealed chunk. */
const PAYMENT_CHUNK_LINES = 20_000;
const PAGE = 5_000;

export function createRefundActivities({
  db,
  sealer,
  notices,
  bulkNotices,
  minPayoutFen,
  heartbeat = (d) => Context.current().heartbeat(d),
  now = () => new Date(),
}: RefundActivityDeps): RefundActivities {
  /**
   * Runs a round's work while telling Temporal, every 2 s, that this worker is alive: long single statements
   * (the register read, the payouts' COPY) give no natural point to heartbeat from.
   */
  async function alive<T>(what: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => heartbeat(what), 2_000);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  }

  async function ownJob(jobId: string, kind: string) {
    const job = await findJob(db, jobId);
    if (!job || job.kind !== kind) throw new DomainError('NOT_FOUND', '任务不存在');
    return job;
  }

  return {
    /**
     * The round's immutable snapshot over the whole register (统一资产处置: one share R for every region), in
     * one transaction under the case's advisory lock; only the round's latest compute job writes it.
     */
    async computeRefundRound({ jobId }) {
      try {
        const job = await ownJob(jobId, 'refund_compute');
        if (job.state === 'succeeded') return job.result ?? {};
        const caseId = job.caseId!;
        const roundNo = Number(job.input.roundNo);
        const poolFen = Number(job.input.poolFen);
        return await alive({ computing: roundNo }, () =>
          db.transaction(async (trx) => {
            await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`refund-round:${caseId}`]);
            // What earlier rounds paid is grouped per person (a million payouts from round two on): in memory,
            // not on disk.
            await trx.raw(`SET LOCAL work_mem = '256MB'`);
            // One process: with the read's earlier plan, each parallel worker rebuilt the per-person aggregate
            // (three times the work on two cores); the read is now one ordered pass of the claims' key, kept in
            // one process rather than measured again.
            await trx.raw(`SET LOCAL max_parallel_workers_per_gather = 0`);
            // No JIT: the planner's estimate of the grouped register is far too high, so it compiles the
            // query (about 0.2 s of a million claims' read) for a plan that runs once.
            await trx.raw(`SET LOCAL jit = off`);
            const latest = await latestComputeJob(trx, caseId, roundNo);
            const existing = await findRound(trx, caseId, roundNo);
            if (latest?.id !== jobId || existing?.state === 'approved') {
              const result = { superseded: true, round: roundNo };
              await finishJob(trx, jobId, { result });
              return result;
            }
            // The version first, then the register: a change committed in between shows as a newer version
            // (approval asks for a recomputation), never as a change the stamp claims to include.
            const version = await registerVersion(trx, caseId);
            const claims = await loadRoundClaims(trx, caseId);
            heartbeat({ loaded: claims.lossFen.length });
            const r = computeRound({
              poolFen,
              lossFen: claims.lossFen,
              alreadyFen: claims.alreadyFen,
              hold: claims.hold,
              minPayoutFen,
            });
            const perRegion: Record<string, Record<string, number>> = {};
            const n = claims.lossFen.length;
            for (let i = 0; i < n; i++) {
              const code = claims.regionCodes[i];
              const t = (perRegion[code] ??= {
                claims: 0,
                lossFen: 0,
                paidFen: 0,
                payees: 0,
                reservedFen: 0,
                reserved: 0,
                carriedFen: 0,
                carried: 0,
              });
              t.claims++;
              t.lossFen += claims.lossFen[i];
              const d = r.disposition[i];
              const x = r.amountFen[i];
              const [fen, count] =
                d === DISPOSITION.pay
                  ? (['paidFen', 'payees'] as const)
                  : d === DISPOSITION.reserve
                    ? (['reservedFen', 'reserved'] as const)
                    : d === DISPOSITION.carry
                      ? (['carriedFen', 'carried'] as const)
                      : [null, null];
              if (fen) {
                t[fen] += x;
                t[count] += 1;
              }
            }
            let lossFen = 0;
            for (let i = 0; i < n; i++) lossFen += claims.lossFen[i];
            // Written in participant-id order, the order the register was read in: the payouts' indexes
            // (primary key, participant, and the reconciliation ids, time-ordered, drawn in this order) then
            // grow at their right edge instead of at a million random places.
            function* payouts(): Generator<PayoutRow> {
              for (let i = 0; i < n; i++) {
                const d = r.disposition[i];
                if (d === DISPOSITION.none) continue;
                yield {
                  participantId: claims.participantIds[i],
                  regionCode: claims.regionCodes[i],
                  amountFen: r.amountFen[i],
                  lossFen: claims.lossFen[i],
                  disposition: DISPOSITION_NAME[d as 1 | 2 | 3],
                  payeeId: claims.payeeId[i] || null,
                };
              }
            }
            const totals = { ...r.totals, lossFen, poolFen };
            const written = await writeRoundSnapshot(
              trx,
              {
                caseId,
                roundNo,
                poolFen,
                shareNumerator: r.shareNumerator,
                shareDenominator: r.shareDenominator,
                shareText: formatShare(r.shareNumerator, r.shareDenominator),
                totals,
                perRegion,
                computedBy: job.ownerUserId,
                computedAt: now().toISOString(),
                computeJobId: jobId,
                minPayoutFen,
                registerVersion: version,
              },
              payouts(),
            );
            const result = {
              round: roundNo,
              share: formatShare(r.shareNumerator, r.shareDenominator),
              payouts: written,
              ...r.totals,
            };
            await trx('jobs').where({ id: jobId }).update({ total: n, done: n });
            await finishJob(trx, jobId, { result });
            return result;
          }),
        );
      } catch (e) {
        throw toFailure(e);
      }
    },

    /**
     * What an approved round issues: the 清退公告 (once), one 清退通知书 per payee in register order through the
     * bulk path (resuming after those already issued for the round), and the payment file for the bank, sealed
     * in chunks (it holds complete accounts), its sha256 recorded on the round.
     */
    async issueRefundRound({ jobId }) {
      try {
        const job = await ownJob(jobId, 'refund_approve');
        if (job.state === 'succeeded') return job.result ?? {};
        const caseId = job.caseId!;
        const roundNo = Number(job.input.roundNo);
        const round = await findRound(db, caseId, roundNo);
        if (!round || round.state !== 'approved') throw new DomainError('CONFLICT', '清退轮次尚未批准');
        const kase = await db('cases').where({ id: caseId }).first('lead_region_code');
        const office = await findUnitByRole(db, kase.lead_region_code, 'financial_office');
        if (!office) throw new Error(`region ${kase.lead_region_code} has no financial office`);
        const approvedOn = shanghaiDateOf(Date.parse(round.approvedAt!));
        // The 统一办案要求 in force at approval (carried by the job), or the defaults for older jobs.
        const days = (job.input.terms as RefundTermDays | undefined) ?? DEFAULT_ROUND_TERMS;
        const terms: RefundRoundTerms = {
          roundNo,
          payStartsOn: addDays(approvedOn, days.payStartsAfterDays),
          objectionDueOn: addDays(approvedOn, days.objectionDays),
          place: office.name,
          enquiryPhone: `${office.name}（工作时间）`,
        };
        const payees = Number(round.totals.payees ?? 0);
        await db('jobs').where({ id: jobId }).update({ total: payees });
        const event = await db('case_events')
          .where({ case_id: caseId, action: 'approve_refund_round' })
          .whereRaw(`(payload->>'jobId') = ?`, [jobId])
          .first('id');

        // 清退公告: once per round (it is found again on a resumed attempt).
        const announced = await db('notices')
          .where({ case_id: caseId, kind: 'refund_announcement' })
          .whereRaw(`(data->'facts'->>'round')::int = ?`, [roundNo])
          .first('id');
        if (!announced)
          await db.transaction((trx) =>
            notices.issueAll(trx, {
              caseId,
              eventId: event?.id ?? null,
              issuedAt: round.approvedAt!,
              requests: [
                {
                  kind: 'refund_announcement',
                  issuerRole: 'financial_office',
                  regionCode: kase.lead_region_code,
                  addressee: { text: 'all_regions' },
                  copyTo: [],
                  facts: {
                    round: roundNo,
                    participantCount: Number(round.totals.claims ?? 0),
                    claimsTotalFen: Number(round.totals.lossFen ?? 0),
                    distributableFen: round.poolFen,
                    payStartsOn: terms.payStartsOn,
                    payEndsOn: addDays(approvedOn, days.payEndsAfterDays),
                    place: terms.place,
                    enquiryPhone: terms.enquiryPhone,
                  },
                },
              ],
            }),
          );

        // 清退通知书: resume after the ones this round already has (each batch commits its numbers and notices).
        const already = await db.raw<{ rows: { n: string }[] }>(
          `SELECT count(*) AS n FROM notices WHERE case_id = ? AND kind = 'refund_notice'
             AND ((data->'facts'->>'round')::int) = ?`,
          [caseId, roundNo],
        );
        const skip = Number(already.rows[0].n);
        const open = (row: { sealed: Buffer; keyId: string }): SealedPersonal =>
          JSON.parse(sealer.open({ keyId: row.keyId, box: row.sealed })) as SealedPersonal;
        async function* recipients(): AsyncGenerator<RefundRecipient> {
          let after = 0;
          let seen = 0;
          for (;;) {
            const page = await payoutPage(db, {
              caseId,
              roundNo,
              afterSeq: after,
              limit: PAGE,
              disposition: 'pay',
            });
            if (page.length === 0) return;
            after = page[page.length - 1].seq;
            for (const p of page) {
              if (seen++ < skip) continue;
              const personal = open(p);
              // A deceased participant's heir (release_claim_hold): the notice goes to them, the money into
              // their account; the claim stays the participant's.
              const payee = p.payee ? open(p.payee) : null;
              yield {
                participantName: p.name,
                idNumber: personal.identity,
                claimFen: p.lossFen,
                payFen: p.amountFen,
                bankAccountNo: payee ? payee.bankAccount : personal.bankAccount,
                ...(payee ? { payee: { name: p.payee!.name, idNumber: payee.identity } } : {}),
              };
            }
          }
        }
        const progress: Promise<void>[] = [];
        const issued = await bulkNotices.issueRefundNotices(db, {
          caseId,
          issuingUnitId: office.id,
          round: terms,
          issuedAt: round.approvedAt!,
          eventId: event?.id ?? null,
          recipients: recipients(),
          onProgress: (p) => {
            heartbeat({ issued: skip + p.issued });
            progress.push(
              saveJobProgress(db, jobId, { done: skip + p.issued, checkpoint: { notices: skip + p.issued } }),
            );
          },
        });
        await Promise.all(progress);

        // The payment file (CSV: payee, complete account, amount, reconciliation id), in one transaction.
        let sha256 = round.paymentFileSha256;
        let noAccount = 0;
        if (!sha256) {
          sha256 = await alive({ paymentFile: roundNo }, () =>
            db.transaction(async (trx) => {
              await trx('refund_payment_file_chunks').where({ case_id: caseId, round_no: roundNo }).delete();
              const hash = createHash('sha256');
              let chunk = csvLine(['payee', 'bankName', 'account', 'amountFen', 'reconciliationId']);
              let lines = 0;
              let chunkNo = 0;
              const flush = async () => {
                hash.update(chunk, 'utf8');
                const s = sealer.seal(chunk);
                await trx('refund_payment_file_chunks').insert({
                  case_id: caseId,
                  round_no: roundNo,
                  chunk_no: chunkNo++,
                  key_id: s.keyId,
                  sealed: s.box,
                });
                chunk = '';
              };
              let after = 0;
              for (;;) {
                const page = await payoutPage(trx, {
                  caseId,
                  roundNo,
                  afterSeq: after,
                  limit: PAGE,
                  disposition: 'pay',
                });
                if (page.length === 0) break;
                after = page[page.length - 1].seq;
                for (const p of page) {
                  // The payee the snapshot names (an heir), else the participant: name, bank and account.
                  const to = p.payee ?? p;
                  const account = open(to).bankAccount;
                  if (!account) noAccount++;
                  chunk += csvLine([
                    to.name,
                    to.bankName ?? '',
                    account ?? '',
                    p.amountFen,
                    p.reconciliationId,
                  ]);
                  if (++lines % PAYMENT_CHUNK_LINES === 0) await flush();
                }
                heartbeat({ paymentLines: lines });
              }
              if (chunk) await flush();
              const digest = hash.digest('hex');
              await trx('refund_rounds')
                .where({ case_id: caseId, round_no: roundNo })
                .update({ payment_file_sha256: digest });
              return digest;
            }),
          );
        }
        const result = {
          round: roundNo,
          notices: skip + issued.issued,
          firstDocNo: issued.firstDocNo,
          lastDocNo: issued.lastDocNo,
          paymentFileSha256: sha256,
          payeesWithoutAccount: noAccount,
        };
        await db.transaction(async (trx) => {
          // The job opened every payee's sealed identity and account (notices and payment file): one row.
          await recordApproveJobOpening(trx, { caseId, roundNo, jobId, opened: payees });
          await trx('jobs').where({ id: jobId }).update({ done: payees });
          await finishJob(trx, jobId, { result });
        });
        return result;
      } catch (e) {
        throw toFailure(e);
      }
    },

    async applyBankResults({ jobId }) {
      try {
        const job = await ownJob(jobId, 'bank_results');
        if (job.state === 'succeeded') return job.result ?? {};
        return await alive({ reconciling: jobId }, () =>
          db.transaction(async (trx) => {
            const counts = await reconcileBankResults(trx, {
              jobId,
              caseId: job.caseId!,
              roundNo: Number(job.input.roundNo),
              at: now().toISOString(),
            });
            const result = { round: Number(job.input.roundNo), ...counts };
            await trx('jobs').where({ id: jobId }).update({ done: counts.lines });
            await finishJob(trx, jobId, { result });
            return result;
          }),
        );
      } catch (e) {
        throw toFailure(e);
      }
    },
  };
}
