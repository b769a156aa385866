// What every browser test file shares: the server under test, the browser,
// the page's words, plain API calls and the accessibility check.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const BASE = (process.env.VIDBUDOVA_URL ?? '').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!BASE && process.env.CI) throw new Error('VIDBUDOVA_URL is not set: start the server (make e2e) first');
export const skip = BASE ? false : 'VIDBUDOVA_URL is not set; run through the Makefile, which starts a real server';

const words = (lang) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, `../src/i18n/${lang}.json`), 'utf8'));
export const uk = words('uk');
export const en = words('en');

/** account is a role's e2e account from the environment make test fills. */
export const account = (role) => ({
  email: process.env[`VIDBUDOVA_E2E_${role}_EMAIL`] ?? '',
  password: process.env[`VIDBUDOVA_E2E_${role}_PASSWORD`] ?? '',
});

/** launch starts Debian's Chromium headless; out, if given, is made for screenshots. */
export async function launch(out) {
  if (out) fs.mkdirSync(out, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** api calls the server without a browser. */
export async function api(p, init) {
  const res = await fetch(BASE + p, init);
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body };
}

/** wcag lists what axe finds against WCAG 2.1 AA on the page as it is now. */
export async function wcag(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
