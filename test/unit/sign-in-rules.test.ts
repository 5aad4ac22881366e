import {
  afterFailure,
  lockedNow,
  normalizeUsername,
  refusePassword,
  sessionLive,
  touchDue,
} from '../../domain/sign-in';
import {
  isNamed,
  rewardIneligibility,
  rewardStepRefusal,
  tierRefusal,
  tipIntakeDueOn,
  verificationRefusal,
} from '../../domain/tips';
import { HolidayCalendar } from '../../domain/calendar';
import { holidayCalendarRows } from '../../db/holiday-data';

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + min * 60_000);
const policy = { maxFailures: 3, lockMinutes: 15 };

describe('sign-in rules', () => {
  it('When a password is short, repeats the username or has too few characters, then it is refused', () => {
    expect(refusePassword('short', 'zhang')).toMatch(/至少/);
    expect(refusePassword('my-name-is-Zhang.San!', 'zhang.san')).toMatch(/用户名/);
    expect(refusePassword('aaaaaaaaaaaaaaaa', 'li')).toMatch(/简单/);
    expect(refusePassword('青山绿水-tea-garden', 'li')).toBeNull();
    expect(normalizeUsername('  Zhang.San ')).toBe('zhang.san');
  });

  it('When a session is revoked, past its end or idle, then it is not live', () => {
    const s = { expiresAt: at(720), lastSeenAt: at(0), revokedAt: null };
    expect(sessionLive(s, at(29), 30)).toBe(true);
    expect(sessionLive(s, at(30), 30)).toBe(false);
    expect(sessionLive({ ...s, lastSeenAt: at(719) }, at(720), 30)).toBe(false);
    expect(sessionLive({ ...s, revokedAt: at(1) }, at(2), 30)).toBe(false);
    expect(touchDue(at(0), at(0.5))).toBe(false);
    expect(touchDue(at(0), at(1))).toBe(true);
  });

  it('When failures reach the limit, then the username locks, and counting restarts after the lock ends', () => {
    let f = afterFailure(null, at(0), policy);
    f = afterFailure(f, at(1), policy);
    expect(f).toEqual({ failures: 2, lockedUntil: null });
    f = afterFailure(f, at(2), policy);
    expect(f.lockedUntil).toEqual(at(17));
    expect(lockedNow(f, at(16))).toBe(true);
    expect(lockedNow(f, at(17))).toBe(false);
    expect(afterFailure(f, at(18), policy)).toEqual({ failures: 1, lockedUntil: null });
  });
});

describe('tip rules (举报奖励办法)', () => {
  const eligible = {
    state: 'lead' as const,
    named: true,
    alreadyKnown: false,
    earlierTipOnCase: false,
    reporterIsStaff: false,
    reporterParticipated: false,
  };

  it('When each condition of art.4 and art.5 fails, then its own reason is given', () => {
    expect(rewardIneligibility(eligible)).toEqual([]);
    expect(rewardIneligibility({ ...eligible, state: 'closed' })[0]).toMatch(/第四条第三项/);
    expect(rewardIneligibility({ ...eligible, named: false })[0]).toMatch(/第四条第一项/);
    expect(rewardIneligibility({ ...eligible, alreadyKnown: true })[0]).toMatch(/第四条第二项/);
    expect(rewardIneligibility({ ...eligible, earlierTipOnCase: true })[0]).toMatch(/首先举报人/);
    expect(rewardIneligibility({ ...eligible, reporterIsStaff: true })[0]).toMatch(/第五条/);
    expect(rewardIneligibility({ ...eligible, reporterParticipated: true })[0]).toMatch(/参与/);
  });

  it('When a reporter gives a name without a contact, then the tip is not named', () => {
    expect(isNamed({ name: '岩温' })).toBe(false);
    expect(isNamed({ name: ' ', contact: '139' })).toBe(false);
    expect(isNamed({ name: '岩温', contact: '139' })).toBe(true);
    expect(isNamed(undefined)).toBe(false);
  });

  it('When amounts and steps are out of turn, then they are refused', () => {
    expect(tierRefusal('preliminary', 80_000)).toBeNull();
    expect(tierRefusal('preliminary', 49_999)).toMatch(/500 元至 1000 元/);
    expect(rewardStepRefusal('none', 'propose')).toBeNull();
    expect(rewardStepRefusal('rejected', 'propose')).toBeNull();
    expect(rewardStepRefusal('proposed', 'pay')).not.toBeNull();
    expect(rewardStepRefusal('approved', 'pay')).toBeNull();
    expect(verificationRefusal('lead')).not.toBeNull();
    expect(verificationRefusal('received')).toBeNull();
  });

  it('When a tip arrives, then its intake is due 30 working days later, or unknown past the calendar', () => {
    const cal = new HolidayCalendar(holidayCalendarRows([2026]), [2026]);
    // Received on Monday 2 November (Shanghai); counted from the next day, no holiday in between.
    expect(tipIntakeDueOn('2026-11-02T02:00:00.000Z', cal)).toBe('2026-12-14');
    // 16:30 UTC on the 2nd is 00:30 on the 3rd in Shanghai: the count starts a day later.
    expect(tipIntakeDueOn('2026-11-02T16:30:00.000Z', cal)).toBe('2026-12-15');
    expect(tipIntakeDueOn('2026-12-20T02:00:00.000Z', cal)).toBeNull();
  });
});
