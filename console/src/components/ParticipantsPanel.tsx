// 集资参与人 on the case page: the claims summary per region and for the case, the participant CSV upload
// with its job's progress bar right where it was started, and the register paged as the API masks it, with
// each participant's hold (提存, 待继承人证明), who the rounds pay (the participant, or the heir named when a
// deceased participant's hold was released) and, for the financial office of a region where the participant
// has a claim, the hold_claim / release_claim_hold forms of the action catalogue for that row.
// The API decides who may import (financial office of a region of the case) and what a row must be;
// the console only sends the file as text/csv and shows the answer.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert, Button, Empty, Select, Space, Table, Typography } from 'antd';
import { api, apiFetch, qs } from '../api/client';
import { byKey, useActionCatalogue } from '../api/hooks';
import type { Case, ClaimsSummary, ClaimsSummaryLine, Job, Page, Participant } from '../api/types';
import { useAuth } from '../auth';
import { saveCsv } from '../lib/download';
import { formatFen } from '../lib/format';
import { label, REGION_LABELS } from '../lib/labels';
import { ActionForm } from './ActionForm';
import { FilePicker } from './FilePicker';
import { JobProgress } from './JobProgress';
import { ProblemAlert } from './ProblemAlert';
import { RefundRoundsPanel } from './RefundRoundsPanel';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

const CLAIM_STATE_LABELS: Record<string, string> = {
  registered: '已登记',
  confirmed: '已确认',
  disputed: '有异议',
};

type SummaryRow = ClaimsSummaryLine & { key: string; title: string };

/** participants.hold: what a held claim waits for (hold_claim's reason deceased is stored as heirs). */
const HOLD_LABELS: Record<string, string> = {
  none: '—',
  unregistered: '提存（未登记）',
  heirs: '待继承人证明',
};

/**
 * What release_claim_hold takes, by the hold it lifts (domain/claims.track.ts checkReleasePayee, copied only to
 * ask for what the API would take): a deceased participant's share goes to the heir who proved title, so the
 * payee is required; anyone else is paid on their own record, so the payee is not offered.
 */
const releaseFields = (hold: Participant['hold']) =>
  hold === 'heirs' ? { required: ['payee'], omitted: [] } : { required: [], omitted: ['payee'] };

/** Who the rounds pay: the heir named at release (masked by the API), else the participant's own record. */
function PayeeCell({ p }: { p: Participant }) {
  if (!p.payee) return <span data-testid="participant-payee">{p.kind === 'person' ? '本人' : '本单位'}</span>;
  const { name, identityMasked, bankName, bankAccountMasked } = p.payee;
  return (
    <span data-testid="participant-payee">
      收款人：{name}（继承人，{identityMasked}），{bankName} {bankAccountMasked}
    </span>
  );
}

/** A row action: hold_claim or release_claim_hold on one participant. */
interface HoldAction {
  action: 'hold_claim' | 'release_claim_hold';
  participant: Participant;
}

const resultOf = (job: Job): Record<string, unknown> =>
  job.result && typeof job.result === 'object' ? (job.result as Record<string, unknown>) : {};

