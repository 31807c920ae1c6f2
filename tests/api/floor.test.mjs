// The session floor over the API: every state transition and every refusal,
// the quorum and the verdict at their boundaries, and one vote per delegate
// even when two devices press at the same instant.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, zhuxi;

// A small congress of its own: 6 delegates, all with accounts.
// All = 6: quorum needs ceil(2·6/3) = 4 present; a majority of all needs 4 yes.
async function congress(n = 6, termNumber = 99) {
  const term = (await staff.req('POST', '/api/terms', { number: termNumber, name: `测试第${termNumber}届` })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第一次会议' })).json.session;
  const dg = (await staff.req('POST', `/api/terms/${term.id}/delegations`, { name: '城关镇代表团' })).json.delegation;
  const delegates = [];
  for (let i = 0; i < n; i++) {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, {
      name: `代表${i + 1}`, gender: i % 2 ? '女' : '男', delegation_id: dg.id, seat: `1排${i + 1}座`,
    })).json.delegate;
    const username = `t${termNumber}d${i + 1}`;
    const r = await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' });
    assert.equal(r.status, 201, r.text);
    const c = new Client(server.url);
    assert.equal((await c.login(username, 'password1')).status, 200);
    delegates.push({ ...d, username, c });
  }
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '第一次全体会议' })).json.plenary;
  return { term, session, plenary, delegates };
}

async function checkin(f, k) {
  for (let i = 0; i < k; i++) {
    const r = await f.delegates[i].c.req('POST', `/api/plenaries/${f.plenary.id}/checkin`);
    assert.equal(r.status, 200, r.text);
  }
}

async function newPoll(f, body = {}) {
  const r = await staff.req('POST', `/api/plenaries/${f.plenary.id}/polls`, { title: '关于某事项的决议（草案）', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json.poll;
}

test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  zhuxi = new Client(server.url);
  await zhuxi.login('zhuxi');
});
test.after(async () => { await server.stop(); server.cleanup(); });

test('the demo congress: 199 of 200 delegates count, a quorum needs 133', async () => {
  const r = await staff.req('GET', '/api/plenaries/3');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.quorum, { all: 199, present: 0, required: 133, met: false });
  assert.equal(r.json.agenda.length, 6);
  assert.equal(r.json.polls.length, 6);
  assert.ok(r.json.polls.every((p) => p.state === 'draft' && p.threshold === 'majority_of_all'));
  const roll = await staff.req('GET', '/api/terms/1/delegates');
  assert.equal(roll.json.delegates.length, 200);
  assert.equal(roll.json.delegates.filter((d) => d.status === 'terminated').length, 1);
});

