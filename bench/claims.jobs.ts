// A side of `npm run bench -- claims` in a process of its own, as in production: forked once as the API (it
// stages uploads, on its staging threads) and once as the worker (it runs the bulk activities: merge an import,
// compute a round, issue it), each on the benchmark's database when the benchmark asks (IPC). Each process's
// peak RSS is its own figure, apart from the other's and from the benchmark's (which writes the files).
import fs from 'node:fs';
import { stageParticipantUpload } from '../api/claims.service';
import { StagingPool } from '../api/participant-staging';
import type { Db } from '../db/knex';
import { createDb } from '../db/knex';
import { createClaimsActivities } from '../activities/claims.bulk';
import { createNoticeService } from '../activities/notice.service';
import { createBulkNoticeService } from '../activities/notice.bulk';
import { createRefundActivities } from '../activities/refunds.bulk';
import { loadConfig } from '../config';
import { loadRoundClaims } from '../db/claims.repository';
import { createSealer } from '../db/sealing';
import { computeRound, formatShare } from '../domain/refunds';
import { createNoticeRenderer } from '../templates/renderer';

/** What the benchmark asks of this process, and what it answers. */
export type JobAsk =
  | { kind: 'stage'; jobId: string; caseId: string; regionCode: string; file: string }
  | { kind: 'merge' | 'compute' | 'approve'; jobId: string }
  | { kind: 'breakdown'; caseId: string; poolFen: number }
  | { kind: 'peak' }
  | { kind: 'exit' };
export type JobRequest = JobAsk & { id: number };
export interface JobReply {
  id: number;
  seconds: number;
  result?: Record<string, unknown>;
  error?: string;
}

function serve(db: Db): void {
  const config = loadConfig({});
  const sealer = createSealer(config.sealing);
  let pool: StagingPool | null | undefined;
  const bulk = createClaimsActivities({ db, heartbeat: () => undefined });
  const refunds = createRefundActivities({
    db,
    sealer,
    notices: createNoticeService(createNoticeRenderer()),
    bulkNotices: createBulkNoticeService(createNoticeRenderer()),
    minPayoutFen: 0,
    heartbeat: () => undefined,
  });
  let peakRss = process.memoryUsage().rss;
  setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50).unref();

  const run = async (m: JobRequest): Promise<Record<string, unknown> | undefined> => {
    switch (m.kind) {
      case 'stage': {
        pool ??=
          config.claims.stagingThreads > 0
            ? new StagingPool(config.sealing, config.claims.stagingThreads)
            : null;
        const staged = await stageParticipantUpload(db, sealer, {
          jobId: m.jobId,
          caseId: m.caseId,
          regionCode: m.regionCode,
          ownerUserId: 'bench',
          body: fs.createReadStream(m.file, { highWaterMark: 1 << 20 }),
          pool,
        });
        return { staged, threads: config.claims.stagingThreads };
      }
      case 'merge':
        return bulk.mergeParticipantImport({ jobId: m.jobId });
      case 'compute':
        return refunds.computeRefundRound({ jobId: m.jobId });
      case 'approve':
        return refunds.issueRefundRound({ jobId: m.jobId });
      case 'breakdown': {
        // The compute job's two parts apart: reading the register into typed arrays, and the arithmetic.
        let t = performance.now();
        const claims = await db.transaction((trx) => loadRoundClaims(trx, m.caseId));
        const loadSeconds = (performance.now() - t) / 1000;
        t = performance.now();
        const r = computeRound({
          poolFen: m.poolFen,
          lossFen: claims.lossFen,
          alreadyFen: claims.alreadyFen,
          hold: claims.hold,
        });
        return {
          loadSeconds,
          arithmeticSeconds: (performance.now() - t) / 1000,
          claims: claims.lossFen.length,
          share: formatShare(r.shareNumerator, r.shareDenominator),
          paidFen: r.totals.paidFen,
          payees: r.totals.payees,
        };
      }
      case 'peak':
        return { peakRss: Math.max(peakRss, process.memoryUsage().rss) };
      case 'exit':
        await pool?.stop();
        await db.destroy();
        return undefined;
    }
  };
  process.on('message', (m: JobRequest) => {
    const t = performance.now();
    run(m).then(
      (result) => {
        process.send!({ id: m.id, seconds: (performance.now() - t) / 1000, result } satisfies JobReply);
        if (m.kind === 'exit') process.exit(0);
      },
      (e: unknown) =>
        process.send!({
          id: m.id,
          seconds: (performance.now() - t) / 1000,
          error: e instanceof Error ? e.message : String(e),
        } satisfies JobReply),
    );
  });
  process.send!({ id: 0, seconds: 0 } satisfies JobReply);
}

if (require.main === module) serve(createDb(process.argv[2], 4));
