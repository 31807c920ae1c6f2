// The public channel (社情民意, issue 7) over the API: a citizen submits
// without an account and follows the issue by its code; staff search, route,
// merge and refuse; the delegate takes it up, records a visit, links the
// suggestion it became and answers; liaison stations. Every refusal names
// its field and changes nothing; public answers never carry contact details;
// an acknowledged submission survives kill -9.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, Client, sqlOn } from '../lib/server.mjs';

let server, citizen, staff, d1, d2, d3, ids;

const PHONE = '13912345678';
const NAME = '王小明';
let device = 0;
const newDevice = () => `test-device-${++device}-${Date.now()}`;

// A public submission from a fresh device unless one is given.
function submit(body, dev = newDevice()) {
  return citizen.req('POST', '/api/public/opinions', body, { 'x-device-id': dev });
}

const issue = (over = {}) => ({
  title: '东关村路灯坏了',
  content: '城关镇东关村村口的路灯坏了三个月，晚上出行很不方便，老人孩子容易摔倒，请尽快维修。',
  place: '城关镇东关村',
  category: 'roads_transport',
  contact_name: NAME,
  contact_phone: PHONE,
  ...over,
});

async function total() {
  const r = await citizen.req('GET', '/api/public/opinions/stats');
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

// The delegate record of each signed-in demo delegate, as their device sees it.
async function delegateIds(clients) {
  const out = {};
  for (const [name, c] of Object.entries(clients)) {
    const r = await c.req('GET', '/api/me/floor');
    assert.equal(r.status, 200, r.text);
    out[name] = r.json.delegate.id;
  }
  return out;
}

test.before(async () => {
  server = await startServer();
  citizen = new Client(server.url);
  staff = new Client(server.url);
  await staff.login('staff');
  d1 = new Client(server.url);
  await d1.login('daibiao01');
  d2 = new Client(server.url);
  await d2.login('daibiao02');
  d3 = new Client(server.url);
  await d3.login('daibiao03');
  ids = await delegateIds({ daibiao01: d1, daibiao02: d2, daibiao03: d3 });
  assert.ok(ids.daibiao01 && ids.daibiao02 && ids.daibiao03, JSON.stringify(ids));
});

test.after(async () => {
  await server.stop();
  server.cleanup();
});

test('a citizen submits without an account and follows the issue by its code', async () => {
  const r = await submit(issue());
  assert.equal(r.status, 201, r.text);
  const { code, state } = r.json.opinion;
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(state, 'submitted');

  const v = await citizen.req('GET', `/api/public/opinions/${code}`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.opinion.title, '东关村路灯坏了');
  assert.equal(v.json.opinion.state, 'submitted');
  assert.deepEqual(v.json.opinion.timeline.map((e) => e.action), ['submit']);
  // The code as people type it: lower case, no dashes, O for 0, I/L for 1.
  const typed = code.toLowerCase().replaceAll('-', '').replaceAll('0', 'o').replaceAll('1', 'l');
  const t = await citizen.req('GET', `/api/public/opinions/${typed}`);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.opinion.code, code);
});

test('public answers never carry the contact details; staff see them', async () => {
  const r = await submit(issue({ title: '隐私检查：垃圾清运不及时', content: '南街小区垃圾站清运不及时，夏天气味很大，影响居民生活。' }));
  assert.equal(r.status, 201, r.text);
  const { code } = r.json.opinion;
  for (const path of [`/api/public/opinions/${code}`, '/api/public/opinions/stats', '/api/public/stations']) {
    const p = await citizen.req('GET', path);
    assert.equal(p.status, 200, p.text);
    assert.ok(!p.text.includes(PHONE), `${path} shows the phone`);
    assert.ok(!p.text.includes(NAME), `${path} shows the name`);
    assert.ok(!/contact/.test(p.text), `${path} has a contact field`);
  }
  const list = await staff.req('GET', '/api/opinions?q=' + encodeURIComponent('垃圾站'));
  assert.equal(list.status, 200, list.text);
  const item = list.json.opinions.find((o) => o.code === code);
  assert.ok(item, 'staff find it by a two-character word');
  assert.ok(!list.text.includes(PHONE), 'the list holds no contact');
  const full = await staff.req('GET', `/api/opinions/${item.id}`);
  assert.equal(full.status, 200, full.text);
  assert.deepEqual(full.json.opinion.contact, { name: NAME, phone: PHONE });
  // A delegate it is not routed to does not even learn it exists.
  const other = await d1.req('GET', `/api/opinions/${item.id}`);
  assert.equal(other.status, 404, other.text);
  const mine = await d1.req('GET', '/api/opinions');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(!mine.json.opinions.some((o) => o.id === item.id));
});

