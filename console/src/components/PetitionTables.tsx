// Petitions with their state and clock (GET /api/petitions) and stabilization measures per region
// (GET /api/stabilization-measures): the petition bureau's page and a case's 信访维稳 tab share them.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Empty, Space, Table, Tag } from 'antd';
import { api, qs } from '../api/client';
import { byKey, useDeadlineRules } from '../api/hooks';
import type { PetitionItem, PetitionPage, StabilizationMeasurePage } from '../api/types';
import { daysLeft, daysLeftText, formatDate, formatDateTime } from '../lib/format';
import { DEADLINE_STATE_LABELS, label, REGION_LABELS } from '../lib/labels';
import { ProblemAlert } from './ProblemAlert';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

export const PETITION_STATE_LABELS: Record<string, string> = {
  routing: '待受理',
  handling: '办理中',
  review: '复查复核中',
  answered: '已出具意见',
};
export const CHANNEL_LABELS: Record<string, string> = {
  visit: '走访（含集体访）',
  letter: '来信',
  phone: '来电',
  online: '网上',
};

export interface PetitionFilter {
  caseId?: string;
  regionCode?: string;
  state?: string;
  channel?: string;
}

export function PetitionTable({ filter, showCase }: { filter: PetitionFilter; showCase: boolean }) {
  const rules = byKey(useDeadlineRules().data, 'code');
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['petitions', filter, page],
    queryFn: () => api<PetitionPage>(`/api/petitions${qs({ ...filter, page, pageSize: PAGE_SIZE })}`),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={q.error} />
      {q.data && (
        <Space wrap data-testid="petition-counts">
          {Object.entries(q.data.byState).map(([s, n]) => (
            <Tag key={s} color={s === 'answered' ? undefined : 'blue'}>
              {PETITION_STATE_LABELS[s] ?? s} {n}
            </Tag>
          ))}
        </Space>
      )}
      <Table<PetitionItem>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无信访事项" /> }}
        pagination={{ ...serverPagination(page, q.data?.total, setPage), hideOnSinglePage: true }}
        columns={[
          ...(showCase
            ? [
                {
                  title: '案件',
                  render: (_: unknown, p: PetitionItem) => (
                    <Link to={`/cases/${p.caseId}?tab=petitions`}>{p.caseNo}</Link>
                  ),
                },
              ]
            : []),
          { title: '地区', render: (_, p) => label(REGION_LABELS, p.regionCode) },
          { title: '信访人', dataIndex: 'petitionerName' },
          { title: '方式', render: (_, p) => (p.channel ? CHANNEL_LABELS[p.channel] : '—') },
          { title: '事项', dataIndex: 'summary' },
          { title: '登记时间', render: (_, p) => formatDateTime(p.loggedAt) },
          {
            title: '状态',
            render: (_, p) => (
              <span>
                {PETITION_STATE_LABELS[p.state ?? ''] ?? p.state}
                {p.reviews ? `（第 ${p.reviews} 次复查复核）` : ''}
              </span>
            ),
          },
          {
            title: '时限',
            render: (_, p) =>
              p.clock ? (
                <Space direction="vertical" size={0}>
                  <span>
                    {rules.get(p.clock.rule)?.title ?? p.clock.rule}：{formatDate(p.clock.dueOn)}
                    {p.clock.state !== 'running' ? `（${label(DEADLINE_STATE_LABELS, p.clock.state)}）` : ''}
                  </span>
                  <Tag color={daysLeft(p.clock.dueOn) < 0 ? 'red' : 'blue'}>
                    {daysLeftText(p.clock.dueOn)}
                  </Tag>
                </Space>
              ) : (
                '—'
              ),
          },
          { title: '依据', render: (_, p) => (p.clock ? (rules.get(p.clock.rule)?.basis ?? '—') : '—') },
        ]}
      />
    </Space>
  );
}

type Measure = StabilizationMeasurePage['items'][number];

export function StabilizationTables({ caseId, showCase }: { caseId?: string; showCase: boolean }) {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['stabilization-measures', caseId, page],
    queryFn: () =>
      api<StabilizationMeasurePage>(
        `/api/stabilization-measures${qs({ caseId, page, pageSize: PAGE_SIZE })}`,
      ),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={q.error} />
      <Table
        rowKey="regionCode"
        size="small"
        pagination={false}
        loading={q.isPending}
        dataSource={q.data?.byRegion ?? []}
        locale={{ emptyText: <Empty description="暂无地区" /> }}
        columns={[
          { title: '地区', render: (_, r) => label(REGION_LABELS, r.regionCode) },
          { title: '维稳措施', render: (_, r) => `${r.measures} 项` },
          {
            title: '善后维稳完成',
            render: (_, r) => `${r.concluded} / ${r.openCases} 件在办案件`,
          },
        ]}
      />
      <Table<Measure>
        rowKey="eventId"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无维稳措施" /> }}
        pagination={{ ...serverPagination(page, q.data?.total, setPage), hideOnSinglePage: true }}
        columns={[
          ...(showCase
            ? [
                {
                  title: '案件',
                  render: (_: unknown, m: Measure) => (
                    <Link to={`/cases/${m.caseId}?tab=petitions`}>{m.caseNo}</Link>
                  ),
                },
              ]
            : []),
          { title: '时间', render: (_, m) => formatDateTime(m.at) },
          { title: '地区', render: (_, m) => label(REGION_LABELS, m.regionCode) },
          { title: '措施', dataIndex: 'measure' },
          { title: '说明', render: (_, m) => m.description ?? '—' },
          { title: '单位', render: (_, m) => m.unitName ?? '—' },
        ]}
      />
    </Space>
  );
}
