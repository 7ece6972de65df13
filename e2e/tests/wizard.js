// Steps of the unit operator's enrollment wizard shared by browser tests that run their own
// server: logging in as the demo operator (or the demo reviewer), opening a batch (voucher or
// withholding), a roster spreadsheet.
import { sel } from './browser.js';
import { xlsxOf } from './xlsx.js';

/** A valid 身份证 number (GB 11643 check character) of someone born on 1 January 1955. */
export function residentId(seq) {
  const body = `31010119550101${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * Logs the demo operator in (the first time, changes the initial password); the page keeps
 * the uncaught script errors it meets in `page.errors`.
 */
export async function loginAsOperator(page, base, password, { first }) {
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'tuixiu123000000');
  await page.fill(sel('login-password'), first ? 'Txbz123456' : password);
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  if (first) {
    await page.waitForSelector(sel('change-password-page'));
    await page.fill(sel('old-password'), 'Txbz123456');
    await page.fill(sel('new-password'), password);
    await page.fill(sel('confirm-password'), password);
    await page.click(sel('change-password-submit'));
  }
  await page.waitForSelector(sel('app-shell'));
}

/** Logs the demo reviewer in; the page keeps its uncaught script errors in `page.errors`. */
export async function loginAsReviewer(page, base) {
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), 'shenhe01');
  await page.fill(sel('login-password'), 'Shenhe@2025');
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
  await page.waitForSelector(sel('app-shell'));
}

const HEADER = ['*姓名', '*证件类型', '*证件号码', '出生日期', '性别', '*手机号'];

/** A roster spreadsheet of `people` (身份证 only: birth date and sex come from the number). */
export const rosterOf = (people) => ({
  name: '参保名单.xlsx',
  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  buffer: xlsxOf([HEADER, ...people.map((p) => [p.name, '身份证', p.id, '', '', p.mobile])]),
});

/** Opens a batch of `window` (`instant` / `centralized`) and confirms the unit's data. */
async function openBatch(page, window) {
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batches-page'));
  await page.click(sel(`open-${window}`));
  await page.click(sel('open-batch-confirm'));
  await page.waitForSelector(sel('unit-info-panel'));
  await page.waitForFunction(() => document.querySelector('[data-test="unit-name"]')?.textContent.trim());
  await page.click(sel('unit-confirm'));
}

/** Opens an instant batch, confirms the unit's data and chooses 缴费凭证参保. */
export async function openVoucherBatch(page) {
  await openBatch(page, 'instant');
  await page.check(sel('method-voucher'));
  await page.click(sel('payment-save'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('payment-chosen'));
}

/**
 * Opens a centralized batch, confirms the unit's data and chooses 委托代扣款缴费参保 at
 * `amount` 元/人 with the stamped `letter`.
 */
export async function openWithholdingBatch(page, amount, letter) {
  await openBatch(page, 'centralized');
  await page.check(sel('method-withholding'));
  await page.fill(sel('withholding-amount'), amount);
  await page.setInputFiles(sel('letter-file'), letter);
  await page.click(sel('payment-save'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('confirm-dialog'), { state: 'detached' });
  await page.waitForSelector(sel('payment-chosen'));
}
