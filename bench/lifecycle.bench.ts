// `npm run bench -- lifecycle`: cases carried through the full main line over HTTP by concurrent clients,
// against a bare baseline measured in the same run (a trivial workflow taking the same number of Updates on
// the same server and worker, with no database or notice work). Reports actions/s and latency percentiles,
// and the two ratios the issue sets targets for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { bareDone, bareUpdate, type benchBareWorkflow } from '../workflows/bench.workflow';
import {
  type BenchEnv,
  type CpuUse,
  type LatencyStats,
  type Sample,
  RESULTS_DIR,
  cpuBetween,
  cpuSnapshot,
  latencyStats,
  round,
  runClients,
  startBenchEnv,
  table,
} from './support';

const REGION = '532822';
/** The assisting regions of the cross-region cases: 景洪 declines to file, 勐腊 goes the whole way. */
const DECLINING = '532801';
const FULL = '532823';
const OFFENCE = '非法吸收公众存款罪';

interface Step {
  role: string;
  action: string;
  body: Record<string, unknown>;
  /** The caller's region (and the track a regional action is for); the lead region when absent. */
  region?: string;
  /** The caller's region when it is the court above the track's (the second instance, 刑诉法 第二百四十三条). */
  courtRegion?: string;
}

/** The main line after opening, by the first-instance-then-appeal route, ending in a closed case. */
export const MAIN_LINE: readonly Step[] = [
  {
    role: 'financial_office',
    action: 'issue_warning',
    body: { findings: '以高额回报为诱饵向社会公众吸收资金' },
  },
  {
    role: 'financial_office',
    action: 'refer_to_police',
    body: { suspectedOffence: OFFENCE, findings: '涉嫌非法吸收公众存款，数额巨大。' },
  },
  { role: 'police', action: 'file_case', body: { offence: OFFENCE } },
  { role: 'police', action: 'transfer_for_prosecution', body: { suspects: ['张某'], offence: OFFENCE } },
  {
    role: 'procuratorate',
    action: 'indict',
    body: { defendants: ['张某'], offence: OFFENCE, court: '勐海县人民法院' },
  },
  { role: 'court', action: 'receive_case', body: {} },
  {
    role: 'court',
    action: 'deliver_judgment',
    body: { defendants: ['张某'], verdict: '有期徒刑五年，并处罚金人民币五十万元', propertyOrders: [] },
  },
  { role: 'court', action: 'file_appeal', body: { appellant: '张某' } },
  { role: 'court', action: 'receive_case', body: {}, courtRegion: '532800' },
  {
    role: 'court',
    action: 'deliver_final_judgment',
    body: { defendants: ['张某'], verdict: '驳回上诉，维持原判', propertyOrders: [], outcome: 'upheld' },
    courtRegion: '532800',
  },
  {
    role: 'financial_office',
    action: 'approve_disposal_plan',
    body: { planSummary: '统一处置，按比例清退', poolFen: 0 },
  },
  { role: 'financial_office', action: 'complete_disposition', body: { summary: '资产处置完毕' } },
  { role: 'petition_bureau', action: 'conclude_stabilization', body: { summary: '善后维稳工作完成' } },
  { role: 'financial_office', action: 'close_case', body: { summary: '结案' } },
];

/**
 * A three-region case's main line: the unified steps once, each region's separate steps on its own track
 * (景洪 declines, 勐腊 is tried), each region's stabilization concluded before the lead closes the case.
 */
const REGIONAL = new Set([
  'file_case',
  'transfer_for_prosecution',
  'indict',
  'receive_case',
  'deliver_judgment',
  'file_appeal',
  'deliver_final_judgment',
]);
export const CROSS_REGION_LINE: readonly Step[] = [
  ...MAIN_LINE.slice(0, 2),
  { role: 'police', action: 'decline_filing', body: { reason: '本地无涉案主体' }, region: DECLINING },
  ...MAIN_LINE.filter((s) => REGIONAL.has(s.action)).map((s) => ({ ...s, region: FULL })),
  ...MAIN_LINE.filter((s) => REGIONAL.has(s.action)),
  ...MAIN_LINE.filter((s) => ['approve_disposal_plan', 'complete_disposition'].includes(s.action)),
  ...[REGION, DECLINING, FULL].map((region) => ({
    role: 'petition_bureau',
    action: 'conclude_stabilization',
    body: { summary: '善后维稳工作完成' },
    region,
  })),
  MAIN_LINE[MAIN_LINE.length - 1],
];

