// 举报 without signing in (API.md: POST /api/public/tips, GET /api/public/tips/{receipt}): the matter, where,
// who and the evidence, and — optionally — the reporter's name, identity number and contact, which the API
// seals at rest (条例 第十六条: the reporter is kept confidential; 举报奖励办法 第四条: a reward needs a real
// name and a contact). The answer is a receipt, the only way back to the tip: its lookup shows the state only.
// One Idempotency-Key per filled form, so a retried submission answers the same receipt and registers nothing
// new. The API limits tips per source address per hour; a 429 is shown as its problem+json says.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { api, post } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { REGION_LABELS } from '../lib/labels';
import { TIP_STATE_LABELS } from '../lib/tips';

type TipForm = {
  regionCode: string;
  what: string;
  where: string;
  who?: string;
  evidence?: string;
  name?: string;
  idNumber?: string;
  contact?: string;
};

const orUndefined = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

export default function PublicTipPage() {
  const [key, setKey] = useState(() => crypto.randomUUID());
  const submit = useMutation({
    mutationFn: (v: TipForm) => {
      const reporter = {
        name: orUndefined(v.name),
        idNumber: orUndefined(v.idNumber),
        contact: orUndefined(v.contact),
      };
      return post<{ receipt: string }>(
        '/api/public/tips',
        {
          regionCode: v.regionCode,
          what: v.what.trim(),
          where: v.where.trim(),
          who: orUndefined(v.who),
          evidence: orUndefined(v.evidence),
          reporter: Object.values(reporter).some(Boolean) ? reporter : undefined,
        },
        { headers: { 'idempotency-key': key } },
      );
    },
  });
  return (
    <main style={{ maxWidth: 760, margin: '32px auto', padding: '0 16px' }}>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        非法集资举报
      </Typography.Title>
      <Typography.Paragraph>
        举报将由所在地金融办（处非办）受理核查。举报人信息依法保密，可匿名举报；实名并留下联系方式的，方可申请举报奖励。
      </Typography.Paragraph>
      <Typography.Paragraph>
        <Link to="/report/status" style={{ textDecoration: 'underline' }}>
          凭回执查询办理状态
        </Link>
      </Typography.Paragraph>
      {submit.data ? (
        <Alert
          type="success"
          showIcon
          data-testid="tip-receipt"
          message="举报已提交"
          description={
            <Space direction="vertical">
              <span>
                回执号：
                <Typography.Text code copyable>
                  {submit.data.receipt}
                </Typography.Text>
              </span>
              <span>请妥善保存回执号，这是查询办理状态的唯一凭据，系统不会再次显示。</span>
              <Button
                onClick={() => {
                  submit.reset();
                  setKey(crypto.randomUUID());
                }}
              >
                再提交一件举报
              </Button>
            </Space>
          }
        />
      ) : (
        <Form<TipForm> layout="vertical" onFinish={(v) => submit.mutate(v)} data-testid="public-tip-form">
          <Form.Item name="regionCode" label="事发地区" rules={[{ required: true, message: '请选择地区' }]}>
            <Select options={Object.entries(REGION_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="what" label="举报内容" rules={[{ required: true, message: '请填写举报内容' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="where" label="地点" rules={[{ required: true, message: '请填写地点' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="who" label="涉及的单位或人员">
            <Input />
          </Form.Item>
          <Form.Item name="evidence" label="证据线索">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>举报人信息（可不填，加密保存）</h2>}
          >
            <Form.Item name="name" label="姓名">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="idNumber" label="身份证号码">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="contact" label="联系方式">
              <Input autoComplete="off" />
            </Form.Item>
          </Card>
          <div style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交举报
            </Button>
          </div>
          <div style={{ marginTop: 12 }}>
            <ProblemAlert error={submit.error} title="举报未提交" />
          </div>
        </Form>
      )}
    </main>
  );
}

export function PublicTipStatusPage() {
  const [receipt, setReceipt] = useState('');
  const lookup = useMutation({
    mutationFn: () => api<{ state: string }>(`/api/public/tips/${encodeURIComponent(receipt.trim())}`),
  });
  return (
    <main style={{ maxWidth: 760, margin: '32px auto', padding: '0 16px' }}>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        举报办理状态查询
      </Typography.Title>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label="回执号"
          placeholder="回执号"
          value={receipt}
          onChange={(e) => {
            setReceipt(e.target.value);
            lookup.reset();
          }}
        />
        <Button
          type="primary"
          disabled={!receipt.trim()}
          loading={lookup.isPending}
          onClick={() => lookup.mutate()}
        >
          查询
        </Button>
      </Space.Compact>
      {lookup.data && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          data-testid="tip-public-state"
          message={`办理状态：${TIP_STATE_LABELS[lookup.data.state] ?? lookup.data.state}`}
        />
      )}
      <div style={{ marginTop: 12 }}>
        <ProblemAlert error={lookup.error} title="未查到" />
      </div>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to="/report" style={{ textDecoration: 'underline' }}>
          提交新的举报
        </Link>
      </Typography.Paragraph>
    </main>
  );
}
