// Transport hardening (issue 14, item 7): security headers, CORS closed unless configured, no caching of
// answers that carry personal data, and rate limits per token and per address. Configured in config.http.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { sendProblem } from './problem';

/**
 * The Content-Security-Policy fits a same-origin console (a built React/Ant Design bundle served at /), the
 * Swagger UI at /api/docs and the notices' HTML: scripts only from this origin (no inline script, no eval),
 * styles from this origin plus inline ones (Ant Design's CSS-in-JS, Swagger UI and the notices' inlined
 * print stylesheet all write <style>), images and fonts also as data: URLs, requests only to this origin,
 * and no framing by anyone (clickjacking of an officer's session).
 */
export function securityHeaders(config: Config): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.http.behindTls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    // Only behind TLS: HSTS sent over plain HTTP is ignored at best, and locks out a dev host at worst.
    strictTransportSecurity: config.http.behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Every answer under /api and /healthz is no-store by default: cases, events and notices carry names,
 * identity and account numbers, which must not stay in a browser's or a proxy's cache. A route whose answer
 * is public and immutable (the notices' stylesheet) sets its own Cache-Control.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** CORS: nothing unless origins are configured; then only those, with the headers the API reads. */
export function cors(config: Config): RequestHandler {
  const allowed = new Set(config.http.corsOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (allowed.size === 0 || !origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-Namespace',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      return void res.status(204).end();
    }
    res.setHeader('Access-Control-Expose-Headers', 'Location, X-Request-Id, Retry-After');
    next();
  };
}

const bearer = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
const addressKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

const limited = (_req: Request, res: Response) => {
  sendProblem(res, 'RATE_LIMITED', '请求过于频繁，请稍后再试');
};

/**
 * Two limits, per minute:
 * - every request, counted per bearer token (its hash, never the token) or, without one, per address;
 * - refused authentications (401) per address: 300 guessed tokens in a burst were all answered before.
 *   Once over, the address is refused for the rest of the window, whatever token it sends.
 * A limit of 0 turns that limit off (the test and benchmark harnesses, which make thousands of requests).
 */
export function rateLimits(config: Config): RequestHandler[] {
  const { rateLimitPerToken, rateLimitPublic, authFailuresPerMinute } = config.http;
  const out: RequestHandler[] = [];
  if (authFailuresPerMinute > 0) {
    out.push(
      rateLimit({
        windowMs: 60_000,
        limit: authFailuresPerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: addressKey,
        requestWasSuccessful: (_req, res) => res.statusCode !== 401,
        skipSuccessfulRequests: true,
        handler: limited,
        identifier: 'auth-failures',
      }),
    );
  }
  if (rateLimitPerToken > 0 || rateLimitPublic > 0) {
    out.push(
      rateLimit({
        windowMs: 60_000,
        limit: (req) => (bearer(req) ? rateLimitPerToken : rateLimitPublic) || Number.MAX_SAFE_INTEGER,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: (req) => {
          const token = bearer(req);
          return token ? `token:${createHash('sha256').update(token).digest('hex')}` : addressKey(req);
        },
        handler: limited,
        identifier: 'requests',
      }),
    );
  }
  return out;
}

/**
 * Limits of their own on the two doors anyone may knock at, per address: sign-in attempts per minute (on top
 * of the per-username lock-out, which stops guessing at one account; this stops guessing across many), and
 * public tips per hour (a tip costs an officer's time to verify). 0 turns a limit off.
 */
export function routeLimits(config: Config): { method: 'post'; path: string; handler: RequestHandler }[] {
  const out: { method: 'post'; path: string; handler: RequestHandler }[] = [];
  const { signInPerMinute, tipsPerHour } = config.http;
  if (signInPerMinute > 0)
    out.push({
      method: 'post',
      path: '/api/session',
      handler: rateLimit({
        windowMs: 60_000,
        limit: signInPerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: addressKey,
        handler: limited,
        identifier: 'sign-in',
      }),
    });
  if (tipsPerHour > 0)
    out.push({
      method: 'post',
      path: '/api/public/tips',
      handler: rateLimit({
        windowMs: 3_600_000,
        limit: tipsPerHour,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: addressKey,
        handler: limited,
        identifier: 'tips',
      }),
    });
  return out;
}
