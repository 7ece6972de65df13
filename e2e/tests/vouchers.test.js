// 缴费凭证 to 投保成功 in a real browser: a unit's voucher batch of two people (900 元) is
// verified, submitted to 职保会审核 and approved; the wizard goes on to 上传缴费凭证, where the
// unit confirms the roster (参保名单确定) and finds the batch under 缴费凭证管理. There it pays
// 1000 元 with a voucher image, asks 100 元 back to another account (the live preview asks for a
// 情况说明 until one is attached), splits the receipt in two (the first headed with an unregistered
// name) and leaves the payer empty:
// saving shows the server's errors beside those fields; fixed, saved and submitted (confirmed).
// The reviewer finds it under 缴费凭证审核 (the menu counts it), views the voucher and the
// explanation, and rejects with feedback; the unit reads it in the list (编辑) and on the page,
// fixes and resubmits; the reviewer approves, and the unit sees 投保成功 with the instant cover
// and downloads the 参保确认单, whose content is checked.
//
// Independent of the other files: own simulator (no random anomalies, the two people and their
// code pinned so the ratio is met) and own server (own SQLite database, demo data, captcha
// check off, the demo clock at 2026-11-30 10:00 Shanghai, inside plan year 2026's instant
// window).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, sel } from './browser.js';
import { approve, batchRow, confirmIt, openFromQueue, pdf, png, screenshots, submitReview, toReviewStep, verifiedVoucherBatch, view } from './journeys.js';
import { OwnServers } from './processes.js';
import { loginAsReviewer, residentId } from './wizard.js';
import { downloadedText } from './xlsx.js';

// Beside the review test's ports (E2E_PORT + 105, + 106) unless told otherwise.
const PORT = Number(process.env.E2E_VOUCHERS_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 107);
const servers = new OwnServers('vouchers', PORT);
const BASE = servers.base;
const PASSWORD = 'Voucher#2026';
const shot = screenshots('vouchers');

const UNIT = '上海示范精密机械有限公司';
const CODE = 'C000000007';
const person = (i, name) => ({ name, id: residentId(700 + i), mobile: `1392000${String(i).padStart(4, '0')}` });
const PEOPLE = [person(1, '王春生'), person(2, '赵秋实')];
const PINS = {
  social_security_persons: Object.fromEntries(PEOPLE.map((p) => [p.id, { ss_code: CODE, retirement_month: '2010-05' }])),
  social_security_units: { [CODE]: { retiree_count: 2, unit_name: UNIT } },
};
const FEEDBACK = '退多余款账户信息错误';

let browser;

before(async () => {
  await servers.start({
    pins: PINS,
    clock: '2026-11-30T10:00:00+08:00',
    server: { RTP_MAIL__ENABLED: 'false' },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  servers.stop();
});

/** The error shown beside field `field` (`payments[0].payer_name`). */
const fieldError = (page, field) => page.locator(`${sel('field-error')}[data-field="${field}"]`);

/** The live problems under the tables. */
const problems = (page) => page.locator(sel('voucher-problem')).allInnerTexts();

/** Waits until the live problems are exactly `expected` (none: the list is gone). */
async function problemsAre(page, expected) {
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('[data-test="voucher-problem"]')].map((e) => e.textContent.trim());
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected);
}

/** The unit's row of `batchNo` in 缴费凭证管理. */
async function voucherRow(page, batchNo) {
  await page.click(sel('menu-item-vouchers'));
  await page.waitForSelector(sel('vouchers-page'));
  // 职保会退休账户信息 above the list, as on the voucher page.
  await page.waitForSelector(`${sel('vouchers-page')} ${sel('payee-name')}`);
  assert.equal(await page.innerText(`${sel('vouchers-page')} ${sel('payee-bank')}`), '上海银行人民广场支行');
  const row = page.locator(`${sel('voucher-row')}[data-batch-no="${batchNo}"]`);
  await row.waitFor();
  return row;
}

/** The reviewer opens `batchNo` from 缴费凭证审核 (待审核). */
const openVoucherReview = (page, batchNo) => openFromQueue(page, batchNo, {
  menu: 'menu-item-review-vouchers',
  queue: 'voucher-review-queue',
});

