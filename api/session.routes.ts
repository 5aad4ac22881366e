// Sign-in and sign-out (issue 14, build 1; API.md: POST /api/session, DELETE /api/session), and which sign-in
// the console should show.
import type { AppMode } from '../config';
import { PASSWORD_MAX } from '../domain/sign-in';
import type { AuthenticatedRequest } from './auth';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';
import type { SignInService } from './sign-in.service';

export interface SignInBody {
  username: string;
  password: string;
}

export const signInBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    // Passwords are not trimmed or otherwise judged here: only their length is bounded (argon2 reads them).
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX },
  },
} as const;

export function sessionRoutes(signIn: SignInService, mode: AppMode): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/session/config',
      summary: '登录方式：{ mode: development | production }（开发模式选择开发用户，生产模式用户名与密码）',
      tag: 'session',
      access: 'public',
      query: emptyQuery,
      handle: async () => ({ mode }),
    }),
    defineRoute<SignInBody>({
      method: 'post',
      path: '/api/session',
      summary: '登录：{ username, password } → { token, expiresAt, user }；用户名或密码错误统一答 401',
      tag: 'session',
      access: 'public',
      body: signInBody,
      status: 201,
      handle: ({ body }) => signIn.signIn(body.username, body.password),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/session',
      summary: '退出登录：本会话的令牌即时失效（204）',
      tag: 'session',
      access: 'authenticated',
      query: emptyQuery,
      handle: async ({ req, res }) => {
        await signIn.signOut((req as AuthenticatedRequest).credential!);
        res.status(204).end();
      },
    }),
  ];
}
