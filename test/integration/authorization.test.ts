// Authorization declared once and tested whole (issue 14, build 2). Every route × role, and every action ×
// role × region, is asked over HTTP of the real stack and its answer compared with what the declarations
// (route access, the action catalogue's roles, lead-region rule and scope) say; every refused request is
// shown to write nothing (rows counted before and after). The stage dimension is checked through the
// allowedActions each caller is shown on a case in detection.
import { loadConfig } from '../../config';
import { buildRoutes } from '../../api/app';
import { ACTION_NAMES, actionSpec } from '../../domain/catalogue';
import { ROLES } from '../../domain/reference';
import type { RegionState } from '../../domain/case.types';
import { actingRegionOf } from '../../domain/tracks/courts';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';
import { sampleOf } from '../support/schema-sample';

const LEAD = '532822';
const ASSISTING = '532801';
const PREFECTURE = '532800';
const OUTSIDER = '532823';
const REGIONS = [LEAD, ASSISTING, PREFECTURE, OUTSIDER];

let api: TestApi;
const caseIds: string[] = [];
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** Runs `jobs` with at most `n` requests in flight. */
async function pool<T>(jobs: (() => Promise<T>)[], n = 6): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

// Tables other cases' background timers may write to are counted for this file's cases only; counters and
// chain heads shared by every case are left out.
const CASE_TABLES = [
  'case_events',
  'case_regions',
  'deadlines',
  'notices',
  'participants',
  'claims',
  'refund_rounds',
];
const GLOBAL_TABLES = [
  'cases',
  'users',
  'units',
  'sessions',
  'api_keys',
  'sign_in_failures',
  'tips',
  'tip_reporter_reads',
  'idempotency_requests',
  'jobs',
  'calendar_days',
  'calendar_years',
];
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of CASE_TABLES) {
    const [{ n }] = await api.db(t).whereIn('case_id', caseIds).count<{ n: string }[]>('* as n');
    out[t] = Number(n);
  }
  for (const t of GLOBAL_TABLES) {
    const [{ n }] = await api.db(t).count<{ n: string }[]>('* as n');
    out[t] = Number(n);
  }
  return out;
}

async function openCrossRegionCase(): Promise<string> {
  const res = await api.call('POST', '/api/cases', {
    token: token('financial_office', LEAD),
    body: openingBody({ assistingRegionCodes: [ASSISTING] }),
  });
  expect(res.status).toBe(201);
  caseIds.push(res.body.id);
  return res.body.id;
}

const fill = (path: string) =>
  path.replace(':year', '2026').replace(':n', '1').replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');