test('quorum at its boundary: 3 of 6 present is not enough to open a vote, 4 is', async () => {
  const f = await congress(6, 91);
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`)).status, 200);
  const poll = await newPoll(f);
  await checkin(f, 3);
  let q = (await staff.req('GET', `/api/plenaries/${f.plenary.id}`)).json.quorum;
  assert.deepEqual(q, { all: 6, present: 3, required: 4, met: false });
  const refused = await staff.req('POST', `/api/polls/${poll.id}/open`);
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.field, 'quorum');
  await checkin(f, 4); // the first three again (idempotent) and the fourth
  q = (await staff.req('GET', `/api/plenaries/${f.plenary.id}`)).json.quorum;
  assert.deepEqual(q, { all: 6, present: 4, required: 4, met: true });
  assert.equal((await staff.req('POST', `/api/polls/${poll.id}/open`)).status, 200);
});

test('a resolution needs more than half of ALL delegates: 3 yes of 6 fails, 4 passes', async () => {
  const f = await congress(6, 92);
  await zhuxi.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  await checkin(f, 6);
  for (const [yes, passed] of [[3, false], [4, true]]) {
    const poll = await newPoll(f, { title: `${yes} 票赞成` });
    assert.equal((await zhuxi.req('POST', `/api/polls/${poll.id}/open`)).status, 200);
    for (let i = 0; i < 6; i++) {
      const choice = i < yes ? 'yes' : i === 5 ? 'abstain' : 'no';
      if (i === 4 && yes === 3) continue; // one present delegate presses nothing
      const r = await f.delegates[i].c.req('POST', `/api/polls/${poll.id}/vote`, { choice });
      assert.equal(r.status, 200, r.text);
    }
    const closed = await zhuxi.req('POST', `/api/polls/${poll.id}/close`);
    assert.equal(closed.status, 200);
    const expectNo = yes === 3 ? 1 : 1;
    assert.deepEqual(closed.json.poll.result, {
      all: 6, present: 6, yes, no: expectNo, abstain: 1, not_voted: 6 - yes - expectNo - 1, needed: 4, passed,
    });
  }
});

test('two thirds of all: 4 of 6 passes, majority of present counts those present', async () => {
  const f = await congress(6, 93);
  await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  await checkin(f, 5);
  const two = await newPoll(f, { threshold: 'two_thirds_of_all' });
  await staff.req('POST', `/api/polls/${two.id}/open`);
  for (let i = 0; i < 4; i++) await f.delegates[i].c.req('POST', `/api/polls/${two.id}/vote`, { choice: 'yes' });
  const r = await staff.req('POST', `/api/polls/${two.id}/close`);
  assert.equal(r.json.poll.result.needed, 4);
  assert.equal(r.json.poll.result.passed, true);
  const pres = await newPoll(f, { threshold: 'majority_of_present' });
  await staff.req('POST', `/api/polls/${pres.id}/open`);
  for (let i = 0; i < 3; i++) await f.delegates[i].c.req('POST', `/api/polls/${pres.id}/vote`, { choice: 'yes' });
  const r2 = await staff.req('POST', `/api/polls/${pres.id}/close`);
  assert.equal(r2.json.poll.result.needed, 3, 'more than half of 5 present');
  assert.equal(r2.json.poll.result.passed, true);
  const bad = await staff.req('POST', `/api/plenaries/${f.plenary.id}/polls`, { title: 'x', threshold: 'most' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'threshold');
});

test('every refusal of a vote: before open, not checked in, not a delegate, twice, after close', async () => {
  const f = await congress(6, 94);
  await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  const poll = await newPoll(f);
  await checkin(f, 5); // delegate 6 stays out
  const [d1, , , , , d6] = f.delegates;
  let r = await d1.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 409);
  assert.match(r.json.error.message, /not opened/);
  await staff.req('POST', `/api/polls/${poll.id}/open`);
  r = await d6.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'attendance');
  r = await staff.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 403, 'staff are not delegates');
  const other = new Client(server.url);
  await other.login('daibiao01'); // a delegate, but of the demo congress
  r = await other.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'delegate');
  r = await d1.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'maybe' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'choice');
  r = await d1.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.deepEqual(r.json, { poll_id: poll.id, choice: 'yes', already: false });
  r = await d1.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 200);
  assert.equal(r.json.already, true, 'a retry counts once');
  r = await d1.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'no' });
  assert.equal(r.status, 409);
  assert.match(r.json.error.message, /first press/);
  // Nobody present may be marked away while the vote runs.
  r = await staff.req('PUT', `/api/plenaries/${f.plenary.id}/attendance/${d1.id}`, { state: 'absent' });
  assert.equal(r.status, 409);
  await staff.req('POST', `/api/polls/${poll.id}/close`);
  r = await f.delegates[1].c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' });
  assert.equal(r.status, 409);
  assert.match(r.json.error.message, /closed/);
  const p = (await staff.req('GET', `/api/polls/${poll.id}`)).json.poll;
  assert.equal(p.result.yes, 1, 'refused votes left no trace');
  assert.equal(p.result.not_voted, 4);
});

test('last-press-valid: a changed mind replaces the vote, still counted once', async () => {
  const f = await congress(6, 95);
  await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  await checkin(f, 4);
  const poll = await newPoll(f, { press_mode: 'last' });
  await staff.req('POST', `/api/polls/${poll.id}/open`);
  const d = f.delegates[0].c;
  for (const choice of ['yes', 'no', 'abstain']) assert.equal((await d.req('POST', `/api/polls/${poll.id}/vote`, { choice })).status, 200);
  assert.equal((await d.req('GET', `/api/polls/${poll.id}`)).json.poll.my_vote, 'abstain');
  const r = await staff.req('POST', `/api/polls/${poll.id}/close`);
  assert.deepEqual([r.json.poll.result.yes, r.json.poll.result.no, r.json.poll.result.abstain], [0, 0, 1]);
});

test('two devices of one delegate pressing at the same instant count once', async () => {
  const f = await congress(6, 96);
  await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  await checkin(f, 4);
  const same = await newPoll(f, { title: '同时同选' });
  const diff = await newPoll(f, { title: '同时异选' });
  const { username } = f.delegates[0];
  const tablet = new Client(server.url);
  const phone = new Client(server.url);
  await tablet.login(username, 'password1');
  await phone.login(username, 'password1');
  for (let round = 0; round < 2; round++) {
    const poll = round === 0 ? same : diff;
    await staff.req('POST', `/api/polls/${poll.id}/open`);
    const choices = round === 0 ? ['yes', 'yes'] : ['yes', 'no'];
    const answers = await Promise.all([
      tablet.req('POST', `/api/polls/${poll.id}/vote`, { choice: choices[0] }),
      phone.req('POST', `/api/polls/${poll.id}/vote`, { choice: choices[1] }),
    ]);
    const r = await staff.req('POST', `/api/polls/${poll.id}/close`);
    const { yes, no } = r.json.poll.result;
    assert.equal(yes + no, 1, 'counted once');
    if (round === 0) {
      assert.deepEqual(answers.map((a) => a.status), [200, 200]);
      assert.deepEqual(answers.map((a) => a.json.already).sort(), [false, true]);
    } else {
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      const winner = answers.find((a) => a.status === 200).json.choice;
      assert.equal(winner === 'yes' ? yes : no, 1, 'the accepted press is the one counted');
    }
  }
});

test('states move only forward, each by its officer', async () => {
  const f = await congress(6, 97);
  const poll = await newPoll(f);
  const P = `/api/polls/${poll.id}`;
  let r = await staff.req('POST', `${P}/open`);
  assert.equal(r.status, 409, 'plenary not open yet');
  assert.match(r.json.error.message, /plenary/);
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/close`)).status, 409, 'close a scheduled plenary');
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`)).status, 200);
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`)).status, 409, 'open twice');
  await checkin(f, 4);
  assert.equal((await staff.req('POST', `${P}/close`)).status, 409, 'close a draft');
  assert.equal((await staff.req('POST', `${P}/release`)).status, 409, 'release a draft');
  assert.equal((await f.delegates[0].c.req('POST', `${P}/open`)).status, 403, 'delegates cannot open votes');
  assert.equal((await zhuxi.req('POST', `${P}/open`)).status, 200);
  assert.equal((await zhuxi.req('POST', `${P}/open`)).status, 409, 'open twice');
  const second = await newPoll(f, { title: '另一项' });
  assert.equal((await zhuxi.req('POST', `/api/polls/${second.id}/open`)).status, 409, 'one open vote per plenary');
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/close`)).status, 409, 'not while a vote is open');
  assert.equal((await zhuxi.req('POST', `${P}/release`)).status, 409, 'release an open vote');
  await f.delegates[0].c.req('POST', `${P}/vote`, { choice: 'yes' });
  // While open: how many voted, never how.
  const live = (await f.delegates[1].c.req('GET', P)).json.poll;
  assert.equal(live.voted, 1);
  assert.equal(live.result, null);
  assert.equal((await zhuxi.req('POST', `${P}/close`)).status, 200);
  assert.equal((await zhuxi.req('POST', `${P}/close`)).status, 409, 'close twice');
  assert.equal((await f.delegates[1].c.req('GET', P)).json.poll.result, null, 'delegates wait for the release');
  assert.equal((await staff.req('GET', P)).json.poll.result.yes, 1, 'officers see it at once');
  const screen = (await f.delegates[1].c.req('GET', `/api/plenaries/${f.plenary.id}/screen`)).json;
  assert.equal(screen.poll.result, null);
  assert.equal(screen.poll.voted, 1);
  assert.equal((await zhuxi.req('POST', `${P}/release`)).status, 200);
  assert.equal((await zhuxi.req('POST', `${P}/release`)).status, 409);
  const shown = (await f.delegates[1].c.req('GET', `/api/plenaries/${f.plenary.id}/screen`)).json;
  assert.equal(shown.poll.result.yes, 1);
  assert.equal(shown.poll.result.passed, false);
  const votes = await f.delegates[1].c.req('GET', `${P}/votes`);
  assert.deepEqual(votes.json.votes.map((v) => [v.name, v.choice]), [['代表1', 'yes']]);
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/close`)).status, 200);
  assert.equal((await staff.req('POST', `/api/plenaries/${f.plenary.id}/polls`, { title: 'x' })).status, 409, 'closed plenary');
  assert.equal((await f.delegates[5].c.req('POST', `/api/plenaries/${f.plenary.id}/checkin`)).status, 409, 'check in to a closed plenary');
});

