// `npm run bench -- dashboard`: the read side at the scale. A fresh migrated database is filled
// directly (batched inserts, no workflows) with N cases, a third of them cross-region, and about ten
// deadlines each; then GET /api/dashboard and the filtered case list are timed over HTTP against the API
// in-process, and so is the bare SQL of the same requests: every statement the request issued (caught from
// Knex's query events, the authentication lookup included), replayed on a plain pg pool with the same
// concurrency (statements the API ran at once are replayed at once). Target: p99 < 100 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { Client } from '@temporalio/client';
import { loadConfig } from '../config';
import { createApp } from '../api/app';
import { lazyPdfRenderer } from '../api/pdf';
import { createDb, type Db } from '../db/knex';
import { newCaseState, newRegionState } from '../domain/case.machine';
import type { CasePhase, RegionalStage, RegionOutcome, Stage } from '../domain/case.types';
import { addDays } from '../domain/calendar';
import { DEADLINE_RULES, type DeadlineRuleCode } from '../domain/deadlines';
import { REGIONS, SECTORS } from '../domain/reference';
import {
  type LatencyStats,
  RESULTS_DIR,
  createBenchDatabase,
  latencyStats,
  round,
  table,
  intFlag,
} from './support';

const TARGET_P99_MS = 100;
const COUNTIES = ['532822', '532801', '532823'] as const;

function parseDashboardArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      deadlines: { type: 'string' },
      requests: { type: 'string' },
      warmup: { type: 'string' },
    },
    strict: true,
  });
  return {
    cases: intFlag('cases', values.cases, 5000, 10, 1_000_000),
    deadlines: intFlag('deadlines', values.deadlines, 50_000, 10, 10_000_000),
    requests: intFlag('requests', values.requests, 300, 10, 100_000),
    warmup: intFlag('warmup', values.warmup, 30, 0, 10_000),
  };
}

