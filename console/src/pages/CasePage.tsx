// One case: summary, each region's track as a timeline with its notices, deadlines with days left and the
// article they rest on, the asset pool, petitions, notices, and the actions the API says I may take now.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { api } from '../api/client';
import { byKey, useActionCatalogue, useDeadlineRules } from '../api/hooks';
import type { ActionResult, Case, CaseEvent, Deadline, NoticeSummary } from '../api/types';
import { ActionForm } from '../components/ActionForm';
import { AssetPoolView } from '../components/AssetPoolView';
import { NoticeButtons } from '../components/NoticeViewer';
import { JobProgress } from '../components/JobProgress';
import { ParticipantsPanel } from '../components/ParticipantsPanel';
import { PersonalDataReveal, UNMASKED_READ_ROLES } from '../components/PersonalDataReveal';
import { useAuth } from '../auth';
import { PetitionTable, StabilizationTables } from '../components/PetitionTables';
import { ProblemAlert } from '../components/ProblemAlert';
import { daysLeft, daysLeftText, formatDate, formatDateTime, formatFen, textOf } from '../lib/format';
import {
  DEADLINE_STATE_LABELS,
  label,
  OUTCOME_LABELS,
  REGION_LABELS,
  REGIONAL_STAGE_LABELS,
  ROLE_LABELS,
  SECTOR_LABELS,
  STAGE_LABELS,
  SYSTEM_EVENT_LABELS,
} from '../lib/labels';

const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/** Payload fields worth a line in the timeline (free texts and names), without the bookkeeping ones. */
function payloadLine(p: Record<string, unknown>): string {
  return Object.entries(p)
    .filter(
      ([k, v]) => !['occurredAt', 'regionCode'].includes(k) && v !== null && v !== undefined && v !== '',
    )
    .map(([k, v]) => (k.endsWith('Fen') ? formatFen(v as number) : textOf(v)))
    .join('；')
    .slice(0, 200);
}

/** The job id an action's event carries (compute_refund_round, approve_refund_round), if any. */
const jobIdOf = (r: ActionResult | undefined): string | null => {
  const p = r?.event?.payload;
  return typeof p?.jobId === 'string' ? p.jobId : null;
};

