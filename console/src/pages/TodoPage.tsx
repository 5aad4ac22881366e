// 我的待办: what I may do now (each visible case's allowedActions) and my unit's deadlines due soon,
// overdue first. Both come from the API's own answers: the console never decides who may act.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, qs } from '../api/client';
import { byKey, useActionCatalogue, useDeadlineRules } from '../api/hooks';
import type { Case, Deadline, Page } from '../api/types';
import { useAuth } from '../auth';
import { ProblemAlert } from '../components/ProblemAlert';
import { daysLeft, daysLeftText, formatDate, todayInShanghai, ZONE } from '../lib/format';
import { label, REGION_LABELS, STAGE_LABELS } from '../lib/labels';

/** Deadlines due within this many days count as "due soon". */
const SOON_DAYS = 30;

export default function TodoPage() {
  const { me } = useAuth();
  const actions = byKey(useActionCatalogue().data, 'name');
  const rules = byKey(useDeadlineRules().data, 'code');
  const cases = useQuery({
    queryKey: ['cases', 'todo'],
    queryFn: () => api<Page<Case>>(`/api/cases${qs({ pageSize: 200 })}`),
  });
  const soon = dayjs().tz(ZONE).add(SOON_DAYS, 'day').format('YYYY-MM-DD');
  const deadlines = useQuery({
    queryKey: ['deadlines', 'mine', me?.unit.id],
    enabled: !!me,
    queryFn: async () => {
      const [missed, running] = await Promise.all([
        api<Page<Deadline>>(`/api/deadlines${qs({ unit: me!.unit.id, state: 'missed', pageSize: 200 })}`),
        api<Page<Deadline>>(
          `/api/deadlines${qs({ unit: me!.unit.id, state: 'running', dueBefore: soon, pageSize: 200 })}`,
        ),
      ]);
      return [...missed.items, ...running.items].sort(
        (a, b) =>
          Number(b.state === 'missed') - Number(a.state === 'missed') || a.dueOn.localeCompare(b.dueOn),
      );
    },
  });
  const caseById = byKey(cases.data?.items, 'id');
  const actionable = (cases.data?.items ?? []).filter((c) => c.allowedActions.length > 0);
  const today = todayInShanghai();

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>我的待办</Typography.Title>
      <Card title={<h3 style={{ margin: 0 }}>本单位期限（{SOON_DAYS} 日内到期及已逾期）</h3>}>
        <ProblemAlert error={deadlines.error} />
        <Table<Deadline>
          rowKey="id"
          size="small"
          loading={deadlines.isPending}
          dataSource={deadlines.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description="本单位没有即将到期的期限" /> }}
          rowClassName={(d) => (d.state === 'missed' || daysLeft(d.dueOn, today) < 0 ? 'row-overdue' : '')}
          columns={[
            {
              title: '案件',
              render: (_, d) => (
                <Link to={`/cases/${d.caseId}`}>{caseById.get(d.caseId)?.caseNo ?? '查看案件'}</Link>
              ),
            },
            { title: '期限', render: (_, d) => rules.get(d.rule)?.title ?? d.rule },
            { title: '地区', render: (_, d) => label(REGION_LABELS, d.regionCode) },
            { title: '到期日', render: (_, d) => formatDate(d.dueOn) },
            {
              title: '剩余',
              render: (_, d) => {
                const n = daysLeft(d.dueOn, today);
                return (
                  <Tag color={n < 0 ? 'red' : n <= 3 ? 'orange' : 'blue'}>{daysLeftText(d.dueOn, today)}</Tag>
                );
              },
            },
          ]}
        />
      </Card>
      <Card title={<h3 style={{ margin: 0 }}>可办理的操作</h3>}>
        <ProblemAlert error={cases.error} />
        <List
          loading={cases.isPending}
          dataSource={actionable.sort((a, b) => Number(b.overdue) - Number(a.overdue))}
          locale={{ emptyText: <Empty description="目前没有需要您办理的操作" /> }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Link to={`/cases/${c.id}`}>
                    {c.caseNo} {c.title}
                  </Link>
                }
                description={
                  <Space wrap>
                    {c.overdue && <Tag color="red">有逾期</Tag>}
                    <Tag>{label(STAGE_LABELS, c.stage)}</Tag>
                    {c.allowedActions.map((a) => (
                      // Straight to the action's form on the case page.
                      <Link key={a} to={`/cases/${c.id}?action=${a}`}>
                        <Tag color="blue">{actions.get(a)?.title ?? a}</Tag>
                      </Link>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
