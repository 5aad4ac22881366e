// The first slice through every layer: HTTP → AJV → auth → Temporal Update → activity → Postgres, and back.
import { type TestApi, openingBody, startTestApi, token } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const office = token('financial_office');

async function counts(caseId: string) {
  const [events, notices, counters] = await Promise.all([
    api.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>({ count: '*' }),
    api.db('notices').where({ case_id: caseId }).count<{ count: string }[]>({ count: '*' }),
    api.db('doc_number_counters').sum<{ sum: string }[]>({ sum: 'last_seq' }),
  ]);
  return {
    events: Number(events[0].count),
    notices: Number(notices[0].count),
    numbers: Number(counters[0].sum ?? 0),
  };
}

describe('health and identity', () => {
  test('When the system is up, then /healthz reports db and temporal ok', async () => {
    const res = await api.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok', temporal: 'ok', worker: 'ok' });
  });

  test('When a dev token is presented, then /api/me names the user, unit and region', async () => {
    const res = await api.call('GET', '/api/me', { token: token('police', '532801') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: 'u-532801-police',
      role: 'police',
      regionCode: '532801',
      unit: { name: '景洪市公安局' },
    });
  });

  test('When no or a bad token is presented, then the answer is 401 problem+json', async () => {
    for (const t of [undefined, 'dev-nobody-000000']) {
      const res = await api.call('GET', '/api/me', { token: t });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  test('When the OpenAPI document is requested, then it lists every contract path and the docs page loads', async () => {
    const res = await api.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/cases',
      '/api/cases/{id}',
      '/api/cases/{id}/actions/{action}',
      '/api/deadlines',
      '/api/deadline-rules/{code}/compute',
    ]) {
      expect(res.body.paths[p]).toBeDefined();
    }
    const docs = await api.call('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui-bundle.js');
    const bundle = await api.call('GET', '/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
  });
});

describe('opening a case', () => {
  test('When the financial office opens a case, then 201 with Location, the case row and its first event are in Postgres', async () => {
    const body = openingBody();
    const res = await api.call('POST', '/api/cases', { token: office, body });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/cases/${res.body.id}`);
    expect(res.body).toMatchObject({ stage: 'detection', title: body.title, overdue: false });
    expect(res.body.caseNo).toMatch(/^勐海打非〔\d{4}〕[1-9]\d*号$/);
    expect(res.body.allowedActions).toEqual(expect.arrayContaining(['dismiss_lead', 'issue_warning']));
    // Identity numbers never leave the system unmasked.
    expect(JSON.stringify(res.body)).not.toContain('532822198001010010');
    const row = await api.db('cases').where({ id: res.body.id }).first();
    expect(row).toMatchObject({
      stage: 'detection',
      case_no: res.body.caseNo,
      estimated_amount_fen: 1_200_000_000,
    });
    const events = await api.db('case_events').where({ case_id: res.body.id }).orderBy('seq');
    expect(events.map((e) => [e.seq, e.action])).toEqual([[1, 'open_case']]);
    const fetched = await api.call('GET', `/api/cases/${res.body.id}`, { token: office });
    expect(fetched.body.id).toBe(res.body.id);
    const listed = await api.call('GET', `/api/cases?q=${encodeURIComponent(body.title)}`, { token: office });
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0].id).toBe(res.body.id);
  });

  test('When the same Idempotency-Key is sent twice, then one case exists and both answers name it', async () => {
    const body = openingBody();
    const key = `open-${Math.random()}`;
    const first = await api.call('POST', '/api/cases', {
      token: office,
      body,
      headers: { 'idempotency-key': key },
    });
    const second = await api.call('POST', '/api/cases', {
      token: office,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.caseNo).toBe(first.body.caseNo);
    const rows = await api.db('cases').where({ title: body.title });
    expect(rows).toHaveLength(1);
  });

  test('When the body is malformed, then 400 lists every failing field and nothing is written', async () => {
    const before = await api.db('cases').count<{ count: string }[]>({ count: '*' });
    const res = await api.call('POST', '/api/cases', {
      token: office,
      body: { ...openingBody(), sector: 'casino', estimatedAmountFen: 12.5, extra: 1, title: undefined },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/title', '/sector', '/estimatedAmountFen', '/extra']));
    const after = await api.db('cases').count<{ count: string }[]>({ count: '*' });
    expect(after[0].count).toBe(before[0].count);
  });

  test('When identity codes fail their check characters, then 400 names the subject fields', async () => {
    const res = await api.call('POST', '/api/cases', {
      token: office,
      body: openingBody({
        subjects: [
          { kind: 'legal_person', name: '甲公司', creditCode: '91532822MA6K000147' },
          { kind: 'agent', name: '王某', idNumber: '532822198001010011' },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      '/subjects/0/creditCode',
      '/subjects/1/idNumber',
    ]);
  });

  test('When a police officer or another region tries to open a case, then 403', async () => {
    expect(
      (await api.call('POST', '/api/cases', { token: token('police'), body: openingBody() })).status,
    ).toBe(403);
    const other = await api.call('POST', '/api/cases', {
      token: token('financial_office', '532801'),
      body: openingBody(),
    });
    expect(other.status).toBe(403);
  });
});

describe('dismissing a lead through the Update path', () => {
  test('When the wrong role tries dismiss_lead, then 403 and nothing is written', async () => {
    const c = (await api.call('POST', '/api/cases', { token: office, body: openingBody() })).body;
    const before = await counts(c.id);
    const res = await api.call('POST', `/api/cases/${c.id}/actions/dismiss_lead`, {
      token: token('police'),
      body: { reason: '不属于非法集资' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await counts(c.id)).toEqual(before);
  });

  test('When the office dismisses the lead, then the case is closed; a second dismissal is 409 and writes nothing', async () => {
    const c = (await api.call('POST', '/api/cases', { token: office, body: openingBody() })).body;
    const res = await api.call('POST', `/api/cases/${c.id}/actions/dismiss_lead`, {
      token: office,
      body: { reason: '经核查系正常民间借贷' },
    });
    expect(res.status).toBe(200);
    expect(res.body.case.stage).toBe('closed');
    expect(res.body.event).toMatchObject({ seq: 2, action: 'dismiss_lead' });
    const before = await counts(c.id);
    const again = await api.call('POST', `/api/cases/${c.id}/actions/dismiss_lead`, {
      token: office,
      body: { reason: '重复' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    expect(await counts(c.id)).toEqual(before);
  });

  test('When a case outside the caller’s regions is asked for, then it does not exist for them (404)', async () => {
    const c = (await api.call('POST', '/api/cases', { token: office, body: openingBody() })).body;
    const res = await api.call('GET', `/api/cases/${c.id}`, { token: token('police', '532823') });
    expect(res.status).toBe(404);
    const act = await api.call('POST', `/api/cases/${c.id}/actions/dismiss_lead`, {
      token: token('financial_office', '532823'),
      body: { reason: 'x' },
    });
    expect(act.status).toBe(404);
    // The prefecture sees its counties' cases.
    const prefecture = await api.call('GET', `/api/cases/${c.id}`, { token: token('leader', '532800') });
    expect(prefecture.status).toBe(200);
  });
});
