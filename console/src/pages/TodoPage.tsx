// 我的待办: what I may do now (each visible case's allowedActions) and my unit's deadlines due soon,
// overdue first. Both come from the API's own answers: the console never decides who may act. A deadline
// missed and since fulfilled late is no longer owed, so it is not listed; the days left are those to the
// due date the API computed as the law counts (the day of the event not counted, a due date on a holiday
// rolled over), read in Asia/Shanghai. Cases where one of my actions would settle an open deadline come
// first, the most pressing first.
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
import { actionableCases, isOverdue, owedDeadlines } from '../lib/todo';

/** Deadlines due within this many days count as "due soon". */
const SOON_DAYS = 30;
/** Lists read whole (cases, missed deadlines): pages of the API's largest size, up to this many. */
const MAX_CASE_PAGES = 10;

/** Every item of a paged list (up to MAX_CASE_PAGES pages), with whether more were left unread. */
async function allPages<T>(path: (page: number) => string): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_CASE_PAGES; page++) {
    const p = await api<Page<T>>(path(page));
    items.push(...p.items);
    if (items.length >= p.total || p.items.length === 0) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/** Every case I see. */
const allVisibleCases = () => allPages<Case>((page) => `/api/cases${qs({ page, pageSize: 200 })}`);

export default function TodoPage() {
  const { me } = useAuth();
  const actions = byKey(useActionCatalogue().data, 'name');
  const rules = byKey(useDeadlineRules().data, 'code');
  const cases = useQuery({
    queryKey: ['cases', 'todo'],
    queryFn: allVisibleCases,
  });
  const soon = dayjs().tz(ZONE).add(SOON_DAYS, 'day').format('YYYY-MM-DD');
  const deadlines = useQuery({
    queryKey: ['deadlines', 'mine', me?.unit.id],
    enabled: !!me,
    queryFn: async () => {
      const [missed, running] = await Promise.all([
        // Missed ones fulfilled late stay `missed` (with endedAt): every page is read, then they are dropped.
        allPages<Deadline>(
          (page) => `/api/deadlines${qs({ unit: me!.unit.id, state: 'missed', page, pageSize: 200 })}`,
        ),
        api<Page<Deadline>>(
          `/api/deadlines${qs({ unit: me!.unit.id, state: 'running', dueBefore: soon, pageSize: 200 })}`,
        ),
      ]);
      return owedDeadlines(missed.items, running.items, todayInShanghai());
    },
  });
  const caseById = byKey(cases.data?.items, 'id');
  const today = todayInShanghai();
  const actionable = actionableCases(cases.data?.items ?? [], actions, me?.regionCode);

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
          rowClassName={(d) => (isOverdue(d, today) ? 'row-overdue' : '')}
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
        {cases.data?.truncated && (
          <Typography.Paragraph type="secondary">
            仅列出前 {MAX_CASE_PAGES * 200} 件可见案件中的操作；其余请在案件列表中筛选。
          </Typography.Paragraph>
        )}
        <List
          loading={cases.isPending}
          dataSource={actionable}
          locale={{ emptyText: <Empty description="目前没有需要您办理的操作" /> }}
          renderItem={({ c, due }) => (
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
                    {due && (
                      <Tag color={daysLeft(due.dueOn, today) < 0 ? 'red' : 'orange'}>
                        {rules.get(due.rule)?.title ?? due.rule}：{daysLeftText(due.dueOn, today)}
                      </Tag>
                    )}
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
