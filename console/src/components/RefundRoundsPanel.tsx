// 清退轮次 on the 集资参与人 tab: the case's rounds in order (GET /api/cases/{id}/refund-rounds), each with its
// pool, cumulative share, totals, state and the bank's side (paid / failed / outstanding) in 元 with the exact
// 分 (BigInt formatFen); the payouts CSV for the financial office; the bank result upload with its job's
// progress bar; for an approved round, the payment file (complete accounts: a reason first, the download is
// recorded, the bytes checked against the sha256 the round recorded) and the log of who opened it.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert, Button, Descriptions, Empty, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { api, apiFetch, qs } from '../api/client';
import type { Case, Job, RefundDataAccess, RefundRound, RefundRoundPage } from '../api/types';
import { useAuth } from '../auth';
import { saveBlob, saveCsv, sha256Hex } from '../lib/download';
import { formatDateTime, formatFen } from '../lib/format';
import { label, REGION_LABELS, ROLE_LABELS } from '../lib/labels';
import { FilePicker } from './FilePicker';
import { JobProgress } from './JobProgress';
import { ProblemAlert } from './ProblemAlert';

const ROUND_STATE_LABELS: Record<RefundRound['state'], string> = {
  computed: '已测算，待批准',
  approved: '已批准',
};
/** More rounds than a case ever has: the list is read in one page. */
const ROUNDS_PAGE = 200;

// Copies of the routes' access (api/claims.routes.ts) and of the lead-region rule of api/claims.service.ts,
// only to hide what the API would refuse; the API decides.
const PAYMENT_FILE_ROLES = ['financial_office'];
const ACCESS_LOG_ROLES = ['financial_office', 'leader', 'admin'];
/** The payment file's reason: paymentFileQuery (4–500 characters, not only spaces). */
const REASON_MIN = 4;
const REASON_MAX = 500;

const ACCESS_KIND_LABELS: Record<RefundDataAccess['kind'], string> = {
  payment_file_download: '下载付款文件',
  approve_job: '批准任务（出具通知书、生成付款文件）',
};

const roundsKey = (caseId: string) => ['case', caseId, 'refund-rounds'];
/** ParticipantsPanel's 债权登记汇总 (the same key there). */
const claimsSummaryKey = (caseId: string) => ['case', caseId, 'claims-summary'];

const money = (v: { count: number; fen: number } | undefined) =>
  v ? `${formatFen(v.fen)}（${v.count} 笔）` : '—';

export function RefundRoundsPanel({ kase }: { kase: Case }) {
  const { me } = useAuth();
  const rounds = useQuery({
    queryKey: roundsKey(kase.id),
    queryFn: () =>
      api<RefundRoundPage>(`/api/cases/${kase.id}/refund-rounds${qs({ pageSize: ROUNDS_PAGE })}`),
  });
  const office = me?.role === 'financial_office';
  const lead = me?.regionCode === kase.leadRegionCode;
  const items = rounds.data?.items ?? [];
  return (
    <section aria-label="清退轮次" data-testid="refund-rounds">
      <h4>清退轮次</h4>
      <ProblemAlert error={rounds.error} />
      {rounds.data && items.length === 0 && <Empty description="尚未测算清退轮次" />}
      {rounds.data && rounds.data.total > items.length && (
        <Typography.Paragraph type="secondary">
          共 {rounds.data.total} 轮，此处列出前 {items.length} 轮。
        </Typography.Paragraph>
      )}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {items.map((r) => (
          <RoundCard
            key={r.round}
            kase={kase}
            r={r}
            office={office}
            mayDownload={lead && PAYMENT_FILE_ROLES.includes(me?.role ?? '')}
            mayReadLog={lead && ACCESS_LOG_ROLES.includes(me?.role ?? '')}
          />
        ))}
      </Space>
    </section>
  );
}

