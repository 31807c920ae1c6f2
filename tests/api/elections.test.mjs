// Elections by secret ballot: a round with a tie at the cut-off, the tie
// vote among only the tied, the signed announcement, and what the database,
// the logs and the audit hold afterwards (nothing that links a voter to a
// ballot).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { startServer, Client, renda, sqlText, columnsOf, PG_ADMIN } from '../lib/server.mjs';

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
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `代表${i + 1}`, gender: '男' })).json.delegate;
    const username = `e${termNumber}v${i + 1}`;
    assert.equal((await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(server.url);
    await c.login(username, 'password1');
    delegates.push({ ...d, c });
  }
  await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
  for (const d of delegates) assert.equal((await d.c.req('POST', `/api/plenaries/${plenary.id}/checkin`)).status, 200);
  return { term, session, plenary, delegates };
}

const sql = (q) => sqlText(server.dataDir, q);

test('a round with a tie at the cut-off, the tie vote, the signed announcement, and secrecy', async () => {
  const f = await congress(6, 70);
  let r = await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 2 });
  assert.equal(r.status, 201, r.text);
  const election = r.json.election;
  assert.deepEqual(election.margin, { min_extra: 1, max_extra: 3 }, 'vice: seats + 1 to seats + 3');
  for (const [name, by] of [['王五', 'presidium'], ['丁一', 'presidium'], ['李四', 'joint']]) {
    r = await staff.req('POST', `/api/elections/${election.id}/candidates`, { name, nominated_by: by });
    assert.equal(r.status, 201, r.text);
  }
  r = await staff.req('POST', `/api/elections/${election.id}/candidates`, { name: '张六', nominated_by: 'presidium' });
  assert.equal(r.status, 409, "the presidium's nominees must not exceed the seats (LOL 27(1))");
  assert.equal(r.json.error.field, 'nominated_by');
  const view = (await staff.req('GET', `/api/elections/${election.id}`)).json;
  assert.deepEqual(view.candidates.map((c) => c.name), ['丁一', '王五', '李四'], 'surname strokes: 丁 2, 王 4, 李 7');
  assert.equal(view.margin.status, 'ok');
  assert.deepEqual([view.margin.min_candidates, view.margin.max_candidates], [3, 5], 'seats 2, margin +1..+3');

  r = await staff.req('POST', `/api/elections/${election.id}/rounds`, { plenary_id: f.plenary.id });
  assert.equal(r.status, 201, r.text);
  const round = r.json.round;
  assert.deepEqual(round.names, ['丁一', '王五', '李四']);
  const R = `/api/rounds/${round.id}`;
  const [d1] = f.delegates;
  assert.equal((await d1.c.req('POST', `${R}/ballot`, { yes: ['丁一'] })).status, 409, 'not open yet');
  assert.equal((await staff.req('POST', `${R}/open`)).status, 200);

  // 6 delegates, threshold 4 (more than half of all). Each ballot chooses 2:
  // 丁一 4, 王五 4, 李四 4: all reach it, three tied for two seats.
  const plan = [['丁一', '王五'], ['丁一', '王五'], ['丁一', '李四'], ['丁一', '李四'], ['王五', '李四'], ['王五', '李四']];
  const receipts = [];
  for (let i = 0; i < 6; i++) {
    const res = await f.delegates[i].c.req('POST', `${R}/ballot`, { yes: plan[i] });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.void, false);
    assert.match(res.json.receipt, /^[2-9A-HJ-NP-Z]{12}$/);
    receipts.push(res.json.receipt);
  }
  assert.equal((await d1.c.req('POST', `${R}/ballot`, { yes: ['丁一'] })).status, 409, 'one ballot per delegate');
  assert.equal((await d1.c.req('POST', `${R}/ballot`, { yes: ['无名氏'] })).status, 400, 'yes must name a candidate');
  const w = await d1.c.req('POST', `${R}/ballot`, { write_in: ['丁一'] });
  assert.equal(w.status, 400);
  assert.equal(w.json.error.field, 'write_in');
  // While open: how many, never how — not even for officers.
  const open = (await staff.req('GET', R)).json.round;
  assert.equal(open.voted, 6);
  assert.equal(open.decision, null);
  assert.equal((await staff.req('GET', `${R}/receipts`)).status, 409);

  r = await staff.req('POST', `${R}/close`);
  assert.equal(r.status, 200, r.text);
  const d = r.json.round.decision;
  assert.equal(d.valid, true);
  assert.equal(d.threshold, 4);
  assert.deepEqual(d.ballots, { issued: 6, returned: 6, valid: 6, void: 0 });
  assert.deepEqual(d.elected, []);
  assert.deepEqual(d.tie, { names: ['丁一', '王五', '李四'], seats: 2 });
  // The same numbers from renda tally, as a scrutineer would recompute them.
  const again = JSON.parse(renda(['tally'], {
    input: JSON.stringify({ kind: 'congress', round: 'first', office: 'vice', seats: 2, electorate: 6, ballots_issued: 6,
      ballots_returned: 6, candidates: ['丁一', '王五', '李四'], ballots: plan.map((yes) => ({ yes })) }),
  }).stdout);
  assert.deepEqual(again, d);
  const listed = (await d1.c.req('GET', `${R}/receipts`)).json.receipts;
  assert.deepEqual(listed, [...receipts].sort(), 'every receipt listed, sorted');

  // Secrecy: nothing links the register to the box.
  if (PG_ADMIN) {
    // PostgreSQL: after the close every row of both tables carries the same
    // writing transaction (xmin), and each table lies in its key's order
    // (ballots by random token, the register by delegate), not in the order
    // the ballots were cast. Its WAL is on the database server (docs/architecture.md).
    const xmins = sql(`SELECT COUNT(DISTINCT x) FROM (SELECT xmin::text AS x FROM ballots WHERE round_id = ${round.id}`
      + ` UNION ALL SELECT xmin::text FROM ballot_register WHERE round_id = ${round.id}) t`).trim();
    assert.equal(xmins, '1', 'one writing transaction for all rows of the round');
    const byCtid = sql(`SELECT encode(token, 'hex') FROM ballots WHERE round_id = ${round.id} ORDER BY ctid`);
    const byToken = sql(`SELECT encode(token, 'hex') FROM ballots WHERE round_id = ${round.id} ORDER BY token`);
    assert.equal(byCtid, byToken, 'ballots lie in token order');
    const regCtid = sql(`SELECT delegate_id FROM ballot_register WHERE round_id = ${round.id} ORDER BY ctid`);
    const regId = sql(`SELECT delegate_id FROM ballot_register WHERE round_id = ${round.id} ORDER BY delegate_id`);
    assert.equal(regCtid, regId, 'the register lies in delegate order');
  } else {
    const schema = sql("SELECT sql FROM sqlite_master WHERE name IN ('ballots', 'ballot_register')");
    assert.match(schema, /CREATE TABLE ballot_register[^;]*WITHOUT ROWID/);
    assert.match(schema, /CREATE TABLE ballots[^;]*WITHOUT ROWID/);
  }
  const cols = columnsOf(server.dataDir, 'ballots');
  assert.deepEqual(cols, ['round_id', 'token', 'receipt', 'content'], 'no voter, no time');
  const regCols = columnsOf(server.dataDir, 'ballot_register');
  assert.deepEqual(regCols, ['round_id', 'delegate_id'], 'no time');
  assert.equal(sql(`SELECT COUNT(DISTINCT token) FROM ballots WHERE round_id = ${round.id}`).trim(), '6');
  assert.equal(sql(`SELECT MIN(length(token)) FROM ballots WHERE round_id = ${round.id}`).trim(), '16');
  const wal = join(server.dataDir, 'renda.db-wal');
  assert.ok(PG_ADMIN || !existsSync(wal) || statSync(wal).size === 0, 'the write-ahead log was truncated at close: ' + (existsSync(wal) ? statSync(wal).size : 0) + ' ' + server.stderr().split('\n').filter((l) => /WARN|ERROR/.test(l)).join(' '));
  const audit = sql('SELECT detail FROM audit_log');
  const access = readFileSync(join(server.dataDir, 'access.log'), 'utf8');
  for (const code of receipts) {
    assert.ok(!audit.includes(code), 'no receipt in the audit log');
    assert.ok(!access.includes(code), 'no receipt in the access log');
    assert.ok(!server.stderr().includes(code), 'no receipt in the server log');
  }
  assert.ok(!/丁一.*王五|"yes"/.test(access + server.stderr()), 'no ballot content in the logs');

  // A backup after the close holds no more than the database: no receipt in
  // its audit log, and the box in token order, the register in delegate
  // order — the order of casting is in neither.
  const bdir = mkdtempSync(join(tmpdir(), 'renda-secrecy-backup-'));
  const bfile = join(bdir, PG_ADMIN ? 'backup.dump' : 'renda.db');
  const b = renda(['backup', '--data', server.dataDir, '--out', bfile]);
  assert.equal(b.status, 0, b.stderr);
  let boxOrder, registerOrder, backupAudit;
  if (PG_ADMIN) {
    // pg_dump writes each table's rows in the order they lie on disk.
    const copyOf = (table) => execFileSync('pg_restore', ['--data-only', '-t', table, '-f', '-', bfile], { encoding: 'utf8' })
      .split('\n').filter((l) => l.startsWith(`${round.id}\t`));
    boxOrder = copyOf('ballots').map((l) => l.split('\t')[1]);
    registerOrder = copyOf('ballot_register').map((l) => Number(l.split('\t')[1]));
    backupAudit = execFileSync('pg_restore', ['--data-only', '-t', 'audit_log', '-f', '-', bfile], { encoding: 'utf8' });
  } else {
    assert.ok(!existsSync(`${bfile}-wal`), 'the backup is one file, without a log');
    const bsql = (q) => execFileSync('sqlite3', [bfile, q], { encoding: 'utf8' });
    boxOrder = bsql(`SELECT hex(token) FROM ballots WHERE round_id = ${round.id}`).split('\n').filter(Boolean);
    registerOrder = bsql(`SELECT delegate_id FROM ballot_register WHERE round_id = ${round.id}`).split('\n').filter(Boolean).map(Number);
    backupAudit = bsql('SELECT detail FROM audit_log');
  }
  assert.equal(boxOrder.length, 6);
  assert.deepEqual(boxOrder, [...boxOrder].sort(), 'the backup keeps the box in token order');
  assert.deepEqual(registerOrder, [...registerOrder].sort((x, y) => x - y), 'the backup keeps the register in delegate order');
  for (const code of receipts) assert.ok(!backupAudit.includes(code), 'no receipt in the backup');
  rmSync(bdir, { recursive: true, force: true });

  // Announce, then the tie vote among only the tied.
  assert.equal((await staff.req('POST', `${R}/next`, { kind: 'tie_vote' })).status, 409, 'announce first');
  r = await staff.req('POST', `${R}/announce`);
  assert.equal(r.status, 200);
  const ann = await fetch(`${server.url}${R}/announcement`).then((x) => x.json());
  const text = ann.announcement;
  const body = JSON.parse(text);
  assert.deepEqual(body.decision, d);
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(body.public_key, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(verify(null, Buffer.from(text), key, Buffer.from(ann.signature, 'hex')), 'Ed25519 signature');
  assert.ok(!verify(null, Buffer.from(text.replace('"threshold":4', '"threshold":3')), key, Buffer.from(ann.signature, 'hex')), 'an edit breaks it');

  r = await staff.req('POST', `${R}/next`, { kind: 're_election' });
  assert.equal(r.status, 409, 'no seat unfilled: a tie is settled by a tie vote');
  r = await staff.req('POST', `${R}/next`, { kind: 'tie_vote' });
  assert.equal(r.status, 201, r.text);
  const tie = r.json.round;
  assert.equal(tie.kind, 'tie_vote');
  assert.equal(tie.seats, 2);
  assert.equal(tie.parent_id, round.id);
  const T = `/api/rounds/${tie.id}`;
  await staff.req('POST', `${T}/open`);
  const plan2 = [['丁一', '王五'], ['丁一', '王五'], ['丁一', '王五'], ['丁一', '李四'], ['丁一', '李四'], ['王五']];
  for (let i = 0; i < 6; i++) assert.equal((await f.delegates[i].c.req('POST', `${T}/ballot`, { yes: plan2[i] })).status, 200);
  r = await staff.req('POST', `${T}/close`);
  const d2 = r.json.round.decision;
  assert.equal(d2.threshold, 1, 'a tie vote: the most votes win');
  assert.deepEqual(d2.elected, ['丁一', '王五']);
  assert.deepEqual(d2.results.map((x) => [x.name, x.votes]), [['丁一', 5], ['王五', 4], ['李四', 2]]);
});

