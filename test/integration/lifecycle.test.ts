// One case carried through the whole main line over HTTP, checking at each step the response, the event
// rows, the notices and the deadlines behind it.
import { type TestApi, startTestApi, token } from '../support/api';
import { MAIN_LINE, act, openCase } from '../support/case-flow';
import { saveHistoryWhenRecording } from '../support/history';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

interface Expect {
  stage: string;
  notices: string[];
  started?: string[];
  ended?: string[];
}

const EXPECTED: Record<string, Expect> = {
  issue_warning: { stage: 'early_warning', notices: ['early_warning', 'interview'] },
  refer_to_police: {
    stage: 'police_filing',
    notices: ['criminal_transfer'],
    started: ['TRANSFER_FILING_REVIEW'],
  },
  file_case: {
    stage: 'police_filing',
    notices: ['filing_decision'],
    ended: ['TRANSFER_FILING_REVIEW'],
  },
  request_arrest: { stage: 'police_filing', notices: ['arrest_request'], started: ['ARREST_REVIEW'] },
  decide_arrest: {
    stage: 'police_filing',
    notices: ['arrest_approval'],
    // The arrest's 24-hour duties run from its execution (execute_arrest), not from the approval.
    started: ['INVESTIGATION_CUSTODY'],
    ended: ['ARREST_REVIEW'],
  },
  transfer_for_prosecution: {
    stage: 'prosecution',
    notices: ['prosecution_opinion'],
    started: ['PROSECUTION_REVIEW'],
  },
  return_for_supplementary_investigation: {
    stage: 'police_filing',
    notices: ['supplementary_investigation'],
    started: ['SUPPLEMENTARY_INVESTIGATION'],
    ended: ['PROSECUTION_REVIEW'],
  },
  // The trial clock starts when the court receives the case (刑诉法 第二百零八条), not at the indictment.
  indict: { stage: 'trial', notices: ['indictment'], ended: ['PROSECUTION_REVIEW'] },
  receive_case: { stage: 'trial', notices: [], started: ['FIRST_INSTANCE_TRIAL'] },
  deliver_judgment: {
    stage: 'trial',
    notices: ['judgment'],
    started: ['APPEAL_WINDOW'],
    ended: ['FIRST_INSTANCE_TRIAL'],
  },
  file_appeal: { stage: 'trial', notices: [], ended: ['APPEAL_WINDOW'] },
  deliver_final_judgment: {
    stage: 'asset_disposition',
    notices: ['judgment'],
    ended: ['SECOND_INSTANCE_TRIAL'],
  },
  approve_disposal_plan: { stage: 'asset_disposition', notices: ['disposal_plan'] },
  complete_disposition: { stage: 'stabilization', notices: [] },
  conclude_stabilization: { stage: 'stabilization', notices: [] },
  close_case: { stage: 'closed', notices: [] },
};

