// The court and non-prosecution parts of issue 13 (docs/decisions/0021), through the actions as the workflow
// takes them (the same refusal as its validator, then the pure decision), and the rules through the
// calculator: the trial clock from the court's receipt, the second instance and the extension approvals by
// the court above, 发回重审, the review recounted after supplementary investigation, 速裁, 不起诉 by type with
// its remedies, property execution, and pauses only where the law has them.
import { holidayCalendarRows } from '../../db/holiday-data';
import { refuseAction } from '../../domain/access';
import { HolidayCalendar } from '../../domain/calendar';
import { type CaseAggregate, type Decision, decideAction, openCase } from '../../domain/case.decide';
import { applyCaseReturn } from '../../domain/case.machine';
import { type ActionName, actionSpec } from '../../domain/catalogue';
import type { Actor, Deadline, RegionState } from '../../domain/case.types';
import { type DeadlineRuleCode, canPause, computeRuleDue } from '../../domain/deadlines';
import { issuerRegionOf, legalBasisOf } from '../../domain/notices';
import type { Role } from '../../domain/reference';
import { MAIN_LINE } from '../support/case-flow';

const MENGHAI = '532822';
const PREFECTURE = '532800';
const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);

let ids = 0;
let clock = 0;
const ctx = () => ({ newId: () => `id-${++ids}`, calendar, nowMs: clock, progressBulletinDays: 30 });
const actor = (role: Role, regionCode: string): Actor => ({
  userId: `u-${role}-${regionCode}`,
  role,
  unitId: `${regionCode}-${role}`,
  regionCode,
});

