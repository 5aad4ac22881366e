// Transport hardening (issue 14, item 7): security headers, no caching of personal data, CORS closed unless
// configured, rate limits per token and on refused authentications.
import { chromium } from 'playwright-core';
import { type TestApi, startTestApi, token } from '../support/api';

const apis: TestApi[] = [];
const start = async (env: Record<string, string> = {}) => {
  const api = await startTestApi({ env });
  apis.push(api);
  return api;
};
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
});

const office = token('financial_office');

describe('security headers', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await start();
  });

  test('When the API answers, then CSP, nosniff, frame denial and no-store are set, and no HSTS over plain HTTP', async () => {
    for (const res of [
      await api.call('GET', '/api/me', { token: office }),
      await api.call('GET', '/api/cases', { token: office }),
      await api.call('GET', '/api/cases/00000000-0000-4000-8000-000000000000', { token: office }),
      await api.call('GET', '/healthz'),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('When the docs page is served, then it needs no inline script, so the CSP lets Swagger UI run', async () => {
    const page = await api.call('GET', '/api/docs');
    expect(page.status).toBe(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/api\/docs\//);
      expect(body.trim()).toBe('');
    }
    expect((await api.call('GET', '/api/docs/init.js')).status).toBe(200);
  });

  test('When a real browser opens the docs under the CSP, then Swagger UI renders the operations with no violation', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${api.url}/api/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('When a cross-origin browser asks with CORS closed, then no Access-Control header answers it', async () => {
    const res = await api.call('OPTIONS', '/api/cases', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('behind TLS, with CORS configured', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await start({ BEHIND_TLS: 'true', CORS_ORIGINS: 'https://console.chufei.example' });
  });

  test('When behind TLS, then HSTS and upgrade-insecure-requests are sent', async () => {
    const res = await api.call('GET', '/api/me', { token: office });
    expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  test('When the configured origin preflights, then it is allowed; another origin is not', async () => {
    const ok = await api.call('OPTIONS', '/api/cases', {
      headers: { origin: 'https://console.chufei.example', 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://console.chufei.example');
    expect(ok.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    const other = await api.call('GET', '/api/me', {
      token: office,
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  test('When one token sends more than its limit in a minute, then 429 problem+json; another token is unaffected', async () => {
    const api = await start({ RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_PUBLIC: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api.call('GET', '/api/me', { token: office })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await api.call('GET', '/api/me', { token: office });
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('ratelimit-policy') ?? limited.headers.get('ratelimit')).toBeTruthy();
    expect((await api.call('GET', '/api/me', { token: token('police') })).status).toBe(200);
    // Public endpoints are counted per address.
    const publicStatuses: number[] = [];
    for (let i = 0; i < 4; i++) publicStatuses.push((await api.call('GET', '/healthz')).status);
    expect(publicStatuses.slice(3)).toEqual([429]);
  });

  test('When an address keeps presenting bad tokens, then after the limit it is refused with 429, good token or not', async () => {
    const api = await start({ AUTH_FAILURES_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await api.call('GET', '/api/me', { token: `dev-guess-${i}-0000000` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await api.call('GET', '/api/me', { token: office })).status).toBe(429);
  });

  test('When successful requests are many, then they do not count as refused authentications', async () => {
    const api = await start({ AUTH_FAILURES_PER_MINUTE: '3' });
    for (let i = 0; i < 10; i++)
      expect((await api.call('GET', '/api/me', { token: office })).status).toBe(200);
    expect((await api.call('GET', '/api/me', { token: 'dev-guess-0-0000000' })).status).toBe(401);
  });
});
