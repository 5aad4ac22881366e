// Per-suspect custody and the freezes' holders (issue 13, items 6–8) through the pure decision the workflow
// takes (domain/case.decide.ts): each rule's table with its article, without Temporal or Postgres.
import { holidayCalendarRows } from '../../db/holiday-data';
import { refuseAction } from '../../domain/access';
import { HolidayCalendar } from '../../domain/calendar';
import { type CaseAggregate, decideAction, openCase } from '../../domain/case.decide';
import { type ActionName, actionSpec } from '../../domain/catalogue';
import type { RegionState, Suspect } from '../../domain/case.types';
import { freezeHolder } from '../../domain/tracks/assets.track';
import { newRegionState } from '../../domain/tracks/kernel';
import type { Role } from '../../domain/reference';
import { MAIN_LINE } from '../support/case-flow';

const MENGHAI = '532822';
const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);
let ids = 0;
let clock = 0;
const day = (d: string) => (clock = Date.parse(`${d}T01:00:00Z`));

function take(a: CaseAggregate, role: Role, action: string, payload: Record<string, unknown>): CaseAggregate {
  clock += 60_000;
  const name = action as ActionName;
  const track = actionSpec(name).scope === 'region' ? a.tracks[0] : undefined;
  const refusal = refuseAction(name, {
    caller: { userId: 'u', role, unitId: `${MENGHAI}-${role}`, regionCode: MENGHAI },
    caseState: a.kase,
    region: track,
    casePhase: a.kase.phase,
    leadRegionCode: MENGHAI,
  });
  if (refusal) throw refusal;
  return decideAction(
    a,
    {
      action: name,
      payload,
      actor: { userId: `u-${role}`, role, unitId: `${MENGHAI}-${role}`, regionCode: MENGHAI },
      occurredAt: new Date(clock).toISOString(),
      idempotencyKey: null,
      regionCode: track ? MENGHAI : null,
    },
    { newId: () => `id-${++ids}`, calendar, nowMs: clock, progressBulletinDays: 30 },
    `e-${++ids}`,
  ).state;
}

/** A case filed on 2026-03-02 (MAIN_LINE up to file_case). */
function filed(): CaseAggregate {
  day('2026-03-02');
  let a = openCase(
    'c1',
    '勐海打非〔2026〕1号',
    {
      title: 't',
      sector: 'other',
      leadRegionCode: MENGHAI,
      assistingRegionCodes: [],
      source: { kind: 'tip' },
      subjects: [{ kind: 'legal_person', name: '某某投资有限公司', creditCode: '91532822MA6K000146' }],
    },
    new Date(clock).toISOString(),
  );
  for (const s of MAIN_LINE.slice(0, 3)) a = take(a, s.role as Role, s.action, s.body);
  return a;
}

const suspectsOf = (a: CaseAggregate): Suspect[] => a.tracks[0].suspects ?? [];
const named = (a: CaseAggregate, name: string) => suspectsOf(a).find((x) => x.name === name)!;
const clockOf = (a: CaseAggregate, name: string, rule: string) =>
  a.tracks[0].deadlines.find(
    (d) => d.subjectId === named(a, name).id && d.rule === rule && d.state === 'running',
  );

/** A suspect arrested on 2026-03-02: investigation custody 2026-03-02 → 2026-05-02. */
function arrested(): CaseAggregate {
  let a = take(filed(), 'police', 'register_suspect', { name: '张某', custody: 'detained' });
  a = take(a, 'police', 'request_arrest', {
    suspectIds: [named(a, '张某').id],
    offence: '非法吸收公众存款罪',
  });
  return take(a, 'procuratorate', 'decide_arrest', { approved: true, reason: '符合逮捕条件' });
}

