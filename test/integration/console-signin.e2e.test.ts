// The console's production sign-in end to end (issue 14, build 1): the built console served by an API in
// production mode, driven in Debian's Chromium. The page asks the server which sign-in to show, signs in
// with username and password, shows one message for a wrong password, and signing out ends the session on
// the server, not only in the tab.
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { ensureConsoleBuilt } from '../../scripts/console';
import { createAdminService } from '../../api/admin.service';
import { loadConfig } from '../../config';
import { type TestApi, startTestApi } from '../support/api';
import { launchBrowser, newContext, screenshot, seriousViolations } from '../support/browser';

const DEV_KEY = Buffer.alloc(32, 0x5a).toString('base64');
const PASSWORD = '普洱茶山-Nannuo-2026';

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let username: string;

beforeAll(async () => {
  ensureConsoleBuilt((m) => console.log(m));
  [api, browser] = await Promise.all([
    startTestApi({
      env: {
        APP_MODE: 'production',
        SEALING_KEYS: `dev:${DEV_KEY}`,
        SEALING_HMAC_KEY: DEV_KEY,
        AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
      },
    }),
    launchBrowser(),
  ]);
  // The first user of a production installation is made by the operator (npm run cli -- users add).
  username = `yan.wen.${randomBytes(3).toString('hex')}`;
  await createAdminService({ db: api.db, config: loadConfig() }).createUser(
    { userId: 'cli', role: 'admin', unitId: '', regionCode: '530000' },
    { username, displayName: '岩温', unitId: '532822-financial_office', password: PASSWORD },
  );
  context = await newContext(browser, api.url);
}, 300_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await api?.close();
});

test('When production mode is on, then the console signs in with a password, refuses a wrong one, and signs out on the server', async () => {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/');
  await page.locator('#signin-username').waitFor();
  // No development chooser in production.
  expect(await page.locator('#signin-role').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill('not-the-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('signin-error').waitFor();
  expect(await page.getByTestId('signin-error').textContent()).toBe('用户名或密码错误');
  await screenshot(page, 'signin-production-refused');

  await page.locator('#signin-password').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('whoami').waitFor();
  expect(await page.getByTestId('whoami').textContent()).toContain('岩温');
  const token = (await page.evaluate<string | null>("sessionStorage.getItem('chufei.token')")) ?? '';
  expect(token).toMatch(/^cfs_/);
  const hash = createHash('sha256').update(token).digest('hex');
  expect((await api.db('sessions').where({ token_hash: hash }).first()).revoked_at).toBeNull();

  await page.getByRole('button', { name: /退\s*出/ }).click();
  await page.locator('#signin-username').waitFor();
  expect(await page.evaluate<string | null>("sessionStorage.getItem('chufei.token')")).toBeNull();
  // DELETE /api/session ran: the token is dead on the server, so a copy of it is worth nothing.
  const deadline = Date.now() + 10_000;
  let revoked = null;
  while (!revoked && Date.now() < deadline) {
    revoked = (await api.db('sessions').where({ token_hash: hash }).first()).revoked_at;
    if (!revoked) await new Promise((r) => setTimeout(r, 100));
  }
  expect(revoked).not.toBeNull();
  expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
});
