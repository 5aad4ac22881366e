// The console's screens for the APIs of issue 14 (issue 12): 举报线索 (the financial office opens a case from a
// tip, the reporter shown only after a reason; the reward proposed, refused where the rules exclude it or the
// amount is outside its tier, approved by the leader and recorded paid), 用户管理 (an admin opens a user,
// disables and re-enables them, issues an API-only user a key shown once and revokes it), and the case page's
// participants and refund rounds (issue 10): a deceased participant's claim held and released from its
// register row through the catalogue's forms, naming the heir who is paid, shown masked in the row; an
// unregistered participant's share held (提存) and released with no payee asked; a round computed from the
// action button (its job's bar, the rounds list, the totals to the 分) with the unmasked personal-data read
// behind a reason, approved by the leader from the case page, its payment file downloaded after a reason,
// checked against the round's sha256 (paying the heir's account, not the deceased's) and found in the access
// log, and the bank's result file uploaded (one line paid, one failed) with the round's figures to the 分. The
// built console served in-process, real Postgres and Temporal, Debian's Chromium; an axe scan and a screenshot
// of each new screen state.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../scripts/console';
import { type TestApi, startTestApi, token } from '../support/api';
import { advanceUntil, mustAct, openCase } from '../support/case-flow';
import { maskBankAccount, maskIdentityCode } from '../../domain/identity';
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

/** What the element shows once it has changed to it: waits for the text, then compares it whole. */
async function expectText(l: Locator, text: string): Promise<void> {
  await l
    .filter({ hasText: text })
    .waitFor()
    .catch(() => undefined);
  await expect(l.textContent()).resolves.toBe(text);
}

