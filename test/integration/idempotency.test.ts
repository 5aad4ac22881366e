// Idempotency keys scoped to (caller, case) and checked after authorization (issue 14): a reuse for another
// action or body is a 409, another caller's key never replays the first caller's result.
import { randomUUID } from 'node:crypto';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const office = token('financial_office');

async function openCase(): Promise<string> {
  const res = await api.call('POST', '/api/cases', { token: office, body: openingBody() });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const act = (id: string, who: string, action: string, body: unknown, key: string) =>
  api.call('POST', `/api/cases/${id}/actions/${action}`, {
    token: who,
    body,
    headers: { 'idempotency-key': key },
  });

const events = async (id: string) => api.db('case_events').where({ case_id: id }).orderBy('seq');

describe('Idempotency-Key', () => {
  test('When the same caller repeats a request with its key, then the first result is replayed and applied once', async () => {
    const id = await openCase();
    const key = randomUUID();
    const first = await act(id, office, 'dismiss_lead', { reason: '经核查不属于非法集资' }, key);
    const again = await act(id, office, 'dismiss_lead', { reason: '经核查不属于非法集资' }, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.event.id).toBe(first.body.event.id);
    expect(await events(id)).toHaveLength(2);
  });

  test('When the key is reused with another body, then 409 CONFLICT and nothing is written', async () => {
    const id = await openCase();
    const key = randomUUID();
    const body = {
      findings: '以高额回报为诱饵向社会公众吸收资金',
      measures: ['interview'],
      interviewAt: '2026-03-05T09:00:00+08:00',
    };
    expect((await act(id, office, 'issue_warning', body, key)).status).toBe(200);
    const before = await events(id);
    const other = await act(id, office, 'issue_warning', { ...body, findings: '另一份认定' }, key);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CONFLICT');
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await events(id)).toEqual(before);
    // The same body with its keys in another order is the same request.
    const reordered = await act(
      id,
      office,
      'issue_warning',
      { interviewAt: body.interviewAt, measures: body.measures, findings: body.findings },
      key,
    );
    expect(reordered.status).toBe(200);
  });

  test('When the key is reused for another action, then 409 CONFLICT and nothing is written', async () => {
    const id = await openCase();
    const key = randomUUID();
    expect(
      (
        await act(
          id,
          office,
          'issue_warning',
          { findings: '以高额回报为诱饵向社会公众吸收资金', measures: [] },
          key,
        )
      ).status,
    ).toBe(200);
    const before = await events(id);
    const other = await act(id, office, 'send_progress_bulletin', { progress: '进展' }, key);
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain('issue_warning');
    expect(await events(id)).toEqual(before);
  });

  test('When a read-only leader sends someone else’s key, then 403, not the other caller’s event', async () => {
    const id = await openCase();
    const key = randomUUID();
    expect((await act(id, office, 'dismiss_lead', { reason: '经核查不属于非法集资' }, key)).status).toBe(200);
    const leader = await act(id, token('leader'), 'dismiss_lead', { reason: '经核查不属于非法集资' }, key);
    expect(leader.status).toBe(403);
    expect(leader.body.event).toBeUndefined();
  });

  test('When another caller who may take the action uses the same key, then theirs is a new action, not a replay', async () => {
    const id = await openCase();
    const key = randomUUID();
    const body = { measure: '入户走访', description: '走访集资参与人' };
    const petition = await act(id, token('petition_bureau'), 'record_stabilization_measure', body, key);
    const township = await act(id, token('township'), 'record_stabilization_measure', body, key);
    expect([petition.status, township.status]).toEqual([200, 200]);
    expect(township.body.event.id).not.toBe(petition.body.event.id);
    expect(township.body.event.actor.role).toBe('township');
    const rows = await events(id);
    expect(rows.filter((e) => e.action === 'record_stabilization_measure')).toHaveLength(2);
  });

  test('When one key is sent at once to a case action and a regional action, then neither stalls: a refused one binds nothing, and the key then belongs to the one applied', async () => {
    const id = await openCase();
    const key = randomUUID();
    const petition = token('petition_bureau');
    const correction = () =>
      act(
        id,
        petition,
        'issue_correction',
        { noticeId: randomUUID(), errors: [{ location: '第一段', wrong: '甲', correct: '乙' }] },
        key,
      );
    const [refused, measure] = await Promise.all([
      correction(),
      act(id, petition, 'record_stabilization_measure', { measure: '约谈' }, key),
    ]);
    // The correction of an unknown notice is refused whichever comes first — 400, or 409 when the measure
    // had claimed the key already — and a refusal writes nothing, not even the key's claim, so the measure is
    // recorded with it either way.
    expect(measure.status).toBe(200);
    expect([400, 409]).toContain(refused.status);
    // Now the key is the measure's: the correction sent again with it is a conflict, at once.
    const again = await correction();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
  });

  test('When an opening key is reused with another body, then 409; with the same body, the same case', async () => {
    const key = randomUUID();
    const body = openingBody();
    const first = await api.call('POST', '/api/cases', {
      token: office,
      body,
      headers: { 'idempotency-key': key },
    });
    const same = await api.call('POST', '/api/cases', {
      token: office,
      body,
      headers: { 'idempotency-key': key },
    });
    const other = await api.call('POST', '/api/cases', {
      token: office,
      body: { ...body, title: `${body.title}（另一件）` },
      headers: { 'idempotency-key': key },
    });
    expect([first.status, same.status, other.status]).toEqual([201, 201, 409]);
    expect(same.body.id).toBe(first.body.id);
    expect(await api.db('cases').where({ title: `${body.title}（另一件）` })).toHaveLength(0);
  });
});