test('every bad submission is refused naming the field, and nothing is stored', async () => {
  const before = await total();
  const cases = [
    [{ ...issue(), title: undefined }, 'title'],
    [issue({ title: '路灯' }), 'title'],
    [issue({ title: '路灯坏了\n请修' }), 'title'],
    [issue({ content: '太短了' }), 'content'],
    [issue({ content: '啊啊啊啊啊啊啊啊啊啊啊啊' }), 'content'],
    [issue({ content: '看这里 http://a.example 和 http://b.example 还有 http://c.example 谢谢' }), 'content'],
    [issue({ category: 'weather' }), 'category'],
    [issue({ place: '' }), 'place'],
    [issue({ contact_phone: 'call me maybe' }), 'contact_phone'],
    [issue({ contact_phone: '123' }), 'contact_phone'],
    [issue({ delegate_id: 999999 }), 'delegate_id'],
    [issue({ station_id: 999999 }), 'station_id'],
    [{ ...issue(), secret: 1 }, 'secret'],
    [issue({ title: 'x'.repeat(61) }), 'title'],
  ];
  for (const [body, field] of cases) {
    const r = await submit(body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
  }
  const bad = await submit(issue(), 'bad device id!');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'X-Device-Id');
  assert.equal(await total(), before, 'no refused submission was stored');
});

test('the same text twice in a day is refused as a duplicate', async () => {
  const body = issue({ title: '重复提交检查', content: '北关桥护栏松动，过往行人很危险，请有关部门尽快加固。' });
  assert.equal((await submit(body)).status, 201);
  const again = await submit(body);
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.field, 'content');
});

test('submissions are limited per device and per address; codes cannot be guessed', async () => {
  const dev = newDevice();
  for (let i = 1; i <= 5; i++) {
    const r = await submit(issue({ title: `设备限流第${i}条`, content: `第${i}条：西街下水道堵塞，雨天积水严重，请疏通。` }), dev);
    assert.equal(r.status, 201, r.text);
  }
  const sixth = await submit(issue({ title: '设备限流第6条', content: '第6条：西街下水道堵塞，雨天积水严重，请疏通。' }), dev);
  assert.equal(sixth.status, 429, sixth.text);
  assert.equal(sixth.json.error.field, 'X-Device-Id');

  // Per address, on a server that allows 3 an hour: the 4th from new devices is refused.
  const small = await startServer({ args: ['--public-rate', '3'] });
  try {
    const c = new Client(small.url);
    for (let i = 1; i <= 3; i++) {
      const r = await c.req('POST', '/api/public/opinions', issue({ title: `地址限流${i}`, content: `第${i}条：东街路面破损，坑洼不平，请修补。` }), { 'x-device-id': newDevice() });
      assert.equal(r.status, 201, r.text);
    }
    const r = await c.req('POST', '/api/public/opinions', issue({ title: '地址限流4', content: '第4条：东街路面破损，坑洼不平，请修补。' }), { 'x-device-id': newDevice() });
    assert.equal(r.status, 429, r.text);
    assert.equal(r.json.error.field, 'address');
    // Unknown codes: 30 an hour per address, then refused even for real ones.
    for (let i = 0; i < 30; i++) {
      const m = await c.req('GET', `/api/public/opinions/AAAA-AAAA-AA${String(i).padStart(2, '0').replace(/[01]/g, 'B')}`);
      assert.equal(m.status, 404, m.text);
      assert.equal(m.json.error.field, 'code');
    }
    const blocked = await c.req('GET', '/api/public/opinions/AAAA-AAAA-AAAA');
    assert.equal(blocked.status, 429, blocked.text);
  } finally {
    await small.stop();
    small.cleanup();
  }
});

