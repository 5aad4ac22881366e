// The 24-hour duties after 拘留 (刑诉法 第八十五条第二款、第八十六条) over HTTP: detaining a suspect starts three
// clocks of their own, each ending at an instant; recording each duty meets it; another suspect's clocks run
// apart. After 逮捕 (第九十三条第二款、第九十四条) they run from its execution (execute_arrest), not its approval. The action is in the published catalogue and the OpenAPI document.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, advanceUntil, mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** A case the police have filed (the main line up to its first arrest request): suspects may be registered. */
async function filedCase() {
  const c = await openCase(api);
  await advanceUntil(api, c.id, 'request_arrest');
  return c;
}
const eventCount = async (caseId: string) =>
  Number((await api.db('case_events').where({ case_id: caseId }).count({ n: '*' }))[0].n);

const DUTIES = ['DETENTION_TO_CUSTODY', 'DETENTION_FAMILY_NOTICE', 'DETENTION_INTERROGATION'];

interface SuspectView {
  id: string;
  name: string;
  duties?: { duty: string; notified?: boolean; notNotifiedReason?: string }[];
  deadlines: { rule: string; state: string; dueAt: string | null }[];
}
const suspects = async (caseId: string) => {
  const res = await api.call('GET', `/api/cases/${caseId}/suspects`, { token: token('police') });
  expect(res.status).toBe(200);
  return res.body as SuspectView[];
};
const clocksOf = (list: SuspectView[], name: string) =>
  Object.fromEntries(
    list
      .find((x) => x.name === name)!
      .deadlines.filter((d) => DUTIES.includes(d.rule))
      .map((d) => [d.rule, d.state]),
  );

test('When a suspect is detained, then the three 24-hour clocks run for that suspect (刑诉法 第八十五条第二款、第八十六条), each recorded duty is met, and another suspect’s run apart', async () => {
  const c = await filedCase();
  const before = Date.now();
  await mustAct(api, c.id, 'police', 'register_suspect', { name: '甲某', custody: 'detained' });
  await mustAct(api, c.id, 'police', 'register_suspect', { name: '乙某', custody: 'detained' });

  let list = await suspects(c.id);
  const a = list.find((x) => x.name === '甲某')!;
  const b = list.find((x) => x.name === '乙某')!;
  expect(clocksOf(list, '甲某')).toEqual(Object.fromEntries(DUTIES.map((r) => [r, 'running'])));
  expect(clocksOf(list, '乙某')).toEqual(Object.fromEntries(DUTIES.map((r) => [r, 'running'])));
  // Each ends at an instant 24 hours after the hour of the detention (刑诉法 第一百零五条), not at a day's end.
  for (const d of a.deadlines.filter((x) => DUTIES.includes(x.rule))) {
    const end = Date.parse(d.dueAt!);
    expect(end).toBeGreaterThan(before + 24 * 3_600_000);
    expect(end).toBeLessThanOrEqual(Date.now() + 25 * 3_600_000);
    expect(end % 3_600_000).toBe(0);
  }
  const row = await api.db('deadlines').where({ case_id: c.id, subject_id: a.id, rule: DUTIES[0] }).first();
  expect(new Date(row.due_at).toISOString()).toBe(a.deadlines.find((d) => d.rule === DUTIES[0])!.dueAt);

  const offered = await api.call('GET', `/api/cases/${c.id}`, { token: token('police') });
  expect(offered.body.allowedActions).toContain('record_custody_duty');

  await mustAct(api, c.id, 'police', 'record_custody_duty', {
    suspectId: a.id,
    duty: 'to_detention_house',
    detail: '已送勐海县看守所羁押',
  });
  await mustAct(api, c.id, 'police', 'record_custody_duty', {
    suspectId: a.id,
    duty: 'family_notice',
    notified: false,
    notNotifiedReason: 'unable_to_notify',
    detail: '无家属联系方式，已在拘留通知书中注明原因',
  });
  await mustAct(api, c.id, 'police', 'record_custody_duty', {
    suspectId: a.id,
    duty: 'interrogation',
    detail: '已讯问并制作笔录',
  });

  list = await suspects(c.id);
  expect(clocksOf(list, '甲某')).toEqual(Object.fromEntries(DUTIES.map((r) => [r, 'met'])));
  expect(clocksOf(list, '乙某')).toEqual(Object.fromEntries(DUTIES.map((r) => [r, 'running'])));
  expect(list.find((x) => x.name === '甲某')!.duties).toEqual([
    expect.objectContaining({ duty: 'to_detention_house' }),
    expect.objectContaining({
      duty: 'family_notice',
      notified: false,
      notNotifiedReason: 'unable_to_notify',
    }),
    expect.objectContaining({ duty: 'interrogation' }),
  ]);

  // A duty already done is refused, and leaves no event; a reason without "not notified" is a 400.
  const n = await eventCount(c.id);
  const twice = await act(api, c.id, 'police', 'record_custody_duty', {
    suspectId: a.id,
    duty: 'interrogation',
    detail: '再次',
  });
  expect(twice.status).toBe(409);
  const mixed = await act(api, c.id, 'police', 'record_custody_duty', {
    suspectId: b.id,
    duty: 'family_notice',
    notNotifiedReason: 'unable_to_notify',
    detail: 'x',
  });
  expect(mixed.status).toBe(400);
  const forbidden = await act(api, c.id, 'procuratorate', 'record_custody_duty', {
    suspectId: b.id,
    duty: 'interrogation',
    detail: 'x',
  });
  expect(forbidden.status).toBe(403);
  expect(await eventCount(c.id)).toBe(n);
});

