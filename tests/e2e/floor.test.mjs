// Browser test of the session floor: a whole vote in plenary 3 of the demo
// congress — 130 delegates checked in at the desk over the API, the
// presiding console (staff) opens the plenary and a vote, five delegates
// check in and vote on their phones, the big screen counts the votes
// without showing a choice, the console closes and releases, and the big
// screen shows the server's numbers and 未通过. Also: a reloaded device
// still shows its vote, a delegate who has not checked in is refused, the
// check-in desk by card code and seat, the roll of delegates, and an agenda
// item with a PDF.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, menuTexts, waitText, SHOTS } from './browser.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const HALL = { viewport: { width: 1920, height: 1080 } };
const card = (n) => 'DEMO' + String(n).padStart(4, '0');

test('a vote: console, five devices and the big screen, from check-in to 未通过', async (t) => {
  const base = env.server.url;

  // 130 delegates (records 10–139) at the desk by card code, over the API.
  for (let i = 10; i < 140; i += 10) {
    const batch = [];
    for (let n = i; n < i + 10; n++) {
      batch.push(env.staffApi.req('POST', '/api/plenaries/3/checkin/desk', { card_code: card(n) }));
    }
    for (const r of await Promise.all(batch)) assert.equal(r.status, 200, r.text);
  }

  // The console: 会议 leads staff there; pick plenary 3.
  const desk = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(desk, base, 'staff');
  await desk.locator('[data-test=menu]').getByText('会议', { exact: true }).click();
  await desk.waitForURL((u) => u.pathname.startsWith('/floor/console'));
  await desk.locator('[data-test=pick-plenary]').click();
  await desk.locator('.el-select-dropdown__item').filter({ hasText: '第三次全体会议' }).click();
  await desk.waitForURL((u) => u.pathname === '/floor/console/3');
  await waitText(desk.locator('[data-test=console-plenary]'), '第三次全体会议');
  await waitText(desk.locator('[data-test=quorum-present]'), '130');
  assert.equal((await desk.locator('[data-test=quorum-all]').innerText()).trim(), '199');
  assert.equal((await desk.locator('[data-test=quorum-required]').innerText()).trim(), '133');
  await waitText(desk.locator('[data-test=quorum-met]'), '不足法定人数');
  await desk.locator('[data-test=plenary-open]').click();
  await waitText(desk.locator('[data-test=console-plenary-state]'), '进行中');
  // The first resolution on every screen.
  await desk.locator('[data-test=agenda-7] [data-test=agenda-set-current]').click();
  await waitText(desk.locator('[data-test=agenda-7]'), /正在进行/);

  // The big screen, signed in as an account that is neither staff nor delegate.
  const screen = await newPage(t, env.browser, HALL);
  await signedIn(screen, base, 'shenji');
  await screen.goto(base + '/floor/screen/3');
  await waitText(screen.locator('[data-test=screen-plenary]'), /第三次全体会议/);
  await waitText(screen.locator('[data-test=screen-present]'), '130');
  await waitText(screen.locator('[data-test=screen-item]'), /表决关于县人民政府工作报告的决议（草案）/);
  assert.match(await screen.locator('[data-test=screen-session]').innerText(), /示范县第十七届人民代表大会第二次会议/);
  assert.equal(await screen.locator('[data-test=menu]').count(), 0, 'the big screen has no menu');

  // Five delegates check in on their phones.
  const voters = [
    ['zhuxi', 'yes', '赞成'],
    ['daibiao01', 'yes', '赞成'],
    ['daibiao02', 'yes', '赞成'],
    ['daibiao03', 'no', '反对'],
    ['daibiao04', 'abstain', '弃权'],
  ];
  const devices = [];
  const deviceStreams = []; // the device page's /api/events: without the running count
  for (const [user] of voters) {
    const p = await newPage(t, env.browser, PHONE);
    await signedIn(p, base, user);
    p.on('request', (r) => { if (r.url().includes('/api/events')) deviceStreams.push(r.url()); });
    await p.goto(base + '/floor/device');
    await waitText(p.locator('[data-test=device-plenary]'), '第三次全体会议');
    await waitText(p.locator('[data-test=device-item]'), /表决关于县人民政府工作报告的决议（草案）/);
    await p.locator('[data-test=device-checkin]').click();
    await p.locator('[data-test=device-checked-in]').waitFor();
    devices.push(p);
  }
  assert.ok(deviceStreams.length >= voters.length, deviceStreams.join(' '));
  for (const u of deviceStreams) assert.equal(new URL(u).searchParams.get('skip'), 'floor.progress', u);
  await devices[1].screenshot({ path: join(SHOTS, 'e2e-floor-device-checked-in.png') });
  // A sixth delegate signs in but does not check in.
  const late = await newPage(t, env.browser, PHONE);
  await signedIn(late, base, 'daibiao05');
  await late.goto(base + '/floor/device');
  await late.locator('[data-test=device-checkin]').waitFor();

  await waitText(screen.locator('[data-test=screen-present]'), '135');
  await waitText(screen.locator('[data-test=screen-quorum-met]'), /✓\s*符合法定人数/);
  await waitText(desk.locator('[data-test=quorum-present]'), '135');

  // The console opens the first vote.
  const poll = desk.locator('[data-test=poll-1]');
  await poll.locator('[data-test=poll-open]').click();
  await waitText(poll.locator('[data-test=poll-state]'), '表决中');
  await waitText(screen.locator('[data-test=screen-poll-title]'), '关于县人民政府工作报告的决议（草案）');
  await waitText(screen.locator('[data-test=screen-voted]'), '0');

  // Each votes: press, confirm, and the device says how it voted.
  for (let i = 0; i < voters.length; i++) {
    const p = devices[i];
    const [, choice, label] = voters[i];
    await p.locator(`[data-test=device-choice-${choice}]`).click();
    await waitText(p.locator('[data-test=device-confirm]'), /确认投票？/);
    if (i === 0) await p.screenshot({ path: join(SHOTS, 'e2e-floor-device-confirm.png') });
    await p.locator('[data-test=device-confirm-yes]').click();
    await waitText(p.locator('[data-test=device-my-vote]'), `已投票：${label}`);
    await waitText(screen.locator('[data-test=screen-voted]'), String(i + 1));
  }
  await devices[3].screenshot({ path: join(SHOTS, 'e2e-floor-device-voted.png') });

  // While the vote is open the screen shows the count and no choice.
  await waitText(desk.locator('[data-test=poll-progress]'), '已投票 5 / 实到 135');
  assert.equal(await screen.locator('[data-test=screen-result]').count(), 0);
  assert.doesNotMatch(await screen.locator('body').innerText(), /赞成|反对|弃权/);
  await screen.screenshot({ path: join(SHOTS, 'e2e-floor-screen-voting.png') });
  await desk.screenshot({ path: join(SHOTS, 'e2e-floor-console-voting.png'), fullPage: true });

  // A device reloaded mid-vote shows the vote it sent.
  await devices[3].reload();
  await waitText(devices[3].locator('[data-test=device-my-vote]'), '已投票：反对');
  assert.equal(await devices[3].locator('[data-test=device-choice-yes]').count(), 0, 'no buttons after a first-press vote');

  // The one who did not check in is refused, in Chinese.
  await late.locator('[data-test=device-choice-yes]').click();
  await late.locator('[data-test=device-confirm-yes]').click();
  await waitText(late.locator('[data-test=device-error]'), /尚未报到/);
  await late.screenshot({ path: join(SHOTS, 'e2e-floor-device-refused.png') });

  // Close: the officers see the result, the screen still does not.
  await poll.locator('[data-test=poll-close]').click();
  await desk.locator('.el-popconfirm').getByRole('button', { name: '结束表决' }).click();
  await waitText(poll.locator('[data-test=poll-state]'), '已结束');
  await waitText(poll.locator('[data-test=result-yes]'), '3');
  assert.equal((await poll.locator('[data-test=result-no]').innerText()).trim(), '1');
  assert.equal((await poll.locator('[data-test=result-abstain]').innerText()).trim(), '1');
  assert.equal((await poll.locator('[data-test=result-not-voted]').innerText()).trim(), '130');
  assert.equal((await poll.locator('[data-test=result-needed]').innerText()).trim(), '100');
  assert.equal((await poll.locator('[data-test=result-verdict]').innerText()).trim(), '未通过');
  await waitText(screen.locator('[data-test=screen-poll]'), /等待公布结果/);
  assert.equal(await screen.locator('[data-test=screen-result]').count(), 0);
  assert.doesNotMatch(await screen.locator('body').innerText(), /赞成|反对|弃权/);
  await devices[0].locator('[data-test=device-closed]').waitFor();

  // Release: the screen shows the server's numbers and 未通过 (5 yes of 199 < 100 needed).
  await poll.locator('[data-test=poll-release]').click();
  await waitText(poll.locator('[data-test=poll-state]'), '已公布');
  const server = (await env.staffApi.req('GET', '/api/polls/1')).json.poll.result;
  assert.deepEqual(server, { all: 199, present: 135, yes: 3, no: 1, abstain: 1, not_voted: 130, needed: 100, passed: false });
  await screen.locator('[data-test=screen-result]').waitFor();
  const shown = async (name) => Number((await screen.locator(`[data-test=screen-${name}]`).innerText()).trim());
  assert.equal(await shown('yes'), server.yes);
  assert.equal(await shown('no'), server.no);
  assert.equal(await shown('abstain'), server.abstain);
  assert.equal(await shown('not-voted'), server.not_voted);
  assert.equal(await shown('needed'), server.needed);
  assert.equal((await screen.locator('[data-test=screen-verdict]').innerText()).trim(), '未通过');
  await screen.screenshot({ path: join(SHOTS, 'e2e-floor-screen-result.png') });
  await desk.screenshot({ path: join(SHOTS, 'e2e-floor-console-result.png'), fullPage: true });

  // The devices show the result too.
  await waitText(devices[0].locator('[data-test=result-verdict]'), '未通过');
  await devices[0].screenshot({ path: join(SHOTS, 'e2e-floor-device-result.png'), fullPage: true });
});

