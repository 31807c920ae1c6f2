// Browser test of the audit page: the log with the sign-in in it, the chain
// verified, and a chain broken behind renda's back shown where it breaks.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, makeDataDir } from '../lib/server.mjs';
import { useBrowser, newPage, signedIn, menuTexts, openMenu, SHOTS } from './browser.mjs';

const env = useBrowser();

test('the audit page lists the sign-in and shows the chain verified', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  await openMenu(page, '审计', '/audit');
  const table = page.locator('[data-test=audit-table]');
  // A row whose action names a login, by staff.
  const row = table.locator('tbody tr').filter({ hasText: /auth\.login/ }).filter({ hasText: 'staff' });
  await row.first().waitFor();
  assert.match(await row.first().innerText(), /登录/);
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
  const page = await newPage(t, env.browser);
  await signedIn(page, own.url, 'shenji');
  const menu = await menuTexts(page);
  assert.ok(menu.includes('审计'), `auditor menu has 审计: ${JSON.stringify(menu)}`);
  assert.ok(!menu.includes('用户'), `auditor menu has no 用户: ${JSON.stringify(menu)}`);
  await openMenu(page, '审计', '/audit');
  const verify = page.locator('[data-test=audit-verify] [data-verify]');
  await verify.waitFor();
  assert.equal(await verify.getAttribute('data-verify'), 'broken', await verify.innerText());
  assert.match(await verify.innerText(), /审计链在第 3 条记录处断裂/);
  const row = page.locator('[data-test=audit-table] tbody tr.broken-row');
  await row.waitFor();
  assert.match(await row.innerText(), /mallory/);
  assert.equal(await row.count(), 1);
  await page.screenshot({ path: join(SHOTS, 'e2e-audit-broken.png') });
});
