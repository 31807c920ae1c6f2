// The duty record (履职档案, issue 7): a delegate's year built from what renda
// stores — attendance, polls voted in (never an anonymous choice), election
// rounds taken part in (never a choice), suggestions with results, public
// issues, liaison activities — as JSON and as PDF; the public profile with
// nothing personal; the delegate's code (代表码) as SVG and the printable
// sheet; recording liaison activities, with every bad input refused.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { writeFileSync, mkdtempSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, Client } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'renda-duty-'));
let server, staff, f;

// Today in Asia/Shanghai, as the server counts years.
const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
const today = shanghai(Date.now());
const year = Number(today.slice(0, 4));

async function get(path, client, headers = {}) {
  const h = { ...headers };
  if (client && client.cookie) h.cookie = client.cookie;
  const r = await fetch(server.url + path, { headers: h });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

// A GET with a Host header of our choosing (fetch does not let one set it).
function getWithHost(path, host) {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const pdfText = (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const flat = (s) => s.replace(/\s+/g, '');
function save(bytes, name) {
  const file = join(work, name);
  writeFileSync(file, bytes);
  try { // page 1 as a PNG in build/check/ for a person to look at
    const dir = join(root, 'build', 'check');
    mkdirSync(dir, { recursive: true });
    copyFileSync(file, join(dir, name));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name.replace(/\.pdf$/, ''))]);
  } catch { /* only an aid for the eye */ }
  return file;
}

// A small congress of its own, 4 delegates with accounts so that the quorum
// is easy to reach; term 9, older than the demo's 17, which stays the newest.
async function congress() {
  const term = (await staff.req('POST', '/api/terms', { number: 9, name: '测试县第九届人民代表大会' })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '测试县第九届人民代表大会第一次会议' })).json.session;
  const dg = (await staff.req('POST', `/api/terms/${term.id}/delegations`, { name: '城关镇代表团' })).json.delegation;
  const names = ['欧阳如意', '钱多多', '孙一', '李二'];
  const delegates = [];
  for (let i = 0; i < names.length; i++) {
    const r = await staff.req('POST', `/api/terms/${term.id}/delegates`, {
      name: names[i], gender: i % 2 ? '女' : '男', birth_date: '1970-05-0' + (i + 1), party: '中共党员',
      occupation: '教师', delegation_id: dg.id, constituency: `第${i + 1}选区`, seat: `1排${i + 1}座`,
    });
    assert.equal(r.status, 201, r.text);
    const d = r.json.delegate;
    const username = `duty${i + 1}`;
    assert.equal((await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(server.url);
    await c.login(username, 'password1');
    delegates.push({ ...d, c });
  }
  return { term, session, delegates };
}

test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  f = await congress();
});
test.after(async () => { await server.stop(); server.cleanup(); rmSync(work, { recursive: true, force: true }); });