test('When an arrest is approved, then its 24-hour duties (刑诉法 第九十三条第二款、第九十四条) wait for the police to execute it; executed, they run for that suspect and are met when recorded', async () => {
  const c = await filedCase();
  await mustAct(api, c.id, 'police', 'register_suspect', { name: '丙某', custody: 'bail' });
  const x = (await suspects(c.id)).find((y) => y.name === '丙某')!;
  await mustAct(api, c.id, 'police', 'request_arrest', { suspectIds: [x.id], offence: '非法吸收公众存款罪' });
  await mustAct(api, c.id, 'procuratorate', 'decide_arrest', { approved: true, reason: '符合逮捕条件' });
  const ARREST = ['ARREST_FAMILY_NOTICE', 'ARREST_INTERROGATION'];
  const arrestClocks = async () =>
    Object.fromEntries(
      (await suspects(c.id))
        .find((y) => y.name === '丙某')!
        .deadlines.filter((d) => ARREST.includes(d.rule))
        .map((d) => [d.rule, d.state]),
    );
  expect(await arrestClocks()).toEqual({});
  const offered = await api.call('GET', `/api/cases/${c.id}`, { token: token('police') });
  expect(offered.body.allowedActions).toContain('execute_arrest');
  expect(offered.body.allowedActions).not.toContain('record_custody_duty');

  await mustAct(api, c.id, 'police', 'execute_arrest', { suspectId: x.id, detail: '持逮捕证在勐海县执行' });
  expect(await arrestClocks()).toEqual({ ARREST_FAMILY_NOTICE: 'running', ARREST_INTERROGATION: 'running' });
  // The rows behind the answer: two clocks of this suspect, ending at an instant, and the execution's event.
  const rows = await api.db('deadlines').where({ case_id: c.id, subject_id: x.id }).whereIn('rule', ARREST);
  expect(rows).toHaveLength(2);
  for (const row of rows) expect(row.due_at).not.toBeNull();
  expect(await api.db('case_events').where({ case_id: c.id, action: 'execute_arrest' })).toHaveLength(1);
  // Executed once only: a second execution is refused and leaves no event.
  const n = await eventCount(c.id);
  const again = await act(api, c.id, 'police', 'execute_arrest', { suspectId: x.id, detail: '再次' });
  expect(again.status).toBe(409);
  expect(await eventCount(c.id)).toBe(n);
  await mustAct(api, c.id, 'police', 'record_custody_duty', {
    suspectId: x.id,
    duty: 'family_notice',
    notified: true,
    detail: '已电话并书面通知其妻',
  });
  await mustAct(api, c.id, 'police', 'record_custody_duty', {
    suspectId: x.id,
    duty: 'interrogation',
    detail: '已讯问并制作笔录',
  });
  expect(await arrestClocks()).toEqual({ ARREST_FAMILY_NOTICE: 'met', ARREST_INTERROGATION: 'met' });
});

test('When the catalogue and the OpenAPI document are read, then record_custody_duty is there for the police with its schema', async () => {
  const catalogue = await api.call('GET', '/api/actions', { token: token('police') });
  const entry = (
    catalogue.body as { name: string; roles: string[]; payloadSchema: { required: string[] } }[]
  ).find((x) => x.name === 'record_custody_duty');
  expect(entry).toMatchObject({
    roles: ['police'],
    payloadSchema: { required: ['suspectId', 'duty', 'detail'] },
  });
  const doc = await api.call('GET', '/api/openapi.json', {});
  expect(JSON.stringify(doc.body)).toContain('record_custody_duty');
});
