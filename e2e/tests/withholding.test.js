// ⑥ 代扣申请提交 and 消息提醒 in a real browser: a centralized batch paying by withholding
// (300 元/人, the stamped letter uploaded) has its eight people imported, verified, submitted
// and approved by a reviewer; the unit reads 委托代扣申请需在6月4日16点完成提交, ticks
// 我已阅读并同意 in the manual's dialog and applies; the reviewer 受理s the application from the
// batch page; the unit's page follows the application (受理 → 银行代扣 → 代扣结果) by itself and
// shows 申请代扣8人，代扣成功5人(代扣金额300元/人)，代扣失败3人。 with what the unit pays; deleting
// all three failed people is refused with the server's reason (the 社保编号 would fall below
// 75 %), deleting one is accepted and the due amount follows; the 代扣受理单 downloads as a
// PDF; 参保名单确定 fixes the due amount; the reviewer sees the results read-only; and 消息提醒
// in the top bar counts the unread notices (审核通过, 代扣结果), lists them, and drops the
// count as they are marked read.
//
// Independent of the other files: this file starts its own simulator (no random anomalies,
// the people below pinned, the bank answering two seconds after a request) and its own server
// (own SQLite database, demo data, captcha check off, mail off — the notices stay in the app —,
// results polled every second, the demo clock at 2026-05-20 10:00 Shanghai: plan year 2026's
// centralized window and its withholding channel are open).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, sel } from './browser.js';
import { approve, batchRow, confirmIt, importRoster, openFromQueue, pdf, screenshots, submitReview, toReviewStep, verifyRoster } from './journeys.js';
import { OwnServers } from './processes.js';
import { loginAsOperator, loginAsReviewer, openWithholdingBatch, residentId } from './wizard.js';

// Beside the review test's ports (E2E_PORT + 105, + 106) unless told otherwise.
const PORT = Number(process.env.E2E_WITHHOLDING_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 107);
const servers = new OwnServers('withholding', PORT);
const BASE = servers.base;
const PASSWORD = 'Withhold#2026';
const shot = screenshots('withholding');

// Eight retirees of one 社保编号 that has eight: 100 %. Deleting three leaves 5 of 8 (shown 62.0%, as the manual writes ratios).
const CODE = 'C000000081';
const person = (i, name) => ({ name, id: residentId(500 + i), mobile: `1392000${String(i).padStart(4, '0')}` });
const PEOPLE = [
  person(1, '王春生'), person(2, '李夏华'), person(3, '张秋实'), person(4, '刘冬青'),
  person(5, '陈立平'), person(6, '杨建国'), person(7, '赵志红'), person(8, '黄海燕'),
];
const FAILING = { [PEOPLE[1].id]: '余额不足', [PEOPLE[4].id]: '余额不足', [PEOPLE[6].id]: '校验不通过' };
const PINS = {
  social_security_persons: Object.fromEntries(PEOPLE.map((p) => [p.id, {
    ss_code: CODE, ss_unit_name: '上海示范精密机械有限公司', retirement_month: '2010-05',
  }])),
  social_security_units: { [CODE]: { retiree_count: 8, unit_name: '上海示范精密机械有限公司' } },
  bank: Object.fromEntries(Object.entries(FAILING).map(([id, reason]) => [id, { success: false, reason }])),
};
const LETTER = pdf('委托代扣款申请书.pdf');

let browser;

before(async () => {
  await servers.start({
    pins: PINS,
    clock: '2026-05-20T10:00:00+08:00',
    simulator: {
      SIM_BANK_FAILURE_PERMILLE: '0',
      // Long enough for the page to show the bank at work, short enough for a test.
      SIM_BANK_DELAY_MS: '2000',
    },
    server: {
      RTP_SEED_DEMO_ROSTER: 'false',
      RTP_MAIL__ENABLED: 'false',
      RTP_WITHHOLDING__POLL_SECONDS: '1',
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  servers.stop();
});

/** Waits until the text of `selector` is exactly `text`. */
async function textIs(page, selector, text, timeout) {
  await page.waitForFunction(
    ([s, t]) => document.querySelector(s)?.textContent.trim() === t,
    [selector, text],
    timeout ? { timeout } : undefined,
  );
}

/** Waits until the top bar's 消息提醒 says `n` unread (the badge is gone at 0). */
async function unreadIs(page, n) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-test="notices-link"]')?.dataset.unread === String(n),
    n,
    { timeout: 30000 },
  );
  const badges = await page.locator(sel('notices-unread')).count();
  if (n === 0) assert.equal(badges, 0);
  else assert.equal(await page.innerText(sel('notices-unread')), String(n));
}

