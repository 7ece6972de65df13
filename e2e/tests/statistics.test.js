// 统计 in a real browser: the reviewer opens 统计 from the menu, sees the counters, the bar
// charts (SVG) with their tables beside them, the table of units enrolled last year and not
// yet this one, and exports the same figures as xlsx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, login, sel } from './browser.js';
import { downloadedText } from './xlsx.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a reviewer reads the plan year in charts and tables and exports it', async () => {
  const page = await newPage(browser);
  await login(page, 'shenhe01', 'Shenhe@2025');
  await page.waitForSelector(sel('menu-reviewer'));
  // The home page's counters of the plan year (the manual's 首页 figures).
  await page.waitForSelector(sel('home-counters'));
  const homePeople = await page.innerText(`${sel('home-people')} .counter-value`);
  assert.match(homePeople, /^\d+人$/);
  await page.click(sel('menu-item-review-statistics'));
  await page.waitForSelector(sel('statistics-page'));
  const heading = await page.waitForSelector(sel('statistics-heading'));
  const year = (await heading.innerText()).match(/(\d{4})年度/)?.[1];
  assert.ok(year, await heading.innerText());

  // Every status is a bar of the funnel, in the manual's words.
  const funnel = page.locator(`${sel('chart-funnel')} ${sel('chart-bar')}`);
  assert.equal(await funnel.count(), 13);
  const labels = await funnel.evaluateAll((bars) => bars.map((b) => b.getAttribute('data-label')));
  assert.ok(labels.includes('职保会审核中') && labels.includes('凭证审核通过'), labels.join(','));

  // Beside the bars, how long batches stay in each step: a duration where batches left the
  // status, a dash where none did (the numbers themselves are checked by the API tests).
  const steps = page.locator(`${sel('table-funnel')} ${sel('funnel-row')}`);
  assert.equal(await steps.count(), 13);
  const cells = await steps.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText)));
  for (const [label, , stays, mean, median] of cells) {
    if (Number(stays) > 0) {
      assert.match(mean, /^\d+(\.\d)?(分钟|小时|天)$/, label);
      assert.match(median, /^\d+(\.\d)?(分钟|小时|天)$/, label);
    } else {
      assert.deepEqual([stays, mean, median], ['0', '-', '-'], label);
    }
  }

  // The district bars add up to the year's total, and the table beside says the same.
  const total = Number((await page.innerText(`${sel('counter-total')} .counter-value`)).replace('人', ''));
  assert.equal(`${total}人`, homePeople, 'the home page and 统计 agree');
  const bars = await page.locator(`${sel('chart-district')} ${sel('chart-bar')}`)
    .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
  assert.equal(bars.reduce((a, b) => a + b, 0), total);
  assert.equal(await page.locator(`${sel('table-district')} ${sel('figures-row')}`).count(), bars.length);

  // The units to remind (last year's, not yet this year's) have their table.
  await page.waitForSelector(sel('table-lapsed'));
  // No table is blank: each lists its rows or says 暂无数据.
  for (const table of ['table-district', 'table-day', 'table-kind', 'table-lapsed']) {
    const rows = await page.locator(`${sel(table)} tbody tr`).allInnerTexts();
    assert.ok(rows.length > 0, `${table} shows nothing`);
    if (rows.some((r) => r.includes('暂无数据'))) assert.equal(rows.length, 1, table);
  }

  // A year that is not a number is refused before anything is sent.
  await page.fill(sel('statistics-year'), '二〇二六');
  await page.click(sel('statistics-search'));
  await page.waitForSelector(sel('statistics-error'));
  await page.fill(sel('statistics-year'), year);
  await page.click(sel('statistics-search'));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(sel('statistics-export')),
  ]);
  assert.equal(download.suggestedFilename(), `统计_${year}.xlsx`);
  const text = await downloadedText(download);
  for (const expected of ['保障年度', '参保人数', '所属区局工会', '批次数', '平均停留', '凭证审核通过', year]) {
    assert.ok(text.includes(expected), `${expected} in the export`);
  }
  await page.context().close();
});
