// Bulk 清退通知书 against the run's real Postgres (and Chromium for the batch PDF): numbering of whole
// batches alongside single notices of the same series, a failing batch rolled back with its numbers,
// the archive (stored data re-renders to the stored hash, masked identities only, the print stylesheet
// archived once and only with the notices that reference it), reading a round back a page at a time, and
// printing many notices as one PDF with page numbers per notice.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  RefundNoticesInterrupted,
  createBulkNoticeService,
  refundNoticeRequest,
} from '../../activities/notice.bulk';
import type { RefundRecipient } from '../../activities/notice.facts';
import { createNoticeService, withArchivedStylesheet } from '../../activities/notice.service';
import { createDb, type Db } from '../../db/knex';
import { insertNotice } from '../../db/notice.repository';
import { formatFenAsYuan, parseDocNo } from '../../domain/notices';
import type { NoticeData } from '../../templates/notice-data';
import { createPdfRenderer } from '../../templates/pdf';
import { createNoticeRenderer, type NoticeRenderer } from '../../templates/renderer';
import { inlineStylesheet, referencedStylesheet } from '../../templates/stylesheet';
import { type TestApi, startTestApi } from '../support/api';
import { openCase } from '../support/case-flow';
import { REFUND_ROUND, idNumberOf, recipientOf, refundRecipients } from '../support/refunds';

const UNIT = '532822-financial_office';
const renderer = createNoticeRenderer();
const single = createNoticeService(renderer);
const bulk = createBulkNoticeService(renderer);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

// Each test numbers in a year no other test issues refund notices in, so its series holds only its own.
const issuedAtIn = (year: number) => `${year}-06-01T02:00:00.000Z`;

async function lastSeq(year: number): Promise<number> {
  const row = await api
    .db('doc_number_counters')
    .where({ unit_id: UNIT, doc_code: '海金清通', year })
    .first('last_seq');
  return row ? Number(row.last_seq) : 0;
}

const seriesOf = (year: number) =>
  api
    .db('notices')
    .where({ issuing_unit_id: UNIT, doc_code: '海金清通', year })
    .orderBy('seq')
    .select('id', 'case_id', 'seq', 'doc_no', 'addressee', 'data', 'html', 'sha256', 'template_version');

const openingEventId = async (caseId: string): Promise<string> =>
  (await api.db('case_events').where({ case_id: caseId, seq: 1 }).first('id')).id;

