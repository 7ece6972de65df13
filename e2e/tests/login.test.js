// The walking skeleton in a real browser: login, forced password change, menus by role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel, BASE_URL } from './browser.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a unit operator logs in, must change the initial password, then sees the unit menu', async () => {
  const page = await newPage(browser);
  await login(page, 'tuixiu123000000', 'Txbz123456');

  await page.waitForSelector(sel('change-password-page'));
  // A password that breaks the policy is refused with a Chinese message.
  await page.fill(sel('old-password'), 'Txbz123456');
  await page.fill(sel('new-password'), 'abcdefgh');
  await page.fill(sel('confirm-password'), 'abcdefgh');
  await page.click(sel('change-password-submit'));
  const policyError = await page.waitForSelector(sel('change-password-error'));
  assert.match(await policyError.innerText(), /[\u4e00-\u9fff]/);

  await page.fill(sel('new-password'), 'Newpass#2026');
  await page.fill(sel('confirm-password'), 'Newpass#2026');
  await page.click(sel('change-password-submit'));

  await page.waitForSelector(sel('app-shell'));
  await page.waitForSelector(sel('menu-unit'));
  // The home page counts the unit's own batches (the demo unit has its demo batch or none).
  await page.waitForSelector(sel('home-counters'));
  assert.match(await page.innerText(`${sel('home-batches')} .counter-value`), /^\d+个$/);
  assert.match(await page.innerText(`${sel('home-completed')} .counter-value`), /^\d+个（\d+人）$/);
  for (const item of ['operator', 'code-applications', 'batches', 'vouchers']) {
    assert.ok(await page.isVisible(sel(`menu-item-${item}`)), `menu item ${item}`);
  }
  assert.equal(await page.locator(sel('menu-reviewer')).count(), 0);
  assert.equal(await page.locator(sel('menu-admin')).count(), 0);

  // A menu page opens and survives a reload (deep link).
  await page.click(sel('menu-item-vouchers'));
  await page.waitForSelector(sel('vouchers-page'));
  await page.reload();
  await page.waitForSelector(sel('vouchers-page'));
  assert.ok(page.url().endsWith('/unit/vouchers'));

  // Logging out returns to the login page; the new password works from there.
  await page.click(sel('logout'));
  await page.waitForSelector(sel('login-submit'));
  await login(page, 'tuixiu123000000', 'Newpass#2026');
  await page.waitForSelector(sel('app-shell'));
  await page.context().close();
});

test('a wrong password shows the Chinese error from the server', async () => {
  const page = await newPage(browser);
  await login(page, 'shenhe01', 'Wrong#12345');
  const error = await page.waitForSelector(sel('login-error'));
  const text = await error.innerText();
  assert.match(text, /账号或密码错误/);
  assert.equal(await page.locator(sel('app-shell')).count(), 0);
  await page.context().close();
});

test('a reviewer sees the reviewer menu and not the unit menu', async () => {
  const page = await newPage(browser);
  await login(page, 'shenhe01', 'Shenhe@2025');
  await page.waitForSelector(sel('app-shell'));
  await page.waitForSelector(sel('menu-reviewer'));
  assert.equal(await page.locator(sel('menu-unit')).count(), 0);
  assert.ok(await page.isVisible(sel('menu-item-review-code-applications')));
  assert.ok(await page.isVisible(sel('menu-item-review-audit-log')));
  await page.context().close();
});

test('an admin sees the admin menu', async () => {
  const page = await newPage(browser);
  await login(page, 'admin', 'Admin@2025');
  await page.waitForSelector(sel('menu-admin'));
  assert.ok(await page.isVisible(sel('menu-item-admin-accounts')));
  await page.context().close();
});

test('a page opened without logging in goes to the login page', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/unit/batches`);
  await page.waitForSelector(sel('login-submit'));
  assert.ok(page.url().endsWith('/login'));
  await page.context().close();
});