test('Every route × role answers as its declared access says, and refused calls write nothing', async () => {
  const routes = buildRoutes({
    config: loadConfig({ APP_MODE: 'development' }),
    db: null as never,
    temporal: null as never,
    pdf: null as never,
  });
  type Cell = { method: string; path: string; role: string | null; refused: boolean };
  const cells: Cell[] = [];
  for (const r of routes) {
    for (const role of [null, ...ROLES]) {
      const refused =
        r.access === 'public'
          ? false
          : role === null || (r.access !== 'authenticated' && !r.access.includes(role));
      cells.push({ method: r.method.toUpperCase(), path: fill(r.path), role, refused });
    }
  }
  const ask = (c: Cell) => () =>
    api.call(c.method, c.path, {
      ...(c.role ? { token: token(c.role) } : {}),
      ...(['POST', 'PUT', 'PATCH'].includes(c.method) ? { body: {} } : {}),
    });
  const before = await rowCounts();
  const refused = cells.filter((c) => c.refused);
  const refusedAnswers = await pool(refused.map(ask));
  expect(await rowCounts()).toEqual(before);
  const wrong: string[] = [];
  refused.forEach((c, i) => {
    const want = c.role === null ? 401 : 403;
    const got = refusedAnswers[i];
    if (got.status !== want || got.body.code !== (want === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN'))
      wrong.push(`${c.method} ${c.path} as ${c.role ?? 'nobody'}: ${got.status}, wanted ${want}`);
  });
  const allowed = cells.filter((c) => !c.refused);
  const allowedAnswers = await pool(allowed.map(ask));
  allowed.forEach((c, i) => {
    const got = allowedAnswers[i].status;
    if (got === 401 || got === 403 || got >= 500)
      wrong.push(`${c.method} ${c.path} as ${c.role ?? 'nobody'}: ${got}, wanted access`);
  });
  expect(wrong).toEqual([]);
  console.log(
    `route × role matrix: ${routes.length} routes × ${ROLES.length + 1} callers = ${cells.length} cells (${refused.length} refused)`,
  );
});

test('Every action × role × region answers as the catalogue says, on a closed case, and writes nothing', async () => {
  const id = await openCrossRegionCase();
  // A reused key with another body is a 409 CONFLICT (the key is checked after authorization).
  const key = `dismiss-${id}`;
  const office = token('financial_office', LEAD);
  const first = await api.call('POST', `/api/cases/${id}/actions/dismiss_lead`, {
    token: office,
    body: { reason: '经核查系正常经营' },
    headers: { 'idempotency-key': key },
  });
  expect(first.status).toBe(200);
  const reused = await api.call('POST', `/api/cases/${id}/actions/dismiss_lead`, {
    token: office,
    body: { reason: '另一理由' },
    headers: { 'idempotency-key': key },
  });
  expect(reused.status).toBe(409);
  expect(reused.body.code).toBe('CONFLICT');

  // A regional action names its track: the caller's own region where the case has one, else the lead's. Its
  // unit is that track's own, or the one its `actingUnit` names (the court or body above, docs/decisions/0021),
  // here for tracks that never reached trial (the case was dismissed at detection).
  const trackOf = (region: string) => ([LEAD, ASSISTING].includes(region) ? region : LEAD);
  const actingOn = (spec: ReturnType<typeof actionSpec>, track: string) =>
    spec.actingUnit ? actingRegionOf(spec.actingUnit, { code: track } as RegionState) : track;
  type Cell = { action: string; role: string | null; region: string; want: [number, string] };
  const cells: Cell[] = [];
  for (const action of ACTION_NAMES) {
    const spec = actionSpec(action);
    cells.push({ action, role: null, region: LEAD, want: [401, 'UNAUTHENTICATED'] });
    for (const role of ROLES) {
      for (const region of REGIONS) {
        let want: [number, string];
        if (region === OUTSIDER) want = [404, 'NOT_FOUND'];
        else if (!spec.roles.includes(role)) want = [403, 'FORBIDDEN'];
        else if (
          spec.leadOnly &&
          region !== LEAD &&
          !(region === ASSISTING && (spec.assistingRoles?.includes(role) ?? false))
        )
          want = [403, 'FORBIDDEN'];
        else if (spec.scope === 'region' && actingOn(spec, trackOf(region)) !== region)
          want = [403, 'FORBIDDEN'];
        else if (spec.notAvailable) want = [501, 'NOT_AVAILABLE'];
        else want = [409, 'INVALID_TRANSITION'];
        cells.push({ action, role, region, want });
      }
    }
  }
  const before = await rowCounts();
  const answers = await pool(
    cells.map((c) => () => {
      const spec = actionSpec(c.action as never);
      const body = sampleOf(spec.payloadSchema) as Record<string, unknown>;
      // A regional action names its track: the caller's own region where the case has one, else the lead's.
      if (spec.scope === 'region') body.regionCode = trackOf(c.region);
      return api.call('POST', `/api/cases/${id}/actions/${c.action}`, {
        ...(c.role ? { token: token(c.role, c.region) } : {}),
        body,
      });
    }),
  );
  expect(await rowCounts()).toEqual(before);
  const wrong = cells.flatMap((c, i) =>
    answers[i].status === c.want[0] && answers[i].body.code === c.want[1]
      ? []
      : [
          `${c.action} as ${c.role ?? 'nobody'}@${c.region}: ${answers[i].status} ${answers[i].body.code} ${answers[i].body.detail}, wanted ${c.want.join(' ')}`,
        ],
  );
  expect(wrong).toEqual([]);
  const refused = cells.filter((c) => c.want[0] === 401 || c.want[0] === 403 || c.want[0] === 404).length;
  console.log(
    `action × role × region matrix: ${ACTION_NAMES.length} actions × ${ROLES.length} roles × ${REGIONS.length} regions + ${ACTION_NAMES.length} unauthenticated = ${cells.length} cells (${refused} refused by who or where)`,
  );
});

test('On a case in detection, each caller is offered exactly the actions the catalogue gives their role, region and stage', async () => {
  const id = await openCrossRegionCase();
  const wrong: string[] = [];
  const callers = ROLES.flatMap((role) => REGIONS.map((region) => ({ role, region })));
  const answers = await pool(
    callers.map((c) => () => api.call('GET', `/api/cases/${id}`, { token: token(c.role, c.region) })),
  );
  callers.forEach(({ role, region }, i) => {
    const res = answers[i];
    if (region === OUTSIDER) {
      if (res.status !== 404) wrong.push(`${role}@${region}: ${res.status}, wanted 404`);
      return;
    }
    const candidates = ACTION_NAMES.filter((name) => {
      const s = actionSpec(name);
      return (
        s.roles.includes(role) &&
        (!s.leadOnly || region === LEAD) &&
        (s.scope === 'case' || region !== PREFECTURE) &&
        !s.notAvailable &&
        (s.stages.includes('detection') || s.stages.includes('open'))
      );
    });
    const offered: string[] = res.body.allowedActions;
    for (const a of offered)
      if (!candidates.includes(a as never)) wrong.push(`${role}@${region} offered ${a}`);
    // What the declarations allow but the case's state does not yet (e.g. answering a petition never logged)
    // must be an action with a precondition.
    for (const a of candidates)
      if (!offered.includes(a) && !actionSpec(a).precondition)
        wrong.push(`${role}@${region} not offered ${a}`);
  });
  expect(wrong).toEqual([]);
  expect(
    answers[callers.findIndex((c) => c.role === 'financial_office' && c.region === LEAD)].body.allowedActions,
  ).toEqual(expect.arrayContaining(['dismiss_lead', 'issue_warning']));
});
