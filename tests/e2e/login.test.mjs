// Browser test of signing in and out: the login page in Chinese and English,
// wrong password and rate limiting, the shell and its menu per role,
// sign-out, and a session that ends while the user works.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, Client } from '../lib/server.mjs';
import { useBrowser, newPage, signIn, signedIn, pathOf, menuTexts, openMenu, SHOTS } from './browser.mjs';

const env = useBrowser();

test('the UI opens in Chinese at /login and switches to English', async (t) => {
  const page = await newPage(t, env.browser);
  await page.goto(env.server.url + '/');
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByLabel('用户名').waitFor();
  await page.getByLabel('密码', { exact: true }).waitFor();
  await page.getByRole('button', { name: '登录' }).waitFor();
  if (env.congress) {
    await page.locator('[data-test=login-title]').getByText(env.congress).waitFor();
    assert.match(await page.title(), new RegExp(env.congress));
  }
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
  const page = await newPage(t, env.browser);
  await signIn(page, env.server.url, 'staff', 'not-the-password');
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /用户名或密码错误/);
  assert.equal(pathOf(page), '/login');
  // Still signed out: the shell is not reachable.
  await page.goto(env.server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/login');
});

test('staff signs in: shell with name, roles and the staff menu; sign-out returns to /login', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  const name = page.locator('[data-test=user-name]');
  assert.equal((await name.innerText()).trim(), env.names.staff);
  assert.match(await page.locator('[data-test=user-roles]').innerText(), /工作人员/);
  assert.match(await page.locator('[data-test=welcome]').innerText(), new RegExp(`欢迎，${env.names.staff}`));
  if (env.congress) assert.match(await page.locator('[data-test=app-title]').innerText(), new RegExp(env.congress));

  const menu = await menuTexts(page);
  for (const item of ['首页', '会议', '代表名册', '报到签到', '选举', '议案建议', '社情民意', '代表履职', '审计', '用户']) {
    assert.ok(menu.includes(item), `staff menu has ${item}: ${JSON.stringify(menu)}`);
  }
  await page.screenshot({ path: join(SHOTS, 'e2e-shell-staff.png') });

  // 会议 leads staff to the presiding console; the users page.
  await openMenu(page, '会议', '/floor/console');
  await page.locator('[data-test=page-floor-console]').waitFor();
  await openMenu(page, '用户', '/users');
  await page.locator('[data-test=users-table]').getByText('daibiao01', { exact: true }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-users.png'), fullPage: true });

  // Sign out: back to /login, and the session is gone on the server too.
  await page.locator('[data-test=logout]').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.goto(env.server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/login');
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(me, 401);
});

test('a delegate sees the delegate menu, without users and audit', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'daibiao01');
  assert.equal((await page.locator('[data-test=user-name]').innerText()).trim(), env.names.daibiao01);
  assert.match(await page.locator('[data-test=user-roles]').innerText(), /代表/);
  const menu = await menuTexts(page);
  for (const item of ['首页', '会议', '选举', '议案建议']) {
    assert.ok(menu.includes(item), `delegate menu has ${item}: ${JSON.stringify(menu)}`);
  }
  assert.ok(!menu.includes('用户'), `delegate menu has no 用户: ${JSON.stringify(menu)}`);
  assert.ok(!menu.includes('审计'), `delegate menu has no 审计: ${JSON.stringify(menu)}`);
  assert.ok(!menu.includes('代表名册'), `delegate menu has no 代表名册: ${JSON.stringify(menu)}`);
  // 会议 leads a delegate to the voting device.
  await openMenu(page, '会议', '/floor/device');
  await page.locator('[data-test=page-floor-device]').waitFor();
  // Typing the address of a staff page leads home.
  await page.goto(env.server.url + '/users');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=page-home]').waitFor();
});

test('on a phone the menu opens over the page and closes after a choice', async (t) => {
  const page = await newPage(t, env.browser, { viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true });
  await signedIn(page, env.server.url, 'daibiao01');
  const menu = page.locator('[data-test=menu]');
  assert.equal(await menu.isVisible(), false, 'the menu starts closed on a phone');
  await page.getByRole('button', { name: '展开菜单' }).click();
  await menu.getByText('议案建议', { exact: true }).waitFor({ state: 'visible' });
  await page.screenshot({ path: join(SHOTS, 'e2e-phone-menu.png') });
  await menu.getByText('议案建议', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/suggestions/mine');
  await page.locator('[data-test=page-suggestions-mine]').waitFor();
  await menu.waitFor({ state: 'hidden' });
});

test('a session ended elsewhere sends the user to /login and back after signing in', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  // End this browser's session over the API, with its own cookie and token.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'renda_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
  const other = new Client(env.server.url);
  other.cookie = `renda_session=${cookie.value}`;
  other.csrf = (await other.req('GET', '/api/auth/me')).json.csrf_token;
  assert.equal((await other.req('POST', '/api/auth/logout')).status, 200);

  // The next call answers 401: the UI goes to /login, says why, remembers where it was.
  await openMenu(page, '用户', '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/users');
  assert.match(await page.locator('[data-test=login-expired]').innerText(), /登录已失效/);
  await page.getByLabel('用户名').fill('staff');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/users');
  await page.locator('[data-test=users-table]').getByText('daibiao01', { exact: true }).waitFor();
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
  const page = await newPage(t, env.browser);
  await signIn(page, own.url, 'staff', 'wrong-again');
  const alert = page.locator('[data-test=login-error]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /尝试次数过多/);
  assert.equal(pathOf(page), '/login');
});
