// A long job's progress (GET /api/jobs/{id}), polled once a second until it ends.
import { useQuery } from '@tanstack/react-query';
import { Progress, Typography } from 'antd';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { ProblemAlert } from './ProblemAlert';

const ENDED = new Set(['succeeded', 'failed', 'done', 'completed', 'cancelled']);
const STATE_LABELS: Record<string, string> = {
  queued: '排队中',
  running: '进行中',
  succeeded: '已完成',
  done: '已完成',
  completed: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

/** Percent with integer arithmetic; 0 of 0 is 0 %, not NaN. */
export const percentOf = (done: number, total: number): number =>
  total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;

export function JobProgress({ jobId }: { jobId: string }) {
  const q = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api<Job>(`/api/jobs/${jobId}`),
    refetchInterval: (query) => (query.state.data && ENDED.has(query.state.data.state) ? false : 1000),
  });
  if (q.error) return <ProblemAlert error={q.error} title="无法读取任务进度" />;
  if (!q.data) return null;
  const { state, progress, error } = q.data;
  const failed = state === 'failed';
  return (
    <div>
      <Progress
        percent={percentOf(progress.done, progress.total)}
        status={failed ? 'exception' : ENDED.has(state) ? 'success' : 'active'}
        aria-label="任务进度"
      />
      <Typography.Text>
        {STATE_LABELS[state] ?? state}：{progress.done} / {progress.total}
      </Typography.Text>
      {failed && error ? (
        <Typography.Paragraph type="danger">
          {typeof error === 'string' ? error : error.message}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
