// The OpenAPI 3.1 document, generated from the same route declarations and JSON Schemas that validate
// requests, so the contract cannot drift from the code. Committed as docs/openapi.json; CI checks it.
import { ACTION_NAMES, actionSpec } from '../domain/catalogue';
import { dashboardResponse } from './dashboard.schemas';
import {
  participantPageResponse,
  participantResponse,
  refundDataAccessResponse,
  refundRoundPageResponse,
  refundRoundResponse,
} from './claims.schemas';
import { jobPageResponse } from './jobs.routes';
import { petitionPageResponse, stabilizationPageResponse } from './petitions.schemas';
import { ERROR_STATUS } from '../domain/errors';
import { MAX_FIELD_ERRORS } from './problem';
import type { RouteDef } from './route';

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    // Derived from the vocabulary itself, so a new code cannot be missing from the contract.
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      maxItems: MAX_FIELD_ERRORS,
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    errorCount: { type: 'integer', description: '失败字段总数（errors 只列出前 50 个）' },
  },
};

const caseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    caseNo: { type: 'string', examples: ['勐海打非〔2026〕7号'] },
    title: { type: 'string' },
    sector: { type: 'string' },
    stage: { type: 'string' },
    leadRegionCode: { type: 'string' },
    regions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          stage: { type: 'string' },
          outcome: { type: ['string', 'null'] },
        },
      },
    },
    overdue: { type: 'boolean' },
    openDeadlines: { type: 'array', items: { type: 'object' } },
    allowedActions: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

const totals = {
  type: 'object',
  properties: {
    frozenFen: { type: 'integer' },
    lapsedFen: { type: 'integer' },
    releasedFen: { type: 'integer' },
    realizedFen: { type: 'integer' },
  },
} as const;
const assetPoolSchema = {
  type: 'object',
  properties: {
    assets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          regionCode: { type: 'string' },
          unitId: { type: ['string', 'null'] },
          kind: { type: 'string', enum: ['deposit', 'securities', 'equity', 'real_estate'] },
          holderName: { type: 'string' },
          institution: { type: 'string' },
          accountNo: { type: 'string', description: '掩码（尾号）' },
          amountFen: { type: 'integer' },
          state: { type: 'string', enum: ['frozen', 'lapsed', 'released'] },
          frozenAt: { type: 'string', format: 'date-time' },
          renewals: { type: 'integer' },
          term: { type: ['object', 'null'] },
          realizedFen: { type: 'integer' },
        },
      },
    },
    realizations: { type: 'array', items: { type: 'object' } },
    totals: {
      type: 'object',
      properties: {
        case: totals,
        regions: {
          type: 'array',
          items: { type: 'object', properties: { regionCode: { type: 'string' }, ...totals.properties } },
        },
      },
    },
  },
} as const;

export function buildOpenApi(routes: RouteDef[]): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = toOpenApiPath(r.path);
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = r.query as { properties?: Record<string, object> } | undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {}))
      params.push({ name, in: 'query', required: false, schema: schema as never });
    const security = r.access === 'public' ? [] : [{ bearer: [] }];
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      security,
      'x-access': r.access === 'public' || r.access === 'authenticated' ? r.access : [...r.access],
      parameters: params,
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: {
            'application/json': {
              schema: r.responseSchema ? { $ref: `#/components/schemas/${r.responseSchema}` } : {},
            },
          },
        },
        default: {
          description: '错误',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (r.path === '/api/cases/:id/actions/:action') {
      op.requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: { oneOf: ACTION_NAMES.map((n) => ({ $ref: `#/components/schemas/action.${n}` })) },
          },
        },
      };
      op.parameters = [
        ...params,
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 200 },
        },
      ];
    } else if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: r.body } } };
      if (r.method === 'post') {
        op.parameters = [
          ...params,
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 200 },
          },
        ];
      }
    }
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  const actionSchemas = Object.fromEntries(
    ACTION_NAMES.map((n) => {
      const s = actionSpec(n);
      return [
        `action.${n}`,
        { ...s.payloadSchema, title: `${n} — ${s.title}`, 'x-roles': s.roles, 'x-stages': s.stages },
      ];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: '处非案件处置系统 API',
      version: '0.1.0',
      description: '勐海县及周边地区非法集资案件处置系统。金额单位为分（整数），时间按 Asia/Shanghai 理解。',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: problem,
        Case: caseSchema,
        CasePage: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/Case' } },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            total: { type: 'integer' },
          },
        },
        ActionResult: {
          type: 'object',
          properties: {
            case: { $ref: '#/components/schemas/Case' },
            event: { type: 'object' },
            notices: { type: 'array', items: { type: 'object' } },
          },
        },
        AssetPool: assetPoolSchema,
        Dashboard: dashboardResponse,
        PetitionPage: petitionPageResponse,
        StabilizationMeasurePage: stabilizationPageResponse,
        JobPage: jobPageResponse,
        Participant: participantResponse,
        ParticipantPage: participantPageResponse,
        RefundRound: refundRoundResponse,
        RefundRoundPage: refundRoundPageResponse,
        RefundDataAccessLog: refundDataAccessResponse,
        ...actionSchemas,
      },
    },
    paths,
  };
}
