// `npm run bench -- notices`: bulk 清退通知书 on a fresh database. Measures, in one run, (a) bare Handlebars
// rendering the refund template (same instance set-up, helpers and partials as the renderer) over N
// prepared views, (b) the bulk path end to end — recipients streamed in, numbered, rendered, hashed and
// stored — and (f) the physical floor of issuing a notice: the same rows' data rendered, hashed (the
// served page's sha256) and COPY'd in the same batches into an unindexed table. The figure is bulk ÷ floor
// (target ≥ 0.5; bulk ÷ bare stays beside it), with the time a million would take at the bulk rate. Then
// (c) reading the round back as HTML and (d) printing a batch to one PDF through the reused Chromium, in
// pages per second (counted by pdfinfo).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBulkNoticeService, type IssueRefundNoticesResult } from '../activities/notice.bulk';
import { createCaseActivities } from '../activities/case.activities';
import { createNoticeService, renderNotice, withArchivedStylesheet } from '../activities/notice.service';
import { createDb, type Db } from '../db/knex';
import {
  copyNotices,
  findStylesheets,
  listRefundRoundNotices,
  type NoticeRow,
} from '../db/notice.repository';
import type { NoticeData } from '../templates/notice-data';
import { createPdfRenderer } from '../templates/pdf';
import { compileBareTemplate, createNoticeRenderer } from '../templates/renderer';
import { REFUND_ROUND, refundRecipients } from '../test/support/refunds';
import {
  type CpuUse,
  RESULTS_DIR,
  cpuBetween,
  cpuSnapshot,
  createBenchDatabase,
  round,
  table,
  intFlag,
} from './support';

const UNIT = '532822-financial_office';
const ISSUED_AT = '2031-06-01T02:00:00.000Z';
const TARGET_RATIO = 0.5;
const MILLION = 1_000_000;
const SLICES = 4;
const SETUP_HINT =
  '`npm run setup:pdf` (scripts/install-pdf-deps.sh, as root) installs chromium and poppler-utils';

function parseNoticesArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { count: { type: 'string' }, batch: { type: 'string' }, pdf: { type: 'string' } },
    strict: true,
  });
  return {
    count: intFlag('count', values.count, 20_000, 1, 10_000_000),
    batch: intFlag('batch', values.batch, 1000, 1, 5000),
    pdf: intFlag('pdf', values.pdf, 200, 0, 5000),
  };
}

