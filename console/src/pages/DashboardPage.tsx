// 协调指挥 (leaders): region × stage matrix, overdue by unit (oldest first), each cross-region case's row
// and blocker, from GET /api/dashboard (issue 9). While that endpoint is not deployed (404) the same view
// is summed from the cases and deadlines the caller sees, and says so.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { api, isNotFound, qs } from '../api/client';
import { byKey, useDeadlineRules } from '../api/hooks';
import type { Case, Dashboard, Deadline, Page } from '../api/types';
import { Chart } from '../components/Chart';
import { ProblemAlert } from '../components/ProblemAlert';
import { daysLeftText, formatDate } from '../lib/format';
import { label, REGION_LABELS, REGIONAL_STAGE_LABELS, ROLE_LABELS } from '../lib/labels';

async function summedFromCases(): Promise<Dashboard> {
  const [cases, missed] = await Promise.all([
    api<Page<Case>>(`/api/cases${qs({ pageSize: 200 })}`),
    api<Page<Deadline>>(`/api/deadlines${qs({ state: 'missed', pageSize: 200 })}`),
  ]);
  const cells = new Map<string, number>();
  for (const c of cases.items)
    for (const r of c.regions)
      cells.set(`${r.stage}|${r.code}`, (cells.get(`${r.stage}|${r.code}`) ?? 0) + 1);
  const units = new Map<string, Dashboard['overdueByUnit'][number]>();
  for (const d of missed.items) {
    const key = d.responsibleUnitId ?? `${d.responsibleRole}-${d.regionCode}`;
    const u = units.get(key) ?? {
      unitId: key,
      unitName: `${label(REGION_LABELS, d.regionCode)}${label(ROLE_LABELS, d.responsibleRole)}`,
      count: 0,
      oldestDueOn: d.dueOn,
    };
    u.count += 1;
    if (d.dueOn < u.oldestDueOn) u.oldestDueOn = d.dueOn;
    units.set(key, u);
  }
  return {
    byStageRegion: [...cells].map(([k, count]) => {
      const [stage, regionCode] = k.split('|');
      return { stage, regionCode, count };
    }),
    overdueByUnit: [...units.values()].sort((a, b) => a.oldestDueOn.localeCompare(b.oldestDueOn)),
    crossRegionCases: cases.items
      .filter((c) => c.regions.length > 1)
      .map((c) => {
        const next = [...c.openDeadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
        return {
          id: c.id,
          caseNo: c.caseNo,
          title: c.title,
          regions: c.regions,
          blocker:
            next && next.regionCode
              ? { regionCode: next.regionCode, rule: next.rule, dueOn: next.dueOn }
              : null,
        };
      }),
  };
}

/** GET /api/dashboard as the API answers it (components.schemas.Dashboard), the parts this view reads. */
interface DashboardResponse {
  tracks: { regionCode: string; stage: string; cases: number }[];
  overdue: {
    units: {
      unitId: string | null;
      unitName: string | null;
      regionName: string;
      count: number;
      oldestDueOn: string;
    }[];
  };
  crossRegion: {
    items: {
      id: string;
      caseNo: string;
      title: string;
      regions: { code: string; name?: string; role?: string; stage: string }[];
      blocker: { regionCode: string; deadline: { rule: string; dueOn: string } | null } | null;
    }[];
  };
}

/** The API's answer in the shape this view draws (the same one it sums from the case list when absent). */
function fromApi(r: DashboardResponse): Dashboard {
  return {
    byStageRegion: r.tracks.map((t) => ({ stage: t.stage, regionCode: t.regionCode, count: t.cases })),
    overdueByUnit: r.overdue.units.map((u) => ({
      unitId: u.unitId ?? '',
      unitName: u.unitName ?? u.regionName,
      count: u.count,
      oldestDueOn: u.oldestDueOn,
    })),
    crossRegionCases: r.crossRegion.items.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      title: c.title,
      regions: c.regions,
      blocker: c.blocker?.deadline
        ? { regionCode: c.blocker.regionCode, rule: c.blocker.deadline.rule, dueOn: c.blocker.deadline.dueOn }
        : null,
    })),
  };
}

