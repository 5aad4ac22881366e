// The Express application: routes from their declarations, authentication and validation per declaration,
// one error handler. No business logic here.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { DomainError } from '../domain/errors';
import { LIMITS } from '../domain/reference';
import { type AuthenticatedRequest, authenticate } from './auth';
import { createCaseService } from './case.service';
import { calendarRoutes } from './calendar.routes';
import { caseRoutes } from './case.routes';
import { createDashboardService } from './dashboard.service';
import { dashboardRoutes } from './dashboard.routes';
import { mountConsole } from './console.static';
import { claimsRoutes } from './claims.routes';
import { createClaimsService } from './claims.service';
import { createSealer } from '../db/sealing';
import { deadlineRoutes } from './deadline.routes';
import { type PdfRenderer, noticeRoutes } from './notice.routes';
import { systemRoutes } from './system.routes';
import { auditRoutes } from './audit.routes';
import { jobRoutes } from './jobs.routes';
import { petitionRoutes } from './petitions.routes';
import { cors, noStore, rateLimits, securityHeaders } from './security';
import { buildOpenApi } from './openapi';
import { MAX_URL_LENGTH, errorHandler, sendProblem } from './problem';
import type { RouteDef } from './route';
import { precompileBody, precompileQuery, validateBody, validateQuery } from './validation';

/** As type-is decides it (RFC 9112 §6.3): a body is announced by Transfer-Encoding or a non-zero length. */
const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  log: Logger;
  pdf: () => PdfRenderer;
  /** The built console (console/dist) served at /; its default is the checkout's own build. */
  consoleDir?: string;
}

export function buildRoutes(deps: Pick<AppDeps, 'config' | 'db' | 'temporal' | 'pdf'>): RouteDef[] {
  const cases = createCaseService(deps);
  return [
    ...systemRoutes(deps.temporal, deps.config),
    ...caseRoutes(cases),
    ...deadlineRoutes(deps.db, cases),
    ...calendarRoutes(deps.db),
    ...dashboardRoutes(createDashboardService({ db: deps.db })),
    ...noticeRoutes(deps.db, deps.pdf),
    ...auditRoutes(deps.db, deps.config),
    ...petitionRoutes(deps.db),
    ...jobRoutes(deps.db),
    ...claimsRoutes(createClaimsService({ ...deps, sealer: createSealer(deps.config.sealing) })),
  ];
}

export function createApp(deps: AppDeps): { app: Express; routes: RouteDef[] } {
  const routes = buildRoutes(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = /^[\w-]{1,64}$/.test(req.get('x-request-id') ?? '') ? req.get('x-request-id')! : randomUUID();
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.log.info(
        {
          requestId: id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  app.use(securityHeaders(deps.config), cors(deps.config), ...rateLimits(deps.config));
  app.use(['/api', '/healthz'], noStore);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.originalUrl.length > MAX_URL_LENGTH) return sendProblem(res, 'URI_TOO_LONG', '请求地址过长');
    // JSON is UTF-8 (RFC 8259 §8.1, API.md); another declared charset would be decoded into other text.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset))
      return sendProblem(res, 'UNSUPPORTED_MEDIA_TYPE', '请求体的字符集只能是 UTF-8');
    next();
  });
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  for (const r of routes) {
    if (!r.access)
      throw new Error(`route ${r.method.toUpperCase()} ${r.path} declares no access; refusing to start`);
    if (r.body) precompileBody(r.body);
    if (r.query) precompileQuery(r.query);
    app[r.method](
      r.path,
      authenticate(deps.db, deps.config.mode, r.access),
      async (req: AuthenticatedRequest, res: Response) => {
        const key = req.get('idempotency-key') ?? null;
        if (key !== null && (key.length === 0 || key.length > LIMITS.idempotencyKeyMax)) {
          throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key 长度应为 1 至 200', [
            { field: 'Idempotency-Key', message: '长度无效' },
          ]);
        }
        // A body in another type is not read at all; taken as {} it could pass a schema with nothing required.
        if (r.body && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
          throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 application/json; charset=utf-8');
        }
        const body = r.body ? validateBody(r.body, req.body ?? {}) : undefined;
        const rawQuery = req.originalUrl.includes('?')
          ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
          : '';
        const query = r.query ? validateQuery(r.query, req.query, rawQuery) : {};
        const out = await r.handle({
          req,
          res,
          caller: req.caller!,
          body,
          query,
          params: req.params as Record<string, string>,
          idempotencyKey: key,
        });
        if (!res.headersSent)
          res.status(r.status ?? (res.statusCode !== 200 ? res.statusCode : 200)).json(out);
      },
    );
  }

  const openapi = buildOpenApi(routes);
  app.get('/api/openapi.json', (_req, res) => void res.json(openapi));
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  app.get('/api/docs', (_req, res) => void res.type('html').send(DOCS_PAGE));
  app.get(
    '/api/docs/init.js',
    (_req, res) =>
      void res
        .type('application/javascript')
        .send(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });`),
  );
  app.use('/api/docs/assets', express.static(swaggerDir, { index: false }));
  mountConsole(app, deps.consoleDir);
  app.use((_req, res) => sendProblem(res, 'NOT_FOUND', '没有这个接口'));
  app.use(errorHandler(deps.log));
  return { app, routes };
}

const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>处非案件处置系统 API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
