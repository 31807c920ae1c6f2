// Browser test of the handling report (issue 6, DL art. 51(3)): staff open
// 建议办理情况 and see both charts drawn (ECharts canvases) and the tables per
// handling unit and per category with the server's numbers, and the XLSX and
// PDF downloads; the public page /public/suggestions shows the same numbers
// without signing in; staff edit a unit's name and reminder e-mail in the
// dialog on the units page (a bad address refused on its field). The
// suggestions are set up over the API, as in tests/api/reports.test.mjs.
// Screenshots of both pages go to build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, newPage, signedIn, pathOf, SHOTS } from './browser.mjs';
import { Client } from '../lib/server.mjs';

// The PDF download makes cairo lose a few bytes per font subset (see
// tests/lsan.supp); scripts/check.sh passes these suppressions to every
// server, and so does this file when run alone.
process.env.LSAN_OPTIONS ??= `suppressions=${join(dirname(fileURLToPath(import.meta.url)), '..', 'lsan.supp')}`;

const env = useBrowser();
let unitId = 0;

const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.json; };

/** Two units; three suggestions: 交通 ×2 (one replied on time and rated 满意), 教育 ×1 (assigned). */
async function setUp() {
  if (unitId) return;
  const staff = env.staffApi;
  unitId = ok(await staff.req('POST', '/api/units', { name: '县交通运输局', username: 'jtj', password: 'password1' }), 201).unit.id;
  const other = ok(await staff.req('POST', '/api/units', { name: '县教育局' }), 201).unit.id;
  const dele = new Client(env.server.url);
  await dele.login('daibiao01');
  const unit = new Client(env.server.url);
  await unit.login('jtj', 'password1');
  const submit = async (title, category) =>
    ok(await dele.req('POST', '/api/suggestions', { title, content: `${title}的具体内容`, category }), 201).suggestion.id;
  const a = await submit('关于农村公路养护的建议', '交通');
  const b = await submit('关于增开城乡公交的建议', '交通');
  const c = await submit('关于改善乡村学校条件的建议', '教育');
  for (const [id, lead] of [[a, unitId], [b, unitId], [c, other]]) ok(await staff.req('POST', `/api/suggestions/${id}/assign`, { lead_unit_id: lead }));
  ok(await unit.req('POST', `/api/suggestions/${a}/reply`, { category: 'solved', content: '已完成养护', signed_by: '李局长' }));
  ok(await dele.req('POST', `/api/suggestions/${a}/rate`, { rating: 'satisfied' }));
}

/** The rows of an Element Plus table, as arrays of cell texts. */
async function tableRows(page, test) {
  const t = page.locator(`[data-test=${test}]`);
  await t.locator('.el-table__body tr').first().waitFor();
  return t.locator('.el-table__body-wrapper tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
}

/** Waits until the chart has loaded ECharts and drawn into a canvas. */
async function chartDrawn(page, name) {
  const chart = page.locator(`[data-test=chart-${name}]`);
  await chart.waitFor();
  await page.locator(`[data-test=chart-${name}][data-ready=yes] canvas`).first().waitFor();
  const box = await chart.locator('canvas').first().boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `the ${name} chart has a size: ${JSON.stringify(box)}`);
}

const UNIT_ROW = ['县交通运输局', '2', '1', '1', '100.0%', '0', '1', '0', '0', '100.0%', '1', '0', '0', '0'];
const TOTAL_ROW = ['合计', '3', '1', '1', '100.0%', '0', '1', '0', '0', '100.0%', '1', '0', '0', '0'];

