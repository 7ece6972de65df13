// Accounts in a real browser: an admin resets a password; the user must change it at login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel } from './browser.js';
import { api, apiLogin, registerUnit, unique, uploadPdf } from './api.js';

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
  // A reset is confirmed first, in the app's dialog; 取消 changes nothing.
  await row.locator(sel('account-reset')).click();
  assert.match(await admin.innerText(sel('confirm-message')), new RegExp(`重置账号 ${email} 的密码`));
  await admin.click(sel('confirm-cancel'));
  assert.equal(await admin.locator(sel('one-time-password-box')).count(), 0);
  await row.locator(sel('account-reset')).click();
  await admin.click(sel('confirm-ok'));
  await admin.waitForSelector(sel('one-time-password-box'));
  assert.match(await admin.innerText(sel('accounts-message')), /密码已重置/);
  assert.equal(await admin.innerText(sel('issued-account')), email);
  const otp = await admin.innerText(sel('one-time-password'));
  assert.ok(otp.length >= 8);
  await row.locator(`${sel('account-state')}:has-text("待修改密码")`).waitFor();

  // 停用 asks too, and says what it did; 启用 brings the account back.
  await row.locator(sel('account-toggle')).click();
  assert.match(await admin.innerText(sel('confirm-message')), /停用账号/);
  await admin.click(sel('confirm-ok'));
  await row.locator(`${sel('account-state')}:has-text("已停用")`).waitFor();
  assert.match(await admin.innerText(sel('accounts-message')), /已停用/);
  await row.locator(sel('account-toggle')).click();
  await admin.click(sel('confirm-ok'));
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
  // The change is acknowledged on the page it leads to.
  assert.match(await user.innerText(sel('flash-message')), /密码修改成功/);
  await admin.context().close();
  await user.context().close();
});

test('an admin issues tuixiu<参保编码> to a unit whose code was approved, and adds a dictionary value', async () => {
  // A registered unit gets its code through the API (the UI flow is in units.test.js).
  const name = `上海派发账号${unique()}有限公司`;
  const email = `issue${unique()}@example.com`;
  await registerUnit(name, email, 'Unit#2026ok');
  const unitToken = await apiLogin(email, 'Unit#2026ok');
  const file = await uploadPdf(unitToken, 'code_application');
  const code = await api.get(`/api/registry/credit-code?name=${encodeURIComponent(name)}`);
  const app = await api.post('/api/code-applications', unitToken, {
    unit_name: name, credit_code: code.credit_code, operator_name: '张三',
    operator_mobile: '13312346961', operator_email: 'zs@example.com',
    district_union: '黄浦区总工会', economic_type: '国有企业', address: '上海市黄浦区某路1号',
    postcode: '200001', attachment_ids: [file.id],
  });
  const reviewerToken = await apiLogin('shenhe01', 'Shenhe@2025');
  const approved = await api.post(`/api/code-applications/${app.id}/review`, reviewerToken, { approved: true });
  const enrollmentCode = approved.enrollment_code;

  const admin = await newPage(browser);
  await login(admin, 'admin', 'Admin@2025');
  await admin.waitForSelector(sel('app-shell'));
  await admin.click(sel('menu-item-admin-accounts'));
  await admin.fill(sel('issue-code'), enrollmentCode);
  await admin.click(sel('issue-submit'));
  await admin.waitForSelector(sel('one-time-password-box'));
  assert.equal(await admin.innerText(sel('issued-account')), `tuixiu${enrollmentCode}`);
  const otp = await admin.innerText(sel('one-time-password'));
  // Issuing twice is refused with the server's Chinese message.
  await admin.click(sel('issue-submit'));
  const error = await admin.waitForSelector(sel('accounts-error'));
  assert.match(await error.innerText(), /已存在/);

  // 字典维护: a new 经济类型 appears in the list.
  const value = `测试类型${unique()}`;
  await admin.click(sel('menu-item-admin-dictionaries'));
  const economic = admin.locator(sel('dict-economic-type'));
  await economic.locator(sel('dict-new-value')).fill(value);
  await economic.locator(sel('dict-add')).click();
  await economic.locator(`${sel('dict-row')}:has-text("${value}")`).waitFor();

  const user = await newPage(browser);
  await login(user, `tuixiu${enrollmentCode}`, otp);
  await user.waitForSelector(sel('password-change-required'));
  await admin.context().close();
  await user.context().close();
});
