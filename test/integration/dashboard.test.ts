// The coordination dashboard over HTTP, on cases made through the API: counts by stage × region, overdue
// deadlines by unit (oldest first), cross-region rows with their blocker, filters, and who sees what.
// Every case here is in a sector no other test file uses, and every count is read with that sector
// filter, so cases made by other files in the same run's database cannot change the figures.
import { type TestApi, startTestApi, token } from '../support/api';
import { mustAct, openCase } from '../support/case-flow';

let api: TestApi;

const SECTOR = 'elderly_care';
const OTHER_SECTOR = 'private_education';
const MENGHAI = '532822';
const JINGHONG = '532801';
const MENGLA = '532823';
const PREFECTURE = '532800';

const at = (date: string) => `${date}T09:00:00+08:00`;
const WARNING = { findings: '以养老服务为名高息吸收老年人资金' };
const REFERRAL = { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌非法吸收公众存款，数额巨大。' };

/** Opened, warned and referred to police, each step dated so that the review deadlines are already missed. */
async function referredLate(region: string, day: string, sector = SECTOR) {
  const c = await openCase(api, { sector, occurredAt: at(`${day}-01`) }, region);
  const o = { region };
  await mustAct(
    api,
    c.id,
    'financial_office',
    'issue_warning',
    { ...WARNING, occurredAt: at(`${day}-02`) },
    o,
  );
  await mustAct(
    api,
    c.id,
    'financial_office',
    'refer_to_police',
    { ...REFERRAL, occurredAt: at(`${day}-03`) },
    o,
  );
  return c;
}

interface Dashboard {
  asOf: string;
  regions: { code: string; name: string }[];
  stages: { stage: string; cases: number; crossRegion: number }[];
  tracks: { regionCode: string; regionName: string; stage: string; cases: number; ended: number }[];
  overdue: {
    total: number;
    units: {
      unitId: string | null;
      unitName: string | null;
      regionCode: string;
      responsibleRole: string;
      count: number;
      oldestDueOn: string;
      deadlines: { id: string; caseId: string; rule: string; dueOn: string; overdueDays: number }[];
    }[];
  };
  crossRegion: {
    items: {
      id: string;
      stage: string;
      regions: { code: string; name: string; role: string; stage: string; outcome: string | null }[];
      blocker: {
        regionCode: string;
        regionName: string;
        stage: string;
        deadline: {
          id: string;
          rule: string;
          regionCode: string | null;
          state: string;
          dueOn: string;
        } | null;
      } | null;
    }[];
    page: number;
    pageSize: number;
    total: number;
  };
}

async function dashboard(role: string, region: string, query = `sector=${SECTOR}`) {
  const res = await api.call<Dashboard>('GET', `/api/dashboard?${query}`, { token: token(role, region) });
  if (res.status !== 200) throw new Error(`dashboard: ${res.status} ${res.text}`);
  return res.body;
}

const nonZeroStages = (d: Dashboard) =>
  Object.fromEntries(d.stages.filter((s) => s.cases > 0).map((s) => [s.stage, [s.cases, s.crossRegion]]));
const trackCells = (d: Dashboard) => d.tracks.map((t) => [t.regionCode, t.stage, t.cases, t.ended]);

// The data set, made once through the API (names say where each case stands):
const cases = {} as Record<
  | 'menghaiDetection'
  | 'menghaiWarning'
  | 'menghaiLate'
  | 'jinghongLate'
  | 'menglaDetection'
  | 'twoRegionsRegional'
  | 'twoRegionsWarning'
  | 'otherSector',
  { id: string; caseNo: string }
>;

beforeAll(async () => {
  api = await startTestApi();
  cases.menghaiDetection = await openCase(api, { sector: SECTOR }, MENGHAI);
  cases.menghaiWarning = await openCase(api, { sector: SECTOR }, MENGHAI);
  await mustAct(api, cases.menghaiWarning.id, 'financial_office', 'issue_warning', WARNING);
  // Review deadlines missed: 2026-09-03 + 3 days → 09-06 is a Sunday → 09-07; + 7 days → 09-10.
  cases.menghaiLate = await referredLate(MENGHAI, '2026-09');
  // Older still: 2026-08-03 + 3 days → 08-06; + 7 days → 08-10.
  cases.jinghongLate = await referredLate(JINGHONG, '2026-08');
  cases.menglaDetection = await openCase(api, { sector: SECTOR }, MENGLA);

  // 勐海 leads, 景洪 assists; referred today, then 勐海's police file and transfer for prosecution, so 景洪
  // is the region holding the case back in police filing.
  cases.twoRegionsRegional = await openCase(
    api,
    { sector: SECTOR, assistingRegionCodes: [JINGHONG] },
    MENGHAI,
  );
  const two = cases.twoRegionsRegional.id;
  await mustAct(api, two, 'financial_office', 'issue_warning', WARNING);
  await mustAct(api, two, 'financial_office', 'refer_to_police', REFERRAL);
  await mustAct(api, two, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  await mustAct(api, two, 'police', 'transfer_for_prosecution', {
    suspects: ['张某'],
    offence: '非法吸收公众存款罪',
  });

  // 勐腊 leads, 勐海 assists, in early warning: 景洪 has no part in it.
  cases.twoRegionsWarning = await openCase(api, { sector: SECTOR, assistingRegionCodes: [MENGHAI] }, MENGLA);
  await mustAct(api, cases.twoRegionsWarning.id, 'financial_office', 'issue_warning', WARNING, {
    region: MENGLA,
  });

  cases.otherSector = await referredLate(MENGHAI, '2026-07', OTHER_SECTOR);
});

afterAll(async () => {
  await api?.close();
});

describe('the prefecture leader', () => {
  test('When the prefecture leader reads the dashboard, then every county’s cases are counted by stage and by region track', async () => {
    const d = await dashboard('leader', PREFECTURE);
    expect(d.regions.map((r) => r.code)).toEqual([PREFECTURE, MENGHAI, JINGHONG, MENGLA]);
    // Each case once, by the case's stage (a cross-region case stands where its least advanced region does).
    expect(nonZeroStages(d)).toEqual({
      detection: [2, 0],
      early_warning: [2, 1],
      police_filing: [3, 1],
    });
    // Each region's track once: the two-region cases count in both of their regions.
    expect(trackCells(d)).toEqual([
      [MENGHAI, 'detection', 1, 0],
      [MENGHAI, 'early_warning', 2, 0],
      [MENGHAI, 'police_filing', 1, 0],
      [MENGHAI, 'prosecution', 1, 0],
      [JINGHONG, 'police_filing', 2, 0],
      [MENGLA, 'detection', 1, 0],
      [MENGLA, 'early_warning', 1, 0],
    ]);
    expect(d.tracks[0].regionName).toBe('勐海县');
  });

  test('When deadlines were missed in two counties, then they are listed by responsible unit, the oldest first, with the days overdue', async () => {
    const d = await dashboard('leader', PREFECTURE);
    // One filing-review clock per transferred case (经济犯罪规定 第十六条, docs/decisions/0017).
    expect(d.overdue.total).toBe(2);
    expect(
      d.overdue.units.map((u) => [
        u.unitId,
        u.unitName,
        u.regionCode,
        u.responsibleRole,
        u.count,
        u.oldestDueOn,
      ]),
    ).toEqual([
      [`${JINGHONG}-police`, '景洪市公安局', JINGHONG, 'police', 1, '2026-08-06'],
      [`${MENGHAI}-police`, '勐海县公安局', MENGHAI, 'police', 1, '2026-09-07'],
    ]);
    const [jinghong, menghai] = d.overdue.units;
    expect(jinghong.deadlines.map((x) => [x.caseId, x.rule, x.dueOn])).toEqual([
      [cases.jinghongLate.id, 'TRANSFER_FILING_REVIEW', '2026-08-06'],
    ]);
    expect(menghai.deadlines.map((x) => [x.caseId, x.rule, x.dueOn])).toEqual([
      [cases.menghaiLate.id, 'TRANSFER_FILING_REVIEW', '2026-09-07'],
    ]);
    const asOf = Date.parse(`${d.asOf}T00:00:00Z`);
    expect(jinghong.deadlines[0].overdueDays).toBe(
      Math.round((asOf - Date.parse('2026-08-06T00:00:00Z')) / 864e5),
    );
    // The same deadlines, as the case's own list has them: missed and not yet dealt with.
    const own = await api.call('GET', `/api/cases/${cases.jinghongLate.id}/deadlines`, {
      token: token('leader', PREFECTURE),
    });
    expect(
      own.body
        .filter((x: { state: string }) => x.state === 'missed')
        .map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual(jinghong.deadlines.map((x) => x.id).sort());
  });

  test('When a unit has more overdue deadlines than asked for, then only its oldest are listed and its count stays whole', async () => {
    // Two late transfers to 勐海 police, in a sector of their own so the other figures stay as they are.
    await referredLate(MENGHAI, '2026-05', 'p2p_lending');
    await referredLate(MENGHAI, '2026-06', 'p2p_lending');
    const d = await dashboard('leader', PREFECTURE, `sector=p2p_lending&overduePerUnit=1`);
    expect(d.overdue.units.map((u) => [u.count, u.deadlines.map((x) => x.dueOn)])).toEqual([
      [2, ['2026-05-06']],
    ]);
    expect(d.overdue.total).toBe(2);
  });

  test('When cross-region cases are open, then each shows every region’s stage and the region and deadline holding it back', async () => {
    const d = await dashboard('leader', PREFECTURE);
    expect(d.crossRegion.total).toBe(2);
    expect(d.crossRegion.items.map((c) => c.id).sort()).toEqual(
      [cases.twoRegionsRegional.id, cases.twoRegionsWarning.id].sort(),
    );
    const regional = d.crossRegion.items.find((c) => c.id === cases.twoRegionsRegional.id)!;
    expect(regional.stage).toBe('police_filing');
    expect(regional.regions.map((r) => [r.code, r.name, r.role, r.stage])).toEqual([
      [MENGHAI, '勐海县', 'lead', 'prosecution'],
      [JINGHONG, '景洪市', 'assisting', 'police_filing'],
    ]);
    // 景洪 is the least advanced region; its earliest-due open deadline is what holds the case back.
    const deadlines = (
      await api.call('GET', `/api/cases/${cases.twoRegionsRegional.id}/deadlines`, {
        token: token('leader', PREFECTURE),
      })
    ).body as { id: string; regionCode: string | null; state: string; dueOn: string }[];
    const jinghongOpen = deadlines
      .filter((x) => x.regionCode === JINGHONG && (x.state === 'running' || x.state === 'paused'))
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    expect(jinghongOpen.length).toBeGreaterThan(0);
    expect(regional.blocker).toMatchObject({
      regionCode: JINGHONG,
      regionName: '景洪市',
      stage: 'police_filing',
      deadline: { id: jinghongOpen[0].id, regionCode: JINGHONG, dueOn: jinghongOpen[0].dueOn },
    });

    // Before referral every region stands where the case stands; nothing is due, so the lead holds it.
    const warning = d.crossRegion.items.find((c) => c.id === cases.twoRegionsWarning.id)!;
    expect(warning.regions.map((r) => [r.code, r.role, r.stage])).toEqual([
      [MENGLA, 'lead', 'early_warning'],
      [MENGHAI, 'assisting', 'early_warning'],
    ]);
    expect(warning.blocker).toEqual({
      regionCode: MENGLA,
      regionName: '勐腊县',
      stage: 'early_warning',
      deadline: null,
    });
  });

  test('When the cross-region rows are paged, then page and pageSize apply to them and the total stays whole', async () => {
    const first = await dashboard('leader', PREFECTURE, `sector=${SECTOR}&page=1&pageSize=1`);
    const second = await dashboard('leader', PREFECTURE, `sector=${SECTOR}&page=2&pageSize=1`);
    expect([first.crossRegion.page, first.crossRegion.pageSize, first.crossRegion.total]).toEqual([1, 1, 2]);
    expect(first.crossRegion.items).toHaveLength(1);
    expect(second.crossRegion.items).toHaveLength(1);
    expect(first.crossRegion.items[0].id).not.toBe(second.crossRegion.items[0].id);
  });
});

describe('a region whose own phase has ended', () => {
  const PAWN = 'pawn';

  test('When 景洪’s police decline to file in a case 勐海 leads, then 景洪’s track counts as ended and 勐海 holds the case back', async () => {
    const c = await openCase(api, { sector: PAWN, assistingRegionCodes: [JINGHONG] }, MENGHAI);
    await mustAct(api, c.id, 'financial_office', 'issue_warning', WARNING);
    await mustAct(api, c.id, 'financial_office', 'refer_to_police', REFERRAL);
    const declined = await mustAct(
      api,
      c.id,
      'police',
      'decline_filing',
      { reason: '本地区现有证据不足以证明有犯罪事实' },
      { region: JINGHONG },
    );
    expect(declined.case.stage).toBe('police_filing');

    const d = await dashboard('leader', PREFECTURE, `sector=${PAWN}`);
    expect(nonZeroStages(d)).toEqual({ police_filing: [1, 1] });
    expect(trackCells(d)).toEqual([
      [MENGHAI, 'police_filing', 1, 0],
      [JINGHONG, 'police_filing', 1, 1],
    ]);
    const [row] = d.crossRegion.items;
    expect(row.regions.map((r) => [r.code, r.outcome])).toEqual([
      [MENGHAI, null],
      [JINGHONG, 'unfiled'],
    ]);
    // 景洪's own review clocks no longer count; 勐海's earliest-due one does: the 3-day transfer review.
    const own = (
      await api.call('GET', `/api/cases/${c.id}/deadlines`, { token: token('leader', PREFECTURE) })
    ).body as { id: string; rule: string; regionCode: string | null }[];
    const transfer = own.find((x) => x.rule === 'TRANSFER_FILING_REVIEW' && x.regionCode === MENGHAI)!;
    expect(row.blocker).toMatchObject({
      regionCode: MENGHAI,
      stage: 'police_filing',
      deadline: { id: transfer.id, rule: 'TRANSFER_FILING_REVIEW', state: 'running' },
    });
  });
});

describe('filters', () => {
  test('When filtered by a region, then only that region’s cases, tracks and overdue units remain', async () => {
    const d = await dashboard('leader', PREFECTURE, `sector=${SECTOR}&regionCode=${JINGHONG}`);
    expect(d.regions.map((r) => r.code)).toEqual([JINGHONG]);
    expect(nonZeroStages(d)).toEqual({ police_filing: [2, 1] });
    expect(trackCells(d)).toEqual([[JINGHONG, 'police_filing', 2, 0]]);
    expect(d.overdue.units.map((u) => u.unitId)).toEqual([`${JINGHONG}-police`]);
    expect(d.crossRegion.items.map((c) => c.id)).toEqual([cases.twoRegionsRegional.id]);
  });

  test('When filtered by another sector, then only that sector’s cases count', async () => {
    const d = await dashboard('leader', PREFECTURE, `sector=${OTHER_SECTOR}`);
    expect(nonZeroStages(d)).toEqual({ police_filing: [1, 0] });
    expect(d.overdue.units.map((u) => [u.unitId, u.count, u.oldestDueOn])).toEqual([
      [`${MENGHAI}-police`, 1, '2026-07-06'],
    ]);
    expect(d.crossRegion.total).toBe(0);
  });

  test('When a filter is malformed or unknown, then 400 problem+json naming the field, and nothing is read', async () => {
    for (const [query, field] of [
      ['sector=casino', '/sector'],
      ['regionCode=53', '/regionCode'],
      ['overduePerUnit=0', '/overduePerUnit'],
      ['pageSize=500', '/pageSize'],
      ['stage=trial', '/stage'],
    ]) {
      const res = await api.call('GET', `/api/dashboard?${query}`, { token: token('leader', PREFECTURE) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});

describe('who sees what', () => {
  test('When 勐海’s office reads the dashboard, then it sees its own region’s tracks and both cross-region cases it is part of', async () => {
    const d = await dashboard('financial_office', MENGHAI);
    expect(d.regions.map((r) => r.code)).toEqual([MENGHAI]);
    expect(nonZeroStages(d)).toEqual({
      detection: [1, 0],
      early_warning: [2, 1],
      police_filing: [2, 1],
    });
    expect(trackCells(d)).toEqual([
      [MENGHAI, 'detection', 1, 0],
      [MENGHAI, 'early_warning', 2, 0],
      [MENGHAI, 'police_filing', 1, 0],
      [MENGHAI, 'prosecution', 1, 0],
    ]);
    expect(d.overdue.units.map((u) => u.unitId)).toEqual([`${MENGHAI}-police`]);
    expect(d.crossRegion.items.map((c) => c.id).sort()).toEqual(
      [cases.twoRegionsRegional.id, cases.twoRegionsWarning.id].sort(),
    );
    // Every region of a case sees every region's stage, the other regions' included.
    const led = d.crossRegion.items.find((c) => c.id === cases.twoRegionsWarning.id)!;
    expect(led.regions.map((r) => r.code)).toEqual([MENGLA, MENGHAI]);
  });

  test('When 景洪’s leader reads the dashboard, then cases without 景洪 do not exist for them, in counts or rows', async () => {
    const d = await dashboard('leader', JINGHONG);
    expect(nonZeroStages(d)).toEqual({ police_filing: [2, 1] });
    expect(trackCells(d)).toEqual([[JINGHONG, 'police_filing', 2, 0]]);
    expect(d.overdue.units.map((u) => u.unitId)).toEqual([`${JINGHONG}-police`]);
    expect(d.crossRegion.items.map((c) => c.id)).toEqual([cases.twoRegionsRegional.id]);
    // Asking for another county's figures finds nothing rather than that county's cases.
    const outside = await dashboard('leader', JINGHONG, `sector=${SECTOR}&regionCode=${MENGLA}`);
    expect(nonZeroStages(outside)).toEqual({});
    expect(outside.tracks).toEqual([]);
    expect(outside.regions).toEqual([]);
    expect(outside.overdue).toEqual({ total: 0, units: [] });
    expect(outside.crossRegion.items).toEqual([]);
    // And the case itself answers 404 to them, as every read of a case outside their regions does.
    const other = await api.call('GET', `/api/cases/${cases.twoRegionsWarning.id}`, {
      token: token('leader', JINGHONG),
    });
    expect(other.status).toBe(404);
  });

  test('When 勐腊’s leader reads the dashboard, then only 勐腊’s two cases count', async () => {
    const d = await dashboard('leader', MENGLA);
    expect(nonZeroStages(d)).toEqual({ detection: [1, 0], early_warning: [1, 1] });
    expect(trackCells(d)).toEqual([
      [MENGLA, 'detection', 1, 0],
      [MENGLA, 'early_warning', 1, 0],
    ]);
    expect(d.overdue.total).toBe(0);
    expect(d.crossRegion.items.map((c) => c.id)).toEqual([cases.twoRegionsWarning.id]);
  });

  test('When another role or nobody asks for the dashboard, then 403 or 401 as problem+json', async () => {
    for (const role of ['police', 'procuratorate', 'court', 'petition_bureau', 'township', 'bank', 'admin']) {
      const res = await api.call('GET', '/api/dashboard', { token: token(role, MENGHAI) });
      expect([role, res.status, res.body.code]).toEqual([role, 403, 'FORBIDDEN']);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const anonymous = await api.call('GET', '/api/dashboard');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
