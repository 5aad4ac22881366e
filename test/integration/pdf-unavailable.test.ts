// PDF on a machine without Chromium: the real API, its PDF renderer configured (CHROMIUM_PATH, as any
// deployment sets it) with a browser path that does not exist. No test-only code path: the renderer finds
// no executable exactly as on a fresh machine, and the answer must be 503 PDF_UNAVAILABLE naming the fix.
import { randomUUID } from 'node:crypto';
import { type TestApi, startTestApi, token } from '../support/api';
import { mustAct, openCase } from '../support/case-flow';

let api: TestApi;
let notices: { id: string }[];
beforeAll(async () => {
  api = await startTestApi({ env: { CHROMIUM_PATH: `/nonexistent/${randomUUID()}/chromium` } });
  const caseId = (await openCase(api)).id;
  await mustAct(api, caseId, 'financial_office', 'issue_warning', {
    findings: '以高额回报为诱饵向社会公众吸收资金',
    measures: [],
  });
  notices = (await api.call('GET', `/api/cases/${caseId}/notices`, { token: token('police') })).body;
});
afterAll(async () => {
  await api.close();
});

describe('PDF where Chromium is not installed', () => {
  test('When a notice is asked for as PDF, then it is 503 PDF_UNAVAILABLE with the command that fixes it, and nothing is archived; the HTML still works', async () => {
    const n = notices[0];
    for (const how of [
      { path: `/api/notices/${n.id}.pdf` },
      { path: `/api/notices/${n.id}`, accept: 'application/pdf' },
    ]) {
      const res = await api.call('GET', how.path, {
        token: token('police'),
        headers: how.accept ? { accept: how.accept } : {},
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'PDF_UNAVAILABLE' });
      expect(res.body.detail).toContain('npm run setup:pdf');
      expect(res.body.detail).toContain('/nonexistent/');
    }
    expect(await api.db('notice_pdfs').where({ notice_id: n.id }).first()).toBeUndefined();
    const html = await api.call('GET', `/api/notices/${n.id}.html`, { token: token('police') });
    expect(html.status).toBe(200);
  });

  test('When it is asked again, then it is still 503, never a 500: the failed launch is not remembered as a browser', async () => {
    const res = await api.call('GET', `/api/notices/${notices[0].id}.pdf`, { token: token('police') });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('PDF_UNAVAILABLE');
  });
});
