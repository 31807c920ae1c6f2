// Browser test of an election by secret ballot (issue 5): a congress of six
// delegates set up over the API, an election for 副县长 (2 seats) with two
// candidates; in the browser staff add the third (joint nomination), prepare
// and open the first round; six phones cast ballots that tie all three at 4
// votes (one delegate first tries to choose three and is stopped); staff
// close, see the tie, announce, create the tie vote; the phones vote again;
// staff close and announce; the public announcement page, without signing
// in, shows who is elected and the votes. Also: the big screen while voting
// and after, a reloaded ballot says it was cast, a receipt is found in the
// round's list. Screenshots of the ballot (phone) and the announcement go to
// build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, waitText, SHOTS } from './browser.mjs';
import { DEMO_PASSWORD } from '../lib/server.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const HALL = { viewport: { width: 1920, height: 1080 } };
/** Six delegates of a new term with accounts, a session and an open plenary, all checked in. */
async function congress(api) {
  const ok = (r, status = 201) => {
    assert.equal(r.status, status, r.text);
    return r.json;
  };
  const term = ok(await api.req('POST', '/api/terms', { number: 80, name: '第八十届' })).term;
  const session = ok(await api.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第八十届人民代表大会第一次会议' })).session;
  const plenary = ok(await api.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).plenary;
  const delegates = [];
  for (let i = 1; i <= 6; i++) {
    const d = ok(await api.req('POST', `/api/terms/${term.id}/delegates`, { name: `选举代表${i}`, gender: '男' })).delegate;
    const username = `xuanju${i}`;
    ok(await api.req('POST', `/api/delegates/${d.id}/account`, { username, password: DEMO_PASSWORD }));
    delegates.push({ ...d, username });
  }
  ok(await api.req('POST', `/api/plenaries/${plenary.id}/open`), 200);
  for (const d of delegates) ok(await api.req('PUT', `/api/plenaries/${plenary.id}/attendance/${d.id}`, { state: 'present' }), 200);
  return { term, session, plenary, delegates };
}

/** On a ballot page: marks yes for these names, then casts; returns the receipt code. */
async function castBallot(p, names) {
  for (const n of names) await p.locator(`[data-test="ballot-cand-${n}"] [data-test=ballot-mark-yes]`).click();
  await waitText(p.locator('[data-test=ballot-count]'), `已选 ${names.length} 人，应选 2 名`);
  await p.locator('[data-test=ballot-submit]').click();
  await waitText(p.locator('[data-test=ballot-confirm]'), /请核对您的选票/);
  await p.locator('[data-test=ballot-confirm-yes]').click();
  const code = (await waitText(p.locator('[data-test=ballot-receipt]'), /^[2-9A-HJ-NP-Z]{12}$/)).trim();
  assert.match(await p.locator('[data-test=ballot-cast]').innerText(), /选票已投出[\s\S]*不能更改/);
  return code;
}

/** From the device: the open round's link, then the ballot of that round. */
async function toBallot(p, base, roundId) {
  await p.goto(base + '/floor/device');
  await p.locator(`[data-test=device-election-${roundId}] [data-test=device-election-ballot]`).click();
  await p.waitForURL((u) => u.pathname === `/elections/ballot/${roundId}`);
  await waitText(p.locator('[data-test=ballot-title]'), '副县长');
}

test('an election: candidates, a tie, the tie vote and the public announcement', async (t) => {
  const base = env.server.url;
  const api = env.staffApi;
  const f = await congress(api);
  let r = await api.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 2 });
  assert.equal(r.status, 201, r.text);
  const election = r.json.election;
  for (const name of ['王五', '丁一']) {
    r = await api.req('POST', `/api/elections/${election.id}/candidates`, { name, nominated_by: 'presidium' });
    assert.equal(r.status, 201, r.text);
  }

  // Staff: the session's elections, then the election.
  const desk = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(desk, base, 'staff');
  await desk.locator('[data-test=menu]').getByText('选举', { exact: true }).click();
  await desk.waitForURL((u) => u.pathname === '/elections');
  await desk.goto(`${base}/elections?session=${f.session.id}`);
  await desk.locator(`[data-test=election-${election.id}]`).click();
  await desk.waitForURL((u) => u.pathname === `/elections/${election.id}`);
  await waitText(desk.locator('[data-test=election-title]'), '副县长');
  // Two candidates for two seats: a vice office must be contested.
  const margin = desk.locator('[data-test=margin]');
  await waitText(margin, /须差额选举/);
  assert.equal(await margin.getAttribute('data-status'), 'error');

  // A third presidium nominee is refused (LOL 27(1)), under the field.
  await desk.locator('[data-test=candidate-name]').fill('张六');
  await desk.locator('[data-test=candidate-add]').click();
  await waitText(desk.locator('[data-test=candidates]'), /主席团提名的候选人人数不得多于应选名额/);
  // 李四, nominated jointly by delegates.
  await desk.locator('[data-test=candidate-name]').fill('李四');
  await desk.getByText('代表联名提名', { exact: true }).click();
  await desk.locator('[data-test=candidate-bio]').fill('县发展和改革局局长');
  await desk.locator('[data-test=candidate-add]').click();
  await desk.locator('[data-test="candidate-李四"]').waitFor();
  await waitText(margin, /候选人 3 名，应选 2 名，符合差额要求/);
  assert.equal(await margin.getAttribute('data-status'), 'ok');
  assert.deepEqual(
    (await desk.locator('[data-test=candidates] li strong').allInnerTexts()).map((s) => s.trim()),
    ['丁一', '王五', '李四'],
    'surname strokes: 丁 2, 王 4, 李 7',
  );
  assert.match(await desk.locator('[data-test="candidate-李四"]').innerText(), /代表联名提名[\s\S]*县发展和改革局局长/);

  // The first round in the open plenary, then open it.
  await waitText(desk.locator('[data-test=round-plenary]'), /选举大会/);
  await desk.locator('[data-test=round-create]').click();
  const round1 = desk.locator('[data-test=round-1]');
  await waitText(round1.locator('[data-test=round-state]'), '未开始');
  assert.equal((await round1.locator('[data-test=round-names]').innerText()).trim(), '选票：丁一、王五、李四');
  const round1Id = Number(await round1.getAttribute('data-round'));
  await round1.locator('[data-test=round-open]').click();
  await waitText(round1.locator('[data-test=round-state]'), '投票中');
  await waitText(round1.locator('[data-test=round-voted]'), '已投票 0');

  // The big screen of the plenary.
  const screen = await newPage(t, env.browser, HALL);
  await signedIn(screen, base, 'shenji');
  await screen.goto(`${base}/floor/screen/${f.plenary.id}`);
  await waitText(screen.locator('[data-test=screen-election-title]'), '正在选举：副县长');
  await waitText(screen.locator('[data-test=screen-election-voted]'), '已投票 0');

  // Six phones: the device leads to the ballot.
  const phones = [];
  for (const d of f.delegates) {
    const p = await newPage(t, env.browser, PHONE);
    await signedIn(p, base, d.username);
    await toBallot(p, base, round1Id);
    phones.push(p);
  }
  const first = phones[0];
  assert.deepEqual(
    (await first.locator('[data-test^=ballot-cand-] .name').allInnerTexts()).map((s) => s.trim()),
    ['丁一', '王五', '李四'],
    "the ballot in the server's order",
  );
  await waitText(first.locator('[data-test=ballot-count]'), '已选 0 人，应选 2 名');

  // One delegate tries to choose three: the third is refused, in Chinese.
  for (const n of ['丁一', '王五']) await first.locator(`[data-test="ballot-cand-${n}"] [data-test=ballot-mark-yes]`).click();
  await first.locator('[data-test="ballot-cand-李四"] [data-test=ballot-mark-yes]').click();
  await waitText(first.locator('[data-test=ballot-warn]'), /您已选满 2 名。再选一人，这张选票就会作废/);
  assert.equal(await first.locator('[data-test="ballot-cand-李四"]').getAttribute('data-mark'), 'abstain');
  await waitText(first.locator('[data-test=ballot-count]'), '已选 2 人，应选 2 名');
  assert.equal(await first.locator('[data-test=ballot-write-in-1]').isDisabled(), true, 'no write-in when full');
  await first.locator('[data-test=ballot-warn]').scrollIntoViewIfNeeded();
  await first.screenshot({ path: join(SHOTS, 'e2e-elections-ballot-full.png') });
  await first.locator('[data-test="ballot-cand-李四"] [data-test=ballot-mark-no]').click();
  await first.screenshot({ path: join(SHOTS, 'e2e-elections-ballot.png'), fullPage: true });
  // Back to the plan: 丁一, 王五 yes (李四 no chooses nobody).
  await first.locator('[data-test=ballot-submit]').click();
  await waitText(first.locator('[data-test=ballot-confirm]'), /赞成\s*丁一、王五[\s\S]*反对\s*李四/);
  await first.screenshot({ path: join(SHOTS, 'e2e-elections-ballot-confirm.png'), fullPage: true });
  await first.locator('[data-test=ballot-confirm-back]').click();

  // 6 delegates, threshold 4; each chooses two: 丁一 4, 王五 4, 李四 4.
  const plan = [['丁一', '王五'], ['丁一', '王五'], ['丁一', '李四'], ['丁一', '李四'], ['王五', '李四'], ['王五', '李四']];
  const receipts = [];
  for (let i = 0; i < 6; i++) {
    if (i === 0) {
      await first.locator('[data-test="ballot-cand-李四"] [data-test=ballot-mark-abstain]').click();
      await first.locator('[data-test=ballot-submit]').click();
      await first.locator('[data-test=ballot-confirm-yes]').click();
      receipts.push((await waitText(first.locator('[data-test=ballot-receipt]'), /^[2-9A-HJ-NP-Z]{12}$/)).trim());
    } else {
      receipts.push(await castBallot(phones[i], plan[i]));
    }
    await waitText(round1.locator('[data-test=round-voted]'), `已投票 ${i + 1}`);
  }
  await first.screenshot({ path: join(SHOTS, 'e2e-elections-receipt.png'), fullPage: true });
  await waitText(screen.locator('[data-test=screen-election-voted]'), '已投票 6');
  assert.doesNotMatch(await screen.locator('[data-test=screen-election]').innerText(), /丁一|王五|李四/, 'no names while voting');
  // A reloaded ballot says it was cast, and offers no marks.
  await phones[3].reload();
  await waitText(phones[3].locator('[data-test=ballot-already]'), /您已投票/);
  assert.equal(await phones[3].locator('[data-test=ballot-mark-yes]').count(), 0);

  // Close: the tie at the cut-off.
  await round1.locator('[data-test=round-close]').click();
  await desk.locator('.el-popconfirm').getByRole('button', { name: '结束投票' }).click();
  await waitText(round1.locator('[data-test=round-state]'), '已计票');
  await waitText(round1.locator('[data-test=decision-tie]'), '丁一、王五、李四 票数相等，需对他们再次投票，确定 2 名');
  for (const n of ['丁一', '王五', '李四']) {
    assert.equal((await round1.locator(`[data-test="result-${n}"] [data-test=result-votes]`).innerText()).trim(), '4');
  }
  assert.equal((await round1.locator('[data-test=ballots-valid]').innerText()).trim(), '6');
  await round1.locator('[data-test=round-announce]').click();
  await waitText(round1.locator('[data-test=round-state]'), '已公告');
  await waitText(screen.locator('[data-test=screen-election-title]'), '选举结果：副县长');

  // The tie vote among the three for two seats.
  await round1.locator('[data-test=round-tie-vote]').click();
  const round2 = desk.locator('[data-test=round-2]');
  await waitText(round2.locator('[data-test=round-state]'), '未开始');
  assert.match(await round2.innerText(), /再次投票/);
  const round2Id = Number(await round2.getAttribute('data-round'));
  await round2.locator('[data-test=round-open]').click();
  await waitText(round2.locator('[data-test=round-state]'), '投票中');
  await waitText(screen.locator('[data-test=screen-election-title]'), '正在选举：副县长');

  const plan2 = [['丁一', '王五'], ['丁一', '王五'], ['丁一', '王五'], ['丁一', '李四'], ['丁一', '李四'], ['王五']];
  for (let i = 0; i < 6; i++) {
    await toBallot(phones[i], base, round2Id);
    await castBallot(phones[i], plan2[i]);
    await waitText(round2.locator('[data-test=round-voted]'), `已投票 ${i + 1}`);
  }
  await round2.locator('[data-test=round-close]').click();
  await desk.locator('.el-popconfirm').getByRole('button', { name: '结束投票' }).click();
  await waitText(round2.locator('[data-test=decision-elected]'), '当选：丁一、王五');
  await round2.locator('[data-test=round-announce]').click();
  await waitText(round2.locator('[data-test=round-state]'), '已公告');
  await waitText(screen.locator('[data-test=screen-election-elected]'), '当选：丁一、王五');
  await screen.screenshot({ path: join(SHOTS, 'e2e-elections-screen.png') });
  await desk.screenshot({ path: join(SHOTS, 'e2e-elections-console.png'), fullPage: true });

  // A delegate finds their first-round receipt in the list.
  await phones[0].goto(`${base}/elections/receipts/${round1Id}`);
  await waitText(phones[0].locator('[data-test=receipts-list]'), new RegExp(receipts[0]));
  await phones[0].locator('[data-test=receipts-code]').fill(receipts[0].toLowerCase());
  await waitText(phones[0].locator('[data-test=receipts-found]'), /已找到/);

  // The public announcement, without signing in.
  const pub = await newPage(t, env.browser, PHONE);
  await pub.goto(`${base}/announcement/${round2Id}`);
  await waitText(pub.locator('[data-test=announcement-election]'), /副县长（再次投票，应选 2 名）/);
  assert.equal(pathOfPage(pub), `/announcement/${round2Id}`, 'no login asked');
  await waitText(pub.locator('[data-test=announcement-elected]'), '丁一、王五 当选。');
  assert.equal((await pub.locator('[data-test=announcement-congress]').innerText()).trim(), env.congress);
  const votes = {};
  for (const n of ['丁一', '王五', '李四']) votes[n] = (await pub.locator(`[data-test="result-${n}"] [data-test=result-votes]`).innerText()).trim();
  assert.deepEqual(votes, { 丁一: '5', 王五: '4', 李四: '2' });
  assert.equal((await pub.locator('[data-test=ballots-issued]').innerText()).trim(), '6');
  assert.equal((await pub.locator('[data-test=ballots-returned]').innerText()).trim(), '6');
  assert.match(await pub.locator('[data-test=announcement-signature]').innerText(), /签名（Ed25519）：\s*[0-9a-f]{128}[\s\S]*公钥：\s*[0-9a-f]{64}/);
  await pub.screenshot({ path: join(SHOTS, 'e2e-elections-announcement.png'), fullPage: true });
});

const pathOfPage = (page) => new URL(page.url()).pathname;
