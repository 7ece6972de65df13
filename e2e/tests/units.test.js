// Units in a real browser: 企业注册, a code application rejected then approved, a name change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel, BASE_URL, assertReadable } from './browser.js';
import { registerUnit, unique, PDF } from './api.js';

const PASSWORD = 'Unit#2026ok';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fillApplicant(page) {
  await page.fill(sel('f-operator-name'), '张三');
  await page.fill(sel('f-operator-mobile'), '13312346961');
  await page.fill(sel('f-operator-email'), 'zhangsan@example.com');
  await page.selectOption(sel('f-district-union'), '浦东新区总工会');
  await page.selectOption(sel('f-economic-type'), '有限责任公司');
  await page.fill(sel('f-address'), '上海市浦东新区世纪大道100号');
  await page.fill(sel('f-postcode'), '200120');
  await page.setInputFiles(sel('f-attachments'), PDF);
  await page.waitForSelector(sel('attachment-item'));
}

test('a unit without a union registers and logs in with its email', async () => {
  const page = await newPage(browser);
  const name = `上海浏览器注册${unique()}有限公司`;
  const email = `reg${unique()}@example.com`;
  await page.goto(`${BASE_URL}/login`);
  await page.click(sel('register-link'));
  await page.waitForSelector(sel('register-page'));
  await page.fill(sel('register-unit-name'), name);
  await page.press(sel('register-unit-name'), 'Tab');
  // The credit code comes from the enterprise registry (our simulator).
  await page.waitForFunction(
    (s) => document.querySelector(s)?.value?.length === 18,
    sel('register-credit-code'),
  );
  await page.fill(sel('register-email'), email);
  await page.fill(sel('register-password'), 'short');
  await page.fill(sel('register-confirm'), 'short');
  await page.waitForSelector(sel('register-captcha-image'));
  await page.fill(sel('register-captcha'), 'abcd');
  await page.click(sel('register-submit'));
  const error = await page.waitForSelector(sel('register-error'));
  assert.match(await error.innerText(), /密码/);

  await page.fill(sel('register-password'), PASSWORD);
  await page.fill(sel('register-confirm'), PASSWORD);
  await page.fill(sel('register-captcha'), 'abcd');
  await page.click(sel('register-submit'));
  await page.waitForSelector(sel('register-done'));
  assert.equal(await page.innerText(sel('register-account')), email);
  await page.click(sel('register-back-to-login'));
  await login(page, email, PASSWORD);
  await page.waitForSelector(sel('app-shell'));
  assert.equal(await page.innerText(sel('home-unit-name')), name);
  await page.context().close();
});

