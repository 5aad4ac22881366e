// One bulk job (a participant import, a refund round computed or issued, a bank result file): a small workflow per job that runs the long work as ordinary,
// heartbeating activities on the bulk task queue (never local activities, never on the cases' queue), so a
// worker killed half way hands the activity to another worker, which resumes from the job's checkpoint.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { BulkActivities } from '../activities/claims.bulk';
import type { RefundActivities } from '../activities/refunds.bulk';
import type { JobWorkflowInput } from './job.messages';

export async function jobWorkflow(input: JobWorkflowInput): Promise<Record<string, unknown>> {
  const long = {
    taskQueue: input.bulkTaskQueue,
    // A million rows merge in minutes; a dead worker is noticed by the missing heartbeat, not this.
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '10 seconds',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 20,
    },
  } as const;
  const bulk = proxyActivities<BulkActivities>(long);
  // A round's activities heartbeat on a timer (activities/refunds.bulk.ts), but the arithmetic over a million
  // claims holds the event loop for a few seconds at once: a longer silence before the worker is judged dead.
  const rounds = proxyActivities<RefundActivities>({ ...long, heartbeatTimeout: '15 seconds' });
  const record = proxyActivities<BulkActivities>({
    taskQueue: input.bulkTaskQueue,
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 10 },
  });
  try {
    const run = {
      participant_import: bulk.mergeParticipantImport,
      refund_compute: rounds.computeRefundRound,
      refund_approve: rounds.issueRefundRound,
      bank_results: rounds.applyBankResults,
    }[input.kind];
    return await run({ jobId: input.jobId });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const failure = cause instanceof ApplicationFailure ? cause : undefined;
    await record.failJob({
      jobId: input.jobId,
      code: failure?.type ?? 'INTERNAL',
      message: failure?.message ?? '任务未能完成，请重新提交',
    });
    throw err;
  }
}