test('the check-in desk: a card code and a seat with Enter, an excused absence', async (t) => {
  const page = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(page, env.server.url, 'staff');
  const menu = await menuTexts(page);
  assert.ok(menu.includes('报到签到') && menu.includes('代表名册'), JSON.stringify(menu));
  await page.goto(env.server.url + '/floor/attendance/1');
  const present = page.locator('[data-test=quorum-present]');
  await waitText(present, '0');

  // A scanner types the code and Enter.
  const box = page.locator('[data-test=desk-code]');
  await box.fill(card(150));
  await box.press('Enter');
  await waitText(page.locator('[data-test=desk-last]'), /^已签到：/);
  await waitText(present, '1');
  // The same card again: already in.
  await box.fill(card(150));
  await box.press('Enter');
  await waitText(page.locator('[data-test=desk-last]'), /已经签到/);
  // A seat number.
  await box.fill('2排1座');
  await box.press('Enter');
  await waitText(page.locator('[data-test=desk-last]'), /^已签到：.*2排1座/);
  await waitText(present, '2');
  // Nobody with that code or seat.
  await box.fill('NOSUCH99');
  await box.press('Enter');
  await waitText(page.locator('[data-test=desk-last]'), /NOSUCH99：没有/);

  // Excused needs a reason.
  await page.locator('[data-test=desk-excused-3]').click();
  const dialog = page.locator('[data-test=excuse-dialog]');
  await page.locator('[data-test=excuse-save]').click();
  await dialog.getByText('请填写请假原因').waitFor();
  await dialog.locator('input[name=reason]').fill('因公出差');
  await page.locator('[data-test=excuse-save]').click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('[data-test=desk-table] tbody tr').filter({ has: page.locator('[data-test=desk-present-3]') });
  await waitText(row, /请假/);
  const att = (await env.staffApi.req('GET', '/api/plenaries/1/attendance')).json;
  assert.equal(att.quorum.present, 2);
  assert.equal(att.attendance.find((a) => a.delegate_id === 3).state, 'excused');
  await page.screenshot({ path: join(SHOTS, 'e2e-floor-desk.png') });
});