test('a code application is rejected with a reason, fixed, resubmitted and approved', async () => {
  const name = `上海编码申请${unique()}有限公司`;
  const email = `code${unique()}@example.com`;
  await registerUnit(name, email, PASSWORD);

  const unit = await newPage(browser);
  await login(unit, email, PASSWORD);
  await unit.waitForSelector(sel('app-shell'));
  await unit.click(sel('menu-item-code-applications'));
  await unit.click(sel('code-application-new'));
  await unit.waitForSelector(sel('code-application-form'));
  await unit.waitForFunction((s) => document.querySelector(s)?.value?.length === 18, sel('f-credit-code'));
  await fillApplicant(unit);
  await assertReadable(unit, sel('code-application-cancel'));
  await unit.click(sel('code-application-submit'));
  await unit.waitForSelector(sel('code-application-state'));
  assert.equal(await unit.innerText(sel('code-application-state')), '申请中');

  const reviewer = await newPage(browser);
  await login(reviewer, 'shenhe01', 'Shenhe@2025');
  await reviewer.waitForSelector(sel('app-shell'));
  await reviewer.click(sel('menu-item-review-code-applications'));
  await reviewer.fill(sel('filter-name'), name);
  await reviewer.click(sel('filter-search'));
  await reviewer.waitForSelector(`${sel('review-row-name')}:has-text("${name}")`);
  await reviewer.click(sel('review-open'));
  await reviewer.waitForSelector(sel('review-detail'));
  assert.equal(await reviewer.locator(sel('attachment-download')).count(), 1);
  for (const button of ['review-approve', 'review-reject', 'filter-reset', 'filter-search']) {
    await assertReadable(reviewer, sel(button));
  }
  // Rejecting without a reason is refused by the server.
  await reviewer.click(sel('review-reject'));
  await reviewer.waitForSelector(sel('review-error'));
  await reviewer.fill(sel('review-reason'), '营业执照复印件未加盖公章');
  await reviewer.click(sel('review-reject'));
  await reviewer.waitForSelector(sel('review-detail'), { state: 'detached' });
  assert.match(await reviewer.innerText(sel('review-message')), new RegExp(`已审核不通过：${name}`));
  // The new message replaced the old error.
  assert.equal(await reviewer.locator(sel('review-error')).count(), 0);

  await unit.reload();
  await unit.waitForSelector(sel('code-application-reason'));
  assert.equal(await unit.innerText(sel('code-application-state')), '审核不通过');
  assert.equal(await unit.innerText(sel('code-application-reason')), '营业执照复印件未加盖公章');
  await unit.click(sel('code-application-edit'));
  await unit.waitForSelector(sel('attachment-item'));
  await unit.fill(sel('f-address'), '上海市浦东新区世纪大道200号');
  await unit.click(sel('code-application-submit'));
  await unit.waitForSelector(`${sel('code-application-state')}:has-text("申请中")`);

  await reviewer.click(sel('filter-search'));
  await reviewer.waitForSelector(`${sel('review-row-name')}:has-text("${name}")`);
  await reviewer.click(sel('review-open'));
  await reviewer.waitForSelector(sel('review-approve'));
  await reviewer.click(sel('review-approve'));
  await reviewer.waitForSelector(sel('review-detail'), { state: 'detached' });
  assert.match(await reviewer.innerText(sel('review-message')), /已审核通过/);

  await unit.reload();
  await unit.waitForSelector(`${sel('code-application-state')}:has-text("审核通过")`);
  assert.match(await unit.innerText(sel('code-application-code')), /^\d{9}$/);

  // 操作日志 reads as Chinese: who by account, what, the record by its name and what changed
  // — no action codes, JSON or ids.
  await reviewer.click(sel('menu-item-review-audit-log'));
  await reviewer.waitForSelector(sel('audit-log-page'));
  await reviewer.selectOption(sel('audit-filter-action'), { label: '参保编码申请审核通过' });
  await reviewer.click(sel('audit-search'));
  const entry = reviewer.locator(sel('audit-row'), { hasText: name }).first();
  await entry.waitFor();
  assert.equal(await entry.locator(sel('audit-actor')).innerText(), 'shenhe01（职保会审核员）');
  assert.equal(await entry.locator(sel('audit-action')).innerText(), '参保编码申请审核通过');
  assert.equal(await entry.locator(sel('audit-subject')).innerText(), `参保编码申请 ${name}`);
  assert.match(await entry.locator(sel('audit-changes')).innerText(), /状态：申请中 → 审核通过/);
  const log = await reviewer.innerText(sel('audit-table'));
  assert.doesNotMatch(log, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/, 'no ids');
  assert.doesNotMatch(log, /[{}"]/, 'no JSON');
  for (const action of await reviewer.locator(sel('audit-action')).allInnerTexts()) {
    assert.doesNotMatch(action, /^[a-z_.]+$/, 'no action codes');
  }
  await unit.context().close();
  await reviewer.context().close();
});

test('a unit applies to change its name and the new name shows after approval', async () => {
  const name = `上海改名前${unique()}有限公司`;
  const newName = `上海改名后${unique()}有限公司`;
  const email = `rename${unique()}@example.com`;
  await registerUnit(name, email, PASSWORD);

  const unit = await newPage(browser);
  await login(unit, email, PASSWORD);
  await unit.waitForSelector(sel('app-shell'));
  await unit.goto(`${BASE_URL}/unit/unit-info`);
  await unit.waitForSelector(`${sel('unit-name')}:has-text("${name}")`);
  await unit.click(sel('unit-rename-any'));
  await unit.waitForSelector(sel('name-change-form'));
  await assertReadable(unit, sel('name-change-cancel'));
  await unit.fill(sel('f-new-name'), newName);
  await unit.press(sel('f-new-name'), 'Tab');
  await unit.waitForFunction((s) => document.querySelector(s)?.value?.length === 18, sel('f-credit-code'));
  await fillApplicant(unit);
  await unit.click(sel('name-change-submit'));
  await unit.waitForSelector(sel('name-change-form'), { state: 'detached' });
  await unit.waitForSelector(`${sel('unit-name-change-state')}:has-text("申请中")`);

  // The reviewer approves on the name-change review page, whose buttons are readable too,
  // and is told what was done.
  const reviewer = await newPage(browser);
  await login(reviewer, 'shenhe01', 'Shenhe@2025');
  await reviewer.waitForSelector(sel('app-shell'));
  await reviewer.click(sel('menu-item-review-name-changes'));
  await reviewer.fill(sel('filter-name'), newName);
  await reviewer.click(sel('filter-search'));
  await reviewer.waitForSelector(`${sel('review-row-name')}:has-text("${newName}")`);
  assert.equal(await reviewer.locator(sel('review-row')).count(), 1);
  await reviewer.click(sel('review-open'));
  await reviewer.waitForSelector(sel('review-detail'));
  for (const button of ['review-approve', 'review-reject', 'filter-reset', 'filter-search']) {
    await assertReadable(reviewer, sel(button));
  }
  await reviewer.click(sel('review-approve'));
  await reviewer.waitForSelector(sel('review-detail'), { state: 'detached' });
  assert.match(await reviewer.innerText(sel('review-message')), /已审核通过/);
  await reviewer.context().close();

  await unit.reload();
  await unit.waitForSelector(`${sel('unit-name')}:has-text("${newName}")`);
  await unit.waitForSelector(`${sel('unit-name-change-state')}:has-text("审核通过")`);
  await unit.waitForSelector(`${sel('unit-name-history')}:has-text("${name}")`);
  await unit.context().close();
});
