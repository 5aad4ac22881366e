// The petition bureau's lists and 我的任务 over HTTP (issue 12): petitions with their state and clock from
// the regions' tracks, filtered and paged, scoped as a case's personal data is (the lead reads every region,
// an assisting region its own, a county outside the case nothing); stabilization measures per region; and
// the caller's own jobs. Every list is read with this file's case id, so other files' cases cannot change it.
import { type TestApi, startTestApi, token } from '../support/api';
import { mustAct, openCase } from '../support/case-flow';
import { idNumberOf } from '../support/refunds';

let api: TestApi;
let caseId = '';
const MENGHAI = '532822';
const JINGHONG = '532801';
const MENGLA = '532823';
const PREFECTURE = '532800';

beforeAll(async () => {
  api = await startTestApi();
  caseId = (await openCase(api, { assistingRegionCodes: [JINGHONG] })).id;
  const petition = (region: string, body: Record<string, unknown>) =>
    mustAct(api, caseId, 'petition_bureau', 'log_petition', { regionCode: region, ...body }, { region });
  await petition(MENGHAI, {
    petitionerName: '岩某等 30 人',
    summary: '集体走访，要求清退',
    channel: 'visit',
  });
  await petition(MENGHAI, { petitionerName: '玉某', summary: '来信反映', channel: 'letter', accept: false });
  await petition(JINGHONG, { petitionerName: '刀某', summary: '来电询问进度', channel: 'phone' });
  await mustAct(api, caseId, 'township', 'record_stabilization_measure', { measure: '入户走访' });
  await mustAct(
    api,
    caseId,
    'petition_bureau',
    'record_stabilization_measure',
    { regionCode: JINGHONG, measure: '召开说明会' },
    { region: JINGHONG },
  );
}, 120_000);
afterAll(async () => {
  await api?.close();
});

type Petition = {
  id: string;
  petitionerName: string;
  regionCode: string;
  channel: string;
  state: string;
  clock: { rule: string; dueOn: string; state: string } | null;
};
const petitions = async (query: string, role = 'petition_bureau', region = MENGHAI) => {
  const res = await api.call('GET', `/api/petitions?caseId=${caseId}${query}`, {
    token: token(role, region),
  });
  expect(res.status).toBe(200);
  return res.body as { items: Petition[]; total: number; page: number; byState: Record<string, number> };
};

test('When petitions are logged, accepted or not, and one is answered, then each is listed with its state and running clock, open clocks first', async () => {
  const visit = (await petitions('&channel=visit')).items[0];
  expect(visit).toMatchObject({ petitionerName: '岩某等 30 人', state: 'handling' });
  expect(visit.clock).toMatchObject({ rule: 'PETITION_HANDLING', state: 'running' });
  // The id the list gives is the one the actions take.
  await mustAct(api, caseId, 'petition_bureau', 'answer_petition', {
    regionCode: MENGHAI,
    petitionId: visit.id,
    result: 'explain',
    opinion: '已向信访人说明处置进展',
  });

  const all = await petitions('');
  expect(all.total).toBe(3);
  expect(all.byState).toEqual({ routing: 1, handling: 1, review: 0, answered: 1 });
  // An answered petition's running clock is the petitioner's window to ask for 复查 (信访工作条例 第三十五条,
  // 30 days), due before the 60-day handling of the one still in hand.
  expect(all.items.map((p) => [p.petitionerName, p.state, p.clock?.rule ?? null])).toEqual([
    ['玉某', 'routing', 'PETITION_ROUTING'],
    ['岩某等 30 人', 'answered', 'PETITION_REVIEW_REQUEST_WINDOW'],
    ['刀某', 'handling', 'PETITION_HANDLING'],
  ]);
  expect((await petitions('&state=answered')).items.map((p) => p.id)).toEqual([visit.id]);
  expect((await petitions(`&regionCode=${JINGHONG}`)).items.map((p) => p.petitionerName)).toEqual(['刀某']);
});