function RoundCard({
  kase,
  r,
  office,
  mayDownload,
  mayReadLog,
}: {
  kase: Case;
  r: RefundRound;
  office: boolean;
  mayDownload: boolean;
  mayReadLog: boolean;
}) {
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
            { title: '人数', render: (_, x) => x.payees },
            { title: '本轮清退', render: (_, x) => formatFen(x.paidFen) },
            { title: '预留', render: (_, x) => formatFen(x.reservedFen) },
            { title: '结转', render: (_, x) => formatFen(x.carriedFen) },
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
              <FilePicker
                id={inputId}
                label="银行结果文件"
                size="small"
                onChange={(f) => {
                  setFile(f);
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
      {mayDownload && r.state === 'approved' && r.paymentFileSha256 && (
        <PaymentFileDownload caseId={kase.id} round={r.round} sha256={r.paymentFileSha256} />
      )}
      {upload.error ? <ProblemAlert error={upload.error} title="银行结果未导入" /> : null}
      {jobId && (
        <div style={{ marginTop: 8 }}>
          <JobProgress
            jobId={jobId}
            onEnded={() => {
              // The bank's answer moves money in the round and in the register's summary: its 已兑付 counts
              // what is paid or still in transit, so a failed or reversed line leaves it.
              void client.invalidateQueries({ queryKey: roundsKey(kase.id) });
              void client.invalidateQueries({ queryKey: claimsSummaryKey(kase.id) });
            }}
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
      {mayReadLog && r.state === 'approved' && <AccessLog caseId={kase.id} round={r.round} />}
    </div>
  );
}

/**
 * 下载付款文件: the complete accounts leave the system only as this file, so a reason comes first (recorded
 * with who and when before the first byte); the bytes received are checked against the sha256 the round
 * recorded (and the X-Content-SHA256 the API sends) before they are saved, and a file that differs is not.
 */
function PaymentFileDownload({ caseId, round, sha256 }: { caseId: string; round: number; sha256: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const download = useMutation({
    mutationFn: async () => {
      const res = await apiFetch(
        `/api/cases/${caseId}/refund-rounds/${round}/payment-file${qs({ reason: reason.trim() })}`,
      );
      const blob = await res.blob();
      const got = await sha256Hex(blob);
      const sent = res.headers.get('x-content-sha256');
      if (got !== null && (got !== sha256 || (sent !== null && sent !== sha256)))
        throw new Error(`收到的文件与本轮记录的 sha256 不一致（收到 ${got}），未保存，请重新下载`);
      saveBlob(blob, `付款文件-第${round}轮.csv`);
      return { checked: got !== null };
    },
    // The download is in the log whether or not the bytes arrived whole.
    onSettled: () => void client.invalidateQueries({ queryKey: [...roundsKey(caseId), round, 'access-log'] }),
  });
  const close = () => {
    setOpen(false);
    setReason('');
    download.reset();
  };
  const inputId = `payment-file-reason-${round}`;
  const valid = reason.trim().length >= REASON_MIN && reason.length <= REASON_MAX;
  return (
    <>
      <Button
        size="small"
        style={{ marginTop: 8 }}
        data-testid="payment-file-open"
        onClick={() => setOpen(true)}
      >
        下载银行付款文件
      </Button>
      {open && (
        <Modal open title={`下载第 ${round} 轮银行付款文件`} footer={null} onCancel={close} destroyOnHidden>
          {download.data ? (
            <Alert
              type="success"
              showIcon
              data-testid="payment-file-done"
              message="付款文件已下载，本次下载已记录"
              description={
                download.data.checked ? (
                  <span>
                    文件 sha256 与本轮记录一致：<code>{sha256}</code>
                  </span>
                ) : (
                  `本浏览器无法校验文件；请核对其 sha256 是否为 ${sha256}`
                )
              }
            />
          ) : (
            <>
              <p>付款文件含领款人完整的银行账号，仅供报送银行；谁、何时、为何下载均记录在案。</p>
              <label htmlFor={inputId}>
                下载理由（{REASON_MIN}–{REASON_MAX} 字）
              </label>
              <Input.TextArea
                id={inputId}
                rows={2}
                maxLength={REASON_MAX}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                style={{ margin: '4px 0 12px' }}
              />
              <Button
                type="primary"
                disabled={!valid}
                loading={download.isPending}
                onClick={() => download.mutate()}
              >
                下载
              </Button>
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={download.error} title="未能下载付款文件" />
              </div>
            </>
          )}
        </Modal>
      )}
    </>
  );
}

/** Who opened the round's complete identities and accounts: each download, and the approve job. */
function AccessLog({ caseId, round }: { caseId: string; round: number }) {
  const log = useQuery({
    queryKey: [...roundsKey(caseId), round, 'access-log'],
    queryFn: () =>
      api<{ items: RefundDataAccess[] }>(`/api/cases/${caseId}/refund-rounds/${round}/access-log`),
  });
  return (
    <section aria-label={`第 ${round} 轮完整账号的打开记录`} style={{ marginTop: 8 }}>
      <h5 style={{ margin: '8px 0' }}>完整身份与账号的打开记录</h5>
      <ProblemAlert error={log.error} />
      <Table<RefundDataAccess>
        rowKey="id"
        size="small"
        pagination={false}
        loading={log.isPending}
        data-testid={`access-log-${round}`}
        dataSource={log.data?.items ?? []}
        columns={[
          { title: '时间', render: (_, a) => formatDateTime(a.at) },
          { title: '事项', render: (_, a) => ACCESS_KIND_LABELS[a.kind] },
          {
            title: '人员',
            render: (_, a) =>
              a.kind === 'approve_job'
                ? '系统（批准任务）'
                : `${label(ROLE_LABELS, a.role)} ${label(REGION_LABELS, a.regionCode)}（${a.userId ?? '—'}）`,
          },
          { title: '理由', render: (_, a) => a.reason ?? '—' },
          { title: '打开人数', render: (_, a) => a.opened },
        ]}
      />
    </section>
  );
}
