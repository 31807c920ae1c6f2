// Interpellations (质询案, RULES §6, LOL art. 24, DL art. 20): 10 or more
// delegates jointly, the organ named; the presidium decides the answer mode
// and forwards it; staff record the answer; each questioner rates it; half
// or more dissatisfied (DL art. 20: 半数以上) makes a second answer due.
// Every path and every refusal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, zhuxi, outsider, sessionId, termId;
const d = []; // delegate clients of term 17

async function login(username, password) {
  const c = new Client(server.url);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `${username}: ${r.text}`);
  return c;
}

test.before(async () => {
  server = await startServer();
  staff = await login('staff');
  zhuxi = await login('zhuxi');
  const sessions = (await staff.req('GET', '/api/sessions')).json.sessions;
  sessionId = sessions[0].id;
  termId = sessions[0].term_id;
  for (let i = 1; i <= 8; i++) d.push(await login(`daibiao0${i}`));
  const roll = (await staff.req('GET', `/api/terms/${termId}/delegates`)).json.delegates;
  const free = roll.filter((x) => x.status === 'sitting' && !x.has_account).slice(0, 6);
  for (const [k, x] of free.entries()) {
    const username = `extra${k + 10}`;
    assert.equal((await staff.req('POST', `/api/delegates/${x.id}/account`, { username, password: 'password1' })).status, 201);
    d.push(await login(username, 'password1'));
  }
  const t = await staff.req('POST', '/api/terms', { number: 18, name: '示范县第十八届人民代表大会' });
  const nd = await staff.req('POST', `/api/terms/${t.json.term.id}/delegates`, { name: '孙外届', gender: 'male' });
  assert.equal((await staff.req('POST', `/api/delegates/${nd.json.delegate.id}/account`, { username: 'waijie', password: 'password1' })).status, 201);
  outsider = await login('waijie', 'password1');
});
test.after(async () => { await server.stop(); server.cleanup(); });

const body = (over = {}) => ({
  session_id: sessionId,
  organ_kind: 'department',
  organ_name: '县交通运输局',
  question: '关于城乡客运班线停运问题的质询案',
  content: '今年以来全县有六条农村客运班线停运，群众出行困难。请县交通运输局说明停运原因、监管情况和恢复计划。',
  ...over,
});

// A lodged interpellation with n questioners: proposer, then co-signers.
async function lodged(n = 10, proposer = d[0]) {
  const r = await proposer.req('POST', '/api/interpellations', body());
  assert.equal(r.status, 201, r.text);
  const i = r.json.interpellation;
  for (const c of d.filter((x) => x !== proposer).slice(0, n - 1))
    assert.equal((await c.req('POST', `/api/interpellations/${i.id}/cosign`)).status, 200);
  const l = await proposer.req('POST', `/api/interpellations/${i.id}/lodge`);
  assert.equal(l.status, 200, l.text);
  return { ...l.json.interpellation, questioners: [proposer, ...d.filter((x) => x !== proposer).slice(0, n - 1)] };
}

async function answered(n) {
  const i = await lodged(n);
  const I = `/api/interpellations/${i.id}`;
  assert.equal((await zhuxi.req('POST', `${I}/forward`, { mode: 'written' })).status, 200);
  const r = await staff.req('POST', `${I}/answer`, { answered_by: '县交通运输局局长 王建华', answered_on: '2026-03-01', content: '六条班线因客流不足停运，已制定恢复方案。' });
  assert.equal(r.status, 200, r.text);
  return i;
}

async function rate(i, who, rating) {
  const r = await who.req('POST', `/api/interpellations/${i.id}/rate`, rating === 'dissatisfied' ? { rating, reason: '未说明监管责任' } : { rating });
  assert.equal(r.status, 200, r.text);
  return r.json.interpellation;
}

test('bad input is refused with 400 naming the field and changes nothing', async () => {
  const before = (await staff.req('GET', '/api/interpellations')).json.interpellations.length;
  for (const [over, field] of [
    [{ organ_kind: 'party_committee' }, 'organ_kind'],
    [{ organ_name: ' ' }, 'organ_name'],
    [{ question: '' }, 'question'],
    [{ content: 'x'.repeat(2001) }, 'content'],
    [{ session_id: 4242 }, 'session_id'],
  ]) {
    const r = await d[0].req('POST', '/api/interpellations', body(over));
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await outsider.req('POST', '/api/interpellations', body())).status, 403);
  assert.equal((await staff.req('GET', '/api/interpellations')).json.interpellations.length, before);
});

