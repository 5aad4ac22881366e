// Wire shapes of GET /api/dashboard: the query it validates and the answer the OpenAPI document describes.
import { SECTORS } from '../domain/reference';
import { STAGES } from '../domain/case.types';
import { pageQuery } from './route';

const regionCode = { type: 'string', pattern: '^\\d{6}$' } as const;
const stage = { type: 'string', enum: [...STAGES] } as const;
const date = { type: 'string', format: 'date' } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const dashboardQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // page and pageSize page the cross-region cases, as the case list pages its cases.
    ...pageQuery,
    regionCode,
    sector: { type: 'string', enum: Object.keys(SECTORS) },
    overduePerUnit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  },
} as const;

export interface DashboardQuery {
  page: number;
  pageSize: number;
  regionCode?: string;
  sector?: string;
  overduePerUnit: number;
}

const overdueDeadline = {
  type: 'object',
  required: ['id', 'caseId', 'caseNo', 'title', 'rule', 'regionCode', 'dueOn', 'overdueDays'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    caseId: { type: 'string', format: 'uuid' },
    caseNo: { type: 'string' },
    title: { type: 'string' },
    rule: { type: 'string' },
    regionCode: nullableString,
    dueOn: date,
    missedAt: { type: ['string', 'null'], format: 'date-time' },
    overdueDays: { type: 'integer', minimum: 0 },
  },
} as const;

const blocker = {
  type: ['object', 'null'],
  description: '拖住案件进度的地区与期限：最落后地区最逾期（否则最早到期）的未了期限',
  required: ['regionCode', 'regionName', 'stage', 'deadline'],
  properties: {
    regionCode,
    regionName: { type: 'string' },
    stage,
    deadline: {
      type: ['object', 'null'],
      required: ['id', 'rule', 'dueOn', 'state', 'overdueDays'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        rule: { type: 'string' },
        regionCode: nullableString,
        dueOn: date,
        state: { type: 'string', enum: ['running', 'paused', 'missed'] },
        overdueDays: { type: 'integer', minimum: 0 },
        unitId: nullableString,
        unitName: nullableString,
      },
    },
  },
} as const;

export const dashboardResponse = {
  type: 'object',
  required: ['asOf', 'regions', 'stages', 'tracks', 'overdue', 'crossRegion'],
  properties: {
    asOf: { ...date, description: '逾期天数按此日（Asia/Shanghai）计算' },
    regions: {
      type: 'array',
      description: '本人可见（并符合筛选）的地区',
      items: { type: 'object', properties: { code: regionCode, name: { type: 'string' } } },
    },
    stages: {
      type: 'array',
      description: '各阶段案件数（每案计一次），其中跨区域案件数',
      items: {
        type: 'object',
        properties: { stage, cases: { type: 'integer' }, crossRegion: { type: 'integer' } },
      },
    },
    tracks: {
      type: 'array',
      description: '阶段 × 地区：本人所辖各地区的办案进度（跨区域案件在每个地区各计一次）',
      items: {
        type: 'object',
        properties: {
          regionCode,
          regionName: { type: 'string' },
          stage,
          cases: { type: 'integer' },
          ended: { type: 'integer', description: '其中本地区环节已终结（不予立案、不起诉、判决生效）' },
        },
      },
    },
    overdue: {
      type: 'object',
      description: '逾期未办结的期限，按责任单位，最早到期者在前',
      properties: {
        total: { type: 'integer' },
        units: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              unitId: nullableString,
              unitName: nullableString,
              regionCode,
              regionName: { type: 'string' },
              responsibleRole: { type: 'string' },
              count: { type: 'integer' },
              oldestDueOn: date,
              deadlines: { type: 'array', items: overdueDeadline },
            },
          },
        },
      },
    },
    crossRegion: {
      type: 'object',
      description: '跨区域案件：各地区阶段与拖住进度的地区、期限（分页）',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              caseNo: { type: 'string' },
              title: { type: 'string' },
              sector: { type: 'string' },
              stage,
              overdue: { type: 'boolean' },
              leadRegionCode: regionCode,
              regions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: regionCode,
                    name: { type: 'string' },
                    role: { type: 'string', enum: ['lead', 'assisting'] },
                    stage,
                    outcome: nullableString,
                  },
                },
              },
              blocker,
            },
          },
        },
        page: { type: 'integer' },
        pageSize: { type: 'integer' },
        total: { type: 'integer' },
      },
    },
  },
} as const;
