// The console's screens for the APIs of issue 14 (issue 12): 举报线索 (the financial office opens a case from a
// tip, the reporter shown only after a reason), 用户管理 (an admin opens a user), and the case page's refund
// rounds (a round computed from the action button, its job's bar, the round's totals to the 分) with the
// unmasked personal-data read behind a reason. The built console served in-process, real Postgres and
// Temporal, Debian's Chromium; an axe scan and a screenshot of each new screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../scripts/console';
import { type TestApi, startTestApi, token } from '../support/api';
import { advanceUntil, mustAct, openCase } from '../support/case-flow';
import { idNumberOf } from '../support/refunds';
import { launchBrowser, newContext, screenshot, seriousViolations } from '../support/browser';

let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureConsoleBuilt((m) => console.log(m));
  [api, browser] = await Promise.all([startTestApi(), launchBrowser()]);
}, 300_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await api?.close();
});

async function freshPage(): Promise<Page> {
  const context = await newContext(browser, api.url);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

async function signInAs(page: Page, role: string, region = '532822'): Promise<void> {
  await page.addInitScript(`sessionStorage.setItem('chufei.token', ${JSON.stringify(token(role, region))})`);
  await page.goto('/');
  await page.getByTestId('whoami').waitFor();
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  await screenshot(page, screen);
  const violations = await seriousViolations(page);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

async function waitForJob(jobId: string, role = 'financial_office') {
  for (let i = 0; i < 600; i++) {
    const res = await api.call('GET', `/api/jobs/${jobId}`, { token: token(role) });
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

describe('The console screens for tips, users and refund rounds', () => {
  test('When the financial office opens a case from a public tip, then the reporter is shown only after a reason and the tip links to the new case', async () => {
    const what = `某合作社以高息吸收村民存款 ${Math.random().toString(36).slice(2, 8)}`;
    const submitted = await api.call('POST', '/api/public/tips', {
      body: {
        regionCode: '532822',
        what,
        where: '勐海县勐遮镇',
        reporter: { name: '岩举报', contact: '13900000001' },
      },
    });
    expect(submitted.status).toBe(201);
    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.getByRole('link', { name: '举报线索' }).click();
    await page.getByRole('button', { name: what }).click();
    const drawer = page.getByTestId('tip-drawer');
    await drawer.waitFor();
    await expect(drawer.getByTestId('tip-state').textContent()).resolves.toBe('待核查');
    // Sealed until a reason is given.
    expect(await drawer.textContent()).not.toContain('岩举报');
    expect(await drawer.getByRole('button', { name: '查看举报人' }).isDisabled()).toBe(true);
    await drawer.getByLabel('查看理由').fill('核实举报内容，需联系举报人');
    await drawer.getByRole('button', { name: '查看举报人' }).click();
    await expect(drawer.getByTestId('tip-reporter').textContent()).resolves.toContain('岩举报');
    await expectAccessible(page, '18-tip-drawer');

    await drawer.getByTestId('tip-open-case').click();
    const title = `勐遮某合作社涉嫌非法吸收公众存款案 ${Math.random().toString(36).slice(2, 6)}`;
    await drawer.getByLabel('案件名称').fill(title);
    await drawer.getByLabel('涉案主体名称').fill('勐遮某种植专业合作社');
    // Without its credit code the API refuses, and says which field.
    await drawer.getByTestId('tip-case-form').locator('button[type="submit"]').click();
    await expect(drawer.getByTestId('problem-detail').textContent()).resolves.toBeTruthy();
    expect(await drawer.textContent()).toContain('/subjects/0/creditCode');
    await drawer.getByLabel('统一社会信用代码或身份证号码').fill('91532822MA6K000146');
    await drawer.getByTestId('tip-case-form').locator('button[type="submit"]').click();
    await drawer.getByTestId('tip-case-link').waitFor();
    await expect(drawer.getByTestId('tip-state').textContent()).resolves.toBe('已转为线索');
    await drawer.getByTestId('tip-case-link').click();
    await page.getByRole('heading', { name: new RegExp(title) }).waitFor();
    const tips = await api.call('GET', '/api/tips?state=lead', { token: token('financial_office') });
    const tip = tips.body.items.find((t: { what: string }) => t.what === what);
    expect(new URL(page.url()).pathname).toBe(`/cases/${tip.caseId}`);
    await page.goto('/tips');
    await page.getByTestId('tips-table').waitFor();
    await expectAccessible(page, '19-tips');
  });

  test('When someone reports without signing in, then the receipt is shown once and its lookup tells the state only', async () => {
    const page = await freshPage();
    await page.goto('/report');
    const form = page.getByTestId('public-tip-form');
    await form.waitFor();
    // Scanned before a drop-down is opened: antd leaves the opened list's empty listbox in the page.
    await expectAccessible(page, '23-public-tip');
    await form.getByLabel('事发地区').click();
    await page.locator('.ant-select-item-option', { hasText: '勐海县' }).first().click();
    const what = `某公司以养老项目为名高息揽储 ${Math.random().toString(36).slice(2, 8)}`;
    await form.getByLabel('举报内容').fill(what);
    await form.getByLabel('地点').fill('勐海县象山镇');
    await form.locator('button[type="submit"]').click();
    const receipt = (await page.getByTestId('tip-receipt').locator('code').textContent())!;
    expect(receipt).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/);
    // The officers see it, anonymous.
    const tips = await api.call('GET', '/api/tips?state=received&pageSize=100', {
      token: token('financial_office'),
    });
    expect(tips.body.items.find((t: { what: string }) => t.what === what)).toMatchObject({ named: false });
    await page.getByRole('link', { name: /凭回执查询/ }).click();
    await page.getByLabel('回执号').fill(receipt);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect(page.getByTestId('tip-public-state').textContent()).resolves.toBe('办理状态：待核查');
    await expectAccessible(page, '24-public-tip-status');
  });

  test('When an admin opens a user with a password, then the user is listed with the role of their unit', async () => {
    const page = await freshPage();
    await signInAs(page, 'admin');
    await page.getByRole('link', { name: '用户管理' }).click();
    await page.getByTestId('users-table').waitFor();
    await expectAccessible(page, '20-users');
    const username = `zhang${Math.random().toString(36).slice(2, 8)}`;
    await page.getByTestId('user-new').click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户名').fill(username);
    await form.getByLabel('姓名').fill('张新');
    await form.getByLabel('单位（角色随单位）').click();
    await page.locator('.ant-select-item-option', { hasText: '公安' }).first().click();
    await form.getByLabel('初始密码').fill('Mh-2026-correct-horse');
    await form.getByRole('button', { name: /开\s*设/ }).click();
    const drawer = page.getByTestId('user-drawer');
    await drawer.waitFor();
    await expect(drawer.textContent()).resolves.toContain(username);
    await expect(drawer.getByTestId('user-state').textContent()).resolves.toBe('启用');
    const listed = await api.call('GET', '/api/admin/users?pageSize=100', { token: token('admin') });
    expect(listed.body.items.find((u: { username: string }) => u.username === username)).toMatchObject({
      displayName: '张新',
      role: 'police',
      active: true,
    });
    await expectAccessible(page, '21-user-drawer');
  });

  test('When the financial office computes a refund round from the case page, then its job bar ends and the round shows its totals to the 分', async () => {
    const caseId = (await openCase(api)).id;
    await advanceUntil(api, caseId, 'complete_disposition');
    await mustAct(api, caseId, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    const res = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('financial_office')}`, 'content-type': 'text/csv' },
      body:
        'name,idNumber,principalFen,returnsFen,refundedFen,phone\n' +
        `岩某甲,${idNumberOf(8101)},100000,0,0,\n` +
        `岩某乙,${idNumberOf(8102)},200002,0,0,\n`,
    });
    expect(res.status).toBe(202);
    expect(await waitForJob(((await res.json()) as { id: string }).id)).toMatchObject({ state: 'succeeded' });
    await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true });

    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.goto(`/cases/${caseId}`);
    await page.locator('button[data-action="compute_refund_round"]').click();
    await page.locator('.ant-modal form').waitFor();
    await page.locator('#root_poolFen').fill('150001');
    await page.locator('.ant-modal form button[type="submit"]').click();
    await page.getByTestId('action-done').waitFor();
    await page
      .getByTestId('action-job')
      .locator('[data-testid="job-progress"][data-state="succeeded"]')
      .waitFor();

    await page.getByRole('tab', { name: '集资参与人' }).click();
    const round = page.getByTestId('refund-round-1');
    await round.waitFor();
    await expect(round.getByTestId('round-state').textContent()).resolves.toBe('已测算，待批准');
    await expect(round.getByTestId('round-paid').textContent()).resolves.toBe('1,500.01 元');
    const api1 = await api.call('GET', `/api/cases/${caseId}/refund-rounds/1`, { token: token('leader') });
    expect(api1.body).toMatchObject({ round: 1, state: 'computed', totalPaidFen: 150_001 });
    await expectAccessible(page, '22-case-refund-round');

    // The whole identity number of the subject, only after a reason.
    await page.getByTestId('personal-data-open').click();
    const modal = page.locator('.ant-modal');
    expect(await modal.getByRole('button', { name: /查\s*看/ }).isDisabled()).toBe(true);
    await modal.getByLabel(/查看理由/).fill('核对涉案主体身份以便移送');
    await modal.getByRole('button', { name: /查\s*看/ }).click();
    await expect(modal.getByTestId('personal-data-values').textContent()).resolves.toContain(
      '532822198001010010',
    );
  });
});
