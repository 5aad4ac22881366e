// The petition rules of 信访工作条例 (2022) as pure functions (domain/petitions.ts), each row with its article.
import { holidayCalendarRows } from '../../db/holiday-data';
import { HolidayCalendar } from '../../domain/calendar';
import { computeRuleDue } from '../../domain/deadlines';
import {
  type GroupFields,
  groupOf,
  groupPetitionErrors,
  holdsStabilization,
  legalBodyFor,
  linkedParticipantIds,
  nextReviewLevel,
  participantLinkErrors,
  reviewBodyOf,
} from '../../domain/petitions';
import { startDeadline } from '../../domain/tracks/kernel';
import { legalBasisOf, noticeTitleOf } from '../../domain/notices';

const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);
const group = (petitionerCount: number | undefined, reps: number): GroupFields => ({
  petitionerCount,
  representatives: Array.from({ length: reps }, (_, i) => ({ name: `代表${i + 1}` })),
});

describe('group petitions (信访工作条例 第二十条)', () => {
  it.each([
    ['visit', group(40, 5), []],
    ['visit', group(40, 1), []],
    ['visit', group(40, 6), ['/representatives']],
    ['visit', group(40, 0), ['/representatives']],
    ['visit', group(3, 4), ['/representatives']],
    ['visit', group(1, 1), ['/petitionerCount']],
    // What an empty form sends: no count, no representatives — one petitioner.
    ['visit', group(undefined, 0), []],
    ['visit', group(undefined, 2), ['/petitionerCount']],
    // 第二十条 limits those who come in person; a joint letter names whom it likes.
    ['letter', group(40, 8), []],
    ['letter', group(40, 0), []],
  ] as const)(
    'when a %s petition comes from %o, then the failing fields are %o (第二十条)',
    (channel, g, fields) => {
      expect(groupPetitionErrors(channel, g).map((e) => e.field)).toEqual(fields);
    },
  );

  it('when the fields are empty, then it is one petitioner; with a count, a group (第二十条)', () => {
    expect(groupOf('visit', { representatives: [] })).toBeNull();
    expect(groupOf('visit', group(12, 2))).toEqual(group(12, 2));
  });

  it('when 6 come to speak for a group visit, then the refusal cites 第二十条 and the five it allows', () => {
    const [e] = groupPetitionErrors('visit', group(40, 6));
    expect(e.message).toContain('第二十条');
    expect(e.message).toContain('不超过5人');
  });
});

describe('petitioners linked to the claims register by id', () => {
  const known = new Set(['p1', 'p2']);
  it.each([
    [{ participantId: 'p1' }, []],
    [{ participantId: 'nobody' }, ['/participantId']],
    [{ petitionerCount: 9, representatives: [{ name: 'a', participantId: 'p2' }, { name: 'b' }] }, []],
    [
      {
        participantId: 'p1',
        petitionerCount: 9,
        representatives: [{ name: 'a' }, { name: 'b', participantId: 'x' }],
      },
      ['/representatives/1/participantId'],
    ],
  ])('when the petition links %o, then the unknown links are %o', (p, fields) => {
    expect(participantLinkErrors(p, known).map((e) => e.field)).toEqual(fields);
  });

  it('when the petitioner is also a representative, then the register is asked once', () => {
    expect(
      linkedParticipantIds({
        participantId: 'p1',
        petitionerCount: 2,
        representatives: [{ name: 'a', participantId: 'p1' }, { name: 'b' }],
      }),
    ).toEqual(['p1']);
  });
});

describe('涉法涉诉 to the legal channel (第二十二条第二款、第二十八条、第三十一条第（一）项)', () => {
  it.each([
    ['police_filing', false, 'police'],
    ['prosecution', false, 'procuratorate'],
    ['trial', false, 'court'],
    ['ended', true, 'court'],
    ['ended', false, null],
    ['pending', false, null],
  ] as const)('when the region is at %s (judgment %p), then the matter goes to %s', (stage, judged, body) => {
    expect(legalBodyFor(stage, judged)).toBe(body);
  });
});

describe('复查 (第三十五条) then 复核 (第三十六条)', () => {
  it.each([
    [0, 'review'],
    [1, 'recheck'],
    [2, null],
  ] as const)(
    'when %i reviews were asked, then the next is %s (第三十六条第三款: the 复核 is final)',
    (n, level) => {
      expect(nextReviewLevel({ reviews: n })).toBe(level);
    },
  );

  it.each([
    ['532822', 'review', '西双版纳傣族自治州信访局'],
    ['532822', 'recheck', '云南省信访局'],
    ['532800', 'review', '云南省信访局'],
  ] as const)(
    'when %s handled it, then the %s is by %s (the superior, 第三十五、三十六条)',
    (code, level, body) => {
      expect(reviewBodyOf(code, level)).toBe(body);
    },
  );

  it.each([
    ['PETITION_REVIEW_REQUEST_WINDOW', '2026-06-20', '2026-07-20', '第三十五条'],
    ['PETITION_RECHECK_REQUEST_WINDOW', '2026-09-01', '2026-10-08', '第三十六条'],
    ['PETITION_REVIEW', '2026-07-10', '2026-08-10', '第三十五条'],
    ['PETITION_REMIT_OBJECTION', '2026-09-30', '2026-10-13', '第二十三条'],
  ] as const)('when %s starts on %s, then it ends on %s (信访工作条例 %s)', (rule, start, due, _article) => {
    expect(computeRuleDue(rule, start, { inCustody: false, calendar }).dueOn).toBe(due);
    // The transitions start the same clock (working days need the calendar, 第二十三条).
    const d = startDeadline(rule, { start, regionCode: '532822', newId: () => 'x', calendar });
    expect(d.dueOn).toBe(due);
  });

  it('when only a request window is open, then it holds up neither stabilization nor the closing', () => {
    const start = { start: '2026-06-20', regionCode: '532822', newId: () => 'x', calendar };
    expect(holdsStabilization(startDeadline('PETITION_REVIEW_REQUEST_WINDOW', start))).toBe(false);
    expect(holdsStabilization(startDeadline('PETITION_HANDLING', start))).toBe(true);
    expect(holdsStabilization(startDeadline('PETITION_REVIEW', start))).toBe(true);
  });
});

describe('the opinion given on review', () => {
  it.each([
    [0, '信访处理意见书', '第三十二条'],
    [1, '信访事项复查意见书', '第三十五条'],
    [2, '信访事项复核意见书', '第三十六条'],
  ])('when the opinion answers review level %i, then it is a %s citing %s', (review, title, article) => {
    expect(noticeTitleOf('petition_opinion', { review })).toBe(title);
    expect(legalBasisOf('petition_opinion', { review })).toContain(article);
  });
});