/** The tools the PDF part needs, or why it is skipped. */
function missingPdfTools(): string[] {
  return ['chromium', 'pdfinfo'].filter((tool) => {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

interface Phase {
  notices: number;
  seconds: number;
  perSecond: number;
  cpu: CpuUse | null;
  cpuSeconds?: number;
}

const phase = (notices: number, startedAt: number, cpu: CpuUse | null): Phase => {
  const seconds = (performance.now() - startedAt) / 1000;
  return { notices, seconds: round(seconds, 3), perSecond: round(notices / seconds, 1), cpu };
};

/**
 * (a) Bare Handlebars over the very data objects (b) stored, read back a page at a time: views are made
 * before the clock runs for each page, so only the template calls are timed.
 */
async function bareHandlebars(db: Db, caseId: string): Promise<Phase> {
  const { template, viewOf } = compileBareTemplate('refund_notice');
  let ms = 0;
  let count = 0;
  let bytes = 0;
  let cpuSeconds = 0;
  for (let after = 0, warm = false; ;) {
    const page = await listRefundRoundNotices(db, {
      caseId,
      roundNo: REFUND_ROUND.roundNo,
      afterIssueOrder: after,
      limit: 5000,
    });
    if (page.length === 0) break;
    after = page[page.length - 1].issueOrder;
    const views = page.map((n) => viewOf(n.data as NoticeData));
    if (!warm) for (const view of views.slice(0, 500)) template(view); // JIT warm-up, not timed
    warm = true;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const view of views) bytes += template(view).length;
    ms += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds += (cpu.user + cpu.system) / 1e6;
    count += page.length;
  }
  if (bytes === 0) throw new Error('bare rendering produced nothing');
  return {
    notices: count,
    seconds: round(ms / 1000, 3),
    perSecond: round(count / (ms / 1000), 1),
    cpu: null,
    cpuSeconds: round(cpuSeconds, 2),
  };
}

export async function noticesBench(argv: string[]): Promise<number> {
  const o = parseNoticesArgs(argv);
  console.log('notices benchmark (bulk 清退通知书)');
  console.log(
    `  ${o.count} notices in batches of ${o.batch}, a PDF of ${o.pdf} notices; node ${process.version}, ` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); target: bulk ÷ floor ≥ ${TARGET_RATIO}`,
  );
  const [load1] = os.loadavg();
  if (load1 > 1)
    console.log(`  note: load average ${load1.toFixed(2)} before start; other work skews results`);

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const t = performance.now();
    const database = await createBenchDatabase(`chufei_bench_notices_${Date.now().toString(36)}`, (drop) =>
      cleanups.push(drop),
    );
    const db = createDb(database.url, 4);
    cleanups.push(() => db.destroy());
    console.log(`  database ${database.name} migrated and seeded (${Math.round(performance.now() - t)} ms)`);

    const renderer = createNoticeRenderer();
    const { caseId } = await openBenchCase(db, renderer);

    // Bulk and floor take turns, a slice at a time, so that both meet the same load from the rest of the
    // machine (the figures are ratios of one run; on a shared machine the load moves within seconds).
    console.log(
      `bulk path and physical floor, in ${SLICES} alternating slices: ${o.count} notices each issued, rendered and stored…`,
    );
    const bulk = createBulkNoticeService(renderer);
    await db.raw('DROP TABLE IF EXISTS bench_notice_floor');
    await db.raw(
      'CREATE TABLE bench_notice_floor (LIKE notices INCLUDING DEFAULTS INCLUDING COMPRESSION INCLUDING STORAGE)',
    );
    const sliceSize = Math.ceil(o.count / SLICES / o.batch) * o.batch;
    let bulkMs = 0;
    let floorMs = 0;
    let floorCount = 0;
    let readUpTo = 0;
    const issued: IssueRefundNoticesResult = { issued: 0, batches: 0, firstDocNo: null, lastDocNo: null };
    const cpu0 = cpuSnapshot({});
    for (let from = 0; from < o.count; from += sliceSize) {
      const t0 = performance.now();
      const part = await bulk.issueRefundNotices(db, {
        caseId,
        issuingUnitId: UNIT,
        round: REFUND_ROUND,
        issuedAt: ISSUED_AT,
        recipients: refundRecipients(Math.min(sliceSize, o.count - from), from),
        batchSize: o.batch,
      });
      bulkMs += performance.now() - t0;
      issued.issued += part.issued;
      issued.batches += part.batches;
      issued.firstDocNo ??= part.firstDocNo;
      issued.lastDocNo = part.lastDocNo;
      const rows = await roundRowsAfter(db, caseId, readUpTo);
      readUpTo = rows[rows.length - 1].issueOrder;
      if (from === 0) for (const r of rows.slice(0, 500)) renderer.render(r.data as NoticeData); // JIT warm-up
      floorMs += await physicalFloor(db, renderer, rows, o.batch);
      floorCount += rows.length;
    }
    const cpu = cpuBetween(cpu0, cpuSnapshot({}));
    await db.raw('DROP TABLE bench_notice_floor');
    const ours: Phase = {
      notices: issued.issued,
      seconds: round(bulkMs / 1000, 3),
      perSecond: round(issued.issued / (bulkMs / 1000), 1),
      cpu,
    };
    const floor: Phase = {
      notices: floorCount,
      seconds: round(floorMs / 1000, 3),
      perSecond: round(floorCount / (floorMs / 1000), 1),
      cpu: null,
    };
    console.log(`  bulk ${ours.perSecond} notices/s (${issued.firstDocNo} … ${issued.lastDocNo})`);
    console.log(`  floor ${floor.perSecond} notices/s`);
    const problems = await verify(db, renderer, caseId, o.count);

    // Postgres writes back what the bulk path stored; let it finish before bare Handlebars is timed.
    await db.raw('CHECKPOINT').catch(() => undefined);
    console.log(`bare Handlebars: the same ${o.count} data objects through the refund_notice template…`);
    const bare = await bareHandlebars(db, caseId);
    console.log(`  ${bare.perSecond} notices/s`);

    console.log('reading the round back as HTML, 500 a page…');
    const t1 = performance.now();
    let read = 0;
    let htmlBytes = 0;
    for await (const page of bulk.readRoundNotices(db, {
      caseId,
      roundNo: REFUND_ROUND.roundNo,
      pageSize: 500,
    })) {
      read += page.length;
      for (const n of page) htmlBytes += n.html.length;
    }
    const stream = { ...phase(read, t1, null), megabytes: round(htmlBytes / 1e6, 1) };
    console.log(`  ${stream.perSecond} notices/s (${stream.megabytes} MB of HTML)`);

    const pdf = await pdfBatch(bulk, db, caseId, Math.min(o.pdf, o.count));

    const ratio = round(ours.perSecond / floor.perSecond, 3);
    const bareRatio = round(ours.perSecond / bare.perSecond, 3);
    const pass = ratio >= TARGET_RATIO;
    const millionMinutes = round(MILLION / ours.perSecond / 60, 1);
    const floorMillionMinutes = round(MILLION / floor.perSecond / 60, 1);
    console.log('\nresults');
    console.log(
      table([
        ['', 'notices', 'seconds', 'notices/s'],
        ['bare Handlebars', bare.notices, bare.seconds, bare.perSecond],
        ['floor (render + sha256 + COPY, unindexed)', floor.notices, floor.seconds, floor.perSecond],
        ['bulk issue (render + store)', ours.notices, ours.seconds, ours.perSecond],
        ['read back as HTML', stream.notices, stream.seconds, stream.perSecond],
        ...(pdf.skipped === null
          ? [['PDF batch', pdf.notices, pdf.seconds, round(pdf.notices / pdf.seconds, 1)]]
          : []),
      ]),
    );
    if (ours.cpu) {
      console.log('\nCPU while the bulk path and the floor took turns (seconds, share of all cores)');
      console.log(
        table([
          ['', 'seconds', 'share'],
          ...Object.entries(ours.cpu.groups)
            .filter(([g]) => g !== 'worker' && g !== 'temporal')
            .map(([g, v]) => [g === 'bench (API + clients)' ? 'bench (Node)' : g, v.seconds, pct(v.share)]),
        ]),
      );
    }
    const other = ours.cpu?.groups['other (rest of the machine)']?.share ?? 0;
    if (other > 0.15)
      console.log(
        `\nWARNING: ${pct(other)} of the machine went to other processes while issuing; if other jobs were ` +
          'running, the figures are not reliable.',
      );
    console.log('');
    console.log(
      `ratio ${ratio} (bulk ÷ physical floor notices/s; target ≥ ${TARGET_RATIO}): ${pass ? 'PASS' : 'MISS'}`,
    );
    console.log(`ratio to bare Handlebars ${bareRatio} (bulk ÷ bare, the earlier figure)`);
    console.log(
      `a million 清退通知书: ${millionMinutes} min at the bulk rate (${floorMillionMinutes} min at the floor)`,
    );
    if (pdf.skipped === null)
      console.log(
        `PDF: ${pdf.pages} pages of ${pdf.notices} notices in ${pdf.seconds} s: ${pdf.pagesPerSecond} pages/s`,
      );
    else console.log(`PDF: skipped (${pdf.skipped})`);
    for (const p of problems) console.log(`PROBLEM: ${p}`);

    const at = new Date();
    const result = {
      benchmark: 'notices',
      at: at.toISOString(),
      config: o,
      machine: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        load1,
      },
      target: { ratioMin: TARGET_RATIO, of: 'bulk ÷ physical floor' },
      bare,
      floor,
      bulk: { ...ours, ...issued },
      readBack: stream,
      ratio,
      bareRatio,
      millionMinutes,
      pass,
      pdf,
      problems,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `notices-${at.toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        console.error('bench teardown failed:', err);
      }
    }
  }
}

