// The one pure answer of a case to each message (domain/case.decide.ts), tested without Temporal or Postgres:
// regions as tracks of one aggregate, the case moving when every track has ended, add_region, and a check that
// what the catalogue says of each action (GET /api/actions) is what its transition does.
import { holidayCalendarRows } from '../../db/holiday-data';
import { refuseAction } from '../../domain/access';
import { HolidayCalendar } from '../../domain/calendar';
import {
  type CaseAggregate,
  type Decision,
  decideAction,
  decideWakeup,
  openCase,
} from '../../domain/case.decide';
import { type ActionName, actionSpec } from '../../domain/catalogue';
import type { Actor } from '../../domain/case.types';
import type { Role } from '../../domain/reference';
import { MAIN_LINE } from '../support/case-flow';

const MENGHAI = '532822';
const JINGHONG = '532801';
const MENGLA = '532823';
const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);

let ids = 0;
let clock = Date.parse('2026-03-02T02:00:00Z');
const ctx = () => ({
  newId: () => `id-${++ids}`,
  calendar,
  nowMs: clock,
  progressBulletinDays: 30,
});
const actor = (role: Role, regionCode: string): Actor => ({
  userId: `u-${role}-${regionCode}`,
  role,
  unitId: `${regionCode}-${role}`,
  regionCode,
});

function open(assisting: string[] = []): CaseAggregate {
  clock = Date.parse('2026-03-02T02:00:00Z');
  return openCase(
    'c1',
    '勐海打非〔2026〕1号',
    {
      title: 't',
      sector: 'other',
      leadRegionCode: MENGHAI,
      assistingRegionCodes: assisting,
      source: { kind: 'tip' },
      subjects: [{ kind: 'actual_controller', name: '张某' }],
    },
    new Date(clock).toISOString(),
  );
}

/** Takes an action as the workflow does: refused by the same rule as its validator, else decided. */
function take(
  a: CaseAggregate,
  role: Role,
  action: string,
  body: Record<string, unknown>,
  callerRegion = MENGHAI,
): Decision {
  clock += 3600_000;
  const name = action as ActionName;
  const scope = actionSpec(name).scope;
  // As the API does: a regional action's regionCode names the track (the caller's own when absent).
  const { regionCode: named, ...rest } = body as { regionCode?: string };
  const region = scope === 'region' ? (named ?? callerRegion) : callerRegion;
  const payload = scope === 'region' ? rest : body;
  const track = scope === 'region' ? a.tracks.find((t) => t.code === region) : undefined;
  const refusal = refuseAction(name, {
    caller: { userId: 'u', role, unitId: `${callerRegion}-${role}`, regionCode: callerRegion },
    caseState: a.kase,
    region: track,
    casePhase: a.kase.phase,
    leadRegionCode: a.kase.leadRegionCode,
  });
  if (refusal) throw refusal;
  return decideAction(
    a,
    {
      action: name,
      payload,
      actor: actor(role, callerRegion),
      occurredAt: new Date(clock).toISOString(),
      idempotencyKey: null,
      regionCode: scope === 'region' ? region : null,
    },
    ctx(),
    `e-${++ids}`,
  );
}

const stages = (a: CaseAggregate) => Object.fromEntries(a.tracks.map((t) => [t.code, t.stage]));
const REFER = { suspectedOffence: '非法吸收公众存款罪', findings: '数额巨大' };

