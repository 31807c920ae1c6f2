// The primary (预选, LOL 27(1), EL 32): more nominees than the margin allows
// block the first round; the presidium holds a primary among them (support
// or not, no threshold, more supports than places voids a ballot); a tie at
// the cut-off goes to a further primary among the tied; the formal list is
// fixed in vote order and is the first round's ballot, in that order.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, sqlText } from '../lib/server.mjs';

let server, staff;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); });

async function congress(n, termNumber) {
  const term = (await staff.req('POST', '/api/terms', { number: termNumber, name: `第${termNumber}届` })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第一次会议' })).json.session;
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).json.plenary;
  const delegates = [];
  for (let i = 0; i < n; i++) {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `代表${i + 1}`, gender: '女' })).json.delegate;
    const username = `p${termNumber}v${i + 1}`;
    assert.equal((await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(server.url);
    await c.login(username, 'password1');
    delegates.push({ ...d, c });
  }
  await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
  for (const d of delegates) assert.equal((await d.c.req('POST', `/api/plenaries/${plenary.id}/checkin`)).status, 200);
  return { session, plenary, delegates };
}

const sql = (q) => sqlText(server.dataDir, q);

test('a primary with a tie at the cut-off, the further primary, the formal list in vote order', async () => {
  const f = await congress(6, 80);
  let r = await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '县长', office: 'head', seats: 1 });
  const e = r.json.election;
  assert.deepEqual(e.margin, { min_extra: 1, max_extra: 1 }, 'head: seats + 1 by default');
  r = await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 409, 'no nominees yet: no primary');
  for (const [name, by] of [['张四', 'presidium'], ['丁一', 'joint'], ['王二', 'joint'], ['李三', 'joint']])
    assert.equal((await staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: by })).status, 201);
  r = await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 409, 'four nominees for one seat exceed the margin (at most 2)');
  let p = (await staff.req('GET', `/api/elections/${e.id}/primary`)).json.primary;
  assert.equal(p.needed, true);
  assert.equal(p.state, 'none');
  assert.deepEqual([p.min_places, p.max_places], [2, 2]);

  r = await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id, places: 3 });
  assert.equal(r.status, 400, 'places outside the margin');
  assert.equal(r.json.error.field, 'places');
  r = await f.delegates[0].c.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 403, 'delegates do not hold primaries');
  r = await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 201, r.text);
  const pr = r.json.round;
  assert.equal(pr.kind, 'primary');
  assert.equal(pr.seats, 2, 'two places on the formal list');
  assert.deepEqual(pr.names, ['丁一', '王二', '李三', '张四'], 'the primary ballot in surname-stroke order');
  assert.equal((await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id })).status, 409, 'one pending at a time');

  const P = `/api/rounds/${pr.id}`;
  assert.equal((await staff.req('POST', `${P}/open`)).status, 200);
  const w = await f.delegates[0].c.req('POST', `${P}/ballot`, { yes: ['张四'], write_in: ['外人'] });
  assert.equal(w.status, 400, 'no write-ins in a primary');
  assert.equal(w.json.error.field, 'write_in');
  // 张四 4, 丁一 3, 王二 3, 李三 0; the sixth supports three for two places: void.
  const plan = [['张四', '丁一'], ['张四', '丁一'], ['张四', '王二'], ['张四', '王二'], ['丁一', '王二'], ['张四', '丁一', '王二']];
  const voids = [];
  for (let i = 0; i < 6; i++) {
    const res = await f.delegates[i].c.req('POST', `${P}/ballot`, { yes: plan[i], no: i === 4 ? ['李三'] : [] });
    assert.equal(res.status, 200, res.text);
    voids.push(res.json.void);
  }
  assert.deepEqual(voids, [false, false, false, false, false, true]);
  assert.equal((await staff.req('GET', P)).json.round.decision, null, 'no count while open');
  r = await staff.req('POST', `${P}/close`);
  assert.equal(r.status, 200, r.text);
  const d = r.json.round.decision;
  assert.equal(d.valid, true);
  assert.deepEqual(d.ballots, { issued: 6, returned: 6, valid: 5, void: 1 });
  assert.deepEqual(d.results.map((x) => [x.name, x.votes]), [['张四', 4], ['丁一', 3], ['王二', 3], ['李三', 0]]);
  assert.deepEqual(d.formal, ['张四']);
  assert.deepEqual(d.tie, { names: ['丁一', '王二'], places: 1 });
  assert.equal((await staff.req('POST', `${P}/announce`)).status, 409, 'a primary is not announced');
  r = await staff.req('POST', `/api/elections/${e.id}/formal-list`);
  assert.equal(r.status, 409, 'the tie must be voted on first');
  p = (await staff.req('GET', `/api/elections/${e.id}/primary`)).json.primary;
  assert.equal(p.state, 'tie_vote_needed');
  assert.deepEqual(p.next, { names: ['丁一', '王二'], places: 1 });

  // The further primary among the tied only, for the place left.
  r = await staff.req('POST', `/api/elections/${e.id}/primary`, {});
  assert.equal(r.status, 201, r.text);
  const tie = r.json.round;
  assert.equal(tie.parent_id, pr.id);
  assert.deepEqual(tie.names, ['丁一', '王二']);
  assert.equal(tie.seats, 1);
  const T = `/api/rounds/${tie.id}`;
  await staff.req('POST', `${T}/open`);
  const plan2 = [['王二'], ['王二'], ['王二'], ['丁一'], []];
  for (let i = 0; i < plan2.length; i++) assert.equal((await f.delegates[i].c.req('POST', `${T}/ballot`, { yes: plan2[i] })).status, 200);
  const d2 = (await staff.req('POST', `${T}/close`)).json.round.decision;
  assert.deepEqual(d2.formal, ['王二']);
  assert.equal(d2.tie, null);
  p = (await staff.req('GET', `/api/elections/${e.id}/primary`)).json.primary;
  assert.equal(p.state, 'complete');
  assert.deepEqual(p.list, [{ name: '张四', votes: 4 }, { name: '王二', votes: 3 }]);

  r = await staff.req('POST', `/api/elections/${e.id}/formal-list`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.formal_list.map((x) => x.name), ['张四', '王二']);
  assert.equal((await staff.req('POST', `/api/elections/${e.id}/formal-list`)).status, 409, 'fixed once');
  assert.equal((await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id })).status, 409);
  p = (await staff.req('GET', `/api/elections/${e.id}/primary`)).json.primary;
  assert.equal(p.state, 'fixed');

  // The first round: the formal list, in vote order (not stroke order).
  r = await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.round.names, ['张四', '王二']);
  assert.equal(r.json.round.kind, 'first');

  // The audit has the steps and the totals, never a ballot.
  const audit = sql("SELECT action || ' ' || detail FROM audit_log WHERE action LIKE 'primary.%'");
  assert.match(audit, /primary\.create/);
  assert.match(audit, /primary\.close/);
  assert.match(audit, /primary\.formal_list/);
  assert.ok(!/"yes"/.test(audit), 'no ballot content in the audit');
  const access = readFileSync(join(server.dataDir, 'access.log'), 'utf8');
  assert.ok(!/"yes"/.test(access + server.stderr()), 'no ballot content in the logs');
  assert.equal(sql(`SELECT stage FROM rounds WHERE id = ${pr.id}`).trim(), 'primary');
});

