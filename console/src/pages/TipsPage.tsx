// 举报线索 (issue 12 / 14): the public tips of the regions the financial office or leader sees, with the first
// report's time and the intake due date (30 working days, computed by the API); a drawer per tip with the
// actions the caller's role may take. The reporter's identity is sealed: it is fetched only after a reason is
// entered (POST /api/tips/{id}/reporter, recorded), and kept in this drawer's memory only.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { api, post, qs } from '../api/client';
import type { Page, Tip, TipReporter } from '../api/types';
import { useAuth } from '../auth';
import { ProblemAlert } from '../components/ProblemAlert';
import { daysLeftText, formatDate, formatDateTime, formatFen } from '../lib/format';
import { label, REGION_LABELS, SECTOR_LABELS } from '../lib/labels';
import { TIP_STATE_LABELS } from '../lib/tips';
import { PAGE_SIZE, serverPagination } from '../lib/paging';

/**
 * 30 working days cannot be counted into a year whose State Council schedule is not entered yet (节假日 page):
 * say so rather than show nothing (domain/tips.ts tipIntakeDueOn).
 */
const NO_SCHEDULE = '待录入节假日安排后计算';

const REWARD_STATE_LABELS: Record<string, string> = {
  none: '未提出',
  proposed: '待审批',
  approved: '已批准',
  rejected: '未批准',
  paid: '已发放',
};
/** domain/tips.ts REWARD_TIERS (amounts in 分; the API checks them). */
const REWARD_TIERS: Record<string, { title: string; minFen: number; maxFen: number }> = {
  preliminary: { title: '立案核查', minFen: 50_000, maxFen: 100_000 },
  enforcement: { title: '作出行政处理或移送司法', minFen: 200_000, maxFen: 1_000_000 },
  major: { title: '涉案金额一亿元以上或重大案件', minFen: 1_000_000, maxFen: 5_000_000 },
};
const idem = () => ({ headers: { 'idempotency-key': crypto.randomUUID() } });

export default function TipsPage() {
  const [page, setPage] = useState(1);
  const [state, setState] = useState<string | undefined>('received');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['tips', page, state],
    queryFn: () => api<Page<Tip>>(`/api/tips${qs({ page, pageSize: PAGE_SIZE, state })}`),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2}>举报线索</Typography.Title>
      <Typography.Paragraph type="secondary">
        群众举报（不含举报人身份）。受理期限：首次举报次日起 30 个工作日（2008 年处置非法集资工作操作流程）。
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="tips-state">状态</label>
        <Select
          id="tips-state"
          allowClear
          placeholder="全部"
          style={{ width: 160 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={Object.entries(TIP_STATE_LABELS).map(([value, l]) => ({ value, label: l }))}
        />
      </Space>
      <ProblemAlert error={list.error} />
      <Table<Tip>
        rowKey="id"
        size="small"
        data-testid="tips-table"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(page, list.data?.total, setPage, '件')}
        columns={[
          { title: '首次举报时间', render: (_, t) => formatDateTime(t.receivedAt) },
          { title: '地区', render: (_, t) => label(REGION_LABELS, t.regionCode) },
          {
            title: '举报内容',
            render: (_, t) => (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => setOpenId(t.id)}
              >
                {t.what.length > 40 ? `${t.what.slice(0, 40)}…` : t.what}
              </Button>
            ),
          },
          { title: '状态', render: (_, t) => <Tag>{label(TIP_STATE_LABELS, t.state)}</Tag> },
          {
            title: '受理期限',
            render: (_, t) =>
              t.intakeDueOn
                ? `${formatDate(t.intakeDueOn)}${t.state === 'received' ? `（${daysLeftText(t.intakeDueOn)}）` : ''}`
                : NO_SCHEDULE,
          },
          { title: '实名', render: (_, t) => (t.named ? '是' : '否') },
          { title: '奖励', render: (_, t) => label(REWARD_STATE_LABELS, t.reward.state) },
        ]}
      />
      {openId && <TipDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}

function TipDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { me } = useAuth();
  const client = useQueryClient();
  const tip = useQuery({ queryKey: ['tip', id], queryFn: () => api<Tip>(`/api/tips/${id}`) });
  const office = me?.role === 'financial_office';
  const leader = me?.role === 'leader';
  const done = (t: Tip) => {
    client.setQueryData(['tip', id], t);
    void client.invalidateQueries({ queryKey: ['tips'] });
  };
  const t = tip.data;
  return (
    <Drawer open width={720} title="举报详情" onClose={onClose} destroyOnHidden>
      <ProblemAlert error={tip.error} />
      {t && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="tip-drawer">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <span data-testid="tip-state">{label(TIP_STATE_LABELS, t.state)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="首次举报时间">{formatDateTime(t.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label="受理期限">
              {t.intakeDueOn ? formatDate(t.intakeDueOn) : NO_SCHEDULE}
            </Descriptions.Item>
            <Descriptions.Item label="地区">{label(REGION_LABELS, t.regionCode)}</Descriptions.Item>
            <Descriptions.Item label="举报内容">{t.what}</Descriptions.Item>
            <Descriptions.Item label="地点">{t.where}</Descriptions.Item>
            <Descriptions.Item label="涉及人员">{t.who ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="证据">{t.evidence ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="实名举报">{t.named ? '是' : '否'}</Descriptions.Item>
            {t.caseId && (
              <Descriptions.Item label="案件">
                <Link to={`/cases/${t.caseId}`} data-testid="tip-case-link">
                  {t.alreadyKnown ? '归入已有案件' : '据此立档的案件'}
                </Link>
              </Descriptions.Item>
            )}
            {t.closedReason && <Descriptions.Item label="结案理由">{t.closedReason}</Descriptions.Item>}
            <Descriptions.Item label="奖励">
              {label(REWARD_STATE_LABELS, t.reward.state)}
              {t.reward.tier ? `，${REWARD_TIERS[t.reward.tier]?.title ?? t.reward.tier}` : ''}
              {t.reward.amountFen !== null ? `，${formatFen(t.reward.amountFen)}` : ''}
              {t.reward.note ? `（${t.reward.note}）` : ''}
              {t.reward.paidOn ? `，${formatDate(t.reward.paidOn)} 发放` : ''}
            </Descriptions.Item>
          </Descriptions>
          {office && <ReporterReveal id={id} />}
          {office && t.state === 'received' && <Verify tip={t} onDone={done} />}
          {office && t.state === 'lead' && (t.reward.state === 'none' || t.reward.state === 'rejected') && (
            <ProposeReward id={id} onDone={done} />
          )}
          {leader && t.reward.state === 'proposed' && <DecideReward id={id} onDone={done} />}
          {office && t.reward.state === 'approved' && <RecordPaid id={id} onDone={done} />}
        </Space>
      )}
    </Drawer>
  );
}

function ReporterReveal({ id }: { id: string }) {
  const [reason, setReason] = useState('');
  const reveal = useMutation({
    mutationFn: () => post<{ reporter: TipReporter | null }>(`/api/tips/${id}/reporter`, { reason }, idem()),
  });
  return (
    <section aria-label="举报人身份">
      <h4>举报人身份（保密）</h4>
      {reveal.data ? (
        <Descriptions size="small" column={1} bordered data-testid="tip-reporter">
          {reveal.data.reporter ? (
            <>
              <Descriptions.Item label="姓名">{reveal.data.reporter.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="身份证号码">{reveal.data.reporter.idNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="联系方式">{reveal.data.reporter.contact ?? '—'}</Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label="举报人">匿名举报</Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="查看理由"
            placeholder="查看理由（记录在案）"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button disabled={!reason.trim()} loading={reveal.isPending} onClick={() => reveal.mutate()}>
            查看举报人
          </Button>
        </Space.Compact>
      )}
      <ProblemAlert error={reveal.error} title="未能查看" />
    </section>
  );
}

type CaseForm = {
  title: string;
  sector: string;
  subjectName: string;
  subjectKind: string;
  subjectCode?: string;
  summary?: string;
  estimatedYuan?: number;
};

function Verify({ tip, onDone }: { tip: Tip; onDone: (t: Tip) => void }) {
  const navigate = useNavigate();
  const [mode, setMode] = useState<'open' | 'link' | 'close' | null>(null);
  const [caseId, setCaseId] = useState('');
  const [reason, setReason] = useState('');
  const open = useMutation({
    mutationFn: (v: CaseForm) =>
      post<Tip>(
        `/api/tips/${tip.id}/open-case`,
        {
          title: v.title,
          sector: v.sector,
          leadRegionCode: tip.regionCode,
          subjects: [
            {
              kind: v.subjectKind,
              name: v.subjectName,
              // A legal person is named by its 统一社会信用代码, a natural person by their identity number.
              ...(v.subjectCode?.trim()
                ? { [v.subjectKind === 'legal_person' ? 'creditCode' : 'idNumber']: v.subjectCode.trim() }
                : {}),
            },
          ],
          ...(v.summary ? { summary: v.summary } : {}),
          ...(v.estimatedYuan ? { estimatedAmountFen: Math.round(v.estimatedYuan * 100) } : {}),
        },
        idem(),
      ),
    onSuccess: onDone,
  });
  const link = useMutation({
    mutationFn: () => post<Tip>(`/api/tips/${tip.id}/link-case`, { caseId: caseId.trim() }, idem()),
    onSuccess: onDone,
  });
  const close = useMutation({
    mutationFn: () => post<Tip>(`/api/tips/${tip.id}/close`, { reason }, idem()),
    onSuccess: onDone,
  });
  return (
    <section aria-label="核查结论">
      <h4>核查结论</h4>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          type={mode === 'open' ? 'primary' : 'default'}
          data-testid="tip-open-case"
          onClick={() => setMode('open')}
        >
          属实，立档核查
        </Button>
        <Button type={mode === 'link' ? 'primary' : 'default'} onClick={() => setMode('link')}>
          属实，归入已有案件
        </Button>
        <Button type={mode === 'close' ? 'primary' : 'default'} onClick={() => setMode('close')}>
          不属实，结案
        </Button>
      </Space>
      {mode === 'open' && (
        <Form<CaseForm>
          layout="vertical"
          initialValues={{ subjectKind: 'legal_person', sector: 'other' }}
          onFinish={(v) => open.mutate(v)}
          data-testid="tip-case-form"
        >
          <Form.Item name="title" label="案件名称" rules={[{ required: true, message: '请填写案件名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="sector" label="领域" rules={[{ required: true }]}>
            <Select options={Object.entries(SECTOR_LABELS).map(([value, l]) => ({ value, label: l }))} />
          </Form.Item>
          <Form.Item
            name="subjectName"
            label="涉案主体名称"
            rules={[{ required: true, message: '请填写涉案主体' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="subjectKind" label="主体类别">
            <Select
              options={[
                { value: 'legal_person', label: '法人' },
                { value: 'actual_controller', label: '实际控制人' },
                { value: 'agent', label: '代理人' },
                { value: 'intermediary', label: '中介' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="subjectCode"
            label="统一社会信用代码或身份证号码"
            extra="法人填统一社会信用代码，自然人填身份证号码。"
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="estimatedYuan" label="估计金额（元）">
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="summary" label="案情摘要">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={open.isPending}>
            立档
          </Button>
          <ProblemAlert error={open.error} title="未能立档" />
        </Form>
      )}
      {open.data?.caseId && (
        <Alert
          type="success"
          showIcon
          message="已立档"
          action={<Button onClick={() => void navigate(`/cases/${open.data.caseId}`)}>打开案件</Button>}
        />
      )}
      {mode === 'link' && (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="案件编号（ID）"
            placeholder="案件 ID"
            value={caseId}
            onChange={(e) => setCaseId(e.target.value)}
          />
          <Button disabled={!caseId.trim()} loading={link.isPending} onClick={() => link.mutate()}>
            归入
          </Button>
        </Space.Compact>
      )}
      {mode === 'close' && (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="结案理由"
            placeholder="结案理由"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button disabled={!reason.trim()} loading={close.isPending} onClick={() => close.mutate()}>
            结案
          </Button>
        </Space.Compact>
      )}
      <ProblemAlert error={link.error ?? close.error} title="未被受理" />
    </section>
  );
}

type RewardForm = {
  tier: string;
  amountYuan: number;
  reporterIsStaff: boolean;
  reporterParticipated: boolean;
};

function ProposeReward({ id, onDone }: { id: string; onDone: (t: Tip) => void }) {
  const propose = useMutation({
    mutationFn: (v: RewardForm) =>
      post<Tip>(
        `/api/tips/${id}/reward`,
        {
          tier: v.tier,
          amountFen: Math.round(v.amountYuan * 100),
          reporterIsStaff: !!v.reporterIsStaff,
          reporterParticipated: !!v.reporterParticipated,
        },
        idem(),
      ),
    onSuccess: onDone,
  });
  return (
    <section aria-label="提出奖励">
      <h4>提出举报奖励</h4>
      <Form<RewardForm>
        layout="vertical"
        initialValues={{ tier: 'preliminary', reporterIsStaff: false, reporterParticipated: false }}
        onFinish={(v) => propose.mutate(v)}
      >
        <Form.Item name="tier" label="档次">
          <Select
            options={Object.entries(REWARD_TIERS).map(([value, t]) => ({
              value,
              label: `${t.title}（${formatFen(t.minFen)}–${formatFen(t.maxFen)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="amountYuan" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
          <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reporterIsStaff" valuePropName="checked">
          <Checkbox>举报人为负有处非职责的工作人员</Checkbox>
        </Form.Item>
        <Form.Item name="reporterParticipated" valuePropName="checked">
          <Checkbox>举报人参与了非法集资</Checkbox>
        </Form.Item>
        <Button htmlType="submit" loading={propose.isPending}>
          提出奖励
        </Button>
      </Form>
      <ProblemAlert error={propose.error} title="未被受理" />
    </section>
  );
}

function DecideReward({ id, onDone }: { id: string; onDone: (t: Tip) => void }) {
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (approved: boolean) =>
      post<Tip>(`/api/tips/${id}/reward/decision`, { approved, ...(note.trim() ? { note } : {}) }, idem()),
    onSuccess: onDone,
  });
  return (
    <section aria-label="审批奖励">
      <h4>审批举报奖励</h4>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label="审批意见"
          placeholder="审批意见（可不填）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate(true)}>
          批准
        </Button>
        <Button loading={decide.isPending} onClick={() => decide.mutate(false)}>
          不批准
        </Button>
      </Space.Compact>
      <ProblemAlert error={decide.error} title="未被受理" />
    </section>
  );
}

function RecordPaid({ id, onDone }: { id: string; onDone: (t: Tip) => void }) {
  const [paidOn, setPaidOn] = useState<string | null>(null);
  const paid = useMutation({
    mutationFn: () => post<Tip>(`/api/tips/${id}/reward/paid`, { paidOn }, idem()),
    onSuccess: onDone,
  });
  return (
    <section aria-label="登记发放">
      <h4>登记奖励已发放</h4>
      <Space>
        <DatePicker aria-label="发放日期" onChange={(d) => setPaidOn(d ? d.format('YYYY-MM-DD') : null)} />
        <Button disabled={!paidOn} loading={paid.isPending} onClick={() => paid.mutate()}>
          登记
        </Button>
      </Space>
      <ProblemAlert error={paid.error} title="未被受理" />
    </section>
  );
}
