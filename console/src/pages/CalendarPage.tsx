// The holiday calendar (GET /api/calendar/{year}): every user reads it; an administrator edits a year in
// place and saves it whole (PUT /api/calendar/{year}). The API validates the year (domain/calendar-schedule:
// dates in the year, each once, make-up working days on weekends) and names each failing row by its JSON
// pointer (/days/3/date); the console shows each message at the row and on the calendar date it names.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Calendar,
  Card,
  Empty,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, api, isNotFound } from '../api/client';
import type { CalendarDay, CalendarYear } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAuth } from '../auth';
import { formatDate, formatDateTime, ZONE } from '../lib/format';

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
/** antd's error red is 3.2:1 on white; red-7 reads at 5:1 (WCAG AA). */
const ERROR_TEXT = '#cf1322';
const KIND_LABELS: Record<CalendarDay['kind'], string> = { holiday: '节假日', workday: '调休上班' };

/** A row being edited: the day and a key that stays with it when rows above are added or removed. */
interface DraftRow extends CalendarDay {
  key: number;
}

/** The API's errors for a PUT, by the key of the row each names, and by the date it was sent with. */
interface RowErrors {
  byRow: Map<number, { field: string; message: string }[]>;
  byDate: Map<string, string[]>;
}

function rowErrorsOf(error: unknown, sent: DraftRow[]): RowErrors {
  const byRow: RowErrors['byRow'] = new Map();
  const byDate: RowErrors['byDate'] = new Map();
  if (!(error instanceof ApiError)) return { byRow, byDate };
  for (const e of error.problem.errors ?? []) {
    const m = /^\/days\/(\d+)(?:\/(\w+))?/.exec(e.field ?? '');
    const row = m ? sent[Number(m[1])] : undefined;
    if (!row) continue;
    const message = e.message ?? '无效';
    byRow.set(row.key, [...(byRow.get(row.key) ?? []), { field: m![2] ?? 'date', message }]);
    if (row.date) byDate.set(row.date, [...(byDate.get(row.date) ?? []), message]);
  }
  return { byRow, byDate };
}