export default function DashboardPage() {
  const rules = byKey(useDeadlineRules().data, 'code');
  const q = useQuery({
    queryKey: ['dashboard'],
    queryFn: async (): Promise<{ data: Dashboard; summed: boolean }> => {
      try {
        return { data: fromApi(await api<DashboardResponse>('/api/dashboard')), summed: false };
      } catch (e) {
        if (isNotFound(e)) return { data: await summedFromCases(), summed: true };
        throw e;
      }
    },
  });
  const d = q.data?.data;
  const regions = useMemo(() => [...new Set((d?.byStageRegion ?? []).map((c) => c.regionCode))].sort(), [d]);
  const stages = useMemo(
    () =>
      Object.keys(REGIONAL_STAGE_LABELS).filter((s) => (d?.byStageRegion ?? []).some((c) => c.stage === s)),
    [d],
  );
  const barOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: regions.map((r) => label(REGION_LABELS, r)) },
      grid: { left: 40, right: 16, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: stages.map((s) => REGIONAL_STAGE_LABELS[s]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: regions.map((r) => ({
        name: label(REGION_LABELS, r),
        type: 'bar',
        stack: 'all',
        data: stages.map(
          (s) => d?.byStageRegion.find((c) => c.stage === s && c.regionCode === r)?.count ?? 0,
        ),
      })),
    }),
    [d, regions, stages],
  );
  const overdueOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 16, bottom: 24, top: 16 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: (d?.overdueByUnit ?? []).map((u) => u.unitName) },
      series: [
        { type: 'bar', data: (d?.overdueByUnit ?? []).map((u) => u.count), itemStyle: { color: '#cf1322' } },
      ],
    }),
    [d],
  );

  if (q.error) return <ProblemAlert error={q.error} title="无法打开协调指挥视图" />;
  if (!d) return null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>协调指挥</Typography.Title>
      {q.data?.summed && (
        <Alert type="info" showIcon message="统计接口尚未开放：以下数据由您可见的案件与期限汇总而成。" />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={<h3 style={{ margin: 0 }}>各地各阶段案件数</h3>}>
            {d.byStageRegion.length === 0 ? (
              <Empty description="暂无案件" />
            ) : (
              <>
                <Chart option={barOption} label="各地各阶段案件数柱状图，数据见下表" />
                <Table
                  size="small"
                  rowKey="stage"
                  pagination={false}
                  dataSource={stages.map((s) => ({ stage: s }))}
                  columns={[
                    { title: '阶段', render: (_, r) => REGIONAL_STAGE_LABELS[r.stage] },
                    ...regions.map((code) => ({
                      title: label(REGION_LABELS, code),
                      align: 'right' as const,
                      render: (_: unknown, r: { stage: string }) =>
                        d.byStageRegion.find((c) => c.stage === r.stage && c.regionCode === code)?.count ?? 0,
                    })),
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h3 style={{ margin: 0 }}>各单位逾期（最早逾期在前）</h3>}>
            {d.overdueByUnit.length === 0 ? (
              <Empty description="没有逾期的期限" />
            ) : (
              <>
                <Chart option={overdueOption} label="各单位逾期期限数条形图，数据见下表" height={240} />
                <Table
                  size="small"
                  rowKey="unitId"
                  pagination={false}
                  dataSource={d.overdueByUnit}
                  columns={[
                    { title: '单位', dataIndex: 'unitName' },
                    { title: '逾期数', dataIndex: 'count', align: 'right' },
                    {
                      title: '最早到期',
                      render: (_, u) => `${formatDate(u.oldestDueOn)}（${daysLeftText(u.oldestDueOn)}）`,
                    },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Card title={<h3 style={{ margin: 0 }}>跨区域案件</h3>}>
        <Table
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={d.crossRegionCases}
          locale={{ emptyText: <Empty description="暂无跨区域案件" /> }}
          columns={[
            { title: '案号', render: (_, c) => <Link to={`/cases/${c.id}`}>{c.caseNo}</Link> },
            { title: '案名', dataIndex: 'title' },
            {
              title: '各地阶段',
              render: (_, c) => (
                <Space wrap size={4}>
                  {c.regions.map((r) => (
                    <Tag key={r.code}>
                      {r.name ?? label(REGION_LABELS, r.code)}：{label(REGIONAL_STAGE_LABELS, r.stage)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '卡点',
              render: (_, c) =>
                c.blocker
                  ? `${label(REGION_LABELS, c.blocker.regionCode)} · ${rules.get(c.blocker.rule)?.title ?? c.blocker.rule} · ${formatDate(c.blocker.dueOn)}`
                  : '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