test('the duty record counts attendance, votes, rounds and suggestions, and never a secret choice', async () => {
  const [d1, d2, d3, d4] = f.delegates;
  const mk = async (n) => (await staff.req('POST', `/api/sessions/${f.session.id}/plenaries`, { number: n, title: `第${n}次全体会议` })).json.plenary;
  // Plenary 1: d1 present, d4 excused; a named and an anonymous vote.
  const p1 = await mk(1);
  assert.equal((await staff.req('POST', `/api/plenaries/${p1.id}/open`)).status, 200);
  for (const d of [d1, d2, d3]) assert.equal((await d.c.req('POST', `/api/plenaries/${p1.id}/checkin`)).status, 200);
  assert.equal((await staff.req('PUT', `/api/plenaries/${p1.id}/attendance/${d4.id}`, { state: 'excused', reason: '出差' })).status, 200);
  const named = (await staff.req('POST', `/api/plenaries/${p1.id}/polls`, { title: '关于政府工作报告的决议' })).json.poll;
  const secret = (await staff.req('POST', `/api/plenaries/${p1.id}/polls`, { title: '关于人事任免的决定', anonymous: true })).json.poll;
  for (const [poll, choice] of [[named, 'no'], [secret, 'abstain']]) {
    assert.equal((await staff.req('POST', `/api/polls/${poll.id}/open`)).status, 200);
    for (const d of [d1, d2, d3]) assert.equal((await d.c.req('POST', `/api/polls/${poll.id}/vote`, { choice })).status, 200);
    assert.equal((await staff.req('POST', `/api/polls/${poll.id}/close`)).status, 200);
    assert.equal((await staff.req('POST', `/api/polls/${poll.id}/release`)).status, 200);
  }
  // An election round by secret ballot.
  let r = await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 2 });
  assert.equal(r.status, 201, r.text);
  const election = r.json.election;
  for (const [name, by] of [['王五', 'presidium'], ['丁一', 'presidium'], ['欧阳明华', 'joint']]) {
    assert.equal((await staff.req('POST', `/api/elections/${election.id}/candidates`, { name, nominated_by: by })).status, 201);
  }
  r = await staff.req('POST', `/api/elections/${election.id}/rounds`, { plenary_id: p1.id });
  assert.equal(r.status, 201, r.text);
  const round = r.json.round;
  assert.equal((await staff.req('POST', `/api/rounds/${round.id}/open`)).status, 200);
  for (const d of [d1, d2, d3]) assert.equal((await d.c.req('POST', `/api/rounds/${round.id}/ballot`, { yes: ['丁一'], no: ['王五'] })).status, 200);
  assert.equal((await staff.req('POST', `/api/rounds/${round.id}/close`)).status, 200);
  assert.equal((await staff.req('POST', `/api/plenaries/${p1.id}/close`)).status, 200);
  // Plenary 2: d1 absent (never checked in); plenary 3 only scheduled.
  const p2 = await mk(2);
  await staff.req('POST', `/api/plenaries/${p2.id}/open`);
  for (const d of [d2, d3, d4]) await d.c.req('POST', `/api/plenaries/${p2.id}/checkin`);
  await mk(3);

  // A suggestion by d1, co-signed by d2, replied and rated.
  r = await d1.c.req('POST', '/api/suggestions', { title: '关于修缮城关镇主干道的建议', content: '路面破损严重，雨天积水。' });
  assert.equal(r.status, 201, r.text);
  const S = `/api/suggestions/${r.json.suggestion.id}`;
  assert.equal((await d2.c.req('POST', `${S}/cosign`)).status, 200);
  r = await staff.req('POST', '/api/units', { name: '县交通运输局（履职）', username: 'dutyunit', password: 'password1' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await staff.req('POST', `${S}/assign`, { lead_unit_id: r.json.unit.id })).status, 200);
  const unit = new Client(server.url);
  await unit.login('dutyunit', 'password1');
  assert.equal((await unit.req('POST', `${S}/reply`, { category: 'planned', content: '列入明年计划。', signed_by: '王局长' })).status, 200);
  assert.equal((await d1.c.req('POST', `${S}/rate`, { rating: 'basically_satisfied' })).status, 200);

  // The delegate's own record.
  r = await d1.c.req('GET', `/api/delegates/${d1.id}/duty`);
  assert.equal(r.status, 200, r.text);
  const rec = r.json;
  assert.equal(rec.year, year);
  assert.equal(rec.delegate.name, '欧阳如意');
  assert.equal(rec.delegate.delegation, '城关镇代表团');
  assert.deepEqual(
    { total: rec.plenaries.total, present: rec.plenaries.present, absent: rec.plenaries.absent, excused: rec.plenaries.excused },
    { total: 2, present: 1, absent: 1, excused: 0 }, 'two plenaries held, the scheduled one not counted');
  assert.deepEqual(rec.plenaries.items.map((p) => p.state), ['present', 'absent']);
  assert.equal(rec.polls.voted, 2);
  assert.equal(rec.polls.total, 2);
  const byTitle = Object.fromEntries(rec.polls.items.map((p) => [p.title, p]));
  assert.equal(byTitle['关于政府工作报告的决议'].choice, 'no', 'a named, released vote is public anyway');
  assert.equal(byTitle['关于人事任免的决定'].anonymous, true);
  assert.equal(byTitle['关于人事任免的决定'].choice, null, 'an anonymous choice never leaves the store');
  assert.ok(!JSON.stringify(rec).includes('abstain'), 'no trace of the secret choice anywhere');
  assert.equal(rec.elections.rounds, 1);
  assert.deepEqual(Object.keys(rec.elections.items[0]).sort(), ['election', 'kind', 'office', 'opened_at', 'round_id']);
  assert.equal(rec.elections.items[0].election, '副县长');
  assert.equal(rec.suggestions.count, 1);
  assert.equal(rec.suggestions.proposed, 1);
  assert.equal(rec.suggestions.replied, 1);
  assert.equal(rec.suggestions.results.planned, 1);
  assert.equal(rec.suggestions.ratings.basically_satisfied, 1);
  const s = rec.suggestions.items[0];
  assert.deepEqual([s.role, s.state, s.result, s.rating, s.lead_unit], ['proposer', 'replied', 'planned', 'basically_satisfied', '县交通运输局（履职）']);
  assert.equal(rec.summary.plenaries_attended, 1);
  assert.equal(rec.summary.plenaries_total, 2);
  assert.equal(rec.summary.polls_voted, 2);
  assert.equal(rec.summary.election_rounds, 1);
  assert.equal(rec.summary.suggestions, 1);

  // The co-signer's record; d4 excused from plenary 1.
  r = await staff.req('GET', `/api/delegates/${d2.id}/duty`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.suggestions.co_signed, 1);
  assert.equal(r.json.suggestions.items[0].role, 'co_signer');
  assert.equal(r.json.suggestions.items[0].rating, null, 'd2 has not rated');
  r = await staff.req('GET', `/api/delegates/${d4.id}/duty`);
  assert.deepEqual([r.json.plenaries.present, r.json.plenaries.excused, r.json.polls.voted, r.json.elections.rounds], [1, 1, 0, 0]);

  // Who may read it.
  assert.equal((await d2.c.req('GET', `/api/delegates/${d1.id}/duty`)).status, 403, 'not another delegate');
  const zhuxi = new Client(server.url);
  await zhuxi.login('zhuxi');
  assert.equal((await zhuxi.req('GET', `/api/delegates/${d1.id}/duty`)).status, 403, 'nor the presidium');
  const auditor = new Client(server.url);
  await auditor.login('shenji');
  assert.equal((await auditor.req('GET', `/api/delegates/${d1.id}/duty`)).status, 403);
  assert.equal((await get(`/api/delegates/${d1.id}/duty`)).status, 401);
  assert.equal((await staff.req('GET', '/api/delegates/999999/duty')).status, 404);

  // Years: another year is empty; bad years are refused by name.
  r = await staff.req('GET', `/api/delegates/${d1.id}/duty?year=2001`);
  assert.equal(r.status, 200);
  assert.equal(r.json.year, 2001);
  assert.equal(r.json.plenaries.total + r.json.polls.voted + r.json.suggestions.count + r.json.elections.rounds, 0);
  for (const q of ['year=1999', 'year=abc', 'year=10000', 'yr=2026']) {
    r = await staff.req('GET', `/api/delegates/${d1.id}/duty?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.field, q.split('=')[0], q);
  }

  // As PDF: the name and the numbers, read back with pdftotext.
  const pdf = await get(`/api/delegates/${d1.id}/duty.pdf`, d1.c);
  assert.equal(pdf.status, 200);
  assert.match(pdf.type, /application\/pdf/);
  assert.equal(pdf.bytes.subarray(0, 4).toString(), '%PDF');
  const text = flat(pdfText(save(pdf.bytes, 'duty.pdf')));
  assert.ok(text.includes('欧阳如意'), 'the name (with 如, which the sans face drops): ' + text);
  assert.ok(text.includes('代表履职档案'), 'the title');
  assert.ok(text.includes(`${year}年度`), 'the year');
  assert.ok(text.includes('1次（共2次）'), 'attended 1 of 2 plenaries');
  assert.ok(text.includes('2次（共2次）'), 'voted in 2 of 2 polls');
  assert.ok(text.includes('关于修缮城关镇主干道的建议'), 'the suggestion');
  assert.ok(text.includes('已答复：列入计划'), 'its state and result');
  assert.ok(text.includes('无记名表决'), 'the anonymous poll without its choice');
  assert.ok(!text.includes('弃权'), 'no secret choice on paper');
  assert.equal((await get(`/api/delegates/${d1.id}/duty.pdf`, d2.c)).status, 403);
  assert.equal((await get(`/api/delegates/${d1.id}/duty.pdf?year=1999`, staff)).status, 400);
});

test('liaison activities: recorded by the delegate, every bad input refused with nothing stored', async () => {
  const [, , d3] = f.delegates;
  const A = '/api/me/activities';
  const before = (await d3.c.req('GET', A)).json.activities.length;
  const yesterday = shanghai(Date.now() - 86400000);
  let r = await d3.c.req('POST', A, { kind: 'visit', held_on: yesterday, note: '走访城关镇敬老院，听取老人对就医的意见。' });
  assert.equal(r.status, 201, r.text);
  const a = r.json.activity;
  assert.deepEqual([a.kind, a.held_on, a.station, a.opinion], ['visit', yesterday, null, null]);
  assert.ok(a.id > 0);
  r = await d3.c.req('POST', A, { kind: 'reception', held_on: today, note: '接待群众三人次' });
  assert.equal(r.status, 201, r.text);

  const tomorrow = shanghai(Date.now() + 86400000);
  const bad = [
    [{ kind: 'party', held_on: today, note: 'x' }, 'kind'],
    [{ held_on: today, note: 'x' }, 'kind'],
    [{ kind: 'visit', held_on: tomorrow, note: 'x' }, 'held_on'],
    [{ kind: 'visit', held_on: '1999-12-31', note: 'x' }, 'held_on'],
    [{ kind: 'visit', held_on: '2026-02-30', note: 'x' }, 'held_on'],
    [{ kind: 'visit', held_on: '2026/01/05', note: 'x' }, 'held_on'],
    [{ kind: 'visit', held_on: 20260105, note: 'x' }, 'held_on'],
    [{ kind: 'visit', held_on: today, note: '' }, 'note'],
    [{ kind: 'visit', held_on: today, note: ' \u3000 ' }, 'note'],
    [{ kind: 'visit', held_on: today, note: '字'.repeat(501) }, 'note'],
    [{ kind: 'visit', held_on: today, note: 'x', station_id: 999999 }, 'station_id'],
    [{ kind: 'visit', held_on: today, note: 'x', station_id: 0 }, 'station_id'],
    [{ kind: 'visit', held_on: today, note: 'x', delegate_id: 1 }, 'delegate_id'],
  ];
  for (const [body, field] of bad) {
    r = await d3.c.req('POST', A, body);
    assert.equal(r.status, 400, JSON.stringify(body) + ' ' + r.text);
    assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  assert.equal((await d3.c.req('POST', A, { kind: 'other', held_on: today, note: '字'.repeat(500) })).status, 201, '500 characters fit');
  const list = (await d3.c.req('GET', A)).json.activities;
  assert.equal(list.length, before + 3, 'only the good ones were stored');
  assert.equal(list[0].held_on, today, 'newest first');
  assert.equal((await d3.c.req('GET', `${A}?year=2001`)).json.activities.length, 0);

  // Only delegates; staff may not record for them here.
  assert.equal((await staff.req('POST', A, { kind: 'visit', held_on: today, note: 'x' })).status, 403);
  assert.equal((await get(A)).status, 401);
  // An audit entry with what and when, not the note.
  const audit = (await staff.req('GET', '/api/audit?limit=500')).json;
  const entries = audit.entries.filter((e) => e.action === 'activity.create');
  assert.ok(entries.length >= 3, 'audited');
  assert.ok(!JSON.stringify(entries).includes('敬老院'), 'the note stays out of the audit log');

  // At a liaison station.
  const st = await staff.req('POST', '/api/stations', { name: '南关社区人大代表联络站', place: '城关镇', address: '人民路1号', reception: '每月10日', phone: '' });
  assert.equal(st.status, 201, st.text);
  r = await d3.c.req('POST', A, { kind: 'reception', held_on: today, note: '联络站接待日', station_id: st.json.station.id });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.activity.station, { id: st.json.station.id, name: '南关社区人大代表联络站' });
  // The station's delegates show on their public profile.
  assert.equal((await staff.req('PUT', `/api/stations/${st.json.station.id}/delegates`, { delegate_ids: [d3.id] })).status, 200);
  const prof = JSON.parse((await get(`/api/public/delegates/${d3.id}`)).bytes.toString());
  assert.deepEqual(prof.delegate.stations, [{ id: st.json.station.id, name: '南关社区人大代表联络站' }]);

  // In the record, by kind.
  r = await staff.req('GET', `/api/delegates/${d3.id}/duty`);
  assert.ok(r.json.activities.by_kind.visit >= 1);
  assert.ok(r.json.activities.by_kind.reception >= 1);
  assert.equal(r.json.summary.activities, r.json.activities.count);
  assert.equal(r.json.activities.count, r.json.activities.items.length);
  // A suspended delegate records nothing.
  assert.equal((await staff.req('PUT', `/api/delegates/${d3.id}/status`, { status: 'suspended', date: today, reason: '测试' })).status, 200);
  r = await d3.c.req('POST', A, { kind: 'visit', held_on: today, note: 'x' });
  assert.equal(r.status, 403);
  assert.equal((await staff.req('PUT', `/api/delegates/${d3.id}/status`, { status: 'sitting', date: today })).status, 200);
});

test('public issues routed to the delegate are in the record, without the citizen', async () => {
  const [d1] = f.delegates;
  const citizen = new Client(server.url);
  let r = await citizen.req('POST', '/api/public/opinions', {
    title: '村口路灯不亮', content: '城关镇东街村口的路灯坏了两个月，夜里行人很不安全。', place: '城关镇',
    category: 'roads_transport', contact_name: '赵大妈', contact_phone: '13800000000', delegate_id: d1.id,
  }, { 'x-device-id': 'duty-test-device-0001' });
  assert.equal(r.status, 201, r.text);
  const code = r.json.opinion.code;
  r = await staff.req('GET', `/api/delegates/${d1.id}/duty`);
  assert.equal(r.json.opinions.count, 1);
  const item = r.json.opinions.items[0];
  assert.equal(item.code, code);
  assert.equal(item.title, '村口路灯不亮');
  assert.ok(['submitted', 'routed'].includes(item.state), item.state);
  assert.ok(!JSON.stringify(r.json).includes('13800000000') && !JSON.stringify(r.json).includes('赵大妈'), 'no contact details');

  // Taken up and answered: closed.
  const id = item.id;
  assert.equal((await d1.c.req('POST', `/api/opinions/${id}/take`)).status, 200);
  r = await d1.c.req('POST', `/api/opinions/${id}/answer`, { answer: '已联系镇政府，路灯已修复。' });
  assert.equal(r.status, 200, r.text);
  r = await d1.c.req('GET', `/api/delegates/${d1.id}/duty`);
  assert.equal(r.json.opinions.closed, 1);
  assert.equal(r.json.opinions.by_state.closed, 1);
  assert.equal(r.json.summary.opinions_closed, 1);
  assert.ok(r.json.opinions.items[0].closed_at);
  const pdf = await get(`/api/delegates/${d1.id}/duty.pdf`, staff);
  const text = flat(pdfText(save(pdf.bytes, 'duty-opinion.pdf')));
  assert.ok(text.includes(code) && text.includes('已办结'), 'the issue, its code and state on paper');
  assert.ok(text.includes('1件（已办结1件）'));
});

test('the public profile shows what a published list shows, and the counts', async () => {
  const [d1] = f.delegates;
  let r = await get(`/api/public/delegates/${d1.id}`);
  assert.equal(r.status, 200);
  const p = JSON.parse(r.bytes.toString());
  assert.deepEqual(Object.keys(p.delegate).sort(), ['constituency', 'delegation', 'gender', 'id', 'name', 'occupation', 'party', 'stations']);
  assert.equal(p.delegate.name, '欧阳如意');
  const text = JSON.stringify(p);
  for (const secret of ['1970-05-01', '1排1座', 'birth', 'seat', 'card', 'user', 'duty1']) assert.ok(!text.includes(secret), secret);
  assert.deepEqual(Object.keys(p.summary).sort(), ['activities', 'opinions_closed', 'plenaries_attended', 'plenaries_total', 'polls_voted', 'suggestions']);
  assert.equal(p.summary.plenaries_attended, 1);
  assert.equal(p.summary.plenaries_total, 2);
  assert.equal(p.summary.suggestions, 1);
  assert.equal(p.summary.opinions_closed, 1);
  assert.equal(p.year, year);
  assert.equal((await get(`/api/public/delegates/${d1.id}?year=1999`)).status, 400);
  assert.equal((await get('/api/public/delegates/999999')).status, 404);

  // A terminated delegate is gone from the public pages, code included.
  const gone = f.delegates[3];
  assert.equal((await staff.req('PUT', `/api/delegates/${gone.id}/status`, { status: 'terminated', date: today, reason: '辞去代表职务' })).status, 200);
  assert.equal((await get(`/api/public/delegates/${gone.id}`)).status, 404);
  assert.equal((await get(`/api/public/delegates/${gone.id}/qr.svg`)).status, 404);
  assert.equal((await staff.req('GET', `/api/delegates/${gone.id}/duty`)).status, 200, 'staff still read the record');
});

test('the delegate code: an SVG QR code of the public form, the Host header checked', async () => {
  const [d1] = f.delegates;
  const r = await get(`/api/public/delegates/${d1.id}/qr.svg`);
  assert.equal(r.status, 200);
  assert.match(r.type, /^image\/svg\+xml/);
  const svg = r.bytes.toString();
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.ok(svg.includes(`<title>${server.url}/public/submit?delegate=${d1.id}</title>`), svg.slice(0, 300));
  assert.match(svg, /<path d="(M\d+ \d+h\d+v1h-\d+z)+" fill="#000"\/>/);
  assert.ok(!/<script|on\w+=/i.test(svg));

  let h = await getWithHost(`/api/public/delegates/${d1.id}/qr.svg`, 'renda.example.gov.cn:8443');
  assert.equal(h.status, 200);
  assert.ok(h.body.includes(`<title>http://renda.example.gov.cn:8443/public/submit?delegate=${d1.id}</title>`));
  for (const bad of ['evil.com/"><script>', 'a b', 'x'.repeat(300), 'évil.com', 'a@b.com']) {
    h = await getWithHost(`/api/public/delegates/${d1.id}/qr.svg`, bad);
    if (h.status === 400) continue; // the HTTP layer may refuse it first
    assert.equal(h.status, 200, bad);
    assert.ok(h.body.includes(`<title>/public/submit?delegate=${d1.id}</title>`), 'relative for ' + bad);
    assert.ok(!h.body.includes('script'));
  }
  assert.equal((await get('/api/public/delegates/999999/qr.svg')).status, 404);
});

