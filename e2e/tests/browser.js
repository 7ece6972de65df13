// Shared browser set-up: Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:18080';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh page (own storage) with a long-enough default timeout for a cold wasm start. */
export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

export const sel = (name) => `[data-test="${name}"]`;

/** Fills the login form; the e2e server runs with the captcha check off, so any answer works. */
export async function login(page, account, password) {
  await page.goto(`${BASE_URL}/login`);
  await page.waitForSelector(sel('captcha-image'));
  await page.fill(sel('login-account'), account);
  await page.fill(sel('login-password'), password);
  await page.fill(sel('login-captcha'), 'abcd');
  await page.click(sel('login-submit'));
}

/**
 * Fails unless the text of `selector` stands out from what is behind it (WCAG contrast ratio
 * of at least 3, the minimum for large or bold text), so no button is white on white.
 */
export async function assertReadable(page, selector) {
  const ratio = await page.$eval(selector, (el) => {
    const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let back = null;
    for (let node = el; node && !back; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) back = c;
    }
    back ??= [255, 255, 255];
    const [a, b] = [luminance(rgba(getComputedStyle(el).color)), luminance(back)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  if (ratio < 3) throw new Error(`${selector} is hard to read (contrast ${ratio.toFixed(2)})`);
}