test('an over-voted ballot is void; a shortfall goes to a re-election that must be contested', async () => {
  const f = await congress(6, 71);
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '常委会委员', office: 'member', seats: 2, margin_min_extra: 1, margin_max_extra: 2 })).json.election;
  for (const name of ['甲', '乙', '丙']) await staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: 'joint' });
  const round = (await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id })).json.round;
  const R = `/api/rounds/${round.id}`;
  await staff.req('POST', `${R}/open`);
  const plan = [{ yes: ['甲', '乙', '丙'] }, { yes: ['甲'] }, { yes: ['甲'], write_in: ['戊'] }, { yes: ['甲'], no: ['丙'] }, { yes: ['甲', '乙'] }, {}];
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push((await f.delegates[i].c.req('POST', `${R}/ballot`, plan[i])).json);
  assert.equal(answers[0].void, true, 'three chosen for two seats');
  assert.equal(answers[5].void, false, 'a blank ballot is valid');
  const d = (await staff.req('POST', `${R}/close`)).json.round.decision;
  assert.deepEqual(d.ballots, { issued: 6, returned: 6, valid: 5, void: 1 });
  assert.equal(d.threshold, 4);
  assert.deepEqual(d.elected, ['甲']);
  assert.equal(d.unfilled, 1);
  await staff.req('POST', `${R}/announce`);
  let r = await staff.req('POST', `${R}/next`, { kind: 're_election', names: ['乙'] });
  assert.equal(r.status, 409, 'a member re-election must have more candidates than seats');
  assert.equal(r.json.error.field, 'names');
  r = await staff.req('POST', `${R}/next`, { kind: 're_election' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.round.seats, 1);
  assert.deepEqual(r.json.round.names.sort(), ['丙', '乙'].sort(), 'the candidates not elected');
});