describe('investigation custody (刑诉法 第一百五十六至一百五十九条)', () => {
  test.each<[string, string, 'next_level' | 'provincial', string]>([
    ['complex', '第一百五十六条', 'next_level', '2026-06-02'],
    ['major_wide_reaching', '第一百五十八条', 'provincial', '2026-08-02'],
    ['heavy_sentence', '第一百五十九条', 'provincial', '2026-10-02'],
  ])(
    'When the extensions are granted in order, then %s (刑诉法 %s) needs the %s procuratorate and ends on %s',
    (code, _article, level, dueOn) => {
      let a = arrested();
      const order = ['complex', 'major_wide_reaching', 'heavy_sentence'];
      const levels = {
        complex: 'next_level',
        major_wide_reaching: 'provincial',
        heavy_sentence: 'provincial',
      };
      for (const c of order.slice(0, order.indexOf(code))) {
        a = take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' });
        a = take(a, 'procuratorate', 'extend_investigation_custody', {
          suspectId: named(a, '张某').id,
          approved: true,
          approvedBy: levels[c as keyof typeof levels],
          ground: 'g',
        });
      }
      a = take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' });
      expect(named(a, '张某').extensionRequested).toBe(code);
      const wrong = level === 'provincial' ? 'next_level' : 'provincial';
      expect(() =>
        take(a, 'procuratorate', 'extend_investigation_custody', {
          suspectId: named(a, '张某').id,
          approved: true,
          approvedBy: wrong,
          ground: 'g',
        }),
      ).toThrow('批准');
      a = take(a, 'procuratorate', 'extend_investigation_custody', {
        suspectId: named(a, '张某').id,
        approved: true,
        approvedBy: level,
        ground: 'g',
      });
      expect(clockOf(a, '张某', 'INVESTIGATION_CUSTODY')!.dueOn).toBe(dueOn);
    },
  );

  test('When all three extensions are spent, then a fourth request is refused', () => {
    let a = arrested();
    for (const level of ['next_level', 'provincial', 'provincial']) {
      a = take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' });
      a = take(a, 'procuratorate', 'extend_investigation_custody', {
        suspectId: named(a, '张某').id,
        approved: true,
        approvedBy: level,
        ground: 'g',
      });
    }
    expect(() =>
      take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' }),
    ).toThrow('用尽');
  });

  test.each<[string, boolean]>([
    ['2026-04-25', true],
    ['2026-04-26', false],
  ])(
    'When the police ask on %s for custody ending 2026-05-02, then it is accepted: %p (检察规则 第三百零九条, 届满七日前)',
    (on, accepted) => {
      const a = arrested();
      day(on);
      const ask = () =>
        take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' });
      if (accepted) expect(named(ask(), '张某').extensionRequested).toBe('complex');
      else expect(ask).toThrow('七日前');
    },
  );

  test('When a refused extension is decided, then the term stands and the police may ask again', () => {
    let a = arrested();
    a = take(a, 'police', 'request_custody_extension', { suspectId: named(a, '张某').id, ground: 'g' });
    a = take(a, 'procuratorate', 'extend_investigation_custody', {
      suspectId: named(a, '张某').id,
      approved: false,
      approvedBy: 'next_level',
      ground: 'g',
    });
    expect(clockOf(a, '张某', 'INVESTIGATION_CUSTODY')!.dueOn).toBe('2026-05-02');
    expect(named(a, '张某').extensionRequested).toBeNull();
  });

  test('When the case is transferred for prosecution, then every suspect’s investigation custody ends', () => {
    let a = arrested();
    a = take(a, 'police', 'register_suspect', { name: '李某', custody: 'released' });
    a = take(a, 'police', 'request_arrest', { suspectIds: [named(a, '李某').id], offence: 'o' });
    a = take(a, 'procuratorate', 'decide_arrest', { approved: true, reason: 'r' });
    expect(
      a.tracks[0].deadlines.filter((d) => d.rule === 'INVESTIGATION_CUSTODY' && d.state === 'running'),
    ).toHaveLength(2);
    a = take(a, 'police', 'transfer_for_prosecution', { suspects: ['张某', '李某'], offence: 'o' });
    expect(
      a.tracks[0].deadlines.filter((d) => d.rule === 'INVESTIGATION_CUSTODY').map((d) => d.state),
    ).toEqual(['met', 'met']);
  });
});

