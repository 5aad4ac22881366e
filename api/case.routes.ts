import type { OpenCaseInput } from '../domain/case.types';
import type { CaseFilter } from '../db/case.repository';
import type { CaseService } from './case.service';
import { emptyQuery, listCasesQuery, openCaseBody } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

type Paged<T> = T & { page: number; pageSize: number };

export function caseRoutes(cases: CaseService): RouteDef[] {
  return [
    defineRoute<OpenCaseInput>({
      method: 'post',
      path: '/api/cases',
      summary: '立档：在线索核查阶段开立案件',
      tag: 'cases',
      access: ['financial_office'],
      body: openCaseBody,
      status: 201,
      responseSchema: 'Case',
      handle: async ({ caller, body, idempotencyKey, res }) => {
        const c = await cases.openCase(caller, body, idempotencyKey);
        res.location(`/api/cases/${c.id}`);
        return c;
      },
    }),
    defineRoute<unknown, Paged<CaseFilter>>({
      method: 'get',
      path: '/api/cases',
      summary: '本人可见的案件列表',
      tag: 'cases',
      access: 'authenticated',
      query: listCasesQuery,
      responseSchema: 'CasePage',
      handle: ({ caller, query }) => cases.listCases(caller, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id',
      summary: '案件详情',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      responseSchema: 'Case',
      handle: ({ caller, params }) => cases.getCase(caller, params.id),
    }),
    defineRoute<Record<string, unknown>>({
      method: 'post',
      path: '/api/cases/:id/actions/:action',
      summary: '办理一项操作（见 GET /api/actions 的操作目录）',
      tag: 'cases',
      access: 'authenticated',
      body: { type: 'object' },
      responseSchema: 'ActionResult',
      handle: ({ caller, params, body, idempotencyKey }) =>
        cases.act(caller, params.id, params.action, body, idempotencyKey),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/events',
      summary: '案件办理记录（按时间先后）',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => cases.events(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/deadlines',
      summary: '案件的全部期限',
      tag: 'deadlines',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => cases.deadlines(caller, params.id),
    }),
    // Issue 13 (law-criminal): each suspect's custody and clocks.
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/suspects',
      summary: '犯罪嫌疑人：各自的强制措施与期限（身份证号码脱敏）',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => cases.suspects(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/assets',
      summary: '案件的统一资产池：各地区的冻结、查封、扣押与变现，分地区与全案合计（分）',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      responseSchema: 'AssetPool',
      handle: ({ caller, params }) => cases.assets(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/requirements',
      summary: '统一办案要求：现行版本与历次版本',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => cases.requirements(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/notices',
      summary: '案件的文书',
      tag: 'notices',
      access: 'authenticated',
      query: emptyQuery,
      handle: ({ caller, params }) => cases.notices(caller, params.id),
    }),
  ];
}