async function waitForJob(jobId: string, role = 'financial_office') {
  for (let i = 0; i < 600; i++) {
    const res = await api.call('GET', `/api/jobs/${jobId}`, { token: token(role) });
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

/**
 * Opens a tip's drawer from 举报线索 as an officer would: the state filter chosen, then page after page (the
 * list runs oldest first) until the tip's button shows.
 */
async function openTip(page: Page, what: string, stateLabel: string) {
  await page.getByTestId('tips-table').waitFor();
  await page.locator('#tips-state').click();
  await page.locator('.ant-select-item-option', { hasText: stateLabel }).click();
  const button = page.getByRole('button', { name: what });
  for (;;) {
    await page.locator('[data-testid="tips-table"] .ant-spin-spinning').waitFor({ state: 'detached' });
    if (await button.count()) break;
    const next = page.locator('[data-testid="tips-table"] .ant-pagination-next');
    if (
      (await next.count()) === 0 ||
      /ant-pagination-disabled/.test((await next.getAttribute('class')) ?? '')
    )
      throw new Error(`tip not listed: ${what}`);
    await next.click();
  }
  await button.click();
  const drawer = page.getByTestId('tip-drawer');
  await drawer.waitFor();
  return drawer;
}

describe('The console screens for tips, users and refund rounds', () => {
  /** The named tip the first test verifies into a case; the reward test goes on with it. */
  let namedTip: { id: string; what: string } | undefined;
  /** The admin's page, left on the drawer of the user the users test opens; the next tests go on in it. */
  let adminPage: Page | undefined;
  let opened: { id: string; username: string } | undefined;

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
    namedTip = { id: tip.id, what };
    await page.goto('/tips');
    await page.getByTestId('tips-table').waitFor();
    await expectAccessible(page, '19-tips');
  });

  test('When the financial office proposes a reward for the verified named tip, then a proposal the rules exclude or outside its tier is refused with the reason, the leader approves it, and the office records it paid', async () => {
    expect(namedTip).toBeDefined();
    const { id, what } = namedTip!;
    const reward = async () =>
      (await api.call('GET', `/api/tips/${id}`, { token: token('financial_office') })).body.reward;
    const office = await freshPage();
    await signInAs(office, 'financial_office');
    await office.getByRole('link', { name: '举报线索' }).click();
    let drawer = await openTip(office, what, '已转为线索');
    const rewardCell = (d: typeof drawer) =>
      d
        .locator('tr')
        .filter({ has: d.page().locator('th', { hasText: /^奖励$/ }) })
        .locator('td');
    await expect(rewardCell(drawer).textContent()).resolves.toBe('未提出');

    const propose = drawer.getByRole('region', { name: '提出奖励' });
    const submit = propose.getByRole('button', { name: '提出奖励' });
    // 举报奖励办法 art.5: a reporter who took part in the fundraising is not rewarded.
    await propose.getByLabel('金额（元）').fill('800');
    await propose.getByRole('checkbox', { name: '举报人参与了非法集资' }).check();
    await submit.click();
    await expect(propose.getByTestId('problem-detail').textContent()).resolves.toBe(
      '不符合举报奖励条件：举报人参与了非法集资活动（举报奖励办法第五条）',
    );
    expect(await reward()).toMatchObject({ state: 'none', tier: null, amountFen: null });
    await expectAccessible(office, '31-tip-reward-refused');

    // The amount must lie within the tier chosen: 800 元 is below 作出行政处理或移送司法's 2,000 元.
    await propose.getByRole('checkbox', { name: '举报人参与了非法集资' }).uncheck();
    await propose.getByLabel('档次').click();
    await office.locator('.ant-select-item-option', { hasText: '作出行政处理或移送司法' }).click();
    await submit.click();
    await expect(propose.getByTestId('problem-detail').textContent()).resolves.toBe(
      '「作出行政处理或移送司法」档的奖励金额应在 2000 元至 10000 元之间',
    );
    await expect(propose.textContent()).resolves.toContain('/amountFen');
    expect((await reward()).state).toBe('none');

    await propose.getByLabel('档次').click();
    await office.locator('.ant-select-item-option', { hasText: '立案核查（500.00 元–1,000.00 元）' }).click();
    await submit.click();
    await expectText(rewardCell(drawer), '待审批，立案核查，800.00 元');
    // Proposed: the office neither proposes again nor decides its own proposal.
    expect(await drawer.getByRole('region', { name: '提出奖励' }).count()).toBe(0);
    expect(await drawer.getByRole('region', { name: '审批奖励' }).count()).toBe(0);
    expect(await reward()).toMatchObject({
      state: 'proposed',
      tier: 'preliminary',
      amountFen: 80_000,
      proposedBy: 'u-532822-financial_office',
      decidedBy: null,
    });
    await expectAccessible(office, '32-tip-reward-proposed');

    // The leader (政府办公室) approves, with a note.
    const leader = await freshPage();
    await signInAs(leader, 'leader');
    await leader.getByRole('link', { name: '举报线索' }).click();
    const seen = await openTip(leader, what, '已转为线索');
    await expect(rewardCell(seen).textContent()).resolves.toBe('待审批，立案核查，800.00 元');
    const decide = seen.getByRole('region', { name: '审批奖励' });
    await decide.getByLabel('审批意见').fill('经审核，符合立案核查档奖励条件');
    await decide.getByRole('button', { name: /^批\s*准$/ }).click();
    await expectText(rewardCell(seen), '已批准，立案核查，800.00 元（经审核，符合立案核查档奖励条件）');
    expect(await seen.getByRole('region', { name: '审批奖励' }).count()).toBe(0);
    // Recording the payment is the office's, not the leader's.
    expect(await seen.getByRole('region', { name: '登记发放' }).count()).toBe(0);
    expect(await reward()).toMatchObject({ state: 'approved', decidedBy: 'u-532822-leader' });
    await expectAccessible(leader, '33-tip-reward-approved');

    // The office, reading the tip again, records the payment and its date.
    await office.reload();
    drawer = await openTip(office, what, '已转为线索');
    await expect(rewardCell(drawer).textContent()).resolves.toContain('已批准');
    const pay = drawer.getByRole('region', { name: '登记发放' });
    const register = pay.getByRole('button', { name: /^登\s*记$/ });
    expect(await register.isDisabled()).toBe(true);
    await pay.getByLabel('发放日期').fill('2026-11-30');
    await pay.getByLabel('发放日期').press('Enter');
    await register.click();
    await expectText(
      rewardCell(drawer),
      '已发放，立案核查，800.00 元（经审核，符合立案核查档奖励条件），2026年11月30日 发放',
    );
    expect(await drawer.getByRole('region', { name: '登记发放' }).count()).toBe(0);
    expect(await reward()).toMatchObject({ state: 'paid', amountFen: 80_000, paidOn: '2026-11-30' });
    await expectAccessible(office, '34-tip-reward-paid');
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
    adminPage = page;
    opened = {
      id: listed.body.items.find((u: { username: string }) => u.username === username).id,
      username,
    };
  });

  test('When the admin disables the user, then their session ends and they cannot sign in, and once enabled again they can', async () => {
    expect(adminPage && opened).toBeTruthy();
    const page = adminPage!;
    const { id, username } = opened!;
    const signIn = () =>
      api.call('POST', '/api/session', { body: { username, password: 'Mh-2026-correct-horse' } });
    const first = await signIn();
    expect(first.status).toBe(201);
    const session: string = first.body.token;
    expect((await api.call('GET', '/api/me', { token: session })).body).toMatchObject({ userId: id });

    const drawer = page.getByTestId('user-drawer');
    await drawer.getByRole('button', { name: /^停\s*用$/ }).click();
    await expectText(drawer.getByTestId('user-state'), '停用');
    await drawer.getByRole('alert').filter({ hasText: '已停用，会话已结束、密钥已吊销' }).waitFor();
    // Disabled: no key may be issued to them.
    await drawer.getByLabel('密钥名称').fill('临时查询');
    expect(await drawer.getByRole('button', { name: '签发密钥' }).isDisabled()).toBe(true);
    await drawer.getByLabel('密钥名称').fill('');
    await expectAccessible(page, '35-user-disabled');
    // The session they had is over, and the password no longer signs them in (the one answer for any refusal).
    const ended = await api.call('GET', '/api/me', { token: session });
    expect(ended.status).toBe(401);
    const refused = await signIn();
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect((await api.call('GET', `/api/admin/users/${id}`, { token: token('admin') })).body.active).toBe(
      false,
    );

    // Not anchored at the start: under load antd's loading icon can be left in the button after its leave
    // transition (named "loading 启 用" then), the same button all the same.
    await drawer.getByRole('button', { name: /启\s*用$/ }).click();
    await expectText(drawer.getByTestId('user-state'), '启用');
    await drawer.getByRole('alert').filter({ hasText: '已启用' }).waitFor();
    expect((await api.call('GET', `/api/admin/users/${id}`, { token: token('admin') })).body.active).toBe(
      true,
    );
    const again = await signIn();
    expect(again.status).toBe(201);
    expect((await api.call('GET', '/api/me', { token: again.body.token })).body).toMatchObject({
      userId: id,
      role: 'police',
    });
    // The session ended by the disabling stays ended.
    expect((await api.call('GET', '/api/me', { token: session })).status).toBe(401);
  });

  test('When the admin opens an API-only user for the bank and issues a key, then the key is shown once and acts as that user, and once revoked the API refuses it', async () => {
    expect(adminPage).toBeTruthy();
    const page = adminPage!;
    await page.keyboard.press('Escape');
    await page.getByTestId('user-drawer').waitFor({ state: 'detached' });
    const username = `menghai.bank.${Math.random().toString(36).slice(2, 8)}`;
    await page.getByTestId('user-new').click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户名').fill(username);
    await form.getByLabel('姓名').fill('勐海支行报送系统');
    await form.getByLabel('单位（角色随单位）').click();
    await page.locator('.ant-select-item-option', { hasText: '中国人民银行勐海县支行' }).first().click();
    // No password: an API client, which never signs in.
    await form.getByRole('button', { name: /开\s*设/ }).click();
    const drawer = page.getByTestId('user-drawer');
    await expect(drawer.textContent()).resolves.toContain(username);
    const listed = await api.call('GET', '/api/admin/users?pageSize=200', { token: token('admin') });
    const user = listed.body.items.find((u: { username: string }) => u.username === username);
    expect(user).toMatchObject({ role: 'bank', active: true });

    const issue = drawer.getByRole('button', { name: '签发密钥' });
    expect(await issue.isDisabled()).toBe(true);
    await drawer.getByLabel('密钥名称').fill('勐海支行可疑交易报送系统');
    await issue.click();
    const shown = drawer.getByTestId('api-key-once');
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^cfk_\S{20,}$/);
    await expect(drawer.textContent()).resolves.toContain('新密钥只显示这一次');
    const keys = drawer.locator('.ant-table-tbody tr', { hasText: '勐海支行可疑交易报送系统' });
    await keys.getByRole('button', { name: /^吊\s*销$/ }).waitFor();
    await expectAccessible(page, '36-api-key-issued');
    // The key acts as the bank's user.
    const me = await api.call('GET', '/api/me', { token: key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: user.id, role: 'bank' });
    // Shown once: the list keeps no trace of it, and the drawer opened again shows it no more.
    const stored = await api.call('GET', `/api/admin/users/${user.id}/api-keys`, { token: token('admin') });
    expect(stored.body).toEqual([
      expect.objectContaining({ name: '勐海支行可疑交易报送系统', revokedAt: null }),
    ]);
    expect(stored.text).not.toContain(key.slice(4));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('users-table').waitFor();
    expect(await page.content()).not.toContain(key.slice(4));

    // Revoked from its row (the drawer opened again, through the unit filter and the list).
    await page.locator('#users-unit').click();
    await page.locator('.ant-select-item-option', { hasText: '中国人民银行勐海县支行' }).first().click();
    await page.getByRole('button', { name: username }).click();
    await drawer.waitFor();
    expect(await drawer.getByTestId('api-key-once').count()).toBe(0);
    expect(await drawer.textContent()).not.toContain(key.slice(4));
    // Its use by the bank's system shows as 最近使用.
    expect(await keys.locator('td').nth(2).textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await keys.getByRole('button', { name: /^吊\s*销$/ }).click();
    await keys.filter({ hasText: '已吊销（' }).waitFor();
    expect(await keys.getByRole('button', { name: /^吊\s*销$/ }).count()).toBe(0);
    await expectAccessible(page, '37-api-key-revoked');
    const refused = await api.call('GET', '/api/me', { token: key });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    const after = await api.call('GET', `/api/admin/users/${user.id}/api-keys`, { token: token('admin') });
    expect(after.body[0].revokedAt).not.toBeNull();
  });
});