describe('detention and the other measures (刑诉法 第七十九、九十一条)', () => {
  test.each<[string, string, Record<string, unknown>]>([
    ['一日至四日, two days granted', '2026-03-07', { extension: 'special_circumstances', days: 2 }],
    ['一日至四日, the maximum when none is named', '2026-03-09', { extension: 'special_circumstances' }],
    ['流窜作案、多次作案、结伙作案: 至三十日', '2026-04-01', { extension: 'serial_group' }],
  ])(
    'When a detention of 2026-03-02 is extended (%s, 刑诉法 第九十一条), then the request is due %s',
    (_l, dueOn, ext) => {
      let a = take(filed(), 'police', 'register_suspect', { name: '张某', custody: 'detained' });
      expect(clockOf(a, '张某', 'DETENTION_ARREST_REQUEST')!.dueOn).toBe('2026-03-05');
      a = take(a, 'police', 'extend_detention', { suspectId: named(a, '张某').id, ground: 'g', ...ext });
      expect(clockOf(a, '张某', 'DETENTION_ARREST_REQUEST')!.dueOn).toBe(dueOn);
    },
  );

  test('When the three days have passed, then the detention is no longer extended (the person must be released)', () => {
    const a = take(filed(), 'police', 'register_suspect', { name: '张某', custody: 'detained' });
    day('2026-03-06');
    expect(() =>
      take(a, 'police', 'extend_detention', {
        suspectId: named(a, '张某').id,
        extension: 'serial_group',
        ground: 'g',
      }),
    ).toThrow('届满');
  });

  test('When bail becomes residential surveillance, then the bail term ends and a six-month one starts (刑诉法 第七十九条第一款)', () => {
    let a = take(filed(), 'police', 'register_suspect', { name: '张某', custody: 'bail' });
    expect(clockOf(a, '张某', 'BAIL_TERM')!.dueOn).toBe('2027-03-02');
    day('2026-04-01');
    a = take(a, 'police', 'change_custody', {
      suspectId: named(a, '张某').id,
      custody: 'residential_surveillance',
      reason: '违反取保候审规定',
    });
    expect(a.tracks[0].deadlines.find((d) => d.rule === 'BAIL_TERM')!.state).toBe('met');
    expect(clockOf(a, '张某', 'RESIDENTIAL_SURVEILLANCE_TERM')!.dueOn).toBe('2026-10-01');
    expect(named(a, '张某').custody).toBe('residential_surveillance');
  });

  test('When a suspect’s identity number fails its check character, then nothing is registered (GB 11643)', () => {
    const a = filed();
    expect(() =>
      take(a, 'police', 'register_suspect', {
        name: '张某',
        idNumber: '532822198001010011',
        custody: 'bail',
      }),
    ).toThrow('校验位');
  });
});

describe('who renews a freeze (涉财产执行规定 第五条)', () => {
  const track = (over: Partial<RegionState>): RegionState => ({
    ...newRegionState('c1', MENGHAI, 'lead', false, '2026-03-02T00:00:00Z'),
    casePhase: 'regional',
    ...over,
  });
  test.each<[string, Role, Partial<RegionState>]>([
    ['investigation', 'police', { stage: 'police_filing' }],
    ['prosecution review', 'procuratorate', { stage: 'prosecution' }],
    ['trial', 'court', { stage: 'trial' }],
    ['a judgment in effect', 'court', { stage: 'ended', outcome: 'judgment_effective' }],
    ['not prosecuted', 'procuratorate', { stage: 'ended', outcome: 'not_prosecuted' }],
    ['execution (统一资产处置)', 'court', { casePhase: 'asset_disposition', stage: 'ended' }],
  ])('When the case is in %s, then the holder is %s', (_l, role, over) => {
    expect(freezeHolder(track(over))).toBe(role);
  });
});

