// Shared set-up of the browser tests: one real `renda serve` with demo data
// (tests/lib/server.mjs) and one Debian Chromium (playwright-core) per test
// file, a fresh browser context per test, and helpers that speak the UI's
// language (labels in Chinese, data-test hooks).
//
// Screenshots go to build/check/ (not committed) for a human to look at.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(root, 'build', 'check');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

/**
 * Registers before/after hooks for the calling test file and returns an
 * object they fill in: server, browser, staffApi (a Client signed in as
 * staff), names (username -> display name, from the server), congress
 * (the name /api/health reports).
 */
export function useBrowser() {
  const env = { server: null, browser: null, staffApi: null, names: {}, congress: '' };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env.server = await startServer();
    // Fail fast, and clearly, when the UI was not built next to the binary.
    const home = await (await fetch(env.server.url + '/')).text();
    assert.match(home, /<div id="app">/, 'the server serves the built UI (run make web): ' + home.slice(0, 200));
    env.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    env.staffApi = new Client(env.server.url);
    const r = await env.staffApi.login('staff');
    assert.equal(r.status, 200, `staff login over the API: ${r.text}`);
    const users = await env.staffApi.req('GET', '/api/users');
    assert.equal(users.status, 200, users.text);
    for (const u of users.json.users) env.names[u.username] = u.display_name;
    env.congress = (await env.staffApi.req('GET', '/api/health')).json.congress || '';
  });

  after(async () => {
    await env.browser?.close();
    if (env.server) {
      const code = await env.server.stop();
      // A sanitizer report makes the server exit non-zero.
      assert.equal(code, 0, `server exit: ${env.server.stderr().slice(-4000)}`);
      env.server.cleanup();
    }
  });

  return env;
}

/**
 * A page in a fresh browser context (no cookies, no localStorage), a desktop
 * screen unless options say otherwise (Playwright context options). Uncaught
 * page errors, Content-Security-Policy violations and message keys missing
 * from the UI's translations fail test t.
 */
export async function newPage(t, browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  t.after(async () => {
    // Every text the page asked for exists in the messages (zh-CN.ts / en.ts).
    const missing = page.isClosed() ? [] : await page.evaluate(() => window.__rendaMissingMessages ?? []).catch(() => []);
    await context.close();
    assert.deepEqual(errors, [], 'uncaught errors in the page');
    assert.deepEqual(missing, [], 'i18n keys missing from the messages');
  });
  return page;
}

/** Opens base/login and submits the form, in Chinese. Does not wait for the outcome. */
export async function signIn(page, base, username, password = DEMO_PASSWORD) {
  await page.goto(base + '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in and waits for the shell. */
export async function signedIn(page, base, username) {
  await signIn(page, base, username);
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=user-name]').waitFor();
}

export const pathOf = (page) => new URL(page.url()).pathname;

/** Waits until the locator's text equals want (string) or matches it (RegExp);
 * returns the text. Fails naming what it waited for and the last text seen. */
export async function waitText(loc, want, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await loc.innerText({ timeout: 1000 }).catch(() => null);
    if (last !== null && (typeof want === 'string' ? last.trim() === want : want.test(last))) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`waited for ${want} in ${loc}; last text: ${JSON.stringify(last)}`);
}

/** The side menu's entries, as shown. */
export async function menuTexts(page) {
  const menu = page.locator('[data-test=menu]');
  await menu.waitFor();
  return (await menu.locator('li').allInnerTexts()).map((s) => s.trim());
}

/** Clicks a side-menu entry by its label and waits for the path. */
export async function openMenu(page, label, path) {
  await page.locator('[data-test=menu]').getByText(label, { exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
}
