// Public tips and the financial office's handling of them (issue 14, build 9; API.md: POST /api/public/tips,
// GET /api/public/tips/{receipt}). Officers see the tips of the regions they see; the reporter's identity
// only through POST /api/tips/{id}/reporter with a reason, which is logged.
import type { OpenCaseInput } from '../domain/case.types';
import { LIMITS } from '../domain/reference';
import {
  REWARD_TIERS,
  type RewardExclusions,
  type RewardTier,
  TIP_STATES,
  type TipInput,
  type TipState,
  tipBody,
} from '../domain/tips';
import { emptyQuery, openCaseBody } from './case.schemas';
import { type RouteDef, defineRoute, pageQuery } from './route';
import type { TipsService } from './tips.service';

const OFFICE = ['financial_office'] as const;
const reason = { type: 'string', minLength: 1, maxLength: LIMITS.textMax } as const;

const { source: _source, ...caseProps } = openCaseBody.properties;
/** The opening body less its source, which is the tip itself. */
export const tipCaseBody = {
  ...openCaseBody,
  required: openCaseBody.required.filter((r) => r !== 'source'),
  properties: caseProps,
} as const;

const reasonBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason },
} as const;

const linkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['caseId'],
  properties: { caseId: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const rewardBody = {
  type: 'object',
  additionalProperties: false,
  required: ['tier', 'amountFen', 'reporterIsStaff', 'reporterParticipated'],
  properties: {
    tier: { type: 'string', enum: Object.keys(REWARD_TIERS) },
    amountFen: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    reporterIsStaff: { type: 'boolean' },
    reporterParticipated: { type: 'boolean' },
  },
} as const;

const decisionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['approved'],
  properties: { approved: { type: 'boolean' }, note: reason },
} as const;

const paidBody = {
  type: 'object',
  additionalProperties: false,
  required: ['paidOn'],
  properties: { paidOn: { type: 'string', format: 'date' } },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, state: { type: 'string', enum: [...TIP_STATES] } },
} as const;

export function tipsRoutes(tips: TipsService): RouteDef[] {
  return [
    defineRoute<TipInput>({
      method: 'post',
      path: '/api/public/tips',
      summary: '举报（无需登录，按来源地址限频）：举报人身份与联系方式可选，加密保存 → 201 { receipt }',
      tag: 'tips',
      access: 'public',
      body: tipBody,
      status: 201,
      handle: ({ body, idempotencyKey }) => tips.submit(body, idempotencyKey),
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/tips/:receipt',
      summary: '凭回执查询举报的办理状态（仅状态）',
      tag: 'tips',
      access: 'public',
      query: emptyQuery,
      handle: ({ params }) => tips.status(params.receipt),
    }),
    defineRoute<unknown, { state?: TipState; page: number; pageSize: number }>({
      method: 'get',
      path: '/api/tips',
      summary: '本人可见地区的举报（不含举报人身份），按首次举报时间排序；领导据此审批奖励',
      tag: 'tips',
      access: [...OFFICE, 'leader'],
      query: listQuery,
      handle: ({ caller, query }) => tips.list(caller, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/tips/:id',
      summary: '一件举报（不含举报人身份）',
      tag: 'tips',
      access: [...OFFICE, 'leader'],
      query: emptyQuery,
      handle: ({ caller, params }) => tips.get(caller, params.id),
    }),
    defineRoute<{ reason: string }>({
      method: 'post',
      path: '/api/tips/:id/reporter',
      summary: '查看举报人身份与联系方式：须说明理由，每次查看均留痕',
      tag: 'tips',
      access: OFFICE,
      body: reasonBody,
      handle: ({ caller, params, body }) => tips.reporter(caller, params.id, body.reason),
    }),
    defineRoute<Omit<OpenCaseInput, 'source'>>({
      method: 'post',
      path: '/api/tips/:id/open-case',
      summary: '核查属实、尚未掌握：以举报为来源在线索核查阶段立档',
      tag: 'tips',
      access: OFFICE,
      body: tipCaseBody,
      handle: ({ caller, params, body }) => tips.openCase(caller, params.id, body),
    }),
    defineRoute<{ caseId: string }>({
      method: 'post',
      path: '/api/tips/:id/link-case',
      summary: '核查属实、已在办理：归入已有案件（不予奖励）',
      tag: 'tips',
      access: OFFICE,
      body: linkBody,
      handle: ({ caller, params, body }) => tips.linkCase(caller, params.id, body.caseId),
    }),
    defineRoute<{ reason: string }>({
      method: 'post',
      path: '/api/tips/:id/close',
      summary: '核查不属实或不属于非法集资：结案并说明理由',
      tag: 'tips',
      access: OFFICE,
      body: reasonBody,
      handle: ({ caller, params, body }) => tips.close(caller, params.id, body.reason),
    }),
    defineRoute<RewardExclusions & { tier: RewardTier; amountFen: number }>({
      method: 'post',
      path: '/api/tips/:id/reward',
      summary: '提出举报奖励：核对奖励条件（举报奖励办法第四、五条）与档次金额',
      tag: 'tips',
      access: OFFICE,
      body: rewardBody,
      handle: ({ caller, params, body }) => tips.proposeReward(caller, params.id, body),
    }),
    defineRoute<{ approved: boolean; note?: string }>({
      method: 'post',
      path: '/api/tips/:id/reward/decision',
      summary: '审批举报奖励（政府办公室）',
      tag: 'tips',
      access: ['leader'],
      body: decisionBody,
      handle: ({ caller, params, body }) => tips.decideReward(caller, params.id, body),
    }),
    defineRoute<{ paidOn: string }>({
      method: 'post',
      path: '/api/tips/:id/reward/paid',
      summary: '登记奖励已发放',
      tag: 'tips',
      access: OFFICE,
      body: paidBody,
      handle: ({ caller, params, body }) => tips.recordPaid(caller, params.id, body.paidOn),
    }),
  ];
}
