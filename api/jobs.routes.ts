// GET /api/jobs: the caller's own long jobs (imports, refund rounds, bank results), newest first, paged —
// what the console's 我的任务 lists with a progress bar each. One job is read at GET /api/jobs/{id}.
import type { Db } from '../db/knex';
import type { JobKind, JobState } from '../db/claims.repository';
import { listJobsOf } from '../db/jobs.repository';
import { paged } from './petitions.schemas';
import { type RouteDef, defineRoute, pageQuery } from './route';

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;

export const listJobsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
    kind: {
      type: 'string',
      enum: ['participant_import', 'refund_compute', 'refund_approve', 'bank_results'],
    },
  },
} as const;

export const jobPageResponse = paged(
  {
    type: 'object',
    required: ['id', 'kind', 'caseId', 'caseNo', 'state', 'progress', 'createdAt', 'updatedAt'],
    properties: {
      id: str,
      kind: {
        type: 'string',
        enum: ['participant_import', 'refund_compute', 'refund_approve', 'bank_results'],
      },
      caseId: nullableStr,
      caseNo: nullableStr,
      state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
      progress: {
        type: 'object',
        required: ['done', 'total'],
        properties: { done: { type: 'integer' }, total: { type: ['integer', 'null'] } },
      },
      error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str } },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  {},
  [],
);

interface ListJobsQuery {
  page: number;
  pageSize: number;
  state?: JobState;
  kind?: JobKind;
}

export function jobRoutes(db: Db): RouteDef[] {
  return [
    defineRoute<unknown, ListJobsQuery>({
      method: 'get',
      path: '/api/jobs',
      summary: '我的任务：本人提交的任务及其进度，新者在前，分页',
      tag: 'jobs',
      access: 'authenticated',
      query: listJobsQuery,
      responseSchema: 'JobPage',
      handle: async ({ caller, query }) => ({
        ...(await listJobsOf(db, { ownerUserId: caller.userId, ...query })),
        page: query.page,
        pageSize: query.pageSize,
      }),
    }),
  ];
}
