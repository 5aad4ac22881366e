// The holiday calendar as data: every year the package carries is loaded; an administrator enters or
// corrects a year (API and CLI), validated; a year with no schedule keeps its warning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { holidayDataYears } from '../../db/holiday-data';
import { type TestApi, startTestApi, token } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const admin = token('admin');
// Years no other test file computes in, so these edits cannot change another test's dates.
const SCHEDULE = {
  days: [
    { date: '2031-01-01', kind: 'holiday', name: '元旦' },
    // 2031-05-01 is a Thursday; Friday 05-02 off, made up on Sunday 04-27.
    { date: '2031-05-01', kind: 'holiday', name: '劳动节' },
    { date: '2031-05-02', kind: 'holiday', name: '劳动节' },
    { date: '2031-04-27', kind: 'workday', name: '劳动节' },
  ],
};

test('When the system starts, then every year chinese-days carries is loaded, 2004 to 2026', async () => {
  const years: number[] = await api.db('calendar_years').orderBy('year').pluck('year');

  expect(years).toEqual(expect.arrayContaining(holidayDataYears()));
  expect(years).not.toContain(2027);
  const y2019 = await api.call('GET', '/api/calendar/2019', { token: token('police') });
  expect(y2019.status).toBe(200);
  expect(y2019.body.days).toContainEqual({ date: '2019-10-01', kind: 'holiday', name: '国庆节' });
});

test('When a year has no schedule, then GET answers 404 and the calculator warns for it', async () => {
  const res = await api.call('GET', '/api/calendar/2033', { token: token('police') });
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toContain('application/problem+json');

  const due = await api.call('POST', '/api/deadline-rules/PETITION_ROUTING/compute', {
    token: token('petition_bureau'),
    body: { start: '2033-09-20' },
  });
  expect(due.body.warnings).toEqual(['NO_CALENDAR_FOR_YEAR:2033']);
});

test('When an administrator puts a year, then it is stored, read back, and due dates in it roll over by it without warning', async () => {
  // Act
  const res = await api.call('PUT', '/api/calendar/2031', { token: admin, body: SCHEDULE });

  // Assert
  expect(res.status).toBe(200);
  expect(res.body.days.map((d: { date: string }) => d.date)).toEqual([
    '2031-01-01',
    '2031-04-27',
    '2031-05-01',
    '2031-05-02',
  ]);
  expect(res.body.source).toContain('u-532822-admin');
  const read = await api.call('GET', '/api/calendar/2031', { token: token('court') });
  expect(read.body.days).toEqual(res.body.days);
  // 2031-04-16 + 15 days = 05-01, a holiday → Saturday 05-03, Sunday 05-04 → Monday 05-05.
  const due = await api.call('POST', '/api/deadline-rules/PETITION_ROUTING/compute', {
    token: token('petition_bureau'),
    body: { start: '2031-04-16' },
  });
  expect(due.body).toMatchObject({ dueOn: '2031-05-05', rolledOverFrom: '2031-05-01', warnings: [] });

  // A correction replaces the whole year: the removed make-up day is gone.
  const corrected = await api.call('PUT', '/api/calendar/2031', {
    token: admin,
    body: { days: SCHEDULE.days.slice(0, 3), source: '国办发明电〔2030〕7号' },
  });
  expect(corrected.status).toBe(200);
  const rows = await api
    .db('calendar_days')
    .whereBetween('date', ['2031-01-01', '2031-12-31'])
    .orderBy('date');
  expect(rows.map((r) => r.date)).toEqual(['2031-01-01', '2031-05-01', '2031-05-02']);
  expect((await api.db('calendar_years').where({ year: 2031 }).first()).source).toBe('国办发明电〔2030〕7号');
});

test.each<[string, Record<string, unknown>, string[]]>([
  [
    'a date twice and a make-up day on a weekday',
    {
      days: [
        { date: '2032-01-01', kind: 'holiday', name: '元旦' },
        { date: '2032-01-01', kind: 'holiday', name: '元旦' },
        { date: '2032-02-09', kind: 'workday', name: '春节' },
      ],
    },
    ['/days/1/date', '/days/2/date'],
  ],
  [
    'a holiday on a make-up day and a date of another year',
    {
      days: [
        { date: '2032-02-07', kind: 'holiday', name: '春节' },
        { date: '2032-02-07', kind: 'workday', name: '春节' },
        { date: '2031-12-31', kind: 'holiday', name: '元旦' },
      ],
    },
    ['/days/1/date', '/days/2/date'],
  ],
  ['an unknown kind', { days: [{ date: '2032-01-01', kind: 'festival', name: '元旦' }] }, ['/days/0/kind']],
])(
  'When the schedule has %s, then 400 names the dates and nothing is written',
  async (_what, body, fields) => {
    // Act
    const res = await api.call('PUT', '/api/calendar/2032', { token: admin, body });

    // Assert
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(await api.db('calendar_years').where({ year: 2032 })).toHaveLength(0);
    expect(await api.db('calendar_days').whereBetween('date', ['2032-01-01', '2032-12-31'])).toHaveLength(0);
  },
);

test('When someone other than an administrator puts a year, or the year is not a year, then it is refused', async () => {
  const forbidden = await api.call('PUT', '/api/calendar/2034', {
    token: token('financial_office'),
    body: SCHEDULE,
  });
  expect(forbidden.status).toBe(403);
  const badYear = await api.call('PUT', '/api/calendar/20x4', { token: admin, body: { days: [] } });
  expect(badYear.status).toBe(400);
  expect(await api.db('calendar_years').where({ year: 2034 })).toHaveLength(0);
});

test('When the CLI sets a year from a file, then the year is loaded; a bad file is refused naming the date', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-'));
  const good = path.join(dir, 'good.json');
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(good, JSON.stringify([{ date: '2035-01-01', kind: 'holiday', name: '元旦' }]));
  fs.writeFileSync(bad, JSON.stringify({ days: [{ date: '2036-03-05', kind: 'workday', name: '调休' }] }));
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../scripts/cli.ts'), ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: api.env.databaseUrl,
          APP_MODE: 'development',
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
      },
    );

  const ok = run('calendar', 'set', '2035', good);
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain('2035: 1 holidays');
  expect((await api.call('GET', '/api/calendar/2035', { token: admin })).body.days).toEqual([
    { date: '2035-01-01', kind: 'holiday', name: '元旦' },
  ]);

  const refused = run('calendar', 'set', '2036', bad);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('调休上班日 2036-03-05 不是周末');
  expect(await api.db('calendar_years').where({ year: 2036 })).toHaveLength(0);
});
