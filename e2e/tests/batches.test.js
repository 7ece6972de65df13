// 参保办理 in a real browser: open a batch, choose the payment method (confirmed first),
// download the template, import a valid and an invalid roster (row errors shown), add and
// delete a person, export; page, select a whole page and delete it; withholding with the
// letter; plan years (edit, add the next one).
//
// Independent of the other files: this file starts its own servers (own SQLite databases, demo
// data, captcha check off): one with the demo clock at 2026-11-30 10:00 Shanghai, inside plan
// year 2026's instant-enrollment window, one at 2026-05-20 10:00, inside the centralized window
// while the withholding channel is open; both use the demo unit operator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newPage, sel } from './browser.js';
import { downloadedText } from './xlsx.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'e2e', 'fixtures');
// Next to the main e2e server's port unless told otherwise, so that one setting moves all.
const PORT = Number(process.env.E2E_BATCHES_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 101);
const BASE = `http://127.0.0.1:${PORT}`;
const MAY_BASE = `http://127.0.0.1:${PORT + 1}`;
const PASSWORD = 'Batch#2026';

let browser;
const servers = [];
const works = [];

async function waitReady(base) {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the batches test server ${base} did not start`);
}

/** A server of its own (fresh database, demo data) whose clock starts at `clock`. */
async function startServer(port, clock) {
  const work = mkdtempSync(join(tmpdir(), 'rtp-e2e-batches-'));
  works.push(work);
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  servers.push(spawn(join(target, 'debug', 'server'), [], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      RTP_ENV: 'test',
      RTP_DATABASE_URL: `sqlite://${work}/e2e.db?mode=rwc`,
      RTP_DATA_DIR: work,
      RTP_BIND: `127.0.0.1:${port}`,
      RTP_STATIC_DIR: join(ROOT, 'frontend', 'dist'),
      RTP_CAPTCHA_DISABLED: 'true',
      RTP_SEED_DEMO: 'true',
      RTP_SEED_DEMO_ROSTER: 'false',
      RTP_CLOCK_START: clock,
      // Step ② asks the enterprise registry (the simulator e2e/run.sh started).
      RTP_SIMULATOR_URL: process.env.E2E_SIMULATOR_URL ?? 'http://127.0.0.1:18090',
    },
  }));
  await waitReady(`http://127.0.0.1:${port}`);
}

before(async () => {
  await startServer(PORT, '2026-11-30T10:00:00+08:00');
  await startServer(PORT + 1, '2026-05-20T10:00:00+08:00');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.kill();
  for (const work of works) rmSync(work, { recursive: true, force: true });
});

