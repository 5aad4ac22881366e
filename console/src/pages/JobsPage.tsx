// 我的任务: the long jobs I started (GET /api/jobs: imports, refund rounds, bank results), newest first, each
// with its progress bar; polled every 2 s while one of the page is still queued or running.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, Empty, Table, Typography } from 'antd';
import { api, qs } from '../api/client';
import type { JobItem, JobPage } from '../api/types';
import { ENDED_JOB_STATES, JOB_KIND_LABELS, JOB_STATE_LABELS, JobBar } from '../components/JobProgress';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

export default function JobsPage() {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['jobs', page],
    queryFn: () => api<JobPage>(`/api/jobs${qs({ page, pageSize: PAGE_SIZE })}`),
    refetchInterval: (query) =>
      query.state.data?.items.some((j) => !ENDED_JOB_STATES.has(j.state)) ? 2000 : false,
  });
  return (
    <>
      <Typography.Title level={2}>我的任务</Typography.Title>
      <Card>
        <ProblemAlert error={q.error} />
        <Table<JobItem>
          rowKey="id"
          size="small"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: <Empty description="您还没有提交过任务" /> }}
          pagination={serverPagination(page, q.data?.total, setPage)}
          columns={[
            {
              title: '任务',
              render: (_, j) => <Link to={`/jobs/${j.id}`}>{JOB_KIND_LABELS[j.kind] ?? j.kind}</Link>,
            },
            {
              title: '案件',
              render: (_, j) =>
                j.caseId ? <Link to={`/cases/${j.caseId}`}>{j.caseNo ?? '查看'}</Link> : '—',
            },
            { title: '提交时间', render: (_, j) => formatDateTime(j.createdAt) },
            { title: '状态', render: (_, j) => JOB_STATE_LABELS[j.state] ?? j.state },
            {
              title: '进度',
              render: (_, j) => (
                <div style={{ minWidth: 200 }}>
                  <JobBar state={j.state} done={j.progress.done} total={j.progress.total} />
                  {j.progress.done} / {j.progress.total ?? '—'}
                  {j.error ? (
                    <Typography.Text style={{ color: '#cf1322' }}>：{j.error.message}</Typography.Text>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