test('9 signers are not enough, 10 are; a non-member cannot join; joining twice', async () => {
  const r0 = await d[0].req('POST', '/api/interpellations', body({ organ_kind: 'court', organ_name: '县人民法院' }));
  const i = r0.json.interpellation;
  const I = `/api/interpellations/${i.id}`;
  assert.equal(i.state, 'collecting');
  assert.equal((await outsider.req('POST', `${I}/cosign`)).status, 403);
  for (const c of d.slice(1, 9)) assert.equal((await c.req('POST', `${I}/cosign`)).status, 200);
  assert.equal((await d[1].req('POST', `${I}/cosign`)).status, 409, 'joining twice');
  let r = await d[0].req('POST', `${I}/lodge`);
  assert.equal(r.status, 409, '9 signers');
  assert.equal(r.json.error.field, 'signers');
  assert.equal((await d[9].req('POST', `${I}/cosign`)).status, 200);
  assert.equal((await d[1].req('POST', `${I}/lodge`)).status, 403, 'the proposer lodges');
  r = await d[0].req('POST', `${I}/lodge`);
  assert.equal(r.json.interpellation.state, 'lodged');
  assert.equal(r.json.interpellation.signers, 10);
  assert.equal(r.json.interpellation.organ_kind, 'court');
});

test('the presidium forwards, staff record the answer, fewer than half dissatisfied: closed', async () => {
  const i = await lodged(10);
  const I = `/api/interpellations/${i.id}`;
  let r = await d[0].req('POST', `${I}/forward`, { mode: 'written' });
  assert.equal(r.status, 403, 'delegates do not decide');
  for (const [b, field] of [
    [{ mode: 'phone' }, 'mode'],
    [{ mode: 'oral' }, 'meeting'],
    [{ mode: 'oral', meeting: 'dinner' }, 'meeting'],
    [{ mode: 'written', meeting: 'plenary' }, 'meeting'],
  ]) {
    r = await zhuxi.req('POST', `${I}/forward`, b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await staff.req('POST', `${I}/answer`, { answered_by: '局长', answered_on: '2026-03-01', content: '答复' })).status, 409, 'not before it is forwarded');
  r = await zhuxi.req('POST', `${I}/forward`, { mode: 'oral', meeting: 'plenary', reason: '在第二次全体会议上口头答复' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.interpellation.state, r.json.interpellation.mode, r.json.interpellation.meeting], ['forwarded', 'oral', 'plenary']);
  assert.equal((await d[0].req('POST', `${I}/withdraw`, { reason: '撤回' })).status, 409, 'not once forwarded');

  assert.equal((await zhuxi.req('POST', `${I}/answer`, { answered_by: '局长', answered_on: '2026-03-01', content: '答复' })).status, 403, 'staff record it');
  for (const [b, field] of [
    [{ answered_by: ' ', answered_on: '2026-03-01', content: '答复' }, 'answered_by'],
    [{ answered_by: '局长', answered_on: '2999-01-01', content: '答复' }, 'answered_on'],
    [{ answered_by: '局长', answered_on: '2026-02-30', content: '答复' }, 'answered_on'],
    [{ answered_by: '局长', answered_on: '2026-03-01', content: '\n' }, 'content'],
  ]) {
    r = await staff.req('POST', `${I}/answer`, b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await d[0].req('POST', `${I}/rate`, { rating: 'satisfied' })).status, 409, 'nothing to rate yet');
  r = await staff.req('POST', `${I}/answer`, { answered_by: '县交通运输局局长 王建华', answered_on: '2026-03-01', content: '六条班线因客流不足停运，三月底前恢复四条。' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.interpellation.state, 'answered');
  assert.equal(r.json.interpellation.round, 1);
  assert.equal(r.json.interpellation.dissatisfied_needed, 5);

  // Refusals: a non-questioner, a bad rating, dissatisfied without a reason, twice.
  const nonQuestioner = d[12];
  r = await nonQuestioner.req('POST', `${I}/rate`, { rating: 'satisfied' });
  assert.equal(r.status, 403, 'rating by a non-questioner');
  assert.equal((await staff.req('POST', `${I}/rate`, { rating: 'satisfied' })).status, 403);
  r = await d[0].req('POST', `${I}/rate`, { rating: 'basically_satisfied' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'rating');
  r = await d[0].req('POST', `${I}/rate`, { rating: 'dissatisfied' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');

  const q = i.questioners;
  let s;
  for (const c of q.slice(0, 4)) s = await rate(i, c, 'dissatisfied');
  assert.equal(s.state, 'answered');
  assert.equal((await q[0].req('POST', `${I}/rate`, { rating: 'satisfied' })).status, 409, 'rating twice');
  for (const c of q.slice(4, 9)) s = await rate(i, c, 'satisfied');
  assert.equal(s.state, 'answered', 'waits for the last questioner');
  assert.equal((await q[9].req('GET', I)).json.viewer.can_rate, true);
  s = await rate(i, q[9], 'satisfied');
  assert.equal(s.state, 'closed', '4 of 10 dissatisfied: no second answer');
  assert.equal(s.new_answer_due, false);
  assert.equal(s.round, 1);

  const view = (await d[0].req('GET', I)).json;
  assert.deepEqual(view.timeline.map((e) => e.action), ['submit', ...Array(9).fill('cosign'), 'lodge', 'forward', 'answer', ...Array(9).fill('rate'), 'rate_closed']);
  assert.equal(view.answers.length, 1);
  assert.equal(view.answers[0].answered_by, '县交通运输局局长 王建华');
  assert.equal(view.answers[0].recorded_by, 'staff');
  assert.equal(view.answers[0].mode, 'oral');
  assert.equal(view.ratings.length, 10);
  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries;
  assert.equal(log.filter((e) => e.action === 'interpellation.step' && e.subject === `interpellation:${i.id}`).length, 9 + 1 + 1 + 1 + 10);
});

test('exactly half dissatisfied (DL art. 20: 半数以上) requires a second answer', async () => {
  const i = await answered(10);
  const I = `/api/interpellations/${i.id}`;
  const q = i.questioners;
  let s;
  for (const c of q.slice(0, 5)) s = await rate(i, c, 'satisfied');
  assert.equal(s.state, 'answered');
  for (const c of q.slice(5, 9)) s = await rate(i, c, 'dissatisfied');
  assert.equal(s.state, 'answered', '4 of 10 dissatisfied');
  s = await rate(i, q[9], 'dissatisfied');
  assert.equal(s.state, 'reanswer_required', '5 of 10: half, and 半数以上 includes half');
  assert.equal(s.new_answer_due, true);
  assert.equal((await staff.req('POST', `${I}/close`, {})).status, 409, 'the new answer is due');

  let r = await staff.req('POST', `${I}/answer`, { answered_by: '县交通运输局局长 王建华', answered_on: '2026-03-03', content: '补充说明监管责任和恢复时间表。' });
  assert.equal(r.json.interpellation.state, 'answered');
  assert.equal(r.json.interpellation.round, 2);
  assert.equal(r.json.interpellation.rated, 0, 'a new round of ratings');
  for (const c of q.slice(0, 9)) s = await rate(i, c, c === q[0] ? 'dissatisfied' : 'satisfied');
  s = await rate(i, q[9], 'satisfied');
  assert.equal(s.state, 'closed');
  const view = (await q[3].req('GET', I)).json;
  assert.deepEqual(view.answers.map((a) => a.round), [1, 2]);
  assert.equal(view.ratings.length, 20);
  assert.ok(view.timeline.some((e) => e.action === 'rate_reanswer'));
});

test('more than half dissatisfied requires it; fewer than half of 11 does not', async () => {
  let i = await answered(10);
  let s;
  for (const c of i.questioners.slice(0, 6)) s = s?.state === 'reanswer_required' ? s : await rate(i, c, 'dissatisfied');
  assert.equal(s.state, 'reanswer_required');

  i = await answered(11);
  const q = i.questioners;
  assert.equal(q.length, 11);
  for (const c of q.slice(0, 5)) s = await rate(i, c, 'dissatisfied');
  assert.equal(s.state, 'answered', '5 of 11 is under half');
  assert.equal(s.dissatisfied_needed, 6);
  for (const c of q.slice(5)) s = await rate(i, c, 'satisfied');
  assert.equal(s.state, 'closed');
  assert.equal(s.dissatisfied, 5);
});

test('withdrawal before forwarding; staff close an answer not all have rated', async () => {
  let i = await lodged(10, d[2]);
  assert.equal((await d[0].req('POST', `/api/interpellations/${i.id}/withdraw`, { reason: 'x' })).status, 403, 'only the proposer');
  let r = await d[2].req('POST', `/api/interpellations/${i.id}/withdraw`, {});
  assert.equal(r.json.error.field, 'reason');
  r = await d[2].req('POST', `/api/interpellations/${i.id}/withdraw`, { reason: '问题已解决' });
  assert.equal(r.json.interpellation.state, 'withdrawn');
  assert.equal((await zhuxi.req('POST', `/api/interpellations/${i.id}/forward`, { mode: 'written' })).status, 409);

  i = await answered(10);
  await rate(i, i.questioners[0], 'satisfied');
  assert.equal((await d[0].req('POST', `/api/interpellations/${i.id}/close`, {})).status, 403);
  r = await staff.req('POST', `/api/interpellations/${i.id}/close`, { reason: '评价期限已过' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.interpellation.state, 'closed');
  assert.equal((await i.questioners[1].req('POST', `/api/interpellations/${i.id}/rate`, { rating: 'satisfied' })).status, 409);
});

test('lists and visibility', async () => {
  const mine = (await d[13].req('POST', '/api/interpellations', body({ organ_kind: 'procuratorate', organ_name: '县人民检察院' }))).json.interpellation;
  assert.ok((await d[4].req('GET', '/api/interpellations')).json.interpellations.some((x) => x.id === mine.id), 'open to join');
  assert.equal((await outsider.req('GET', '/api/interpellations')).json.interpellations.length, 0);
  assert.equal((await outsider.req('GET', `/api/interpellations/${mine.id}`)).status, 403);
  assert.ok((await zhuxi.req('GET', `/api/interpellations?session_id=${sessionId}`)).json.interpellations.length >= 7);
});
