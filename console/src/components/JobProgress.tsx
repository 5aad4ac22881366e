// A long job's progress (GET /api/jobs/{id}), polled once a second until it ends; shown where the job was
// started (the participant import on the case page), on /jobs/:id and in 我的任务.
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Progress, Typography } from 'antd';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { ProblemAlert } from './ProblemAlert';

export const ENDED_JOB_STATES = new Set(['succeeded', 'failed', 'done', 'completed', 'cancelled']);
export const JOB_STATE_LABELS: Record<string, string> = {
  queued: '排队中',
  running: '进行中',
  succeeded: '已完成',
  done: '已完成',
  completed: '已完成',
  failed: '失败',
  cancelled: '已取消',
};
export const JOB_KIND_LABELS: Record<string, string> = {
  participant_import: '集资参与人名单导入',
  refund_compute: '清退方案测算',
  refund_approve: '清退方案批准',
  bank_results: '银行兑付结果导入',
};
/** What a finished import reports (activities/claims.bulk.ts), in words. */
const RESULT_LABELS: Record<string, string> = {
  staged: '有效行',
  rejected: '被拒绝的行',
  newParticipants: '新登记参与人',
  records: '债权记录',
  duplicates: '重复记录',
  claimsChanged: '变更的债权',
  mergedLines: '合并的行',
  participantsMerged: '合并的参与人',
};

/** Percent with integer arithmetic; 0 of 0 is 0 %, not NaN. */
export const percentOf = (done: number, total: number | null): number =>
  total && total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;

export function JobBar({ state, done, total }: { state: string; done: number; total: number | null }) {
  const failed = state === 'failed';
  const ended = ENDED_JOB_STATES.has(state);
  return (
    <Progress
      percent={ended && !failed ? 100 : percentOf(done, total)}
      status={failed ? 'exception' : ended ? 'success' : 'active'}
      aria-label="任务进度"
    />
  );
}

export function JobProgress({ jobId, onEnded }: { jobId: string; onEnded?: (job: Job) => void }) {
  const q = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api<Job>(`/api/jobs/${jobId}`),
    refetchInterval: (query) =>
      query.state.data && ENDED_JOB_STATES.has(query.state.data.state) ? false : 1000,
  });
  const ended = q.data && ENDED_JOB_STATES.has(q.data.state);
  useEffect(() => {
    if (ended && q.data) onEnded?.(q.data);
    // Once per job: a job that has ended stays as it ended.
  }, [ended, jobId]);
  if (q.error) return <ProblemAlert error={q.error} title="无法读取任务进度" />;
  if (!q.data) return null;
  const { state, progress, error, result } = q.data;
  return (
    <div data-testid="job-progress" data-state={state}>
      <JobBar state={state} done={progress.done} total={progress.total} />
      <Typography.Text data-testid="job-state">
        {JOB_STATE_LABELS[state] ?? state}：{progress.done} / {progress.total ?? '—'}
      </Typography.Text>
      {state === 'failed' && error ? (
        <Typography.Paragraph style={{ color: '#cf1322' }}>
          {typeof error === 'string' ? error : error.message}
        </Typography.Paragraph>
      ) : null}
      {result && typeof result === 'object' ? (
        <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginTop: 8 }}>
          {Object.entries(result as Record<string, unknown>)
            .filter(([k]) => k in RESULT_LABELS)
            .map(([k, v]) => (
              <Descriptions.Item key={k} label={RESULT_LABELS[k]}>
                {String(v)}
              </Descriptions.Item>
            ))}
        </Descriptions>
      ) : null}
    </div>
  );
}
