// Browser test of the direct-election results page (直接选举, RULES §9,
// EL 25–47), all in the browser as staff from the side menu: a direct
// election and three constituencies; per round the figures the page offers
// (ballots issued and returned, roving boxes, proxies, void, votes) and the
// server's decision as shown. 第一选区: more votes than valid ballots is
// refused with the field named, then corrected figures elect 张三, the round
// is announced and its signed PDF is served. 第二选区: exactly half is not
// enough → the re-election (另行选举) between the first two, where a third of
// the ballots elects. 第三选区: a turnout of exactly half voids the vote and
// it is held again. Screenshot of the page to build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, openMenu, waitText, SHOTS } from './browser.mjs';

const env = useBrowser();
/** Types into an el-input-number and leaves it, so the value is taken. */
async function setNumber(loc, n) {
  const input = loc.locator('input');
  await input.fill(String(n));
  await input.blur();
}

/** Adds a constituency through the form; returns its card. */
async function addConstituency(page, { name, voters, seats, candidates }) {
  await page.locator('[data-test=c-name]').fill(name);
  await setNumber(page.locator('[data-test=c-voters]'), voters);
  await setNumber(page.locator('[data-test=c-seats]'), seats);
  await page.locator('[data-test=c-candidates]').fill(candidates.join('、'));
  await page.locator('[data-test=c-add]').click();
  const card = page.locator('[data-test=constituency]').filter({ hasText: name });
  await waitText(card, new RegExp(`${name} — 选民 ${voters} 人，应选 ${seats} 名`));
  return card;
}

/** Enters a round's figures and asks for the decision. */
async function enterFigures(round, f) {
  await setNumber(round.locator('[data-test=f-issued]'), f.issued);
  await setNumber(round.locator('[data-test=f-returned]'), f.returned);
  if (f.roving) {
    await setNumber(round.locator('[data-test=f-roving-issued]'), f.roving[0]);
    await setNumber(round.locator('[data-test=f-roving-returned]'), f.roving[1]);
  }
  if (f.proxies) await round.locator('[data-test=f-proxies]').fill(f.proxies);
  await setNumber(round.locator('[data-test=f-void]'), f.void);
  for (const [n, v] of Object.entries(f.votes)) await setNumber(round.locator(`[data-test="f-votes-${n}"]`), v);
  await round.locator('[data-test=figures-save]').click();
}

