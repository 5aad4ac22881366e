// The blocker of a cross-region case (domain/dashboard.ts), called directly.
import { type OpenDeadlineRow, type TrackRow, blockerOf } from '../../domain/dashboard';

const track = (
  code: string,
  stage: TrackRow['stage'],
  outcome: string | null = null,
  role: TrackRow['role'] = 'assisting',
): TrackRow => ({
  code,
  role,
  stage,
  outcome,
});
const deadline = (
  id: string,
  regionCode: string | null,
  dueOn: string,
  state: OpenDeadlineRow['state'] = 'running',
  endedAt: string | null = null,
): OpenDeadlineRow => ({
  id,
  rule: 'FILING_REVIEW',
  regionCode,
  dueOn,
  state,
  endedAt,
  responsibleUnitId: null,
});

const LEAD = '532822';
const regional = (tracks: TrackRow[]) => ({ phase: 'regional', leadRegionCode: LEAD, tracks });
const TODAY = '2026-12-01';

test('When one region is behind the others, then it holds the case back, even when another region’s deadline is more overdue', () => {
  const b = blockerOf(
    regional([
      track(LEAD, 'trial', null, 'lead'),
      track('532801', 'police_filing'),
      track('532823', 'prosecution'),
    ]),
    [
      deadline('a', LEAD, '2026-01-01', 'missed'),
      deadline('b', '532823', '2026-02-01', 'missed'),
      deadline('c', '532801', '2026-12-20'),
    ],
    TODAY,
  );
  expect(b).toEqual({
    regionCode: '532801',
    stage: 'police_filing',
    deadline: { ...deadline('c', '532801', '2026-12-20'), overdueDays: 0 },
  });
});

test('When several regions are equally behind, then the most overdue deadline among them decides, counted in days to today', () => {
  const b = blockerOf(
    regional([track(LEAD, 'police_filing', null, 'lead'), track('532801', 'police_filing')]),
    [
      deadline('early-running', LEAD, '2026-11-01'),
      deadline('missed-oldest', LEAD, '2026-11-20', 'missed'),
      deadline('missed', '532801', '2026-11-21', 'missed'),
      deadline('missed-older-but-done', '532801', '2026-10-01', 'missed', '2026-10-05T09:00:00+08:00'),
      deadline('met', '532801', '2026-09-01', 'met', '2026-08-30T09:00:00+08:00'),
    ],
    TODAY,
  );
  expect(b?.regionCode).toBe(LEAD);
  expect(b?.deadline?.id).toBe('missed-oldest');
  expect(b?.deadline?.overdueDays).toBe(11);
});

test('When nothing is overdue, then the earliest-due running deadline decides, before a paused one', () => {
  const b = blockerOf(
    regional([track(LEAD, 'prosecution', null, 'lead'), track('532801', 'prosecution')]),
    [deadline('paused', LEAD, '2026-12-02', 'paused'), deadline('running', '532801', '2026-12-10')],
    TODAY,
  );
  expect([b?.regionCode, b?.deadline?.id]).toEqual(['532801', 'running']);
});

test('When a region’s own phase has ended, then it no longer holds the case back', () => {
  const b = blockerOf(
    regional([track(LEAD, 'trial', null, 'lead'), track('532801', 'police_filing', 'unfiled')]),
    [deadline('old', '532801', '2026-01-01', 'missed'), deadline('trial', LEAD, '2027-01-01')],
    TODAY,
  );
  expect([b?.regionCode, b?.stage, b?.deadline?.id]).toEqual([LEAD, 'trial', 'trial']);
});

test('When the least advanced regions have no pending deadline, then the first of them is named with no deadline; a case deadline does not count in the separate phase', () => {
  const b = blockerOf(
    regional([
      track('532823', 'police_filing'),
      track(LEAD, 'police_filing', null, 'lead'),
      track('532801', 'trial'),
    ]),
    [deadline('bulletin', null, '2026-10-01', 'missed'), deadline('trial', '532801', '2026-11-01', 'missed')],
    TODAY,
  );
  expect(b).toEqual({ regionCode: LEAD, stage: 'police_filing', deadline: null });
});

test('When the case is outside the separate phase, then any pending deadline decides, and one of the case itself is the lead region’s', () => {
  const tracks = [
    track(LEAD, 'asset_disposition', 'judgment_effective', 'lead'),
    track('532801', 'asset_disposition', 'unfiled'),
  ];
  const c = { phase: 'asset_disposition', leadRegionCode: LEAD, tracks };
  expect(
    blockerOf(
      c,
      [
        deadline('bulletin', null, '2026-11-30', 'missed'),
        deadline('petition', '532801', '2026-12-01', 'missed'),
      ],
      TODAY,
    ),
  ).toMatchObject({
    regionCode: LEAD,
    stage: 'asset_disposition',
    deadline: { id: 'bulletin', overdueDays: 1 },
  });
  expect(blockerOf(c, [], TODAY)).toEqual({ regionCode: LEAD, stage: 'asset_disposition', deadline: null });
});

test('When a case has no tracks, then there is no blocker', () => {
  expect(blockerOf({ phase: 'detection', leadRegionCode: LEAD, tracks: [] }, [], TODAY)).toBeNull();
});