/** mulberry32: the same data on every run, so runs compare. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHASES: [CasePhase, number][] = [
  ['detection', 0.1],
  ['early_warning', 0.15],
  ['regional', 0.5],
  ['asset_disposition', 0.1],
  ['stabilization', 0.1],
  ['closed', 0.05],
];
const REGIONAL = ['police_filing', 'prosecution', 'trial'] as const;
type Regional = (typeof REGIONAL)[number];
const TRACK_RULES: Record<string, DeadlineRuleCode[]> = {
  police_filing: ['ADMIN_TRANSFER_REVIEW', 'FILING_REVIEW', 'ARREST_REVIEW', 'FREEZE_DEPOSIT'],
  prosecution: ['PROSECUTION_REVIEW', 'SUPPLEMENTARY_INVESTIGATION', 'FREEZE_SECURITIES'],
  trial: ['FIRST_INSTANCE_TRIAL', 'APPEAL_WINDOW', 'SECOND_INSTANCE_TRIAL', 'FREEZE_EQUITY'],
  any: ['PETITION_ROUTING', 'PETITION_HANDLING', 'PETITION_REVIEW'],
};
const COMPANIES = ['茶叶专业合作社', '投资有限公司', '养老服务中心', '理财咨询有限公司', '融资担保有限公司'];

interface Generated {
  cases: Record<string, unknown>[];
  regions: Record<string, unknown>[];
  deadlines: Record<string, unknown>[];
}

/** The data set: case rows with their workflow state as the projection stores it, tracks and deadlines. */
export function generate(nCases: number, nDeadlines: number): Generated {
  const rnd = prng(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: Generated = { cases: [], regions: [], deadlines: [] };
  const perCase = nDeadlines / nCases;
  const seqs = new Map<string, number>();
  for (let i = 0; i < nCases; i++) {
    const id = randomUUID();
    const lead = COUNTIES[i % 3];
    const cross = i % 3 === 0;
    const assisting = cross ? COUNTIES.filter((c) => c !== lead).slice(0, 1 + (i % 2)) : [];
    const codes = [lead, ...assisting];
    let x = rnd();
    let phase: CasePhase = 'closed';
    for (const [p, share] of PHASES) {
      if ((x -= share) < 0) {
        phase = p;
        break;
      }
    }
    const seq = (seqs.get(lead) ?? 0) + 1;
    seqs.set(lead, seq);
    const caseNo = `${REGIONS.find((r) => r.code === lead)!.caseNoCode}〔2026〕${seq}号`;
    const openedOn = addDays('2025-01-01', Math.floor(rnd() * 650));
    const openedAt = `${openedOn}T09:00:00+08:00`;
    const tracks = codes.map((code, k) => {
      const state = newRegionState(id, code, k === 0 ? 'lead' : 'assisting', cross, openedAt);
      let stage: RegionalStage = 'pending';
      let outcome: RegionOutcome | null = null;
      if (phase === 'regional') {
        stage = pick(REGIONAL);
        if (cross && rnd() < 0.15) {
          outcome = stage === 'police_filing' ? 'unfiled' : 'not_prosecuted';
          return { ...state, casePhase: phase, stage: 'ended' as const, endedInStage: stage, outcome };
        }
      }
      return { ...state, casePhase: phase, stage, outcome };
    });
    const active = tracks.filter(
      (t) => t.outcome === null && (REGIONAL as readonly string[]).includes(t.stage),
    );
    const stage: Stage =
      phase !== 'regional'
        ? phase
        : active.length === 0
          ? 'trial'
          : REGIONAL[Math.min(...active.map((t) => REGIONAL.indexOf(t.stage as Regional)))];
    const state = {
      ...newCaseState(
        id,
        caseNo,
        {
          title: '',
          sector: 'investment_company',
          leadRegionCode: lead,
          assistingRegionCodes: assisting,
          source: { kind: 'bank_report' },
          subjects: [],
        },
        openedAt,
      ),
      phase,
    };
    // Deadlines: each case gets about the mean, on its tracks' stages (or petitions), mostly met.
    const n = Math.max(1, Math.round(perCase * (0.5 + rnd())));
    let overdue = false;
    for (let k = 0; k < n; k++) {
      const track = pick(tracks);
      const rules = [
        ...(phase === 'regional' ? TRACK_RULES[track.endedInStage ?? track.stage] : []),
        ...TRACK_RULES.any,
      ];
      const rule = pick(rules);
      const started = addDays(openedOn, Math.floor(rnd() * 300));
      const due = addDays(started, 7 + Math.floor(rnd() * 60));
      const r = rnd();
      const state = r < 0.65 ? 'met' : r < 0.85 ? 'running' : r < 0.88 ? 'paused' : 'missed';
      const stillOwed = state === 'missed' && rnd() < 0.7;
      if (stillOwed) overdue = true;
      out.deadlines.push({
        id: randomUUID(),
        case_id: id,
        region_code: track.code,
        rule,
        subject_id: null,
        responsible_role: DEADLINE_RULES[rule].responsibleRole,
        responsible_unit_id: `${track.code}-${DEADLINE_RULES[rule].responsibleRole}`,
        started_on: started,
        base_due_on: due,
        due_on: due,
        rolled_over_from: null,
        in_custody: false,
        state,
        extensions: '[]',
        paused_on: state === 'paused' ? addDays(started, 3) : null,
        ended_at:
          state === 'met' || (state === 'missed' && !stillOwed)
            ? `${addDays(due, state === 'met' ? -1 : 5)}T10:00:00+08:00`
            : null,
        ended_by: state === 'met' ? 'bench' : null,
        missed_at: state === 'missed' ? `${addDays(due, 1)}T00:00:00+08:00` : null,
        reminded_at: null,
        warnings: '[]',
      });
    }
    out.cases.push({
      id,
      case_no: caseNo,
      title: `勐海县某某${i}${pick(COMPANIES)}涉嫌非法吸收公众存款案`,
      sector: pick(Object.keys(SECTORS)),
      lead_region_code: lead,
      phase,
      stage,
      overdue,
      source: JSON.stringify({ kind: 'bank_report', reference: `STR-${i}` }),
      subjects: JSON.stringify([{ kind: 'legal_person', name: `某某${i}有限公司` }]),
      estimated_amount_fen: Math.floor(rnd() * 1e10),
      estimated_participants: Math.floor(rnd() * 5000),
      summary: null,
      state: JSON.stringify(state),
      last_seq: 1,
      created_by: 'bench',
      opened_at: openedAt,
      created_at: openedAt,
      updated_at: openedAt,
    });
    for (const t of tracks)
      out.regions.push({
        case_id: id,
        region_code: t.code,
        role: t.role,
        stage: phase === 'regional' ? (t.stage === 'ended' ? t.endedInStage : t.stage) : phase,
        outcome: t.outcome,
        state: JSON.stringify(t),
      });
  }
  return out;
}

export async function insertAll(db: Db, data: Generated): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.batchInsert('cases', data.cases, 1000);
    await trx.batchInsert('case_regions', data.regions, 2000);
    await trx.batchInsert('deadlines', data.deadlines, 1000);
  });
  await db.raw('ANALYZE cases, case_regions, deadlines');
}