export function ParticipantsPanel({ kase }: { kase: Case }) {
  const { me } = useAuth();
  const client = useQueryClient();
  const caseId = kase.id;
  const [page, setPage] = useState(1);
  const [regionCode, setRegionCode] = useState<string | undefined>(undefined);
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ended, setEnded] = useState<Job | null>(null);
  const [holding, setHolding] = useState<HoldAction | null>(null);
  const [held, setHeld] = useState<string | null>(null);
  const actions = byKey(useActionCatalogue().data, 'name');

  const summary = useQuery({
    queryKey: ['case', caseId, 'claims-summary'],
    queryFn: () => api<ClaimsSummary>(`/api/cases/${caseId}/claims/summary`),
  });
  const participants = useQuery({
    queryKey: ['case', caseId, 'participants', page, regionCode],
    queryFn: () =>
      api<Page<Participant>>(
        `/api/cases/${caseId}/participants${qs({ page, pageSize: PAGE_SIZE, regionCode })}`,
      ),
  });
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const res = await apiFetch(`/api/cases/${caseId}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: f,
      });
      return (await res.json()) as Job;
    },
    onSuccess: (job) => {
      setEnded(null);
      setJobId(job.id);
    },
  });
  const mayImport = me?.role === 'financial_office' && kase.regions.some((r) => r.code === me.regionCode);
  // A hold is on the caller's region's claim of the participant (the API checks it, and the role).
  const mayHold = (p: Participant) =>
    me?.role === 'financial_office' && p.claims.some((c) => c.regionCode === me.regionCode);
  const holdSpec = holding ? actions.get(holding.action) : undefined;

  const rows: SummaryRow[] = summary.data
    ? [
        ...summary.data.regions.map((r) => ({
          ...r,
          key: r.regionCode,
          title: label(REGION_LABELS, r.regionCode),
        })),
        { ...summary.data.case, key: 'case', title: '全案（同一人跨地区合并）' },
      ]
    : [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <h4>债权登记汇总</h4>
      <ProblemAlert error={summary.error} />
      <Table<SummaryRow>
        rowKey="key"
        size="small"
        pagination={false}
        loading={summary.isPending}
        dataSource={rows}
        data-testid="claims-summary"
        columns={[
          { title: '范围', dataIndex: 'title' },
          { title: '参与人', render: (_, r) => r.participants },
          {
            title: '确认情况',
            render: (_, r) => `已登记 ${r.registered}，已确认 ${r.confirmed}，有异议 ${r.disputed}`,
          },
          { title: '本金', render: (_, r) => formatFen(r.principalFen) },
          { title: '损失', render: (_, r) => formatFen(r.lossFen) },
          {
            title: '应退回（收益超本金）',
            render: (_, r) => `${formatFen(r.receivableFen)}（${r.receivables} 人）`,
          },
          { title: '已兑付', render: (_, r) => formatFen(r.paidFen) },
        ]}
      />

      {mayImport && (
        <section aria-label="导入集资参与人名单">
          <h4>导入本地区名单</h4>
          <Typography.Paragraph type="secondary">
            CSV（UTF-8，首行为表头）：name,idNumber,principalFen,returnsFen,refundedFen,phone（单位为
            creditCode；可附 bankName,bankAccount）。金额单位为分。
          </Typography.Paragraph>
          <Space wrap>
            <FilePicker
              id="participants-file"
              label="名单文件"
              onChange={(f) => {
                setFile(f);
                upload.reset();
              }}
            />
            <Button
              type="primary"
              data-testid="participants-upload"
              disabled={!file}
              loading={upload.isPending}
              onClick={() => file && upload.mutate(file)}
            >
              导入
            </Button>
          </Space>
          {upload.error ? (
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={upload.error} title="名单未导入" />
            </div>
          ) : null}
          {jobId && (
            <div style={{ marginTop: 12 }}>
              <JobProgress
                jobId={jobId}
                onEnded={(job) => {
                  setEnded(job);
                  void client.invalidateQueries({ queryKey: ['case', caseId, 'claims-summary'] });
                  void client.invalidateQueries({ queryKey: ['case', caseId, 'participants'] });
                }}
              />
              <Space wrap>
                <Link to={`/jobs/${jobId}`}>任务详情</Link>
                {ended?.state === 'succeeded' && Number(resultOf(ended).rejected ?? 0) > 0 && (
                  <Button
                    size="small"
                    onClick={() => void saveCsv(`/api/jobs/${jobId}/rejections`, `被拒绝的行-${jobId}.csv`)}
                  >
                    下载被拒绝的行及原因（CSV）
                  </Button>
                )}
                {ended?.state === 'succeeded' && Number(resultOf(ended).mergedLines ?? 0) > 0 && (
                  <Button
                    size="small"
                    onClick={() => void saveCsv(`/api/jobs/${jobId}/merges`, `合并报告-${jobId}.csv`)}
                  >
                    下载合并报告（CSV）
                  </Button>
                )}
              </Space>
            </div>
          )}
        </section>
      )}

      <RefundRoundsPanel kase={kase} />

      <Space wrap>
        <h4 style={{ margin: 0 }}>已登记的集资参与人</h4>
        <label htmlFor="participants-region">地区</label>
        <Select
          id="participants-region"
          allowClear
          placeholder="全部"
          style={{ width: 160 }}
          value={regionCode}
          onChange={(v) => {
            setRegionCode(v);
            setPage(1);
          }}
          options={kase.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
      </Space>
      {held && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setHeld(null)}
          data-testid="hold-done"
          message={held}
        />
      )}
      <ProblemAlert error={participants.error} />
      <Table<Participant>
        rowKey="id"
        size="small"
        loading={participants.isPending}
        dataSource={participants.data?.items ?? []}
        locale={{ emptyText: <Empty description="尚未登记集资参与人" /> }}
        pagination={serverPagination(page, participants.data?.total, setPage, '人')}
        columns={[
          { title: '序号', dataIndex: 'seq' },
          { title: '姓名（名称）', dataIndex: 'name' },
          { title: '证件号码', dataIndex: 'identityMasked' },
          { title: '本人银行账号', render: (_, p) => p.bankAccountMasked ?? '—' },
          { title: '清退款收款人', render: (_, p) => <PayeeCell p={p} /> },
          {
            title: '地区',
            render: (_, p) =>
              p.claims
                .map(
                  (c) => `${label(REGION_LABELS, c.regionCode)}（${CLAIM_STATE_LABELS[c.state] ?? c.state}）`,
                )
                .join('、'),
          },
          { title: '本金', render: (_, p) => formatFen(p.principalFen) },
          { title: '已收回', render: (_, p) => formatFen(p.receivedFen) },
          { title: '损失', render: (_, p) => formatFen(p.lossFen) },
          {
            title: '暂缓清退',
            render: (_, p) => <span data-testid="participant-hold">{label(HOLD_LABELS, p.hold)}</span>,
          },
          {
            title: '操作',
            render: (_, p) =>
              mayHold(p) ? (
                p.hold === 'none' ? (
                  <Button
                    size="small"
                    aria-label={`暂缓清退：${p.name}`}
                    onClick={() => setHolding({ action: 'hold_claim', participant: p })}
                  >
                    暂缓清退
                  </Button>
                ) : (
                  <Button
                    size="small"
                    aria-label={`解除暂缓：${p.name}`}
                    onClick={() => setHolding({ action: 'release_claim_hold', participant: p })}
                  >
                    解除暂缓
                  </Button>
                )
              ) : null,
          },
        ]}
      />
      {holding && holdSpec && me && (
        <ActionForm
          caseId={caseId}
          spec={holdSpec}
          allowed={kase.allowedActions.includes(holding.action)}
          fixed={
            holding.action === 'hold_claim'
              ? { participantIds: [holding.participant.id], regionCode: me.regionCode }
              : { participantId: holding.participant.id, regionCode: me.regionCode }
          }
          {...(holding.action === 'release_claim_hold' ? releaseFields(holding.participant.hold) : {})}
          about={
            <>
              <Typography.Paragraph data-testid="hold-participant">
                集资参与人：{holding.participant.name}（{holding.participant.identityMasked}），
                {label(REGION_LABELS, me.regionCode)}的债权
              </Typography.Paragraph>
              {holding.action === 'release_claim_hold' && holding.participant.hold === 'heirs' && (
                <Typography.Paragraph data-testid="hold-payee-about">
                  已故集资参与人的债权属于遗产（《中华人民共和国民法典》第一千一百二十二条）。请填写已证明继承权的继承人或继承人代表人及其本人银行账户：此后各轮清退款付入该账户，不再付入
                  {holding.participant.name}的账户。
                </Typography.Paragraph>
              )}
            </>
          }
          onClose={(done) => {
            if (done) setHeld(`已办理：${holdSpec.title}（${holding.participant.name}）`);
            setHolding(null);
          }}
        />
      )}
    </Space>
  );
}