/** Logs the demo operator in; the first time on a server, changes the initial password. */
async function loginAsOperator(page, base = BASE, { first = true } = {}) {
  await page.goto(`${base}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'tuixiu123000000');
  await page.fill(sel('login-password'), first ? 'Txbz123456' : PASSWORD);
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  if (first) {
    await page.waitForSelector(sel('change-password-page'));
    await page.fill(sel('old-password'), 'Txbz123456');
    await page.fill(sel('new-password'), PASSWORD);
    await page.fill(sel('confirm-password'), PASSWORD);
    await page.click(sel('change-password-submit'));
  }
  await page.waitForSelector(sel('app-shell'));
}

/** Opens a new batch of `kind` (`instant` / `centralized`) and confirms the unit's data. */
async function openBatch(page, kind) {
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batches-page'));
  await page.click(sel(`open-${kind}`));
  await page.waitForSelector(sel('open-batch-dialog'));
  await page.click(sel('open-batch-confirm'));
  await page.waitForSelector(sel('batch-wizard'));
  await page.waitForSelector(sel('unit-info-panel'));
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-test="unit-name"]');
    return el && el.textContent.trim().length > 0;
  });
}

/** The number of rows the roster table shows. */
const rosterRows = (page, n) => page.waitForFunction(
  ([s, n]) => document.querySelectorAll(s).length === n,
  [sel('roster-row'), n],
);

/** A valid 身份证 number (GB 11643 check character) for a retiree born in 1955. */
function residentId(seq) {
  const body = `31010119550101${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

test('a unit operator opens a batch, imports, edits and exports its roster', async () => {
  const page = await newPage(browser);
  await loginAsOperator(page);

  // 参保办理: open an instant batch (the centralized window is closed on 30 Nov).
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batches-page'));
  await page.click(sel('open-instant'));
  await page.waitForSelector(sel('open-batch-dialog'));
  await page.click(sel('open-batch-confirm'));
  await page.waitForSelector(sel('batch-wizard'));
  assert.match(await page.innerText(sel('wizard-batch-no')), /^TXZY20261130\d{4}$/);

  // ② 单位信息维护 comes first; 信息确认无误 leads on to ③.
  await page.waitForSelector(sel('unit-info-panel'));
  assert.match(await page.getAttribute(sel('step-2'), 'class'), /current/);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-test="unit-name"]');
    return el && el.textContent.trim().length > 0;
  });
  await page.click(sel('unit-confirm'));
  await page.waitForSelector(sel('payment-warning'));
  assert.match(await page.innerText(sel('step-3')), /参保名单梳理/);
  assert.match(await page.getAttribute(sel('step-3'), 'class'), /current/);

  // ① The payment method, with the warning; withholding is closed in November.
  assert.match(await page.innerText(sel('payment-warning')), /一旦选择，不能修改/);
  assert.ok(await page.isDisabled(sel('method-withholding')));
  await page.check(sel('method-voucher'));
  // It can never change, so it is confirmed first, naming the method; 取消 saves nothing.
  await page.click(sel('payment-save'));
  await page.waitForSelector(sel('confirm-dialog'));
  const question = await page.innerText(sel('confirm-message'));
  assert.match(question, /方式2：缴费凭证参保/);
  assert.match(question, /不能修改/);
  await page.click(sel('confirm-cancel'));
  await page.waitForSelector(sel('confirm-dialog'), { state: 'detached' });
  assert.equal(await page.locator(sel('payment-chosen')).count(), 0);
  await page.click(sel('payment-save'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('payment-chosen'));
  assert.match(await page.innerText(sel('payment-chosen')), /缴费凭证参保/);
  assert.match(await page.innerText(sel('payment-message')), /已保存/);

  // The template downloads as an xlsx with the manual's columns.
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('roster-template')),
  ]);
  assert.match(template.suggestedFilename(), /\.xlsx$/);
  const templateText = await downloadedText(template);
  for (const column of ['*姓名', '*证件类型', '*证件号码', '出生日期', '性别', '*手机号']) {
    assert.ok(templateText.includes(column), `template lacks ${column}`);
  }

  // An invalid file is refused whole, with its row errors listed.
  await page.setInputFiles(sel('roster-file'), join(FIXTURES, 'roster-invalid.xlsx'));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(sel('import-errors'));
  const errors = await page.locator(sel('import-error-row')).allInnerTexts();
  assert.ok(errors.some((t) => /姓名为必填项/.test(t)), errors.join('\n'));
  assert.ok(errors.some((t) => /校验位/.test(t)), errors.join('\n'));
  assert.ok(errors.some((t) => /重复/.test(t)), errors.join('\n'));
  assert.equal(await page.locator(sel('roster-row')).count(), 0);
  // The text names the button that re-imports.
  const importHelp = await page.innerText(sel('import-errors'));
  assert.ok(importHelp.includes(`“${await page.innerText(sel('roster-upload'))}”`), importHelp);
  // …and the same errors download as an xlsx.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('error-report')),
  ]);
  assert.match(report.suggestedFilename(), /\.xlsx$/);
  const reportText = await downloadedText(report);
  assert.match(reportText, /姓名为必填项/);
  assert.match(reportText, /校验位/);

  // A valid file imports: three people, ID and mobile masked.
  await page.setInputFiles(sel('roster-file'), join(FIXTURES, 'roster-valid.xlsx'));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(sel('roster-message'));
  assert.match(await page.innerText(sel('roster-message')), /成功导入参保人数：3人/);
  // The stale error of the refused file is gone.
  assert.equal(await page.locator(sel('roster-error')).count(), 0);
  await page.waitForFunction(
    (s) => document.querySelectorAll(s).length === 3,
    sel('roster-row'),
  );
  const ids = await page.locator(sel('roster-id')).allInnerTexts();
  assert.ok(ids.every((id) => id.includes('*')), ids.join(','));
  assert.match(await page.innerText(sel('wizard-status')), /名单待校验/);
  // The manual's columns; before verification and coverage they are blank.
  const head = await page.innerText(`${sel('roster-table')} thead`);
  for (const column of ['起保日期', '终保日期', '是否删除']) assert.ok(head.includes(column), head);
  assert.deepEqual(await page.locator(sel('roster-must-delete')).allInnerTexts(), ['', '', '']);
  assert.deepEqual(await page.locator(sel('roster-coverage-start')).allInnerTexts(), ['', '', '']);

  // A new error replaces the success message: no stale 成功 stays above it.
  await page.setInputFiles(sel('roster-file'), join(FIXTURES, 'roster-invalid.xlsx'));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(sel('roster-error'));
  assert.equal(await page.locator(sel('roster-message')).count(), 0);
  assert.equal(await page.locator(sel('roster-row')).count(), 3);

  // 方式2: add one person (出生日期 / 性别 only for 非身份证).
  await page.click(sel('person-add'));
  await page.waitForSelector(sel('person-dialog'));
  assert.equal(await page.locator(sel('person-birth-date')).count(), 0);
  await page.selectOption(sel('person-doc-type'), 'other');
  await page.fill(sel('person-name'), '玛丽');
  await page.fill(sel('person-id-number'), 'E99887766');
  await page.fill(sel('person-mobile'), '13900139009');
  await page.click(sel('person-save'));
  // Without birth date and sex the server refuses, in Chinese.
  assert.match(await page.innerText(sel('person-error')), /出生日期/);
  await page.fill(sel('person-birth-date'), '1952-06-01');
  await page.selectOption(sel('person-sex'), 'female');
  await page.click(sel('person-save'));
  await page.waitForFunction(
    (s) => document.querySelectorAll(s).length === 4,
    sel('roster-row'),
  );

  // The unmasked view shows the whole number.
  const row = page.locator(sel('roster-row'), { hasText: '玛丽' });
  await row.locator(sel('roster-view')).click();
  assert.equal(await page.innerText(sel('person-view-id')), 'E99887766');
  await page.click(sel('person-view-close'));

  // Delete that person, after confirming in the app's dialog.
  await row.locator(sel('roster-delete')).click();
  await page.waitForSelector(sel('confirm-dialog'));
  assert.match(await page.innerText(sel('confirm-message')), /删除/);
  await page.click(sel('confirm-ok'));
  await page.waitForFunction(
    (s) => document.querySelectorAll(s).length === 3,
    sel('roster-row'),
  );

  // Export the roster: the three people, not the deleted one.
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('roster-export')),
  ]);
  assert.match(exported.suggestedFilename(), /^参保名单_TXZY.*\.xlsx$/);
  const exportText = await downloadedText(exported);
  for (const name of ['张三', '李四', '约翰']) assert.ok(exportText.includes(name), `export lacks ${name}`);
  assert.ok(!exportText.includes('玛丽'), 'the deleted person is exported');

  // Back in the list, the batch shows its status and operations.
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batch-row'));
  assert.match(await page.innerText(sel('batch-status')), /名单待校验/);
  assert.ok(await page.isVisible(sel('batch-delete')));
  await page.context().close();
});