test('the sheet of codes: every sitting delegate in roster order, staff only', async () => {
  const [d1, d2] = f.delegates;
  const r = await get(`/api/delegates/qr-codes.pdf?term_id=${f.term.id}`, staff);
  assert.equal(r.status, 200);
  assert.match(r.type, /application\/pdf/);
  const text = pdfText(save(r.bytes, 'qr-codes.pdf'));
  const t = flat(text);
  assert.ok(t.includes('代表码'));
  assert.ok(t.includes('欧阳如意') && t.includes('钱多多'), t);
  assert.ok(!t.includes('李二'), 'terminated delegates are left off');
  assert.ok(t.includes(`/public/submit?delegate=${d1.id}`), 'the address under the code');
  assert.ok(t.indexOf('欧阳如意') < t.indexOf('钱多多'), 'roster order');
  assert.ok(t.includes(`delegate=${d2.id}`));
  // The demo term by default: ~200 delegates, several to a page.
  const all = await get('/api/delegates/qr-codes.pdf', staff);
  assert.equal(all.status, 200);
  const pages = Number(execFileSync('pdfinfo', [save(all.bytes, 'qr-codes-all.pdf')], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1]);
  assert.ok(pages >= 10 && pages <= 40, `pages ${pages}`);
  assert.equal((await get('/api/delegates/qr-codes.pdf', d1.c)).status, 403);
  assert.equal((await get('/api/delegates/qr-codes.pdf')).status, 401);
  assert.equal((await get('/api/delegates/qr-codes.pdf?term_id=999999', staff)).status, 404);
});
