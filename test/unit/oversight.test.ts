// Item 13 of issue 13: a missed duty brings a 督办通知 to a government department and only a 期限提示函 to a
// court or procuratorate (宪法 第一百三十一条、第一百三十六条), through the rule and through settleDeadlines.
import { holidayCalendarRows } from '../../db/holiday-data';
import { HolidayCalendar } from '../../domain/calendar';
import type { DeadlineRuleCode } from '../../domain/deadlines';
import { INDEPENDENCE_BASIS, oversightNoticeFor } from '../../domain/oversight';
import { settleDeadlines, startDeadline } from '../../domain/tracks/kernel';

const calendar = new HolidayCalendar(holidayCalendarRows([2025, 2026]), [2025, 2026]);

describe('oversightNoticeFor', () => {
  it.each([
    ['police', 'supervision', '公安机关是人民政府的工作部门，可以督办'],
    ['petition_bureau', 'supervision', '信访部门可以督办（信访工作条例 第四十条）'],
    ['financial_office', 'supervision', '领导小组办公室本身'],
    ['court', 'deadline_reminder', '宪法 第一百三十一条：人民法院独立行使审判权'],
    ['procuratorate', 'deadline_reminder', '宪法 第一百三十六条：人民检察院独立行使检察权'],
  ] as const)('when %s misses a deadline, then it gets %s (%s)', (role, kind, _why) => {
    expect(oversightNoticeFor(role)).toBe(kind);
  });
});

describe('settleDeadlines: the notice follows the responsible body', () => {
  let n = 0;
  const started = (rule: DeadlineRuleCode) =>
    startDeadline(rule, {
      start: '2026-03-02',
      regionCode: '532822',
      newId: () => `d${++n}`,
      calendar,
    });
  const afterAll = Date.parse('2026-12-01T00:00:00+08:00');

  it.each([
    ['FILING_REVIEW', 'police', 'supervision'],
    ['PETITION_HANDLING', 'petition_bureau', 'supervision'],
    ['ARREST_REVIEW', 'procuratorate', 'deadline_reminder'],
    ['PROSECUTION_REVIEW', 'procuratorate', 'deadline_reminder'],
    ['FIRST_INSTANCE_TRIAL', 'court', 'deadline_reminder'],
    ['SECOND_INSTANCE_TRIAL', 'court', 'deadline_reminder'],
  ] as const)(
    'when %s (%s) is missed, then a %s goes out (宪法 第一百三十一条、第一百三十六条)',
    (rule, role, kind) => {
      const settled = settleDeadlines([started(rule)], afterAll);
      expect(settled.deadlines.map((d) => d.state)).toEqual(['missed']);
      expect(settled.notices).toHaveLength(1);
      const [notice] = settled.notices;
      expect(notice.kind).toBe(kind);
      expect(notice.addressee).toEqual({ role, regionCode: '532822' });
      if (kind === 'deadline_reminder') expect(notice.facts.independenceBasis).toBe(INDEPENDENCE_BASIS[role]);
      else expect(notice.facts.independenceBasis).toBeUndefined();
    },
  );
});
