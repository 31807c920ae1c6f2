// Browser test of a suggestion's whole life (issue 6), every step in the UI:
// a delegate (daibiao01, on a phone) submits a suggestion; staff create a
// second handling unit on the units page and assign the suggestion to
// 县交通运输局 (lead) with 县财政局 assisting; the assisting unit sees the
// item read-only (no reply form, no return or extension); the lead unit signs
// in, finds it in its inbox and replies (列入计划); the delegate rates 不满意 with a reason
// and the item shows 重新办理; the unit replies again (已解决或部分解决); the
// delegate rates 满意 and the item shows 已办结, with every step on the
// timeline. Also: another delegate opens an item by its link, reads its title
// and content and co-signs it (附议); the office's overdue filter; a unit's
// extension request refused (不批准延期) and its return request. Who may do
// what comes from the server's `viewer` object, not from names.
// The lead unit and its account are set up over the API, as in
// tests/api/suggestions.test.mjs. Screenshots of the delegate's detail page
// (phone) and the unit's inbox go to build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signIn, signedIn, openMenu, pathOf, waitText, SHOTS } from './browser.mjs';
import { Client } from '../lib/server.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stateOf = (p) => p.locator('[data-test=page-suggestion] .head [data-test=suggestion-state]');

/** Signs in a handling unit's account (its own password) and waits for the shell. */
async function unitSignedIn(page, username) {
  await signIn(page, env.server.url, username, 'password1');
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('[data-test=user-name]').waitFor();
}

/** Opens the menu on a phone, then 议案建议. */
async function phoneMenu(page, label, path) {
  await page.getByRole('button', { name: '展开菜单' }).click();
  await openMenu(page, label, path);
}

/** Picks an option of an Element Plus select by its text and waits for the list to close. */
async function choose(page, select, text, { multiple = false } = {}) {
  await page.locator(`[data-test=${select}]`).click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').filter({ hasText: text }).click();
  if (multiple) await page.keyboard.press('Escape');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await page.locator('.el-select__popper:visible').count()) > 0) await sleep(50);
}

/** The lead unit and its account, over the API (once; the tests share the server). */
let unitMade = false;
async function leadUnit() {
  if (unitMade) return;
  const r = await env.staffApi.req('POST', '/api/units', { name: '县交通运输局', username: 'jtj', password: 'password1' });
  assert.equal(r.status, 201, r.text);
  unitMade = true;
}

