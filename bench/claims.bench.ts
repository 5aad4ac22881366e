// `npm run bench -- claims`: a claims register of a million participants over 31 regions on a fresh database.
// Measures in one run: (a) the baseline, a raw COPY of the same CSV files into an unindexed table; (b) the
// import end to end and its ratio to (a) (target ≤ 3): the API's part, staging (read, validate, seal, COPY into
// staging, on its staging threads), then the worker's, the merge by identity into the register; (c) the
// compute job of a refund round over every claim (read into typed arrays, the arithmetic, the snapshot and its
// payouts written; target ≤ 10 s); (d) the approve job (清退公告, one 清退通知书 per payee, the sealed payment
// file; target ≤ 5 min; --no-approve skips it). The API's staging and the worker's activities each run in a
// process of their own (bench/claims.jobs.ts): the worker's peak RSS is the target's figure (≤ 1 GB), the API's
// is reported beside it, and neither includes this process's writing of the files.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCaseActivities } from '../activities/case.activities';
import { createNoticeService } from '../activities/notice.service';
import { insertJob } from '../db/claims.repository';
import { createDb, type Db } from '../db/knex';
import { createNoticeRenderer } from '../templates/renderer';
import { idNumberOf } from '../test/support/refunds';
import { BENCH_DATA_DIR, createBenchDatabase, round, table } from './support';
import type { JobAsk, JobReply } from './claims.jobs';

const REGIONS = 31;
const LEAD = '532822';
const IMPORT_TARGET = 3;
const COMPUTE_TARGET_S = 10;
const RSS_TARGET = 1024 ** 3;
const APPROVE_TARGET_S = 300;

function parseClaimsArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string' },
      'no-approve': { type: 'boolean' },
      // Keeps the benchmark's database after the run (its name is printed), to study the register's queries.
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const count = values.count === undefined ? 1_000_000 : Number(values.count);
  if (!Number.isInteger(count) || count < REGIONS || count > 5_000_000)
    throw new Error(`--count=${values.count}: expected an integer from ${REGIONS} to 5000000`);
  return { count, approve: !values['no-approve'], keep: values.keep === true };
}

/** The region of the r-th file: the lead, two real neighbours, then synthetic codes for the rest. */
const regionCodeOf = (r: number) =>
  r === 0 ? LEAD : r === 1 ? '532801' : r === 2 ? '532823' : `5399${String(r).padStart(2, '0')}`;

/**
 * Deterministic participants: i-th in file i % 31; every 50th person also appears in the next region's file
 * (to be merged), every 40th received more than they paid in (a receivable).
 */
function writeFiles(count: number): string[] {
  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  const files: string[] = [];
  const fds: number[] = [];
  for (let r = 0; r < REGIONS; r++) {
    const f = path.join(BENCH_DATA_DIR, `claims-${count}-${r}.csv`);
    files.push(f);
    fds.push(fs.openSync(f, 'w'));
  }
  const buffers: string[] = Array.from(
    { length: REGIONS },
    () => 'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n',
  );
  const line = (i: number) => {
    const principal = 100_000 + ((i * 7_919) % 50_000_000);
    const returns = i % 40 === 0 ? principal + 12_345 : (i * 31) % Math.floor(principal / 5);
    return `岩某${i},${idNumberOf(i)},${principal},${returns},0,1388800${String(i % 10_000).padStart(4, '0')},农业银行勐海支行,6228480${String(i).padStart(9, '0')}\n`;
  };
  const flush = (r: number, force = false) => {
    if (force || buffers[r].length > 1 << 20) {
      fs.writeSync(fds[r], buffers[r]);
      buffers[r] = '';
    }
  };
  for (let i = 0; i < count; i++) {
    const r = i % REGIONS;
    buffers[r] += line(i);
    flush(r);
    if (i % 50 === 0) {
      const r2 = (r + 1) % REGIONS;
      buffers[r2] += line(i).replace(/,0,1388800/, ',0,1388801');
      flush(r2);
    }
  }
  for (let r = 0; r < REGIONS; r++) {
    flush(r, true);
    fs.closeSync(fds[r]);
  }
  return files;
}

