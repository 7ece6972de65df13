// 提交职保会审核 and 参保批次审核 in a real browser: a unit's voucher batch whose people are
// pinned so that one 社保编号 falls far below 75 % and one person has no social-security
// record; after verification, step ⑤ shows the code blocked (未上传) and the person unmatched;
// the unit uploads materials, gives 其他 with a remark and an attachment (the live preview
// lights 提交职保会审核 before anything is saved) and submits; a reviewer finds the batch in
// the queue, views a material and rejects with a reason for that code; the unit reads
// 查看不通过原因, uploads another material and resubmits; the reviewer approves (a second
// reviewer window deciding too is told 该批次已由其他审核员处理) and the unit sees
// 职保会审核通过.
//
// Independent of the other files: this file starts its own simulator (no random anomalies,
// the people and codes below pinned) and its own server (own SQLite database, demo data,
// captcha check off, the demo clock at 2026-11-30 10:00 Shanghai, inside plan year 2026's
// instant-enrollment window).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, sel } from './browser.js';
import { approve, batchRow, confirmIt, openFromQueue, pdf, png, screenshots, submitReview, toReviewStep, verifiedVoucherBatch, view } from './journeys.js';
import { OwnServers } from './processes.js';
import { loginAsReviewer, residentId } from './wizard.js';

// Beside the verification test's ports (E2E_PORT + 103, + 104) unless told otherwise.
const PORT = Number(process.env.E2E_REVIEW_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 105);
const servers = new OwnServers('review', PORT);
const BASE = servers.base;
const PASSWORD = 'Review#2026';
const shot = screenshots('review');

const LOW = 'C000000001'; // 3 of 1000 retirees enrolled: materials needed
const MET = 'C000000002'; // 2 of 2: 已达标
const person = (i, name) => ({ name, id: residentId(300 + i), mobile: `1391000${String(i).padStart(4, '0')}` });
const PEOPLE = [
  person(1, '钱春花'), person(2, '孙夏雨'), person(3, '李秋月'),
  person(4, '周冬梅'), person(5, '吴立新'), person(6, '郑卫国'),
];
const UNMATCHED = PEOPLE[3];
const PINS = {
  social_security_persons: {
    [PEOPLE[0].id]: { ss_code: LOW, ss_unit_name: '上海示范精密机械有限公司一分厂' },
    [PEOPLE[1].id]: { ss_code: LOW, ss_unit_name: '上海示范精密机械有限公司一分厂' },
    [PEOPLE[2].id]: { ss_code: LOW, ss_unit_name: '上海示范精密机械有限公司一分厂' },
    [UNMATCHED.id]: { found: false },
    [PEOPLE[4].id]: { ss_code: MET, ss_unit_name: '上海示范精密机械有限公司二分厂' },
    [PEOPLE[5].id]: { ss_code: MET, ss_unit_name: '上海示范精密机械有限公司二分厂' },
  },
  social_security_units: {
    [LOW]: { retiree_count: 1000, unit_name: '上海示范精密机械有限公司一分厂' },
    [MET]: { retiree_count: 2, unit_name: '上海示范精密机械有限公司二分厂' },
  },
};
const REASON = '缺少《社会保险业务核定表》';

let browser;