describe('regions are tracks of one case', () => {
  test('When a three-region case is referred, then every track enters police filing and each police gets its own 移送书', () => {
    let a = open([JINGHONG, MENGLA]);
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;

    const d = take(a, 'financial_office', 'refer_to_police', REFER);

    expect(stages(d.state)).toEqual({
      [MENGHAI]: 'police_filing',
      [JINGHONG]: 'police_filing',
      [MENGLA]: 'police_filing',
    });
    expect(d.events[0].notices.map((n) => n.addressee)).toEqual([
      { role: 'police', regionCode: MENGHAI },
      { role: 'police', regionCode: JINGHONG },
      { role: 'police', regionCode: MENGLA },
    ]);
    const transfer = d.deadlines.filter((x) => x.rule === 'TRANSFER_FILING_REVIEW').map((x) => x.regionCode);
    expect(transfer).toEqual([MENGHAI, JINGHONG, MENGLA]);
    expect(d.tracksChanged.sort()).toEqual([JINGHONG, MENGHAI, MENGLA].sort());
  });

  test('When the referral names one region, then only there does the transfer clock (经济犯罪规定 第十六条) run and elsewhere the police review under 第十五条', () => {
    let a = open([JINGHONG]);
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;

    const d = take(a, 'financial_office', 'refer_to_police', { ...REFER, regionCodes: [JINGHONG] });

    expect(d.events[0].notices).toHaveLength(1);
    expect(d.deadlines.filter((x) => x.rule === 'TRANSFER_FILING_REVIEW').map((x) => x.regionCode)).toEqual([
      JINGHONG,
    ]);
    expect(
      d.deadlines
        .filter((x) => x.rule === 'FILING_REVIEW')
        .map((x) => x.regionCode)
        .sort(),
    ).toEqual([MENGHAI]);
    expect(() => take(a, 'financial_office', 'refer_to_police', { ...REFER, regionCodes: [MENGLA] })).toThrow(
      '移送地区不是本案的涉案地区',
    );
  });

  test('When one track declines and the other reaches an effective judgment, then the case moves on with a stage_changed event', () => {
    let a = open([JINGHONG]);
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;
    a = take(a, 'financial_office', 'refer_to_police', REFER).state;
    a = take(a, 'police', 'decline_filing', { reason: 'x' }, JINGHONG).state;
    expect(a.kase.phase).toBe('regional');
    for (const s of MAIN_LINE.slice(2, 13)) a = take(a, s.role as Role, s.action, s.body, s.region).state;

    const d = take(a, 'court', 'deliver_final_judgment', MAIN_LINE[13].body, MAIN_LINE[13].region);

    expect(d.state.kase.phase).toBe('asset_disposition');
    expect(d.events.map((e) => e.action)).toEqual(['deliver_final_judgment', 'stage_changed']);
    expect(d.state.tracks.every((t) => t.casePhase === 'asset_disposition')).toBe(true);
    expect(d.state.kase.regions.map((r) => r.outcome)).toEqual(['judgment_effective', 'unfiled']);
  });

  test('When every track ends without a case, then the case returns to early warning and every track is pending again', () => {
    let a = open([JINGHONG]);
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;
    a = take(a, 'financial_office', 'refer_to_police', REFER).state;
    a = take(a, 'police', 'decline_filing', { reason: 'x' }, JINGHONG).state;

    const d = take(a, 'police', 'decline_filing', { reason: 'x' }, MENGHAI);

    expect(d.state.kase.phase).toBe('early_warning');
    expect(stages(d.state)).toEqual({ [MENGHAI]: 'pending', [JINGHONG]: 'pending' });
  });

  test('When the appeal window elapses on its timer, then the judgment takes effect and the case moves on in the same step', () => {
    let a = open();
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;
    for (const s of MAIN_LINE.slice(1, 11)) a = take(a, s.role as Role, s.action, s.body, s.region).state;
    const window = a.tracks[0].deadlines.find((x) => x.rule === 'APPEAL_WINDOW' && x.state === 'running')!;

    const d = decideWakeup(
      a,
      { atMs: 0, deadlineId: window.id, kind: 'due' },
      new Date(clock).toISOString(),
      ctx(),
    );

    expect(d.events.map((e) => e.action)).toEqual(['judgment_effective', 'stage_changed']);
    expect(d.state.kase.phase).toBe('asset_disposition');
  });

  test('When a region is added in the separate phase, then its track starts in police filing with its own clocks', () => {
    let a = open([JINGHONG]);
    a = take(a, 'financial_office', 'issue_warning', { findings: 'x' }).state;
    a = take(a, 'financial_office', 'refer_to_police', REFER).state;

    const d = take(a, 'financial_office', 'add_region', { regionCode: MENGLA });

    expect(d.tracksAdded).toEqual([MENGLA]);
    const added = d.state.tracks.find((t) => t.code === MENGLA)!;
    expect([added.stage, added.role, added.crossRegion]).toEqual(['police_filing', 'assisting', true]);
    expect(d.deadlines.filter((x) => x.regionCode === MENGLA).map((x) => x.rule)).toEqual(['FILING_REVIEW']);
    expect(() => take(d.state, 'financial_office', 'add_region', { regionCode: MENGLA })).toThrow('已是本案');
  });

  test('When requirements are set twice, then versions count up and later actions record the version in force', () => {
    let a = open([JINGHONG]);
    const body = { registrationCriteria: 'a', evidenceStandards: 'b', disposalPrinciples: 'c' };
    a = take(a, 'financial_office', 'set_requirements', body).state;
    a = take(a, 'financial_office', 'set_requirements', { ...body, objectionDays: 10 }).state;

    const d = take(a, 'township', 'record_stabilization_measure', { measure: 'm' }, JINGHONG);

    expect(a.kase.requirements.map((r) => r.version)).toEqual([1, 2]);
    expect(d.events[0].requirementsVersion).toBe(2);
  });
});

