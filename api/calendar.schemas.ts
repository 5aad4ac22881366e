// Wire shape of a year's holiday schedule. Shape only; the meaning (dates in the year, each once, make-up
// days on weekends) is checked by domain/calendar-schedule.ts so the CLI gets the same answer.
import { SCHEDULE_NAME_MAX } from '../domain/calendar-schedule';

export const putCalendarYearBody = {
  type: 'object',
  additionalProperties: false,
  required: ['days'],
  properties: {
    days: {
      type: 'array',
      maxItems: 366,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'kind', 'name'],
        properties: {
          date: { type: 'string', format: 'date' },
          kind: { type: 'string', enum: ['holiday', 'workday'] },
          name: { type: 'string', minLength: 1, maxLength: SCHEDULE_NAME_MAX },
        },
      },
    },
    source: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
