// 接口密钥 in a real browser: a unit operator creates a key (shown once, copied), an
// integrator calls the API with it, the operator revokes it after a confirmation and the key
// stops working; an admin sees the unit's key and creates one for the association.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel, BASE_URL } from './browser.js';
import { registerUnit, unique } from './api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** `GET path` with `key` as X-API-Key; answers the status. */
async function withKey(path, key) {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { 'X-API-Key': key } });
  return res.status;
}

/** Ticks the scopes `names` in the key form. */
async function tick(page, names) {
  for (const name of names) {
    await page.locator(`${sel('api-key-scope')}[data-scope="${name}"] input`).check();
  }
}

/** Fills and sends the form; answers the key shown once. */
async function createKey(page, name, scopes) {
  await page.fill(sel('api-key-name'), name);
  await tick(page, scopes);
  await page.click(sel('api-key-create'));
  await page.waitForSelector(sel('api-key-secret-box'));
  const secret = await page.inputValue(sel('api-key-secret'));
  assert.match(secret, /^rtpk_[0-9a-f]{64}$/);
  return secret;
}

test('a unit operator creates a key, sees it once, and revokes it after confirming', async () => {
  const email = `keys${unique()}@example.com`;
  await registerUnit(`上海接口对接${unique()}有限公司`, email, 'Keys#2026ok');
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  await login(page, email, 'Keys#2026ok');
  await page.waitForSelector(sel('app-shell'));
  await page.click(sel('menu-item-api-keys'));
  await page.waitForSelector(sel('api-keys-page'));
  assert.match(await page.innerText(sel('page-title')), /接口密钥/);
  // The association's scope is not offered to a unit.
  assert.equal(await page.locator(`${sel('api-key-scope')}[data-scope="review"]`).isVisible(), false);

  const secret = await createKey(page, '人事系统', ['batches:read', 'roster:read']);
  assert.match(await page.innerText(sel('api-key-secret-box')), /仅显示这一次/);
  await page.click(sel('api-key-copy'));
  assert.match(await page.innerText(sel('api-key-copied')), /已复制到剪贴板/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  const prefix = secret.slice(0, 13);
  const row = page.locator(`${sel('api-key-row')}[data-prefix="${prefix}"]`);
  await row.waitFor();
  assert.equal(await row.locator(sel('api-key-status')).innerText(), '有效');
  assert.match(await row.locator(sel('api-key-scopes')).innerText(), /查看参保批次/);
  assert.equal(await row.locator(sel('api-key-last-used')).innerText(), '从未使用');

  // An integrator uses it; routes outside its scopes are refused.
  assert.equal(await withKey('/api/batches', secret), 200);
  assert.equal(await withKey('/api/api-keys', secret), 403);

  // Shown once: after a reload only the prefix is left, and the last use is known.
  await page.reload();
  await row.waitFor();
  assert.equal(await page.locator(sel('api-key-secret-box')).count(), 0);
  assert.equal((await page.content()).includes(secret), false);
  assert.notEqual(await row.locator(sel('api-key-last-used')).innerText(), '从未使用');

  // 吊销 asks first; 取消 changes nothing.
  await row.locator(sel('api-key-revoke')).click();
  assert.match(await page.innerText(sel('confirm-message')), new RegExp(`吊销接口密钥 人事系统（${prefix}`));
  await page.click(sel('confirm-cancel'));
  assert.equal(await row.locator(sel('api-key-status')).innerText(), '有效');
  assert.equal(await withKey('/api/batches', secret), 200);
  await row.locator(sel('api-key-revoke')).click();
  await page.click(sel('confirm-ok'));
  await row.locator(`${sel('api-key-status')}:has-text("已吊销")`).waitFor();
  assert.match(await page.innerText(sel('api-keys-message')), /已吊销/);
  assert.equal(await row.locator(sel('api-key-revoke')).count(), 0);
  assert.equal(await withKey('/api/batches', secret), 401);
  await page.context().close();
});

test('an admin creates a key for the association with the review scope', async () => {
  const page = await newPage(browser);
  await login(page, 'admin', 'Admin@2025');
  await page.waitForSelector(sel('app-shell'));
  await page.click(sel('menu-item-admin-api-keys'));
  await page.waitForSelector(sel('api-keys-page'));
  // Without a 参保编码 the key is the association's: review is offered, a unit's writes are not.
  assert.equal(await page.locator(`${sel('api-key-scope')}[data-scope="review"]`).isVisible(), true);
  assert.equal(await page.locator(`${sel('api-key-scope')}[data-scope="roster:write"]`).isVisible(), false);
  const secret = await createKey(page, '职保会业务系统', ['review', 'batches:read']);
  const row = page.locator(`${sel('api-key-row')}[data-prefix="${secret.slice(0, 13)}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /职保会（审核权限）/);
  assert.equal(await withKey('/api/reviews', secret), 200);
  // A 参保编码 nobody has is refused with a Chinese message.
  await page.fill(sel('api-key-unit-code'), '999999999');
  await tick(page, ['roster:read']);
  await page.fill(sel('api-key-name'), '某单位');
  await page.click(sel('api-key-create'));
  assert.match(await (await page.waitForSelector(sel('api-keys-error'))).innerText(), /未找到参保编码/);
  await page.context().close();
});
