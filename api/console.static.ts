// The officers' console (console/dist, built by Vite) served from the API's own origin, so the console
// calls /api/… with no CORS and one Authorization header. Vite names every asset by its content hash: an
// asset's URL never changes meaning, so it may be cached for a year; index.html names the current assets,
// so it must be revalidated on every load or a deploy would leave browsers on old code. Paths that are not
// the API's (/api/…, /healthz) and are not files fall back to index.html: the console's router owns them.
// These files are public (like the notice stylesheet): they hold no case data, and every call the console
// makes for data goes through a declared, authenticated route.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '..', 'console', 'dist');

const isApiPath = (p: string) => p === '/api' || p.startsWith('/api/') || p === '/healthz';

export function mountConsole(app: Express, dir: string = DEFAULT_CONSOLE_DIR): void {
  const indexFile = path.join(dir, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
      fallthrough: true,
    }),
    // A missing hashed asset is a stale page asking for last deploy's file: say so plainly, never index.html.
    (_req: Request, res: Response) => void res.status(404).type('text/plain').send('not found'),
  );
  app.use(
    express.static(dir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (!fs.existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .set('Cache-Control', 'no-store')
        .send('控制台尚未构建：运行 npm start（或 npm --prefix console run build）后刷新。');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
}