test('exactly the margin needs no primary; a void primary is held again', async () => {
  const f = await congress(3, 81);
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 1, margin_min_extra: 1, margin_max_extra: 2 })).json.election;
  for (const name of ['甲', '乙', '丙']) await staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: 'joint' });
  let r = await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 409, '3 nominees = seats + 2: within the margin');
  assert.equal(r.json.error.field, 'candidates');
  await staff.req('POST', `/api/elections/${e.id}/candidates`, { name: '丁', nominated_by: 'joint' });
  r = await staff.req('POST', `/api/elections/${e.id}/primary`, { plenary_id: f.plenary.id, places: 2 });
  assert.equal(r.status, 201, '4 = seats + 3: a primary for 2 places (seats + 1)');
  assert.equal(r.json.round.seats, 2);
  const P = `/api/rounds/${r.json.round.id}`;
  await staff.req('POST', `${P}/open`);
  for (const d of f.delegates) assert.equal((await d.c.req('POST', `${P}/ballot`, { yes: ['甲', '乙'] })).status, 200);
  // Ballots returned above ballots issued cannot happen electronically; mark
  // one delegate away after voting is impossible while open, so a void
  // primary is simulated through the stored decision.
  const d = (await staff.req('POST', `${P}/close`)).json.round.decision;
  assert.deepEqual(d.formal, ['乙', '甲'], 'equal votes keep the ballot (stroke) order: 乙 1 < 甲 5');
  sql({
    sqlite: `UPDATE rounds SET decision = json_set(decision, '$.valid', json('false')) WHERE id = ${r.json.round.id}`,
    pg: `UPDATE rounds SET decision = jsonb_set(decision::jsonb, '{valid}', 'false')::text WHERE id = ${r.json.round.id}`,
  });
  const p = (await staff.req('GET', `/api/elections/${e.id}/primary`)).json.primary;
  assert.equal(p.state, 'tie_vote_needed', 'a further primary is needed');
  r = await staff.req('POST', `/api/elections/${e.id}/primary`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.round.parent_id, null, 'held again among all the nominees');
  assert.equal(r.json.round.names.length, 4);
});