/**
 * (f) The physical floor of issuing a notice, in the same run on the same rows: each stored notice's data
 * rendered by the renderer with the sha256 of its served page (renderNotice), streamed by the same COPY in
 * batches of the same size, one transaction each, into bench_notice_floor — the notices' columns, defaults
 * and storage (lz4 TOAST compression, as notices have), and nothing else: no index, unique or foreign key,
 * CHECK or trigger. What the bulk path does on
 * top (recipients' facts and masking, numbering, the stylesheet row, the table's indexes and checks) is what
 * the ratio measures. The rows' data is read before the clock runs (roundRowsAfter), as for bare Handlebars.
 */
async function physicalFloor(
  db: Db,
  renderer: ReturnType<typeof createNoticeRenderer>,
  rows: readonly (NoticeRow & { issueOrder: number })[],
  batch: number,
): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await db.transaction(async (trx) => {
      function* rendered() {
        for (const r of part)
          yield renderNotice(renderer, r.data as NoticeData, {
            caseId: r.caseId,
            eventId: r.eventId,
            docCode: r.docCode,
            year: r.year,
            seq: r.seq,
            issuingUnitId: r.issuingUnitId,
            issuedAt: r.issuedAt,
            correctsNoticeId: null,
          });
      }
      await copyNotices(trx, rendered(), 'bench_notice_floor');
    });
  }
  return performance.now() - t0;
}

/** The round's stored notices after issue_order `after`, read before the floor's clock runs. */
async function roundRowsAfter(db: Db, caseId: string, after: number) {
  const rows: (NoticeRow & { issueOrder: number })[] = [];
  for (;;) {
    const page = await listRefundRoundNotices(db, {
      caseId,
      roundNo: REFUND_ROUND.roundNo,
      afterIssueOrder: after,
      limit: 5000,
    });
    if (page.length === 0) return rows;
    after = page[page.length - 1].issueOrder;
    rows.push(...page);
  }
}