test('the roster pages, selects a whole page and deletes it after confirming', async () => {
  const page = await newPage(browser);
  await loginAsOperator(page, BASE, { first: false });
  await page.click(sel('menu-item-batches'));
  await page.click(sel('batch-continue'));
  await page.waitForSelector(sel('batch-wizard'));
  await rosterRows(page, 3);

  // Nine more people through the API make twelve: more than one page of ten.
  const batchId = new URL(page.url()).pathname.split('/').pop();
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('rtp.session')).access_token);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  let batch = await (await fetch(`${BASE}/api/batches/${batchId}`, { headers })).json();
  for (let i = 1; i <= 9; i++) {
    const res = await fetch(`${BASE}/api/batches/${batchId}/roster`, {
      method: 'POST',
      headers: { ...headers, 'If-Match': `"${batch.version}"` },
      body: JSON.stringify({
        name: `测试${'一二三四五六七八九'[i - 1]}`,
        doc_type: 'resident_id',
        id_number: residentId(100 + i),
        mobile: `1390000${String(i).padStart(4, '0')}`,
      }),
    });
    assert.ok(res.ok, await res.clone().text());
    batch = (await res.json()).batch;
  }
  await page.reload();
  await rosterRows(page, 10);
  assert.equal(await page.innerText(`${sel('roster-panel')} ${sel('pager-summary')}`), '共12条 第1/2页');

  // The page size: 20 shows all twelve on one page; back to 10.
  await page.selectOption(`${sel('roster-panel')} ${sel('pager-size')}`, '20');
  await rosterRows(page, 12);
  assert.equal(await page.innerText(`${sel('roster-panel')} ${sel('pager-summary')}`), '共12条 第1/1页');
  await page.selectOption(`${sel('roster-panel')} ${sel('pager-size')}`, '10');
  await rosterRows(page, 10);
  await page.click(`${sel('roster-panel')} ${sel('pager-next')}`);
  await rosterRows(page, 2);
  await page.click(`${sel('roster-panel')} ${sel('pager-prev')}`);
  await rosterRows(page, 10);

  // 全选 checks the ten rows on screen.
  await page.check(sel('roster-check-all'));
  const checked = await page.locator(sel('roster-check')).evaluateAll((els) => els.filter((e) => e.checked).length);
  assert.equal(checked, 10);
  // 取消 in the dialog deletes nothing; 确定 deletes the ten.
  await page.click(sel('roster-delete-checked'));
  assert.match(await page.innerText(sel('confirm-message')), /勾选的10名人员/);
  await page.click(sel('confirm-cancel'));
  await page.waitForSelector(sel('confirm-dialog'), { state: 'detached' });
  assert.match(await page.innerText(sel('roster-size')), /12人/);
  await page.click(sel('roster-delete-checked'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(`${sel('roster-message')}:has-text("已批量删除10人")`);
  await rosterRows(page, 2);
  assert.match(await page.innerText(sel('roster-size')), /2人/);
  assert.equal(await page.isChecked(sel('roster-check-all')), false);

  // 清空参保名单 empties it after confirming; the empty table says so.
  await page.click(sel('roster-clear'));
  assert.match(await page.innerText(sel('confirm-message')), /清空/);
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(`${sel('roster-table')} ${sel('table-empty')}`);
  assert.equal(await page.innerText(`${sel('roster-table')} ${sel('table-empty')}`), '暂无数据');
  await page.context().close();
});