test('When the list is paged, then the total and the counts by state are those of the whole filter', async () => {
  const second = await petitions('&pageSize=1&page=2');
  expect(second).toMatchObject({ total: 3, page: 2, byState: { routing: 1, handling: 1, answered: 1 } });
  expect(second.items.map((p) => p.petitionerName)).toEqual(['岩某等 30 人']);
  const past = await petitions('&pageSize=1&page=9');
  expect(past).toMatchObject({ items: [], total: 3, byState: { routing: 1, handling: 1, answered: 1 } });
  expect((await petitions('&state=routing&pageSize=1&page=3')).total).toBe(1);
});

test('When each region asks, then the lead and the prefecture read every region, an assisting region its own, a county outside the case nothing', async () => {
  expect((await petitions('', 'leader', PREFECTURE)).total).toBe(3);
  expect((await petitions('', 'petition_bureau', JINGHONG)).items.map((p) => p.regionCode)).toEqual([
    JINGHONG,
  ]);
  expect(await petitions('', 'petition_bureau', MENGLA)).toMatchObject({ total: 0, items: [] });

  const measures = async (region: string) =>
    (
      await api.call('GET', `/api/stabilization-measures?caseId=${caseId}`, {
        token: token('petition_bureau', region),
      })
    ).body as {
      items: { measure: string; regionCode: string }[];
      total: number;
      byRegion: { regionCode: string; measures: number; openCases: number; concluded: number }[];
    };
  const lead = await measures(MENGHAI);
  expect(lead.items.map((m) => m.measure).sort()).toEqual(['入户走访', '召开说明会']);
  expect(lead.byRegion).toEqual([
    { regionCode: JINGHONG, measures: 1, openCases: 1, concluded: 0 },
    { regionCode: MENGHAI, measures: 1, openCases: 1, concluded: 0 },
  ]);
  const assisting = await measures(JINGHONG);
  expect(assisting.items.map((m) => m.measure)).toEqual(['召开说明会']);
  expect(assisting.byRegion.map((r) => r.regionCode)).toEqual([JINGHONG]);
  expect((await measures(MENGLA)).total).toBe(0);
});

test('When a query names an unknown state or a malformed case, then it is refused as problem+json naming the parameter', async () => {
  for (const [path, field] of [
    ['/api/petitions?state=lost', 'state'],
    ['/api/petitions?caseId=not-a-uuid', 'caseId'],
    ['/api/stabilization-measures?regionCode=53', 'regionCode'],
    ['/api/jobs?state=paused', 'state'],
    ['/api/jobs?pageSize=1000', 'pageSize'],
  ]) {
    const res = await api.call('GET', path, { token: token('petition_bureau') });
    expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
      path,
      status: 400,
      type: expect.stringMatching(/application\/problem\+json/),
    });
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.errors)).toContain(field);
  }
});

test('When an officer starts an import, then it is among their jobs with its progress, and no one else lists it', async () => {
  const csv = `name,idNumber,principalFen,returnsFen,refundedFen,phone\n岩某,${idNumberOf(9101)},100,0,0,13888009101\n`;
  const res = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token('financial_office', JINGHONG)}`, 'content-type': 'text/csv' },
    body: csv,
  });
  expect(res.status).toBe(202);
  const jobId = ((await res.json()) as { id: string }).id;
  const mine = await api.call('GET', '/api/jobs?kind=participant_import&pageSize=200', {
    token: token('financial_office', JINGHONG),
  });
  expect(mine.body.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        id: jobId,
        kind: 'participant_import',
        caseId,
        progress: expect.objectContaining({ total: 1 }),
      }),
    ]),
  );
  const others = await api.call('GET', '/api/jobs?pageSize=200', {
    token: token('financial_office', MENGHAI),
  });
  expect(others.body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
  expect((await api.call('GET', '/api/jobs', { token: token('leader', PREFECTURE) })).body).toMatchObject({
    items: [],
    total: 0,
    page: 1,
    pageSize: 50,
  });
});