before(async () => {
  await servers.start({ pins: PINS, clock: '2026-11-30T10:00:00+08:00' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  servers.stop();
});

/** The ratio table's row of `code`. */
const ratioRow = (page, code) => page.locator(`${sel('ratio-row')}[data-code="${code}"]`);

/** Waits until the ratio row of `code` shows `standing` as its 附件上传状态. */
async function standingIs(page, code, standing) {
  await page.waitForFunction(
    ([code, standing]) => document.querySelector(`[data-test="ratio-row"][data-code="${code}"] [data-test="ratio-standing"]`)
      ?.textContent.trim() === standing,
    [code, standing],
  );
}

test('a batch goes to 职保会审核, is rejected with a reason per code, fixed, resubmitted and approved', async () => {
  const { unit, batchNo } = await verifiedVoucherBatch(browser, BASE, PASSWORD, PEOPLE);

  // ④: no anomaly is left (未匹配到社保信息 is for step ⑤), so ② 提交职保会审核 leads on.
  await toReviewStep(unit);
  assert.match(await unit.getAttribute(sel('step-5'), 'class'), /current/);
  await unit.waitForSelector(sel('ratio-row'));

  // The ratio table: the low code is blocked, the other meets 75 %, the unmatched person is a
  // group of its own and listed under 社保人员情况.
  assert.deepEqual(
    await unit.locator(`${sel('ratio-table')} th`).allInnerTexts(),
    ['社保编号', '单位名称', '社保人数', '参保人数', '已参保人数', '参保比例', '附件上传状态', '审核状态', '操作', '不通过原因'],
  );
  const low = ratioRow(unit, LOW);
  assert.equal(await low.locator(sel('ratio-headcount')).innerText(), '1000');
  assert.equal(await low.locator(sel('ratio-here')).innerText(), '3');
  assert.equal(await low.locator(sel('ratio-ratio')).innerText(), '0%');
  assert.equal(await low.locator(sel('ratio-standing')).innerText(), '未上传');
  assert.equal(await ratioRow(unit, MET).locator(sel('ratio-ratio')).innerText(), '100.0%');
  assert.equal(await ratioRow(unit, MET).locator(sel('ratio-standing')).innerText(), '已达标');
  assert.equal(await ratioRow(unit, '未匹配到单位社保编码').locator(sel('ratio-here')).innerText(), '1');
  const personRow = unit.locator(`${sel('person-row')}[data-name="${UNMATCHED.name}"]`);
  assert.match(await personRow.innerText(), /\*/, 'the ID number is masked');
  assert.ok(await unit.isDisabled(sel('review-submit')));
  const gaps = await unit.locator(sel('review-missing-item')).allInnerTexts();
  assert.equal(gaps.length, 2, gaps.join('\n'));
  assert.match(gaps[0], new RegExp(`社保编号 ${LOW} 参保比例 0% 未达 75%`));
  assert.match(gaps[1], new RegExp(`${UNMATCHED.name}：未匹配到社保信息，请选择其具体情形`));
  assert.equal(await unit.innerText(sel('review-status')), '未提交');
  await shot(unit, '1-step5');

  // 上传相关材料: two files at once, 查看 the image, 删除 the PDF (asked first).
  await low.locator(sel('ratio-upload')).click();
  await unit.waitForSelector(sel('materials-dialog'));
  assert.equal(await unit.innerText(sel('materials-code')), LOW);
  await unit.setInputFiles(sel('materials-file'), [png('社会保险业务核定表.png'), pdf('单位参保情况说明.pdf')]);
  await unit.waitForSelector(`${sel('materials-message')}:has-text("已上传2份相关材料")`);
  assert.deepEqual(await unit.locator(sel('material-name')).allInnerTexts(), ['社会保险业务核定表.png', '单位参保情况说明.pdf']);
  await view(unit, `${sel('material-row')}:nth-child(1) ${sel('material-view')}`, 'image');
  await shot(unit, '2-materials');
  await unit.locator(`${sel('material-row')}:nth-child(2) ${sel('material-delete')}`).click();
  assert.match(await confirmIt(unit), /确定删除相关材料“单位参保情况说明.pdf”/);
  await unit.waitForFunction((s) => document.querySelectorAll(s).length === 1, sel('material-row'));
  await unit.click(sel('materials-close'));
  await standingIs(unit, LOW, '已上传');
  assert.equal((await unit.locator(sel('review-missing-item')).allInnerTexts()).length, 1);

  // 其他(如：社保封存等): the live preview names what is left at each keystroke, and lights
  // 提交职保会审核 once remark and attachment are there — before anything is saved.
  const saves = [];
  unit.on('request', (r) => { if (r.method() === 'PUT' && /\/no-ss-reason$/.test(r.url())) saves.push(r.url()); });
  await personRow.locator(sel('person-reason')).selectOption('other');
  await unit.waitForSelector(`${sel('person-problem')}:has-text("须填写备注")`);
  assert.ok(await unit.isDisabled(sel('review-submit')));
  await personRow.locator(sel('person-remark')).fill('社保封存');
  await unit.waitForSelector(`${sel('person-problem')}:has-text("须上传附件")`);
  assert.ok(await unit.isDisabled(sel('review-submit')));
  await personRow.locator(sel('person-file')).setInputFiles(pdf('社保封存证明.pdf'));
  await personRow.locator(sel('person-attachment')).waitFor();
  await unit.waitForFunction(() => !document.querySelector('[data-test="review-submit"]').disabled);
  assert.equal(await personRow.locator(sel('person-problem')).count(), 0);
  assert.equal(await unit.locator(sel('review-missing')).count(), 0);
  assert.equal(await personRow.locator(sel('person-unsaved')).count(), 1);
  assert.deepEqual(saves, [], 'the preview saved something');
  await shot(unit, '3-preview');
  await personRow.locator(sel('person-save')).click();
  await unit.waitForSelector(`${sel('review-message')}:has-text("已保存${UNMATCHED.name}的社保类型")`);
  assert.equal(saves.length, 1);
  assert.equal(await personRow.locator(sel('person-unsaved')).count(), 0);
  assert.equal(await personRow.locator(sel('person-reason-label')).innerText(), '其他(如：社保封存等)');

  // ② 信息确认无误，提交职保会审核 (confirmed).
  assert.match(await submitReview(unit), /确定提交职保会审核吗？/);
  assert.equal(await unit.innerText(sel('review-status')), '待审核');
  assert.equal(await unit.innerText(sel('wizard-status')), '职保会审核中');
  await unit.waitForSelector(sel('history-row'));
  assert.equal(await unit.innerText(sel('history-status')), '待审核');
  assert.ok(await unit.isDisabled(sel('review-submit')));
  await shot(unit, '4-submitted');

  // The reviewer: the menu counts the batch; the page shows the unit, the roster with its
  // results, the ratio table with the material to view, the person with the attachment.
  const reviewer = await newPage(browser);
  await loginAsReviewer(reviewer, BASE);
  await reviewer.waitForSelector(`${sel('menu-pending-reviews')}:has-text("1")`);
  await openFromQueue(reviewer, batchNo);
  assert.equal(await reviewer.innerText(sel('review-unit-name')), '上海示范精密机械有限公司');
  assert.equal(await reviewer.innerText(sel('review-unit-district')), '浦东新区总工会');
  assert.equal(await reviewer.innerText(sel('review-batch-method')), '缴费凭证参保');
  assert.match(await reviewer.innerText(sel('review-summary')), /数据校验结果：可代扣 \d+人/);
  await reviewer.waitForFunction((s) => document.querySelectorAll(s).length === 6, sel('result-row'));
  assert.equal(await reviewer.locator(sel('result-delete')).count(), 0, 'the reviewer may not change the roster');
  await reviewer.selectOption(sel('result-filter-outcome'), 'no_social_security');
  await reviewer.click(sel('result-search'));
  await reviewer.waitForFunction((s) => document.querySelectorAll(s).length === 1, sel('result-row'));
  assert.equal(await reviewer.innerText(`${sel('result-row')} ${sel('result-name')}`), UNMATCHED.name);
  await view(reviewer, `${sel('ratio-row')}[data-code="${LOW}"] ${sel('ratio-material-view')}`, 'image');
  const item = reviewer.locator(`${sel('unmatched-item')}[data-name="${UNMATCHED.name}"]`);
  assert.equal(await item.locator(sel('unmatched-remark')).innerText(), '社保封存');
  await view(reviewer, sel('unmatched-attachment-view'), 'pdf');
  await shot(reviewer, '5-reviewer');

  // 审核不通过 with a reason for the low code; nothing ticked is refused before sending.
  await reviewer.click(sel('decision-reject'));
  assert.match(await reviewer.innerText(sel('batch-review-error')), /请至少填写一条不通过原因/);
  const lowReasons = reviewer.locator(`${sel('decision-code')}[data-code="${LOW}"]`);
  await lowReasons.locator(`${sel('reason-option')}[value="${REASON}"]`).check();
  await reviewer.click(sel('decision-reject'));
  assert.match(await confirmIt(reviewer), /共1条不通过原因/);
  await reviewer.waitForSelector(`${sel('batch-review-message')}:has-text("已审核不通过")`);
  await reviewer.waitForSelector(sel('decision-panel'), { state: 'detached' });
  assert.equal(await reviewer.innerText(sel('history-status')), '审核不通过');
  assert.match(await reviewer.innerText(sel('history-reasons')), new RegExp(`社保编号 ${LOW}：${REASON}`));

  // The unit: 职保会审核不通过 in the list, 继续办理参保 leads to ⑤ with the reason per code.
  const listed = await batchRow(unit, batchNo);
  assert.equal(await listed.locator(sel('batch-status')).innerText(), '职保会审核不通过');
  assert.match(await listed.locator(sel('batch-status-hint')).innerText(), /点击继续办理参保/);
  await shot(unit, '6-list-rejected');
  await listed.locator(sel('batch-continue')).click();
  await unit.waitForSelector(sel('review-rejected'));
  assert.match(await unit.getAttribute(sel('step-5'), 'class'), /current/);
  assert.equal(await unit.innerText(sel('review-status')), '审核不通过');
  await unit.waitForSelector(sel('ratio-row'));
  assert.equal(await ratioRow(unit, LOW).locator(sel('ratio-review-status')).innerText(), '审核不通过');
  assert.equal(await ratioRow(unit, MET).locator(sel('ratio-review-status')).innerText(), '审核通过');
  assert.equal(await ratioRow(unit, MET).locator(sel('ratio-reasons')).count(), 0);
  await ratioRow(unit, LOW).locator(sel('ratio-reasons')).click();
  assert.match(await unit.innerText(sel('reasons-about')), new RegExp(LOW));
  assert.deepEqual(await unit.locator(sel('reasons-item')).allInnerTexts(), [REASON]);
  await shot(unit, '7-reasons');
  await unit.click(sel('reasons-close'));
  // A rejected batch's roster may be changed again on ③ and its results handled on ④ (a
  // change there needs 再次提交系统校验, which the server enforces); ② leads back here.
  await unit.click(sel('review-to-roster'));
  await unit.waitForSelector(sel('roster-panel'));
  assert.match(await unit.getAttribute(sel('step-3'), 'class'), /current/);
  assert.ok(await unit.isEnabled(sel('start-verification')));
  await unit.click(sel('wizard-results'));
  await unit.waitForSelector(sel('verification-summary'));
  await unit.click(sel('wizard-review'));
  await unit.waitForSelector(sel('review-rejected'));
  await unit.click(sel('review-to-results'));
  await unit.waitForSelector(sel('verification-summary'));
  assert.match(await unit.getAttribute(sel('step-4'), 'class'), /current/);
  await toReviewStep(unit);
  await unit.waitForSelector(sel('review-rejected'));
  await unit.waitForSelector(sel('ratio-row'));

  // The fix: another material for the code, then 提交职保会审核 again.
  await ratioRow(unit, LOW).locator(sel('ratio-upload')).click();
  await unit.setInputFiles(sel('materials-file'), png('社会保险业务核定表（盖章）.png'));
  await unit.waitForSelector(`${sel('materials-message')}:has-text("已上传1份相关材料")`);
  assert.equal(await unit.locator(sel('material-row')).count(), 2);
  await unit.click(sel('materials-close'));
  await submitReview(unit);
  assert.equal(await unit.innerText(sel('review-status')), '待审核');
  await unit.waitForFunction((s) => document.querySelectorAll(s).length === 2, sel('history-row'));

  // Two reviewer windows on the same submission: the first approves; the second, deciding
  // too, is told another reviewer has decided and sees the outcome.
  const second = await newPage(browser);
  await loginAsReviewer(second, BASE);
  await openFromQueue(second, batchNo);
  await openFromQueue(reviewer, batchNo);
  assert.equal(await reviewer.locator(`${sel('ratio-row')}[data-code="${LOW}"] ${sel('ratio-material-view')}`).count(), 2);
  assert.match(await approve(reviewer), /确定审核通过批次/);
  await reviewer.waitForSelector(sel('decision-panel'), { state: 'detached' });
  await second.click(sel('decision-approve'));
  await confirmIt(second);
  assert.match(await second.innerText(sel('batch-review-error')), /该批次已由其他审核员处理/);
  await second.waitForSelector(sel('decision-panel'), { state: 'detached' });
  await second.waitForSelector(`${sel('review-batch-status')}:text-is("职保会审核通过")`);
  await shot(second, '8-conflict');
  await reviewer.click(sel('menu-item-review-batches'));
  await reviewer.waitForSelector(`${sel('queue-table')} ${sel('table-empty')}`);
  assert.equal(await reviewer.locator(sel('menu-pending-reviews')).count(), 0);
  // The filters: both submissions are decided, on the demo clock's day, of a voucher batch of
  // the demo unit's district union; none was submitted the next day.
  await reviewer.selectOption(sel('queue-filter-status'), 'decided');
  await reviewer.selectOption(sel('queue-filter-district'), '浦东新区总工会');
  await reviewer.selectOption(sel('queue-filter-method'), 'voucher');
  await reviewer.fill(sel('queue-filter-from'), '2026-11-30');
  await reviewer.fill(sel('queue-filter-to'), '2026-11-30');
  await reviewer.click(sel('queue-search'));
  await reviewer.waitForFunction((s) => document.querySelectorAll(s).length === 2, sel('queue-row'));
  assert.deepEqual(await reviewer.locator(sel('queue-status')).allInnerTexts(), ['审核不通过', '审核通过']);
  await shot(reviewer, '10-queue');
  await reviewer.fill(sel('queue-filter-from'), '2026-12-01');
  await reviewer.fill(sel('queue-filter-to'), '2026-12-01');
  await reviewer.click(sel('queue-search'));
  await reviewer.waitForSelector(`${sel('queue-table')} ${sel('table-empty')}`);
  await reviewer.fill(sel('queue-filter-to'), '2026-11-29');
  await reviewer.click(sel('queue-search'));
  assert.match(await reviewer.innerText(sel('queue-error')), /起始日期不能晚于截止日期/);

  // The unit sees 职保会审核通过: the wizard goes on to 上传缴费凭证, ⑤'s record stays a click away.
  await unit.reload();
  await unit.waitForSelector(sel('voucher-confirm-block'));
  assert.match(await unit.getAttribute(sel('step-vouchers'), 'class'), /current/);
  await unit.click(sel('wizard-review-record'));
  await unit.waitForSelector(sel('review-approved'));
  assert.match(await unit.getAttribute(sel('step-5'), 'class'), /current/);
  assert.equal(await unit.innerText(sel('wizard-status')), '职保会审核通过');
  assert.equal(await unit.innerText(sel('review-status')), '审核通过');
  assert.deepEqual(await unit.locator(sel('history-status')).allInnerTexts(), ['审核不通过', '审核通过']);
  await shot(unit, '9-approved');
  await unit.click(sel('menu-item-batches'));
  await unit.waitForSelector(`${sel('batch-status')}:has-text("职保会审核通过")`);

  assert.deepEqual(unit.errors, []);
  assert.deepEqual(reviewer.errors, []);
  assert.deepEqual(second.errors, []);
  for (const page of [unit, reviewer, second]) await page.context().close();
});