/** A case opened by the real activity (no Temporal needed): the round's notices belong to it. */
async function openBenchCase(db: Db, renderer: ReturnType<typeof createNoticeRenderer>) {
  const caseId = randomUUID();
  const activities = createCaseActivities({ db, notices: createNoticeService(renderer) });
  await activities.openCase({
    caseId,
    eventId: randomUUID(),
    input: {
      title: '勐海县某某生态茶叶专业合作社涉嫌非法吸收公众存款案',
      sector: 'farmer_cooperative',
      leadRegionCode: '532822',
      assistingRegionCodes: [],
      source: { kind: 'bank_report', reference: 'STR-BENCH' },
      subjects: [
        { kind: 'legal_person', name: '勐海县某某生态茶叶专业合作社', creditCode: '91532822MA6K000146' },
      ],
    },
    actor: { userId: 'bench', role: 'financial_office', unitId: UNIT, regionCode: '532822' },
    occurredAt: ISSUED_AT,
    idempotencyKey: null,
  });
  return { caseId };
}

/** What the run stored is checked, not only timed: N gapless numbers, and a sample re-renders to its hash. */
async function verify(
  db: Db,
  renderer: ReturnType<typeof createNoticeRenderer>,
  caseId: string,
  count: number,
): Promise<string[]> {
  const problems: string[] = [];
  const stats = await db('notices')
    .where({ case_id: caseId, kind: 'refund_notice' })
    .first(
      db.raw('count(*)::int as n, count(distinct seq)::int as distinct, min(seq) as min, max(seq) as max'),
    );
  if (stats.n !== count || stats.distinct !== count || stats.min !== 1 || stats.max !== count)
    problems.push(`expected numbers 1..${count} once each, found ${JSON.stringify(stats)}`);
  const sample = await db('notices')
    .where({ case_id: caseId, kind: 'refund_notice' })
    .whereIn('seq', [1, Math.ceil(count / 2), count])
    .select('data', 'template_version', 'sha256', 'doc_no');
  for (const row of sample) {
    const again = renderer.renderVersion(row.data as NoticeData, row.template_version).html;
    if (renderer.servedSha256(again) !== row.sha256)
      problems.push(`${row.doc_no} does not re-render to its stored sha256`);
  }
  const [archived] = await findStylesheets(db, [renderer.stylesheet.sha256]);
  if (archived?.css !== renderer.stylesheet.css)
    problems.push(`the stylesheet the notices reference (${renderer.stylesheet.sha256}) is not archived`);
  return problems;
}

interface PdfResult {
  skipped: string | null;
  notices: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  bytes: number;
}

/** (d) The round's first `count` notices as one PDF through the reused browser, pages counted by pdfinfo. */
async function pdfBatch(
  bulk: ReturnType<typeof createBulkNoticeService>,
  db: Db,
  caseId: string,
  count: number,
): Promise<PdfResult> {
  const none = { notices: 0, pages: 0, seconds: 0, pagesPerSecond: 0, bytes: 0 };
  if (count === 0) return { skipped: '--pdf 0', ...none };
  const missing = missingPdfTools();
  if (missing.length > 0) {
    const why = `${missing.join(' and ')} not found; ${SETUP_HINT}`;
    console.log(`PDF part skipped: ${why}`);
    return { skipped: why, ...none };
  }
  const pages = bulk.readRoundNotices(db, { caseId, roundNo: REFUND_ROUND.roundNo, pageSize: count });
  const first = await pages.next();
  await pages.return();
  const stored = first.done ? [] : first.value.map((n) => n.html);
  const printer = createPdfRenderer({
    executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-bench-'));
  try {
    console.log(`PDF: starting the browser, then ${stored.length} notices in one PDF…`);
    await printer.renderPdf('<p>warm-up</p>'); // the browser's start is not the printing rate
    const t0 = performance.now();
    // As a round's download will print them: self-contained, the archived stylesheet inlined (0008).
    const htmls = await withArchivedStylesheet(db, stored);
    const bytes = await printer.renderPdfBatch(htmls);
    const seconds = (performance.now() - t0) / 1000;
    const file = path.join(dir, 'batch.pdf');
    fs.writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
    const result = {
      skipped: null,
      notices: htmls.length,
      pages: pageCount,
      seconds: round(seconds, 3),
      pagesPerSecond: round(pageCount / seconds, 1),
      bytes: bytes.length,
    };
    console.log(`  ${result.pages} pages in ${result.seconds} s (${round(bytes.length / 1e6, 1)} MB)`);
    return result;
  } finally {
    await printer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
