// The contract of a bulk job's workflow, imported by the API (which starts it) and by the worker's activities.
// Workflow id = `job-<jobId>`: starting the same job twice is refused by Temporal, never run twice.
export interface JobWorkflowInput {
  jobId: string;
  kind: 'participant_import' | 'refund_compute' | 'refund_approve' | 'bank_results';
  /** The bulk task queue (config.claims.bulkTaskQueue), where the job's activities run apart from the cases'. */
  bulkTaskQueue: string;
}

export const jobWorkflowId = (jobId: string) => `job-${jobId}`;
