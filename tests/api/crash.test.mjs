// Nothing lost: kill -9 the server in the middle of a burst of writes; every
// write it acknowledged must be there after a restart, none twice, and the
// audit chain intact.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, renda } from '../lib/server.mjs';

// Writers create users as fast as they can; the server is killed once
// killAfter writes are acknowledged (so a slow machine still kills mid-burst).
async function burstAndKill(server, { writers = 8, killAfter = 10 }) {
  const staff = new Client(server.url);
  assert.equal((await staff.login('staff')).status, 200);
  const acked = [];
  let stop = false;
  let seq = 0;
  let killing = null;
  const kill = () => { if (!killing) { stop = true; killing = server.kill(); } return killing; };
  const deadline = setTimeout(kill, 60000);
  const worker = async (w) => {
    while (!stop) {
      const username = `w${w}-${seq++}`;
      try {
        const r = await staff.req('POST', '/api/users', {
          username, display_name: `写入${w}`, password: 'password123', roles: ['delegate'],
        });
        if (r.status === 201) acked.push(username);
        else if (!stop) throw new Error(`unexpected ${r.status} ${r.text}`);
        if (acked.length >= killAfter) kill();
      } catch (e) {
        if (!stop && !String(e).includes('fetch failed') && !String(e).includes('ECONN')) throw e;
        return; // the server is gone
      }
    }
  };
  const running = Array.from({ length: writers }, (_, i) => worker(i));
  await Promise.allSettled(running);
  await kill();
  clearTimeout(deadline);
  return acked;
}

for (const trial of [1, 2, 3]) {
  test(`SIGKILL during a write burst loses no acknowledged write (trial ${trial})`, async () => {
    const first = await startServer();
    const acked = await burstAndKill(first, { killAfter: 5 * trial });
    assert.ok(acked.length >= 5 * trial, `only ${acked.length} writes acknowledged before the kill`);


    const again = await startServer({ dataDir: first.dataDir });
    try {
      const staff = new Client(again.url);
      await staff.login('staff');
      const users = (await staff.req('GET', '/api/users')).json.users.map((u) => u.username);
      const missing = acked.filter((u) => !users.includes(u));
      assert.deepEqual(missing, [], 'acknowledged but lost');
      assert.equal(new Set(users).size, users.length, 'a user twice');
      // Each created user has exactly one audit entry, and the chain holds.
      const log = [];
      for (let after = 0; ;) {
        const page = (await staff.req('GET', `/api/audit?limit=500&after=${after}`)).json.entries;
        if (!page.length) break;
        log.push(...page);
        after = page.at(-1).id;
      }
      const created = log.filter((e) => e.action === 'user.create').map((e) => e.detail.username);
      for (const u of acked) assert.equal(created.filter((c) => c === u).length, 1, u);
      const v = await staff.req('GET', '/api/audit/verify');
      assert.equal(v.json.ok, true);
    } finally {
      await again.stop();
    }
    const verify = renda(['verify', '--data', first.dataDir]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    first.cleanup();
  });
}
