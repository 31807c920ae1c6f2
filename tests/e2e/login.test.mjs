// Browser test of the web UI's foundation: sign-in, the shell and its menu per
// role, sign-out, the language switch and the audit page. Debian's Chromium
// driven by playwright-core against a real `renda serve` with demo data
// (tests/lib/server.mjs); the server serves the built UI (make web).
//
// Screenshots land in build/check/ (not committed) for a human to look at.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { startServer, makeDataDir, Client } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(root, 'build', 'check');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

let server;
let browser;
let staffApi; // a Client signed in as staff
let congress = ''; // the congress's name from /api/health
const names = {}; // username -> display_name, from the API

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  // Fail fast, and clearly, when the UI was not built next to the binary.
  const home = await (await fetch(server.url + '/')).text();
  assert.match(home, /<div id="app">/, 'the server serves the built UI (run make web): ' + home.slice(0, 200));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Display names come from the server, not from this file.
  staffApi = new Client(server.url);
  const r = await staffApi.login('staff');
  assert.equal(r.status, 200, `staff login over the API: ${r.text}`);
  const users = await staffApi.req('GET', '/api/users');
  assert.equal(users.status, 200, users.text);
  for (const u of users.json.users) names[u.username] = u.display_name;
  congress = (await staffApi.req('GET', '/api/health')).json.congress || '';
});

after(async () => {
  await browser?.close();
  if (server) {
    const code = await server.stop();
    // A sanitizer report makes the server exit non-zero.
    assert.equal(code, 0, `server exit: ${server.stderr().slice(-4000)}`);
    server.cleanup();
  }
});

// A fresh browser context (no cookies, no localStorage) and page; uncaught
// page errors and CSP violations fail the test that opened it.
async function newPage(t) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The server's Content-Security-Policy must not block anything the UI does.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'uncaught errors in the page');
  });
  return page;
}

async function signIn(page, username, password = 'demo1234') {
  await page.goto(server.url + '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

const path = (page) => new URL(page.url()).pathname;

async function menuTexts(page) {
  const menu = page.locator('[data-test=menu]');
  await menu.waitFor();
  return (await menu.locator('li').allInnerTexts()).map((s) => s.trim());
}

test('the UI opens in Chinese at /login and switches to English', async (t) => {
  const page = await newPage(t);
  await page.goto(server.url + '/');
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByLabel('用户名').waitFor();
  await page.getByLabel('密码', { exact: true }).waitFor();
  await page.getByRole('button', { name: '登录' }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-login-zh.png') });

  await page.getByText('English', { exact: true }).click();
  await page.getByLabel('Username').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  // Remembered across a reload.
  await page.reload();
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Password', { exact: true }).waitFor();

  await page.getByText('中文', { exact: true }).click();
  await page.getByLabel('用户名').waitFor();
});

test('a wrong password shows the error in Chinese and stays on /login', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'staff', 'not-the-password');
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /用户名或密码错误/);
  assert.equal(path(page), '/login');
  // Still signed out: the shell is not reachable.
  await page.goto(server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/login');
});

test('staff signs in: shell with name, roles and the staff menu; sign-out returns to /login', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'staff');
  await page.waitForURL((u) => u.pathname === '/');
  const name = page.locator('[data-test=user-name]');
  await name.waitFor();
  assert.equal((await name.innerText()).trim(), names.staff);
  assert.match(await page.locator('[data-test=user-roles]').innerText(), /工作人员/);
  await page.locator('[data-test=welcome]').waitFor();
  assert.match(await page.locator('[data-test=welcome]').innerText(), new RegExp(`欢迎，${names.staff}`));

  if (congress) assert.match(await page.locator('[data-test=app-title]').innerText(), new RegExp(congress));
  const menu = await menuTexts(page);
  for (const item of ['首页', '会议', '选举', '议案建议', '社情民意', '代表履职', '审计', '用户']) {
    assert.ok(menu.includes(item), `staff menu has ${item}: ${JSON.stringify(menu)}`);
  }
  await page.screenshot({ path: join(SHOTS, 'e2e-shell-staff.png') });

  // A placeholder area and the real users page.
  await page.locator('[data-test=menu]').getByText('会议', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/floor');
  await page.locator('[data-test=page-floor]').waitFor();
  await page.locator('[data-test=menu]').getByText('用户', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/users');
  const table = page.locator('[data-test=users-table]');
  await table.getByText('daibiao01', { exact: true }).waitFor();
  // Live: an account created elsewhere appears without a reload (SSE user.created).
  await page.locator('[data-test=connection][data-connected=yes]').waitFor();
  const created = await staffApi.req('POST', '/api/users', {
    username: 'e2e_live', display_name: '测试代表', password: 'e2e-password', roles: ['delegate'],
  });
  assert.ok(created.status === 200 || created.status === 201, created.text);
  await table.getByText('e2e_live', { exact: true }).waitFor();
  await table.getByText('测试代表', { exact: true }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-users.png'), fullPage: true });

  // Sign out: back to /login, and the session is gone on the server too.
  await page.locator('[data-test=logout]').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.goto(server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/login');
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(me, 401);
});

test('a delegate sees the delegate menu, without users and audit', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'daibiao01');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=user-name]').waitFor();
  assert.equal((await page.locator('[data-test=user-name]').innerText()).trim(), names.daibiao01);
  assert.match(await page.locator('[data-test=user-roles]').innerText(), /代表/);
  const menu = await menuTexts(page);
  for (const item of ['首页', '会议', '选举', '议案建议']) {
    assert.ok(menu.includes(item), `delegate menu has ${item}: ${JSON.stringify(menu)}`);
  }
  assert.ok(!menu.includes('用户'), `delegate menu has no 用户: ${JSON.stringify(menu)}`);
  assert.ok(!menu.includes('审计'), `delegate menu has no 审计: ${JSON.stringify(menu)}`);
  // Typing the address of a staff page leads home.
  await page.goto(server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=page-home]').waitFor();
});