test('When a case is carried through every stage, then each step answers, records, issues and times exactly what the law says', async () => {
  const c = await openCase(api);
  let seq = 1; // system events (stage_changed) may take numbers between actions
  for (const step of MAIN_LINE) {
    // The second receipt is the intermediate court's, of the appeal (刑诉法 第二百四十三条).
    const secondReceipt = step.action === 'receive_case' && step.region === '532800';
    const expected = secondReceipt
      ? { ...EXPECTED.receive_case, started: ['SECOND_INSTANCE_TRIAL'] }
      : EXPECTED[step.action];
    const before = await api.db('deadlines').where({ case_id: c.id }).select('id', 'rule', 'state');
    const res = await act(api, c.id, step.role, step.action, step.body, { region: step.region });
    expect({ action: step.action, status: res.status }).toEqual({ action: step.action, status: 200 });

    // The response: the case as it now stands, the event, the notices.
    expect(res.body.case.stage).toBe(expected.stage);
    expect(res.body.event.action).toBe(step.action);
    expect(res.body.event.seq).toBeGreaterThan(seq);
    seq = res.body.event.seq;
    expect(res.body.notices.map((n: { kind: string }) => n.kind)).toEqual(expected.notices);
    // A court document carries the case's 案号; every other a number of its issuer's series.
    for (const n of res.body.notices)
      expect(n.docNo).toMatch(/^[^〔]+〔\d{4}〕[1-9]\d*号$|^（\d{4}）云\d*刑[初终][1-9]\d*号$/);

    // The rows behind it.
    const events = await api.db('case_events').where({ case_id: c.id }).orderBy('seq');
    expect(events.filter((e) => e.action === step.action).length).toBeGreaterThan(0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
    const notices = await api.db('notices').where({ event_id: res.body.event.id });
    expect(notices.map((n) => n.kind).sort()).toEqual([...expected.notices].sort());
    for (const n of notices) {
      expect(n.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(n.html).toContain(n.doc_no);
    }
    const caseRow = await api.db('cases').where({ id: c.id }).first();
    expect(caseRow.stage).toBe(expected.stage);

    // Deadlines started and ended by this step.
    const after = await api
      .db('deadlines')
      .where({ case_id: c.id })
      .select('id', 'rule', 'state', 'ended_by');
    const added = after.filter((d) => !before.some((b) => b.id === d.id)).map((d) => d.rule);
    expect(added.sort()).toEqual([...(expected.started ?? [])].sort());
    const ended = after
      .filter(
        (d) =>
          before.some((b) => b.id === d.id && (b.state === 'running' || b.state === 'paused')) &&
          d.state !== 'running' &&
          d.state !== 'paused',
      )
      .map((d) => d.rule);
    for (const rule of expected.ended ?? []) expect(ended).toContain(rule);
    for (const d of after.filter((x) => ended.includes(x.rule) && (expected.ended ?? []).includes(x.rule))) {
      expect(d.state).toBe('met');
    }
  }
  const final = await api.call('GET', `/api/cases/${c.id}`, { token: token('leader') });
  expect(final.body).toMatchObject({
    stage: 'closed',
    overdue: false,
    openDeadlines: [],
    allowedActions: [],
  });
  const open = await api.db('deadlines').where({ case_id: c.id }).whereIn('state', ['running', 'paused']);
  expect(open).toEqual([]);
  const history = await api.call('GET', `/api/cases/${c.id}/events`, { token: token('leader') });
  // The case moves on by itself once every region's phase has ended: a system event between the actions.
  const actions = MAIN_LINE.map((s) => s.action);
  const at = actions.indexOf('deliver_final_judgment') + 1;
  expect(history.body.map((e: { action: string }) => e.action)).toEqual([
    'open_case',
    ...actions.slice(0, at),
    'stage_changed',
    ...actions.slice(at),
  ]);
  await saveHistoryWhenRecording(api, c.id, 'main-line');
});

test('When a deadline is computed, then the prosecution review restarts in full after supplementary investigation', async () => {
  const c = await openCase(api);
  for (const step of MAIN_LINE.slice(0, 8))
    expect((await act(api, c.id, step.role, step.action, step.body)).status).toBe(200);
  const reviews = await api
    .db('deadlines')
    .where({ case_id: c.id, rule: 'PROSECUTION_REVIEW' })
    .orderBy('updated_at');
  expect(reviews).toHaveLength(2);
  expect(reviews.filter((r) => r.state === 'running')).toHaveLength(1);
  const supp = await api
    .db('deadlines')
    .where({ case_id: c.id, rule: 'SUPPLEMENTARY_INVESTIGATION' })
    .first();
  expect(supp.state).toBe('met');
  // In custody (arrest approved): no holiday roll-over on the restarted review.
  const running = reviews.find((r) => r.state === 'running');
  expect(running.in_custody).toBe(true);
  expect(running.rolled_over_from).toBeNull();
});