export default function CalendarPage() {
  const { me } = useAuth();
  const isAdmin = me?.role === 'admin';
  const client = useQueryClient();
  const [value, setValue] = useState<Dayjs>(dayjs().tz(ZONE));
  const year = value.year();
  const q = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => api<CalendarYear>(`/api/calendar/${year}`),
    retry: false,
  });
  const notLoaded = isNotFound(q.error);

  const nextKey = useRef(0);
  const [draft, setDraft] = useState<DraftRow[]>([]);
  const [source, setSource] = useState('');
  const [sent, setSent] = useState<DraftRow[]>([]);
  // The draft starts as the year the API holds (or empty for a year not entered yet), again after a save.
  useEffect(() => {
    if (q.data) setDraft(q.data.days.map((d) => ({ ...d, key: nextKey.current++ })));
    else if (notLoaded) setDraft([]);
  }, [q.data, notLoaded]);

  const save = useMutation({
    mutationFn: (rows: DraftRow[]) =>
      api<CalendarYear>(`/api/calendar/${year}`, {
        method: 'PUT',
        body: JSON.stringify({
          days: rows.map(({ date, kind, name }) => ({ date, kind, name })),
          ...(source.trim() ? { source: source.trim() } : {}),
        }),
      }),
    onSuccess: (saved) => {
      client.setQueryData(['calendar', year], saved);
      void client.invalidateQueries({ queryKey: ['calendar', year] });
    },
    // The calendar below turns to the month of the first date the API found wrong.
    onError: (e, rows) => {
      const first = [...rowErrorsOf(e, rows).byDate.keys()].sort()[0];
      if (first) setValue(dayjs.tz(first, ZONE));
    },
  });
  const errors = rowErrorsOf(save.error, sent);

  const shown = isAdmin ? draft : (q.data?.days ?? []);
  const byDate = new Map(shown.filter((d) => d.date).map((d) => [d.date, d]));
  const update = (key: number, patch: Partial<CalendarDay>) =>
    setDraft((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const goToYear = (y: number | null) => {
    if (y && y >= YEAR_MIN && y <= YEAR_MAX) {
      setValue(value.year(y));
      save.reset();
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>节假日安排</Typography.Title>
      <Space wrap>
        <label htmlFor="calendar-year">年份</label>
        <InputNumber
          id="calendar-year"
          min={YEAR_MIN}
          max={YEAR_MAX}
          value={year}
          onChange={(y) => goToYear(y)}
        />
        {q.data && (
          <Typography.Text type="secondary">
            依据：{q.data.source}；录入于 {formatDateTime(q.data.loadedAt)}
          </Typography.Text>
        )}
      </Space>
      {notLoaded ? (
        <Empty
          description={`尚未录入 ${year} 年的节假日安排：该年的到期日只按周末顺延${isAdmin ? '。可在下方录入' : ''}`}
        />
      ) : (
        <ProblemAlert error={q.error} />
      )}

      {isAdmin && (
        <Card
          title={<h3 style={{ margin: 0 }}>编辑 {year} 年安排（整年保存）</h3>}
          data-testid="calendar-editor"
        >
          {save.isSuccess && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="calendar-saved"
              message={`${year} 年节假日安排已保存，共 ${save.data.days.length} 天`}
            />
          )}
          {save.error ? (
            <div style={{ marginBottom: 12 }}>
              <ProblemAlert error={save.error} title="未保存" />
            </div>
          ) : null}
          <Table<DraftRow>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={draft}
            locale={{ emptyText: <Empty description="尚无日期，请添加" /> }}
            columns={[
              {
                title: '日期',
                render: (_, r, i) => {
                  const errs = errors.byRow.get(r.key) ?? [];
                  return (
                    <div data-testid={`calendar-row-${i}`}>
                      <Input
                        type="date"
                        aria-label={`第 ${i + 1} 行日期`}
                        min={`${year}-01-01`}
                        max={`${year}-12-31`}
                        value={r.date}
                        status={errs.length ? 'error' : undefined}
                        aria-invalid={errs.length > 0}
                        onChange={(e) => update(r.key, { date: e.target.value })}
                        style={{ width: 170 }}
                      />
                      {errs.map((e, j) => (
                        <div key={j} role="alert" data-testid="calendar-row-error">
                          <Typography.Text style={{ color: ERROR_TEXT }}>{e.message}</Typography.Text>
                        </div>
                      ))}
                    </div>
                  );
                },
              },
              {
                title: '类型',
                render: (_, r, i) => (
                  <Radio.Group
                    aria-label={`第 ${i + 1} 行类型`}
                    value={r.kind}
                    onChange={(e) => update(r.key, { kind: e.target.value as CalendarDay['kind'] })}
                    options={(['holiday', 'workday'] as const).map((k) => ({
                      value: k,
                      label: KIND_LABELS[k],
                    }))}
                  />
                ),
              },
              {
                title: '名称',
                render: (_, r, i) => (
                  <Input
                    aria-label={`第 ${i + 1} 行名称`}
                    value={r.name}
                    maxLength={50}
                    onChange={(e) => update(r.key, { name: e.target.value })}
                  />
                ),
              },
              {
                title: '',
                render: (_, r, i) => (
                  <Button onClick={() => setDraft((rows) => rows.filter((x) => x.key !== r.key))}>
                    删除第 {i + 1} 行
                  </Button>
                ),
              },
            ]}
          />
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              data-testid="calendar-add-row"
              onClick={() =>
                setDraft((rows) => [...rows, { key: nextKey.current++, date: '', kind: 'holiday', name: '' }])
              }
            >
              添加一行
            </Button>
            <label htmlFor="calendar-source">依据（通知文号）</label>
            <Input
              id="calendar-source"
              value={source}
              maxLength={200}
              placeholder="国办发明电〔2025〕7号"
              onChange={(e) => setSource(e.target.value)}
              style={{ width: 260 }}
            />
            <Button
              type="primary"
              data-testid="calendar-save"
              loading={save.isPending}
              onClick={() => {
                setSent(draft);
                save.mutate(draft);
              }}
            >
              保存 {year} 年安排
            </Button>
          </Space>
        </Card>
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
            const day = byDate.get(key);
            const errs = errors.byDate.get(key);
            return (
              <>
                {day && (
                  <Tag color={day.kind === 'holiday' ? 'red' : 'blue'}>
                    {day.name || KIND_LABELS[day.kind]}
                  </Tag>
                )}
                {errs && (
                  <Tag color="magenta" title={errs.join('；')} data-testid={`calendar-date-error-${key}`}>
                    {formatDate(key)} 有误
                  </Tag>
                )}
              </>
            );
          }}
        />
      </Card>
    </Space>
  );
}
