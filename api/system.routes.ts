import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { type Config, databaseUrl } from '../config';
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

const HEALTH_TIMEOUT_MS = 2000;

/**
 * Its own connection, not one of the pool's: under 200 slow requests the pool was exhausted and /healthz
 * waited 11.9 s for a connection and once said db: down while Postgres was fine.
 */
async function databaseAnswers(url: string): Promise<boolean> {
  const client = new PgClient({
    connectionString: url,
    connectionTimeoutMillis: HEALTH_TIMEOUT_MS,
    statement_timeout: HEALTH_TIMEOUT_MS,
    query_timeout: HEALTH_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    void client.end().catch(() => undefined);
  }
}

/**
 * Whether a worker polls the case task queue now. Temporal lists a poller for minutes after it stopped, so
 * only pollers seen within the last long poll (about a minute) count.
 */
async function workerPolls(temporal: Client, config: Config): Promise<boolean> {
  try {
    const res = await withTimeout(
      temporal.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name: config.temporal.taskQueue },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      }),
      HEALTH_TIMEOUT_MS,
    );
    const since = Date.now() - 75_000;
    return (res.pollers ?? []).some((p) => {
      const t = p.lastAccessTime;
      const ms = t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
      return ms >= since;
    });
  } catch {
    return false;
  }
}

export function systemRoutes(temporal: Client, config: Config): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: '健康检查',
      tag: 'system',
      access: 'public',
      query: emptyQuery,
      handle: async ({ res }) => {
        const [dbOk, temporalOk, workerOk] = await Promise.all([
          databaseAnswers(databaseUrl(config)),
          withTimeout(temporal.workflowService.getSystemInfo({}), HEALTH_TIMEOUT_MS).then(
            () => true,
            () => false,
          ),
          workerPolls(temporal, config),
        ]);
        const ok = dbOk && temporalOk && workerOk;
        if (!ok) res.status(503);
        return {
          status: ok ? 'ok' : 'degraded',
          db: dbOk ? 'ok' : 'down',
          temporal: temporalOk ? 'ok' : 'down',
          worker: workerOk ? 'ok' : 'down',
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
