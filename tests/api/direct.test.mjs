// Direct elections of county delegates (RULES §9, EL 25–47) as a results
// tool: constituencies, the recorded figures (roving boxes, proxies), the
// decision of rules/direct.c, the rounds that follow, and the signed
// announcement of a constituency as JSON and PDF.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { startServer, Client, sqlOn } from '../lib/server.mjs';

let server, staff;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); });

async function constituency(deId, body) {
  const r = await staff.req('POST', `/api/direct-elections/${deId}/constituencies`, body);
  assert.equal(r.status, 201, r.text);
  return r.json.constituency;
}

test('figures in, the decision out: winners, re-election, vacancy, a void vote, the announcement', async () => {
  let r = await staff.req('POST', '/api/direct-elections', { title: '示范县第十八届人民代表大会代表选举', election_day: '2026-11-15' });
  assert.equal(r.status, 201, r.text);
  const de = r.json.direct_election;
  assert.equal(de.keep_unfilled_vacant, true);
  const delegate = new Client(server.url);
  await delegate.login('daibiao01');
  assert.equal((await delegate.req('POST', '/api/direct-elections', { title: 'x' })).status, 403);
  r = await staff.req('POST', `/api/direct-elections/${de.id}/constituencies`, { name: '第四选区', voters: 100, seats: 4, candidates: ['甲', '乙', '丙', '丁', '戊'] });
  assert.equal(r.status, 400, 'a constituency elects 1 to 3 delegates (EL 25)');

  // 1. One seat, more than half of the ballots: elected.
  const c1 = await constituency(de.id, { name: '第一选区', voters: 1000, seats: 1, candidates: ['张三', '李四'] });
  const R1 = `/api/direct-rounds/${c1.first_round_id}`;
  r = await staff.req('PUT', `${R1}/figures`, { ballots_issued: 900, ballots_returned: 880, roving: { issued: 40, returned: 38 }, proxies: [{ holder: '0012', principals: 4 }], counts: { void: 10, votes: { 张三: 600, 李四: 270 } } });
  assert.equal(r.status, 400, 'four proxies for one voter (EL 42)');
  assert.equal(r.json.error.field, 'proxies[0].principals');
  r = await staff.req('PUT', `${R1}/figures`, { ballots_issued: 900, ballots_returned: 880, roving: { issued: 40, returned: 38 }, proxies: [{ holder: '0012', principals: 3 }], counts: { void: 10, votes: { 张三: 600, 李四: 270 } } });
  assert.equal(r.status, 200, r.text);
  let d = r.json.decision;
  assert.equal(d.valid, true);
  assert.deepEqual(d.turnout, { voters: 1000, returned: 880, needed: 501, met: true });
  assert.equal(d.threshold, 441);
  assert.deepEqual(d.elected, ['张三']);
  assert.equal(d.next, 'done');
  assert.deepEqual(d.proxies, { holders: 1, ballots: 3 });
  assert.deepEqual(d.roving, { issued: 40, returned: 38, more_returned: false });
  assert.equal((await staff.req('POST', `${R1}/next`, {})).status, 409, 'nothing follows');
  assert.equal((await fetch(`${server.url}${R1}/announcement`)).status, 404);
  r = await staff.req('POST', `${R1}/announce`);
  assert.equal(r.status, 200, r.text);
  const ann = await fetch(`${server.url}${R1}/announcement`).then((x) => x.json());
  const body = JSON.parse(ann.announcement);
  assert.equal(body.constituency, '第一选区');
  assert.deepEqual(body.decision, d);
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(body.public_key, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(verify(null, Buffer.from(ann.announcement), key, Buffer.from(ann.signature, 'hex')), 'Ed25519 signature');
  const pdf = await fetch(`${server.url}${R1}/announcement.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  r = await staff.req('PUT', `${R1}/figures`, { ballots_issued: 900, ballots_returned: 880, counts: { void: 0, votes: {} } });
  assert.equal(r.status, 409, 'announced figures are final');

  // 2. Exactly half of the ballots is not enough → re-election between the
  // first two (EL 45(4)), where 199 of 600 is under a third → vacant.
  const c2 = await constituency(de.id, { name: '第二选区', voters: 1000, seats: 1, candidates: ['王五', '赵六', '钱七'] });
  const R2 = `/api/direct-rounds/${c2.first_round_id}`;
  d = (await staff.req('PUT', `${R2}/figures`, { ballots_issued: 800, ballots_returned: 800, counts: { void: 10, votes: { 王五: 400, 赵六: 300, 钱七: 90 } } })).json.decision;
  assert.equal(d.threshold, 401);
  assert.deepEqual(d.elected, []);
  assert.equal(d.next, 're_election');
  assert.equal(d.margin.reason, 'primary_needed', 'three candidates for one seat leave EL 31(2): shown, not refused');
  r = await staff.req('POST', `${R2}/next`, {});
  assert.equal(r.status, 201, r.text);
  const re = r.json.round;
  assert.equal(re.kind, 're_election');
  assert.deepEqual(re.names, ['王五', '赵六'], 'exactly two for one seat, by first-round votes');
  assert.equal((await staff.req('POST', `${R2}/next`, {})).status, 409, 'once');
  d = (await staff.req('PUT', `/api/direct-rounds/${re.id}/figures`, { ballots_issued: 600, ballots_returned: 600, counts: { void: 0, votes: { 王五: 199, 赵六: 150 } } })).json.decision;
  assert.equal(d.threshold, 200, 'one third of 600 (EL 45(5))');
  assert.equal(d.next, 'vacant');
  assert.equal(d.vacant, 1);
  d = (await staff.req('PUT', `/api/direct-rounds/${re.id}/figures`, { ballots_issued: 600, ballots_returned: 600, counts: { void: 0, votes: { 王五: 200, 赵六: 150 } } })).json.decision;
  assert.deepEqual(d.elected, ['王五'], 'corrected figures: 200 is a third');

  // 3. Turnout of exactly half: void, held again as it was.
  const c3 = await constituency(de.id, { name: '第三选区', voters: 1000, seats: 2, candidates: ['孙一', '周二', '吴三'] });
  const R3 = `/api/direct-rounds/${c3.first_round_id}`;
  d = (await staff.req('PUT', `${R3}/figures`, { ballots_issued: 500, ballots_returned: 500, counts: { void: 0, votes: { 孙一: 400, 周二: 300, 吴三: 100 } } })).json.decision;
  assert.equal(d.valid, false);
  assert.equal(d.reason, 'turnout_not_over_half');
  assert.equal(d.next, 'hold_again');
  r = await staff.req('POST', `${R3}/next`, {});
  assert.equal(r.status, 201);
  assert.equal(r.json.round.kind, 'first');
  assert.equal(r.json.round.seats, 2);
  // Held again: a tie at the cut-off for the second seat.
  const again = `/api/direct-rounds/${r.json.round.id}`;
  d = (await staff.req('PUT', `${again}/figures`, { ballots_issued: 700, ballots_returned: 700, counts: { void: 0, votes: { 孙一: 600, 周二: 400, 吴三: 400 } } })).json.decision;
  assert.equal(d.next, 'tie_vote');
  assert.deepEqual(d.tie, { names: ['周二', '吴三'], seats: 1 });
  r = await staff.req('POST', `${again}/next`, {});
  assert.deepEqual([r.json.round.kind, r.json.round.names, r.json.round.seats], ['tie_vote', ['周二', '吴三'], 1]);

  const view = (await staff.req('GET', `/api/direct-elections/${de.id}`)).json;
  assert.equal(view.constituencies.length, 3);
  assert.equal(view.constituencies[1].rounds.length, 2);
  assert.equal(view.constituencies[0].rounds[0].state, 'announced');
  assert.equal(view.constituencies[0].rounds[0].decision.next, 'done');
  assert.deepEqual(view.constituencies[0].rounds[0].figures.proxies, [{ holder: '0012', principals: 3 }]);
});

test('renda verify checks announced direct rounds: the signature and the decision again from the figures', async () => {
  const own = await startServer();
  const { renda } = await import('../lib/server.mjs');
  const { spawnSync } = await import('node:child_process');
  const { join } = await import('node:path');
  try {
    const c = new Client(own.url);
    await c.login('staff');
    let r = await c.req('POST', '/api/direct-elections', { title: '核验用直接选举', election_day: '2026-11-15' });
    const de = r.json.direct_election;
    r = await c.req('POST', `/api/direct-elections/${de.id}/constituencies`, { name: '第九选区', voters: 500, seats: 1, candidates: ['孙一', '周二'] });
    const R = `/api/direct-rounds/${r.json.constituency.first_round_id}`;
    r = await c.req('PUT', `${R}/figures`, { ballots_issued: 400, ballots_returned: 400, counts: { void: 0, votes: { 孙一: 300, 周二: 100 } } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await c.req('POST', `${R}/announce`)).status, 200);
  } finally {
    await own.stop();
  }
  try {
    let v = renda(['verify', '--data', own.dataDir]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /announced rounds: 1 checked, 0 failed/);
    // The recorded figures changed behind renda's back: 孙一 300 → 100.
    const u = sqlOn(own.dataDir, "UPDATE direct_rounds SET figures = replace(figures, '300', '100')");
    assert.equal(u.status, 0, u.stderr);
    v = renda(['verify', '--data', own.dataDir]);
    assert.equal(v.status, 1, v.stdout);
    assert.match(v.stdout, /direct round \d+: MISMATCH \(decision\)/);
  } finally {
    own.cleanup();
  }
});
