// Paper rounds (纸质选票): ballots issued and returned; two tellers enter
// every ballot by number and disagree on one; the chief scrutineer settles
// it; the decision equals `renda tally` on the same ballots. Checked totals;
// more returned than issued voids the round; every refusal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, Client, renda, sqlText, columnsOf } from '../lib/server.mjs';

let server, staff, teller2, teller3, chief;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  for (const u of ['jipiao2', 'jipiao3']) {
    const r = await staff.req('POST', '/api/users', { username: u, display_name: u, password: 'password1', roles: ['staff'] });
    assert.equal(r.status, 201, r.text);
  }
  teller2 = new Client(server.url);
  await teller2.login('jipiao2', 'password1');
  teller3 = new Client(server.url);
  await teller3.login('jipiao3', 'password1');
  chief = new Client(server.url);
  await chief.login('shenji');
});
test.after(async () => { await server.stop(); server.cleanup(); });

const sql = (q) => sqlText(server.dataDir, q);

async function congress(n, termNumber) {
  const term = (await staff.req('POST', '/api/terms', { number: termNumber, name: `第${termNumber}届` })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第一次会议' })).json.session;
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).json.plenary;
  const delegates = [];
  for (let i = 0; i < n; i++) {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `纸票${i + 1}`, gender: '男' })).json.delegate;
    delegates.push(d);
  }
  await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
  for (const d of delegates) await staff.req('PUT', `/api/plenaries/${plenary.id}/attendance/${d.id}`, { state: 'present' });
  return { term, session, plenary, delegates };
}

async function paperRound(f, title, office, seats, names, margin = {}) {
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title, office, seats, ...margin })).json.election;
  for (const name of names) assert.equal((await staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: 'joint' })).status, 201);
  const r = await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id, mode: 'paper' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.round.mode, 'paper');
  return { e, round: r.json.round, R: `/api/rounds/${r.json.round.id}` };
}

