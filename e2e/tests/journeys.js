// The enrollment journey's steps that several browser tests walk on their way to what they
// test: a unit's roster imported, verified and submitted to 职保会审核, a reviewer opening the
// batch from a queue and approving it; and the small helpers those steps share.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { newPage, sel } from './browser.js';
import { loginAsOperator, openVoucherBatch, rosterOf } from './wizard.js';

/** A real 1×1 PNG (the server checks the content) named `name`. */
export const png = (name) => ({
  name,
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
});

/** A tiny PDF named `name`. */
export const pdf = (name) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
});

/** Saves full-page screenshots as `<prefix>-<name>.png` when E2E_SCREENSHOTS names a folder. */
export const screenshots = (prefix) => async (page, name) => {
  const folder = process.env.E2E_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `${prefix}-${name}.png`), fullPage: true });
};

/** Confirms the open in-app question; answers its message. */
export async function confirmIt(page) {
  const message = await page.innerText(sel('confirm-message'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('confirm-dialog'), { state: 'detached' });
  return message;
}

/** Opens the viewer from `button`, checks it shows `kind` (image / pdf) from an object URL, closes it. */
export async function view(page, button, kind) {
  await page.click(button);
  await page.waitForSelector(sel('attachment-viewer'));
  if (kind === 'image') {
    await page.waitForFunction(() => document.querySelector('[data-test="viewer-image"]')?.naturalWidth > 0);
    assert.match(await page.getAttribute(sel('viewer-image'), 'src'), /^blob:/);
  } else {
    await page.waitForSelector(sel('viewer-pdf'));
    assert.match(await page.getAttribute(sel('viewer-pdf'), 'src'), /^blob:/);
  }
  await page.click(sel('viewer-close'));
  await page.waitForSelector(sel('attachment-viewer'), { state: 'detached' });
}

/** ③: imports a roster of `people` and waits until all of them are in. */
export async function importRoster(page, people) {
  await page.setInputFiles(sel('roster-file'), rosterOf(people));
  await page.click(sel('roster-upload'));
  await page.waitForSelector(`${sel('roster-message')}:has-text("成功导入参保人数：${people.length}人")`);
}

/** ③ 提交系统校验 (confirmed) and waits for ④'s results; answers the batch number. */
export async function verifyRoster(page) {
  await page.click(sel('start-verification'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('verification-summary'), { timeout: 60000 });
  return page.innerText(sel('wizard-batch-no'));
}

/**
 * A fresh page where the demo operator logs in on `base` for the first time (setting
 * `password`) and has a voucher batch of `people` imported and verified; answers the page and
 * the batch number.
 */
export async function verifiedVoucherBatch(browser, base, password, people) {
  const unit = await newPage(browser);
  await loginAsOperator(unit, base, password, { first: true });
  await openVoucherBatch(unit);
  await importRoster(unit, people);
  return { unit, batchNo: await verifyRoster(unit) };
}

/** ④ → ⑤: 提交职保会审核 once nothing blocks it, and waits for step ⑤. */
export async function toReviewStep(page) {
  await page.waitForFunction(() => !document.querySelector('[data-test="submit-review"]')?.disabled);
  await page.click(sel('submit-review'));
  await page.waitForSelector(sel('review-panel'));
}

/** ⑤: 信息确认无误，提交职保会审核 once it is enabled (confirmed); answers the question asked. */
export async function submitReview(page) {
  await page.waitForFunction(() => !document.querySelector('[data-test="review-submit"]')?.disabled);
  await page.click(sel('review-submit'));
  const question = await confirmIt(page);
  await page.waitForSelector(`${sel('review-message')}:has-text("已提交职保会审核")`);
  return question;
}

/**
 * The reviewer opens the pending batch `batchNo` from a queue (参保批次审核 unless `menu` and
 * `queue` name another) and finds its decision panel.
 */
export async function openFromQueue(page, batchNo, { menu = 'menu-item-review-batches', queue = 'batch-review-queue' } = {}) {
  await page.click(sel(menu));
  await page.waitForSelector(sel(queue));
  const row = page.locator(`${sel('queue-row')}[data-batch-no="${batchNo}"]`);
  await row.waitFor();
  assert.equal(await row.locator(sel('queue-status')).innerText(), '待审核');
  await row.locator(sel('queue-open')).click();
  await page.waitForSelector(sel('decision-panel'));
  assert.equal(await page.innerText(sel('review-batch-no')), batchNo);
}

/**
 * 审核通过 on the open decision panel (confirmed) until `message` (参保批次审核's unless told)
 * says so; answers the question asked.
 */
export async function approve(page, message = 'batch-review-message') {
  await page.click(sel('decision-approve'));
  const question = await confirmIt(page);
  await page.waitForSelector(`${sel(message)}:has-text("已审核通过")`);
  return question;
}

/** The unit's row of `batchNo` in 参保办理's list. */
export async function batchRow(page, batchNo) {
  await page.click(sel('menu-item-batches'));
  const row = page.locator(sel('batch-row'), { has: page.locator(`${sel('batch-no')}:text-is("${batchNo}")`) });
  await row.waitFor();
  return row;
}
