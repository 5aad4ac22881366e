// Case list: the API's filters (stage, region, sector, overdue, q) kept in the URL so a filtered list can
// be bookmarked and the back button works; paged by the API.
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, qs } from '../api/client';
import type { Case, CaseListQuery, Page } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAuth } from '../auth';
import { daysLeftText, formatDate } from '../lib/format';
import {
  label,
  REGION_LABELS,
  REGIONAL_STAGE_LABELS,
  REGIONS,
  SECTOR_LABELS,
  STAGE_LABELS,
  STAGES,
} from '../lib/labels';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

export default function CaseListPage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter: CaseListQuery = {
    stage: params.get('stage') ?? undefined,
    regionCode: params.get('regionCode') ?? undefined,
    sector: params.get('sector') ?? undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    q: params.get('q') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: PAGE_SIZE,
  } as CaseListQuery;
  const cases = useQuery({
    queryKey: ['cases', filter],
    queryFn: () => api<Page<Case>>(`/api/cases${qs(filter as Record<string, string | number | boolean>)}`),
    placeholderData: (prev) => prev,
  });
  const update = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2}>案件</Typography.Title>
        {me?.role === 'financial_office' && (
          <Button type="primary" data-testid="new-case" onClick={() => void navigate('/cases/new')}>
            立档
          </Button>
        )}
      </Space>
      <Card>
        <Form
          layout="inline"
          initialValues={{ ...filter, overdue: filter.overdue === true }}
          onFinish={(v: Record<string, unknown>) =>
            update({
              stage: (v.stage as string) || undefined,
              regionCode: (v.regionCode as string) || undefined,
              sector: (v.sector as string) || undefined,
              overdue: v.overdue ? 'true' : undefined,
              q: ((v.q as string) ?? '').trim() || undefined,
              page: undefined,
            })
          }
        >
          <Form.Item name="q" label="案号或案名">
            <Input allowClear style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="stage" label="阶段">
            <Select
              allowClear
              style={{ width: 140 }}
              options={STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            />
          </Form.Item>
          <Form.Item name="regionCode" label="地区">
            <Select
              allowClear
              style={{ width: 140 }}
              options={REGIONS.map((r) => ({ value: r, label: REGION_LABELS[r] }))}
            />
          </Form.Item>
          <Form.Item name="sector" label="领域">
            <Select
              allowClear
              style={{ width: 160 }}
              options={Object.entries(SECTOR_LABELS).map(([value, l]) => ({ value, label: l }))}
            />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>仅看逾期</Checkbox>
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ProblemAlert error={cases.error} />
      <Table<Case>
        rowKey="id"
        loading={cases.isFetching}
        dataSource={cases.data?.items ?? []}
        pagination={serverPagination(
          cases.data?.page ?? filter.page,
          cases.data?.total,
          (page) => update({ page: String(page) }),
          '件',
        )}
        columns={[
          {
            title: '案号',
            render: (_, c) => <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>,
          },
          { title: '案名', dataIndex: 'title' },
          { title: '领域', render: (_, c) => label(SECTOR_LABELS, c.sector) },
          {
            title: '各地阶段',
            render: (_, c) => (
              <Space wrap size={4}>
                {c.regions.map((r) => (
                  <Tag key={r.code} color={r.role === 'lead' ? 'blue' : undefined}>
                    {r.name}：{label(REGIONAL_STAGE_LABELS, r.stage)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '最近期限',
            render: (_, c) => {
              const next = [...c.openDeadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
              return next ? (
                <span>
                  {formatDate(next.dueOn)}（{daysLeftText(next.dueOn)}）
                </span>
              ) : (
                '—'
              );
            },
          },
          { title: '', render: (_, c) => (c.overdue ? <Tag color="red">逾期</Tag> : null) },
        ]}
      />
    </Space>
  );
}
