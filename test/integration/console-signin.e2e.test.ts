// The console's production sign-in end to end (issue 14, build 1): the built console served by an API in
// production mode, driven in Debian's Chromium. The page asks the server which sign-in to show, signs in
// with username and password, shows one message for a wrong password, and signing out ends the session on
// the server, not only in the tab. A user an administrator disables in 用户管理 is refused with that same
// message, and signs in again once enabled.
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

test('When an administrator disables a user in 用户管理, then the console refuses their sign-in with the one message, and once enabled again signs them in', async () => {
  const adminName = `admin.menghai.${randomBytes(3).toString('hex')}`;
  const adminPassword = '勐海县-admin-Pu-erh-2026';
  await createAdminService({ db: api.db, config: loadConfig() }).createUser(
    { userId: 'cli', role: 'admin', unitId: '', regionCode: '530000' },
    { username: adminName, displayName: '玉管理', unitId: '532822-admin', password: adminPassword },
  );
  const signIn = async (page: Page, who: string, password: string) => {
    await page.goto('/');
    await page.locator('#signin-username').fill(who);
    await page.locator('#signin-password').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
  };
  const admin = await context.newPage();
  admin.setDefaultTimeout(20_000);
  await signIn(admin, adminName, adminPassword);
  await admin.getByTestId('whoami').waitFor();
  await admin.getByRole('link', { name: '用户管理' }).click();
  await admin.getByTestId('users-table').waitFor();
  await admin.locator('#users-unit').click();
  await admin.locator('.ant-select-item-option', { hasText: '勐海县人民政府金融工作办公室' }).first().click();
  await admin.getByRole('button', { name: username }).click();
  const drawer = admin.getByTestId('user-drawer');
  await drawer.getByRole('button', { name: /^停\s*用$/ }).click();
  await drawer.getByTestId('user-state').filter({ hasText: '停用' }).waitFor();

  // 岩温, in a browser of their own: the password is right, the answer is the one for any refusal.
  const attempt = async (expectSignedIn: boolean) => {
    const own = await newContext(browser, api.url);
    try {
      const page = await own.newPage();
      page.setDefaultTimeout(20_000);
      await signIn(page, username, PASSWORD);
      if (expectSignedIn) {
        await page.getByTestId('whoami').waitFor();
        expect(await page.getByTestId('whoami').textContent()).toContain('岩温');
        await screenshot(page, 'signin-production-after-enable');
      } else {
        await page.getByTestId('signin-error').waitFor();
        expect(await page.getByTestId('signin-error').textContent()).toBe('用户名或密码错误');
        expect(await page.getByTestId('whoami').count()).toBe(0);
        expect(await page.evaluate<string | null>("sessionStorage.getItem('chufei.token')")).toBeNull();
      }
    } finally {
      // A browser per attempt: nothing of the refused one (a token, a page) carries into the next.
      await own.close();
    }
  };
  await attempt(false);
  expect((await api.db('users').where({ username }).first()).active).toBe(false);

  // Not anchored at the start: under load antd's loading icon can be left in the button after its leave
  // transition (named "loading 启 用" then), the same button all the same.
  await drawer.getByRole('button', { name: /启\s*用$/ }).click();
  await drawer.getByTestId('user-state').filter({ hasText: '启用' }).waitFor();
  expect((await api.db('users').where({ username }).first()).active).toBe(true);
  await attempt(true);
});
