// Personal data in a case's history (issue 14, failed 1): the events endpoint masks identity numbers as the
// case endpoint does, for every role that sees the case.
import { type TestApi, openingBody, startTestApi, token } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

test('When a bank or township user reads a case history, then no full identity number is in it', async () => {
  const opened = await api.call('POST', '/api/cases', {
    token: token('financial_office'),
    body: openingBody(),
  });
  expect(opened.status).toBe(201);
  for (const role of ['bank', 'township', 'police', 'financial_office']) {
    const res = await api.call('GET', `/api/cases/${opened.body.id}/events`, { token: token(role) });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('532822198001010010');
    expect(res.body[0].payload.subjects[1].idNumber).toBe('532822********0010');
  }
  // Stored whole: the record keeps what was entered; only the answer is masked.
  const row = await api.db('case_events').where({ case_id: opened.body.id, seq: 1 }).first();
  expect(row.payload.subjects[1].idNumber).toBe('532822198001010010');
});