test('photos: images only, at most three, within the hour, read back as sent', async () => {
  const r = await submit(issue({ title: '照片检查：广场地砖破损', content: '人民广场东侧地砖大面积破损，雨天容易滑倒，请修复。' }));
  const { code } = r.json.opinion;
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('renda test image'), Buffer.from([0xff, 0xd9])]);
  const up = (body, type) => fetch(`${server.url}/api/public/opinions/${code}/photos`, { method: 'POST', headers: { 'content-type': type }, body });
  const notImage = await up(Buffer.from('%PDF-1.4 not a photo'), 'image/jpeg');
  assert.equal(notImage.status, 400);
  assert.equal((await notImage.json()).error.field, 'body');
  for (let i = 1; i <= 3; i++) {
    const ok = await up(jpeg, 'image/jpeg');
    assert.equal(ok.status, 201, await ok.text());
  }
  const fourth = await up(jpeg, 'image/jpeg');
  assert.equal(fourth.status, 409);
  const got = await fetch(`${server.url}/api/public/opinions/${code}/photos/2`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), jpeg);
  assert.equal((await fetch(`${server.url}/api/public/opinions/${code}/photos/4`)).status, 404);
  const v = await citizen.req('GET', `/api/public/opinions/${code}`);
  assert.equal(v.json.opinion.photos, 3);
  const unknown = await fetch(`${server.url}/api/public/opinions/ZZZZ-ZZZZ-ZZZZ/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: jpeg });
  assert.equal(unknown.status, 404);
});

test('from submission to a public answer: route, take, visit, suggestion, answer', async () => {
  const r = await submit(issue({ title: '实验小学门口交通拥堵', content: '实验小学门口上下学时段交通拥堵严重，建议增设交通协管员和临时停车位。', category: 'education' }));
  const { code } = r.json.opinion;
  const found = await staff.req('GET', '/api/opinions?q=' + encodeURIComponent('交通拥堵') + '&category=education');
  const item = found.json.opinions.find((o) => o.code === code);
  assert.ok(item, found.text);

  // The delegate cannot take it before it is routed to them.
  assert.equal((await d2.req('POST', `/api/opinions/${item.id}/take`)).status, 404);
  const both = await staff.req('POST', `/api/opinions/${item.id}/route`, { delegate_id: ids.daibiao02, station_id: 1 });
  assert.equal(both.status, 400, both.text);
  const routed = await staff.req('POST', `/api/opinions/${item.id}/route`, { delegate_id: ids.daibiao02 });
  assert.equal(routed.status, 200, routed.text);
  assert.equal(routed.json.opinion.state, 'routed');

  // Another delegate neither sees nor takes it.
  assert.equal((await d1.req('POST', `/api/opinions/${item.id}/take`)).status, 404);
  const view = await d2.req('GET', `/api/opinions/${item.id}`);
  assert.equal(view.status, 200, view.text);
  assert.equal(view.json.opinion.viewer.take, true);
  // Not handling yet: no contact.
  assert.equal(view.json.opinion.contact, null);
  const taken = await d2.req('POST', `/api/opinions/${item.id}/take`);
  assert.equal(taken.status, 200, taken.text);
  assert.equal(taken.json.opinion.state, 'taken');
  assert.deepEqual(taken.json.opinion.contact, { name: NAME, phone: PHONE });
  assert.equal((await d2.req('POST', `/api/opinions/${item.id}/take`)).status, 409);

  // A visit: not in the future, not before the submission.
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const future = await d2.req('POST', `/api/opinions/${item.id}/activities`, { kind: 'visit', held_on: tomorrow, note: '走访' });
  assert.equal(future.status, 400, future.text);
  assert.equal(future.json.error.field, 'held_on');
  const badKind = await d2.req('POST', `/api/opinions/${item.id}/activities`, { kind: 'party', held_on: today, note: '走访' });
  assert.equal(badKind.json.error.field, 'kind');
  const visit = await d2.req('POST', `/api/opinions/${item.id}/activities`, { kind: 'visit', held_on: today, note: '到校门口实地查看，与校长和家长代表座谈。' });
  assert.equal(visit.status, 200, visit.text);
  assert.equal(visit.json.opinion.activities.length, 1);

  // The suggestion it became: only one the delegate put their name to.
  const theirs = await d1.req('POST', '/api/suggestions', { title: '关于别的事的建议', content: '别的事情的内容，用于检查只能关联自己的建议。', category: 'other' });
  assert.equal(theirs.status, 201, theirs.text);
  const notMine = await d2.req('POST', `/api/opinions/${item.id}/suggestion`, { suggestion_id: theirs.json.suggestion.id });
  assert.equal(notMine.status, 403, notMine.text);
  const sugg = await d2.req('POST', '/api/suggestions', { title: '关于缓解实验小学门口交通拥堵的建议', content: '建议交警部门在上下学时段增派警力，并规划临时停车位。', category: 'urban' });
  assert.equal(sugg.status, 201, sugg.text);
  const linked = await d2.req('POST', `/api/opinions/${item.id}/suggestion`, { suggestion_id: sugg.json.suggestion.id });
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.json.opinion.state, 'suggested');

  let pub = await citizen.req('GET', `/api/public/opinions/${code}`);
  assert.equal(pub.json.opinion.suggestion.title, '关于缓解实验小学门口交通拥堵的建议');
  assert.deepEqual(pub.json.opinion.timeline.map((e) => e.action), ['submit', 'route', 'take', 'record', 'suggest']);
  assert.ok(!pub.text.includes('校长和家长代表座谈'), 'the visit notes stay inside');

  const answer = '已与县交警大队协调，上下学时段增派两名协管员，临时停车位下月启用。';
  const done = await d2.req('POST', `/api/opinions/${item.id}/answer`, { answer });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.opinion.state, 'closed');
  assert.equal(done.json.opinion.viewer.answer, false, 'the table allows no answer after closing');
  const staffView = (await staff.req('GET', `/api/opinions/${item.id}`)).json.opinion.viewer;
  assert.deepEqual([staffView.route, staffView.merge, staffView.answer, staffView.triage], [false, false, false, false]);
  assert.equal((await d2.req('POST', `/api/opinions/${item.id}/answer`, { answer })).status, 409);

  pub = await citizen.req('GET', `/api/public/opinions/${code}`);
  assert.equal(pub.json.opinion.state, 'closed');
  assert.equal(pub.json.opinion.answer, answer);
  assert.ok(pub.json.opinion.answered_by.length > 0);
  assert.ok(!pub.text.includes(PHONE));
  const stats = await citizen.req('GET', '/api/public/opinions/stats');
  assert.ok(stats.json.answer_days.closed >= 1);
  assert.ok(stats.json.by_state.some((s) => s.state === 'closed'));
});

test('likely duplicates are suggested, merged, and the citizen is pointed to the original', async () => {
  const a = await submit(issue({ title: '光明路路面塌陷', content: '光明路与建设街交叉口路面塌陷，形成大坑，车辆通行危险，请尽快修复。' }));
  const b = await submit(issue({ title: '光明路路面塌陷很危险', content: '光明路和建设街交叉口的路面塌陷了，有一个大坑，车辆通行很危险。' }));
  const list = await staff.req('GET', '/api/opinions?q=' + encodeURIComponent('光明路'));
  const ia = list.json.opinions.find((o) => o.code === a.json.opinion.code);
  const ib = list.json.opinions.find((o) => o.code === b.json.opinion.code);
  const sim = await staff.req('GET', `/api/opinions/${ib.id}/similar`);
  assert.equal(sim.status, 200, sim.text);
  assert.equal(sim.json.similar[0].id, ia.id, sim.text);
  assert.ok(sim.json.similar[0].score >= 250);
  assert.equal((await d1.req('GET', `/api/opinions/${ib.id}/similar`)).status, 403);

  const self = await staff.req('POST', `/api/opinions/${ib.id}/merge`, { into_id: ib.id });
  assert.equal(self.status, 400);
  assert.equal(self.json.error.field, 'into_id');
  const merged = await staff.req('POST', `/api/opinions/${ib.id}/merge`, { into_id: ia.id });
  assert.equal(merged.status, 200, merged.text);
  const pub = await citizen.req('GET', `/api/public/opinions/${b.json.opinion.code}`);
  assert.equal(pub.json.opinion.state, 'merged');
  assert.equal(pub.json.opinion.merged_into, a.json.opinion.code);
  // A merged issue moves no further.
  assert.equal((await staff.req('POST', `/api/opinions/${ib.id}/route`, { delegate_id: ids.daibiao01 })).status, 409);
});

test('staff refuse an inadmissible issue with a reason the citizen reads', async () => {
  const r = await submit(issue({ title: '邻居家纠纷请处理', content: '邻居家装修噪音太大，希望人大代表帮忙调解私人纠纷。', category: 'other' }));
  const list = await staff.req('GET', '/api/opinions?state=submitted&q=' + encodeURIComponent('装修噪音'));
  const it = list.json.opinions.find((o) => o.code === r.json.opinion.code);
  const noReason = await staff.req('POST', `/api/opinions/${it.id}/reject`, {});
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.field, 'reason');
  const reason = '属于民事纠纷，请向社区人民调解委员会申请调解。';
  const rej = await staff.req('POST', `/api/opinions/${it.id}/reject`, { reason });
  assert.equal(rej.status, 200, rej.text);
  const pub = await citizen.req('GET', `/api/public/opinions/${r.json.opinion.code}`);
  assert.equal(pub.json.opinion.state, 'rejected');
  assert.equal(pub.json.opinion.reason, reason);
  // Delegates cannot refuse.
  assert.equal((await d1.req('POST', `/api/opinions/${it.id}/reject`, { reason })).status, 403);
});

test('a delegate code routes to the delegate at once; a station routes to its delegates', async () => {
  const r = await submit(issue({ title: '代表码：农村饮水问题', content: '河西村自来水经常停水，水质浑浊，请代表反映。', category: 'agriculture', delegate_id: ids.daibiao01 }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.opinion.state, 'routed');
  const mine = await d1.req('GET', '/api/opinions');
  assert.ok(mine.json.opinions.some((o) => o.code === r.json.opinion.code), 'the addressed delegate sees it');

  const st = await staff.req('POST', '/api/stations', { name: '城关镇代表联络站', place: '城关镇', address: '城关镇人民路1号', reception: '每月5日、20日上午', phone: '0000-1234567' });
  assert.equal(st.status, 201, st.text);
  const dup = await staff.req('POST', '/api/stations', { name: '城关镇代表联络站' });
  assert.equal(dup.status, 409);
  const badMember = await staff.req('PUT', `/api/stations/${st.json.station.id}/delegates`, { delegate_ids: [999999] });
  assert.equal(badMember.status, 400);
  const members = await staff.req('PUT', `/api/stations/${st.json.station.id}/delegates`, { delegate_ids: [ids.daibiao03] });
  assert.equal(members.status, 200, members.text);
  assert.deepEqual(members.json.station.delegates.map((d) => d.id), [ids.daibiao03]);
  const pubList = await citizen.req('GET', '/api/public/stations');
  const pubSt = pubList.json.stations.find((s) => s.id === st.json.station.id);
  assert.equal(pubSt.reception, '每月5日、20日上午');

  const s = await submit(issue({ title: '联络站：集市占道经营', content: '城关镇集市占道经营严重，影响车辆通行，请联络站代表关注。', station_id: st.json.station.id }));
  assert.equal(s.json.opinion.state, 'routed');
  const seen = await d3.req('GET', '/api/opinions?station_id=' + st.json.station.id);
  const it = seen.json.opinions.find((o) => o.code === s.json.opinion.code);
  assert.ok(it, seen.text);
  assert.equal((await d1.req('GET', `/api/opinions/${it.id}`)).status, 404, 'not a member');
  const take = await d3.req('POST', `/api/opinions/${it.id}/take`);
  assert.equal(take.status, 200, take.text);
  assert.equal(take.json.opinion.delegate.id, ids.daibiao03);
});

test('search: filters, Chinese words, and query syntax in user text is inert', async () => {
  const r = await submit(issue({ title: '搜索检查：G105国道噪音', content: 'G105国道经过河东村路段夜间大货车噪音扰民，请限速。', place: '河东村', category: 'environment' }));
  const q = (s) => staff.req('GET', '/api/opinions?' + new URLSearchParams(s).toString());
  const hit = await q({ q: 'g105', place: '河东村' });
  assert.ok(hit.json.opinions.some((o) => o.code === r.json.opinion.code), hit.text);
  const phrase = await q({ q: '国道噪音' });
  assert.ok(phrase.json.opinions.some((o) => o.code === r.json.opinion.code));
  // The same characters, not together: no match for the phrase.
  const scattered = await q({ q: '噪道' });
  assert.ok(!scattered.json.opinions.some((o) => o.code === r.json.opinion.code));
  const wrongPlace = await q({ q: 'g105', place: '城关镇' });
  assert.ok(!wrongPlace.json.opinions.some((o) => o.code === r.json.opinion.code));
  for (const evil of ['" OR *', 'title:国道', 'NEAR(国道 噪音)', '国道 AND', '^噪音', '"']) {
    const e = await q({ q: evil });
    assert.ok(e.status === 200 || e.status === 400, `${evil}: ${e.text}`);
    if (e.status === 400) assert.equal(e.json.error.field, 'q');
  }
  const nothing = await q({ q: '，。！' });
  assert.equal(nothing.status, 400);
  assert.equal(nothing.json.error.field, 'q');
  for (const [k, v] of [['state', 'lost'], ['category', 'x'], ['from', '2026-13-01'], ['per_page', '1000']]) {
    const b = await q({ [k]: v });
    assert.equal(b.status, 400, `${k}: ${b.text}`);
    assert.equal(b.json.error.field, k);
  }
  const dated = await q({ q: 'g105', from: '2000-01-01', to: '2000-12-31' });
  assert.equal(dated.json.opinions.length, 0);
});

test('an acknowledged submission survives kill -9', async () => {
  const own = await startServer();
  const c = new Client(own.url);
  const r = await c.req('POST', '/api/public/opinions', issue({ title: '崩溃检查：桥梁裂缝', content: '南河大桥桥面出现多条裂缝，存在安全隐患，请检测。' }), { 'x-device-id': newDevice() });
  assert.equal(r.status, 201, r.text);
  await own.kill();
  const again = await startServer({ dataDir: own.dataDir });
  try {
    const v = await new Client(again.url).req('GET', `/api/public/opinions/${r.json.opinion.code}`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.json.opinion.title, '崩溃检查：桥梁裂缝');
  } finally {
    await again.stop();
    again.cleanup();
  }
});

test('photos are refused an hour after submitting', async () => {
  const own = await startServer();
  const c = new Client(own.url);
  const r = await c.req('POST', '/api/public/opinions', issue({ title: '时限检查：公厕无人管理', content: '汽车站旁公厕长期无人打扫，卫生状况很差。' }), { 'x-device-id': newDevice() });
  assert.equal(r.status, 201, r.text);
  await own.stop();
  // Make the issue two hours old, as the clock would.
  const u = sqlOn(own.dataDir, 'UPDATE opinions SET submitted_at = submitted_at - 7200000');
  assert.equal(u.status, 0, u.stderr);
  const again = await startServer({ dataDir: own.dataDir });
  try {
    const late = await fetch(`${again.url}/api/public/opinions/${r.json.opinion.code}/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
    assert.equal(late.status, 409);
    assert.equal((await late.json()).error.field, 'code');
  } finally {
    await again.stop();
    again.cleanup();
  }
});

