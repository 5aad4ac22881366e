// A hash anyone can verify (0010) and PDF on a machine without Chromium, over HTTP against the run's real
// Postgres, Temporal and Chromium: the served HTML hashes to the published sha256 and ETag; the first PDF
// is archived with its own hash and served ever after; GET /verify and `npm run cli -- notices verify`
// recompute both from what is stored and name a notice that does not match.
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { insertNotice } from '../../db/notice.repository';
import { type TestApi, startTestApi, token } from '../support/api';
import { mustAct, openCase } from '../support/case-flow';

const ROOT = path.resolve(__dirname, '..', '..');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let api: TestApi;
let caseId: string;
let notices: { id: string; kind: string; docNo: string; sha256: string }[];

beforeAll(async () => {
  api = await startTestApi();
  caseId = (await openCase(api)).id;
  await mustAct(api, caseId, 'financial_office', 'issue_warning', {
    findings: '以高额回报为诱饵向社会公众吸收资金',
    measures: ['interview'],
  });
  notices = (await api.call('GET', `/api/cases/${caseId}/notices`, { token: token('police') })).body;
});
afterAll(async () => {
  await api.close();
});

const get = async (p: string, accept?: string) => {
  const res = await fetch(`${api.url}${p}`, {
    headers: { authorization: `Bearer ${token('police')}`, ...(accept ? { accept } : {}) },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};

function cli(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/cli.ts', 'notices', 'verify', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: api.env.databaseUrl, APP_MODE: 'development' },
      encoding: 'utf8',
    },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('the published sha256 is the hash of the served HTML', () => {
  test('When a notice is served as HTML by Accept and by .html, then the bytes hash to its published sha256 and ETag', async () => {
    expect(notices.length).toBe(2);
    for (const n of notices) {
      for (const { res, bytes } of [
        await get(`/api/notices/${n.id}`, 'text/html'),
        await get(`/api/notices/${n.id}.html`),
      ]) {
        expect(res.status).toBe(200);
        expect(bytes.toString('utf8')).toContain('<style>');
        expect(sha256(bytes)).toBe(n.sha256);
        expect(res.headers.get('etag')).toBe(`"${n.sha256}"`);
      }
    }
  });

  test('When a notice is verified before it was printed, then the recomputed sha256 is the published one and there is no PDF hash', async () => {
    const n = notices[0];
    const res = await api.call('GET', `/api/notices/${n.id}/verify`, { token: token('police') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, sha256: n.sha256, problems: [] });
  });

  test('When a user of another region asks to verify, then the notice does not exist for them', async () => {
    const res = await api.call('GET', `/api/notices/${notices[0].id}/verify`, {
      token: token('police', '532801'),
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('the first PDF printed is archived with its own hash', () => {
  test('When a notice is printed twice, at once and later, then every answer is the archived first print, whose hash verify recomputes', async () => {
    const n = notices[1];
    expect(await api.db('notice_pdfs').where({ notice_id: n.id }).first()).toBeUndefined();

    const [a, b] = await Promise.all([get(`/api/notices/${n.id}.pdf`), get(`/api/notices/${n.id}.pdf`)]);
    const later = await get(`/api/notices/${n.id}`, 'application/pdf');

    const row = await api.db('notice_pdfs').where({ notice_id: n.id }).first('sha256', 'pdf');
    expect(row.sha256).toBe(sha256(row.pdf));
    for (const { res, bytes } of [a, b, later]) {
      expect(res.status).toBe(200);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(sha256(bytes)).toBe(row.sha256);
      expect(res.headers.get('etag')).toBe(`"${row.sha256}"`);
    }
    const verified = await api.call('GET', `/api/notices/${n.id}/verify`, { token: token('police') });
    expect(verified.body).toEqual({ ok: true, sha256: n.sha256, pdfSha256: row.sha256, problems: [] });
    const meta = await api.call('GET', `/api/notices/${n.id}`, { token: token('police') });
    expect(meta.body.pdfSha256).toBe(row.sha256);
  });

  test('When an archived PDF is updated or deleted, or stored under another hash, then Postgres refuses', async () => {
    const n = notices[1];
    const pdfs = () => api.db('notice_pdfs').where({ notice_id: n.id });
    await expect(pdfs().update({ pdf: Buffer.from('x') })).rejects.toThrow(/immutable/);
    await expect(pdfs().delete()).rejects.toThrow(/immutable/);
    await expect(
      api.db('notice_pdfs').insert({ notice_id: notices[0].id, sha256: sha256('y'), pdf: Buffer.from('x') }),
    ).rejects.toThrow(/notice_pdfs_sha256_of_pdf/);
  });
});

describe('npm run cli -- notices verify', () => {
  test('When the case is verified from the command line, then every hash matches and it exits 0', () => {
    const { status, out } = cli('--case', caseId);
    expect(out).toContain('checked 2 notices (1 with an archived PDF): every hash matches what is stored');
    expect(status).toBe(0);
  });

  test('When a stored notice does not hash to what it publishes, then verify over HTTP and the command line name it', async () => {
    // A notice whose sha256 is of its stored form, as published before 0010: not what is served.
    const row = await api.db('notices').where({ id: notices[0].id }).first();
    const id = randomUUID();
    await insertNotice(api.db, {
      id,
      caseId,
      eventId: row.event_id,
      kind: row.kind,
      docNo: `${row.doc_no}（核验）`,
      docCode: `${row.doc_code}核`,
      year: row.year,
      seq: row.seq,
      issuingUnitId: row.issuing_unit_id,
      addressee: row.addressee,
      issuedAt: new Date(row.issued_at).toISOString(),
      templateVersion: row.template_version,
      data: row.data,
      html: row.html,
      sha256: sha256(row.html),
      correctsNoticeId: null,
    });

    const res = await api.call('GET', `/api/notices/${id}/verify`, { token: token('police') });
    const served = await get(`/api/notices/${id}.html`);

    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.sha256).toBe(sha256(served.bytes));
    expect(res.body.problems.join()).toContain('0010');
    const { status, out } = cli('--case', caseId);
    expect(out).toContain(`MISMATCH ${id}`);
    expect(out).toContain('checked 3 notices (1 with an archived PDF): 1 do not match what is archived');
    expect(status).toBe(1);
  });
});