/** The number of rows of `selector`, once it is `n`. */
async function rowsAre(page, selector, n) {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, n]);
}

/** The reviewer opens the decided batch `batchNo` from the 参保批次审核 queue. */
async function openDecided(page, batchNo) {
  await page.click(sel('menu-item-review-batches'));
  await page.waitForSelector(sel('batch-review-queue'));
  await page.selectOption(sel('queue-filter-status'), 'decided');
  await page.click(sel('queue-search'));
  const row = page.locator(`${sel('queue-row')}[data-batch-no="${batchNo}"]`);
  await row.waitFor();
  await row.locator(sel('queue-open')).click();
  await page.waitForSelector(sel('review-withholding'));
}

test('a withholding batch is applied for, accepted, withheld, trimmed and confirmed; 消息提醒 counts its notices', async () => {
  // ③ 委托代扣款缴费参保 at 300 元/人 with the letter, the roster, 提交系统校验.
  const unit = await newPage(browser);
  const consoleErrors = [];
  unit.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await loginAsOperator(unit, BASE, PASSWORD, { first: true });
  await openWithholdingBatch(unit, '300', LETTER);
  await importRoster(unit, PEOPLE);
  const batchNo = await verifyRoster(unit);
  assert.match(await unit.innerText(sel('verification-summary')), /可代扣 8人/);
  // Nothing has happened to tell of yet.
  await unreadIs(unit, 0);

  // ⑤ 提交职保会审核 (every ratio met) and the reviewer's approval.
  await toReviewStep(unit);
  await submitReview(unit);

  const reviewer = await newPage(browser);
  await loginAsReviewer(reviewer, BASE);
  await openFromQueue(reviewer, batchNo);
  assert.equal(await reviewer.locator(sel('review-withholding')).count(), 0, 'nothing to withhold before approval');
  await approve(reviewer);
  // Approved: the batch page shows the withholding, not applied for yet, nothing to accept.
  await reviewer.waitForSelector(sel('review-withholding-none'));
  assert.equal(await reviewer.locator(sel('withholding-accept')).count(), 0);

  // ⑥ for the unit, from the batch list's 继续办理参保: the deadline, the amount, 8 people;
  // the approval is a notice.
  const listed = await batchRow(unit, batchNo);
  assert.equal(await listed.locator(sel('batch-status')).innerText(), '职保会审核通过');
  await listed.locator(sel('batch-continue')).click();
  await unit.waitForSelector(sel('withholding-panel'));
  assert.match(await unit.getAttribute(sel('step-6'), 'class'), /current/);
  assert.equal(await unit.innerText(sel('wizard-status')), '职保会审核通过');
  await textIs(unit, sel('withholding-deadline'), '委托代扣申请需在6月4日16点完成提交');
  assert.equal(await unit.innerText(sel('withholding-amount-shown')), '300.00元/人');
  assert.equal(await unit.innerText(sel('withholding-count')), '8人');
  assert.ok(await unit.isDisabled(sel('withholding-confirm-roster')), 'nothing to confirm before withholding');
  await unreadIs(unit, 1);
  await shot(unit, '1-before');

  // 审核通过，向职保会提交代扣申请: the manual's dialog; 确认无误 only once 我已阅读并同意 is ticked.
  await unit.click(sel('withholding-apply'));
  await unit.waitForSelector(sel('confirm-dialog'));
  assert.match(await unit.innerText(sel('confirm-message')), /^本单位可代扣人员8人，提交后，代扣名单将不可修改，请确认代扣名单。/);
  assert.match(await unit.innerText(sel('confirm-agreement')), /我已阅读并同意/);
  assert.ok(await unit.isDisabled(sel('confirm-ok')));
  await shot(unit, '2-dialog');
  await unit.check(sel('confirm-agree'));
  assert.equal(await unit.innerText(sel('confirm-ok')), '确认无误');
  await unit.click(sel('confirm-ok'));
  await unit.waitForSelector(`${sel('withholding-message')}:has-text("已提交代扣申请")`);
  await unit.waitForSelector(`${sel('withholding-state')}[data-state="applied"]`);
  assert.equal(await unit.innerText(sel('wizard-status')), '代扣申请中');
  assert.ok(await unit.isDisabled(sel('withholding-apply')), 'applied once only');
  assert.equal(await unit.locator(sel('withholding-slip')).count(), 0, 'no slip before acceptance');
  await unit.waitForSelector(sel('withholding-waiting'));
  assert.deepEqual(
    await unit.locator(`${sel('withholding-milestone')}`).evaluateAll((els) => els.map((e) => e.dataset.done)),
    ['true', 'false', 'false', 'false'],
  );

  // The reviewer: 受理 (asked first) on the batch page.
  await openDecided(reviewer, batchNo);
  await reviewer.waitForSelector(`${sel('withholding-state')}[data-state="applied"]`);
  await reviewer.click(sel('withholding-accept'));
  assert.match(await confirmIt(reviewer), new RegExp(`确定受理批次 ${batchNo} 的代扣申请吗？`));
  await reviewer.waitForSelector(`${sel('review-withholding-message')}:has-text("已受理代扣申请")`);
  await reviewer.waitForSelector(sel('withholding-accept'), { state: 'detached' });

  // The unit's page follows by itself: accepted, then the bank's results.
  await unit.waitForSelector(sel('withholding-slip'), { timeout: 30000 });
  await unit.waitForSelector(`${sel('withholding-state')}[data-state="done"]`, { timeout: 60000 });
  await unit.waitForSelector(`${sel('withholding-message')}:has-text("代扣已完成")`);
  assert.equal(await unit.locator(sel('withholding-waiting')).count(), 0);
  await textIs(unit, sel('wizard-status'), '代扣完成');
  assert.equal(await unit.innerText(sel('withholding-results')), '申请代扣8人，代扣成功5人(代扣金额300元/人)，代扣失败3人。');
  assert.equal(
    await unit.innerText(sel('withholding-share')),
    '申请参保总人数：8人 (代扣成功5人，需单位缴费参保3人，需单位缴纳参保费用2100元)',
  );
  assert.equal(await unit.innerText(sel('withholding-due')), '2100.00元');
  // The results are a notice too, counted without reloading.
  await unreadIs(unit, 2);
  await shot(unit, '3-results');

  // The roster shows 代扣结果 and filters by it.
  assert.deepEqual(
    await unit.locator(`${sel('withholding-table')} th`).allInnerTexts(),
    ['', '姓名', '社保姓名', '证件类型', '证件号码', '手机号', '代扣类型', '校验结果', '代扣结果', '操作'],
  );
  await rowsAre(unit, sel('withholding-row'), 8);
  await unit.selectOption(sel('withholding-filter-result'), 'failed');
  await unit.click(sel('withholding-search'));
  await rowsAre(unit, sel('withholding-row'), 3);
  const failed = await unit.locator(sel('withholding-result')).allInnerTexts();
  assert.deepEqual([...failed].sort(), ['代扣失败(余额不足)', '代扣失败(余额不足)', '代扣失败(校验不通过)']);

  // 删减人员: all three would take the code to 5 of 8 — refused with the server's reason.
  await unit.check(sel('withholding-check-all'));
  await unit.click(sel('withholding-delete-checked'));
  assert.match(await confirmIt(unit), /确定进行删除？将删除勾选的3名人员/);
  await unit.waitForSelector(sel('withholding-error'));
  assert.match(await unit.innerText(sel('withholding-error')), new RegExp(`社保编号 ${CODE} 的参保比例将降至 62.0%，低于 75%`));
  await rowsAre(unit, sel('withholding-row'), 3);
  await shot(unit, '4-refused');
  // One is fine (7 of 8): the roster and the due amount follow.
  const first = unit.locator(sel('withholding-row')).first();
  const gone = await first.locator(sel('withholding-name')).innerText();
  await first.locator(sel('withholding-delete')).click();
  assert.match(await confirmIt(unit), new RegExp(`将删除“${gone}”`));
  await unit.waitForSelector(`${sel('withholding-message')}:has-text("已删除1名代扣失败人员，参保人数现为7人")`);
  await rowsAre(unit, sel('withholding-row'), 2);
  await textIs(unit, sel('withholding-share'), '申请参保总人数：7人 (代扣成功5人，需单位缴费参保2人，需单位缴纳参保费用1650元)');
  assert.equal(await unit.innerText(sel('withholding-due')), '1650.00元');
  assert.equal(await unit.innerText(sel('withholding-results')), '申请代扣8人，代扣成功5人(代扣金额300元/人)，代扣失败3人。', 'the frozen list stays');
  // Somebody withheld cannot be deleted: no button on those rows.
  await unit.selectOption(sel('withholding-filter-result'), 'succeeded');
  await unit.click(sel('withholding-search'));
  await rowsAre(unit, sel('withholding-row'), 5);
  assert.equal(await unit.locator(sel('withholding-delete')).count(), 0);

  // 下载代扣受理单: a PDF.
  const [download] = await Promise.all([
    unit.waitForEvent('download'),
    unit.click(sel('withholding-slip')),
  ]);
  assert.equal(download.suggestedFilename(), `代扣受理单_${batchNo}.pdf`);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 1000 && pdf.length < 1_000_000, `${pdf.length} bytes`);
  await unit.waitForSelector(`${sel('withholding-message')}:has-text("已下载代扣受理单")`);

  // 参保名单确定，前往上传缴费凭证 (asked first, with what the unit pays).
  await unit.click(sel('withholding-confirm-roster'));
  assert.match(await confirmIt(unit), /申请参保总人数：7人 .*需单位缴纳参保费用1650元.*确定参保名单吗？/);
  await unit.waitForSelector(`${sel('flash-message')}:has-text("参保名单已确定：需单位缴纳参保费用1650.00元")`);
  await textIs(unit, sel('wizard-status'), '待上传缴费凭证');
  // The voucher half: the step shows the withheld money as the read-only 个人代扣 line and
  // what is still to pay (7 people × 450 元; 5 withheld at 300 元).
  await unit.waitForSelector(sel('voucher-panel'));
  await unit.waitForSelector(sel('payment-system-row'));
  assert.match(await unit.innerText(sel('voucher-facts')), /参保总人数：7人；参保总费用：3150元/);
  assert.equal(await unit.locator(sel('payment-system-row')).count(), 1);
  assert.match(await unit.innerText(sel('payment-system-amount')), /^1,?500(\.00)?$/);
  assert.ok((await unit.locator(sel('voucher-problem')).count()) > 0, 'the unit\'s 1650 元 is not paid yet');
  await shot(unit, '5-confirmed');
  // The wizard moved on while an answer for step ⑥ may still have been under way.
  assert.deepEqual(unit.errors, [], consoleErrors.join('\n'));

  // The reviewer reads the results and the roster, and changes nothing.
  await reviewer.reload();
  await reviewer.waitForSelector(`${sel('withholding-state')}[data-state="done"]`);
  assert.equal(await reviewer.innerText(sel('withholding-results')), '申请代扣8人，代扣成功5人(代扣金额300元/人)，代扣失败3人。');
  await rowsAre(reviewer, sel('withholding-row'), 7);
  assert.equal(await reviewer.locator(sel('withholding-delete')).count(), 0);
  assert.equal(await reviewer.locator(sel('withholding-check-all')).count(), 0);
  assert.equal(await reviewer.locator(sel('withholding-accept')).count(), 0);
  assert.ok(await reviewer.isVisible(sel('withholding-slip')));
  await shot(reviewer, '6-reviewer');

  // The batch list offers the slip too (其它操作 → 下载代扣受理单).
  const row = await batchRow(unit, batchNo);
  assert.equal(await row.locator(sel('batch-status')).innerText(), '待上传缴费凭证');
  const [again] = await Promise.all([
    unit.waitForEvent('download'),
    row.locator(sel('batch-slip')).click(),
  ]);
  assert.equal(again.suggestedFilename(), `代扣受理单_${batchNo}.pdf`);
  assert.equal(readFileSync(await again.path()).subarray(0, 5).toString('latin1'), '%PDF-');

  // 消息提醒: both notices, newest first; marking one read drops the count, then all.
  await unit.click(sel('notices-link'));
  await unit.waitForSelector(sel('notices-page'));
  await rowsAre(unit, sel('notice-row'), 2);
  assert.deepEqual(await unit.locator(sel('notice-kind')).allInnerTexts(), ['代扣结果', '职保会审核通过']);
  const results = unit.locator(`${sel('notice-row')}[data-kind="withholding_results"]`);
  assert.equal(await results.locator(sel('notice-subject')).innerText(), `参保批次 ${batchNo} 代扣结果`);
  assert.match(await results.locator(sel('notice-body')).innerText(), /申请代扣8人，代扣成功5人，代扣失败3人/);
  assert.equal(await results.locator(sel('notice-state')).innerText(), '未读');
  await shot(unit, '7-notices');
  await results.locator(sel('notice-mark-read')).click();
  await unit.waitForSelector(`${sel('notices-message')}:has-text("已将“参保批次 ${batchNo} 代扣结果”标为已读")`);
  await unreadIs(unit, 1);
  await textIs(unit, `${sel('notice-row')}[data-kind="withholding_results"] ${sel('notice-state')}`, '已读');
  await unit.selectOption(sel('notices-filter'), 'unread');
  await rowsAre(unit, sel('notice-row'), 1);
  assert.equal(await unit.innerText(sel('notice-kind')), '职保会审核通过');
  await unit.click(sel('notices-mark-all'));
  await unit.waitForSelector(`${sel('notices-message')}:has-text("已将1条消息标为已读")`);
  await unreadIs(unit, 0);
  await unit.waitForSelector(`${sel('notices-table')} ${sel('table-empty')}`);

  assert.deepEqual(unit.errors, []);
  assert.deepEqual(reviewer.errors, []);
  for (const page of [unit, reviewer]) await page.context().close();
});
