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

/**
 * A fresh page (own storage) with a long-enough default timeout for a cold wasm start.
 *
 * Every journey also checks what no page of the app may do: break the Content-Security-Policy
 * the server sends (a `securitypolicyviolation` event, or Chromium's console report of one —
 * the policy would be blocking something the SPA needs) or open a native `alert` / `confirm`
 * / `prompt` (the app asks in its own dialog). Closing the context fails the test on either.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const problems = [];
  await context.exposeBinding('__e2eCspViolation', (_source, text) => {
    problems.push(`violated its Content-Security-Policy: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
      window.__e2eCspViolation?.(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'}${where}`);
    });
  });
  context.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`logged a CSP violation: ${m.text()}`);
  });
  context.on('dialog', (d) => {
    problems.push(`opened a native ${d.type()} dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    if (problems.length > 0) throw new Error(`the app ${problems.join('; ')}`);
  };
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
