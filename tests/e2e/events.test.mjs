// Browser test of live updates: the header's connection indicator, a page
// that changes on an event without a reload, and recovery after the server
// restarts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { useBrowser, newPage, signedIn, openMenu } from './browser.mjs';

const env = useBrowser();

test('the header shows the live connection', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'zhuxi');
  const conn = page.locator('[data-test=connection][data-connected=yes]');
  await conn.waitFor();
  assert.match(await conn.innerText(), /实时连接正常/);
});

test('an account created elsewhere appears on the users page without a reload', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  await openMenu(page, '用户', '/users');
  const table = page.locator('[data-test=users-table]');
  await table.getByText('daibiao01', { exact: true }).waitFor();
  await page.locator('[data-test=connection][data-connected=yes]').waitFor();
  const created = await env.staffApi.req('POST', '/api/users', {
    username: 'e2e_live', display_name: '测试代表', password: 'e2e-password', roles: ['delegate'],
  });
  assert.ok(created.status === 200 || created.status === 201, created.text);
  await table.getByText('e2e_live', { exact: true }).waitFor();
  await table.getByText('测试代表', { exact: true }).waitFor();
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
  const page = await newPage(t, env.browser);
  await signedIn(page, own.url, 'zhuxi');
  await page.locator('[data-test=connection][data-connected=yes]').waitFor();

  assert.equal(await own.stop(), 0, own.stderr().slice(-4000));
  await page.locator('[data-test=connection][data-connected=no]').waitFor();
  assert.match(await page.locator('[data-test=connection]').innerText(), /实时连接已断开/);

  own = await startServer({ dataDir, args: ['--listen', listen] });
  assert.equal(own.url, `http://${listen}`);
  await page.locator('[data-test=connection][data-connected=yes]').waitFor({ timeout: 30000 });
  // Still signed in (the session lives in the database), still in the shell.
  assert.equal((await page.locator('[data-test=user-name]').innerText()).trim(), env.names.zhuxi);
});
