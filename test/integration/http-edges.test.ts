// Bounded answers and malformed HTTP (issue 14, items 5 and 6): every refusal is a problem+json 4xx, never a
// 500 or an empty body, and a flood of bad items answers a bounded body.
import http from 'node:http';
import zlib from 'node:zlib';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';

let api: TestApi;
let caseId: string;
beforeAll(async () => {
  api = await startTestApi();
  const res = await api.call('POST', '/api/cases', { token: office, body: openingBody() });
  caseId = res.body.id;
});
afterAll(async () => {
  await api.close();
});

const office = token('financial_office');

/** A raw request, so headers, encodings and the URL go out exactly as written. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<{ status: number; type: string; text: string }> {
  const url = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, insecureHTTPParser: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const auth = { authorization: `Bearer ${office}` };
const action = () => `/api/cases/${caseId}/actions/dismiss_lead`;

function expectProblem(res: { status: number; type: string; text: string }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.type).toContain('application/problem+json');
  expect(JSON.parse(res.text)).toMatchObject({ status, code });
}

describe('malformed HTTP answers 4xx problem+json', () => {
  test.each([
    ['latin1', 'application/json; charset=latin1'],
    ['utf-16', 'application/json; charset=utf-16'],
  ])('When the JSON body declares charset %s, then 415', async (_n, type) => {
    const res = await raw('POST', action(), { ...auth, 'content-type': type }, '{"reason":"x"}');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('When Content-Encoding is compress, then 415', async () => {
    const res = await raw(
      'POST',
      action(),
      { ...auth, 'content-type': 'application/json', 'content-encoding': 'compress' },
      '{"reason":"x"}',
    );
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('When a gzip body does not inflate, then 400', async () => {
    const res = await raw(
      'POST',
      action(),
      { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      Buffer.from('this is not gzip at all'),
    );
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  test('When a gzip body inflates to valid JSON, then it is read (the encoding itself is supported)', async () => {
    const res = await raw(
      'POST',
      '/api/deadline-rules/PROSECUTION_REVIEW/compute',
      { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      zlib.gzipSync('{"start":"2026-03-02"}'),
    );
    expect(res.status).toBe(200);
  });

  test('When the body is text/plain, then 415 and the action is not taken as an empty payload', async () => {
    const res = await raw('POST', action(), { ...auth, 'content-type': 'text/plain' }, 'reason=x');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await api.db('case_events').where({ case_id: caseId })).toHaveLength(1);
  });

  test.each([
    ['a truncated UTF-8 sequence in the id', '/api/cases/%E4%B8'],
    ['a bare percent sign in the id', '/api/cases/100%'],
    ['an action name with a broken escape', `/api/cases/00000000-0000-4000-8000-000000000000/actions/%ZZ`],
  ])('When the path carries %s, then 400', async (_n, path) => {
    const res = await raw('GET', path, auth);
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  test.each([
    ['36 dashes', '-'.repeat(36)],
    ['a non-hex uuid', 'g0000000-0000-4000-8000-000000000000'],
  ])('When a case or notice id is %s, then 404, not 500', async (_n, id) => {
    for (const path of [
      `/api/cases/${id}`,
      `/api/cases/${id}/events`,
      `/api/notices/${id}`,
      `/api/notices/${id}.html`,
    ]) {
      const res = await raw('GET', path, auth);
      expectProblem(res, 404, 'NOT_FOUND');
    }
  });

  test('When the URL is 10 kB, then 414', async () => {
    const res = await raw('GET', `/api/cases?q=${'a'.repeat(10_000)}`, auth);
    expectProblem(res, 414, 'URI_TOO_LONG');
  });

  test('When the URL is over Node’s 16 kB header limit, then 414 problem+json, not an empty 431', async () => {
    const res = await raw('GET', `/api/cases?q=${'a'.repeat(20_000)}`, auth);
    expectProblem(res, 414, 'URI_TOO_LONG');
  });

  test('When the headers are over 16 kB, then 431 problem+json', async () => {
    const res = await raw('GET', '/api/me', { ...auth, 'x-padding': 'a'.repeat(20_000) });
    expectProblem(res, 431, 'HEADERS_TOO_LARGE');
  });

  test('When the body is over 1 MB, then 413', async () => {
    const res = await raw(
      'POST',
      action(),
      { ...auth, 'content-type': 'application/json' },
      JSON.stringify({ reason: 'x'.repeat(1_100_000) }),
    );
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('bounded answers', () => {
  test('When 300,000 items of a body are bad, then the answer lists the first 50 and counts them all', async () => {
    const body = JSON.stringify({ ...openingBody(), assistingRegionCodes: Array(300_000).fill(1) });
    const res = await raw('POST', '/api/cases', { ...auth, 'content-type': 'application/json' }, body);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const problem = JSON.parse(res.text);
    expect(problem.errors).toHaveLength(50);
    expect(problem.errorCount).toBeGreaterThan(300_000);
    expect(res.text.length).toBeLessThan(10_000);
  });
});