test('two tellers disagree on one ballot, the chief scrutineer settles it, the result equals renda tally', async () => {
  const f = await congress(6, 90);
  const { round, R } = await paperRound(f, '副县长', 'vice', 2, ['王五', '丁一', '李四']);
  assert.deepEqual(round.names, ['丁一', '王五', '李四']);
  let r = await staff.req('POST', `/api/elections/${round.election_id}/rounds`, { plenary_id: f.plenary.id, mode: 'postal' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'mode');

  assert.equal((await staff.req('PUT', `${R}/paper`, { issued: 6, returned: 5 })).status, 409, 'not open yet');
  assert.equal((await staff.req('POST', `${R}/open`)).status, 200);
  r = await staff.req('POST', `${R}/paper/entries`, { ballots: [{ number: 1, yes: ['丁一'] }] });
  assert.equal(r.status, 409, 'issued and returned first');
  assert.equal(r.json.error.field, 'returned');
  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'returned');
  r = await staff.req('PUT', `${R}/paper`, { issued: 7, returned: 5 });
  assert.equal(r.status, 400, 'more issued than delegates');
  assert.equal(r.json.error.field, 'issued');
  assert.equal((await staff.req('PUT', `${R}/paper`, { issued: 6 })).status, 400);
  assert.equal((await chief.req('PUT', `${R}/paper`, { issued: 6, returned: 5 })).status, 403, 'staff record the count');
  assert.equal((await staff.req('PUT', `${R}/paper`, { issued: 6, returned: 5 })).status, 200);

  const ballots = [
    { number: 1, yes: ['丁一', '王五'] },
    { number: 2, yes: ['王五', '丁一'] },
    { number: 3, yes: ['丁一'], no: ['李四'], write_in: ['赵六'] },
    { number: 4, yes: ['李四', '丁一'] },
    { number: 5, void: true, reason: '字迹无法辨认' },
  ];
  // Refusals, each naming the field.
  for (const [b, field] of [
    [{ number: 6, yes: ['丁一'] }, 'number'],
    [{ number: 0 }, 'number'],
    [{ yes: ['丁一'] }, 'number'],
    [{ number: 1, yes: ['无名氏'] }, 'yes'],
    [{ number: 1, no: ['无名氏'] }, 'no'],
    [{ number: 1, write_in: ['丁一'] }, 'write_in'],
    [{ number: 1, void: true }, 'reason'],
    [{ number: 1, void: true, reason: 'x', yes: ['丁一'] }, 'void'],
    [{ number: 1, voter: 3 }, 'ballots'],
  ]) {
    r = await staff.req('POST', `${R}/paper/entries`, { ballots: [b] });
    assert.equal(r.status, 400, JSON.stringify(b) + r.text);
    assert.equal(r.json.error.field, field, JSON.stringify(b));
  }
  assert.equal((await staff.req('POST', `${R}/paper/entries`, { ballots: [] })).status, 400);
  r = await staff.req('POST', `${R}/ballot`, { yes: ['丁一'] });
  assert.equal(r.status, 403, 'staff do not vote');

  // Teller 1 (staff) and teller 2 (jipiao2) enter; they differ on ballot 4.
  r = await staff.req('POST', `${R}/paper/entries`, { ballots: ballots.slice(0, 3) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.teller, 1);
  assert.equal((await staff.req('POST', `${R}/paper/entries`, { ballots: ballots.slice(3) })).status, 200);
  r = await staff.req('POST', `${R}/paper/entries`, { ballots: [ballots[0]] });
  assert.equal(r.status, 409, 'each number once per teller');
  assert.equal(r.json.error.field, 'number');
  const misread = ballots.map((b) => (b.number === 4 ? { number: 4, yes: ['李四'] } : b));
  r = await teller2.req('POST', `${R}/paper/entries`, { ballots: misread.slice(0, 4) });
  assert.equal(r.json.teller, 2);
  r = await teller3.req('POST', `${R}/paper/entries`, { ballots: [ballots[0]] });
  assert.equal(r.status, 409, 'two tellers only');
  assert.equal(r.json.error.field, 'teller');
  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 409, 'ballot 5 entered by one teller only');
  assert.equal(r.json.error.field, 'entries');
  await teller2.req('POST', `${R}/paper/entries`, { ballots: [misread[4]] });

  let p = (await chief.req('GET', `${R}/paper`)).json.paper;
  assert.deepEqual(p.entered, [5, 5]);
  assert.equal(p.agreed, 4);
  assert.deepEqual(p.disagreements, [{ number: 4, readings: [{ yes: ['丁一', '李四'], no: [], write_in: [] }, { yes: ['李四'], no: [], write_in: [] }] }]);
  assert.deepEqual(p.incomplete, []);
  assert.equal((await new Client(server.url).req('GET', `${R}/paper`)).status, 401);
  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'disagreements');
  assert.equal((await staff.req('POST', `${R}/paper/settle`, { number: 4, teller: 1 })).status, 403, 'the chief scrutineer settles');
  r = await chief.req('POST', `${R}/paper/settle`, { number: 1, teller: 1 });
  assert.equal(r.status, 409, 'no disagreement on ballot 1');
  assert.equal(r.json.error.field, 'number');
  assert.equal((await chief.req('POST', `${R}/paper/settle`, { number: 4, teller: 3 })).status, 400);
  assert.equal((await chief.req('POST', `${R}/paper/settle`, { number: 4, teller: 1 })).status, 200);
  assert.equal((await chief.req('POST', `${R}/paper/settle`, { number: 4, teller: 2 })).status, 409, 'settled once');
  p = (await chief.req('GET', `${R}/paper`)).json.paper;
  assert.deepEqual(p.disagreements, []);
  assert.equal(p.settled[0].number, 4);

  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 200, r.text);
  const d = r.json.round.decision;
  assert.deepEqual(d.ballots, { issued: 6, returned: 5, valid: 4, void: 1 });
  assert.equal(d.threshold, 4);
  assert.deepEqual(d.elected, ['丁一']);
  const again = JSON.parse(renda(['tally'], {
    input: JSON.stringify({ kind: 'congress', round: 'first', office: 'vice', seats: 2, electorate: 6, ballots_issued: 6,
      ballots_returned: 5, candidates: ['丁一', '王五', '李四'],
      ballots: ballots.map(({ number, reason, ...b }) => b) }),
  }).stdout);
  assert.deepEqual(again, d, 'the server decides as renda tally does on the same ballots');
  assert.equal((await staff.req('POST', `${R}/paper/entries`, { ballots: [ballots[0]] })).status, 409, 'closed');

  // The audit says who entered and settled what number, never a reading.
  const audit = sql(`SELECT action || ' ' || detail FROM audit_log WHERE subject = 'round:${round.id}' ORDER BY id`);
  assert.match(audit, /paper\.counts/);
  assert.match(audit, /paper\.entries/);
  assert.match(audit, /paper\.settle \{"number":4,"teller":1\}/);
  assert.ok(!/赵六|李四|字迹/.test(audit), 'no ballot content in the audit');
  const cols = columnsOf(server.dataDir, 'paper_entries');
  assert.deepEqual(cols, ['round_id', 'teller', 'number', 'content'], 'no voter');
});