describe('clocks as the law has them', () => {
  const filed = () => {
    let a = open();
    for (const s of MAIN_LINE.slice(0, 5)) a = take(a, s.role as Role, s.action, s.body).state;
    return a;
  };

  test('When a freeze term is paused (公安程序规定 第二百四十三条 has no pause), then it is refused; custody pauses for a psychiatric assessment (刑诉法 第一百四十九条)', () => {
    let a = take(filed(), 'police', 'freeze_assets', {
      assetKind: 'deposit',
      holderName: 'h',
      institution: 'i',
      accountNo: '6228480000000001234',
      amountFen: 1,
    }).state;
    const term = a.tracks[0].deadlines.find((d) => d.rule === 'FREEZE_DEPOSIT')!;
    expect(() =>
      take(a, 'police', 'pause_deadline', { deadlineId: term.id, reason: 'psychiatric_assessment' }),
    ).toThrow('不因');
    const custody = a.tracks[0].deadlines.find((d) => d.rule === 'INVESTIGATION_CUSTODY')!;
    a = take(a, 'police', 'pause_deadline', {
      deadlineId: custody.id,
      reason: 'psychiatric_assessment',
    }).state;
    expect(a.tracks[0].deadlines.find((d) => d.id === custody.id)!.state).toBe('paused');
  });

  test('When the review restarts after supplementary investigation (刑诉法 第一百七十五条第三款), then it may be extended again (第一百七十二条)', () => {
    let a = take(filed(), 'police', 'transfer_for_prosecution', MAIN_LINE[5].body).state;
    a = take(a, 'procuratorate', 'extend_prosecution_review', { reason: '案情重大复杂' }).state;
    a = take(a, 'procuratorate', 'return_for_supplementary_investigation', MAIN_LINE[6].body).state;
    a = take(a, 'police', 'transfer_for_prosecution', MAIN_LINE[7].body).state;

    const d = take(a, 'procuratorate', 'extend_prosecution_review', { reason: '案情重大复杂' });

    const running = d.state.tracks[0].deadlines.find(
      (x) => x.rule === 'PROSECUTION_REVIEW' && x.state === 'running',
    )!;
    expect(running.extensions).toEqual(['major_complex']);
  });
});

describe('the catalogue says what each transition does', () => {
  // Every action of the main line plus the side tracks, each checked against its catalogue entry.
  type Body = Record<string, unknown> | ((a: CaseAggregate) => Record<string, unknown>);
  const SIDE: { role: Role; action: string; body: Body; region?: string }[] = [
    {
      role: 'petition_bureau',
      action: 'log_petition',
      body: { petitionerName: '李某', summary: 's', channel: 'visit' },
    },
    {
      role: 'petition_bureau',
      action: 'answer_petition',
      body: (a) => ({ petitionId: a.tracks[0].petitions[0].id, result: 'explain', opinion: 'o' }),
    },
    { role: 'township', action: 'record_stabilization_measure', body: { measure: 'm' } },
    { role: 'financial_office', action: 'send_progress_bulletin', body: { progress: 'p' } },
  ];

  test('When each action is taken, then its notices, started and stopped deadlines are among those its catalogue entry lists', () => {
    let a = open();
    const checked: string[] = [];
    const steps: { role: string; action: string; body: Body; region?: string }[] = [
      ...MAIN_LINE.slice(0, 3),
      ...SIDE,
      ...MAIN_LINE.slice(3, 5),
      // The arrest executed, and its 24-hour duties (刑诉法 第九十三条第二款、第九十四条) recorded by the police.
      {
        role: 'police',
        action: 'execute_arrest',
        body: (x: CaseAggregate) => ({
          suspectId: x.tracks[0].suspects!.find((y) => y.custody === 'arrested')!.id,
          detail: '持逮捕证执行',
        }),
      },
      ...(['family_notice', 'interrogation'] as const).map((duty) => ({
        role: 'police',
        action: 'record_custody_duty',
        body: (x: CaseAggregate) => ({
          suspectId: x.tracks[0].suspects!.find((y) => y.custody === 'arrested')!.id,
          duty,
          detail: '已办理',
        }),
      })),
      ...MAIN_LINE.slice(5),
    ];
    for (const s of steps) {
      const before = new Map(
        [...a.kase.deadlines, ...a.tracks.flatMap((t) => t.deadlines)].map((x) => [x.id, x.state]),
      );
      const body = typeof s.body === 'function' ? s.body(a) : s.body;
      const d = take(a, s.role as Role, s.action, body, s.region ?? MENGHAI);
      const spec = actionSpec(s.action as ActionName);
      const own = d.events[0];
      expect([s.action, own.notices.map((n) => n.kind).filter((k) => !spec.notices.includes(k))]).toEqual([
        s.action,
        [],
      ]);
      const started = d.deadlines.filter((x) => !before.has(x.id)).map((x) => x.rule);
      expect([s.action, started.filter((r) => !spec.startsDeadlines.includes(r))]).toEqual([s.action, []]);
      const stopped = d.deadlines
        .filter((x) => before.get(x.id) === 'running' && x.state !== 'running' && x.endedBy === s.action)
        .map((x) => x.rule);
      expect([s.action, stopped.filter((r) => !spec.stopsDeadlines.includes(r))]).toEqual([s.action, []]);
      checked.push(s.action);
      a = d.state;
    }
    expect(a.kase.phase).toBe('closed');
    expect(checked.length).toBeGreaterThan(15);
  });
});