test('staff: 建议办理情况 with both charts, the tables per unit and per category, XLSX and PDF', async (t) => {
  await setUp();
  const base = env.server.url;
  const page = await newPage(t, env.browser);
  await signedIn(page, base, 'staff');
  // From the units page, by its link.
  await page.goto(base + '/suggestions/units');
  await page.locator('[data-test=open-report]').click();
  await page.waitForURL((u) => u.pathname === '/suggestions/report');
  await page.locator('[data-test=page-suggestions-report]').waitFor();
  await chartDrawn(page, 'on-time');
  await chartDrawn(page, 'results');

  const units = await tableRows(page, 'report-units');
  assert.deepEqual(units.find((r) => r[0] === '县交通运输局'), UNIT_ROW);
  assert.deepEqual(units.find((r) => r[0] === '县教育局').slice(0, 6), ['县教育局', '1', '0', '0', '—', '0']);
  assert.deepEqual(units.at(-1), TOTAL_ROW);
  const cats = await tableRows(page, 'report-categories');
  assert.deepEqual(cats.map((r) => r[0]), ['交通', '教育', '合计']);
  assert.deepEqual(cats[0].slice(0, 5), ['交通', '2', '1', '1', '100.0%']);
  assert.deepEqual(cats.at(-1), TOTAL_ROW);

  // The pie follows the picked category.
  await page.locator('[data-test=pie-category]').click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').filter({ hasText: '教育' }).click();
  await page.locator('[data-test=chart-results]').waitFor({ state: 'detached' });
  assert.equal(await page.getByText('尚无答复').count(), 1, '教育 has no reply yet');

  // Downloads: the links the buttons follow, with the page's own session.
  for (const [test, type] of [['report-xlsx', /spreadsheetml/], ['report-pdf', /application\/pdf/]]) {
    const href = await page.locator(`[data-test=${test}]`).getAttribute('href');
    const res = await page.request.get(base + href);
    assert.equal(res.status(), 200, `${href}: ${res.status()}`);
    assert.match(res.headers()['content-type'], type);
    assert.ok((await res.body()).length > 1000);
  }
  await page.screenshot({ path: join(SHOTS, 'suggestions-report.png'), fullPage: true });
});

test('the public page /public/suggestions: the same numbers without signing in', async (t) => {
  await setUp();
  const base = env.server.url;
  const page = await newPage(t, env.browser);
  await page.goto(base + '/public/suggestions');
  await page.locator('[data-test=page-public-suggestions]').waitFor();
  assert.equal(pathOf(page), '/public/suggestions', 'not sent to /login');
  await chartDrawn(page, 'on-time');
  const units = await tableRows(page, 'report-units');
  assert.deepEqual(units.find((r) => r[0] === '县交通运输局'), UNIT_ROW);
  assert.deepEqual(units.at(-1), TOTAL_ROW);
  const cats = await tableRows(page, 'report-categories');
  assert.deepEqual(cats.map((r) => r[0]), ['交通', '教育', '合计']);
  const body = await page.locator('[data-test=page-public-suggestions]').innerText();
  for (const word of ['农村公路', '李局长', '已完成养护', env.names.daibiao01])
    assert.ok(!body.includes(word), `nothing of the contents or the delegates (${word})`);
  assert.equal(await page.locator('[data-test=report-xlsx]').count(), 0, 'no staff downloads');
  await page.screenshot({ path: join(SHOTS, 'suggestions-report-public.png'), fullPage: true });
});

test('staff edit a unit: name and reminder e-mail in the dialog; a bad address refused on its field', async (t) => {
  await setUp();
  const base = env.server.url;
  const page = await newPage(t, env.browser);
  await signedIn(page, base, 'staff');
  await page.goto(base + '/suggestions/units');
  await page.locator('[data-test=page-suggestions-units]').waitFor();
  await page.locator(`[data-test=unit-edit-${unitId}]`).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  const email = dialog.locator('input[data-test=unit-edit-email]');
  await email.fill('not an address');
  await dialog.locator('[data-test=unit-edit-save]').click();
  await dialog.getByText('请填写有效的电子邮箱地址，或留空').waitFor();
  await dialog.locator('input[data-test=unit-edit-name]').fill('县交通运输局（县港航局）');
  await email.fill('jtj@county.gov.cn');
  await dialog.locator('[data-test=unit-edit-save]').click();
  await page.locator('[data-test=unit-created]').filter({ hasText: '已保存承办单位 县交通运输局（县港航局）' }).waitFor();
  await page.locator(`[data-test=unit-${unitId}]`).filter({ hasText: 'jtj@county.gov.cn' }).waitFor();
  const u = ok(await env.staffApi.req('GET', '/api/units')).units.find((x) => x.id === unitId);
  assert.deepEqual([u.name, u.email], ['县交通运输局（县港航局）', 'jtj@county.gov.cn']);
  // Back to the old name, so the other tests' rows keep it whatever the order.
  ok(await env.staffApi.req('PUT', `/api/units/${unitId}`, { name: '县交通运输局', email: 'jtj@county.gov.cn' }));
});