/** Three cases in four are single-region, one in four has three regions (the mix). */
const isCrossRegion = (i: number) => i % 4 === 3;
const lineOf = (i: number) => (isCrossRegion(i) ? CROSS_REGION_LINE : MAIN_LINE);

const OPEN = 'open_case';
/** Every timed action name, in order of first appearance. */
export const ACTION_NAMES: readonly string[] = [
  ...new Set([OPEN, ...MAIN_LINE.map((s) => s.action), ...CROSS_REGION_LINE.map((s) => s.action)]),
];
/** Updates per case of each kind: the opening, then its line. */
export const ACTIONS_PER_CASE = { single: 1 + MAIN_LINE.length, crossRegion: 1 + CROSS_REGION_LINE.length };

const token = (role: string, region = REGION) => `dev-${role}-${region}`;

function openingBody(label: string, crossRegion: boolean) {
  return {
    title: `某某投资公司涉嫌非法吸收公众存款案 ${label}`,
    sector: 'investment_company',
    leadRegionCode: REGION,
    assistingRegionCodes: crossRegion ? [DECLINING, FULL] : [],
    source: { kind: 'bank_report' },
    subjects: [{ kind: 'legal_person', name: '某某投资有限公司', creditCode: '91532822MA6K000146' }],
    estimatedAmountFen: 1_200_000_000,
    estimatedParticipants: 800,
  };
}

export interface LifecycleOptions {
  cases: number;
  clients: number;
  warmup: number;
  /** Extra dev server dynamic config (KEY=JSON_VALUE), for experiments; none by default. */
  serverConfig: string[];
  /** Folder of the dev server's SQLite file; default .data/bench. */
  temporalDbDir: string | undefined;
}

interface PhaseResult {
  cpu: CpuUse | null;
  samples: Sample[];
  failures: { case: number; action: string; status: number | string; detail: string }[];
  casesCompleted: number;
  wallMs: number;
}

interface PhaseReport {
  cases: number;
  casesCompleted: number;
  actions: number;
  failures: number;
  wallSeconds: number;
  actionsPerSecond: number;
  latencyMs: LatencyStats;
  perAction: Record<string, LatencyStats>;
  cpu: CpuUse | null;
}

function newPhase(): PhaseResult {
  return { cpu: null, samples: [], failures: [], casesCompleted: 0, wallMs: 0 };
}

