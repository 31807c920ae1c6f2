// Browser test of the primary (预选, LOL 27(1), RULES §7): a congress of six
// delegates and an election for 县长 (one seat, at most two candidates) with
// four nominees, set up over the API. In the browser staff see that a
// primary is needed, prepare and open it; six phones cast primary ballots
// that put 张四 first and tie 丁一 and 王二 at the cut-off; staff close it,
// the page names the tied and the further primary among them for the one
// place left; the phones vote again; staff close it, see the list in vote
// order, fix the formal list and make the first round's ballot from it, in
// vote order (not surname strokes). Screenshot of the election page with
// the primary to build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, waitText, SHOTS } from './browser.mjs';
import { DEMO_PASSWORD } from '../lib/server.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** Six delegates of a new term with accounts, a session and an open plenary, all checked in. */
async function congress(api) {
  const ok = (r, status = 201) => {
    assert.equal(r.status, status, r.text);
    return r.json;
  };
  const term = ok(await api.req('POST', '/api/terms', { number: 81, name: '第八十一届' })).term;
  const session = ok(await api.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第八十一届人民代表大会第一次会议' })).session;
  const plenary = ok(await api.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).plenary;
  const delegates = [];
  for (let i = 1; i <= 6; i++) {
    const d = ok(await api.req('POST', `/api/terms/${term.id}/delegates`, { name: `预选代表${i}`, gender: '女' })).delegate;
    const username = `yuxuan${i}`;
    ok(await api.req('POST', `/api/delegates/${d.id}/account`, { username, password: DEMO_PASSWORD }));
    delegates.push({ ...d, username });
  }
  ok(await api.req('POST', `/api/plenaries/${plenary.id}/open`), 200);
  for (const d of delegates) ok(await api.req('PUT', `/api/plenaries/${plenary.id}/attendance/${d.id}`, { state: 'present' }), 200);
  return { term, session, plenary, delegates };
}

/** From the device: the open round's link, then its ballot; marks yes for these names and casts. */
async function votePrimary(p, base, roundId, names, seats) {
  await p.goto(base + '/floor/device');
  await p.locator(`[data-test=device-election-${roundId}] [data-test=device-election-ballot]`).click();
  await p.waitForURL((u) => u.pathname === `/elections/ballot/${roundId}`);
  await waitText(p.locator('[data-test=ballot-title]'), '县长');
  await waitText(p.locator('[data-test=ballot-seats]'), `应选 ${seats} 名`);
  for (const n of names) await p.locator(`[data-test="ballot-cand-${n}"] [data-test=ballot-mark-yes]`).click();
  await waitText(p.locator('[data-test=ballot-count]'), `已选 ${names.length} 人，应选 ${seats} 名`);
  await p.locator('[data-test=ballot-submit]').click();
  await waitText(p.locator('[data-test=ballot-confirm]'), /请核对您的选票/);
  await p.locator('[data-test=ballot-confirm-yes]').click();
  await waitText(p.locator('[data-test=ballot-receipt]'), /^[2-9A-HJ-NP-Z]{12}$/);
}

/** Closes round loc through its popconfirm on the desk. */
async function closeRound(desk, loc) {
  await loc.locator('[data-test=round-close]').click();
  await desk.locator('.el-popconfirm').getByRole('button', { name: '结束投票' }).click();
  await waitText(loc.locator('[data-test=round-state]'), '已计票');
}

test('a primary: the tie at the cut-off, the further primary, the formal list as the ballot', async (t) => {
  const base = env.server.url;
  const api = env.staffApi;
  const f = await congress(api);
  let r = await api.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '县长', office: 'head', seats: 1 });
  assert.equal(r.status, 201, r.text);
  const election = r.json.election;
  for (const [name, by] of [['张四', 'presidium'], ['丁一', 'joint'], ['王二', 'joint'], ['李三', 'joint']]) {
    r = await api.req('POST', `/api/elections/${election.id}/candidates`, { name, nominated_by: by });
    assert.equal(r.status, 201, r.text);
  }

  const desk = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(desk, base, 'staff');
  await desk.goto(`${base}/elections/${election.id}`);
  await waitText(desk.locator('[data-test=election-title]'), '县长');
  // Four nominees for one seat, at most two candidates: a primary first.
  await waitText(desk.locator('[data-test=margin]'), /候选人 4 名，多于差额上限 2 名，须先进行预选/);
  const primary = desk.locator('[data-test=primary]');
  await waitText(primary, /提名人数 4 人，超过选举办法规定的差额（最多 2 人），须进行预选/);
  await waitText(primary.locator('[data-test=primary-state]'), '尚未预选');

  // Prepare the primary (two places, the margin's only choice), open it.
  await primary.locator('[data-test=primary-create]').click();
  await waitText(primary.locator('[data-test=primary-state]'), '预选进行中：请在下方开始、结束投票');
  // No first round while the primary runs (the server would refuse it).
  assert.equal(await desk.locator('[data-test=round-create]').isDisabled(), true, 'no first round during the primary');
  await waitText(desk.locator('[data-test=round-create-wait]'), '须先完成预选，确定正式候选人名单');
  const p1 = desk.locator('[data-test=round-1]');
  await waitText(p1.locator('[data-test=round-state]'), '未开始');
  assert.match(await p1.innerText(), /预选/);
  assert.equal((await p1.locator('[data-test=round-names]').innerText()).trim(), '选票：丁一、王二、李三、张四', 'surname strokes');
  const p1Id = Number(await p1.getAttribute('data-round'));
  await p1.locator('[data-test=round-open]').click();
  await waitText(p1.locator('[data-test=round-state]'), '投票中');

  // Six phones: 张四 5, 丁一 3, 王二 3, 李三 0 for two places.
  const phones = [];
  for (const d of f.delegates) {
    const p = await newPage(t, env.browser, PHONE);
    await signedIn(p, base, d.username);
    phones.push(p);
  }
  const plan = [['张四', '丁一'], ['张四', '丁一'], ['张四', '王二'], ['张四', '王二'], ['丁一', '王二'], ['张四']];
  for (let i = 0; i < 6; i++) {
    await votePrimary(phones[i], base, p1Id, plan[i], 2);
    await waitText(p1.locator('[data-test=round-voted]'), `已投票 ${i + 1}`);
  }
  await closeRound(desk, p1);
  // A primary is not announced: no 发布公告 for it.
  assert.equal(await p1.locator('[data-test=round-announce]').count(), 0);
  await waitText(primary.locator('[data-test=primary-state]'), '截止位置票数相等（或预选无效），须就票数相等的人再次预选');
  await waitText(primary.locator('[data-test=primary-next]'), '再次预选：丁一、王二，取 1 名');
  await waitText(primary.locator('[data-test=primary-list]'), '张四 — 5 票');
  assert.equal(await primary.locator('[data-test=primary-fix]').count(), 0, 'no formal list before the tie is settled');

  // The further primary among the tied, for the one place left.
  await waitText(primary.locator('[data-test=primary-create]'), '再次预选');
  await primary.locator('[data-test=primary-create]').click();
  await waitText(primary.locator('[data-test=primary-state]'), '预选进行中：请在下方开始、结束投票');
  const p2 = desk.locator('[data-test=round-2]');
  await waitText(p2.locator('[data-test=round-state]'), '未开始');
  assert.equal((await p2.locator('[data-test=round-names]').innerText()).trim(), '选票：丁一、王二');
  const p2Id = Number(await p2.getAttribute('data-round'));
  await p2.locator('[data-test=round-open]').click();
  await waitText(p2.locator('[data-test=round-state]'), '投票中');
  const plan2 = [['王二'], ['王二'], ['王二'], ['王二'], ['丁一'], ['丁一']];
  for (let i = 0; i < 6; i++) {
    await votePrimary(phones[i], base, p2Id, plan2[i], 1);
    await waitText(p2.locator('[data-test=round-voted]'), `已投票 ${i + 1}`);
  }
  await closeRound(desk, p2);
  await waitText(primary.locator('[data-test=primary-state]'), '预选已完成，可以确定正式候选人名单');
  const list = async () => (await primary.locator('[data-test=primary-list] li').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(await list(), ['张四 — 5 票', '王二 — 3 票'], "in the first primary's vote order (the further one only broke the tie); 李三 and 丁一 left out");

  // Fix the formal list; then the first round's ballot is that list, in vote order.
  await primary.locator('[data-test=primary-fix]').click();
  await waitText(primary.locator('[data-test=primary-state]'), '正式候选人名单已确定（按预选得票多少排列）');
  assert.deepEqual(await list(), ['张四 — 5 票', '王二 — 3 票']);
  assert.equal(await primary.locator('[data-test=primary-create]').count(), 0);
  await primary.scrollIntoViewIfNeeded();
  await desk.screenshot({ path: join(SHOTS, 'e2e-primary.png'), fullPage: true });

  assert.equal(await desk.locator('[data-test=round-create-wait]').count(), 0);
  await desk.locator('[data-test=round-create]').click();
  const first = desk.locator('[data-test=round-3]');
  await waitText(first.locator('[data-test=round-state]'), '未开始');
  assert.match(await first.innerText(), /第一轮投票/);
  assert.equal((await first.locator('[data-test=round-names]').innerText()).trim(), '选票：张四、王二', 'the formal list in vote order');
});