test('a voucher batch is paid, rejected with feedback, fixed, approved and insured', async () => {
  // 职保会审核 first (step ⑤), as in review.test.js but with nothing to upload.
  const { unit, batchNo } = await verifiedVoucherBatch(browser, BASE, PASSWORD, PEOPLE);
  await toReviewStep(unit);
  await submitReview(unit);

  const reviewer = await newPage(browser);
  await loginAsReviewer(reviewer, BASE);
  await openFromQueue(reviewer, batchNo);
  await approve(reviewer);

  // 通道一: the wizard goes on to 上传缴费凭证 — 【确认参保】 first.
  // (参保办理 → 继续办理参保, as the manual's 通道一 says.)
  const approved = await batchRow(unit, batchNo);
  await approved.locator(sel('batch-continue')).click();
  await unit.waitForSelector(sel('voucher-confirm-block'));
  assert.match(await unit.getAttribute(sel('step-vouchers'), 'class'), /current/);
  assert.match(await unit.innerText(sel('step-vouchers')), /⑥ 上传缴费凭证/);
  assert.equal(await unit.locator(sel('step-6')).count(), 0, 'no 代扣申请提交 for a voucher batch');
  await unit.waitForSelector(`${sel('voucher-confirm-share')}:has-text("申请参保总人数：2人")`);
  assert.equal(await unit.locator(sel('payment-table')).count(), 0);
  await unit.click(sel('voucher-confirm-roster'));
  assert.match(await confirmIt(unit), /参保名单确定后不能再修改参保名单/);
  await unit.waitForSelector(`${sel('voucher-message')}:has-text("参保名单已确定")`);
  await unit.waitForSelector(sel('payment-table'));
  assert.equal(await unit.innerText(sel('wizard-status')), '待上传缴费凭证');
  assert.equal(await unit.locator(sel('voucher-confirm-block')).count(), 0);

  // 通道二: 缴费凭证管理 lists the batch; 上传缴费凭证 opens its page.
  const listed = await voucherRow(unit, batchNo);
  assert.deepEqual(
    await unit.locator(`${sel('vouchers-table')} th`).allInnerTexts(),
    ['参保批次', '参保单位', '参保金额（元）', '状态', '职保中心反馈', '创建时间', '操作'],
  );
  assert.equal(await listed.locator(sel('voucher-amount')).innerText(), '900');
  assert.equal(await listed.locator(sel('voucher-status')).innerText(), '待上传缴费凭证');
  assert.equal(await listed.locator(sel('voucher-open')).innerText(), '上传缴费凭证');
  await listed.locator(sel('voucher-open')).click();
  await unit.waitForSelector(sel('voucher-page'));
  await unit.waitForSelector(sel('voucher-facts'));
  assert.match(await unit.innerText(sel('voucher-facts')), new RegExp(`批次编码：${batchNo}；当前状态：待上传缴费凭证；参保总人数：2人；参保总费用：900元`));
  assert.equal(await unit.innerText(sel('payee-name')), '上海市职工保障互助会退休职工医保专户');
  assert.equal(await unit.innerText(sel('payee-account')), '31602300008023554');
  assert.match(await unit.innerText(sel('voucher-share')), /需单位缴纳参保费用900元/);
  assert.equal(await unit.locator(sel('payment-system-row')).count(), 0, 'nothing was withheld');
  await problemsAre(unit, ['请至少填写一条缴费信息', '缴费凭证金额应等于保费金额：缴费合计减退款合计为0.00元，应为900.00元']);
  assert.ok(await unit.isDisabled(sel('voucher-submit')));

  // The lines, previewed live by the domain's rule before anything is saved.
  const saves = [];
  unit.on('request', (r) => { if (r.method() === 'PUT' && /\/vouchers$/.test(r.url())) saves.push(r.url()); });
  await unit.click(sel('payment-add'));
  assert.equal(await unit.inputValue(sel('payment-payer')), UNIT);
  await unit.fill(sel('payment-amount'), '1000');
  await problemsAre(unit, ['第1条缴费信息未上传缴费凭证', '缴费凭证金额应等于保费金额：缴费合计减退款合计为1000.00元，应为900.00元']);
  await unit.setInputFiles(sel('payment-voucher-file'), png('网银回单.png'));
  await unit.waitForSelector(`${sel('payment-voucher-view')}:has-text("网银回单.png")`);
  // 确认 shows the line as text, 编辑 opens it again (the manual's 编辑 / 确认 / 删除).
  await unit.click(sel('payment-confirm'));
  assert.equal(await unit.innerText(sel('payment-payer-text')), UNIT);
  assert.equal(await unit.innerText(sel('payment-amount-text')), '1000');
  assert.equal(await unit.locator(sel('payment-payer')).count(), 0);
  await unit.click(sel('payment-edit'));
  assert.equal(await unit.inputValue(sel('payment-payer')), UNIT);
  await unit.click(sel('refund-add'));
  await unit.fill(sel('refund-account-name'), '上海另一家贸易有限公司');
  await unit.fill(sel('refund-account-no'), '6222000011112222');
  await unit.fill(sel('refund-bank'), '上海银行');
  await unit.fill(sel('refund-amount'), '100');
  await unit.waitForSelector(sel('refund-explanation-needed'));
  await problemsAre(unit, ['第1条退款信息的退款帐户与缴费单位不一致，须上传情况说明']);
  await unit.setInputFiles(sel('refund-explanation-file'), pdf('退款情况说明.pdf'));
  await unit.waitForSelector(sel('refund-explanation-view'));
  assert.equal(await unit.locator(sel('refund-explanation-needed')).count(), 0);
  await unit.click(sel('receipt-add'));
  await unit.fill(sel('receipt-title'), '某某未登记公司');
  await unit.fill(sel('receipt-amount'), '500');
  // A second receipt (专用收据需开多张): together never above what was paid.
  await unit.click(sel('receipt-add'));
  const second = unit.locator(sel('receipt-row')).nth(1);
  await second.locator(sel('receipt-title')).fill(UNIT);
  await second.locator(sel('receipt-amount')).fill('450');
  await problemsAre(unit, ['电子票据金额合计950.00元超过缴费金额900.00元']);
  await second.locator(sel('receipt-amount')).fill('400');
  await unit.fill(sel('payment-payer'), '');
  await problemsAre(unit, ['第1条缴费信息未填写付款单位名称']);
  assert.equal(await unit.innerText(sel('payment-total')), '1000.00');
  assert.equal(await unit.innerText(sel('refund-total')), '100.00');
  assert.equal(await unit.innerText(sel('receipt-total')), '900.00');
  assert.deepEqual(saves, [], 'the preview saved something');
  await shot(unit, '1-preview');

  // 保存: the server's errors show beside their fields, and nothing is saved.
  await unit.click(sel('voucher-save'));
  await fieldError(unit, 'payments[0].payer_name').waitFor();
  assert.match(await fieldError(unit, 'payments[0].payer_name').innerText(), /请填写付款单位名称/);
  assert.match(await fieldError(unit, 'receipts[0].title').innerText(), /未查到统一社会信用代码/);
  assert.match(await unit.innerText(sel('voucher-error')), /保存失败，请按提示修改（共2处）/);
  assert.equal(saves.length, 1);
  await shot(unit, '2-field-errors');
  await unit.fill(sel('payment-payer'), UNIT);
  assert.equal(await fieldError(unit, 'payments[0].payer_name').count(), 0, 'editing a field clears its error');
  await unit.fill(sel('receipt-title'), UNIT);
  await problemsAre(unit, []);
  await unit.click(sel('voucher-save'));
  await unit.waitForSelector(`${sel('voucher-message')}:has-text("缴费凭证信息已保存")`);
  assert.match(await unit.innerText(sel('receipt-credit-code')), /^[0-9A-Z]{18}$/);
  assert.equal(await unit.locator(sel('voucher-unsaved')).count(), 0);

  // 提交审核 (confirmed).
  await unit.click(sel('voucher-submit'));
  assert.match(await confirmIt(unit), /需单位缴纳参保费用900元.*确定提交审核吗？/);
  await unit.waitForSelector(`${sel('voucher-message')}:has-text("缴费凭证已提交审核")`);
  await unit.waitForSelector(sel('voucher-waiting'));
  assert.match(await unit.innerText(sel('voucher-facts')), /当前状态：凭证审核中/);
  assert.equal(await unit.locator(sel('payment-payer')).count(), 0, 'read-only under review');
  assert.equal(await unit.locator(sel('voucher-submit')).count(), 0);
  await unit.waitForSelector(`${sel('history-status')}:text-is("待审核")`);
  await shot(unit, '3-submitted');

  // The reviewer: counted in the menu, the lines and their files, 审核不通过 with feedback.
  await reviewer.click(sel('menu-item-review-vouchers'));
  await reviewer.waitForSelector(`${sel('menu-pending-vouchers')}:has-text("1")`);
  await openVoucherReview(reviewer, batchNo);
  assert.equal(await reviewer.innerText(sel('review-total')), '900.00元');
  assert.equal(await reviewer.innerText(sel('payment-payer-text')), UNIT);
  assert.equal(await reviewer.innerText(sel('payment-channel-text')), '贷记网银');
  assert.equal(await reviewer.innerText(sel('refund-account-name-text')), '上海另一家贸易有限公司');
  assert.match(await reviewer.innerText(sel('receipt-credit-code')), /^[0-9A-Z]{18}$/);
  assert.equal(await reviewer.locator(sel('payment-add')).count(), 0);
  await view(reviewer, sel('payment-voucher-view'), 'image');
  await view(reviewer, sel('refund-explanation-view'), 'pdf');
  await reviewer.click(sel('decision-reject'));
  assert.match(await reviewer.innerText(sel('voucher-review-error')), /请至少填写一条不通过原因/);
  await reviewer.fill(`${sel('decision-overall-reasons')} ${sel('reason-text')}`, FEEDBACK);
  await reviewer.click(sel('decision-reject'));
  assert.match(await confirmIt(reviewer), /共1条不通过原因/);
  await reviewer.waitForSelector(`${sel('voucher-review-message')}:has-text("已审核不通过")`);
  await reviewer.waitForSelector(sel('decision-panel'), { state: 'detached' });
  await reviewer.waitForSelector(`${sel('review-batch-status')}:text-is("凭证审核不通过")`);
  assert.match(await reviewer.innerText(sel('history-reasons')), new RegExp(FEEDBACK));
  assert.equal(await reviewer.locator(sel('menu-pending-vouchers')).count(), 0);
  await shot(reviewer, '4-rejected');

  // The unit: 职保中心反馈 in the list, 编辑, the reasons on the page, fixed and resubmitted
  // (提交审核 saves the change first).
  const rejected = await voucherRow(unit, batchNo);
  assert.equal(await rejected.locator(sel('voucher-status')).innerText(), '凭证审核不通过');
  assert.equal(await rejected.locator(sel('voucher-feedback')).innerText(), FEEDBACK);
  assert.equal(await rejected.locator(sel('voucher-open')).innerText(), '编辑');
  await rejected.locator(sel('voucher-open')).click();
  await unit.waitForSelector(sel('voucher-rejected'));
  assert.deepEqual(await unit.locator(sel('voucher-reason')).allInnerTexts(), [FEEDBACK]);
  // The saved lines show as text until 编辑.
  assert.equal(await unit.locator(sel('refund-account-name')).count(), 0);
  await unit.click(sel('refund-edit'));
  await unit.fill(sel('refund-account-name'), UNIT);
  await unit.waitForSelector(sel('voucher-unsaved'));
  await unit.click(sel('voucher-submit'));
  assert.match(await confirmIt(unit), /尚未保存的修改将先行保存/);
  await unit.waitForSelector(`${sel('voucher-message')}:has-text("缴费凭证已提交审核")`);
  await unit.waitForFunction((s) => document.querySelectorAll(s).length === 2, sel('history-row'));
  assert.equal(await unit.innerText(sel('refund-account-name-text')), UNIT);

  // 审核通过 → 投保成功.
  await openVoucherReview(reviewer, batchNo);
  assert.match(await approve(reviewer, 'voucher-review-message'), /确定审核通过批次/);
  await reviewer.waitForSelector(sel('review-insured'));
  await reviewer.waitForSelector(`${sel('review-batch-status')}:text-is("凭证审核通过")`);

  await unit.reload();
  await unit.waitForSelector(sel('voucher-insured'));
  const cover = await unit.locator(sel('voucher-cover')).allInnerTexts();
  assert.match(cover[0], /^投保成功时间：2026-11-30 /);
  assert.equal(cover[1], '保障期间：自2026年12月01日零时起至2027年06月30日24时止');
  assert.equal(cover[2], '免责期：2026年12月01日至2026年12月30日（即时参保设有免责期）');
  assert.equal(await unit.locator(sel('voucher-rejected')).count(), 0);
  await shot(unit, '5-insured');
  const [download] = await Promise.all([
    unit.waitForEvent('download'),
    unit.click(sel('confirmation-download')),
  ]);
  assert.equal(download.suggestedFilename(), `参保确认单_${batchNo}.xlsx`);
  const text = await downloadedText(download);
  for (const expected of ['单位名称', '起保日期', '终保日期', UNIT, batchNo, '即时参保', '2026年度', '2人', ...PEOPLE.map((p) => p.name)]) {
    assert.ok(text.includes(expected), `${expected} in the 参保确认单: ${text}`);
  }
  // 起保日期 / 终保日期 of the people (the sheet shares equal strings, so each is there once).
  assert.ok(text.includes('2026-12-01') && text.includes('2027-06-30'), text);
  for (const p of PEOPLE) assert.ok(!text.includes(p.id), 'ID numbers are masked');

  const done = await voucherRow(unit, batchNo);
  assert.equal(await done.locator(sel('voucher-status')).innerText(), '凭证审核通过');
  assert.equal(await done.locator(sel('voucher-feedback')).innerText(), '投保成功');
  await unit.selectOption(sel('voucher-filter-status'), 'vouchers_rejected');
  await unit.click(sel('voucher-search'));
  await unit.waitForSelector(`${sel('vouchers-table')} ${sel('table-empty')}`);

  assert.deepEqual(unit.errors, []);
  assert.deepEqual(reviewer.errors, []);
  for (const page of [unit, reviewer]) await page.context().close();
});
