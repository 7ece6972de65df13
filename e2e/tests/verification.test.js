// 提交系统校验 and 校验结果处理 in a real browser: import a roster, submit it, watch the progress
// bar reach the end, handle one anomaly of each kind (确认 a name mismatch, 编辑 a retirement
// month, 删除 a deceased person), 处理完成，再次提交系统校验, read the new summary and export
// the results; then a run that pauses while the social-security interface is down, is found
// again from the batch list, and goes on with 立即继续.
//
// Independent of the other files: this file starts its own simulator (no random anomalies,
// the people below pinned, social security answering slowly enough that progress shows) and
// its own server (own SQLite database, demo data, captcha check off, one call per person and
// one task worker so the chunks of 12 people run one after the other, the demo clock at 2026-11-30 10:00 Shanghai,
// inside plan year 2026's instant-enrollment window).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, sel } from './browser.js';
import { importRoster, screenshots } from './journeys.js';
import { OwnServers } from './processes.js';
import { downloadedText } from './xlsx.js';
import { loginAsOperator, openVoucherBatch, residentId } from './wizard.js';

// Beside the batches test's ports (E2E_PORT + 101, + 102) unless told otherwise.
const PORT = Number(process.env.E2E_VERIFICATION_PORT ?? Number(process.env.E2E_PORT ?? 18080) + 103);
const servers = new OwnServers('verification', PORT);
const BASE = servers.base;
const SIM = servers.sim;
const PASSWORD = 'Verify#2026';
const shot = screenshots('verification');

// 120 people: ten chunks of the verification. Four of them are pinned in the simulator.
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋'];
const PEOPLE = Array.from({ length: 120 }, (_, i) => ({
  name: `${SURNAMES[i % 12]}${GIVEN[Math.floor(i / 12)]}${'春夏秋冬'[i % 4]}`,
  id: residentId(i + 1),
  mobile: `1390000${String(i + 1).padStart(4, '0')}`,
}));
const MISMATCH = PEOPLE[0]; // 参保姓名和社保姓名不一致 → 确认
const SS_NAME = `${MISMATCH.name.slice(0, -1)}晖`;
const NO_MONTH = PEOPLE[1]; // 退休年月为空或值无效 → 编辑
const DECEASED = PEOPLE[2]; // 死亡 → 删除
const NOT_WITHHOLDABLE = PEOPLE[3]; // 校验通过, 不可代扣
const PINS = {
  social_security_persons: {
    [MISMATCH.id]: { name: SS_NAME },
    [NO_MONTH.id]: { retirement_month: '0000-00' },
    [DECEASED.id]: { status: 'deceased' },
  },
  pension: { [NOT_WITHHOLDABLE.id]: { withholdable: false } },
};

let browser;