test('checked totals must agree; more returned than issued voids the round; tie votes stay on paper', async () => {
  const f = await congress(6, 91);
  const { R } = await paperRound(f, '常委会委员', 'member', 2, ['甲', '乙', '丙'], { margin_min_extra: 1, margin_max_extra: 2 });
  await staff.req('POST', `${R}/open`);
  await staff.req('PUT', `${R}/paper`, { issued: 6, returned: 6 });
  let r = await staff.req('PUT', `${R}/paper/totals`, { void: 1, votes: { 甲: 5, 乙: 4, 丙: 1 } });
  assert.equal(r.status, 200, r.text);
  r = await staff.req('PUT', `${R}/paper/totals`, { void: 7, votes: {} });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'void');
  r = await staff.req('PUT', `${R}/paper/totals`, { void: 0, votes: { 甲: 9 } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'votes');
  await teller2.req('PUT', `${R}/paper/totals`, { void: 1, votes: { 甲: 5, 乙: 3, 丙: 1 } });
  let p = (await chief.req('GET', `${R}/paper`)).json.paper;
  assert.deepEqual(p.totals, { entered: [true, true], agree: false });
  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'totals');
  await teller2.req('PUT', `${R}/paper/totals`, { void: 1, votes: { 丙: 1, 乙: 4, 甲: 5 } });
  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 200, r.text);
  const d = r.json.round.decision;
  assert.deepEqual(d.ballots, { issued: 6, returned: 6, valid: 5, void: 1 });
  assert.deepEqual(d.elected, ['甲', '乙']);

  // A second paper election where more ballots come back than went out.
  const v = await paperRound(f, '县长', 'head', 1, ['赵一']);
  await staff.req('POST', `${v.R}/open`);
  await staff.req('PUT', `${v.R}/paper`, { issued: 5, returned: 6 });
  r = await staff.req('POST', `${v.R}/close`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.round.decision.valid, false);
  assert.equal(r.json.round.decision.reason, 'more_returned_than_issued');
  await staff.req('POST', `${v.R}/announce`);
  r = await staff.req('POST', `${v.R}/next`, { kind: 're_election' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.round.mode, 'paper', 'held again on paper');
  assert.equal(r.json.round.kind, 'first');
});

test('renda verify checks each announcement signature and recomputes each decision from the recorded count', async () => {
  const f = await congress(6, 92);
  const { round, R } = await paperRound(f, '监察委员会主任', 'head', 1, ['钱七', '孙八']);
  await staff.req('POST', `${R}/open`);
  await staff.req('PUT', `${R}/paper`, { issued: 6, returned: 6 });
  const ballots = [1, 2, 3, 4, 5, 6].map((number) => ({ number, yes: [number <= 4 ? '钱七' : '孙八'] }));
  await staff.req('POST', `${R}/paper/entries`, { ballots });
  await teller2.req('POST', `${R}/paper/entries`, { ballots });
  assert.equal((await staff.req('POST', `${R}/close`)).status, 200);
  assert.equal((await staff.req('POST', `${R}/announce`)).status, 200);
  const verify = () => renda(['verify', '--data', server.dataDir]);
  let v = verify();
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /announced rounds: \d+ checked, 0 failed/);

  const id = round.id;
  const db = (q) => sql(q);
  db(`UPDATE rounds SET decision = replace(decision, '"votes": 4', '"votes": 5') WHERE id = ${id}`);
  v = verify();
  assert.equal(v.status, 1);
  assert.match(v.stdout, new RegExp(`round ${id}: MISMATCH \\(decision\\)`));
  db(`UPDATE rounds SET decision = replace(decision, '"votes": 5', '"votes": 4') WHERE id = ${id}`);
  assert.equal(verify().status, 0);

  db(`UPDATE rounds SET announcement = replace(announcement, '"votes":4', '"votes":5') WHERE id = ${id}`);
  v = verify();
  assert.equal(v.status, 1);
  assert.match(v.stdout, new RegExp(`round ${id}: MISMATCH \\(signature\\)`));
  db(`UPDATE rounds SET announcement = replace(announcement, '"votes":5', '"votes":4') WHERE id = ${id}`);
  assert.equal(verify().status, 0);

  // A recorded ballot changed after the count: the recount no longer agrees.
  db(`UPDATE paper_entries SET content = replace(content, '钱七', '孙八') WHERE round_id = ${id} AND number = 1`);
  v = verify();
  assert.equal(v.status, 1);
  assert.match(v.stdout, new RegExp(`round ${id}: MISMATCH`));
});