export default function CasePage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  // A job the last action started (compute_refund_round / approve_refund_round carry its id in the event).
  const [actionJob, setActionJob] = useState<string | null>(null);
  const { me } = useAuth();
  const client = useQueryClient();
  const catalogue = useActionCatalogue();
  const actions = byKey(catalogue.data, 'name');
  const rules = byKey(useDeadlineRules().data, 'code');
  const c = useQuery({ queryKey: ['case', id], queryFn: () => api<Case>(`/api/cases/${id}`) });
  const events = useQuery({
    queryKey: ['case', id, 'events'],
    queryFn: () => api<CaseEvent[]>(`/api/cases/${id}/events`),
  });
  const deadlines = useQuery({
    queryKey: ['case', id, 'deadlines'],
    queryFn: () => api<Deadline[]>(`/api/cases/${id}/deadlines`),
  });
  const notices = useQuery({
    queryKey: ['case', id, 'notices'],
    queryFn: () => api<NoticeSummary[]>(`/api/cases/${id}/notices`),
  });

  if (c.error) return <ProblemAlert error={c.error} title="无法打开案件" />;
  if (!c.data) return null;
  const kase = c.data;
  const openAction = params.get('action');
  const openSpec = openAction ? actions.get(openAction) : undefined;
  const noticesByEvent = new Map<string, NoticeSummary[]>();
  for (const n of notices.data ?? [])
    if (n.eventId) noticesByEvent.set(n.eventId, [...(noticesByEvent.get(n.eventId) ?? []), n]);
  const tracks: { key: string; title: string; events: CaseEvent[] }[] = [
    { key: 'case', title: '全案（统一指挥）', events: (events.data ?? []).filter((e) => !e.regionCode) },
    ...kase.regions.map((r) => ({
      key: r.code,
      title: `${r.name}${r.role === 'lead' ? '（牵头）' : '（协办）'}：${label(REGIONAL_STAGE_LABELS, r.stage)}${r.outcome ? `，${label(OUTCOME_LABELS, r.outcome)}` : ''}`,
      events: (events.data ?? []).filter((e) => e.regionCode === r.code),
    })),
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {kase.caseNo} {kase.title}
        </Typography.Title>
        <Space wrap>
          <Tag color="blue" data-testid="case-stage">
            {label(STAGE_LABELS, kase.stage)}
          </Tag>
          {kase.overdue && <Tag color="red">有逾期期限</Tag>}
          <Link to="/cases">返回案件列表</Link>
          {me && UNMASKED_READ_ROLES.includes(me.role) && <PersonalDataReveal caseId={id} />}
        </Space>
      </div>

      <Card title={<h3 style={{ margin: 0 }}>可办理的操作</h3>} data-testid="actions">
        {kase.allowedActions.length === 0 ? (
          <Typography.Text type="secondary" data-testid="no-actions">
            您目前在本案没有可办理的操作。
          </Typography.Text>
        ) : (
          <Space wrap>
            {kase.allowedActions.map((a) => (
              <Button key={a} type="primary" data-action={a} onClick={() => setParams({ action: a })}>
                {actions.get(a)?.title ?? a}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {notice && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setNotice(null)}
          data-testid="action-done"
          message={`已办理：${actions.get(notice)?.title ?? notice}`}
        />
      )}
      {actionJob && (
        <Card size="small" title="本次操作启动的任务" data-testid="action-job">
          <JobProgress
            jobId={actionJob}
            onEnded={() => void client.invalidateQueries({ queryKey: ['case', id, 'refund-rounds'] })}
          />
          <Link to={`/jobs/${actionJob}`}>任务详情</Link>
        </Card>
      )}
      {openSpec && (
        <ActionForm
          caseId={id}
          spec={openSpec}
          allowed={kase.allowedActions.includes(openSpec.name)}
          onClose={(done, result) => {
            setParams({});
            if (done) setNotice(openSpec.name);
            if (done) setActionJob(jobIdOf(result));
          }}
        />
      )}

      <Card title={<h3 style={{ margin: 0 }}>案件概况</h3>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label="领域">{label(SECTOR_LABELS, kase.sector)}</Descriptions.Item>
          <Descriptions.Item label="牵头地区">{label(REGION_LABELS, kase.leadRegionCode)}</Descriptions.Item>
          <Descriptions.Item label="立档时间">
            {formatDateTime(kase.openedAt ?? kase.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label="估计金额">{formatFen(kase.estimatedAmountFen)}</Descriptions.Item>
          <Descriptions.Item label="估计参与人数">{kase.estimatedParticipants ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="涉案主体">
            {(kase.subjects ?? [])
              .map(
                (s) =>
                  `${s.name}${s.idNumber ? `（${s.idNumber}）` : s.creditCode ? `（${s.creditCode}）` : ''}`,
              )
              .join('；') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="案情摘要" span={2}>
            {kase.summary || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card>
        <Tabs
          defaultActiveKey={params.get('tab') ?? 'tracks'}
          items={[
            {
              key: 'tracks',
              label: '办理经过',
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {tracks.map((t) => (
                    <section key={t.key} aria-label={t.title}>
                      <h4>{t.title}</h4>
                      {t.events.length === 0 ? (
                        <Typography.Text type="secondary">暂无记录</Typography.Text>
                      ) : (
                        <Timeline
                          items={t.events.map((e) => ({
                            children: (
                              <div data-testid="event">
                                <strong>
                                  {actions.get(e.action)?.title ?? label(SYSTEM_EVENT_LABELS, e.action)}
                                </strong>{' '}
                                <span>{formatDateTime(e.at)}</span>{' '}
                                <span>{e.actor.unitName ?? label(ROLE_LABELS, e.actor.role)}</span>
                                <div>{payloadLine(e.payload ?? {})}</div>
                                {(noticesByEvent.get(e.id) ?? []).map((n) => (
                                  <Space key={n.id}>
                                    <span>{n.docNo}</span>
                                    <NoticeButtons notice={n} />
                                  </Space>
                                ))}
                              </div>
                            ),
                          }))}
                        />
                      )}
                    </section>
                  ))}
                </Space>
              ),
            },
            {
              key: 'deadlines',
              label: '期限',
              children: (
                <Table<Deadline>
                  rowKey="id"
                  size="small"
                  loading={deadlines.isPending}
                  dataSource={deadlines.data ?? []}
                  pagination={false}
                  columns={[
                    { title: '期限', render: (_, d) => rules.get(d.rule)?.title ?? d.rule },
                    { title: '地区', render: (_, d) => nowrap(label(REGION_LABELS, d.regionCode)) },
                    { title: '责任', render: (_, d) => nowrap(label(ROLE_LABELS, d.responsibleRole)) },
                    { title: '起算日', render: (_, d) => nowrap(formatDate(d.startedOn)) },
                    {
                      title: '到期日',
                      render: (_, d) =>
                        `${formatDate(d.dueOn)}${d.rolledOverFrom ? `（节假日顺延，原 ${formatDate(d.rolledOverFrom)}）` : ''}`,
                    },
                    { title: '状态', render: (_, d) => nowrap(label(DEADLINE_STATE_LABELS, d.state)) },
                    {
                      title: '剩余',
                      render: (_, d) =>
                        d.state === 'running' || d.state === 'missed' ? (
                          <Tag color={daysLeft(d.dueOn) < 0 ? 'red' : 'blue'}>{daysLeftText(d.dueOn)}</Tag>
                        ) : (
                          '—'
                        ),
                    },
                    { title: '法律依据', render: (_, d) => rules.get(d.rule)?.basis ?? '—' },
                  ]}
                />
              ),
            },
            { key: 'assets', label: '资产池', children: <AssetPoolView caseId={id} /> },
            {
              key: 'petitions',
              label: '信访维稳',
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <h4>信访事项</h4>
                  <PetitionTable filter={{ caseId: id }} showCase={false} />
                  <h4>维稳措施</h4>
                  <StabilizationTables caseId={id} showCase={false} />
                </Space>
              ),
            },
            { key: 'participants', label: '集资参与人', children: <ParticipantsPanel kase={kase} /> },
            {
              key: 'notices',
              label: `文书（${notices.data?.length ?? 0}）`,
              children: (
                <Table<NoticeSummary>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={notices.data ?? []}
                  locale={{ emptyText: <Empty description="尚未出具文书" /> }}
                  columns={[
                    { title: '文号', dataIndex: 'docNo' },
                    { title: '出具单位', dataIndex: 'issuingUnit' },
                    { title: '日期', render: (_, n) => formatDate(n.issuedAt) },
                    { title: '', render: (_, n) => <NoticeButtons notice={n} /> },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
