// The holiday calendar (GET /api/calendar/{year}): read-only here. Until the endpoint is deployed it
// answers 404 and the page says so instead of showing an empty calendar as if there were no holidays.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Calendar, Card, Empty, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, isNotFound } from '../api/client';
import type { CalendarYear } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAuth } from '../auth';
import { ZONE } from '../lib/format';

export default function CalendarPage() {
  const { me } = useAuth();
  const [value, setValue] = useState<Dayjs>(dayjs().tz(ZONE));
  const year = value.year();
  const q = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => api<CalendarYear>(`/api/calendar/${year}`),
    retry: false,
  });
  const holidays = new Map((q.data?.holidays ?? []).map((h) => [h.date, h.name ?? '节假日']));
  const workdays = new Map((q.data?.workdays ?? []).map((h) => [h.date, h.name ?? '调休上班']));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>节假日安排</Typography.Title>
      {me?.role === 'admin' && (
        <Alert
          type="info"
          showIcon
          message="系统管理员可通过 PUT /api/calendar/{year} 维护节假日安排；本页只读。"
        />
      )}
      {q.error && isNotFound(q.error) ? (
        <Empty description={`${year} 年的节假日安排暂未提供（节假日接口尚未开放）`} />
      ) : (
        <ProblemAlert error={q.error} />
      )}
      <Card>
        <Calendar
          value={value}
          onPanelChange={(d) => setValue(d)}
          onSelect={(d) => setValue(d)}
          // antd's own header is two drop-downs without labels; two labelled buttons read and work better.
          headerRender={({ value: v, onChange }) => (
            <Space style={{ marginBottom: 12 }}>
              <Button aria-label="上一月" onClick={() => onChange(v.subtract(1, 'month'))}>
                ‹ 上一月
              </Button>
              <strong aria-live="polite">
                {v.year()}年{v.month() + 1}月
              </strong>
              <Button aria-label="下一月" onClick={() => onChange(v.add(1, 'month'))}>
                下一月 ›
              </Button>
            </Space>
          )}
          cellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const key = d.format('YYYY-MM-DD');
            if (holidays.has(key)) return <Tag color="red">{holidays.get(key)}</Tag>;
            if (workdays.has(key)) return <Tag color="orange">{workdays.get(key)}</Tag>;
            return null;
          }}
        />
      </Card>
    </Space>
  );
}
