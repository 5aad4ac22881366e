// The claims register over HTTP (API.md): import participants, list them masked, the summary, and the jobs
// that long work runs as.
import type { ClaimState } from '../db/claims.repository';
import { emptyQuery } from './case.schemas';
import type { ClaimsService } from './claims.service';
import { type RouteDef, defineRoute, pageQuery } from './route';

const regionCode = { type: 'string', pattern: '^[0-9]{6}$' } as const;

export const listParticipantsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    regionCode,
    state: { type: 'string', enum: ['registered', 'confirmed', 'disputed', 'withdrawn'] },
    /** Keyset paging by register order (seq of the last item seen): fast at any depth. */
    afterSeq: { type: 'integer', minimum: 0 },
  },
} as const;

/** Why the complete payment file is opened: recorded with who and when (issue 10, build 2). */
export const paymentFileQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: {
      type: 'string',
      minLength: 4,
      maxLength: 500,
      pattern: '\\S',
      description: '下载付款文件的理由（记录在案）',
    },
  },
} as const;

export const listRoundsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery },
} as const;

interface PageQuery {
  page: number;
  pageSize: number;
}

interface PaymentFileQuery {
  reason: string;
}

interface ListParticipantsQuery {
  page: number;
  pageSize: number;
  regionCode?: string;
  state?: ClaimState;
  afterSeq?: number;
}

export function claimsRoutes(claims: ClaimsService): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/participants',
      summary: '导入本地区的集资参与人名单（CSV，202 返回导入任务）',
      tag: 'claims',
      access: ['financial_office'],
      query: emptyQuery,
      status: 202,
      handle: async ({ caller, params, req, res }) => {
        const job = await claims.importParticipants(caller, params.id, req, req.get('content-type'));
        res.location(`/api/jobs/${job.id}`);
        return job;
      },
    }),
    defineRoute<unknown, ListParticipantsQuery>({
      method: 'get',
      path: '/api/cases/:id/participants',
      summary: '已登记的集资参与人（身份证号码、账号脱敏），分页',
      tag: 'claims',
      access: 'authenticated',
      query: listParticipantsQuery,
      responseSchema: 'ParticipantPage',
      handle: ({ caller, params, query }) => claims.listParticipants(caller, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/claims/summary',
      summary: '债权登记汇总：各地区及全案的人数与金额',
      tag: 'claims',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => claims.summary(caller, params.id),
    }),
    defineRoute<unknown, PageQuery>({
      method: 'get',
      path: '/api/cases/:id/refund-rounds',
      summary: '本案的清退轮次，按轮次顺序，每轮与单轮查询的内容相同，分页',
      tag: 'claims',
      access: 'authenticated',
      query: listRoundsQuery,
      responseSchema: 'RefundRoundPage',
      handle: ({ caller, params, query }) => claims.listRounds(caller, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/refund-rounds/:n',
      summary: '清退轮次：资金池、清退比例、人数与金额（各地区及全案）、状态、银行已付/失败/在途',
      tag: 'claims',
      access: 'authenticated',
      query: emptyQuery,
      responseSchema: 'RefundRound',
      handle: ({ caller, params }) => claims.getRound(caller, params.id, params.n),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/refund-rounds/:n/payouts',
      summary: '清退轮次的逐人清退明细（CSV；身份证号码、账号脱敏）',
      tag: 'claims',
      access: ['financial_office'],
      query: emptyQuery,
      produces: ['text/csv'],
      handle: async ({ caller, params, res }) => {
        // Checked before the first byte: a refusal is still a problem+json answer.
        const lines: string[] = [];
        await claims.writePayoutsCsv(caller, params.id, params.n, {
          write: (s: string) => {
            if (!res.headersSent) res.type('text/csv; charset=utf-8');
            lines.push(s);
            if (lines.length >= 8) res.write(lines.splice(0).join(''));
          },
        });
        res.end(lines.join(''));
        return undefined;
      },
    }),
    defineRoute<unknown, PaymentFileQuery>({
      method: 'get',
      path: '/api/cases/:id/refund-rounds/:n/payment-file',
      summary:
        '下载已批准清退轮次的银行付款文件（CSV，含完整账号；须说明理由，谁、何时、为何下载均记录在案；sha256 与轮次记录一致）',
      tag: 'claims',
      access: ['financial_office'],
      query: paymentFileQuery,
      produces: ['text/csv'],
      handle: async ({ caller, params, query, res }) => {
        // Every check runs before the first byte: a refusal is a problem+json answer and records nothing.
        await claims.paymentFile(caller, params.id, params.n, query.reason, {
          start: (sha256) => {
            res.type('text/csv; charset=utf-8');
            res.set('Cache-Control', 'no-store');
            res.set('Content-Disposition', `attachment; filename="refund-round-${params.n}-payment.csv"`);
            res.set('X-Content-SHA256', sha256);
          },
          write: (s) => res.write(s),
        });
        res.end();
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/refund-rounds/:n/access-log',
      summary: '清退轮次完整身份与账号的打开记录：付款文件的每次下载（谁、何时、为何）和批准任务的打开人数',
      tag: 'claims',
      access: ['financial_office', 'leader', 'admin'],
      query: emptyQuery,
      responseSchema: 'RefundDataAccessLog',
      handle: ({ caller, params }) => claims.refundDataAccess(caller, params.id, params.n),
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/refund-rounds/:n/bank-results',
      summary: '导入银行清退结果文件（CSV，202 返回对账任务）',
      tag: 'claims',
      access: ['financial_office'],
      query: emptyQuery,
      status: 202,
      handle: async ({ caller, params, req, res }) => {
        const job = await claims.uploadBankResults(caller, params.id, params.n, req, req.get('content-type'));
        res.location(`/api/jobs/${job.id}`);
        return job;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id/bank-problems',
      summary: '银行结果文件中未予入账的行及原因（未知对账号、重复、金额不符、状态不允许）（CSV）',
      tag: 'jobs',
      access: 'authenticated',
      query: emptyQuery,
      produces: ['text/csv'],
      handle: async ({ caller, params, res }) => {
        res.type('text/csv; charset=utf-8').send(await claims.bankProblemsCsv(caller, params.id));
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id',
      summary: '任务进度（仅任务提交人可见）',
      tag: 'jobs',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => claims.getJob(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id/rejections',
      summary: '导入任务中被拒绝的行及原因（CSV）',
      tag: 'jobs',
      access: 'authenticated',
      query: emptyQuery,
      produces: ['text/csv'],
      handle: async ({ caller, params, res }) => {
        res.type('text/csv; charset=utf-8').send(await claims.rejectionsCsv(caller, params.id));
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/:id/merges',
      summary: '导入任务的合并报告：与同一人其他记录合并的行（CSV）',
      tag: 'jobs',
      access: 'authenticated',
      query: emptyQuery,
      produces: ['text/csv'],
      handle: async ({ caller, params, res }) => {
        res.type('text/csv; charset=utf-8').send(await claims.mergesCsv(caller, params.id));
        return undefined;
      },
    }),
  ];
}
