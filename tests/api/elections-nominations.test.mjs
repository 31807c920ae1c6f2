// Joint nominations (联名提名, RULES §7 "Nomination"): a delegate starts one,
// others confirm it each on their own device, it is submitted at 10 signers
// and its names become candidates; the per-delegate limit; every refusal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, Client, sqlText } from '../lib/server.mjs';

let server, staff;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); });

const sql = (q) => sqlText(server.dataDir, q);

async function congress(n, termNumber) {
  const term = (await staff.req('POST', '/api/terms', { number: termNumber, name: `第${termNumber}届` })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第一次会议' })).json.session;
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).json.plenary;
  const delegates = [];
  for (let i = 0; i < n; i++) {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `提名${i + 1}`, gender: '女' })).json.delegate;
    const username = `n${termNumber}v${i + 1}`;
    assert.equal((await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(server.url);
    await c.login(username, 'password1');
    delegates.push({ ...d, c });
  }
  return { term, session, plenary, delegates };
}

test('a joint nomination is submitted at the tenth signature; its names become candidates', async () => {
  const f = await congress(12, 80);
  const [d0, d1] = f.delegates;
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 2 })).json.election;
  const N = `/api/elections/${e.id}/nominations`;

  let r = await d0.c.req('POST', N, { names: ['甲', '乙', '丙'] });
  assert.equal(r.status, 400, 'more names than seats');
  assert.equal(r.json.error.field, 'names');
  r = await d0.c.req('POST', N, { names: ['甲', '甲'] });
  assert.equal(r.status, 400, 'a name twice');
  r = await d0.c.req('POST', N, { names: [''] });
  assert.equal(r.status, 400);
  assert.equal((await d0.c.req('POST', N, {})).status, 400, 'names required');
  assert.equal((await staff.req('POST', N, { names: ['甲'] })).status, 403, 'staff do not nominate jointly');
  assert.equal((await d0.c.req('POST', '/api/elections/999999/nominations', { names: ['甲'] })).status, 404);

  r = await d0.c.req('POST', N, { names: ['甲', '乙'] });
  assert.equal(r.status, 201, r.text);
  const nom = r.json.nomination;
  assert.equal(nom.signers, 1, 'the starter has signed');
  assert.equal(nom.required, 10);
  assert.equal(nom.state, 'open');
  const S = `/api/nominations/${nom.id}/sign`;
  r = await d0.c.req('POST', S);
  assert.equal(r.status, 409, 'one signature per delegate');
  assert.equal(r.json.error.field, 'id');
  r = await d0.c.req('POST', N, { names: ['丙'] });
  assert.equal(r.status, 409, "a delegate's joint nominees must not exceed the seats");
  assert.equal(r.json.error.field, 'names');
  assert.equal((await staff.req('POST', S)).status, 403);
  assert.equal((await d1.c.req('POST', '/api/nominations/999999/sign')).status, 404);

  // A delegate of another term may not sign.
  const other = await congress(1, 81);
  r = await other.delegates[0].c.req('POST', S);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'delegate');

  for (let i = 1; i < 9; i++) {
    r = await f.delegates[i].c.req('POST', S);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.nomination.state, 'open');
  }
  assert.equal(r.json.nomination.signers, 9);
  let view = (await staff.req('GET', `/api/elections/${e.id}`)).json;
  assert.deepEqual(view.candidates, [], 'nine signers are not enough');
  r = await f.delegates[9].c.req('POST', S);
  assert.equal(r.status, 200);
  assert.equal(r.json.nomination.signers, 10);
  assert.equal(r.json.nomination.state, 'submitted');
  view = (await staff.req('GET', `/api/elections/${e.id}`)).json;
  assert.deepEqual(view.candidates.map((c) => [c.name, c.nominated_by]), [['乙', 'joint'], ['甲', 'joint']], 'by strokes: 乙 1, 甲 5');
  r = await f.delegates[10].c.req('POST', S);
  assert.equal(r.status, 409, 'submitted already');
  assert.equal(r.json.error.field, 'state');

  const list = (await d1.c.req('GET', N)).json.nominations;
  assert.equal(list.length, 1);
  assert.equal(list[0].i_signed, true);
  assert.equal((await f.delegates[11].c.req('GET', N)).json.nominations[0].i_signed, false);

  const actions = sql(`SELECT action FROM audit_log WHERE subject = 'nomination:${nom.id}' ORDER BY id`).trim().split('\n');
  assert.deepEqual(actions, ['nomination.create', ...Array(10).fill('nomination.sign'), 'nomination.submit']);

  // Once the ballot is prepared, nominations close.
  await staff.req('POST', `/api/elections/${e.id}/candidates`, { name: '丁', nominated_by: 'presidium' });
  assert.equal((await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id })).status, 201);
  r = await f.delegates[11].c.req('POST', N, { names: ['戊'] });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'state');
});
