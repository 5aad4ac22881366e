// The API in-process on port 0, against the run's real Postgres and Temporal, exercised over HTTP.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfig } from '../../config';
import { createDb, type Db } from '../../db/knex';
import { createApp } from '../../api/app';
import { sealedDataConverter } from '../../payload-codec';
import { createLogger } from '../../logger';
import { lazyPdfRenderer } from '../../api/pdf';
import { answerClientErrors } from '../../api/problem';
import { readTestEnv, type TestEnv } from './env';

export interface TestApi {
  url: string;
  db: Db;
  env: TestEnv;
  temporal: Client;
  call: <T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: T; headers: Headers; text: string }>;
  close: () => Promise<void>;
}

export async function startTestApi(
  opts: {
    fast?: boolean;
    taskQueue?: string;
    env?: Record<string, string>;
    /** Collects the API's log lines (at the configured LOG_LEVEL) instead of discarding them. */
    logLines?: string[];
    /** Another database than the run's (a test with a stack of its own). */
    databaseUrl?: string;
  } = {},
): Promise<TestApi> {
  const env = { ...readTestEnv(), ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) };
  const config = loadConfig({
    APP_MODE: 'development',
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.namespace,
    TEMPORAL_TASK_QUEUE: opts.taskQueue ?? (opts.fast ? env.fastTaskQueue : env.taskQueue),
    DEADLINE_TIME_SCALE: opts.fast ? '86400' : '1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Test files make thousands of requests with a few tokens; the limits are tested on their own.
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PUBLIC: '0',
    AUTH_FAILURES_PER_MINUTE: '0',
    SIGN_IN_PER_MINUTE: '0',
    TIPS_PER_HOUR: '0',
    ...(opts.env ?? {}),
  });
  const db = createDb(env.databaseUrl, 5);
  const connection = await Connection.connect({ address: env.temporalAddress, connectTimeout: '30s' });
  const temporal = new Client({
    connection,
    namespace: env.namespace,
    dataConverter: sealedDataConverter(config.sealing),
  });
  const pdf = lazyPdfRenderer(config.chromiumPath);
  const lines = opts.logLines;
  const log = lines
    ? createLogger(config, 'api', { write: (line: string) => void lines.push(line) })
    : pino({ level: 'silent' });
  const { app } = createApp({ config, db, temporal, log, pdf: pdf.get });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  answerClientErrors(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    env,
    temporal,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, {
        method,
        headers,
        body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
      });
      const text = await res.text();
      let body: any = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
      return { status: res.status, body, headers: res.headers, text };
    },
    close: async () => {
      await new Promise((r) => server.close(r));
      await pdf.close();
      await connection.close();
      await db.destroy();
    },
  };
}

export const token = (role: string, region = '532822') => `dev-${role}-${region}`;

/** A fresh, valid opening body with unique title. */
export function openingBody(overrides: Record<string, unknown> = {}) {
  const n = Math.random().toString(36).slice(2, 8);
  return {
    title: `某某投资公司涉嫌非法吸收公众存款案 ${n}`,
    sector: 'investment_company',
    leadRegionCode: '532822',
    assistingRegionCodes: [],
    source: { kind: 'bank_report', reference: `STR-2026-${n}` },
    subjects: [
      { kind: 'legal_person', name: '某某投资有限公司', creditCode: '91532822MA6K000146' },
      { kind: 'actual_controller', name: '张某', idNumber: '532822198001010010' },
    ],
    estimatedAmountFen: 1_200_000_000,
    estimatedParticipants: 800,
    summary: '群众举报，银行可疑交易报告显示分散转入集中转出。',
    ...overrides,
  };
}
