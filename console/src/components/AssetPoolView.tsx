// The case's one asset pool (GET /api/cases/{id}/assets, issue 9). Until that endpoint is deployed it
// answers 404, which is shown as an empty state rather than an error.
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Empty, Table } from 'antd';
import { api, isNotFound } from '../api/client';
import type { AssetPool } from '../api/types';
import { formatDate, formatFen } from '../lib/format';
import { label, REGION_LABELS } from '../lib/labels';
import { ProblemAlert } from './ProblemAlert';

const ASSET_KINDS: Record<string, string> = { deposit: '存款', securities: '证券', equity: '股权' };
const ASSET_STATES: Record<string, string> = {
  frozen: '冻结中',
  lapsed: '已失效',
  released: '已解除',
  realized: '已变现',
  seized: '已查封',
};

export function AssetPoolView({ caseId }: { caseId: string }) {
  const q = useQuery({
    queryKey: ['case', caseId, 'assets'],
    queryFn: () => api<AssetPool>(`/api/cases/${caseId}/assets`),
    retry: false,
  });
  if (q.isPending) return null;
  if (q.error && isNotFound(q.error)) return <Empty description="资产池暂无数据（资产池接口尚未开放）" />;
  if (q.error) return <ProblemAlert error={q.error} />;
  const pool = q.data;
  return (
    <>
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="全案冻结">{formatFen(pool.totals.case.frozenFen)}</Descriptions.Item>
        <Descriptions.Item label="全案变现">{formatFen(pool.totals.case.realizedFen)}</Descriptions.Item>
        {pool.totals.byRegion.map((r) => (
          <Descriptions.Item key={r.regionCode} label={label(REGION_LABELS, r.regionCode)}>
            冻结 {formatFen(r.frozenFen)}，变现 {formatFen(r.realizedFen)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        dataSource={pool.items}
        pagination={false}
        locale={{ emptyText: <Empty description="尚无冻结、查封或变现的财产" /> }}
        columns={[
          { title: '地区', render: (_, a) => label(REGION_LABELS, a.regionCode) },
          { title: '单位', render: (_, a) => (typeof a.unit === 'object' ? a.unit?.name : a.unit) ?? '—' },
          { title: '类别', render: (_, a) => label(ASSET_KINDS, a.kind) },
          { title: '机构', render: (_, a) => a.institution ?? '—' },
          { title: '账户', render: (_, a) => a.accountNo ?? '—' },
          { title: '金额', align: 'right', render: (_, a) => formatFen(a.amountFen) },
          { title: '期限至', render: (_, a) => formatDate(a.term?.dueOn) },
          { title: '状态', render: (_, a) => label(ASSET_STATES, a.state) },
        ]}
      />
    </>
  );
}
