// Wire shapes of the petition bureau's lists (GET /api/petitions, GET /api/stabilization-measures): the
// queries AJV validates and the answers the OpenAPI document describes (and the console's types come from).
import { pageQuery } from './route';

const regionCode = { type: 'string', pattern: '^\\d{6}$' } as const;
const PETITION_STATES = ['routing', 'handling', 'review', 'answered'] as const;
const CHANNELS = ['visit', 'letter', 'phone', 'online'] as const;
const caseId = { type: 'string', format: 'uuid' } as const;

export const listPetitionsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    caseId,
    regionCode,
    /** routing 待受理 (15 日), handling 办理中 (60 日), review 复查复核中 (30 日), answered 已出具意见. */
    state: { type: 'string', enum: PETITION_STATES },
    /** visit is 走访, group visits (集体访) included. */
    channel: { type: 'string', enum: CHANNELS },
  },
} as const;

export const listStabilizationQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, caseId, regionCode },
} as const;

/** A paged list's answer (API.md: `{ items, page, pageSize, total }`), with a list's own extra fields. */
export const paged = (item: object, extra: Record<string, object>, required: string[]) => ({
  type: 'object',
  required: ['items', 'page', 'pageSize', 'total', ...required],
  properties: {
    items: { type: 'array', items: item },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    total: { type: 'integer' },
    ...extra,
  },
});

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;

export const petitionPageResponse = paged(
  {
    type: 'object',
    required: ['id', 'caseId', 'caseNo', 'caseTitle', 'regionCode', 'petitionerName', 'summary', 'channel'],
    properties: {
      id: str,
      caseId: str,
      caseNo: str,
      caseTitle: str,
      regionCode: str,
      petitionerName: str,
      summary: str,
      channel: { type: ['string', 'null'], enum: [...CHANNELS, null] },
      state: { type: 'string', enum: PETITION_STATES },
      accepted: { type: 'boolean' },
      answered: { type: 'boolean' },
      reviews: { type: 'integer' },
      loggedAt: { type: 'string', format: 'date-time' },
      clock: {
        type: ['object', 'null'],
        required: ['rule', 'dueOn', 'state', 'rolledOverFrom'],
        properties: {
          rule: str,
          dueOn: { type: 'string', format: 'date' },
          state: str,
          rolledOverFrom: nullableStr,
        },
      },
    },
  },
  {
    byState: {
      type: 'object',
      required: [...PETITION_STATES],
      properties: Object.fromEntries(PETITION_STATES.map((s) => [s, { type: 'integer' }])),
    },
  },
  ['byState'],
);

export const stabilizationPageResponse = paged(
  {
    type: 'object',
    required: ['eventId', 'caseId', 'caseNo', 'caseTitle', 'regionCode', 'at', 'measure'],
    properties: {
      eventId: str,
      caseId: str,
      caseNo: str,
      caseTitle: str,
      regionCode: str,
      at: { type: 'string', format: 'date-time' },
      measure: str,
      description: nullableStr,
      unitName: nullableStr,
    },
  },
  {
    byRegion: {
      type: 'array',
      items: {
        type: 'object',
        required: ['regionCode', 'measures', 'openCases', 'concluded'],
        properties: {
          regionCode: str,
          measures: { type: 'integer' },
          openCases: { type: 'integer', description: '本地区尚未结案的案件数' },
          concluded: { type: 'integer', description: '其中本地区善后维稳已完成的案件数' },
        },
      },
    },
  },
  ['byRegion'],
);
