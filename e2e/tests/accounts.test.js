// Accounts in a real browser: an admin resets a password; the user must change it at login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel } from './browser.js';
import { registerUnit, unique } from './api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an admin resets a password and the user must change it at the next login', async () => {
  const email = `reset${unique()}@example.com`;
  await registerUnit(`上海重置密码${unique()}有限公司`, email, 'Before#2026');

  const admin = await newPage(browser);
  await login(admin, 'admin', 'Admin@2025');
  await admin.waitForSelector(sel('app-shell'));
  await admin.click(sel('menu-item-admin-accounts'));
  await admin.fill(sel('accounts-filter'), email);
  await admin.click(sel('accounts-search'));
  const row = admin.locator(`[data-account="${email}"]`);
  await row.waitFor();
  await row.locator(sel('account-reset')).click();
  await admin.waitForSelector(sel('one-time-password-box'));
  assert.equal(await admin.innerText(sel('issued-account')), email);
  const otp = await admin.innerText(sel('one-time-password'));
  assert.ok(otp.length >= 8);
  await row.locator(`${sel('account-state')}:has-text("待修改密码")`).waitFor();

  const user = await newPage(browser);
  await login(user, email, 'Before#2026');
  await user.waitForSelector(sel('login-error'));
  await login(user, email, otp);
  await user.waitForSelector(sel('change-password-page'));
  await user.waitForSelector(sel('password-change-required'));
  await user.fill(sel('old-password'), otp);
  await user.fill(sel('new-password'), 'After#2026ok');
  await user.fill(sel('confirm-password'), 'After#2026ok');
  await user.click(sel('change-password-submit'));
  await user.waitForSelector(sel('app-shell'));
  await admin.context().close();
  await user.context().close();
});
