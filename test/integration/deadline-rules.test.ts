// The calculator over HTTP for the rules of issue 13, one row per rule with its article; the custody rule
// of the arrest review; refusals as problem+json.
import { type TestApi, startTestApi, token } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const police = token('police');
const compute = (code: string, body: unknown) =>
  api.call('POST', `/api/deadline-rules/${code}/compute`, { token: police, body });

test.each<[string, string, Record<string, unknown>, string, string | null, string]>([
  [
    'TRANSFER_FILING_REVIEW',
    '第十六条',
    { start: '2025-09-29' },
    '2025-10-09',
    '2025-10-02',
    '经济犯罪规定 三日',
  ],
  [
    'TRANSFER_FILING_REVIEW',
    '第十六条',
    { start: '2026-03-02', variant: 'major_complex' },
    '2026-04-01',
    null,
    '三十日',
  ],
  [
    'TRANSFER_REFUSAL_RECONSIDERATION_WINDOW',
    '第九条',
    { start: '2026-09-30' },
    '2026-10-08',
    '2026-10-03',
    '移送规定 复议',
  ],
  [
    'TRANSFER_RECONSIDERATION_DECISION',
    '第九条',
    { start: '2026-03-02' },
    '2026-03-05',
    null,
    '移送规定 决定',
  ],
  [
    'FILING_DENIAL_NOTICE',
    '第一百七十八条',
    { start: '2026-02-12' },
    '2026-02-24',
    '2026-02-15',
    '三日以内送达',
  ],
  [
    'FILING_DENIAL_RECONSIDERATION_WINDOW',
    '第一百七十九条',
    { start: '2026-03-02' },
    '2026-03-09',
    null,
    '七日',
  ],
  ['FILING_DENIAL_RECONSIDERATION', '第一百七十九条', { start: '2026-03-02' }, '2026-04-01', null, '三十日'],
  [
    'FILING_DENIAL_REVIEW_WINDOW',
    '第一百七十九条',
    { start: '2026-04-24' },
    '2026-05-06',
    '2026-05-01',
    '复核七日',
  ],
  [
    'FILING_DENIAL_REVIEW',
    '第一百七十九条',
    { start: '2026-09-01' },
    '2026-10-08',
    '2026-10-01',
    '复核三十日',
  ],
  [
    'DETENTION_ARREST_REQUEST',
    '第九十一条',
    { start: '2025-09-28', inCustody: true },
    '2025-10-01',
    null,
    '在押不顺延',
  ],
  [
    'DETENTION_ARREST_REQUEST',
    '第九十一条',
    { start: '2026-03-02', variant: 'serial_group' },
    '2026-04-01',
    null,
    '三十日',
  ],
  ['BAIL_TERM', '第七十九条', { start: '2025-10-01' }, '2026-10-01', null, '十二个月'],
  ['RESIDENTIAL_SURVEILLANCE_TERM', '第七十九条', { start: '2025-08-31' }, '2026-02-28', null, '六个月'],
  [
    'CUSTODY_EXTENSION_REQUEST',
    '第一百四十八条',
    { start: '2026-05-02', inCustody: true },
    '2026-04-25',
    null,
    '届满七日前',
  ],
  [
    'ARREST_DENIAL_RECONSIDERATION',
    '第二百九十条',
    { start: '2025-09-26' },
    '2025-10-09',
    '2025-10-03',
    '复议七日',
  ],
  ['ARREST_DENIAL_REVIEW', '第二百九十一条', { start: '2026-03-02' }, '2026-03-17', null, '复核十五日'],
  [
    'FAST_TRACK_PROSECUTION_REVIEW',
    '第一百七十二条',
    { start: '2026-09-24' },
    '2026-10-08',
    '2026-10-04',
    '速裁十日',
  ],
  [
    'FAST_TRACK_PROSECUTION_REVIEW',
    '第一百七十二条',
    { start: '2026-09-24', inCustody: true },
    '2026-10-04',
    null,
    '在押',
  ],
  ['FAST_TRACK_TRIAL', '第二百二十五条', { start: '2026-01-26' }, '2026-02-05', null, '速裁审理十日'],
  [
    'NON_PROSECUTION_RECONSIDERATION',
    '第三百七十九条',
    { start: '2026-03-02' },
    '2026-04-01',
    null,
    '复议三十日',
  ],
  [
    'NON_PROSECUTION_REVIEW',
    '第三百八十条',
    { start: '2026-09-01' },
    '2026-10-08',
    '2026-10-01',
    '复核三十日',
  ],
  [
    'NON_PROSECUTION_VICTIM_APPEAL',
    '第一百八十条',
    { start: '2026-09-28' },
    '2026-10-08',
    '2026-10-05',
    '被害人七日',
  ],
  [
    'NON_PROSECUTION_PERSON_APPEAL',
    '第一百八十一条',
    { start: '2026-03-02' },
    '2026-03-09',
    null,
    '被不起诉人七日',
  ],
  ['ADMIN_SEIZURE', '第二十五条', { start: '2026-09-01' }, '2026-10-01', null, '行政强制法 三十日'],
  ['PETITION_REMIT_OBJECTION', '第二十三条', { start: '2025-09-29' }, '2025-10-13', null, '5个工作日'],
  [
    'PETITION_REVIEW_REQUEST_WINDOW',
    '第三十五条',
    { start: '2026-09-01' },
    '2026-10-08',
    '2026-10-01',
    '复查30日',
  ],
  ['PETITION_RECHECK_REQUEST_WINDOW', '第三十六条', { start: '2026-03-02' }, '2026-04-01', null, '复核30日'],
  [
    'FILING_SUPERVISION_EXPLANATION',
    '第一百一十三条',
    { start: '2026-09-24' },
    '2026-10-08',
    '2026-10-01',
    '立案监督 七日',
  ],
  [
    'FILING_SUPERVISION_ORDER',
    '第一百一十三条',
    { start: '2026-03-02' },
    '2026-03-17',
    null,
    '通知立案 十五日',
  ],
  ['PROPERTY_EXECUTION', '第三条', { start: '2026-04-01' }, '2026-10-08', '2026-10-01', '涉财产执行 六个月'],
  // law-criminal (issue 13, item 8): the freezes' terms never roll (a hold on property must not lengthen).
  [
    'FREEZE_DEPOSIT',
    '第二百四十三条',
    { start: '2026-04-30' },
    '2026-10-31',
    null,
    '冻结存款 六个月，月末起算的至月末，2026-10-31 是星期六也不顺延',
  ],
  [
    'FREEZE_DEPOSIT',
    '第二百四十三条',
    { start: '2026-09-30', variant: 'major_complex' },
    '2027-09-30',
    null,
    '重大复杂 一年，经设区的市一级公安机关批准',
  ],
  ['FREEZE_REAL_ESTATE', '第二百二十八条', { start: '2026-03-31' }, '2029-03-31', null, '查封不动产 三年'],
])(
  'When the calculator computes %s (%s) for %o, then it is due %s (rolled from %s; %s) and cites the article',
  async (code, article, body, dueOn, rolledOverFrom) => {
    // Act
    const res = await compute(code, body);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rule: code, dueOn, rolledOverFrom, warnings: [], dueAt: null });
    expect(res.body.basis).toContain(article);
  },
);

