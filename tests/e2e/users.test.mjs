// Browser test of the users page (staff): the list, creating an account with
// the server's field errors shown under the field in Chinese, and changing
// roles, including the server refusing to drop one's own staff role.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, openMenu, SHOTS } from './browser.mjs';

const env = useBrowser();

test('staff creates an account; bad and taken usernames are explained at the field', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  await openMenu(page, '用户', '/users');
  const table = page.locator('[data-test=users-table]');
  await table.getByText('daibiao01', { exact: true }).waitFor();

  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.locator('[data-test=user-create]');
  await dialog.locator('input[name=username]').fill('Bad Name');
  await dialog.locator('input[name=display_name]').fill('新代表');
  await dialog.locator('input[name=password]').fill('secret-123');
  await dialog.getByText('代表', { exact: true }).click();
  await dialog.getByText('承办单位', { exact: true }).click();
  await page.locator('[data-test=user-create-save]').click();
  await dialog.getByText('用户名须为', { exact: false }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-user-create-error.png') });

  await dialog.locator('input[name=username]').fill('daibiao01');
  await page.locator('[data-test=user-create-save]').click();
  await dialog.getByText('该用户名已被使用').waitFor();

  await dialog.locator('input[name=username]').fill('xin.daibiao');
  await page.locator('[data-test=user-create-save]').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.match(await page.locator('[data-test=users-notice]').innerText(), /已创建用户 xin\.daibiao/);
  const row = table.locator('tbody tr').filter({ hasText: 'xin.daibiao' });
  await row.waitFor();
  assert.match(await row.innerText(), /新代表/);
  assert.match(await row.innerText(), /代表/);
  assert.match(await row.innerText(), /承办单位/);

  // The new account can sign in over the API.
  const r = await fetch(env.server.url + '/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'xin.daibiao', password: 'secret-123' }),
  });
  assert.equal(r.status, 200);
});

test('staff changes roles, and cannot remove their own staff role', async (t) => {
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'staff');
  await openMenu(page, '用户', '/users');
  const table = page.locator('[data-test=users-table]');
  await table.getByText('danwei', { exact: true }).waitFor();

  await page.locator('[data-test=edit-roles-danwei]').click();
  const dialog = page.locator('[data-test=roles-dialog]');
  await dialog.getByText('代表', { exact: true }).click();
  await page.locator('[data-test=roles-dialog-save]').click();
  await dialog.waitFor({ state: 'hidden' });
  const row = table.locator('tbody tr').filter({ hasText: 'danwei' });
  await row.filter({ hasText: '代表' }).waitFor();
  assert.match(await row.innerText(), /承办单位/);

  await page.locator('[data-test=edit-roles-staff]').click();
  await dialog.getByText('工作人员', { exact: true }).click(); // untick
  await page.locator('[data-test=roles-dialog-save]').click();
  const err = page.locator('[data-test=roles-dialog-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /不能去掉自己的工作人员角色/);
  await page.screenshot({ path: join(SHOTS, 'e2e-roles-dialog-error.png') });
});