describe('the 24-hour duties after 拘留 and 逮捕 (刑诉法 第八十五条第二款、第八十六条、第九十三条第二款、第九十四条)', () => {
  /** Detained at 09:01 Shanghai on 2026-03-02: the hour is not counted, so 24 hours end at 10:00 the next day. */
  const detained = (name = '张某') =>
    take(filed(), 'police', 'register_suspect', { name, custody: 'detained' });
  /** The approved arrest executed by the police (执行逮捕), at the clock's instant. */
  const executed = (a = arrested(), name = '张某') =>
    take(a, 'police', 'execute_arrest', { suspectId: named(a, name).id, detail: '持逮捕证执行' });
  const duty = (a: CaseAggregate, name: string, body: Record<string, unknown>) =>
    take(a, 'police', 'record_custody_duty', { suspectId: named(a, name).id, detail: '已办理', ...body });
  const refusal = (f: () => unknown) => {
    try {
      f();
      return 'ALLOWED';
    } catch (e) {
      return (e as { code?: string }).code;
    }
  };
  const stateOf = (a: CaseAggregate, name: string, rule: string) =>
    a.tracks[0].deadlines.find((d) => d.subjectId === named(a, name).id && d.rule === rule)?.state;

  test.each([
    ['DETENTION_TO_CUSTODY', '刑诉法 第八十五条第二款（送看守所羁押）', 'register_suspect'],
    ['DETENTION_FAMILY_NOTICE', '刑诉法 第八十五条第二款（通知家属）', 'register_suspect'],
    ['DETENTION_INTERROGATION', '刑诉法 第八十六条（讯问）', 'register_suspect'],
    ['ARREST_FAMILY_NOTICE', '刑诉法 第九十三条第二款（通知家属）', 'execute_arrest'],
    ['ARREST_INTERROGATION', '刑诉法 第九十四条（讯问）', 'execute_arrest'],
  ])(
    'When %s (%s) is started by %s, then it ends 24 hours after the hour of the act',
    (rule, _article, by) => {
      const a = by === 'register_suspect' ? detained() : executed();
      const started = new Date(clock);
      const d = clockOf(a, '张某', rule)!;
      const hourAfter = Math.floor(started.getTime() / 3_600_000) * 3_600_000 + 25 * 3_600_000;
      expect(d).toMatchObject({
        dueAt: new Date(hourAfter).toISOString(),
        inCustody: true,
        state: 'running',
      });
      expect(d.dueOn).toBe('2026-03-03');
    },
  );

  test('When the arrest is only approved, then its 24 hours have not begun: they run from its execution (第九十三条 逮捕后), which is recorded once', () => {
    const a = arrested();
    expect(clockOf(a, '张某', 'ARREST_FAMILY_NOTICE')).toBeUndefined();
    expect(clockOf(a, '张某', 'ARREST_INTERROGATION')).toBeUndefined();
    expect(refusal(() => duty(a, '张某', { duty: 'interrogation' }))).toBe('INVALID_TRANSITION');
    clock = Date.parse('2026-03-04T15:30:00+08:00');
    const b = executed(a);
    expect(named(b, '张某').arrestExecutedAt).toBe(new Date(clock).toISOString());
    expect(clockOf(b, '张某', 'ARREST_INTERROGATION')).toMatchObject({
      dueAt: new Date(Date.parse('2026-03-05T16:00:00+08:00')).toISOString(),
      state: 'running',
    });
    expect(refusal(() => executed(b))).toBe('INVALID_TRANSITION');
    // A detained suspect whose arrest is not approved has nothing to execute.
    expect(refusal(() => executed(detained()))).not.toBe('ALLOWED');
  });

  test('When the suspect is arrested, then no 送看守所 clock starts (第九十三条: 立即, no hour bound) and the detention’s duties end', () => {
    const a = arrested();
    expect(clockOf(a, '张某', 'DETENTION_TO_CUSTODY')).toBeUndefined();
    expect(stateOf(a, '张某', 'DETENTION_INTERROGATION')).toBe('met');
    expect(refusal(() => duty(a, '张某', { duty: 'to_detention_house' }))).toBe('INVALID_TRANSITION');
  });

  test('When each duty is recorded within the 24 hours, then its clock is met and the suspect carries the record', () => {
    let a = detained();
    a = duty(a, '张某', { duty: 'to_detention_house' });
    a = duty(a, '张某', { duty: 'family_notice', notified: true });
    a = duty(a, '张某', { duty: 'interrogation' });
    for (const rule of ['DETENTION_TO_CUSTODY', 'DETENTION_FAMILY_NOTICE', 'DETENTION_INTERROGATION'])
      expect(stateOf(a, '张某', rule)).toBe('met');
    expect(named(a, '张某').duties!.map((x) => [x.duty, x.notified])).toEqual([
      ['to_detention_house', undefined],
      ['family_notice', true],
      ['interrogation', undefined],
    ]);
    // Nothing is owed any more: the action is refused, not recorded twice.
    expect(refusal(() => duty(a, '张某', { duty: 'interrogation' }))).toBe('INVALID_TRANSITION');
  });

  test('When the 24 hours pass at 10:00 the next day, then an unrecorded duty is missed; recorded later, it stays missed', () => {
    let a = detained();
    clock = Date.parse('2026-03-03T09:58:00+08:00');
    a = duty(a, '张某', { duty: 'interrogation' });
    expect(stateOf(a, '张某', 'DETENTION_INTERROGATION')).toBe('met');
    expect(stateOf(a, '张某', 'DETENTION_FAMILY_NOTICE')).toBe('running');
    clock = Date.parse('2026-03-03T10:00:00+08:00');
    a = duty(a, '张某', { duty: 'to_detention_house' });
    expect(stateOf(a, '张某', 'DETENTION_TO_CUSTODY')).toBe('missed');
    expect(stateOf(a, '张某', 'DETENTION_FAMILY_NOTICE')).toBe('missed');
  });

  test.each([
    ['unable_to_notify', 'detained', 'ALLOWED'],
    ['hinders_investigation', 'detained', 'ALLOWED'],
    ['unable_to_notify', 'arrested', 'ALLOWED'],
    // 第九十三条第二款 excepts only 无法通知 after an arrest.
    ['hinders_investigation', 'arrested', 'VALIDATION_FAILED'],
  ])(
    'When the family is not notified for %s after the suspect was %s, then it is %s',
    (reason, custody, expected) => {
      const a = custody === 'detained' ? detained() : executed();
      const got = refusal(() => {
        const b = duty(a, '张某', { duty: 'family_notice', notified: false, notNotifiedReason: reason });
        const rule = custody === 'detained' ? 'DETENTION_FAMILY_NOTICE' : 'ARREST_FAMILY_NOTICE';
        expect(stateOf(b, '张某', rule)).toBe('met');
        expect(named(b, '张某').duties).toEqual([
          expect.objectContaining({ duty: 'family_notice', notified: false, notNotifiedReason: reason }),
        ]);
      });
      expect(got).toBe(expected);
    },
  );

  test('When the reason and the notice disagree, then it is refused', () => {
    const a = detained();
    expect(refusal(() => duty(a, '张某', { duty: 'family_notice', notified: false }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      refusal(() => duty(a, '张某', { duty: 'family_notice', notNotifiedReason: 'unable_to_notify' })),
    ).toBe('VALIDATION_FAILED');
    expect(refusal(() => duty(a, '张某', { duty: 'interrogation', notified: true }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('When two suspects are detained apart, then their clocks run apart; a suspect released within the 24 hours owes nothing', () => {
    let a = detained('甲某');
    a = take(a, 'police', 'register_suspect', { name: '乙某', custody: 'detained' });
    a = duty(a, '甲某', { duty: 'interrogation' });
    expect(stateOf(a, '甲某', 'DETENTION_INTERROGATION')).toBe('met');
    expect(stateOf(a, '乙某', 'DETENTION_INTERROGATION')).toBe('running');
    a = take(a, 'police', 'change_custody', {
      suspectId: named(a, '乙某').id,
      custody: 'released',
      reason: '不应当拘留，立即释放（第八十六条）',
    });
    expect(stateOf(a, '乙某', 'DETENTION_INTERROGATION')).toBe('met');
    expect(stateOf(a, '甲某', 'DETENTION_FAMILY_NOTICE')).toBe('running');
    // Bail starts no 24-hour duty.
    const b = take(filed(), 'police', 'register_suspect', { name: '丙某', custody: 'bail' });
    expect(b.tracks[0].deadlines.some((d) => d.rule.startsWith('DETENTION_TO'))).toBe(false);
    expect(refusal(() => duty(b, '丙某', { duty: 'interrogation' }))).toBe('INVALID_TRANSITION');
  });
});
