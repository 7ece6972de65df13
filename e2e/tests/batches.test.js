// 参保办理 in a real browser: open a batch, choose the payment method, download the template,
// import a valid and an invalid roster (row errors shown), add and delete a person, export.
//
// Independent of the other files: this file starts its own server (own SQLite database, demo
// data, captcha check off) with the demo clock at 2026-11-30 10:00 Shanghai, inside plan year
// 2026's instant-enrollment window, and uses the demo unit operator there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newPage, sel } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'e2e', 'fixtures');
const PORT = Number(process.env.E2E_BATCHES_PORT ?? 18181);
const BASE = `http://127.0.0.1:${PORT}`;

let browser;
let server;
let work;

async function waitReady() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${BASE}/readyz`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the batches test server did not start');
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'rtp-e2e-batches-'));
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  server = spawn(join(target, 'debug', 'server'), [], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      RTP_ENV: 'test',
      RTP_DATABASE_URL: `sqlite://${work}/e2e.db?mode=rwc`,
      RTP_DATA_DIR: work,
      RTP_BIND: `127.0.0.1:${PORT}`,
      RTP_STATIC_DIR: join(ROOT, 'frontend', 'dist'),
      RTP_CAPTCHA_DISABLED: 'true',
      RTP_SEED_DEMO: 'true',
      RTP_CLOCK_START: '2026-11-30T10:00:00+08:00',
      // Step ② asks the enterprise registry (the simulator e2e/run.sh started).
      RTP_SIMULATOR_URL: process.env.E2E_SIMULATOR_URL ?? 'http://127.0.0.1:18090',
    },
  });
  await waitReady();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function loginAsOperator(page) {
  await page.goto(`${BASE}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'tuixiu123000000');
  await page.fill(sel('login-password'), 'Txbz123456');
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('change-password-page'));
  await page.fill(sel('old-password'), 'Txbz123456');
  await page.fill(sel('new-password'), 'Batch#2026');
  await page.fill(sel('confirm-password'), 'Batch#2026');
  await page.click(sel('change-password-submit'));
  await page.waitForSelector(sel('app-shell'));
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
  await page.click(sel('payment-save'));
  await page.waitForSelector(sel('payment-chosen'));
  assert.match(await page.innerText(sel('payment-chosen')), /缴费凭证参保/);

  // The template downloads as an xlsx.
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('roster-template')),
  ]);
  assert.match(template.suggestedFilename(), /\.xlsx$/);

  // An invalid file is refused whole, with its row errors listed.
  await page.setInputFiles(sel('roster-file'), join(FIXTURES, 'roster-invalid.xlsx'));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(sel('import-errors'));
  const errors = await page.locator(sel('import-error-row')).allInnerTexts();
  assert.ok(errors.some((t) => /姓名为必填项/.test(t)), errors.join('\n'));
  assert.ok(errors.some((t) => /校验位/.test(t)), errors.join('\n'));
  assert.ok(errors.some((t) => /重复/.test(t)), errors.join('\n'));
  assert.equal(await page.locator(sel('roster-row')).count(), 0);
  // …and the same errors download as an xlsx.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('error-report')),
  ]);
  assert.match(report.suggestedFilename(), /\.xlsx$/);

  // A valid file imports: three people, ID and mobile masked.
  await page.setInputFiles(sel('roster-file'), join(FIXTURES, 'roster-valid.xlsx'));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(sel('roster-message'));
  assert.match(await page.innerText(sel('roster-message')), /成功导入参保人数：3人/);
  await page.waitForFunction(
    (s) => document.querySelectorAll(s).length === 3,
    sel('roster-row'),
  );
  const ids = await page.locator(sel('roster-id')).allInnerTexts();
  assert.ok(ids.every((id) => id.includes('*')), ids.join(','));
  assert.match(await page.innerText(sel('wizard-status')), /名单待校验/);

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

  // Delete that person.
  page.once('dialog', (d) => d.accept());
  await row.locator(sel('roster-delete')).click();
  await page.waitForFunction(
    (s) => document.querySelectorAll(s).length === 3,
    sel('roster-row'),
  );

  // Export the roster.
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('roster-export')),
  ]);
  assert.match(exported.suggestedFilename(), /^参保名单_TXZY.*\.xlsx$/);

  // Back in the list, the batch shows its status and operations.
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batch-row'));
  assert.match(await page.innerText(sel('batch-status')), /名单待校验/);
  assert.ok(await page.isVisible(sel('batch-delete')));
  await page.context().close();
});

test('an admin reads and edits the plan-year settings', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'admin');
  await page.fill(sel('login-password'), 'Admin@2025');
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('menu-admin'));
  await page.click(sel('menu-item-admin-plan-years'));
  await page.waitForSelector(sel('plan-year-row'));
  const row2025 = page.locator(sel('plan-year-row'), { hasText: '2025-05-12T00:00' });
  assert.equal(await row2025.locator(sel('plan-year-premium')).innerText(), '450.00');
  await row2025.locator(sel('plan-year-edit')).click();
  await page.fill(sel('py-cap'), '500');
  await page.click(sel('plan-year-save'));
  // The domain refuses a cap above the premium, in Chinese.
  assert.match(await page.innerText(sel('plan-year-error')), /代扣金额上限/);
  await page.fill(sel('py-cap'), '300');
  await page.click(sel('plan-year-save'));
  await page.waitForSelector(sel('plan-year-message'));
  const saved = page.locator(sel('plan-year-row'), { hasText: '2025-05-12T00:00' });
  assert.equal(await saved.locator(sel('plan-year-cap')).innerText(), '300.00');
  await page.context().close();
});
