// Durable deadline timers, on a worker whose clock runs 86400× faster (a day lasts a second): reminders
// before the due date, 督办通知 when a duty is missed, and a window that ends by itself.
import { type TestApi, startTestApi, token } from '../support/api';
import { mustAct, openCase } from '../support/case-flow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ fast: true });
});
afterAll(async () => {
  await api.close();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('When nobody files within the review periods, then the unit is reminded, the deadlines are missed, 督办通知 go out and leaders see the case overdue', async () => {
  const c = await openCase(api);
  await mustAct(api, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
  await mustAct(api, c.id, 'financial_office', 'refer_to_police', {
    suspectedOffence: '非法吸收公众存款罪',
    findings: '涉嫌犯罪。',
  });

  // One clock for a transferred case (经济犯罪规定 第十六条, docs/decisions/0017): reminded, then missed.
  const missedTransfer = await until('TRANSFER_FILING_REVIEW missed', () =>
    api.db('deadlines').where({ case_id: c.id, rule: 'TRANSFER_FILING_REVIEW', state: 'missed' }).first(),
  );
  expect(missedTransfer.responsible_unit_id).toBe('532822-police');
  expect(missedTransfer.reminded_at).not.toBeNull();

  const events = await api.db('case_events').where({ case_id: c.id }).orderBy('seq').pluck('action');
  expect(events.filter((a) => a === 'deadline_missed')).toHaveLength(1);
  expect(events).toContain('deadline_reminded');
  const notices = await api.db('notices').where({ case_id: c.id, kind: 'supervision' });
  expect(notices).toHaveLength(1);
  expect(notices[0].addressee).toBe('勐海县公安局');
  expect(notices[0].doc_no).toMatch(/^海金督〔\d{4}〕[1-9]\d*号$/);

  const leader = await api.call('GET', `/api/cases?overdue=true&q=${encodeURIComponent(c.caseNo)}`, {
    token: token('leader', '532800'),
  });
  expect(leader.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  // The list and the case show the same open deadlines, the missed ones still owed among them.
  const detail = await api.call('GET', `/api/cases/${c.id}`, { token: token('leader', '532800') });
  const owed = (list: { rule: string; state: string }[]) =>
    list
      .filter((d) => d.state === 'missed')
      .map((d) => d.rule)
      .sort();
  expect(owed(detail.body.openDeadlines)).toEqual(['TRANSFER_FILING_REVIEW']);
  expect(leader.body.items[0].openDeadlines).toEqual(detail.body.openDeadlines);
  const missed = await api.call('GET', '/api/deadlines?state=missed&unit=532822-police&pageSize=200', {
    token: token('leader'),
  });
  expect(missed.body.items.filter((d: { caseId: string }) => d.caseId === c.id)).toHaveLength(1);

  // Met or missed is judged by the calendar date of the action, never by the timer: on this compressed
  // clock the filing is still dated before the real due dates, so the law counts both as met and the
  // overdue flag clears (the late-entry rule of API.md; a filing dated after the due date stays missed,
  // see deadlines.test.ts).
  const filed = await mustAct(api, c.id, 'police', 'file_case', { offence: '非法吸收公众存款罪' });
  expect(filed.case.overdue).toBe(false);
  const after = await api
    .db('deadlines')
    .where({ case_id: c.id })
    .whereIn('rule', ['TRANSFER_FILING_REVIEW', 'ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW']);
  expect(after.map((d) => [d.rule, d.state, d.ended_by])).toEqual([
    ['TRANSFER_FILING_REVIEW', 'met', 'file_case'],
  ]);
});

test('When the appeal window ends with no appeal, then the judgment takes effect by itself and the case moves to asset disposition', async () => {
  const c = await openCase(api);
  const steps: [string, string, Record<string, unknown>][] = [
    ['financial_office', 'issue_warning', { findings: '高息揽储' }],
    [
      'financial_office',
      'refer_to_police',
      { suspectedOffence: '非法吸收公众存款罪', findings: '涉嫌犯罪。' },
    ],
    ['police', 'file_case', { offence: '非法吸收公众存款罪' }],
    ['police', 'transfer_for_prosecution', { suspects: ['张某'], offence: '非法吸收公众存款罪' }],
    [
      'procuratorate',
      'indict',
      { defendants: ['张某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
    ],
    ['court', 'receive_case', {}],
    ['court', 'deliver_judgment', { defendants: ['张某'], verdict: '有期徒刑三年', propertyOrders: [] }],
  ];
  for (const [role, action, body] of steps) await mustAct(api, c.id, role, action, body);
  const moved = await until('asset_disposition', async () => {
    const row = await api.db('cases').where({ id: c.id }).first();
    return row.stage === 'asset_disposition' ? row : null;
  });
  expect(moved.overdue).toBe(false);
  const window = await api.db('deadlines').where({ case_id: c.id, rule: 'APPEAL_WINDOW' }).first();
  expect([window.state, window.ended_by]).toEqual(['met', 'elapsed']);
  const events = await api.db('case_events').where({ case_id: c.id }).orderBy('seq').pluck('action');
  expect(events.slice(-2)).toEqual(['judgment_effective', 'stage_changed']);
});