test('a suggestion from submission to 已办结: assign, reply, 不满意, rehandling, reply, 满意', async (t) => {
  const base = env.server.url;
  const title = '关于改善城关镇至河口镇道路的建议';
  await leadUnit();

  // The delegate, on a phone: 议案建议 → 我的建议 → 提出建议.
  const dele = await newPage(t, env.browser, PHONE);
  await signedIn(dele, base, 'daibiao01');
  await phoneMenu(dele, '议案建议', '/suggestions/mine');
  await dele.locator('[data-test=page-suggestions-mine]').waitFor();
  await dele.locator('[data-test=suggestion-new]').click();
  await dele.waitForURL((u) => u.pathname === '/suggestions/new');
  // Nothing filled in: the form says what is missing and sends nothing.
  await dele.locator('[data-test=new-submit]').click();
  await waitText(dele.locator('.el-form-item__error').first(), '必填');
  await dele.locator('[data-test=new-title]').fill(title);
  await dele.locator('[data-test=new-content]').fill('城关镇至河口镇道路年久失修，雨季积水严重，建议列入维修计划。');
  await dele.locator('[data-test=new-category]').fill('交通');
  await dele.locator('[data-test=new-submit]').click();
  await dele.waitForURL((u) => /^\/suggestions\/\d+$/.test(u.pathname));
  const id = Number(pathOf(dele).split('/').pop());
  await waitText(dele.locator('[data-test=detail-title]'), title);
  await waitText(stateOf(dele), '待交办');
  assert.equal((await dele.locator('[data-test=detail-proposers]').innerText()).trim(), env.names.daibiao01);
  const submitted = (await waitText(dele.locator('[data-test=detail-submitted]'), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/)).trim();
  assert.equal(await dele.locator('[data-test=cosign]').count(), 0, 'a proposer is not offered 附议');
  // Back in 我的建议 the item is listed with its state and when it was submitted.
  await dele.locator('.back').click();
  await waitText(dele.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '待交办');
  await waitText(dele.locator(`[data-test=suggestion-${id}] [data-test=suggestion-submitted]`), `提出时间：${submitted}`);

  // Staff: a second unit on the units page, then 交办 with lead and assisting units.
  const staff = await newPage(t, env.browser);
  await signedIn(staff, base, 'staff');
  await openMenu(staff, '承办单位', '/suggestions/units');
  await staff.locator('input[name=name]').fill('县财政局');
  await staff.locator('input[name=username]').fill('czj');
  await staff.locator('input[name=password]').fill('password1');
  await staff.locator('[data-test=unit-create]').click();
  await waitText(staff.locator('[data-test=unit-created]'), /已创建承办单位 县财政局/);
  await staff.locator('[data-test=page-suggestions-units]').getByText('县财政局', { exact: true }).waitFor();
  await openMenu(staff, '议案建议', '/suggestions/office');
  await waitText(staff.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '待交办');
  await staff.locator(`[data-test=suggestion-${id}]`).click();
  await staff.waitForURL((u) => u.pathname === `/suggestions/${id}`);
  await staff.locator('[data-test=assign-submit]').click();
  await waitText(staff.locator('[data-test=office-actions] .el-alert__title'), '请选择主办单位');
  await choose(staff, 'assign-lead', '县交通运输局');
  await choose(staff, 'assign-assisting', '县财政局', { multiple: true });
  await staff.locator('[data-test=assign-submit]').click();
  await waitText(stateOf(staff), '已交办');
  await waitText(staff.locator('[data-test=detail-lead]'), '县交通运输局');
  await waitText(staff.locator('[data-test=detail-assisting]'), '县财政局');
  const due = (await waitText(staff.locator('[data-test=detail-due]'), /\d{4}-\d{2}-\d{2}/)).match(/\d{4}-\d{2}-\d{2}/)[0];

  // The delegate's list follows by itself (suggestion.changed); the detail shows the units.
  await waitText(dele.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '已交办');
  await dele.locator(`[data-test=suggestion-${id}]`).click();
  await dele.waitForURL((u) => u.pathname === `/suggestions/${id}`);
  await waitText(stateOf(dele), '已交办');
  await waitText(dele.locator('[data-test=detail-lead]'), '县交通运输局');

  // The unit: its inbox, sorted by due date; the reply (列入计划).
  // The unit's browser lives ten days before the due date: 即将到期 (the
  // server's dates stay real; only "today" in the page moves).
  const unit = await newPage(t, env.browser);
  await unit.clock.setFixedTime(new Date(Date.parse(`${due}T12:00:00+08:00`) - 10 * 86400000));
  await unitSignedIn(unit, 'jtj');
  await openMenu(unit, '议案建议', '/suggestions/inbox');
  const row = unit.locator(`[data-test=suggestion-${id}]`);
  await waitText(row.locator('[data-test=suggestion-title]'), title);
  await waitText(row.locator('[data-test=suggestion-state]'), '已交办');
  await waitText(row.locator('[data-test=suggestion-due]'), `答复期限：${due}`);
  await waitText(row.locator('[data-test=suggestion-submitted]'), `提出时间：${submitted}`);
  await waitText(row.locator('[data-test=due-soon]'), '即将到期');
  await waitText(unit.locator('[data-test=inbox-summary]'), /即将到期 1 件/);
  await unit.screenshot({ path: join(SHOTS, 'e2e-suggestions-inbox.png'), fullPage: true });

  // The assisting unit (县财政局) sees the item, but the reply is the lead's:
  // no reply form, no 申请退回 or 申请延期.
  const assisting = await newPage(t, env.browser);
  await unitSignedIn(assisting, 'czj');
  await openMenu(assisting, '议案建议', '/suggestions/inbox');
  await assisting.locator(`[data-test=suggestion-${id}]`).click();
  await assisting.waitForURL((u) => u.pathname === `/suggestions/${id}`);
  await waitText(assisting.locator('[data-test=detail-title]'), title);
  await waitText(assisting.locator('[data-test=unit-actions]'), /本单位为协办单位，由主办单位答复。/);
  for (const what of ['reply-form', 'unit-return', 'unit-extension', 'office-actions', 'rate-form', 'cosign']) {
    assert.equal(await assisting.locator(`[data-test=${what}]`).count(), 0, `no ${what} for the assisting unit`);
  }

  await row.click();
  await unit.waitForURL((u) => u.pathname === `/suggestions/${id}`);
  assert.equal(await unit.locator('[data-test=unit-actions] .muted').filter({ hasText: '协办' }).count(), 0, 'the lead is not told it assists');
  await unit.locator('[data-test=reply-cat-planned]').click();
  await unit.locator('[data-test=reply-content]').fill('已将该路段列入明年道路维修计划，预计2027年6月完工。');
  await unit.locator('[data-test=reply-signed-by]').fill('王局长');
  await unit.locator('[data-test=reply-submit]').click();
  await waitText(stateOf(unit), '已答复');
  await waitText(unit.locator('[data-test=reply-1] [data-test=reply-category]'), '列入计划');

  // The delegate rates 不满意: a reason is required, then 重新办理.
  await waitText(stateOf(dele), '已答复');
  await waitText(dele.locator('[data-test=reply-1] [data-test=reply-category]'), '列入计划');
  await dele.locator('[data-test=rate-dissatisfied]').click();
  await dele.locator('[data-test=rate-submit]').click();
  await waitText(dele.locator('[data-test=rate-form] .el-form-item__error'), '不满意须填写理由');
  await dele.locator('[data-test=rate-reason]').fill('完工时间太晚，雨季前应先处理积水路段。');
  await dele.locator('[data-test=rate-submit]').click();
  await waitText(stateOf(dele), '重新办理');
  assert.equal(await dele.locator('[data-test=rate-form]').count(), 0, 'no rating form while rehandling');
  await waitText(dele.locator('[data-test=reply-1] [data-test=reply-rating]'), /不满意[\s\S]*雨季前应先处理积水路段/);

  // The unit replies again (已解决或部分解决).
  await waitText(stateOf(unit), '重新办理');
  await unit.locator('[data-test=reply-cat-solved]').click();
  await unit.locator('[data-test=reply-content]').fill('积水路段已于本月完成排水改造，全线维修提前至今年完成。');
  await unit.locator('[data-test=reply-signed-by]').fill('王局长');
  await unit.locator('[data-test=reply-submit]').click();
  await waitText(stateOf(unit), '已答复');

  // The delegate rates 满意: 已办结, and the timeline has every step.
  await waitText(stateOf(dele), '已答复');
  await waitText(dele.locator('[data-test=reply-2] [data-test=reply-category]'), '已解决或部分解决');
  await waitText(dele.locator('[data-test=rate-form] h3'), '评价第 2 次答复');
  await dele.locator('[data-test=rate-satisfied]').click();
  await dele.locator('[data-test=rate-submit]').click();
  await waitText(stateOf(dele), '已办结');
  assert.equal(await dele.locator('[data-test=rate-form]').count(), 0, 'rated once per round');
  const steps = await dele.locator('[data-test=suggestion-timeline] [data-test=timeline-action]').allInnerTexts();
  assert.deepEqual(steps.map((s) => s.trim()), [
    '提出建议', '交办', '答复', '代表评价不满意，重新办理', '答复', '代表评价，办结',
  ]);
  const timeline = await dele.locator('[data-test=suggestion-timeline]').innerText();
  for (const who of ['daibiao01', 'staff', 'jtj']) assert.match(timeline, new RegExp(`办理人：${who}`));
  assert.match(timeline, /待交办 → 已交办/);
  assert.match(timeline, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/, 'every step says when');
  // The page scrolls inside the shell: a tall phone screen shows all of it.
  await dele.setViewportSize({ width: 390, height: 2400 });
  await dele.screenshot({ path: join(SHOTS, 'e2e-suggestions-detail-phone.png') });
  await dele.setViewportSize(PHONE.viewport);

  // The unit's inbox moves it to 已办结; staff see 已办结 in the list.
  await unit.goto(base + '/suggestions/inbox');
  await waitText(unit.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '已办结');
  await staff.goto(base + '/suggestions/office');
  await waitText(staff.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '已办结');
});

