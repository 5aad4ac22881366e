// The deadline calculator: the API computes (POST /api/deadline-rules/{code}/compute) with the same engine
// and holiday calendar the cases use, so the answer here is the one a case would get.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Descriptions, Form, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { post } from '../api/client';
import { useDeadlineRules } from '../api/hooks';
import type { ComputeResult, DeadlineRule } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate } from '../lib/format';

const UNIT: Record<string, string> = { day: '日', month: '个月', year: '年' };
const periodText = (r: DeadlineRule) => `${r.period.amount}${UNIT[r.period.unit] ?? r.period.unit}`;

export default function DeadlineCalculatorPage() {
  const rules = useDeadlineRules();
  const [code, setCode] = useState<string | undefined>();
  const rule = rules.data?.find((r) => r.code === code);
  const compute = useMutation({
    mutationFn: (v: { code: string; start: Dayjs; inCustody?: boolean }) =>
      post<ComputeResult>(`/api/deadline-rules/${v.code}/compute`, {
        start: v.start.format('YYYY-MM-DD'),
        inCustody: v.inCustody ?? false,
      }),
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>期限计算</Typography.Title>
      <Card>
        <Form
          layout="vertical"
          style={{ maxWidth: 520 }}
          onFinish={(v: { code: string; start: Dayjs; inCustody?: boolean }) => compute.mutate(v)}
        >
          <Form.Item name="code" label="期限规则" rules={[{ required: true, message: '请选择期限规则' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              onChange={setCode}
              options={(rules.data ?? []).map((r) => ({
                value: r.code,
                label: `${r.title}（${periodText(r)}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="start" label="起算日" rules={[{ required: true, message: '请选择起算日' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="inCustody" valuePropName="checked">
            <Checkbox>犯罪嫌疑人在押</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={compute.isPending}>
            计算
          </Button>
        </Form>
        {rule && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            依据：{rule.basis}
          </Typography.Paragraph>
        )}
      </Card>
      <ProblemAlert error={compute.error} />
      {compute.data && (
        <Card title={<h3 style={{ margin: 0 }}>计算结果</h3>} data-testid="compute-result">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="起算日">{formatDate(compute.data.start)}</Descriptions.Item>
            <Descriptions.Item label="到期日">
              <strong>{formatDate(compute.data.dueOn)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label="节假日顺延">
              {compute.data.rolledOverFrom ? `由 ${formatDate(compute.data.rolledOverFrom)} 顺延` : '无'}
            </Descriptions.Item>
            <Descriptions.Item label="法律依据">{compute.data.basis}</Descriptions.Item>
            {compute.data.warnings.length > 0 && (
              <Descriptions.Item label="提示">{compute.data.warnings.join('；')}</Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}
