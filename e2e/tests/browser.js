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
