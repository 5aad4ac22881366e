// Wire shapes of the case endpoints. Limits come from domain/reference LIMITS, shared with the migrations.
import { LIMITS, SECTORS, SOURCE_KINDS, SUBJECT_KINDS } from '../domain/reference';
import { STAGES } from '../domain/case.types';
import { pageQuery } from './route';

const regionCode = { type: 'string', pattern: '^\\d{6}$' } as const;

export const openCaseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'sector', 'leadRegionCode', 'source', 'subjects'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: LIMITS.titleMax },
    sector: { type: 'string', enum: Object.keys(SECTORS) },
    leadRegionCode: regionCode,
    assistingRegionCodes: { type: 'array', maxItems: 40, uniqueItems: true, items: regionCode },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: { type: 'string', enum: [...SOURCE_KINDS] },
        reference: { type: 'string', maxLength: LIMITS.referenceMax },
      },
    },
    subjects: {
      type: 'array',
      maxItems: LIMITS.subjectsMax,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'name'],
        properties: {
          kind: { type: 'string', enum: Object.keys(SUBJECT_KINDS) },
          name: { type: 'string', minLength: 1, maxLength: LIMITS.nameMax },
          creditCode: { type: 'string', minLength: 18, maxLength: 18 },
          idNumber: { type: 'string', minLength: 18, maxLength: 18 },
        },
      },
    },
    estimatedAmountFen: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    estimatedParticipants: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    summary: { type: 'string', maxLength: LIMITS.summaryMax },
    occurredAt: { type: 'string', format: 'date-time' },
    /** 定期通报的间隔（日）; absent: the system's PROGRESS_BULLETIN_DAYS. */
    progressBulletinDays: { type: 'integer', minimum: 1, maximum: 365 },
  },
} as const;

export const listCasesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    stage: { type: 'string', enum: [...STAGES] },
    regionCode,
    sector: { type: 'string', enum: Object.keys(SECTORS) },
    overdue: { type: 'boolean' },
    q: { type: 'string', maxLength: LIMITS.titleMax },
  },
} as const;

export const listDeadlinesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    state: { type: 'string', enum: ['running', 'missed', 'met', 'paused'] },
    unit: { type: 'string', maxLength: 64 },
    dueBefore: { type: 'string', format: 'date' },
  },
} as const;

export const computeDeadlineBody = {
  type: 'object',
  additionalProperties: false,
  // `start` (a date) or `startAt` (an instant, needed by the hour rules such as 拘留后二十四小时): at least
  // one, checked by the handler because strict AJV does not allow `required` inside anyOf.
  properties: {
    start: { type: 'string', format: 'date' },
    startAt: { type: 'string', format: 'date-time' },
    inCustody: { type: 'boolean' },
    variant: { type: 'string', maxLength: 40 },
  },
} as const;

export const emptyQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
