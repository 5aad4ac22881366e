import type { Client } from '@temporalio/client';
import type { Db } from '../db/knex';
import { ACTION_NAMES, actionSpec } from '../domain/catalogue';
import { DEADLINE_RULES } from '../domain/deadlines';
import { NOTICE_KINDS } from '../domain/notices';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

export function actionCatalogue() {
  return ACTION_NAMES.map((name) => {
    const s = actionSpec(name);
    return {
      name,
      title: s.title,
      scope: s.scope,
      roles: s.roles,
      leadRegionOnly: s.leadOnly,
      stages: s.stages,
      payloadSchema: s.payloadSchema,
      notices: s.notices.map((k) => ({ kind: k, title: NOTICE_KINDS[k].title })),
      startsDeadlines: s.startsDeadlines.map((code) => ({ code, title: DEADLINE_RULES[code].title })),
      stopsDeadlines: s.stopsDeadlines.map((code) => ({ code, title: DEADLINE_RULES[code].title })),
      available: !s.notAvailable,
      ...(s.notAvailable ? { unavailableReason: s.notAvailable } : {}),
    };
  });
}

export function systemRoutes(db: Db, temporal: Client): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: '健康检查',
      tag: 'system',
      access: 'public',
      query: emptyQuery,
      handle: async ({ res }) => {
        const [dbOk, temporalOk] = await Promise.all([
          withTimeout(db.raw('SELECT 1'), 2000).then(
            () => true,
            () => false,
          ),
          withTimeout(temporal.workflowService.getSystemInfo({}), 2000).then(
            () => true,
            () => false,
          ),
        ]);
        if (!dbOk || !temporalOk) res.status(503);
        return {
          status: dbOk && temporalOk ? 'ok' : 'degraded',
          db: dbOk ? 'ok' : 'down',
          temporal: temporalOk ? 'ok' : 'down',
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      summary: '当前用户',
      tag: 'system',
      access: 'authenticated',
      query: emptyQuery,
      handle: async ({ req }) => {
        const c = (
          req as {
            caller?: {
              userId: string;
              role: string;
              unitId: string;
              unitName: string;
              regionCode: string;
              displayName: string;
            };
          }
        ).caller!;
        return {
          userId: c.userId,
          role: c.role,
          unit: { id: c.unitId, name: c.unitName },
          regionCode: c.regionCode,
          displayName: c.displayName,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/actions',
      summary: '操作目录：角色、阶段、载荷 JSON Schema、出具文书、启动与停止的期限',
      tag: 'cases',
      access: 'authenticated',
      query: emptyQuery,
      handle: async () => actionCatalogue(),
    }),
  ];
}