describe('bulk refund notices (清退通知书)', () => {
  test('When 2,500 notices are issued in batches while single notices of the same unit are issued alongside, then the series is 1..N with no gap and no duplicate, each batch one contiguous range', async () => {
    const YEAR = 2041;
    const [roundCase, otherCase] = await Promise.all([openCase(api), openCase(api)]);
    const eventId = await openingEventId(otherCase.id);
    const db: Db = createDb(api.env.databaseUrl, 12);
    const committedWhenPulled: number[] = [];
    const progress: number[] = [];
    // The recipients arrive as a stream; when a batch's first recipient is pulled, every earlier batch has
    // been committed: the round is never held in memory.
    async function* recipients() {
      for (let i = 0; i < 2500; i++) {
        if (i % 500 === 0) {
          const { n } = await api
            .db('notices')
            .where({ case_id: roundCase.id })
            .first(api.db.raw('count(*)::int as n'));
          committedWhenPulled.push(n);
        }
        yield recipientOf(i);
      }
    }
    try {
      const singles = Array.from({ length: 30 }, (_, i) =>
        db.transaction((trx) =>
          single.issueAll(trx, {
            caseId: otherCase.id,
            eventId,
            issuedAt: issuedAtIn(YEAR),
            requests: [refundNoticeRequest('532822', REFUND_ROUND, recipientOf(10_000 + i))],
          }),
        ),
      );
      const [result] = await Promise.all([
        bulk.issueRefundNotices(db, {
          caseId: roundCase.id,
          issuingUnitId: UNIT,
          round: REFUND_ROUND,
          issuedAt: issuedAtIn(YEAR),
          recipients: recipients(),
          batchSize: 500,
          onProgress: (p) => progress.push(p.issued),
        }),
        ...singles,
      ]);

      const series = await seriesOf(YEAR);
      expect(series.map((n) => n.seq)).toEqual(Array.from({ length: 2530 }, (_, i) => i + 1));
      expect(new Set(series.map((n) => n.doc_no)).size).toBe(2530);
      expect(await lastSeq(YEAR)).toBe(2530);
      for (const n of series)
        expect(parseDocNo(n.doc_no)).toEqual({ code: '海金清通', year: YEAR, seq: n.seq });

      const ours = series.filter((n) => n.case_id === roundCase.id);
      expect(ours).toHaveLength(2500);
      // In recipient order, and each batch of 500 holds one contiguous range of numbers.
      expect(ours.map((n) => n.addressee)).toEqual(Array.from({ length: 2500 }, (_, i) => `岩某${i + 1}`));
      for (let b = 0; b < 5; b++) {
        const seqs = ours.slice(b * 500, b * 500 + 500).map((n) => n.seq);
        expect(seqs[499] - seqs[0]).toBe(499);
      }
      expect(result).toEqual({
        issued: 2500,
        batches: 5,
        firstDocNo: ours[0].doc_no,
        lastDocNo: ours[2499].doc_no,
      });
      expect(committedWhenPulled).toEqual([0, 500, 1000, 1500, 2000]);
      expect(progress).toEqual([500, 1000, 1500, 2000, 2500]);
    } finally {
      await db.destroy();
    }
  });

  test('When a recipient in the fourth batch makes the strict template fail, then that batch rolls back with its numbers, the earlier ones stay, and issuing resumes with the next number', async () => {
    const YEAR = 2042;
    const c = await openCase(api);
    let pulled = 0;
    function* recipients(): Generator<RefundRecipient> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        // A negative payment is a mapping bug upstream; the strict render refuses it.
        yield i === 345 ? { ...recipientOf(i), payFen: -100 } : recipientOf(i);
      }
    }
    const input = {
      caseId: c.id,
      issuingUnitId: UNIT,
      round: REFUND_ROUND,
      issuedAt: issuedAtIn(YEAR),
      batchSize: 100,
    };

    const failure = await bulk.issueRefundNotices(api.db, { ...input, recipients: recipients() }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(RefundNoticesInterrupted);
    const interrupted = failure as RefundNoticesInterrupted;
    expect(interrupted.code).toBe('VALIDATION_FAILED');
    expect(interrupted.message).toMatch(
      /第301份起的一批未能发出.*此前已发出300份，至海金清通〔2042〕300号.*金额不能为负数/,
    );
    expect(interrupted.issued).toEqual({
      issued: 300,
      batches: 3,
      firstDocNo: '海金清通〔2042〕1号',
      lastDocNo: '海金清通〔2042〕300号',
    });
    expect(pulled).toBe(400);
    expect(await lastSeq(YEAR)).toBe(300);
    const stored = await seriesOf(YEAR);
    expect(stored.map((n) => n.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));

    // The caller resumes after what was issued, the bad line corrected: the series continues at 301.
    const resumed = await bulk.issueRefundNotices(api.db, {
      ...input,
      recipients: refundRecipients(700, 300),
    });
    expect(resumed).toMatchObject({ issued: 700, firstDocNo: '海金清通〔2042〕301号' });
    const all = await seriesOf(YEAR);
    expect(all.map((n) => n.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(all.map((n) => n.addressee)).toEqual(Array.from({ length: 1000 }, (_, i) => `岩某${i + 1}`));
  });

  test('When Postgres refuses a row in the middle of a batch, then the COPY is abandoned and the batch rolls back with its numbers', async () => {
    const YEAR = 2045;
    const c = await openCase(api);
    // A number the series has not handed out yet, taken by a row written behind the allocator's back: the
    // second batch's COPY then breaks the unique index on doc_no, after part of the batch was sent.
    await insertNotice(api.db, {
      id: randomUUID(),
      caseId: c.id,
      eventId: null,
      kind: 'refund_notice',
      docNo: `海金清通〔${YEAR}〕150号`,
      docCode: '海金清通（测试）',
      year: YEAR,
      seq: 150,
      issuingUnitId: UNIT,
      addressee: '测试',
      issuedAt: issuedAtIn(YEAR),
      templateVersion: 'test',
      data: {},
      html: '',
      sha256: '',
      correctsNoticeId: null,
    });

    const failure = await bulk
      .issueRefundNotices(api.db, {
        caseId: c.id,
        issuingUnitId: UNIT,
        round: REFUND_ROUND,
        issuedAt: issuedAtIn(YEAR),
        recipients: refundRecipients(300),
        batchSize: 100,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );

    expect(failure).toBeInstanceOf(RefundNoticesInterrupted);
    expect((failure as RefundNoticesInterrupted).issued).toMatchObject({ issued: 100, batches: 1 });
    expect((failure as Error).message).toMatch(/doc_no/);
    expect(await lastSeq(YEAR)).toBe(100);
    expect((await seriesOf(YEAR)).map((n) => n.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // The connection went back to the pool in a usable state.
    expect((await api.db.raw('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  describe('a stylesheet not archived yet (templates whose CSS changed)', () => {
    const dirs: string[] = [];
    /** A renderer whose CSS no other test uses, so that its stylesheet is archived by nothing else. */
    const rendererWithNewCss = () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
      dirs.push(dir);
      cpSync(path.join(__dirname, '../../templates'), dir, { recursive: true });
      appendFileSync(path.join(dir, 'partials', 'print-css.css'), `/* ${randomUUID()} */\n`);
      return createNoticeRenderer({ templatesDir: dir });
    };
    const archived = (r: NoticeRenderer) =>
      api.db('notice_stylesheets').where({ sha256: r.stylesheet.sha256 }).select('css');
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    test('When the first batch that references it rolls back, then the stylesheet is not archived either, and the next batch of the same service archives it', async () => {
      const YEAR = 2046;
      const changed = rendererWithNewCss();
      const c = await openCase(api);
      const service = createBulkNoticeService(changed);
      const input = { caseId: c.id, issuingUnitId: UNIT, round: REFUND_ROUND, issuedAt: issuedAtIn(YEAR) };
      function* failing(): Generator<RefundRecipient> {
        for (let i = 0; i < 50; i++) yield i === 30 ? { ...recipientOf(i), payFen: -1 } : recipientOf(i);
      }

      const failure = await service
        .issueRefundNotices(api.db, { ...input, recipients: failing(), batchSize: 50 })
        .catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(RefundNoticesInterrupted);
      expect(await archived(changed)).toEqual([]);
      expect(await seriesOf(YEAR)).toEqual([]);

      // Nothing in the service may remember the rolled-back insert as stored: the row must come now.
      await service.issueRefundNotices(api.db, { ...input, recipients: refundRecipients(20), batchSize: 50 });
      expect(await archived(changed)).toEqual([{ css: changed.stylesheet.css }]);
      const stored = await seriesOf(YEAR);
      expect(stored).toHaveLength(20);
      for (const n of stored) expect(referencedStylesheet(n.html)).toBe(changed.stylesheet.sha256);
      const [served] = await withArchivedStylesheet(api.db, [stored[0].html]);
      expect(served).toContain(`<style>\n${changed.stylesheet.css}</style>`);
    });

    test('When a single notice referencing it rolls back, then the stylesheet is not archived; issued again, it is', async () => {
      const YEAR = 2047;
      const changed = rendererWithNewCss();
      const c = await openCase(api);
      const eventId = await openingEventId(c.id);
      const service = createNoticeService(changed);
      const issue = (trx: Knex.Transaction) =>
        service.issueAll(trx, {
          caseId: c.id,
          eventId,
          issuedAt: issuedAtIn(YEAR),
          requests: [refundNoticeRequest('532822', REFUND_ROUND, recipientOf(1))],
        });

      await expect(
        api.db.transaction(async (trx) => {
          await issue(trx);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      expect(await archived(changed)).toEqual([]);

      const [id] = await api.db.transaction(issue);
      expect(await archived(changed)).toEqual([{ css: changed.stylesheet.css }]);
      const row = await api.db('notices').where({ id }).first('html', 'doc_no');
      expect(row.doc_no).toBe(`海金清通〔${YEAR}〕1号`);
      expect(referencedStylesheet(row.html)).toBe(changed.stylesheet.sha256);
    });
  });

  test('When a unit other than a financial office is named, or the case does not exist, then nothing is issued', async () => {
    const c = await openCase(api);
    const base = { round: REFUND_ROUND, issuedAt: issuedAtIn(2043), recipients: refundRecipients(3) };
    await expect(
      bulk.issueRefundNotices(api.db, { ...base, caseId: c.id, issuingUnitId: '532822-police' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: '/issuingUnitId' }] });
    await expect(
      bulk.issueRefundNotices(api.db, {
        ...base,
        caseId: '00000000-0000-4000-8000-000000000000',
        issuingUnitId: UNIT,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await lastSeq(2043)).toBe(0);
  });

  describe('a stored round', () => {
    const YEAR = 2044;
    let caseId: string;
    let rows: Awaited<ReturnType<typeof seriesOf>>;

    beforeAll(async () => {
      const c = await openCase(api);
      caseId = c.id;
      await bulk.issueRefundNotices(api.db, {
        caseId,
        issuingUnitId: UNIT,
        round: REFUND_ROUND,
        issuedAt: issuedAtIn(YEAR),
        recipients: refundRecipients(1200),
        batchSize: 400,
      });
      rows = await seriesOf(YEAR);
    });

    test('When any stored notice is re-rendered from its data and template version, then it gives the stored hash', () => {
      expect(rows).toHaveLength(1200);
      for (const row of rows) {
        expect(renderer.servedSha256(row.html)).toBe(row.sha256);
        expect(renderer.renderVersion(row.data as NoticeData, row.template_version).html).toBe(row.html);
      }
    });

    test('When the round is stored, then no notice carries the print CSS: each references the one archived stylesheet row', async () => {
      const { css, sha256: sheet } = renderer.stylesheet;
      for (const row of rows) {
        expect(row.html).not.toContain('<style');
        expect(referencedStylesheet(row.html)).toBe(sheet);
      }
      expect(await api.db('notice_stylesheets').where({ sha256: sheet }).select('css')).toEqual([{ css }]);
      const [served] = await withArchivedStylesheet(api.db, [rows[0].html]);
      expect(served).toBe(inlineStylesheet(rows[0].html, renderer.stylesheet));
      expect(served).toContain(`<style>\n${css}</style>`);
    });

    test('When a participant is notified, then the notice shows the masked identity number, and the full one is nowhere in the stored row', async () => {
      const full = await api
        .db('notices')
        .where({ doc_no: `海金清通〔${YEAR}〕8号` })
        .first();
      const id = idNumberOf(7);
      expect(full.html).toContain(`居民身份证号码：${id.slice(0, 6)}********${id.slice(-4)}`);
      const stored = JSON.stringify(full);
      expect(stored).not.toContain(id);
      expect(stored).not.toContain(id.slice(6, 14));
      expect(full.html).toContain('本人银行账户（尾号0007）');
    });

    test('When amounts are printed, then they are exact to the 分', () => {
      const row = rows[41];
      const { claimFen, payFen } = recipientOf(41);
      // formatFenAsYuan's own output is pinned to literal amounts in test/unit/refund-notices.test.ts.
      expect(row.html).toContain(`本轮清退基数为人民币${formatFenAsYuan(claimFen)}`);
      expect(row.html).toContain(`应获清退款人民币${formatFenAsYuan(payFen)}`);
      expect(row.data.facts).toMatchObject({ claimFen, payFen, round: 1 });
    });

    test('When the same participant is issued a notice through the single path, then its data is the bulk notice’s but for the number', async () => {
      const eventId = await openingEventId(caseId);
      const [id] = await api.db.transaction((trx) =>
        single.issueAll(trx, {
          caseId,
          eventId,
          issuedAt: issuedAtIn(YEAR),
          requests: [refundNoticeRequest('532822', REFUND_ROUND, recipientOf(5))],
        }),
      );
      const one = await api.db('notices').where({ id }).first();
      expect(one.doc_no).toBe(`海金清通〔${YEAR}〕1201号`);
      expect({ ...one.data, docNo: null }).toEqual({ ...rows[5].data, docNo: null });
      expect(one.html.replaceAll(one.doc_no, '')).toBe(rows[5].html.replaceAll(rows[5].doc_no, ''));
    });

    test('When the round is read back a page at a time, then every notice comes once, in issue order', async () => {
      const pages: number[] = [];
      const docNos: string[] = [];
      for await (const page of bulk.readRoundNotices(api.db, { caseId, roundNo: 1, pageSize: 500 })) {
        pages.push(page.length);
        for (const n of page) {
          docNos.push(n.docNo);
          expect(renderer.servedSha256(n.html)).toBe(n.sha256);
        }
      }
      expect(pages).toEqual([500, 500, 201]);
      expect(docNos).toEqual(Array.from({ length: 1201 }, (_, i) => `海金清通〔${YEAR}〕${i + 1}号`));
      const none = bulk.readRoundNotices(api.db, { caseId, roundNo: 2 });
      expect((await none.next()).done).toBe(true);
    });

    test('When notices of the round are printed together, then one PDF holds them, each from a new page and numbered from — 1 —', async () => {
      const missing = ['/usr/bin/chromium', '/usr/bin/pdfinfo', '/usr/bin/pdftotext'].filter(
        (p) => !existsSync(p),
      );
      // A failure, not a skip, as in pdf.test.ts: a machine that cannot print notices must not pass quietly.
      if (missing.length > 0)
        throw new Error(`PDF tools missing (${missing.join(', ')}): run \`npm run setup:pdf\` as root`);
      const pdf = createPdfRenderer({ executablePath: '/usr/bin/chromium' });
      const dir = mkdtempSync(path.join(tmpdir(), 'refund-pdf-'));
      try {
        const notices = rows.slice(0, 3);
        const file = path.join(dir, 'batch.pdf');
        writeFileSync(
          file,
          await pdf.renderPdfBatch(
            await withArchivedStylesheet(
              api.db,
              notices.map((n) => n.html),
            ),
          ),
        );
        const pages = Number(
          /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1],
        );
        const texts = Array.from({ length: pages }, (_, p) =>
          execFileSync('pdftotext', ['-layout', '-f', String(p + 1), '-l', String(p + 1), file, '-'], {
            encoding: 'utf8',
          }).replace(/\s+/g, ''),
        );
        const starts = notices.map((n) => texts.findIndex((t) => t.includes(n.doc_no)));
        expect(starts[0]).toBe(0);
        for (const [k, start] of starts.entries()) {
          // Each starts on a right-hand page (odd), so the batch can be printed double-sided and split.
          expect(start % 2).toBe(0);
          const end = starts[k + 1] ?? pages;
          const own = texts.slice(start, end);
          // A blank page without a number may close a notice of an odd number of pages.
          if (own.at(-1) === '') own.pop();
          expect(own.length).toBeGreaterThan(0);
          own.forEach((t, p) => expect(t).toContain(`—${p + 1}—`));
          expect(own.join('')).toContain(`${notices[k].addressee}：`);
        }
      } finally {
        await pdf.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
