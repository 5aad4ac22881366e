// 信访局: petitions by state and clock across the cases I see (the petition deadlines of 《信访工作条例》),
// and per case the petitions, group visits and stabilization measures of each region.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { api, qs } from '../api/client';
import { byKey, useDeadlineRules } from '../api/hooks';
import type { Case, Deadline, Page } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { daysLeft, daysLeftText, formatDate } from '../lib/format';
import { DEADLINE_STATE_LABELS, label, REGION_LABELS } from '../lib/labels';

const isPetitionRule = (rule: string) => rule.startsWith('PETITION_');

export default function PetitionPage() {
  const rules = byKey(useDeadlineRules().data, 'code');
  const deadlines = useQuery({
    queryKey: ['deadlines', 'petitions'],
    queryFn: async () => {
      const pages = await Promise.all(
        ['running', 'missed', 'paused'].map((state) =>
          api<Page<Deadline>>(`/api/deadlines${qs({ state, pageSize: 200 })}`),
        ),
      );
      return pages.flatMap((p) => p.items).filter((d) => isPetitionRule(d.rule));
    },
  });
  const cases = useQuery({
    queryKey: ['cases', 'petitions'],
    queryFn: () => api<Page<Case>>(`/api/cases${qs({ pageSize: 200 })}`),
  });
  const caseById = byKey(cases.data?.items, 'id');
  const stateCounts = new Map<string, number>();
  for (const d of deadlines.data ?? []) stateCounts.set(d.state, (stateCounts.get(d.state) ?? 0) + 1);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>信访维稳</Typography.Title>
      <ProblemAlert error={deadlines.error ?? cases.error} />
      <Card title={<h3 style={{ margin: 0 }}>信访事项办理时限</h3>}>
        <Space style={{ marginBottom: 12 }}>
          {[...stateCounts].map(([s, n]) => (
            <Tag key={s} color={s === 'missed' ? 'red' : 'blue'}>
              {label(DEADLINE_STATE_LABELS, s)} {n}
            </Tag>
          ))}
        </Space>
        <Table<Deadline>
          rowKey="id"
          size="small"
          loading={deadlines.isPending}
          dataSource={[...(deadlines.data ?? [])].sort((a, b) => a.dueOn.localeCompare(b.dueOn))}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: <Empty description="没有在办的信访事项" /> }}
          columns={[
            {
              title: '案件',
              render: (_, d) => (
                <Link to={`/cases/${d.caseId}?tab=petitions`}>
                  {caseById.get(d.caseId)?.caseNo ?? '查看'}
                </Link>
              ),
            },
            { title: '地区', render: (_, d) => label(REGION_LABELS, d.regionCode) },
            { title: '环节', render: (_, d) => rules.get(d.rule)?.title ?? d.rule },
            { title: '状态', render: (_, d) => label(DEADLINE_STATE_LABELS, d.state) },
            { title: '到期日', render: (_, d) => formatDate(d.dueOn) },
            {
              title: '剩余',
              render: (_, d) => (
                <Tag color={daysLeft(d.dueOn) < 0 ? 'red' : 'blue'}>{daysLeftText(d.dueOn)}</Tag>
              ),
            },
            { title: '依据', render: (_, d) => rules.get(d.rule)?.basis ?? '—' },
          ]}
        />
      </Card>
      <Card title={<h3 style={{ margin: 0 }}>各案件维稳情况</h3>}>
        <Table<Case>
          rowKey="id"
          size="small"
          loading={cases.isPending}
          dataSource={cases.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '案号', render: (_, c) => <Link to={`/cases/${c.id}`}>{c.caseNo}</Link> },
            { title: '案名', dataIndex: 'title' },
            { title: '地区', render: (_, c) => c.regions.map((r) => r.name).join('、') },
            {
              title: '在办信访',
              render: (_, c) => c.openDeadlines.filter((d) => isPetitionRule(d.rule)).length,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