test('a session ended elsewhere sends the user to /login and back after signing in', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'staff');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=menu]').waitFor();
  // End this browser's session over the API, with its own cookie and token.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'renda_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
  const other = new Client(server.url);
  other.cookie = `renda_session=${cookie.value}`;
  other.csrf = (await other.req('GET', '/api/auth/me')).json.csrf_token;
  assert.equal((await other.req('POST', '/api/auth/logout')).status, 200);

  // The next call answers 401: the UI goes to /login, says why, remembers where it was.
  await page.locator('[data-test=menu]').getByText('用户', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/users');
  assert.match(await page.locator('[data-test=login-expired]').innerText(), /登录已失效/);
  await page.getByLabel('用户名').fill('staff');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/users');
  await page.locator('[data-test=users-table]').getByText('daibiao01', { exact: true }).waitFor();
});

test('the audit page lists the sign-in and shows the chain verified', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'staff');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=menu]').getByText('审计', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/audit');
  const table = page.locator('[data-test=audit-table]');
  // A row whose action names a login, by staff.
  const row = table.locator('tbody tr').filter({ hasText: /login/i }).filter({ hasText: 'staff' });
  await row.first().waitFor();
  const verify = page.locator('[data-test=audit-verify] [data-verify]');
  await verify.waitFor();
  assert.equal(await verify.getAttribute('data-verify'), 'ok', await verify.innerText());
  assert.match(await verify.innerText(), /审计链完整/);
  await page.screenshot({ path: join(SHOTS, 'e2e-audit.png'), fullPage: true });
});

test('an auditor sees a broken audit chain where it breaks', async (t) => {
  // Its own data, edited behind renda's back before the server starts (as
  // tests/api/cli.test.mjs does): drop the guard trigger, change entry 3.
  const dataDir = makeDataDir();
  const sql = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{\"username\":\"mallory\"}' WHERE id = 3;";
  const ed = spawnSync('sqlite3', [join(dataDir, 'renda.db'), sql], { encoding: 'utf8' });
  assert.equal(ed.status, 0, ed.stderr);
  const own = await startServer({ dataDir });
  t.after(async () => {
    await own.stop();
    own.cleanup();
  });
  const page = await newPage(t);
  await page.goto(own.url + '/login');
  await page.getByLabel('用户名').fill('shenji');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  const menu = await menuTexts(page);
  assert.ok(menu.includes('审计'), `auditor menu has 审计: ${JSON.stringify(menu)}`);
  assert.ok(!menu.includes('用户'), `auditor menu has no 用户: ${JSON.stringify(menu)}`);
  await page.locator('[data-test=menu]').getByText('审计', { exact: true }).click();
  const verify = page.locator('[data-test=audit-verify] [data-verify]');
  await verify.waitFor();
  assert.equal(await verify.getAttribute('data-verify'), 'broken', await verify.innerText());
  assert.match(await verify.innerText(), /审计链在第 3 条记录处断裂/);
  const row = page.locator('[data-test=audit-table] tbody tr.broken-row');
  await row.waitFor();
  assert.match(await row.innerText(), /mallory/);
  assert.equal(await page.locator('[data-test=audit-table] tbody tr.broken-row').count(), 1);
  await page.screenshot({ path: join(SHOTS, 'e2e-audit-broken.png') });
});

test('the header shows the live connection', async (t) => {
  const page = await newPage(t);
  await signIn(page, 'zhuxi');
  await page.waitForURL((u) => u.pathname === '/');
  const conn = page.locator('[data-test=connection][data-connected=yes]');
  await conn.waitFor();
  assert.match(await conn.innerText(), /实时连接正常/);
});

test('too many wrong passwords: the rate-limit message', async (t) => {
  // Its own server: the limit must not lock out the other tests.
  const own = await startServer();
  t.after(async () => {
    await own.stop();
    own.cleanup();
  });
  const c = new Client(own.url);
  let status = 0;
  for (let i = 0; i < 50 && status !== 429; i++) {
    status = (await c.login('staff', 'wrong-' + i)).status;
  }
  assert.equal(status, 429, 'the server limits sign-in attempts');
  const page = await newPage(t);
  await page.goto(own.url + '/login');
  await page.getByLabel('用户名').fill('staff');
  await page.getByLabel('密码', { exact: true }).fill('wrong-again');
  await page.getByRole('button', { name: '登录' }).click();
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /尝试次数过多/);
  assert.equal(path(page), '/login');
});

test('the live connection comes back after a server restart', async (t) => {
  // Its own server, stopped and started again on the same port and data.
  let own = await startServer();
  const dataDir = own.dataDir;
  const listen = new URL(own.url).host;
  t.after(async () => {
    await own.stop();
    own.cleanup();
  });
  const page = await newPage(t);
  await page.goto(own.url + '/login');
  await page.getByLabel('用户名').fill('zhuxi');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-test=connection][data-connected=yes]').waitFor();

  assert.equal(await own.stop(), 0, own.stderr().slice(-4000));
  await page.locator('[data-test=connection][data-connected=no]').waitFor();
  assert.match(await page.locator('[data-test=connection]').innerText(), /实时连接已断开/);

  own = await startServer({ dataDir, args: ['--listen', listen] });
  assert.equal(own.url, `http://${listen}`);
  await page.locator('[data-test=connection][data-connected=yes]').waitFor({ timeout: 30000 });
  // Still signed in (the session lives in the database), still in the shell.
  assert.equal((await page.locator('[data-test=user-name]').innerText()).trim(), names.zhuxi);
});