async function sim(method, path, body) {
  const res = await fetch(`${SIM}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

before(async () => {
  await servers.start({
    pins: PINS,
    clock: '2026-11-30T10:00:00+08:00',
    // One call per person, so tasks of 12 people (with batch endpoints a task takes 200),
    // each call slower than the server's one event a second: the bar visibly moves
    // through every chunk.
    simulator: { SIM_SS_PERSONS_LATENCY_MS: '1500' },
    server: {
      RTP_TASKS__WORKERS: '1',
      RTP_INTERFACES__BATCH_ENDPOINTS: 'false',
      // An interface that is down fails at once, so the pause comes after seconds, not minutes.
      RTP_INTERFACES__SOCIAL_SECURITY_PERSONS__ATTEMPTS: '1',
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  servers.stop();
});

/** Records every state the progress bar shows, also between the test's own looks. */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.seenProgress = [];
    window.seenEta = false;
    const look = () => {
      const bar = document.querySelector('[data-test="verification-bar"]');
      if (bar) window.seenProgress.push([Number(bar.dataset.done), Number(bar.dataset.total)]);
      if (document.querySelector('[data-test="verification-eta"]')) window.seenEta = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/**
 * Starts a verification from `button` (confirmed) and waits until its results show; `during`
 * runs while the progress shows.
 */
async function verify(page, button, total, during) {
  await watchProgress(page);
  await page.click(sel(button));
  const question = await page.innerText(sel('confirm-message'));
  assert.match(question, /后台/);
  assert.match(question, /校验期间不能修改参保名单/);
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('verification-progress'));
  assert.match(await page.getAttribute(sel('step-4'), 'class'), /current/);
  if (during) await during();
  await page.waitForSelector(sel('verification-summary'), { timeout: 60000 });
  // Before the first event arrives the bar has nothing to say (0/0).
  const seen = (await page.evaluate(() => window.seenProgress)).filter(([, t]) => t > 0);
  assert.ok(seen.length > 0, 'the progress bar never showed');
  assert.ok(seen.every(([, t]) => t === total), JSON.stringify(seen));
  const dones = seen.map(([d]) => d);
  assert.ok(dones.every((d, i) => i === 0 || d >= dones[i - 1]), `progress went back: ${dones}`);
  assert.equal(Math.max(...dones), total, `the bar did not reach the end: ${dones}`);
  return { dones, eta: await page.evaluate(() => window.seenEta) };
}

/** Applies the 校验结果 filter and waits for `n` rows. */
async function byOutcome(page, outcome, n) {
  await page.selectOption(sel('result-filter-outcome'), outcome);
  await page.click(sel('result-search'));
  if (n === 0) {
    await page.waitForSelector(`${sel('results-table')} ${sel('table-empty')}`);
  } else {
    // The rows of the previous filter stay until the new ones arrive: wait for these.
    await page.waitForFunction(
      ([s, n, outcome]) => {
        const rows = [...document.querySelectorAll(s)];
        return rows.length === n && rows.every((r) => r.dataset.outcome === outcome);
      },
      [sel('result-row'), n, outcome],
    );
  }
}

test('a unit operator verifies a roster, handles each kind of anomaly, verifies again and exports', async () => {
  const page = await newPage(browser);
  await loginAsOperator(page, BASE, PASSWORD, { first: true });
  await openVoucherBatch(page);

  // ③ is disabled until there is a roster to check.
  assert.ok(await page.isDisabled(sel('start-verification')));
  await importRoster(page, PEOPLE);
  await shot(page, '1-roster');

  // ③ 提交系统校验: confirmed, then the bar moves through the ten chunks to 120/120.
  const first = await verify(page, 'start-verification', 120, async () => {
    await page.waitForSelector(sel('verification-eta'));
    assert.match(await page.innerText(sel('verification-state')), /名单校验中：已校验 \d+\/120 人，预计剩余时间：约\d+秒/);
    await shot(page, '2-running');
  });
  assert.ok(first.dones.some((d) => d > 0 && d < 120), `no progress between start and end: ${first.dones}`);
  assert.ok(first.eta, 'no 预计剩余时间 while running');
  assert.match(await page.innerText(sel('wizard-status')), /名单校验完成/);
  assert.equal(
    await page.innerText(sel('verification-summary')),
    '数据校验结果：可代扣 118人，不可代扣 1人，社保姓名与导入姓名不一致 1人',
  );
  assert.match(await page.innerText(sel('verification-blocking')), /尚有 3 人/);
  await page.waitForFunction((s) => document.querySelectorAll(s).length === 10, sel('result-row'));
  assert.ok((await page.locator(sel('result-id')).allInnerTexts()).every((id) => id.includes('*')));
  await shot(page, '3-results');

  // 情形1: the names differ. 异常核对 shows both; 确认 overwrites with the social-security name.
  await byOutcome(page, 'name_mismatch', 1);
  const mismatch = page.locator(sel('result-row')).first();
  assert.equal(await mismatch.locator(sel('result-name')).innerText(), MISMATCH.name);
  assert.match(await mismatch.locator(sel('result-ss-name')).innerText(), new RegExp(SS_NAME));
  assert.equal(await mismatch.locator(sel('result-outcome-label')).innerText(), '参保姓名和社保姓名不一致');
  assert.equal(await mismatch.locator(sel('result-must-delete')).innerText(), '否');
  await mismatch.locator(sel('result-name-check')).click();
  assert.equal(await page.innerText(sel('name-check-imported')), MISMATCH.name);
  assert.equal(await page.innerText(sel('name-check-ss')), SS_NAME);
  await shot(page, '4-name-check');
  await page.click(sel('name-check-confirm'));
  assert.match(await page.innerText(sel('confirm-message')), new RegExp(`“${SS_NAME}”覆盖导入姓名“${MISMATCH.name}”`));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(`${sel('verification-message')}:has-text("已确认")`);
  await byOutcome(page, 'name_mismatch', 0);

  // 情形3: no usable retirement month. 编辑 checks the month before it is sent.
  await byOutcome(page, 'retirement_month_invalid', 1);
  await page.locator(sel('result-row')).first().locator(sel('result-edit')).click();
  assert.equal(await page.innerText(sel('month-person')), NO_MONTH.name);
  await page.fill(sel('month-input'), '2015-13');
  await page.click(sel('month-save'));
  assert.match(await page.innerText(sel('month-error')), /年月格式不正确/);
  await page.fill(sel('month-input'), '1950-01');
  await page.click(sel('month-save'));
  assert.match(await page.innerText(sel('month-error')), /晚于出生日期/);
  await page.fill(sel('month-input'), '2015-01');
  await shot(page, '5-edit-month');
  await page.click(sel('month-save'));
  await page.waitForSelector(`${sel('verification-message')}:has-text("已修改退休年月")`);
  await byOutcome(page, 'retirement_month_invalid', 0);
  await byOutcome(page, 'retirement_month_edited', 1);
  const edited = page.locator(sel('result-row')).first();
  assert.equal(await edited.locator(sel('result-name')).innerText(), NO_MONTH.name);
  assert.equal(await edited.locator(sel('result-needs-check')).count(), 1);

  // 情形2: deceased. 删除 asks first; 取消 keeps the person.
  await byOutcome(page, 'deceased', 1);
  const deceased = page.locator(sel('result-row')).first();
  assert.equal(await deceased.locator(sel('result-deduction')).innerText(), '-');
  // 是否删除: a deceased person can only be deleted.
  assert.equal(await deceased.locator(sel('result-must-delete')).innerText(), '是');
  await deceased.locator(sel('result-delete')).click();
  assert.match(await page.innerText(sel('confirm-message')), new RegExp(`删除参保人员“${DECEASED.name}”`));
  await page.click(sel('confirm-cancel'));
  await page.waitForSelector(sel('confirm-dialog'), { state: 'detached' });
  await deceased.locator(sel('result-delete')).click();
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(`${sel('verification-message')}:has-text("已删除")`);
  await byOutcome(page, 'deceased', 0);
  await page.click(sel('result-reset'));
  await page.waitForFunction((s) => document.querySelectorAll(s).length === 10, sel('result-row'));
  assert.match(await page.innerText(sel('verification-unchecked')), /已处理 2 人/);

  // 处理完成，再次提交系统校验: only the two changed people are asked about again.
  await sim('DELETE', '/admin/stats');
  await verify(page, 'verify-again', 2);
  assert.equal(
    await page.innerText(sel('verification-summary')),
    '数据校验结果：可代扣 118人，不可代扣 1人，社保姓名与导入姓名不一致 0人',
  );
  const stats = await sim('GET', '/admin/stats');
  assert.equal(stats.interfaces.social_security_persons.items, 2);
  assert.equal(await page.locator(sel('verification-blocking')).count(), 0);
  await byOutcome(page, 'retirement_month_edited', 1);
  assert.equal(await page.locator(sel('result-needs-check')).count(), 0);
  await page.fill(sel('result-filter-name'), SS_NAME);
  await byOutcome(page, 'passed', 1);
  await page.click(sel('result-reset'));
  await page.selectOption(sel('result-filter-deduction'), 'not_withholdable');
  await page.click(sel('result-search'));
  await page.waitForFunction((s) => document.querySelectorAll(s).length === 1, sel('result-row'));
  assert.equal(await page.innerText(`${sel('result-row')} ${sel('result-name')}`), NOT_WITHHOLDABLE.name);
  await page.click(sel('result-reset'));
  await shot(page, '6-again');

  // 导出: the summary line and every person left, their results, the ID numbers masked.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('results-export'))]);
  assert.match(download.suggestedFilename(), /^校验结果_TXZY\d+\.xlsx$/);
  const text = await downloadedText(download);
  assert.ok(text.includes('数据校验结果：可代扣 118人，不可代扣 1人，社保姓名与导入姓名不一致 0人'), text.slice(0, 300));
  for (const column of ['姓名', '社保姓名', '证件类型', '证件号码', '代扣类型', '校验结果']) {
    assert.ok(text.includes(column), `export lacks ${column}`);
  }
  assert.ok(text.includes(SS_NAME) && text.includes('已经修改退休年月') && text.includes('不可代扣'));
  assert.ok(!text.includes(DECEASED.name), 'the deleted person is exported');
  assert.ok(!PEOPLE.some((p) => text.includes(p.id)), 'an ID number is exported unmasked');

  // Someone deletes a person in another window: this page's next change is refused as stale,
  // the banner offers the latest data, and the change then goes through.
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('rtp.session')).access_token);
  const batchPath = `/api/batches/${new URL(page.url()).pathname.split('/').pop()}`;
  const auth = { Authorization: `Bearer ${token}` };
  const [elsewhere, here] = [PEOPLE[10], PEOPLE[11]];
  const found = await (await fetch(`${BASE}${batchPath}/roster?name=${encodeURIComponent(elsewhere.name)}`, { headers: auth })).json();
  const { version } = await (await fetch(`${BASE}${batchPath}`, { headers: auth })).json();
  const gone = await fetch(`${BASE}${batchPath}/roster/${found.items[0].id}`, {
    method: 'DELETE',
    headers: { ...auth, 'If-Match': `"${version}"` },
  });
  assert.ok(gone.ok, await gone.text());
  await page.fill(sel('result-filter-name'), here.name);
  await page.click(sel('result-search'));
  await page.waitForFunction(([s, name]) => [...document.querySelectorAll(s)].map((e) => e.textContent).join() === name,
    [sel('result-name'), here.name]);
  await page.click(sel('result-delete'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(sel('verification-error'));
  await page.click(sel('reload-after-conflict'));
  await page.waitForFunction(() => !document.querySelector('[data-test="verification-error"]'));
  await page.click(sel('result-delete'));
  await page.click(sel('confirm-ok'));
  await page.waitForSelector(`${sel('verification-message')}:has-text("已删除")`);
  await page.waitForSelector(`${sel('results-table')} ${sel('table-empty')}`);
  // The summary is read again after the deletion: wait for it rather than read it at once.
  await page.waitForFunction((s) => /可代扣 116人/.test(document.querySelector(s)?.textContent ?? ''),
    sel('verification-summary'), { timeout: 10000 });
  assert.match(await page.innerText(sel('verification-summary')), /可代扣 116人/);
  await page.click(sel('result-reset'));

  // Back to ③ to add people (as the manual advises), and forward to ④ again.
  await page.click(sel('back-to-roster'));
  await page.waitForSelector(sel('roster-panel'));
  assert.match(await page.getAttribute(sel('step-3'), 'class'), /current/);
  await page.click(sel('wizard-results'));
  await page.waitForSelector(sel('verification-summary'));

  // Leaving and coming back shows the results again; 修改参保名单 opens ③.
  await page.click(sel('menu-item-batches'));
  await page.waitForSelector(sel('batch-row'));
  assert.match(await page.innerText(sel('batch-status')), /^名单校验完成$/);
  await page.click(sel('batch-continue'));
  await page.waitForSelector(sel('verification-summary'));
  assert.match(await page.innerText(sel('verification-summary')), /社保姓名与导入姓名不一致 0人/);
  await page.click(sel('menu-item-batches'));
  await page.click(sel('batch-edit-roster'));
  await page.waitForSelector(sel('roster-panel'));
  assert.ok(await page.isEnabled(sel('start-verification')));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a run pauses while social security is down, is found again from the list, and resumes', async () => {
  const page = await newPage(browser);
  await loginAsOperator(page, BASE, PASSWORD, { first: false });
  await openVoucherBatch(page);
  // Not the people of the first batch: a person is enrolled once a plan year.
  const others = [201, 202, 203].map((seq, i) => ({ name: `郑${GIVEN[i]}`, id: residentId(seq), mobile: `1390000${seq}0` }));
  await importRoster(page, others);

  await sim('PUT', '/admin/outage', { interface: 'social_security_persons', down: true });
  try {
    await page.click(sel('start-verification'));
    await page.click(sel('confirm-ok'));
    await page.waitForSelector(sel('verification-paused'), { timeout: 60000 });
    assert.match(await page.innerText(sel('verification-paused')), /校验暂停：外部接口暂不可用/);
    await shot(page, '7-paused');

    // The list shows the run's progress; its link leads back to the same paused run, followed
    // by polling when the event stream fails.
    await page.click(sel('menu-item-batches'));
    const row = page.locator(sel('batch-row')).first();
    await row.waitFor();
    assert.equal(await row.locator(sel('batch-status')).innerText(), '名单校验中 0/3');
    await shot(page, '8-list');
    await page.route(/\/verification\/events\?/, (route) => route.abort());
    const polls = [];
    page.on('request', (r) => { if (/\/verification$/.test(new URL(r.url()).pathname) && r.method() === 'GET') polls.push(r); });
    await row.locator(sel('batch-progress')).click();
    await page.waitForSelector(sel('verification-paused'));
    assert.equal(await page.getAttribute(sel('verification-bar'), 'data-total'), '3');
    assert.ok(polls.length > 0, 'no polling after the event stream failed');
  } finally {
    await sim('PUT', '/admin/outage', { interface: 'social_security_persons', down: false });
  }
  await page.click(sel('verification-resume'));
  await page.waitForSelector(sel('verification-summary'), { timeout: 30000 });
  assert.equal(
    await page.innerText(sel('verification-summary')),
    '数据校验结果：可代扣 3人，不可代扣 0人，社保姓名与导入姓名不一致 0人',
  );
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