/** Takes an action as the workflow does; `on` dates it (09:00 Shanghai), else an hour after the last one. */
function take(
  a: CaseAggregate,
  role: Role,
  action: string,
  body: Record<string, unknown>,
  o: { caller?: string; on?: string } = {},
): Decision {
  clock = o.on ? Date.parse(`${o.on}T09:00:00+08:00`) : clock + 3600_000;
  const callerRegion = o.caller ?? MENGHAI;
  const name = action as ActionName;
  const scope = actionSpec(name).scope;
  const { regionCode: named, ...rest } = body as { regionCode?: string };
  const region = scope === 'region' ? (named ?? callerRegion) : callerRegion;
  const payload = scope === 'region' ? rest : body;
  const refusal = refuseAction(name, {
    caller: { userId: 'u', role, unitId: `${callerRegion}-${role}`, regionCode: callerRegion },
    caseState: a.kase,
    region: scope === 'region' ? a.tracks.find((t) => t.code === region) : undefined,
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

/** The refusal's code, or 'ALLOWED' when the action went through. */
const outcome = (f: () => unknown): string => {
  try {
    f();
    return 'ALLOWED';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

const track = (a: CaseAggregate): RegionState => a.tracks[0];
const open = (a: CaseAggregate, rule: DeadlineRuleCode): Deadline | undefined =>
  track(a).deadlines.find((d) => d.rule === rule && (d.state === 'running' || d.state === 'paused'));

function opened(): CaseAggregate {
  clock = Date.parse('2026-03-02T09:00:00+08:00');
  return openCase(
    'c1',
    '勐海打非〔2026〕1号',
    {
      title: 't',
      sector: 'other',
      leadRegionCode: MENGHAI,
      assistingRegionCodes: [],
      source: { kind: 'tip' },
      subjects: [{ kind: 'actual_controller', name: '张某' }],
    },
    new Date(clock).toISOString(),
  );
}

/** Up to the arrest (MAIN_LINE 0–4): filed, the suspect in custody. */
function filed(): CaseAggregate {
  let a = opened();
  for (const s of MAIN_LINE.slice(0, 5)) a = take(a, s.role as Role, s.action, s.body).state;
  return a;
}
const TRANSFER = MAIN_LINE[5].body;
const INDICT = MAIN_LINE[8].body;
const JUDGMENT = MAIN_LINE[10].body;
const FINAL = { ...MAIN_LINE[13].body, regionCode: MENGHAI };
const court = { caller: PREFECTURE };

/** Indicted on 2026-04-01 (Wednesday), before the court. */
function indicted(extra: Record<string, unknown> = {}): CaseAggregate {
  let a = take(filed(), 'police', 'transfer_for_prosecution', TRANSFER, { on: '2026-03-20' }).state;
  a = take(a, 'procuratorate', 'indict', { ...INDICT, ...extra }, { on: '2026-04-01' }).state;
  return a;
}

describe('the trial clock starts when the court receives the case (刑诉法 第二百零八条)', () => {
  test('When the procuratorate indicts, then no trial clock runs and a judgment is refused until the court receives the case', () => {
    const a = indicted();
    expect(open(a, 'FIRST_INSTANCE_TRIAL')).toBeUndefined();
    expect(outcome(() => take(a, 'court', 'deliver_judgment', JUDGMENT))).toBe('INVALID_TRANSITION');
  });

  test('When the court receives it on 2026-04-08, then the first-instance term of two months runs from that day (刑诉法 第二百零八条第一款)', () => {
    const a = take(indicted(), 'court', 'receive_case', { receipt: '立案登记' }, { on: '2026-04-08' }).state;
    expect(open(a, 'FIRST_INSTANCE_TRIAL')).toMatchObject({ startedOn: '2026-04-08', dueOn: '2026-06-08' });
    expect(outcome(() => take(a, 'court', 'receive_case', {}))).toBe('INVALID_TRANSITION');
  });

  test('When the court extends to the third month itself, then a second extension of its own is refused (刑诉法 第二百零八条第一款: 至迟不得超过三个月)', () => {
    let a = take(indicted(), 'court', 'receive_case', {}, { on: '2026-04-08' }).state;
    a = take(a, 'court', 'extend_trial', { reason: '案情复杂' }).state;
    expect(open(a, 'FIRST_INSTANCE_TRIAL')!.dueOn).toBe('2026-07-08');
    expect(outcome(() => take(a, 'court', 'extend_trial', { reason: '案情复杂' }))).toBe(
      'INVALID_TRANSITION',
    );
  });
});

describe('延期审理 for 补充侦查 (刑诉法 第二百零四条第二项、第二百零五条、第二百零八条第三款)', () => {
  test('When the court postpones for the procuratorate’s 补充侦查, then it has a month, and the trial term is counted afresh when the case comes back; a third postponement is refused', () => {
    let a = take(indicted(), 'court', 'receive_case', {}, { on: '2026-04-08' }).state;
    const postpone = { reason: '公诉人建议补充侦查' };
    a = take(a, 'court', 'postpone_for_supplementary_investigation', postpone, { on: '2026-04-20' }).state;
    expect(open(a, 'FIRST_INSTANCE_TRIAL')).toBeUndefined();
    expect(open(a, 'TRIAL_SUPPLEMENTARY_INVESTIGATION')).toMatchObject({
      responsibleRole: 'procuratorate',
      dueOn: '2026-05-20',
    });
    expect(outcome(() => take(a, 'court', 'deliver_judgment', JUDGMENT))).toBe('INVALID_TRANSITION');
    a = take(a, 'court', 'receive_case', {}, { on: '2026-05-10' }).state;
    expect(open(a, 'FIRST_INSTANCE_TRIAL')).toMatchObject({ startedOn: '2026-05-10', dueOn: '2026-07-10' });
    expect(track(a).deadlines.find((d) => d.rule === 'TRIAL_SUPPLEMENTARY_INVESTIGATION')!.state).toBe('met');
    a = take(a, 'court', 'postpone_for_supplementary_investigation', postpone).state;
    a = take(a, 'court', 'receive_case', {}).state;
    expect(outcome(() => take(a, 'court', 'postpone_for_supplementary_investigation', postpone))).toBe(
      'INVALID_TRANSITION',
    );
  });
});

describe('extension applications to the court above (刑诉法 第二百零八条第一款、第二百四十三条；刑诉解释 第二百一十条)', () => {
  const received = () => take(indicted(), 'court', 'receive_case', {}, { on: '2026-04-08' }).state;
  const apply = { ground: 'article_158', reason: '犯罪涉及面广，取证困难' };

  test('When the county court applies less than 15 days before the term ends, then it is refused (刑诉解释 第二百一十条)', () => {
    expect(
      outcome(() => take(received(), 'court', 'apply_trial_extension', apply, { on: '2026-05-27' })),
    ).toBe('INVALID_TRANSITION');
  });

  test('When it applies in time, then only the intermediate court decides, and its approval adds three months', () => {
    const a = take(received(), 'court', 'apply_trial_extension', apply, { on: '2026-05-20' }).state;
    expect(track(a).trialExtensionApplied).toBe('higher_court_approval');
    expect(
      outcome(() => take(a, 'court', 'decide_trial_extension', { approved: true, reason: '同意' })),
    ).toBe('FORBIDDEN');
    const d = take(
      a,
      'court',
      'decide_trial_extension',
      { regionCode: MENGHAI, approved: true, reason: '同意' },
      court,
    );
    expect(open(d.state, 'FIRST_INSTANCE_TRIAL')).toMatchObject({
      dueOn: '2026-09-08',
      extensions: ['higher_court_approval'],
    });
    expect(track(d.state).trialExtensionApplied).toBeNull();
  });

  test('When the intermediate court refuses, then the term stays and the court may not apply for the same extension twice at once', () => {
    let a = take(received(), 'court', 'apply_trial_extension', apply, { on: '2026-05-20' }).state;
    expect(outcome(() => take(a, 'court', 'apply_trial_extension', apply))).toBe('INVALID_TRANSITION');
    a = take(
      a,
      'court',
      'decide_trial_extension',
      { regionCode: MENGHAI, approved: false, reason: '不同意' },
      court,
    ).state;
    expect(open(a, 'FIRST_INSTANCE_TRIAL')!.dueOn).toBe('2026-06-08');
  });
});

describe('the second instance is the intermediate court’s (刑诉法 第二百四十三条)', () => {
  const appealed = () => {
    let a = take(indicted(), 'court', 'receive_case', {}, { on: '2026-04-08' }).state;
    a = take(a, 'court', 'deliver_judgment', JUDGMENT, { on: '2026-05-08' }).state;
    return take(a, 'court', 'file_appeal', { appellant: '张某' }, { on: '2026-05-12' }).state;
  };

  test('When an appeal is filed, then no clock starts until the intermediate court receives it, and the county court cannot receive it', () => {
    const a = appealed();
    expect(open(a, 'SECOND_INSTANCE_TRIAL')).toBeUndefined();
    expect(outcome(() => take(a, 'court', 'receive_case', {}))).toBe('FORBIDDEN');
    const b = take(a, 'court', 'receive_case', { regionCode: MENGHAI }, { ...court, on: '2026-05-15' }).state;
    // The intermediate court's clock (刑诉法 第二百四十三条): its unit answers for it and is reminded.
    expect(open(b, 'SECOND_INSTANCE_TRIAL')).toMatchObject({
      startedOn: '2026-05-15',
      dueOn: '2026-07-15',
      responsibleRegionCode: PREFECTURE,
    });
    expect(open(a, 'APPEAL_WINDOW')).toBeUndefined();
  });

  test('When the second instance decides, then only the intermediate court’s officers may deliver it', () => {
    const a = take(appealed(), 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    expect(outcome(() => take(a, 'court', 'deliver_final_judgment', FINAL))).toBe('FORBIDDEN');
    const d = take(a, 'court', 'deliver_final_judgment', FINAL, court);
    expect(track(d.state).outcome).toBe('judgment_effective');
    expect(d.events[0].notices[0].facts).toMatchObject({ instance: 2 });
  });

  test('When the second instance applies for two more months (第二百四十三条), then the trying court records 云南省高级人民法院’s decision by its number', () => {
    let a = take(
      appealed(),
      'court',
      'receive_case',
      { regionCode: MENGHAI },
      { ...court, on: '2026-05-15' },
    ).state;
    a = take(a, 'court', 'apply_trial_extension', { regionCode: MENGHAI, ...apply0 }, court).state;
    const decide = { regionCode: MENGHAI, approved: true, reason: '同意' };
    expect(outcome(() => take(a, 'court', 'decide_trial_extension', decide, court))).toBe(
      'VALIDATION_FAILED',
    );
    const d = take(
      a,
      'court',
      'decide_trial_extension',
      { ...decide, approvalDocNo: '云高法刑延〔2026〕3号' },
      court,
    );
    expect(open(d.state, 'SECOND_INSTANCE_TRIAL')).toMatchObject({
      dueOn: '2026-09-15',
      extensions: ['high_court_approval'],
    });
  });
  const apply0 = { ground: 'civil_claim', reason: '附带民事诉讼' };

  test('When the intermediate court remands (刑诉法 第二百三十六条第一款第（三）项), then the county court tries it again with a term counted afresh from its receipt (第二百四十一条)', () => {
    let a = take(appealed(), 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    expect(
      outcome(() =>
        take(a, 'court', 'remand_for_retrial', {
          defendants: ['张某'],
          ground: 'facts_unclear',
          reason: 'x',
        }),
      ),
    ).toBe('FORBIDDEN');
    a = take(
      a,
      'court',
      'remand_for_retrial',
      { regionCode: MENGHAI, defendants: ['张某'], ground: 'facts_unclear', reason: '事实不清' },
      { ...court, on: '2026-06-10' },
    ).state;
    expect(track(a)).toMatchObject({ trialInstance: 1, judgmentDelivered: false, retried: true });
    expect(open(a, 'SECOND_INSTANCE_TRIAL')).toBeUndefined();
    expect(outcome(() => take(a, 'court', 'deliver_judgment', JUDGMENT))).toBe('INVALID_TRANSITION');
    a = take(a, 'court', 'receive_case', {}, { on: '2026-06-15' }).state;
    const clocks = track(a).deadlines.filter((d) => d.rule === 'FIRST_INSTANCE_TRIAL');
    expect(clocks.map((d) => [d.state, d.startedOn])).toEqual([
      ['met', '2026-04-08'],
      ['running', '2026-06-15'],
    ]);
    // In custody: no roll-over past Saturday 08-15 (刑诉法 第一百零五条).
    expect(open(a, 'FIRST_INSTANCE_TRIAL')!.dueOn).toBe('2026-08-15');
  });

  test('When the retried case is appealed again, then a second remand for unclear facts is refused (第二百三十六条第二款) but a procedural one is not (第二百三十八条)', () => {
    let a = take(appealed(), 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    a = take(
      a,
      'court',
      'remand_for_retrial',
      { regionCode: MENGHAI, defendants: ['张某'], ground: 'facts_unclear', reason: 'x' },
      court,
    ).state;
    a = take(a, 'court', 'receive_case', {}, { on: '2026-06-15' }).state;
    a = take(a, 'court', 'deliver_judgment', JUDGMENT, { on: '2026-07-01' }).state;
    a = take(a, 'court', 'file_appeal', { appellant: '张某' }, { on: '2026-07-03' }).state;
    a = take(a, 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    const remand = (ground: string) =>
      take(
        a,
        'court',
        'remand_for_retrial',
        { regionCode: MENGHAI, defendants: ['张某'], ground, reason: 'x' },
        court,
      );
    expect(outcome(() => remand('facts_unclear'))).toBe('INVALID_TRANSITION');
    expect(outcome(() => remand('procedural_violation'))).toBe('ALLOWED');
  });
});

describe('a first instance at the intermediate court (刑诉法 第二十一条)', () => {
  test('When the gravest 集资诈骗 is indicted to the intermediate court, then its officers receive and judge it, and its judgment is the intermediate court’s (云28刑初)', () => {
    const a = indicted({
      courtLevel: 'intermediate',
      offence: '集资诈骗罪',
      court: '西双版纳傣族自治州中级人民法院',
    });
    const d0 = take(filed(), 'police', 'transfer_for_prosecution', TRANSFER);
    const indictment = take(d0.state, 'procuratorate', 'indict', { ...INDICT, courtLevel: 'intermediate' })
      .events[0].notices[0];
    expect(indictment.addressee).toEqual({ role: 'court', regionCode: PREFECTURE });
    expect(outcome(() => take(a, 'court', 'receive_case', {}))).toBe('FORBIDDEN');
    let b = take(a, 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    const judged = take(b, 'court', 'deliver_judgment', { ...JUDGMENT, regionCode: MENGHAI }, court);
    const facts = judged.events[0].notices[0].facts;
    expect(issuerRegionOf('judgment', facts, MENGHAI)).toBe(PREFECTURE);
    // Its appeal goes to 云南省高级人民法院 (530000).
    expect(issuerRegionOf('judgment', { ...facts, instance: 2 }, MENGHAI)).toBe('530000');
    b = judged.state;
    expect(track(b).firstInstanceCourt).toBe('intermediate');
    // 云南省高级人民法院 has no officers here: the intermediate court records its second instance.
    b = take(b, 'court', 'file_appeal', { regionCode: MENGHAI, appellant: '张某' }, court).state;
    expect(outcome(() => take(b, 'court', 'receive_case', {}))).toBe('FORBIDDEN');
    b = take(b, 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    const final = take(b, 'court', 'deliver_final_judgment', FINAL, court);
    expect(issuerRegionOf('judgment', final.events[0].notices[0].facts, MENGHAI)).toBe('530000');
  });
});

describe('prosecution review (刑诉法 第一百七十二条、第一百七十五条第三款)', () => {
  test('When the case comes back after supplementary investigation, then the review is recounted and may be extended by 15 days again, once', () => {
    let a = take(filed(), 'police', 'transfer_for_prosecution', TRANSFER, { on: '2026-03-20' }).state;
    a = take(a, 'procuratorate', 'extend_prosecution_review', { reason: '重大复杂' }).state;
    a = take(a, 'procuratorate', 'return_for_supplementary_investigation', { outline: 'x' }).state;
    a = take(a, 'police', 'transfer_for_prosecution', TRANSFER, { on: '2026-05-06' }).state;
    expect(track(a).prosecutionExtended).toBe(false);
    a = take(a, 'procuratorate', 'extend_prosecution_review', { reason: '重大复杂' }).state;
    // 05-06 + 1 month = 06-06, + 15 days = 06-21 (in custody: no roll-over).
    expect(open(a, 'PROSECUTION_REVIEW')).toMatchObject({ startedOn: '2026-05-06', dueOn: '2026-06-21' });
    expect(outcome(() => take(a, 'procuratorate', 'extend_prosecution_review', { reason: 'x' }))).toBe(
      'INVALID_TRANSITION',
    );
  });

  test('When a 速裁 case is transferred, then the review is 10 days, extended to 15 for a sentence over a year (刑诉法 第一百七十二条第一款)', () => {
    let a = take(
      filed(),
      'police',
      'transfer_for_prosecution',
      { ...TRANSFER, fastTrack: true },
      { on: '2026-03-20' },
    ).state;
    expect(open(a, 'PROSECUTION_REVIEW')).toBeUndefined();
    expect(open(a, 'FAST_TRACK_PROSECUTION_REVIEW')).toMatchObject({ dueOn: '2026-03-30' });
    a = take(a, 'procuratorate', 'extend_prosecution_review', { reason: '可能判处一年以上' }).state;
    expect(open(a, 'FAST_TRACK_PROSECUTION_REVIEW')).toMatchObject({
      dueOn: '2026-04-04',
      extensions: ['over_one_year'],
    });
    a = take(a, 'procuratorate', 'indict', INDICT).state;
    expect(track(a).deadlines.find((d) => d.rule === 'FAST_TRACK_PROSECUTION_REVIEW')!.state).toBe('met');
  });
});

describe('non-prosecution (刑诉法 第一百七十七条至第一百八十一条)', () => {
  const frozen = () => {
    let a = take(filed(), 'police', 'freeze_assets', {
      assetKind: 'deposit',
      holderName: 'h',
      institution: 'i',
      accountNo: '6228480000000001234',
      amountFen: 500,
    }).state;
    a = take(a, 'police', 'transfer_for_prosecution', TRANSFER).state;
    return a;
  };
  const decline = (a: CaseAggregate, body: Record<string, unknown>) =>
    take(a, 'procuratorate', 'decline_prosecution', { reason: '情节轻微', ...body }, { on: '2026-04-01' });

  test.each([
    ['statutory', '第一百七十七条第一款'],
    ['discretionary', '第一百七十七条第二款'],
    ['insufficient_evidence', '第一百七十五条第四款'],
  ])('When the decision is %s, then the 不起诉决定书 cites 刑诉法 %s', (type, article) => {
    const d = decline(frozen(), { type });
    const n = d.events[0].notices[0];
    expect(legalBasisOf('non_prosecution', n.facts)).toBe(`《中华人民共和国刑事诉讼法》${article}`);
    // Served on the person not prosecuted (第一百七十八条), sent to the police (第一百七十九条).
    expect(n.addressee).toEqual({ text: 'subjects' });
    expect(n.copyTo).toContainEqual({ role: 'police', regionCode: MENGHAI });
  });

  test('When it is declined, then the freezes are released with it (第一百七十七条第三款) and the victim’s 7 days run (第一百八十条); only a 酌定 one opens the person’s (第一百八十一条)', () => {
    const d = decline(frozen(), { type: 'discretionary' });
    const t = track(d.state);
    expect(t.freezes.map((f) => f.state)).toEqual(['released']);
    expect(t.deadlines.find((x) => x.rule === 'FREEZE_DEPOSIT')!.state).toBe('met');
    expect(open(d.state, 'NON_PROSECUTION_VICTIM_APPEAL')).toMatchObject({ dueOn: '2026-04-08' });
    expect(open(d.state, 'NON_PROSECUTION_PERSON_APPEAL')).toMatchObject({ dueOn: '2026-04-08' });
    const s = decline(frozen(), { type: 'statutory' }).state;
    expect(open(s, 'NON_PROSECUTION_PERSON_APPEAL')).toBeUndefined();
    expect(
      outcome(() =>
        take(s, 'procuratorate', 'record_non_prosecution_appeal', { by: 'person', summary: 'x' }),
      ),
    ).toBe('INVALID_TRANSITION');
  });

  test('When a 检察意见 goes to the 主管机关 for confiscation, then the freezes stay for that body (第一百七十七条第三款)', () => {
    const d = decline(frozen(), { type: 'discretionary', prosecutorialOpinion: '建议没收违法所得' });
    expect(track(d.state).freezes.map((f) => f.state)).toEqual(['frozen']);
    expect(d.events[0].notices[0].copyTo).toContainEqual({ role: 'financial_office', regionCode: MENGHAI });
  });

  test('When the police ask for 复议, then the procuratorate has 30 days (检察规则 第三百七十九条第二款), and 复核 is the procuratorate above’s (检察规则 第三百八十条)', () => {
    let a = decline(frozen(), { type: 'insufficient_evidence' }).state;
    expect(outcome(() => take(a, 'police', 'request_non_prosecution_review', { reason: 'x' }))).toBe(
      'INVALID_TRANSITION',
    );
    a = take(
      a,
      'police',
      'request_non_prosecution_reconsideration',
      { reason: '证据充分' },
      { on: '2026-04-03' },
    ).state;
    expect(open(a, 'NON_PROSECUTION_RECONSIDERATION')).toMatchObject({ dueOn: '2026-05-06' }); // 05-03 in the May holiday
    a = take(a, 'procuratorate', 'decide_non_prosecution_reconsideration', {
      upheld: true,
      reason: '维持',
    }).state;
    a = take(
      a,
      'police',
      'request_non_prosecution_review',
      { reason: '仍有异议' },
      { on: '2026-04-20' },
    ).state;
    expect(open(a, 'NON_PROSECUTION_REVIEW')).toMatchObject({ dueOn: '2026-05-20' });
    const decide = { upheld: false, reason: '撤销' };
    expect(outcome(() => take(a, 'procuratorate', 'decide_non_prosecution_review', decide))).toBe(
      'FORBIDDEN',
    );
    a = take(
      a,
      'procuratorate',
      'decide_non_prosecution_review',
      { ...decide, regionCode: MENGHAI },
      court,
    ).state;
    expect(track(a).nonProsecution).toMatchObject({ reconsideration: 'upheld', review: 'revoked' });
  });

  test('When the victim appeals within the 7 days and later, then both are recorded with whether they were in time (检察规则 第三百八十一条、第三百八十二条)', () => {
    let a = decline(frozen(), { type: 'statutory' }).state;
    a = take(
      a,
      'procuratorate',
      'record_non_prosecution_appeal',
      { by: 'victim', summary: 'x' },
      { on: '2026-04-05' },
    ).state;
    a = take(
      a,
      'procuratorate',
      'record_non_prosecution_appeal',
      { by: 'victim', summary: 'y' },
      { on: '2026-04-20' },
    ).state;
    expect(track(a).nonProsecution!.appeals.map((x) => x.inTime)).toEqual([true, false]);
  });
});

describe('a revoked non-prosecution reopens prosecution (检察规则 第三百七十九条第二款、第三百八十条)', () => {
  const declined = () => {
    let a = take(filed(), 'police', 'transfer_for_prosecution', TRANSFER, { on: '2026-03-20' }).state;
    a = take(
      a,
      'procuratorate',
      'decline_prosecution',
      { reason: '证据不足', type: 'insufficient_evidence' },
      { on: '2026-04-01' },
    ).state;
    return take(a, 'police', 'request_non_prosecution_reconsideration', { reason: '证据充分' }).state;
  };
  const may = (a: CaseAggregate, role: Role, name: string, caller = MENGHAI) =>
    refuseAction(name as ActionName, {
      caller: { userId: 'u', role, unitId: `${caller}-${role}`, regionCode: caller },
      caseState: a.kase,
      region: track(a),
      casePhase: a.kase.phase,
      leadRegionCode: a.kase.leadRegionCode,
    })?.code ?? 'ALLOWED';

  test('When the decision ended the only region, then the case left the separate phase and indict is refused', () => {
    const a = declined();
    expect(a.kase.phase).toBe('early_warning');
    expect(may(a, 'procuratorate', 'indict')).toBe('INVALID_TRANSITION');
  });

  test('When the 复议 revokes it (第三百七十九条第二款), then the region is back in 审查起诉, the case in the separate phase, and indict is allowed and works', () => {
    const d = take(declined(), 'procuratorate', 'decide_non_prosecution_reconsideration', {
      upheld: false,
      reason: '证据确实充分，应当起诉',
    });
    const a = d.state;
    expect(track(a)).toMatchObject({
      casePhase: 'regional',
      stage: 'prosecution',
      outcome: null,
      endedInStage: null,
      nonProsecution: {
        reconsideration: 'revoked',
        review: 'none',
        revokedOn: 'reconsideration',
        revokedAt: d.events[0].occurredAt,
      },
    });
    expect(a.kase.phase).toBe('regional');
    expect(a.kase.regions[0]).toMatchObject({ stage: 'prosecution', outcome: null });
    expect(d.events.map((e) => e.action)).toEqual([
      'decide_non_prosecution_reconsideration',
      'stage_changed',
    ]);
    expect(d.events[1].payload).toMatchObject({ phase: 'regional', from: 'early_warning' });
    // The 复议 clock is met; the victim's 申诉 window against a decision that no longer stands ends.
    const rules = (state: string) =>
      track(a)
        .deadlines.filter((x) => x.state === state)
        .map((x) => x.rule);
    expect(rules('met')).toEqual(
      expect.arrayContaining(['NON_PROSECUTION_RECONSIDERATION', 'NON_PROSECUTION_VICTIM_APPEAL']),
    );
    expect(open(a, 'NON_PROSECUTION_VICTIM_APPEAL')).toBeUndefined();
    // No review clock starts again (no article gives one), so there is nothing to extend.
    expect(open(a, 'PROSECUTION_REVIEW')).toBeUndefined();
    expect(outcome(() => take(a, 'procuratorate', 'extend_prosecution_review', { reason: '复杂' }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(may(a, 'procuratorate', 'indict')).toBe('ALLOWED');
    expect(may(a, 'procuratorate', 'decline_prosecution')).toBe('ALLOWED');
    expect(may(a, 'police', 'request_non_prosecution_review')).toBe('INVALID_TRANSITION');
    const i = take(a, 'procuratorate', 'indict', INDICT).state;
    expect(track(i)).toMatchObject({ stage: 'trial', trialInstance: 1 });
    expect(i.kase.phase).toBe('regional');
  });

  test('When the 复议 upholds it and the 复核 above revokes it (第三百八十条), then prosecution reopens the same way', () => {
    let a = take(declined(), 'procuratorate', 'decide_non_prosecution_reconsideration', {
      upheld: true,
      reason: '维持',
    }).state;
    expect(a.kase.phase).toBe('early_warning');
    a = take(a, 'police', 'request_non_prosecution_review', { reason: '仍有异议' }).state;
    expect(may(a, 'procuratorate', 'indict')).toBe('INVALID_TRANSITION');
    a = take(
      a,
      'procuratorate',
      'decide_non_prosecution_review',
      { upheld: false, reason: '撤销', regionCode: MENGHAI },
      court,
    ).state;
    expect(track(a)).toMatchObject({
      stage: 'prosecution',
      nonProsecution: { reconsideration: 'upheld', review: 'revoked', revokedOn: 'review' },
    });
    expect(a.kase.phase).toBe('regional');
    expect(open(a, 'NON_PROSECUTION_REVIEW')).toBeUndefined();
    expect(track(take(a, 'procuratorate', 'indict', INDICT).state).stage).toBe('trial');
  });

  test('When nothing is pending, then deciding is refused; when upheld, then the region stays ended', () => {
    const a = declined();
    const upheld = take(a, 'procuratorate', 'decide_non_prosecution_reconsideration', {
      upheld: true,
      reason: '维持',
    });
    expect(upheld.events.map((e) => e.action)).toEqual(['decide_non_prosecution_reconsideration']);
    expect(upheld.state.kase.phase).toBe('early_warning');
    expect(may(upheld.state, 'procuratorate', 'decide_non_prosecution_reconsideration')).toBe(
      'INVALID_TRANSITION',
    );
  });

  test('When it is declined again after a revocation, then the revoked decision is kept beside the new one', () => {
    let a = take(declined(), 'procuratorate', 'decide_non_prosecution_reconsideration', {
      upheld: false,
      reason: '撤销',
    }).state;
    a = take(a, 'procuratorate', 'decline_prosecution', { reason: '情节轻微', type: 'discretionary' }).state;
    expect(track(a).nonProsecution).toMatchObject({ type: 'discretionary', reconsideration: 'none' });
    expect(track(a).earlierNonProsecutions).toMatchObject([
      { type: 'insufficient_evidence', reconsideration: 'revoked' },
    ]);
    expect(a.kase.phase).toBe('early_warning');
  });

  test('When the case returns to the separate phase, then the other tracks get back the ending early warning had reset', () => {
    const pending = { ...track(declined()), stage: 'pending' as const, outcome: null };
    expect(applyCaseReturn({ ...pending, code: '532823', filed: false }, MENGHAI)).toMatchObject({
      casePhase: 'regional',
      stage: 'ended',
      outcome: 'unfiled',
      endedInStage: 'police_filing',
    });
    expect(applyCaseReturn({ ...pending, code: '532823', filed: true }, MENGHAI)).toMatchObject({
      stage: 'ended',
      outcome: 'not_prosecuted',
      endedInStage: 'prosecution',
    });
    expect(applyCaseReturn({ ...pending, stage: 'prosecution' }, MENGHAI)).toMatchObject({
      casePhase: 'regional',
      stage: 'prosecution',
    });
  });
});

describe('execution of the property part (涉财产执行规定 第二条、第三条)', () => {
  test('When the judgment is effective, then the first-instance court transfers it to execution with a 6-month term it may extend', () => {
    let a = take(indicted(), 'court', 'receive_case', {}).state;
    expect(outcome(() => take(a, 'court', 'transfer_property_execution', { summary: 'x' }))).toBe(
      'INVALID_TRANSITION',
    );
    a = take(a, 'court', 'deliver_judgment', JUDGMENT, { on: '2026-05-08' }).state;
    a = take(a, 'court', 'file_appeal', { appellant: '张某' }).state;
    a = take(a, 'court', 'receive_case', { regionCode: MENGHAI }, court).state;
    a = take(a, 'court', 'deliver_final_judgment', FINAL, court).state;
    expect(
      outcome(() =>
        take(a, 'court', 'transfer_property_execution', { regionCode: MENGHAI, summary: 'x' }, court),
      ),
    ).toBe('FORBIDDEN');
    a = take(a, 'court', 'transfer_property_execution', { summary: '移送执行' }, { on: '2026-07-01' }).state;
    expect(open(a, 'PROPERTY_EXECUTION')).toMatchObject({ dueOn: '2027-01-01' });
    a = take(a, 'court', 'extend_property_execution', { months: 2, reason: '财产处置复杂' }).state;
    expect(open(a, 'PROPERTY_EXECUTION')).toMatchObject({
      baseDueOn: '2027-03-01',
      extensions: ['president_approval'],
    });
    a = take(a, 'court', 'conclude_property_execution', { summary: '执行完毕' }).state;
    expect(track(a).deadlines.find((d) => d.rule === 'PROPERTY_EXECUTION')!.state).toBe('met');
  });
});

describe('pauses only where the law has them (刑诉法 第一百四十九条、第二百零六条)', () => {
  test.each([
    ['FREEZE_DEPOSIT', 'psychiatric_assessment', '公安程序规定 第二百四十三条: a term lapses'],
    ['APPEAL_WINDOW', 'suspend_trial', '刑诉法 第二百三十条: a window elapses'],
    ['ARREST_REVIEW', 'psychiatric_assessment', '检察规则 第二百八十二条: no pause'],
    ['PROPERTY_EXECUTION', 'suspend_trial', '涉财产执行规定 第三条: no pause'],
    ['NON_PROSECUTION_RECONSIDERATION', 'psychiatric_assessment', '检察规则 第三百七十九条: no pause'],
  ])('When %s is paused for %s (%s), then the calculator refuses it', (rule, reason) => {
    expect(canPause(rule as DeadlineRuleCode, reason)).toMatchObject({
      allowed: false,
      code: 'INVALID_TRANSITION',
    });
  });

  test('When the appeal window is paused through the action, then it is refused and nothing changes; the trial pauses for 中止审理 (刑诉法 第二百零六条第二款)', () => {
    let a = take(indicted(), 'court', 'receive_case', {}, { on: '2026-04-08' }).state;
    const trial = open(a, 'FIRST_INSTANCE_TRIAL')!;
    a = take(
      a,
      'court',
      'pause_deadline',
      { deadlineId: trial.id, reason: 'suspend_trial' },
      { on: '2026-04-20' },
    ).state;
    a = take(a, 'court', 'resume_deadline', { deadlineId: trial.id }, { on: '2026-04-30' }).state;
    // Ten days not counted: 06-08 → 06-18.
    expect(open(a, 'FIRST_INSTANCE_TRIAL')!.dueOn).toBe('2026-06-18');
    a = take(a, 'court', 'deliver_judgment', JUDGMENT, { on: '2026-05-08' }).state;
    const window = open(a, 'APPEAL_WINDOW')!;
    expect(
      outcome(() => take(a, 'court', 'pause_deadline', { deadlineId: window.id, reason: 'suspend_trial' })),
    ).toBe('INVALID_TRANSITION');
  });
});

describe('the rules through the calculator, each with its article', () => {
  test.each([
    ['FIRST_INSTANCE_TRIAL', '刑诉法 第二百零八条', '2026-04-08', true, '2026-06-08'],
    ['SECOND_INSTANCE_TRIAL', '刑诉法 第二百四十三条', '2026-05-15', true, '2026-07-15'],
    ['FAST_TRACK_PROSECUTION_REVIEW', '刑诉法 第一百七十二条', '2026-03-20', true, '2026-03-30'],
    ['PROSECUTION_REVIEW', '刑诉法 第一百七十二条', '2026-05-06', true, '2026-06-06'],
    ['NON_PROSECUTION_VICTIM_APPEAL', '刑诉法 第一百八十条', '2026-04-01', false, '2026-04-08'],
    ['NON_PROSECUTION_RECONSIDERATION', '检察规则 第三百七十九条', '2026-04-03', false, '2026-05-06'],
    ['PROPERTY_EXECUTION', '涉财产执行规定 第三条', '2026-07-01', false, '2027-01-01'],
    ['TRIAL_SUPPLEMENTARY_INVESTIGATION', '刑诉法 第二百零五条', '2026-04-20', true, '2026-05-20'],
  ])('%s (%s) from %s, in custody %s, is due %s', (rule, _article, start, inCustody, due) => {
    expect(computeRuleDue(rule as DeadlineRuleCode, start, { inCustody, calendar }).dueOn).toBe(due);
  });
});