test('the demo tracking code the README names follows an answered issue', async () => {
  const r = await citizen.req('GET', '/api/public/opinions/KRVQ-KEBZ-99Y1');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.opinion.state, 'closed');
  assert.ok(r.json.opinion.answer.length > 0);
  assert.deepEqual(r.json.opinion.timeline.map((e) => e.action), ['submit', 'route', 'take', 'record', 'answer']);
});

test('the dashboard: answers follow changes; varying the dates cannot make the server recompute without end', async () => {
  const own = await startServer();
  try {
    const c = new Client(own.url);
    const t0 = (await c.req('GET', '/api/public/opinions/stats')).json.total;
    const r = await c.req('POST', '/api/public/opinions', issue({ title: '看板检查：菜市场排水', content: '农贸市场排水沟堵塞，污水横流，请清理。' }), { 'x-device-id': newDevice() });
    assert.equal(r.status, 201, r.text);
    assert.equal((await c.req('GET', '/api/public/opinions/stats')).json.total, t0 + 1, 'a kept answer does not hide a new issue');
    // 60 computations an hour per address; kept answers do not count.
    let refused = null;
    for (let i = 0; i < 70 && !refused; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
      const s = await c.req('GET', `/api/public/opinions/stats?from=2025-${month}-${day}`);
      if (s.status === 429) refused = i;
      else assert.equal(s.status, 200, s.text);
    }
    assert.ok(refused !== null && refused >= 55 && refused <= 60, `refused at ${refused}`);
    const bad = await c.req('GET', '/api/public/opinions/stats?from=2025-02-30');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'from');
  } finally {
    await own.stop();
    own.cleanup();
  }
});
