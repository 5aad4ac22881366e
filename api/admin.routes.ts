// The administrator's endpoints (issue 14, build 1): units, users, their sessions and API keys.
import { ROLES } from '../domain/reference';
import { PASSWORD_MAX, USERNAME_PATTERN } from '../domain/sign-in';
import { LIMITS } from '../domain/reference';
import type { AdminService, NewUnitBody, NewUserBody, UserPatchBody } from './admin.service';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute, pageQuery } from './route';

const ADMIN = ['admin'] as const;
const password = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX } as const;
const displayName = { type: 'string', minLength: 1, maxLength: LIMITS.nameMax } as const;

export const newUserBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'displayName', 'unitId'],
  properties: {
    username: { type: 'string', pattern: USERNAME_PATTERN },
    displayName,
    unitId: { type: 'string', minLength: 1, maxLength: 64 },
    password,
  },
} as const;

export const userPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { displayName, password, active: { type: 'boolean' } },
} as const;

export const newUnitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'regionCode', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9-]{3,64}$' },
    regionCode: { type: 'string', pattern: '^\\d{6}$' },
    name: { type: 'string', minLength: 1, maxLength: LIMITS.nameMax },
    role: { type: 'string', enum: [...ROLES] },
    docCode: { type: 'string', minLength: 1, maxLength: 20 },
  },
} as const;

const newKeyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

const usersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, unitId: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export function adminRoutes(admin: AdminService): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/units',
      summary: '管辖范围内的单位',
      tag: 'admin',
      access: ADMIN,
      query: emptyQuery,
      handle: ({ caller }) => admin.listUnits(caller),
    }),
    defineRoute<NewUnitBody>({
      method: 'post',
      path: '/api/admin/units',
      summary: '设立单位（每个地区每种角色至多一个单位）',
      tag: 'admin',
      access: ADMIN,
      body: newUnitBody,
      status: 201,
      handle: ({ caller, body }) => admin.createUnit(caller, body),
    }),
    defineRoute<unknown, { unitId?: string; page: number; pageSize: number }>({
      method: 'get',
      path: '/api/admin/users',
      summary: '管辖范围内的用户（分页；不含任何口令或令牌）',
      tag: 'admin',
      access: ADMIN,
      query: usersQuery,
      handle: ({ caller, query }) => admin.listUsers(caller, query),
    }),
    defineRoute<NewUserBody>({
      method: 'post',
      path: '/api/admin/users',
      summary: '开设用户：角色随所在单位；不设密码的用户只能持 API 密钥（如银行的报送系统）',
      tag: 'admin',
      access: ADMIN,
      body: newUserBody,
      status: 201,
      handle: ({ caller, body }) => admin.createUser(caller, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/users/:id',
      summary: '一名用户',
      tag: 'admin',
      access: ADMIN,
      query: emptyQuery,
      handle: ({ caller, params }) => admin.getUser(caller, params.id),
    }),
    defineRoute<UserPatchBody>({
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: '修改用户：改名、重设密码（结束其会话）、停用（结束其会话并吊销其密钥）或启用',
      tag: 'admin',
      access: ADMIN,
      body: userPatchBody,
      handle: ({ caller, params, body }) => admin.updateUser(caller, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/users/:id/revoke-sessions',
      summary: '结束该用户的全部会话：{ revoked }',
      tag: 'admin',
      access: ADMIN,
      query: emptyQuery,
      handle: ({ caller, params }) => admin.revokeSessions(caller, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/users/:id/api-keys',
      summary: '该用户的 API 密钥（不含密钥本身）',
      tag: 'admin',
      access: ADMIN,
      query: emptyQuery,
      handle: ({ caller, params }) => admin.listApiKeys(caller, params.id),
    }),
    defineRoute<{ name: string }>({
      method: 'post',
      path: '/api/admin/users/:id/api-keys',
      summary: '签发 API 密钥：密钥只在此答复中出现一次',
      tag: 'admin',
      access: ADMIN,
      body: newKeyBody,
      status: 201,
      handle: ({ caller, params, body }) => admin.createApiKey(caller, params.id, body.name),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/api-keys/:id',
      summary: '吊销 API 密钥（204）',
      tag: 'admin',
      access: ADMIN,
      query: emptyQuery,
      handle: async ({ caller, params, res }) => {
        await admin.revokeApiKey(caller, params.id);
        res.status(204).end();
      },
    }),
  ];
}