test('the roll: add a delegate, change a status with date and reason, give an account', async (t) => {
  const page = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(page, env.server.url, 'staff');
  await page.locator('[data-test=menu]').getByText('代表名册', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/floor/roster');
  await waitText(page.locator('[data-test=roster-count]'), '显示 200 / 共 200 人');

  await page.locator('[data-test=roster-add]').click();
  const dlg = page.locator('[data-test=delegate-dialog]');
  await dlg.locator('input[name=name]').fill('王新民');
  await dlg.locator('input[name=seat]').fill('1排1座');
  await page.locator('[data-test=delegate-save]').click();
  await dlg.getByText('该座号已有代表').waitFor();
  await dlg.locator('input[name=seat]').fill('21排1座');
  await page.locator('[data-test=delegate-save]').click();
  await dlg.waitFor({ state: 'hidden' });
  await waitText(page.locator('[data-test=roster-notice]'), /已保存 王新民/);
  await waitText(page.locator('[data-test=roster-count]'), '显示 201 / 共 201 人');
  const added = (await env.staffApi.req('GET', '/api/terms/1/delegates')).json.delegates.find((d) => d.name === '王新民');
  assert.ok(added, 'the new delegate is on the roll');

  await page.locator('[data-test=roster-search]').fill('王新民');
  await page.locator(`[data-test=roster-status-${added.id}]`).click();
  const sd = page.locator('[data-test=status-dialog]');
  await sd.locator('input[name=date]').fill('2026-03-01');
  await page.locator('[data-test=status-save]').click(); // suspended without a reason
  await sd.getByText('请填写原因').waitFor();
  await sd.locator('textarea[name=reason]').fill('因病暂停执行代表职务');
  await page.locator('[data-test=status-save]').click();
  await sd.waitFor({ state: 'hidden' });
  const row = page.locator('[data-test=roster-table] tbody tr').filter({ hasText: '王新民' });
  await waitText(row, /暂停执行代表职务/);

  await page.locator(`[data-test=roster-account-${added.id}]`).click();
  const ad = page.locator('[data-test=account-dialog]');
  await ad.locator('input[name=username]').fill('wangxinmin');
  await ad.locator('input[name=password]').fill('secret-123');
  await page.locator('[data-test=account-save]').click();
  await ad.waitFor({ state: 'hidden' });
  await waitText(page.locator('[data-test=roster-notice]'), /已创建账号 wangxinmin/);
  await page.screenshot({ path: join(SHOTS, 'e2e-floor-roster.png') });
  const r = await fetch(env.server.url + '/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'wangxinmin', password: 'secret-123' }),
  });
  assert.equal(r.status, 200);
});