interface Captured {
  sql: string;
  bindings: unknown[];
  /** Statements of one group were in flight together; groups ran one after another. */
  group: number;
}

/** The statements one request issues, in groups of those that ran at the same time. */
function captureQueries(db: Db) {
  let list: Captured[] = [];
  let inFlight = 0;
  let group = -1;
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (inFlight === 0) group++;
    inFlight++;
    list.push({ sql: q.sql, bindings: q.bindings ?? [], group });
  };
  const onEnd = () => void inFlight--;
  db.on('query', onQuery);
  db.on('query-response', onEnd);
  db.on('query-error', onEnd);
  return {
    take: () => {
      const out = list;
      list = [];
      group = -1;
      return out;
    },
    stop: () => {
      db.off('query', onQuery);
      db.off('query-response', onEnd);
      db.off('query-error', onEnd);
    },
  };
}

async function replay(pool: pg.Pool, statements: readonly Captured[]): Promise<void> {
  const groups = new Map<number, Captured[]>();
  for (const s of statements) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  for (const g of [...groups.keys()].sort((a, b) => a - b))
    await Promise.all(groups.get(g)!.map((s) => pool.query(s.sql, s.bindings)));
}

interface Measured {
  name: string;
  path: string;
  token: string;
  statements: number;
  http: LatencyStats;
  bare: LatencyStats;
}