test('refusals: no quorum, not checked in, not a delegate, and who may see what', async () => {
  const f = await congress(6, 72);
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '县长', office: 'head', seats: 1 })).json.election;
  assert.equal((await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id })).status, 409, 'no candidates');
  await staff.req('POST', `/api/elections/${e.id}/candidates`, { name: '赵一', nominated_by: 'presidium' });
  const round = (await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id })).json.round;
  assert.ok(round, 'one candidate for a head office is lawful (LOL 27(1))');
  const bad = await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: 'x', office: 'emperor', seats: 1 });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'office');
  const R = `/api/rounds/${round.id}`;
  assert.equal((await f.delegates[0].c.req('POST', `${R}/open`)).status, 403, 'delegates do not open rounds');
  assert.equal((await staff.req('POST', `${R}/ballot`, { yes: ['赵一'] })).status, 403, 'staff do not vote');
  // Three delegates leave before the round: no quorum (4 of 6 needed).
  for (let i = 0; i < 3; i++) await staff.req('PUT', `/api/plenaries/${f.plenary.id}/attendance/${f.delegates[i].id}`, { state: 'absent' });
  const q = await staff.req('POST', `${R}/open`);
  assert.equal(q.status, 409);
  assert.equal(q.json.error.field, 'quorum');
  await staff.req('PUT', `/api/plenaries/${f.plenary.id}/attendance/${f.delegates[0].id}`, { state: 'present' });
  assert.equal((await staff.req('POST', `${R}/open`)).status, 200);
  const out = await f.delegates[1].c.req('POST', `${R}/ballot`, { yes: ['赵一'] });
  assert.equal(out.status, 403);
  assert.equal(out.json.error.field, 'attendance');
  await f.delegates[0].c.req('POST', `${R}/ballot`, { yes: ['赵一'] });
  await staff.req('POST', `${R}/close`);
  assert.equal((await f.delegates[0].c.req('GET', R)).json.round.decision, null, 'delegates wait for the announcement');
  assert.equal((await staff.req('GET', R)).json.round.decision.elected.length, 0, '1 of 6 does not elect');
  assert.equal((await fetch(`${server.url}${R}/announcement`)).status, 404);
});