test('the agenda: an item with a PDF, on the screens; a file that is not a PDF is refused', async (t) => {
  const page = await newPage(t, env.browser, { viewport: { width: 1366, height: 900 } });
  await signedIn(page, env.server.url, 'staff');
  await page.goto(env.server.url + '/floor/console/2');
  await waitText(page.locator('[data-test=console-plenary]'), '第二次全体会议');
  const agenda = page.locator('[data-test=console-agenda]');

  await page.locator('[data-test=agenda-add]').click();
  const dlg = page.locator('[data-test=agenda-dialog]');
  await dlg.locator('input[name=title]').fill('审议县人民政府工作报告');
  await page.locator('[data-test=agenda-file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  await page.locator('[data-test=agenda-save]').click();
  await waitText(page.locator('[data-test=agenda-error]'), '上传的文件不是 PDF');

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  await page.locator('[data-test=agenda-file]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.locator('[data-test=agenda-save]').click();
  await dlg.waitFor({ state: 'hidden' });
  const item = agenda.locator('li').filter({ hasText: '审议县人民政府工作报告' });
  const link = item.locator('a[data-test^=doc-]');
  await link.waitFor();
  const href = await link.getAttribute('href');
  const got = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get('content-type'), text: (await r.text()).slice(0, 5) };
  }, href);
  assert.deepEqual(got, { status: 200, type: 'application/pdf', text: '%PDF-' });

  await item.locator('[data-test=agenda-set-current]').click();
  await waitText(item, /正在进行/);
  const screen = (await env.staffApi.req('GET', '/api/plenaries/2/screen')).json;
  assert.equal(screen.current_item.title, '审议县人民政府工作报告');
  await page.screenshot({ path: join(SHOTS, 'e2e-floor-agenda.png'), fullPage: true });
});