export async function dashboardBench(argv: string[]): Promise<number> {
  const o = parseDashboardArgs(argv);
  console.log('dashboard benchmark (GET /api/dashboard and the filtered case list)');
  console.log(
    `  ${o.cases} cases (a third cross-region), ~${o.deadlines} deadlines, ${o.requests} requests each after ` +
      `${o.warmup} warm-up; node ${process.version}, ${os.cpus().length} CPUs; target p99 < ${TARGET_P99_MS} ms`,
  );
  const [load1] = os.loadavg();
  if (load1 > 1)
    console.log(`  note: load average ${load1.toFixed(2)} before start; other work skews results`);

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const t0 = performance.now();
    const database = await createBenchDatabase(`chufei_bench_dashboard_${Date.now().toString(36)}`, (drop) =>
      cleanups.push(drop),
    );
    console.log(`  database ${database.name} migrated and seeded (${Math.round(performance.now() - t0)} ms)`);
    const config = loadConfig({
      APP_MODE: 'development',
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const db = createDb(database.url, config.database.poolMax);
    cleanups.push(() => db.destroy());

    const t1 = performance.now();
    const data = generate(o.cases, o.deadlines);
    await insertAll(db, data);
    const facts = await db.raw(
      `SELECT (SELECT count(*) FROM cases)::int AS cases,
              (SELECT count(*) FROM cases c WHERE EXISTS (SELECT 1 FROM case_regions x WHERE x.case_id = c.id AND x.role = 'assisting'))::int AS cross,
              (SELECT count(*) FROM deadlines)::int AS deadlines,
              (SELECT count(*) FROM deadlines WHERE state = 'missed' AND ended_at IS NULL)::int AS overdue`,
    );
    const f = facts.rows[0];
    console.log(
      `  inserted ${f.cases} cases (${f.cross} cross-region), ${f.deadlines} deadlines (${f.overdue} overdue) ` +
        `(${Math.round(performance.now() - t1)} ms)`,
    );

    // The API in-process. These reads never reach Temporal: the client is lazy and never connects.
    const pdf = lazyPdfRenderer(config.chromiumPath);
    cleanups.push(() => pdf.close());
    const { app } = createApp({
      config,
      db,
      temporal: new Client({ namespace: config.temporal.namespace }),
      log: pino({ level: 'silent' }),
      pdf: pdf.get,
    });
    const http: Server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    );
    const apiUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const bare = new pg.Pool({
      connectionString: database.url,
      max: config.database.poolMax,
      options: '-c timezone=Asia/Shanghai',
    });
    cleanups.push(() => bare.end());

    const requests = [
      { name: 'dashboard (prefecture leader)', path: '/api/dashboard', token: 'dev-leader-532800' },
      {
        name: 'dashboard (county, sector filter)',
        path: '/api/dashboard?regionCode=532822&sector=investment_company',
        token: 'dev-financial_office-532822',
      },
      {
        name: 'case list filtered',
        path: `/api/cases?stage=police_filing&regionCode=532822&overdue=true&q=${encodeURIComponent('合作社')}`,
        token: 'dev-leader-532800',
      },
    ];
    const capture = captureQueries(db);
    const results: Measured[] = [];
    for (const r of requests) {
      const get = async () => {
        const res = await fetch(apiUrl + r.path, { headers: { authorization: `Bearer ${r.token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${body}`);
        return body;
      };
      for (let i = 0; i < o.warmup; i++) await get();
      capture.take();
      const sample = JSON.parse(await get());
      const statements = capture.take();
      for (let i = 0; i < o.warmup; i++) await replay(bare, statements);
      // Interleaved, one HTTP request then its bare replay: on a shared machine both see the same load, so
      // the ratio holds even when the absolute figures drift.
      const http: number[] = [];
      const sql: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        let s = performance.now();
        await get();
        http.push(performance.now() - s);
        s = performance.now();
        await replay(bare, statements);
        sql.push(performance.now() - s);
      }
      capture.take();
      const size =
        'crossRegion' in sample
          ? `${sample.crossRegion.total} cross-region, ${sample.overdue.total} overdue in ${sample.overdue.units.length} units`
          : `${sample.total} cases`;
      console.log(
        `  ${r.name}: ${statements.length} statements in ${new Set(statements.map((s) => s.group)).size} rounds; ${size}`,
      );
      results.push({
        ...r,
        statements: statements.length,
        http: latencyStats(http),
        bare: latencyStats(sql),
      });
    }
    capture.stop();

    const [loadAfter] = os.loadavg();
    console.log(
      `\nresults (ms; one client, HTTP and bare interleaved; load average ${load1.toFixed(2)} → ${loadAfter.toFixed(2)})`,
    );
    console.log(
      table([
        [
          'request',
          'HTTP p50',
          'HTTP p99',
          'bare SQL p50',
          'bare SQL p99',
          'p50 ratio',
          'p99 ratio',
          'p99 < 100',
        ],
        ...results.map((r) => [
          r.name,
          r.http.p50,
          r.http.p99,
          r.bare.p50,
          r.bare.p99,
          round(r.http.p50 / r.bare.p50, 2),
          round(r.http.p99 / r.bare.p99, 2),
          r.http.p99 < TARGET_P99_MS ? 'yes' : 'NO',
        ]),
      ]),
    );
    const at = new Date();
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `dashboard-${at.toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        { at: at.toISOString(), options: o, facts: f, loadAverage: [load1, loadAfter], results },
        null,
        2,
      ),
    );
    console.log(`\n  written to ${path.relative(process.cwd(), file)}`);
    return results.every((r) => r.http.p99 < TARGET_P99_MS) ? 0 : 1;
  } finally {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (err) {
        console.error('bench teardown failed:', err);
      }
    }
  }
}