test('another delegate reads an item by link and co-signs; the office filters; the unit\'s extension is refused, its return approved', async (t) => {
  const base = env.server.url;
  await leadUnit();
  const d1 = new Client(base);
  await d1.login('daibiao01');
  const r = await d1.req('POST', '/api/suggestions', { title: '关于增设城区公交线路的建议', content: '建议增设城区至工业园区公交线路。', category: '交通' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.suggestion.id;

  // daibiao02 opens the link: the item is not theirs yet; they read its
  // title and content (read-only) and 附议 is offered.
  const d2 = await newPage(t, env.browser, PHONE);
  await signedIn(d2, base, 'daibiao02');
  await d2.goto(`${base}/suggestions/${id}`);
  await d2.locator('[data-test=cosign-card]').waitFor();
  await waitText(d2.locator('[data-test=detail-title]'), '关于增设城区公交线路的建议');
  await waitText(d2.locator('[data-test=cosign-card] [data-test=detail-content]'), '建议增设城区至工业园区公交线路。');
  await waitText(d2.locator('[data-test=cosign-card] [data-test=detail-proposers]'), env.names.daibiao01);
  await waitText(d2.locator('[data-test=cosign-card] [data-test=detail-submitted]'), /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  for (const what of ['suggestion-timeline', 'rate-form', 'office-actions', 'unit-actions']) {
    assert.equal(await d2.locator(`[data-test=${what}]`).count(), 0, `a reader sees no ${what}`);
  }
  await d2.screenshot({ path: join(SHOTS, 'e2e-suggestions-cosign-phone.png') });
  await d2.locator('[data-test=cosign]').click();
  await d2.locator('[data-test=suggestion-timeline]').waitFor();
  assert.equal(await d2.locator('[data-test=cosign]').count(), 0, 'co-signed: no more 附议');
  await waitText(d2.locator('[data-test=detail-title]'), '关于增设城区公交线路的建议');
  await waitText(d2.locator('[data-test=detail-cosigners]'), env.names.daibiao02);
  await waitText(d2.locator('[data-test=suggestion-timeline]'), /附议[\s\S]*办理人：daibiao02/);

  const units = (await env.staffApi.req('GET', '/api/units')).json.units;
  const jtj = units.find((u) => u.name === '县交通运输局').id;
  const a = await env.staffApi.req('POST', `/api/suggestions/${id}/assign`, { lead_unit_id: jtj });
  assert.equal(a.status, 200, a.text);
  const due = a.json.suggestion.due_on;

  // The office's browser lives a day after the due date: the item is 已超期,
  // highlighted, and 只看已超期 keeps it.
  const staff = await newPage(t, env.browser);
  await staff.clock.setFixedTime(new Date(Date.parse(`${due}T12:00:00+08:00`) + 86400000));
  await signedIn(staff, base, 'staff');
  await staff.goto(`${base}/suggestions/office`);
  const late = staff.locator(`[data-test=suggestion-${id}]`);
  await waitText(late.locator('[data-test=due-overdue]'), '已超期');
  assert.match(await late.getAttribute('class'), /overdue/);
  await staff.locator('[data-test=office-filter-overdue]').click();
  await late.waitFor();
  assert.equal(await staff.locator('[data-test=page-suggestions-office] .row').count(), 1, 'only the overdue one');
  // The filter is in the address: a reload keeps it.
  await staff.waitForURL((u) => u.searchParams.get('overdue') === '1');
  await staff.reload();
  await late.waitFor();
  assert.equal(await staff.locator('[data-test=page-suggestions-office] .row').count(), 1, 'still only the overdue one');
  await staff.screenshot({ path: join(SHOTS, 'e2e-suggestions-office-overdue.png') });
  await staff.locator('[data-test=office-filter-overdue]').click();

  // The unit asks for an extension; the office refuses it (不批准延期 on the timeline).
  const unit = await newPage(t, env.browser);
  await unitSignedIn(unit, 'jtj');
  await unit.goto(`${base}/suggestions/${id}`);
  await unit.locator('[data-test=unit-extension] [data-test=ra-open]').click();
  await unit.locator('[data-test=unit-extension] [data-test=ra-reason]').fill('需与县公交公司协商线路');
  await unit.locator('[data-test=unit-extension] [data-test=ra-confirm]').click();
  await waitText(unit.locator('[data-test=unit-actions]'), /已申请延期，等待常委会办公室审批。/);
  await staff.goto(`${base}/suggestions/${id}`);
  await waitText(staff.locator('[data-test=extension-request]'), /需与县公交公司协商线路/);
  await staff.locator('[data-test=extension-deny]').click();
  await waitText(staff.locator('[data-test=timeline-deny_extension] [data-test=timeline-action]'), '不批准延期');
  await waitText(unit.locator('[data-test=timeline-deny_extension] [data-test=timeline-action]'), '不批准延期');
  await staff.goto(`${base}/suggestions/office`);
  await late.waitFor();

  // The unit asks to return it, with the reason; the office sees the request and approves.
  await unit.locator('[data-test=unit-return] [data-test=ra-open]').click();
  await unit.locator('[data-test=unit-return] [data-test=ra-confirm]').click();
  await waitText(unit.locator('[data-test=unit-return] .el-form-item__error'), '请填写理由');
  await unit.locator('[data-test=unit-return] [data-test=ra-reason]').fill('公交线路属县公交公司职责');
  await unit.locator('[data-test=unit-return] [data-test=ra-confirm]').click();
  await waitText(stateOf(unit), '申请退回');

  await choose(staff, 'office-filter-state', '申请退回');
  await waitText(staff.locator(`[data-test=suggestion-${id}] [data-test=suggestion-state]`), '申请退回');
  assert.equal(await staff.locator('[data-test=page-suggestions-office] .row').count(), 1, 'only the return request');
  await staff.locator(`[data-test=suggestion-${id}]`).click();
  await waitText(staff.locator('[data-test=return-request]'), /公交线路属县公交公司职责/);
  await staff.locator('[data-test=return-approve]').click();
  await waitText(stateOf(staff), '待交办');
  // Now not admitted, with the reason; the delegate sees why.
  await staff.locator('[data-test=office-reject] [data-test=ra-open]').click();
  await staff.locator('[data-test=office-reject] [data-test=ra-reason]').fill('属个人事务，不作为代表建议办理');
  await staff.locator('[data-test=office-reject] [data-test=ra-confirm]').click();
  await waitText(stateOf(staff), '不予立案');
  await waitText(d2.locator('[data-test=page-suggestion] .el-alert__title').first(), /不予立案：属个人事务/);
});

test('我的建议 a page at a time: 50 rows, 共 n 件, the next page holds the rest', async (t) => {
  const base = env.server.url;
  const d3 = new Client(base);
  await d3.login('daibiao03');
  const made = [];
  for (let i = 1; i <= 53; i++) {
    const r = await d3.req('POST', '/api/suggestions', { title: `关于第${i}号小事的建议`, content: `第${i}号小事的内容。` });
    assert.equal(r.status, 201, r.text);
    made.push(r.json.suggestion.id);
  }
  const total = (await d3.req('GET', '/api/suggestions?per_page=1')).json.total;
  assert.ok(total >= 53);
  const page = await newPage(t, env.browser);
  await signedIn(page, base, 'daibiao03');
  await page.goto(`${base}/suggestions/mine`);
  const rows = page.locator('[data-test=page-suggestions-mine] .row');
  await page.locator(`[data-test=suggestion-${made.at(-1)}]`).waitFor();
  assert.equal(await rows.count(), 50, 'the first page: the 50 newest');
  await waitText(page.locator('[data-test=suggestions-total]'), `共 ${total} 件`);
  await page.locator('[data-test=suggestions-pager] .btn-next').click();
  await page.locator(`[data-test=suggestion-${made[0]}]`).waitFor();
  assert.equal(await rows.count(), total - 50, 'the second page: the rest');
  assert.equal(await page.locator(`[data-test=suggestion-${made.at(-1)}]`).count(), 0, 'the newest is on page 1 only');
  // The page is in the address: open an item, go back, and it is page 2 again.
  assert.match(page.url(), /[?&]page=2\b/);
  await page.locator(`[data-test=suggestion-${made[0]}]`).click();
  await page.waitForURL((u) => u.pathname === `/suggestions/${made[0]}`);
  await page.goBack();
  await page.locator(`[data-test=suggestion-${made[0]}]`).waitFor();
  assert.equal(await rows.count(), total - 50, 'back on the second page');
});
