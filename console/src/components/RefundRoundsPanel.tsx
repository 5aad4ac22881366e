// 清退轮次 on the 集资参与人 tab: each round of the case (GET /api/cases/{id}/refund-rounds/{n}, asked for
// n = 1, 2, … until the API answers 404 — there is no list endpoint), with its pool, cumulative share,
// totals, state and the bank's side (paid / failed / outstanding) in 元 with the exact 分 (BigInt formatFen);
// the payouts CSV for the financial office; and the bank result upload with its job's progress bar.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Button, Descriptions, Empty, Space, Table, Tag } from 'antd';
import { api, apiFetch, isNotFound } from '../api/client';
import type { Case, Job, RefundRound } from '../api/types';
import { useAuth } from '../auth';
import { formatDateTime, formatFen } from '../lib/format';
import { label, REGION_LABELS } from '../lib/labels';
import { JobProgress } from './JobProgress';
import { ProblemAlert } from './ProblemAlert';

const ROUND_STATE_LABELS: Record<string, string> = {
  computing: '测算中',
  computed: '已测算，待批准',
  approving: '批准中',
  approved: '已批准',
  failed: '失败',
};
const MAX_ROUNDS = 50;

async function saveCsv(path: string, filename: string): Promise<void> {
  const url = URL.createObjectURL(await (await apiFetch(path)).blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function loadRounds(caseId: string): Promise<RefundRound[]> {
  const out: RefundRound[] = [];
  for (let n = 1; n <= MAX_ROUNDS; n++) {
    try {
      out.push(await api<RefundRound>(`/api/cases/${caseId}/refund-rounds/${n}`));
    } catch (e) {
      if (isNotFound(e)) break;
      throw e;
    }
  }
  return out;
}

const money = (v: { count: number; fen: number | string } | undefined) =>
  v ? `${formatFen(v.fen)}（${v.count} 笔）` : '—';

export function RefundRoundsPanel({ kase }: { kase: Case }) {
  const { me } = useAuth();
  const rounds = useQuery({
    queryKey: ['case', kase.id, 'refund-rounds'],
    queryFn: () => loadRounds(kase.id),
  });
  const office = me?.role === 'financial_office';
  return (
    <section aria-label="清退轮次" data-testid="refund-rounds">
      <h4>清退轮次</h4>
      <ProblemAlert error={rounds.error} />
      {rounds.data && rounds.data.length === 0 && <Empty description="尚未测算清退轮次" />}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {(rounds.data ?? []).map((r) => (
          <RoundCard key={r.round} kase={kase} r={r} office={office} />
        ))}
      </Space>
    </section>
  );
}

function RoundCard({ kase, r, office }: { kase: Case; r: RefundRound; office: boolean }) {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const res = await apiFetch(`/api/cases/${kase.id}/refund-rounds/${r.round}/bank-results`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: f,
      });
      return (await res.json()) as Job;
    },
    onSuccess: (job) => setJobId(job.id),
  });
  const inputId = `bank-results-${r.round}`;
  return (
    <div data-testid={`refund-round-${r.round}`}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        title={
          <span>
            第 {r.round} 轮 <Tag data-testid="round-state">{label(ROUND_STATE_LABELS, r.state)}</Tag>
          </span>
        }
      >
        <Descriptions.Item label="资金池">{formatFen(r.poolFen)}</Descriptions.Item>
        <Descriptions.Item label="累计清退比例">{r.share}</Descriptions.Item>
        <Descriptions.Item label="本轮清退">
          <span data-testid="round-paid">{formatFen(r.totalPaidFen)}</span>（{r.counts.payees} 人，
          {r.counts.claims} 项债权）
        </Descriptions.Item>
        <Descriptions.Item label="预留 / 结转">
          预留 {r.counts.reserved} 项，结转 {r.counts.carried} 项
        </Descriptions.Item>
        <Descriptions.Item label="银行已付">{money(r.bank.paid)}</Descriptions.Item>
        <Descriptions.Item label="银行失败">{money(r.bank.failed)}</Descriptions.Item>
        <Descriptions.Item label="已退回（冲正）">{money(r.bank.reversed)}</Descriptions.Item>
        <Descriptions.Item label="在途（未回报）">{money(r.bank.outstanding)}</Descriptions.Item>
        <Descriptions.Item label="测算">
          {r.computedBy ?? '—'} {formatDateTime(r.computedAt)}
        </Descriptions.Item>
        <Descriptions.Item label="批准">
          {r.approvedBy ? `${r.approvedBy} ${formatDateTime(r.approvedAt)}` : '—'}
        </Descriptions.Item>
      </Descriptions>
      {r.regions.length > 0 && (
        <Table
          rowKey="regionCode"
          size="small"
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={r.regions}
          columns={[
            { title: '地区', render: (_, x) => label(REGION_LABELS, x.regionCode) },
            { title: '人数', render: (_, x) => (typeof x.payees === 'number' ? x.payees : '—') },
            { title: '本轮清退', render: (_, x) => formatFen(x.paidFen as number) },
            { title: '预留', render: (_, x) => formatFen(x.reservedFen as number) },
            { title: '结转', render: (_, x) => formatFen(x.carriedFen as number) },
          ]}
        />
      )}
      {office && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button
            size="small"
            onClick={() =>
              void saveCsv(
                `/api/cases/${kase.id}/refund-rounds/${r.round}/payouts`,
                `清退明细-第${r.round}轮.csv`,
              )
            }
          >
            下载逐人清退明细（CSV）
          </Button>
          {r.state === 'approved' && (
            <>
              <label htmlFor={inputId}>银行结果文件</label>
              <input
                id={inputId}
                type="file"
                accept=".csv,text/csv"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  upload.reset();
                }}
              />
              <Button
                size="small"
                type="primary"
                disabled={!file}
                loading={upload.isPending}
                onClick={() => file && upload.mutate(file)}
              >
                导入银行结果
              </Button>
            </>
          )}
        </Space>
      )}
      {upload.error ? <ProblemAlert error={upload.error} title="银行结果未导入" /> : null}
      {jobId && (
        <div style={{ marginTop: 8 }}>
          <JobProgress
            jobId={jobId}
            onEnded={() => void client.invalidateQueries({ queryKey: ['case', kase.id, 'refund-rounds'] })}
          />
          <Space wrap>
            <Link to={`/jobs/${jobId}`}>任务详情</Link>
            <Button
              size="small"
              onClick={() => void saveCsv(`/api/jobs/${jobId}/bank-problems`, `未入账的行-${jobId}.csv`)}
            >
              下载未入账的行（CSV）
            </Button>
          </Space>
        </div>
      )}
    </div>
  );
}