describe('The participants panel: holds, refund rounds and the payment file', () => {
  let caseId: string;
  const account = (i: number) => `6228480000${String(i).padStart(6, '0')}`;
  // The heir of 岩某甲 (deceased) who proved title, paid into her own account.
  const heir = {
    name: '玉某香',
    idNumber: idNumberOf(8901),
    bankName: '农业银行景洪分行',
    bankAccount: account(8901),
  };
  const participant = async (name: string) => {
    const res = await api.call('GET', `/api/cases/${caseId}/participants?pageSize=200`, {
      token: token('financial_office'),
    });
    return res.body.items.find((p: { name: string }) => p.name === name);
  };

  beforeAll(async () => {
    caseId = (await openCase(api)).id;
    await advanceUntil(api, caseId, 'complete_disposition');
    await mustAct(api, caseId, 'financial_office', 'record_asset_realization', {
      description: '冻结银行存款划转',
      amountFen: 1_000_000,
    });
    const res = await fetch(`${api.url}/api/cases/${caseId}/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token('financial_office')}`, 'content-type': 'text/csv' },
      body:
        'name,idNumber,principalFen,returnsFen,refundedFen,phone,bankName,bankAccount\n' +
        `岩某甲,${idNumberOf(8101)},100000,0,0,,农业银行勐海支行,${account(8101)}\n` +
        `岩某乙,${idNumberOf(8102)},200002,0,0,,农业银行勐海支行,${account(8102)}\n`,
    });
    expect(res.status).toBe(202);
    expect(await waitForJob(((await res.json()) as { id: string }).id)).toMatchObject({ state: 'succeeded' });
    await mustAct(api, caseId, 'financial_office', 'confirm_claims', { all: true });
  }, 300_000);

  test('When the financial office holds a deceased participant’s claim from the register and releases it to the heir who proved title, then the table shows the hold, then the heir paid, masked, and the API agrees', async () => {
    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.goto(`/cases/${caseId}?tab=participants`);
    const row = page.locator('tr', { hasText: '岩某甲' });
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('—');
    await expect(row.getByTestId('participant-payee').textContent()).resolves.toBe('本人');

    await page.getByRole('button', { name: '暂缓清退：岩某甲' }).click();
    const modal = page.locator('.ant-modal');
    await modal.locator('form').waitFor();
    await expect(modal.getByTestId('hold-participant').textContent()).resolves.toContain('岩某甲');
    // The row decided the participant and the region: the form asks only for the reason and its basis.
    expect(await modal.locator('#root_participantIds, #root_regionCode').count()).toBe(0);
    await modal.getByRole('radio', { name: '已故，待继承人证明继承权' }).check();
    await modal.locator('#root_basis').fill('勐海县人民医院死亡医学证明（2026）第0815号');
    await expectAccessible(page, '25-hold-claim-form');
    await modal.locator('form button[type="submit"]').click();
    await page.getByTestId('hold-done').waitFor();
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('待继承人证明');
    const held = await participant('岩某甲');
    expect(held.hold).toBe('heirs');
    expect((await participant('岩某乙')).hold).toBe('none');
    expect(
      await api.db('participant_holds').where({ case_id: caseId }).select('action', 'hold', 'participant_id'),
    ).toEqual([{ action: 'hold', hold: 'heirs', participant_id: held.id }]);

    await page.getByRole('button', { name: '解除暂缓：岩某甲' }).click();
    await modal.locator('form').waitFor();
    await expect(modal.getByTestId('hold-payee-about').textContent()).resolves.toContain(
      '不再付入岩某甲的账户',
    );
    await modal.locator('#root_evidence').fill('（2026）云勐证字第12号继承权公证书');
    // The heir's fields are named as the heir's (not a subject's 名称), and asked as required.
    await modal.getByLabel('收款人姓名').fill(heir.name);
    await modal.getByLabel('收款人开户银行').fill(heir.bankName);
    await modal.getByLabel('收款人本人银行账号').fill(heir.bankAccount);
    expect(await modal.getByLabel('收款人身份证号码').getAttribute('required')).not.toBeNull();
    // A mistyped check character: the API refuses, says so on the field, and nothing is released.
    const wrongCheck = heir.idNumber.slice(0, 17) + (heir.idNumber.endsWith('1') ? '2' : '1');
    await modal.getByLabel('收款人身份证号码').fill(wrongCheck);
    await expectAccessible(page, '28-release-hold-payee-form');
    await modal.locator('form button[type="submit"]').click();
    await expect(modal.getByTestId('problem-detail').textContent()).resolves.toBeTruthy();
    await expect(modal.textContent()).resolves.toContain('身份证号码无效');
    expect((await participant('岩某甲')).hold).toBe('heirs');
    expect(await api.db('participant_payees').where({ case_id: caseId }).select('id')).toEqual([]);

    await modal.getByLabel('收款人身份证号码').fill(heir.idNumber);
    await modal.locator('form button[type="submit"]').click();
    // The row offers the hold again once the register, re-read after the action, shows it released.
    await page.getByRole('button', { name: '暂缓清退：岩某甲' }).waitFor();
    await expect(page.getByTestId('hold-done').textContent()).resolves.toContain('解除暂缓清退');
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('—');
    // Who is paid, beside (not in place of) the participant's own account; masked as the register masks.
    await expect(row.getByTestId('participant-payee').textContent()).resolves.toBe(
      `收款人：玉某香（继承人，${maskIdentityCode(heir.idNumber)}），农业银行景洪分行 ${maskBankAccount(heir.bankAccount)}`,
    );
    await expect(row.textContent()).resolves.toContain(maskBankAccount(account(8101)));
    expect(
      (await page.getByTestId('participant-payee').allTextContents()).filter((t) => t === '本人'),
    ).toHaveLength(1);
    // Never whole in the page: neither the heir's identity number nor her account, nor the participant's.
    const text = await page.locator('body').innerText();
    for (const whole of [heir.idNumber, heir.bankAccount, idNumberOf(8101), account(8101)])
      expect(text).not.toContain(whole);
    expect(await page.content()).not.toContain(heir.idNumber);
    await expectAccessible(page, '29-participants-payee');

    const released = await participant('岩某甲');
    expect(released).toMatchObject({
      hold: 'none',
      payee: {
        name: heir.name,
        identityMasked: maskIdentityCode(heir.idNumber),
        bankName: heir.bankName,
        bankAccountMasked: maskBankAccount(heir.bankAccount),
      },
    });
    expect((await participant('岩某乙')).payee).toBeNull();
    const events = await api.call('GET', `/api/cases/${caseId}/events`, { token: token('leader') });
    const holdEvents = events.body.filter((e: { action: string }) => e.action.includes('hold'));
    expect(
      holdEvents.map((e: { action: string; payload: Record<string, unknown> }) => [
        e.action,
        e.payload.participantIds ?? e.payload.participantId,
      ]),
    ).toEqual([
      ['hold_claim', [held.id]],
      ['release_claim_hold', held.id],
    ]);
    // The history shows the payee masked too.
    expect(JSON.stringify(holdEvents)).not.toContain(heir.idNumber);
    expect(JSON.stringify(holdEvents)).not.toContain(heir.bankAccount);
    expect(holdEvents[1].payload.payee).toMatchObject({ name: heir.name, bankName: heir.bankName });
  });

  test('When the financial office holds an unregistered participant’s share (提存) and releases it once they register, then the release asks for no payee, the row shows the hold and then none, and the participant is paid on their own record', async () => {
    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.goto(`/cases/${caseId}?tab=participants`);
    const row = page.locator('tr', { hasText: '岩某乙' });
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('—');

    await page.getByRole('button', { name: '暂缓清退：岩某乙' }).click();
    const modal = page.locator('.ant-modal');
    await modal.locator('form').waitFor();
    await modal.getByRole('radio', { name: '平台账册有记录、未登记（提存）' }).check();
    await modal.locator('#root_basis').fill('平台账册第0427页有记录，本人未到场登记');
    await modal.locator('form button[type="submit"]').click();
    await page.getByTestId('hold-done').waitFor();
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('提存（未登记）');
    const held = await participant('岩某乙');
    expect(held.hold).toBe('unregistered');

    await page.getByRole('button', { name: '解除暂缓：岩某乙' }).click();
    await modal.locator('form').waitFor();
    // Paid on their own record: the form offers no payee and says nothing of an heir.
    expect(await modal.getByLabel('收款人姓名').count()).toBe(0);
    expect(await modal.getByTestId('hold-payee-about').count()).toBe(0);
    await modal.locator('#root_evidence').fill('本人持身份证到勐海县金融办登记，核对无误');
    await expectAccessible(page, '30-release-unregistered-hold-form');
    await modal.locator('form button[type="submit"]').click();
    await page.getByRole('button', { name: '暂缓清退：岩某乙' }).waitFor();
    await expect(page.getByTestId('hold-done').textContent()).resolves.toContain('解除暂缓清退');
    await expect(row.getByTestId('participant-hold').textContent()).resolves.toBe('—');
    await expect(row.getByTestId('participant-payee').textContent()).resolves.toBe('本人');

    expect(await participant('岩某乙')).toMatchObject({ hold: 'none', payee: null });
    expect(
      await api
        .db('participant_holds')
        .where({ case_id: caseId, participant_id: held.id })
        .orderBy('id')
        .select('action', 'hold'),
    ).toEqual([
      { action: 'hold', hold: 'unregistered' },
      { action: 'release', hold: 'unregistered' },
    ]);
    expect(await api.db('participant_payees').where({ participant_id: held.id }).select('id')).toEqual([]);
  });

  test('When the financial office computes a refund round from the case page, then its job bar ends and the rounds list shows it with its totals to the 分', async () => {
    const page = await freshPage();
    await signInAs(page, 'financial_office');
    const roundRequests: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.includes('/refund-rounds')) roundRequests.push(path);
    });
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
    // The rounds come from the list, never by asking for round after round until a 404.
    expect(roundRequests.length).toBeGreaterThan(0);
    expect(roundRequests.filter((p) => p !== `/api/cases/${caseId}/refund-rounds`)).toEqual([]);
    const listed = await api.call('GET', `/api/cases/${caseId}/refund-rounds`, { token: token('leader') });
    expect(listed.body).toMatchObject({
      total: 1,
      items: [{ round: 1, state: 'computed', totalPaidFen: 150_001 }],
    });
    expect(await page.getByTestId('refund-rounds').locator('[data-testid^="refund-round-"]').count()).toBe(1);
    // Not approved yet: no payment file to offer.
    expect(await round.getByTestId('payment-file-open').count()).toBe(0);
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

  test('When the leader approves the round from the case page, then its job bar ends, the round reads 已批准 and the register’s 已兑付 counts it', async () => {
    const page = await freshPage();
    await signInAs(page, 'leader');
    await page.goto(`/cases/${caseId}?tab=participants`);
    const wholeCase = page.getByTestId('claims-summary').locator('tr', { hasText: '全案' });
    await expectText(wholeCase.locator('td').last(), '0.00 元');
    await page.locator('button[data-action="approve_refund_round"]').click();
    await page.locator('.ant-modal form').waitFor();
    await page.locator('#root_round').fill('1');
    await page.locator('.ant-modal form button[type="submit"]').click();
    await page.getByTestId('action-done').waitFor();
    const job = page.getByTestId('action-job');
    await job.locator('[data-testid="job-progress"][data-state="succeeded"]').waitFor();
    const jobId = (await job.getByRole('link', { name: '任务详情' }).getAttribute('href'))!.replace(
      /^\/jobs\//,
      '',
    );
    expect(await waitForJob(jobId, 'leader')).toMatchObject({ state: 'succeeded' });
    // Read again when the job ends, without a reload: the round and the register's summary.
    const round = page.getByTestId('refund-round-1');
    await expectText(round.getByTestId('round-state'), '已批准');
    await expectText(wholeCase.locator('td').last(), '1,500.01 元');
    const summary = await api.call('GET', `/api/cases/${caseId}/claims/summary`, { token: token('leader') });
    expect(summary.body.case.paidFen).toBe(150_001);
    const r1 = (await api.call('GET', `/api/cases/${caseId}/refund-rounds/1`, { token: token('leader') }))
      .body;
    expect(r1).toMatchObject({ state: 'approved', approvedBy: 'u-532822-leader' });
    await expectAccessible(page, '39-refund-round-approved');
  });

  test('When the round is approved, then the lead financial office downloads the payment file after giving a reason, its sha256 is the round’s, and the access log shows the download', async () => {
    const r1 = (await api.call('GET', `/api/cases/${caseId}/refund-rounds/1`, { token: token('leader') }))
      .body;
    expect(r1.paymentFileSha256).toMatch(/^[0-9a-f]{64}$/);

    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.goto(`/cases/${caseId}?tab=participants`);
    const round = page.getByTestId('refund-round-1');
    await expect(round.getByTestId('round-state').textContent()).resolves.toBe('已批准');
    await round.getByTestId('payment-file-open').click();
    const modal = page.locator('.ant-modal');
    const go = modal.getByRole('button', { name: /^下\s*载$/ });
    expect(await go.isDisabled()).toBe(true);
    await modal.getByLabel(/下载理由/).fill('  ');
    expect(await go.isDisabled()).toBe(true);
    const reason = '向农业银行勐海支行报送第1轮清退付款文件';
    await modal.getByLabel(/下载理由/).fill(reason);
    const [download] = await Promise.all([page.waitForEvent('download'), go.click()]);
    expect(download.suggestedFilename()).toBe('付款文件-第1轮.csv');
    const file = fs.readFileSync(await download.path());
    expect(createHash('sha256').update(file).digest('hex')).toBe(r1.paymentFileSha256);
    // The complete accounts are in the file (and only there): the heir's for the deceased 岩某甲, not his own.
    expect(file.toString('utf8')).toContain(heir.bankAccount);
    expect(file.toString('utf8')).toContain(account(8102));
    expect(file.toString('utf8')).not.toContain(account(8101));
    await expect(modal.getByTestId('payment-file-done').textContent()).resolves.toContain(
      r1.paymentFileSha256,
    );
    await expectAccessible(page, '26-payment-file-downloaded');
    await modal.locator('.ant-modal-close').click();

    const log = round.getByTestId('access-log-1');
    await log.locator('tr', { hasText: reason }).waitFor();
    await expect(log.locator('tr', { hasText: reason }).textContent()).resolves.toContain('下载付款文件');
    const api1 = await api.call('GET', `/api/cases/${caseId}/refund-rounds/1/access-log`, {
      token: token('leader'),
    });
    expect(api1.body.items).toEqual([
      expect.objectContaining({ kind: 'approve_job', opened: 2 }),
      expect.objectContaining({ kind: 'payment_file_download', reason, role: 'financial_office', opened: 2 }),
    ]);
    await expectAccessible(page, '27-payment-file-access-log');

    // The leader reads the log, and is offered no download (the API would refuse it).
    const leader = await freshPage();
    await signInAs(leader, 'leader');
    await leader.goto(`/cases/${caseId}?tab=participants`);
    const seen = leader.getByTestId('refund-round-1');
    await seen.getByTestId('access-log-1').locator('tr', { hasText: reason }).waitFor();
    expect(await seen.getByTestId('payment-file-open').count()).toBe(0);
  });

  test('When the financial office uploads the bank’s result file for the approved round, then its job bar ends and the round shows one payment made and one failed with its reason, nothing outstanding, to the 分', async () => {
    const page = await freshPage();
    await signInAs(page, 'financial_office');
    await page.goto(`/cases/${caseId}?tab=participants`);
    const round = page.getByTestId('refund-round-1');
    await expect(round.getByTestId('round-state').textContent()).resolves.toBe('已批准');
    const figure = (name: string) =>
      round.locator('th', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::td[1]');
    const yuan = (fen: number) =>
      `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')} 元`;

    // The reconciliation ids, from the payouts CSV the office downloads (the bank answers on them).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      round.getByRole('button', { name: '下载逐人清退明细（CSV）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('清退明细-第1轮.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const payouts = (text: string) => {
      const [head, ...lines] = text.trim().split(/\r?\n/);
      const cols = head.split(',');
      return new Map(
        lines.map((l) => {
          const o = Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]));
          return [o.name, o];
        }),
      );
    };
    const before = payouts(csv);
    const paid = before.get('岩某甲')!;
    const failed = before.get('岩某乙')!;
    expect([paid.state, failed.state]).toEqual(['pending', 'pending']);
    const paidFen = Number(paid.amountFen);
    const failedFen = Number(failed.amountFen);
    expect(paidFen + failedFen).toBe(150_001);
    await expect(figure('在途（未回报）').textContent()).resolves.toBe(`${yuan(150_001)}（2 笔）`);
    await expect(figure('银行已付').textContent()).resolves.toBe('0.00 元（0 笔）');

    const bankFile = path.join(os.tmpdir(), `银行结果-第1轮-${caseId}.csv`);
    fs.writeFileSync(
      bankFile,
      'reconciliationId,amountFen,outcome,reason\r\n' +
        `${paid.reconciliationId},${paidFen},paid,\r\n` +
        `${failed.reconciliationId},${failedFen},failed,账户已冻结\r\n`,
    );
    const importButton = round.getByRole('button', { name: '导入银行结果' });
    expect(await importButton.isDisabled()).toBe(true);
    await round.getByLabel('银行结果文件').setInputFiles(bankFile);
    await expectText(round.getByTestId('bank-results-1-name'), path.basename(bankFile));
    const [posted] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/refund-rounds/1/bank-results') && r.request().method() === 'POST',
      ),
      importButton.click(),
    ]);
    expect(posted.status()).toBe(202);
    // The job is the one the bar follows, linked from beside it.
    const jobLink = round.getByRole('link', { name: '任务详情' });
    const jobId = (await jobLink.getAttribute('href'))!.replace(/^\/jobs\//, '');
    await round.locator('[data-testid="job-progress"][data-state="succeeded"]').waitFor();
    expect(await waitForJob(jobId)).toMatchObject({
      state: 'succeeded',
      result: expect.objectContaining({ lines: 2, paid: 1, failed: 1 }),
    });
    // The round, read again when the job ends: every 分 is paid or failed, none in transit.
    await figure('在途（未回报）').filter({ hasText: '0.00 元（0 笔）' }).waitFor();
    await expect(figure('银行已付').textContent()).resolves.toBe(`${yuan(paidFen)}（1 笔）`);
    await expect(figure('银行失败').textContent()).resolves.toBe(`${yuan(failedFen)}（1 笔）`);
    await expect(figure('已退回（冲正）').textContent()).resolves.toBe('0.00 元（0 笔）');
    // The register's 已兑付 counts what was paid or is still in transit: the failed line is no longer in it.
    const summary = await api.call('GET', `/api/cases/${caseId}/claims/summary`, { token: token('leader') });
    expect(summary.body.case.paidFen).toBe(paidFen);
    const wholeCase = page.getByTestId('claims-summary').locator('tr', { hasText: '全案' });
    await expectText(wholeCase.locator('td').last(), yuan(paidFen));
    await expectAccessible(page, '38-bank-results-imported');

    const r1 = (await api.call('GET', `/api/cases/${caseId}/refund-rounds/1`, { token: token('leader') }))
      .body;
    expect(r1.bank).toEqual({
      paid: { count: 1, fen: paidFen },
      failed: { count: 1, fen: failedFen },
      reversed: { count: 0, fen: 0 },
      outstanding: { count: 0, fen: 0 },
    });
    const after = payouts(
      (
        await api.call('GET', `/api/cases/${caseId}/refund-rounds/1/payouts`, {
          token: token('financial_office'),
        })
      ).text.replace(/^\uFEFF/, ''),
    );
    expect(after.get('岩某甲')).toMatchObject({ state: 'paid', bankReason: '' });
    expect(after.get('岩某乙')).toMatchObject({ state: 'failed', bankReason: '账户已冻结' });
    fs.rmSync(bankFile, { force: true });
  });
});