test('When an hour rule (刑诉法 第八十五条, 24 小时) is computed from startAt, then the hour of the detention is not counted', async () => {
  const res = await compute('DETENTION_FAMILY_NOTICE', { startAt: '2026-03-02T10:25:00+08:00' });

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    start: '2026-03-02',
    dueOn: '2026-03-03',
    dueAt: '2026-03-03T03:00:00.000Z',
  });
  expect(res.body.basis).toContain('第八十五条');
  const noInstant = await compute('DETENTION_INTERROGATION', { start: '2026-03-02' });
  expect(noInstant.status).toBe(400);
  expect(noInstant.body.errors).toEqual([expect.objectContaining({ field: '/startAt' })]);
});

test('When 5 working days (信访工作条例 第二十三条) run into 2027, which has no schedule, then the answer keeps its warning', async () => {
  const res = await compute('PETITION_REMIT_OBJECTION', { start: '2026-12-28' });

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ dueOn: '2027-01-04', warnings: ['NO_CALENDAR_FOR_YEAR:2027'] });
});

test.each<[Record<string, unknown>, string, boolean, string]>([
  [{ start: '2026-03-02', inCustody: false }, 'not_detained', false, '2026-03-17'],
  [{ start: '2026-03-02' }, 'not_detained', false, '2026-03-17'],
  [{ start: '2026-03-02', inCustody: true }, 'detained', true, '2026-03-09'],
  [{ start: '2026-03-02', variant: 'not_detained_major' }, 'not_detained_major', false, '2026-03-23'],
])(
  'When the arrest review (检察规则 第二百八十二条) is computed for %o, then it uses %s (in custody %p), due %s',
  async (body, variant, inCustody, dueOn) => {
    const res = await compute('ARREST_REVIEW', body);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ variant, inCustody, dueOn });
    expect(res.body.basis).toContain('第二百八十二条');
  },
);

test.each<[Record<string, unknown>, string[]]>([
  [{ start: '2026-03-02', inCustody: true, variant: 'not_detained' }, ['/variant', '/inCustody']],
  [{ start: '2026-03-02', inCustody: true, variant: 'not_detained_major' }, ['/variant', '/inCustody']],
  [{ start: '2026-03-02', inCustody: false, variant: 'detained' }, ['/variant', '/inCustody']],
  [{ start: '2026-03-02', variant: 'constructor' }, ['/variant']],
  [{ start: '2026-03-02', variant: '__proto__' }, ['/variant']],
  [{ start: '2026-03-02', variant: 'toString' }, ['/variant']],
  [{ inCustody: false }, ['/start']],
  [{ start: '2026-03-02', startAt: '2026-03-03T10:00:00+08:00' }, ['/start']],
])('When the arrest review is asked %o, then 400 VALIDATION_FAILED names %o', async (body, fields) => {
  const res = await compute('ARREST_REVIEW', body);

  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
});

test('When the rules are listed, then every rule comes with its period, basis and roll-over, old codes first', async () => {
  const res = await api.call('GET', '/api/deadline-rules', { token: token('court') });

  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(50);
  expect(res.body[0].code).toBe('ADMIN_TRANSFER_REVIEW');
  for (const rule of res.body) {
    expect(rule.basis).toMatch(/第.+条|十三/);
    expect(['always', 'unless_custody', 'never']).toContain(rule.rollOver);
    expect(rule.period.amount).toBeGreaterThan(0);
  }
  const transfer = res.body.find((r: { code: string }) => r.code === 'TRANSFER_FILING_REVIEW');
  expect(transfer.extensions.map((e: { code: string }) => e.code)).toEqual([
    'at_latest',
    'major_complex',
    'special_next_level',
  ]);
});