async function timed<T>(
  phase: PhaseResult,
  name: string,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  const t = performance.now();
  try {
    const value = await fn();
    phase.samples.push({ name, ms: performance.now() - t });
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle: the real system over HTTP

async function post(url: string, role: string, body: unknown, region?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(role, region)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function lifecycleCase(env: BenchEnv, phase: PhaseResult, i: number, label: string): Promise<void> {
  const fail = (action: string, status: number | string, detail: string) => {
    phase.failures.push({ case: i, action, status, detail: detail.slice(0, 500) });
  };
  let t = performance.now();
  let res: { status: number; text: string };
  try {
    res = await post(
      `${env.apiUrl}/api/cases`,
      'financial_office',
      openingBody(`${label}-${i}`, isCrossRegion(i)),
    );
  } catch (err) {
    return fail(OPEN, 'error', String(err));
  }
  if (res.status !== 201) return fail(OPEN, res.status, res.text);
  phase.samples.push({ name: OPEN, ms: performance.now() - t });
  const caseId = (JSON.parse(res.text) as { id: string }).id;

  for (const step of lineOf(i)) {
    t = performance.now();
    try {
      res = await post(
        `${env.apiUrl}/api/cases/${caseId}/actions/${step.action}`,
        step.role,
        step.region || step.courtRegion ? { ...step.body, regionCode: step.region ?? REGION } : step.body,
        step.courtRegion ?? step.region,
      );
    } catch (err) {
      return fail(step.action, 'error', String(err));
    }
    if (res.status !== 200) return fail(step.action, res.status, res.text);
    phase.samples.push({ name: step.action, ms: performance.now() - t });
  }
  const last = JSON.parse(res.text) as { case?: { stage?: string } };
  if (last.case?.stage !== 'closed') return fail('close_case', 200, `case stage is ${last.case?.stage}`);
  phase.casesCompleted++;
}

async function runLifecycle(env: BenchEnv, cases: number, clients: number, label: string) {
  const phase = newPhase();
  const pids = { worker: env.worker.pid, temporal: env.temporalServer.pid };
  const cpu = cpuSnapshot(pids);
  const t = performance.now();
  await runClients(cases, clients, (i) => lifecycleCase(env, phase, i, label), stopRequested);
  phase.wallMs = performance.now() - t;
  phase.cpu = cpuBetween(cpu, cpuSnapshot(pids));
  return phase;
}

// ---------------------------------------------------------------------------------------------------------
// Baseline: the bare workflow, the same number of Updates per case through the Temporal client

async function bareCase(env: BenchEnv, phase: PhaseResult, i: number, label: string): Promise<void> {
  const workflowId = `bench-bare/${label}/${i}/${Date.now().toString(36)}`;
  // The first action starts the workflow with an Update, as POST /api/cases does for a case workflow.
  const first = await timed(phase, OPEN, () =>
    env.temporal.workflow.executeUpdateWithStart(bareUpdate, {
      args: [OPEN],
      startWorkflowOperation: new WithStartWorkflowOperation<typeof benchBareWorkflow>('benchBareWorkflow', {
        workflowId,
        taskQueue: env.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
      }),
    }),
  );
  if (!first.ok) {
    phase.failures.push({ case: i, action: OPEN, status: 'error', detail: 'update-with-start failed' });
    return;
  }
  const handle = env.temporal.workflow.getHandle(workflowId);
  for (const name of lineOf(i).map((s) => s.action)) {
    const r = await timed(phase, name, () => handle.executeUpdate(bareUpdate, { args: [name] }));
    if (!r.ok) {
      phase.failures.push({ case: i, action: name, status: 'error', detail: 'update failed' });
      return;
    }
  }
  // Not timed: lets the workflow complete, as close_case ends a case workflow.
  try {
    await handle.executeUpdate(bareDone);
  } catch (err) {
    phase.failures.push({ case: i, action: 'bareDone', status: 'error', detail: String(err) });
    return;
  }
  phase.casesCompleted++;
}

async function runBaseline(env: BenchEnv, cases: number, clients: number, label: string) {
  const phase = newPhase();
  const pids = { worker: env.worker.pid, temporal: env.temporalServer.pid };
  const cpu = cpuSnapshot(pids);
  const t = performance.now();
  await runClients(cases, clients, (i) => bareCase(env, phase, i, label), stopRequested);
  phase.wallMs = performance.now() - t;
  phase.cpu = cpuBetween(cpu, cpuSnapshot(pids));
  return phase;
}

// ---------------------------------------------------------------------------------------------------------
// Reporting

function report(phase: PhaseResult, cases: number): PhaseReport {
  const byName = new Map<string, number[]>();
  for (const s of phase.samples) {
    const list = byName.get(s.name) ?? [];
    list.push(s.ms);
    byName.set(s.name, list);
  }
  const perAction: Record<string, LatencyStats> = {};
  for (const name of ACTION_NAMES) perAction[name] = latencyStats(byName.get(name) ?? []);
  const wallSeconds = phase.wallMs / 1000;
  return {
    cases,
    casesCompleted: phase.casesCompleted,
    actions: phase.samples.length,
    failures: phase.failures.length,
    wallSeconds: round(wallSeconds, 2),
    actionsPerSecond: round(phase.samples.length / wallSeconds, 1),
    latencyMs: latencyStats(phase.samples.map((s) => s.ms)),
    perAction,
    cpu: phase.cpu,
  };
}

const summaryRow = (name: string, r: PhaseReport) => [
  name,
  r.actions,
  r.failures,
  r.wallSeconds.toFixed(2),
  r.actionsPerSecond.toFixed(1),
  r.latencyMs.p50.toFixed(1),
  r.latencyMs.p95.toFixed(1),
  r.latencyMs.p99.toFixed(1),
  r.latencyMs.max.toFixed(1),
];

const pct = (share: number) => `${(share * 100).toFixed(0)}%`;

/** Machine CPU milliseconds (all processes, all cores) spent per measured action. */
function cpuPerAction(r: PhaseReport): string {
  if (!r.cpu || r.actions === 0) return '?';
  const total = Object.entries(r.cpu.groups)
    .filter(([name]) => !name.startsWith('other'))
    .reduce((a, [, g]) => a + g.seconds, 0);
  return ((total * 1000) / r.actions).toFixed(1);
}

let stopping = false;
const stopRequested = () => stopping;

export function parseLifecycleArgs(argv: string[]): LifecycleOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      clients: { type: 'string' },
      warmup: { type: 'string' },
      'server-config': { type: 'string', multiple: true },
      'temporal-db-dir': { type: 'string' },
    },
    strict: true,
  });
  const int = (flag: string, raw: string | undefined, envName: string, fallback: number, min: number) => {
    const v = raw ?? process.env[envName];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag}=${v}: expected an integer ≥ ${min}`);
    return n;
  };
  return {
    cases: int('cases', values.cases, 'BENCH_CASES', 200, 1),
    clients: int('clients', values.clients, 'BENCH_CLIENTS', 16, 1),
    warmup: int('warmup', values.warmup, 'BENCH_WARMUP', 4, 0),
    serverConfig: (values['server-config'] ?? []).map((kv) => {
      if (!/^[\w.]+=.+$/.test(kv)) throw new Error(`--server-config ${kv}: expected KEY=JSON_VALUE`);
      return kv;
    }),
    temporalDbDir: values['temporal-db-dir'] ?? process.env.BENCH_TEMPORAL_DB_DIR,
  };
}

export async function lifecycleBench(argv: string[]): Promise<number> {
  const o = parseLifecycleArgs(argv);
  const targets = { throughputRatioMin: 0.5, p99RatioMax: 1.5 };
  console.log('lifecycle benchmark');
  console.log(
    `  cases ${o.cases}, clients ${o.clients}, warm-up ${o.warmup} cases of each, ` +
      `${ACTIONS_PER_CASE.single} actions per single-region case, ${ACTIONS_PER_CASE.crossRegion} per ` +
      `three-region case (one case in four)`,
  );
  if (o.serverConfig.length) console.log(`  extra dev server config: ${o.serverConfig.join(', ')}`);
  console.log(
    `  node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ` +
      `targets: throughput ratio ≥ ${targets.throughputRatioMin}, p99 ratio ≤ ${targets.p99RatioMax}`,
  );
  const [load1] = os.loadavg();
  if (load1 > 1)
    console.log(`  note: load average ${load1.toFixed(2)} before start; other work skews results`);
  console.log('starting the environment…');

  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('\ninterrupted: finishing the cases in flight, then tearing down…');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const env = await startBenchEnv({ serverConfig: o.serverConfig, temporalDbDir: o.temporalDbDir });
  try {
    if (o.warmup > 0) {
      console.log(`warm-up: ${o.warmup} bare and ${o.warmup} lifecycle cases (not counted)…`);
      const wb = await runBaseline(env, o.warmup, o.clients, 'warmup');
      const wl = await runLifecycle(env, o.warmup, o.clients, 'warmup');
      for (const f of [...wb.failures, ...wl.failures]) console.warn('  warm-up failure:', f);
    }

    // The baseline first: it leaves little behind on the server; the lifecycle runs on the fuller one.
    console.log(`baseline: ${o.cases} bare workflows, the same Updates per case, ${o.clients} clients…`);
    const baselinePhase = await runBaseline(env, o.cases, o.clients, 'measure');
    const baseline = report(baselinePhase, o.cases);
    console.log(`  ${baseline.actionsPerSecond} actions/s, p99 ${baseline.latencyMs.p99} ms`);

    console.log(`lifecycle: ${o.cases} cases (one in four with three regions), ${o.clients} clients…`);
    const lifecyclePhase = await runLifecycle(env, o.cases, o.clients, 'measure');
    const lifecycle = report(lifecyclePhase, o.cases);
    console.log(`  ${lifecycle.actionsPerSecond} actions/s, p99 ${lifecycle.latencyMs.p99} ms`);

    const throughputRatio = round(lifecycle.actionsPerSecond / baseline.actionsPerSecond, 3);
    const p99Ratio = round(lifecycle.latencyMs.p99 / baseline.latencyMs.p99, 3);
    const throughputPass = throughputRatio >= targets.throughputRatioMin;
    const p99Pass = p99Ratio <= targets.p99RatioMax;
    const failures = lifecycle.failures + baseline.failures;

    console.log('\nresults (latency in ms)');
    console.log(
      table([
        ['', 'actions', 'failed', 'wall s', 'actions/s', 'p50', 'p95', 'p99', 'max'],
        summaryRow('lifecycle', lifecycle),
        summaryRow('baseline', baseline),
      ]),
    );
    console.log('\nper action (lifecycle p50 / p99, baseline p50 / p99)');
    console.log(
      table([
        ['action', 'n', 'p50', 'p99', 'bare p50', 'bare p99'],
        ...ACTION_NAMES.map((name) => {
          const l = lifecycle.perAction[name];
          const b = baseline.perAction[name];
          return [name, l.count, l.p50.toFixed(1), l.p99.toFixed(1), b.p50.toFixed(1), b.p99.toFixed(1)];
        }),
      ]),
    );
    if (lifecycle.cpu && baseline.cpu) {
      const l = lifecycle.cpu;
      const b = baseline.cpu;
      console.log('\nCPU during each phase (seconds, and share of all cores)');
      console.log(
        table([
          ['', 'lifecycle s', 'share', 'baseline s', 'share'],
          ...Object.keys(l.groups).map((g) => [
            g,
            l.groups[g].seconds.toFixed(2),
            pct(l.groups[g].share),
            b.groups[g].seconds.toFixed(2),
            pct(b.groups[g].share),
          ]),
          ['machine busy', '', pct(l.machineBusyShare), '', pct(b.machineBusyShare)],
          ['stolen (hypervisor)', '', pct(l.machineStealShare), '', pct(b.machineStealShare)],
        ]),
      );
      console.log(
        `CPU per action: lifecycle ${cpuPerAction(lifecycle)} ms, baseline ${cpuPerAction(baseline)} ms (bench, worker, Temporal, Postgres)`,
      );
      const other = Math.max(
        l.groups['other (rest of the machine)'].share,
        b.groups['other (rest of the machine)'].share,
      );
      if (other > 0.15) {
        console.log(
          `WARNING: ${pct(other)} of the machine went to other processes or kernel work (disk writeback counts ` +
            'here too); if other jobs were running, the figures are not reliable.',
        );
      }
    }
    console.log('');
    console.log(
      `throughput ratio ${throughputRatio} (lifecycle ÷ baseline actions/s; target ≥ ${targets.throughputRatioMin}): ` +
        (throughputPass ? 'PASS' : 'MISS'),
    );
    console.log(
      `p99 ratio ${p99Ratio} (lifecycle ÷ baseline p99; target ≤ ${targets.p99RatioMax}): ` +
        (p99Pass ? 'PASS' : 'MISS'),
    );
    if (failures > 0) {
      console.log(`\n${failures} failed actions (first few):`);
      for (const f of [...lifecyclePhase.failures, ...baselinePhase.failures].slice(0, 5))
        console.log(' ', f);
    }

    const at = new Date();
    const result = {
      benchmark: 'lifecycle',
      at: at.toISOString(),
      interrupted: stopping,
      config: { ...o, actionsPerCase: ACTIONS_PER_CASE, actions: ACTION_NAMES },
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null },
      targets,
      lifecycle,
      baseline,
      throughputRatio,
      p99Ratio,
      pass: { throughput: throughputPass, p99: p99Pass },
      failures: [...lifecyclePhase.failures, ...baselinePhase.failures].slice(0, 50),
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `lifecycle-${at.toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
    return failures > 0 || stopping ? 1 : 0;
  } finally {
    console.log('tearing down…');
    await env.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
