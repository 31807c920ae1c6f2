// Nothing lost in a vote storm: SIGKILL the server while delegates are
// voting; after a restart every acknowledged vote is counted, with the
// choice acknowledged, and none twice.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, renda } from '../lib/server.mjs';

const N = 48;

test('SIGKILL in the middle of a vote storm loses no acknowledged vote', async () => {
  const first = await startServer();
  const staff = new Client(first.url);
  await staff.login('staff');
  const term = (await staff.req('POST', '/api/terms', { number: 50, name: '测试届' })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '会议' })).json.session;
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '全体会议' })).json.plenary;
  const delegates = await Promise.all(Array.from({ length: N }, async (_, i) => {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `代表${i}`, gender: '男' })).json.delegate;
    const r = await staff.req('POST', `/api/delegates/${d.id}/account`, { username: `storm${i}`, password: 'password1' });
    assert.equal(r.status, 201, r.text);
    const c = new Client(first.url);
    assert.equal((await c.login(`storm${i}`, 'password1')).status, 200);
    assert.equal((await c.req('POST', `/api/plenaries/${plenary.id}/checkin`)).status, 200);
    return { id: d.id, name: `代表${i}`, c, choice: ['yes', 'no', 'abstain'][i % 3] };
  }));
  await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
  const poll = (await staff.req('POST', `/api/plenaries/${plenary.id}/polls`, { title: '风暴' })).json.poll;
  assert.equal((await staff.req('POST', `/api/polls/${poll.id}/open`)).status, 200);

  const acked = [];
  let killed = false;
  const killAt = N / 3;
  // Four devices at a time, so the kill lands while votes are still coming.
  let next = 0;
  const lane = async () => {
    while (next < N && !killed) {
      const d = delegates[next++];
      try {
        const r = await d.c.req('POST', `/api/polls/${poll.id}/vote`, { choice: d.choice });
        if (r.status === 200) acked.push(d);
        if (acked.length >= killAt && !killed) { killed = true; await first.kill(); }
      } catch { /* the server is gone: not acknowledged */ }
    }
  };
  await Promise.allSettled([lane(), lane(), lane(), lane()]);
  if (!killed) await first.kill();
  assert.ok(acked.length >= killAt, `${acked.length} acknowledged`);

  const again = await startServer({ dataDir: first.dataDir });
  try {
    const s2 = new Client(again.url);
    await s2.login('staff');
    const closed = await s2.req('POST', `/api/polls/${poll.id}/close`);
    assert.equal(closed.status, 200, 'the vote was still open after the crash');
    await s2.req('POST', `/api/polls/${poll.id}/release`);
    const votes = (await s2.req('GET', `/api/polls/${poll.id}/votes`)).json.votes;
    const byId = new Map();
    for (const v of votes) {
      assert.ok(!byId.has(v.delegate_id), 'counted twice');
      byId.set(v.delegate_id, v.choice);
    }
    for (const d of acked) assert.equal(byId.get(d.id), d.choice, `${d.name}'s acknowledged vote`);
    const res = closed.json.poll.result;
    // The kill landed mid-storm: some votes never reached the disk.
    assert.ok(votes.length < N, `all ${N} votes were stored before the kill`);
    assert.equal(res.yes + res.no + res.abstain, votes.length);
    assert.equal(res.present, N);
    assert.equal((await s2.req('GET', '/api/audit/verify')).json.ok, true);
  } finally {
    await again.stop();
  }
  const verify = renda(['verify', '--data', first.dataDir]);
  assert.equal(verify.status, 0, verify.stdout);
  first.cleanup();
});