test('anonymous votes never list who voted how', async () => {
  const f = await congress(6, 98);
  await staff.req('POST', `/api/plenaries/${f.plenary.id}/open`);
  await checkin(f, 4);
  const poll = await newPoll(f, { anonymous: true });
  await staff.req('POST', `/api/polls/${poll.id}/open`);
  await f.delegates[0].c.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'no' });
  await staff.req('POST', `/api/polls/${poll.id}/close`);
  await staff.req('POST', `/api/polls/${poll.id}/release`);
  const r = await staff.req('GET', `/api/polls/${poll.id}/votes`);
  assert.equal(r.status, 403);
});

test('attendance: desk check-in by seat and card, excused needs a reason, suspended and terminated', async () => {
  const f = await congress(6, 90);
  const P = `/api/plenaries/${f.plenary.id}`;
  let r = await staff.req('POST', `${P}/checkin/desk`, { seat: '1排2座' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.delegate.name, '代表2');
  const card = (await staff.req('GET', `/api/delegates/${f.delegates[2].id}`)).json.delegate;
  assert.equal(card.card_code, undefined, 'card codes are not handed out in JSON');
  r = await staff.req('POST', `${P}/checkin/desk`, { seat: '9排9座' });
  assert.equal(r.status, 404);
  assert.equal(r.json.error.field, 'seat');
  r = await staff.req('POST', `${P}/checkin/desk`, { seat: '1排1座', delegate_id: f.delegates[0].id });
  assert.equal(r.status, 400, 'exactly one way of naming the delegate');
  r = await staff.req('POST', `${P}/checkin/desk`, { card_code: 'NOSUCHCARD' });
  assert.equal(r.status, 404);
  r = await staff.req('PUT', `${P}/attendance/${f.delegates[3].id}`, { state: 'excused' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await staff.req('PUT', `${P}/attendance/${f.delegates[3].id}`, { state: 'excused', reason: '因病请假' });
  assert.equal(r.status, 200);
  // Suspended: still counts among all, cannot check in. Terminated: no longer counts.
  r = await staff.req('PUT', `/api/delegates/${f.delegates[4].id}/status`, { status: 'suspended', date: '2026-03-01', reason: '依法暂停执行代表职务' });
  assert.equal(r.status, 200);
  r = await f.delegates[4].c.req('POST', `${P}/checkin`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'status');
  r = await staff.req('PUT', `/api/delegates/${f.delegates[5].id}/status`, { status: 'terminated', date: '2026-03-02', reason: '辞去代表职务' });
  assert.equal(r.status, 200);
  r = await staff.req('PUT', `/api/delegates/${f.delegates[5].id}/status`, { status: 'sitting', date: '2026-03-03' });
  assert.equal(r.status, 409, 'termination is final');
  r = await staff.req('PUT', `/api/delegates/${f.delegates[4].id}/status`, { status: 'terminated', date: '2026-03', reason: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'date');
  const list = (await staff.req('GET', `${P}/attendance`)).json;
  assert.deepEqual(list.quorum, { all: 5, present: 1, required: 4, met: false });
  assert.equal(list.attendance.length, 5, 'the terminated delegate is off the list');
  const states = Object.fromEntries(list.attendance.map((a) => [a.name, a.state]));
  assert.deepEqual(states, { 代表1: 'absent', 代表2: 'present', 代表3: 'absent', 代表4: 'excused', 代表5: 'absent' });
  const log = (await staff.req('GET', '/api/audit?limit=500&after=0')).json.entries;
  assert.ok(log.some((e) => e.action === 'delegate.status' && e.detail.to === 'terminated'));
});

test('the roll: validation names the field, seats are unique in a term', async () => {
  const term = (await staff.req('POST', '/api/terms', { number: 80, name: '测试第80届' })).json.term;
  const D = `/api/terms/${term.id}/delegates`;
  const cases = [
    [{ gender: '男' }, 'name'],
    [{ name: '张三', gender: '未知' }, 'gender'],
    [{ name: '张三', gender: '男', birth_date: '1970-02-30' }, 'birth_date'],
    [{ name: '张'.repeat(33), gender: '男' }, 'name'],
    [{ name: '张三', gender: '男', delegation_id: 999999 }, 'delegation_id'],
    [{ name: '张三', gender: '男', rank: 1 }, 'rank'],
  ];
  for (const [body, field] of cases) {
    const r = await staff.req('POST', D, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await staff.req('POST', D, { name: '张三', gender: '男', seat: 'A1' })).status, 201);
  const dup = await staff.req('POST', D, { name: '李四', gender: 'female', seat: 'A1' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.field, 'seat');
  assert.equal((await staff.req('GET', D)).json.delegates.length, 1);
  const del = new Client(server.url);
  await del.login('daibiao05');
  assert.equal((await del.req('POST', D, { name: '王五', gender: '男' })).status, 403);
  assert.equal((await del.req('GET', D)).status, 403, 'the roll with personal details is for officers');
  assert.equal((await staff.req('POST', '/api/terms', { number: 80, name: '重复' })).status, 409);
});

test('agenda items and a PDF document', async () => {
  const f = await congress(2, 81);
  const P = `/api/plenaries/${f.plenary.id}`;
  const pdf = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
  let r = await staff.req('POST', '/api/documents?title=' + encodeURIComponent('政府工作报告'), pdf, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  const doc = r.json.document;
  r = await staff.req('POST', '/api/documents?title=x', 'not a pdf', { 'content-type': 'application/pdf' });
  assert.equal(r.status, 400);
  r = await staff.req('POST', '/api/documents?title=x', pdf, { 'content-type': 'text/plain' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'Content-Type');
  r = await staff.req('POST', `${P}/agenda`, { title: '听取和审议政府工作报告', document_id: doc.id });
  assert.equal(r.status, 201);
  const item = r.json.item;
  assert.equal(item.position, 1);
  r = await staff.req('POST', `${P}/agenda`, { title: '其他', document_id: 424242 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'document_id');
  const got = await fetch(`${server.url}/api/documents/${doc.id}`, { headers: { cookie: f.delegates[0].c.cookie } });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.equal(got.headers.get('x-frame-options'), 'SAMEORIGIN', 'the UI may show it in a frame');
  assert.equal(await got.text(), pdf);
  assert.equal((await staff.req('PUT', `${P}/current`, { item_id: item.id })).status, 200);
  const screen = (await f.delegates[0].c.req('GET', `${P}/screen`)).json;
  assert.equal(screen.current_item.title, '听取和审议政府工作报告');
  const device = (await f.delegates[0].c.req('GET', '/api/me/floor')).json;
  assert.equal(device.current_item.title, '听取和审议政府工作报告');
  assert.equal((await staff.req('DELETE', `/api/agenda/${item.id}`)).status, 409, 'on the screens now');
  assert.equal((await staff.req('PUT', `${P}/current`, { item_id: 0 })).status, 200);
  assert.equal((await staff.req('DELETE', `/api/agenda/${item.id}`)).status, 200);
  assert.equal((await staff.req('GET', P)).json.agenda.length, 0);
});