test('withholding needs the amount within the cap and the stamped letter before it is saved', async () => {
  const page = await newPage(browser);
  await loginAsOperator(page, MAY_BASE);
  await openBatch(page, 'centralized');
  await page.click(sel('unit-confirm'));
  await page.waitForSelector(sel('payment-warning'));

  await page.check(sel('method-withholding'));
  // The cap comes from the plan year (450 元 by default).
  assert.match(await page.innerText(sel('payment-panel')), /小于等于450元/);
  await page.click(sel('payment-save'));
  assert.match(await page.innerText(sel('payment-error')), /请填写委托代扣金额/);
  await page.fill(sel('withholding-amount'), '500');
  await page.click(sel('payment-save'));
  assert.match(await page.innerText(sel('payment-error')), /不能超过450/);
  await page.fill(sel('withholding-amount'), '100');
  await page.click(sel('payment-save'));
  assert.match(await page.innerText(sel('payment-error')), /申请书/);
  assert.equal(await page.locator(sel('confirm-dialog')).count(), 0);

  await page.setInputFiles(sel('letter-file'), {
    name: '委托代扣款申请书.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await page.click(sel('payment-save'));
  const question = await page.innerText(sel('confirm-message'));
  assert.match(question, /委托代扣款缴费参保/);
  assert.match(question, /100\.00 元\/人/);
  assert.match(question, /不能修改/);
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('payment-chosen'));
  assert.match(await page.innerText(sel('payment-chosen')), /委托代扣款缴费参保（代扣金额 100\.00 元\/人）/);
  assert.match(await page.innerText(sel('letter-state')), /已上传/);
  // ⑥ 代扣申请提交 is part of a withholding batch's steps.
  assert.ok(await page.isVisible(sel('step-6')));
  await page.context().close();
});

async function loginAsAdmin(page) {
  await page.goto(`${BASE}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'admin');
  await page.fill(sel('login-password'), 'Admin@2025');
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('menu-admin'));
  await page.click(sel('menu-item-admin-plan-years'));
  await page.waitForSelector(sel('plan-year-row'));
}

/** The plan-year row of `year`. */
const yearRow = (page, year) => page.locator(sel('plan-year-row'), {
  has: page.locator(`${sel('plan-year')}:text-is("${year}")`),
});

test('an admin reads and edits the plan-year settings', async () => {
  const page = await newPage(browser);
  await loginAsAdmin(page);
  const row2025 = yearRow(page, 2025);
  // Times as the manual writes them.
  assert.match(await row2025.innerText(), /2025年05月12日 00:00 至 2025年06月30日 17:00/);
  assert.equal(await row2025.locator(sel('plan-year-premium')).innerText(), '450.00');
  await row2025.locator(sel('plan-year-edit')).click();
  // The editor still edits the instants.
  assert.equal(await page.inputValue(sel('py-centralized-start')), '2025-05-12T00:00');
  await page.fill(sel('py-cap'), '500');
  await page.click(sel('plan-year-save'));
  // The domain refuses a cap above the premium, in Chinese.
  assert.match(await page.innerText(sel('plan-year-error')), /代扣金额上限/);
  await page.fill(sel('py-cap'), '300');
  await page.click(sel('plan-year-save'));
  await page.waitForSelector(sel('plan-year-message'));
  // The list keeps its old rows until the re-read arrives: wait for the new cap.
  const saved = yearRow(page, 2025);
  await saved.locator(sel('plan-year-cap'), { hasText: '300.00' }).waitFor();
  assert.equal(await saved.locator(sel('plan-year-cap')).innerText(), '300.00');
  await page.context().close();
});

test('an admin adds the next plan year, pre-filled from the previous one', async () => {
  const page = await newPage(browser);
  await loginAsAdmin(page);
  const years = (await page.locator(sel('plan-year')).allInnerTexts()).map(Number);
  const latest = Math.max(...years);
  const next = latest + 1;

  await page.click(sel('plan-year-add'));
  await page.waitForSelector(sel('plan-year-form'));
  assert.equal(await page.inputValue(sel('py-year')), String(next));
  // The previous year's settings, one year later.
  await yearRow(page, latest).locator(sel('plan-year-edit')).click();
  const previousStart = await page.inputValue(sel('py-centralized-start'));
  const previousPremium = await page.inputValue(sel('py-premium'));
  await page.click(sel('plan-year-cancel'));
  await page.click(sel('plan-year-add'));
  assert.equal(await page.inputValue(sel('py-centralized-start')), previousStart.replace(String(latest), String(next)));
  assert.equal(await page.inputValue(sel('py-premium')), previousPremium);

  // A year that exists is not created over.
  await page.fill(sel('py-year'), String(latest));
  await page.click(sel('plan-year-save'));
  assert.match(await page.innerText(sel('plan-year-error')), /已存在/);

  await page.fill(sel('py-year'), String(next));
  await page.click(sel('plan-year-save'));
  await page.waitForSelector(`${sel('plan-year-message')}:has-text("${next}")`);
  await yearRow(page, next).waitFor();
  assert.match(await yearRow(page, next).innerText(), new RegExp(`${next}年05月12日 00:00`));
  await page.context().close();
});