test('direct elections: figures in, winners, a refusal, a re-election, a void vote, the signed announcement', async (t) => {
  const base = env.server.url;
  const page = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(page, base, 'staff');
  await openMenu(page, '直接选举结果', '/elections/direct');
  await waitText(page.locator('.page-title'), '直接选举（县级人大代表）');

  // A direct election, then open it.
  await page.locator('[data-test=direct-title]').fill('示范县第十八届人民代表大会代表选举');
  await page.locator('[data-test=direct-day]').fill('2026-11-15');
  await page.locator('[data-test=direct-create]').click();
  const pick = page.locator('[data-test^=direct-election-]').filter({ hasText: '示范县第十八届人民代表大会代表选举' });
  await pick.click();
  await page.locator('[data-test=c-name]').waitFor();

  // 第一选区: one seat.
  const c1 = await addConstituency(page, { name: '第一选区', voters: 1000, seats: 1, candidates: ['张三', '李四'] });
  const r1 = c1.locator('[data-test=direct-round-1]');
  await waitText(r1.locator('[data-test=direct-round-head]'), '第一次投票 · 应选 1 名 · 未开始');
  // 880 returned, 10 void: 870 valid ballots, and 张三 given 900 votes.
  await enterFigures(r1, { issued: 900, returned: 880, roving: [40, 38], proxies: '0012:3', void: 10, votes: { 张三: 900, 李四: 270 } });
  const err = page.locator('[data-test=direct-error]');
  // In Chinese, with the server's detail (who, how many) after it.
  await waitText(err, /^候选人得票数有误[\s\S]*详情[\s\S]*张三[\s\S]*900[\s\S]*870/);
  assert.equal(await r1.locator('[data-test=direct-decision]').count(), 0, 'nothing decided from refused figures');
  // Corrected: 张三 600.
  await enterFigures(r1, { issued: 900, returned: 880, void: 10, votes: { 张三: 600 } });
  await waitText(r1.locator('[data-test=direct-turnout]'), '参加投票 880 / 选民 1000，须过半数 501 — 选举有效');
  assert.equal(await err.count(), 0, 'the error is gone');
  await waitText(r1.locator('[data-test=direct-threshold]'), '当选至少须 441 票');
  await waitText(r1.locator('[data-test="direct-result-张三"]'), '张三：600 当选');
  await waitText(r1.locator('[data-test="direct-result-李四"]'), '李四：270');
  await waitText(r1.locator('[data-test=direct-next]'), '应选名额已全部选出');
  await waitText(r1.locator('[data-test=direct-round-head]'), '第一次投票 · 应选 1 名 · 已计票');
  assert.equal(await r1.locator('[data-test=direct-next-round]').count(), 0, 'nothing follows');
  // The figures are kept by the server, proxies and roving boxes included: after a reload.
  await page.reload();
  await pick.click();
  await waitText(r1.locator('[data-test=direct-next]'), '应选名额已全部选出');
  assert.equal(await r1.locator('[data-test=f-proxies]').inputValue(), '0012:3');
  assert.equal(await r1.locator('[data-test=f-roving-issued] input').inputValue(), '40');
  assert.equal(await r1.locator('[data-test=f-roving-returned] input').inputValue(), '38');
  assert.equal(await r1.locator('[data-test="f-votes-张三"] input').inputValue(), '600');

  // Announce: the figures are final, the signed PDF is there.
  await r1.locator('[data-test=direct-announce]').click();
  const pdfLink = r1.locator('[data-test=direct-pdf]');
  await waitText(pdfLink, '公告（PDF）');
  await waitText(r1.locator('[data-test=direct-round-head]'), '第一次投票 · 应选 1 名 · 已公告');
  assert.equal(await r1.locator('[data-test=figures-save]').count(), 0, 'no entry once announced');
  assert.equal(await r1.locator('[data-test=direct-announce]').count(), 0);
  const href = await pdfLink.getAttribute('href');
  assert.match(href, /^\/api\/direct-rounds\/\d+\/announcement\.pdf$/);
  const pdf = await page.request.get(base + href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const ann = await (await page.request.get(base + href.replace(/\.pdf$/, ''))).json();
  assert.equal(JSON.parse(ann.announcement).constituency, '第一选区');
  assert.match(ann.signature, /^[0-9a-f]{128}$/, 'Ed25519');

  // 第二选区: 400 of 790 valid is exactly half, not more → re-election of the first two.
  const c2 = await addConstituency(page, { name: '第二选区', voters: 1000, seats: 1, candidates: ['王五', '赵六', '钱七'] });
  const r2 = c2.locator('[data-test=direct-round-1]');
  await enterFigures(r2, { issued: 800, returned: 800, void: 10, votes: { 王五: 400, 赵六: 300, 钱七: 90 } });
  await waitText(r2.locator('[data-test=direct-turnout]'), '参加投票 800 / 选民 1000，须过半数 501 — 选举有效');
  await waitText(r2.locator('[data-test=direct-threshold]'), '当选至少须 401 票');
  await waitText(r2.locator('[data-test="direct-result-王五"]'), '王五：400');
  await waitText(r2.locator('[data-test=direct-next]'), '不足名额 1 名须另行选举');
  await r2.locator('[data-test=direct-next-round]').click();
  const re = c2.locator('[data-test=direct-round-2]');
  await waitText(re.locator('[data-test=direct-round-head]'), '另行选举 · 应选 1 名 · 未开始');
  assert.equal(await re.locator('[data-test="f-votes-钱七"]').count(), 0, 'the first two only');
  // One round follows another: the button is gone once it exists (the server would say 409).
  assert.equal(await r2.locator('[data-test=direct-next-round]').count(), 0, 'no second re-election offered');
  // A third of the ballots is enough in a re-election (EL 45(5)).
  await enterFigures(re, { issued: 600, returned: 600, void: 0, votes: { 王五: 200, 赵六: 150 } });
  await waitText(re.locator('[data-test=direct-threshold]'), '当选至少须 200 票');
  await waitText(re.locator('[data-test="direct-result-王五"]'), '王五：200 当选');
  await waitText(re.locator('[data-test=direct-next]'), '应选名额已全部选出');

  // 第三选区: exactly half the voters voted: void, held again.
  const c3 = await addConstituency(page, { name: '第三选区', voters: 1000, seats: 2, candidates: ['孙一', '周二', '吴三'] });
  const r3 = c3.locator('[data-test=direct-round-1]');
  await enterFigures(r3, { issued: 500, returned: 500, void: 0, votes: { 孙一: 400, 周二: 300, 吴三: 100 } });
  await waitText(r3.locator('[data-test=direct-turnout]'), '参加投票 500 / 选民 1000，须过半数 501 — 选举无效');
  assert.doesNotMatch(await r3.locator('[data-test=direct-decision]').innerText(), /当选(?!至少)/, 'nobody elected');
  await waitText(r3.locator('[data-test=direct-next]'), '本次投票无效，须重新投票');
  await r3.locator('[data-test=direct-next-round]').click();
  const again = c3.locator('[data-test=direct-round-2]');
  await waitText(again.locator('[data-test=direct-round-head]'), '第一次投票 · 应选 2 名 · 未开始');
  await enterFigures(again, { issued: 700, returned: 700, void: 0, votes: { 孙一: 600, 周二: 450, 吴三: 300 } });
  await waitText(again.locator('[data-test=direct-turnout]'), /选举有效/);
  await waitText(again.locator('[data-test="direct-result-孙一"]'), '孙一：600 当选');
  await waitText(again.locator('[data-test="direct-result-周二"]'), '周二：450 当选');
  await waitText(again.locator('[data-test=direct-next]'), '应选名额已全部选出');

  await page.screenshot({ path: join(SHOTS, 'e2e-direct.png'), fullPage: true });
});