async function setUpCase(db: Db): Promise<string> {
  for (let r = 3; r < REGIONS; r++)
    await db('regions')
      .insert({
        code: regionCodeOf(r),
        name: `测试县${r}`,
        parent_code: null,
        case_no_code: `测试${r}打非`,
        abbreviation: `测${r}`,
      })
      .onConflict('code')
      .ignore();
  const caseId = randomUUID();
  await createCaseActivities({ db, notices: createNoticeService(createNoticeRenderer()) }).openCase({
    caseId,
    eventId: randomUUID(),
    input: {
      title: '某某投资公司涉嫌非法吸收公众存款案（清退基准）',
      sector: 'investment_company',
      leadRegionCode: LEAD,
      assistingRegionCodes: [],
      source: { kind: 'bank_report', reference: 'STR-BENCH-CLAIMS' },
      subjects: [{ kind: 'legal_person', name: '某某投资有限公司', creditCode: '91532822MA6K000146' }],
    },
    actor: { userId: 'bench', role: 'financial_office', unitId: '532822-financial_office', regionCode: LEAD },
    occurredAt: new Date().toISOString(),
    idempotencyKey: null,
  });
  return caseId;
}

/** The baseline: the same bytes into an unindexed table of text columns by COPY … CSV, nothing else. */
async function rawCopy(db: Db, files: string[]): Promise<void> {
  await db.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_participants (name text, id_number text,
    principal_fen text, returns_fen text, refunded_fen text, phone text, bank_name text, bank_account text)`);
  const conn = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    for (const f of files)
      await pipeline(
        fs.createReadStream(f),
        conn.query(copyFrom(`COPY bench_raw_participants FROM STDIN (FORMAT csv, HEADER)`)),
      );
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** A side of the benchmark, forked (bench/claims.jobs.ts): asks it to run one thing at a time. */
async function startSideProcess(databaseUrl: string) {
  const child = fork(path.join(__dirname, 'claims.jobs.ts'), [databaseUrl], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (r: JobReply) => void>();
  child.on('message', (r: JobReply) => waiting.get(r.id)?.(r));
  let next = 0;
  const ask = (m: JobAsk): Promise<JobReply> => {
    const id = ++next;
    return new Promise<JobReply>((resolve, reject) => {
      waiting.set(id, (r) => {
        waiting.delete(id);
        if (r.error) reject(new Error(`bench side process: ${r.error}`));
        else resolve(r);
      });
      child.send({ ...m, id });
    });
  };
  await new Promise<void>((resolve, reject) => {
    waiting.set(0, () => resolve());
    child.once('exit', (code) => reject(new Error(`a bench side process exited with ${code}`)));
  });
  return {
    ask,
    exit: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await ask({ kind: 'exit' }).catch(() => child.kill());
      await gone;
    },
  };
}

export async function claimsBench(argv: string[]): Promise<number> {
  const o = parseClaimsArgs(argv);
  const cleanups: (() => Promise<void>)[] = [];
  try {
    console.log(`claims: ${o.count} participants over ${REGIONS} regions`);
    let t = performance.now();
    const files = writeFiles(o.count);
    const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    console.log(`  files written: ${round(bytes / 1024 ** 2)} MiB (${Math.round(performance.now() - t)} ms)`);
    const database = await createBenchDatabase(`chufei_bench_claims_${Date.now().toString(36)}`, (drop) => {
      if (!o.keep) cleanups.push(drop);
    });
    if (o.keep) console.log(`  database kept after the run (--keep): ${database.name}`);
    const db = createDb(database.url, 4);
    cleanups.push(() => db.destroy());
    const caseId = await setUpCase(db);

    t = performance.now();
    await rawCopy(db, files);
    const rawSeconds = (performance.now() - t) / 1000;
    console.log(`  baseline raw COPY: ${round(rawSeconds, 2)} s`);

    // The API and the worker, each in a process of its own (bench/claims.jobs.ts), as in production.
    const apiSide = await startSideProcess(database.url);
    cleanups.push(() => apiSide.exit());
    const jobs = await startSideProcess(database.url);
    cleanups.push(() => jobs.exit());
    t = performance.now();
    let stageSeconds = 0;
    let mergeSeconds = 0;
    let threads = 0;
    for (const [r, f] of files.entries()) {
      const jobId = randomUUID();
      const staged = await apiSide.ask({
        kind: 'stage',
        jobId,
        caseId,
        regionCode: regionCodeOf(r),
        file: f,
      });
      stageSeconds += staged.seconds;
      threads = Number(staged.result?.threads);
      mergeSeconds += (await jobs.ask({ kind: 'merge', jobId })).seconds;
    }
    const importSeconds = (performance.now() - t) / 1000;
    const stagingPeak = Number((await apiSide.ask({ kind: 'peak' })).result!.peakRss);
    const counts = await db('participants').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' });
    console.log(
      `  import: ${round(importSeconds, 2)} s (staging ${round(stageSeconds, 2)} s with ${threads} threads, merge ${round(mergeSeconds, 2)} s), ${counts[0].n} participants`,
    );

    // Every claim confirmed, so the round is over the whole register.
    await db('claims')
      .where({ case_id: caseId })
      .update({ state: 'confirmed', decided_by: 'bench', decided_at: db.fn.now() });
    // The register's size and losses, for the pool (not timed).
    const sums = await db.raw<{ rows: { loss: string }[] }>(
      `SELECT sum(GREATEST(l, 0)) AS loss FROM (SELECT sum(principal_fen - returns_fen - refunded_fen) AS l
         FROM claims WHERE case_id = ? GROUP BY participant_id) s`,
      [caseId],
    );
    const poolFen = Math.floor(Number(sums.rows[0].loss) * 0.2345);
    // (c1) the compute job's parts apart, for the breakdown.
    const parts = (await jobs.ask({ kind: 'breakdown', caseId, poolFen })).result!;
    const loadSeconds = Number(parts.loadSeconds);
    const arithmeticSeconds = Number(parts.arithmeticSeconds);
    const claimCount = Number(parts.claims);
    console.log(
      `  round over ${claimCount} claims: R = ${String(parts.share)}, paid ${String(parts.paidFen)} 分 to ${String(parts.payees)}`,
    );
    // (c) the compute job end to end: read, arithmetic, snapshot and payouts written.
    const computeJob = randomUUID();
    await insertJob(db, {
      id: computeJob,
      ownerUserId: 'bench-fo',
      caseId,
      kind: 'refund_compute',
      input: { roundNo: 1, poolFen },
      total: null,
    });
    const computeSeconds = (await jobs.ask({ kind: 'compute', jobId: computeJob })).seconds;
    console.log(`  compute job: ${round(computeSeconds, 2)} s`);

    // (d) approval: the 清退公告, a 清退通知书 per payee and the sealed payment file (skipped with --no-approve).
    let approveSeconds: number | null = null;
    if (o.approve) {
      await db('refund_rounds')
        .where({ case_id: caseId, round_no: 1 })
        .update({ state: 'approved', approved_by: 'bench-leader', approved_at: new Date().toISOString() });
      const approveJob = randomUUID();
      await insertJob(db, {
        id: approveJob,
        ownerUserId: 'bench-leader',
        caseId,
        kind: 'refund_approve',
        input: { roundNo: 1 },
        total: null,
      });
      const approved = await jobs.ask({ kind: 'approve', jobId: approveJob });
      approveSeconds = approved.seconds;
      console.log(`  approval: ${round(approveSeconds, 2)} s, ${String(approved.result?.notices)} notices`);
    }
    const workerPeak = Number((await jobs.ask({ kind: 'peak' })).result!.peakRss);

    const rows: (string | number)[][] = [
      ['figure', 'measured', 'baseline', 'ratio', 'target', 'ok'],
      [
        'import (s)',
        round(importSeconds, 2),
        round(rawSeconds, 2),
        round(importSeconds / rawSeconds, 2),
        `≤ ${IMPORT_TARGET}×`,
        importSeconds / rawSeconds <= IMPORT_TARGET ? 'yes' : 'NO',
      ],
      ['round: read register (s)', round(loadSeconds, 2), '', '', '', ''],
      ['round: arithmetic (s)', round(arithmeticSeconds, 2), '', '', '', ''],
      [
        'round: compute total (s)',
        round(computeSeconds, 2),
        '',
        '',
        `≤ ${COMPUTE_TARGET_S} s`,
        computeSeconds <= COMPUTE_TARGET_S ? 'yes' : 'NO',
      ],
      [
        `approval (${claimCount} notices + file) (s)`,
        approveSeconds === null ? 'skipped' : round(approveSeconds, 2),
        '',
        '',
        '≤ 300 s',
        approveSeconds === null ? '—' : approveSeconds <= APPROVE_TARGET_S ? 'yes' : 'NO',
      ],
      [
        'import: staging, API side (s)',
        round(stageSeconds, 2),
        round(rawSeconds, 2),
        round(stageSeconds / rawSeconds, 2),
        '',
        '',
      ],
      [
        'import: merge, worker side (s)',
        round(mergeSeconds, 2),
        round(rawSeconds, 2),
        round(mergeSeconds / rawSeconds, 2),
        '',
        '',
      ],
      ['API peak RSS, staging (MiB)', round(stagingPeak / 1024 ** 2), '', '', '', ''],
      [
        'worker peak RSS (MiB)',
        round(workerPeak / 1024 ** 2),
        '',
        '',
        '≤ 1024',
        workerPeak <= RSS_TARGET ? 'yes' : 'NO',
      ],
    ];
    console.log(`\n${table(rows)}`);
    return 0;
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error(e));
  }
}
