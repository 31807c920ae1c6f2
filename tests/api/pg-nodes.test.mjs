// Two renda nodes on one PostgreSQL (issue 8): delegates vote through both at
// once; an event stream on each node sees the same events in the same order
// and the same final count; both big screens show the same exact tally; a
// stream that drops off node A and reconnects to node B with Last-Event-ID
// misses nothing. Then nginx with deploy/nginx-renda.conf in front of both
// (when nginx and openssl are installed): a vote and a stream through it.
//
// Needs RENDA_STORE, the URI of a throwaway PostgreSQL cluster's `postgres`
// database (scripts/pg-test-cluster.sh start); skipped without it.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { RENDA_BIN, Client, DEMO_PASSWORD } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STORE = process.env.RENDA_STORE || '';
const N = 40; // delegates
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skipAll = /^postgres(ql)?:\/\//.test(STORE) ? false
  : 'RENDA_STORE is not set to a postgresql:// URI (no PostgreSQL test cluster: scripts/pg-test-cluster.sh)';
const skipNginx = skipAll || (!which('nginx') ? 'nginx is not installed (scripts/deps.sh --bench)'
  : !which('openssl') ? 'openssl is not installed' : false);
if (skipAll) console.log(`# pg-nodes: skipped: ${skipAll}`);
else if (skipNginx) console.log(`# pg-nodes: nginx part skipped: ${skipNginx}`);

// The same cluster, another database.
function dbUri(name) {
  const m = STORE.match(/^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/);
  assert.ok(m, `cannot parse RENDA_STORE ${STORE}`);
  return `${m[1]}/${name}${m[2] || ''}`;
}

function psql(sql) {
  const r = spawnSync('psql', [STORE, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, `psql: ${r.stderr}`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// `renda serve` on dir (whose renda.conf names the database).
async function startNode(dir, name) {
  const proc = spawn(RENDA_BIN, ['serve', '--data', dir, '--listen', '127.0.0.1:0', '--trust-proxy',
    '--heartbeat-ms', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code}: ${stderr}`)); });
  });
  return {
    url, proc, name, stderr: () => stderr,
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      const done = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
      proc.kill('SIGTERM');
      return done;
    },
  };
}

// A client over HTTPS with nginx's self-signed certificate.
class TlsClient extends Client {
  constructor(base) {
    super(base);
    this.agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
  }

  req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
      h['content-length'] = Buffer.byteLength(payload);
    }
    const url = new URL(this.base + path);
    return new Promise((resolve, reject) => {
      const r = https.request({ host: url.hostname, port: url.port, path: url.pathname + url.search,
        method, headers: h, agent: this.agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { text += c; });
        res.on('end', () => {
          let json = null;
          try { json = text ? JSON.parse(text) : null; } catch { json = null; }
          const sc = res.headers['set-cookie'];
          resolve({ status: res.statusCode, json, text, headers: res.headers, setCookie: sc ? sc.join('\n') : null });
        });
      });
      r.on('error', reject);
      r.end(payload);
    });
  }
}

// An SSE stream: {ready, events: [{id, event, data}], waitFor(pred), close}.
function stream(base, cookie, lastId, agent) {
  const url = new URL(base + '/api/events');
  const mod = url.protocol === 'https:' ? https : http;
  const headers = { cookie, accept: 'text/event-stream' };
  if (lastId) headers['last-event-id'] = lastId;
  const events = [];
  const waiters = [];
  let buf = '';
  const req = mod.get({ host: url.hostname, port: url.port, path: url.pathname, headers, agent,
    rejectUnauthorized: false });
  const ready = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) { reject(new Error(`stream: status ${res.statusCode}`)); return; }
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = {};
          for (const line of block.split('\n')) {
            const m = line.match(/^(id|event|data): (.*)$/);
            if (m) ev[m[1]] = m[2];
          }
          if (ev.event) events.push(ev);
        }
        for (const w of waiters.splice(0)) w();
      });
      res.on('error', () => {});
      resolve();
    });
    req.on('error', (e) => reject(e));
  });
  const waitFor = async (pred, what, ms = 20000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
  };
  return { ready, events, waitFor, close: () => req.destroy() };
}

const progressOf = (s, pollId) => s.events
  .filter((e) => e.event === 'floor.progress' && JSON.parse(e.data).poll_id === pollId)
  .map((e) => JSON.parse(e.data).voted);
const pollState = (s, pollId, state) => s.events
  .some((e) => e.event === 'floor.poll' && JSON.parse(e.data).poll_id === pollId && JSON.parse(e.data).state === state);
const after = (s, id) => s.events.filter((e) => BigInt(e.id) > BigInt(id)).map((e) => [e.id, e.event, e.data]);

test('two nodes on one PostgreSQL: one order, one exact count, resume on the other node', { skip: skipAll }, async (t) => {
  const db = `renda_nodes_${process.pid}_${Date.now() % 100000}`;
  const uri = dbUri(db);
  const dirA = mkdtempSync(join(tmpdir(), 'renda-nodeA-'));
  const dirB = mkdtempSync(join(tmpdir(), 'renda-nodeB-'));
  const work = mkdtempSync(join(tmpdir(), 'renda-nginx-'));
  const nodes = [];
  const streams = [];
  let nginx = null;
  psql(`CREATE DATABASE ${db}`);
  try {
    // One data folder made once; node A's first start makes signing.key;
    // then the folder is copied, as docs/deploy.md says: the same renda.conf
    // and the same key on both.
    rmSync(dirA, { recursive: true });
    const init = spawnSync(RENDA_BIN, ['init', '--data', dirA, '--store', uri],
      { encoding: 'utf8', env: { ...process.env, RENDA_ADMIN_PASSWORD: DEMO_PASSWORD } });
    assert.equal(init.status, 0, init.stderr);
    const A = await startNode(dirA, 'A');
    nodes.push(A);
    rmSync(dirB, { recursive: true });
    cpSync(dirA, dirB, { recursive: true });
    const B = await startNode(dirB, 'B');
    nodes.push(B);
    assert.deepEqual(readFileSync(join(dirB, 'signing.key')), readFileSync(join(dirA, 'signing.key')));

    const sa = new Client(A.url);
    assert.equal((await sa.login('admin')).status, 200);
    // The session is in the database: the same cookie works on node B.
    const sb = new Client(B.url);
    sb.cookie = sa.cookie;
    sb.csrf = sa.csrf;
    assert.equal((await sb.req('GET', '/api/auth/me')).status, 200);
    for (const n of [A, B]) {
      const h = (await new Client(n.url).req('GET', '/api/health')).json;
      assert.equal(h.store, 'postgresql');
    }

    // Streams: on A; then on B from an event A's stream has seen, so both
    // should list exactly the same events after it.
    const evA = stream(A.url, sa.cookie);
    streams.push(evA);
    await evA.ready;
    const term = (await sa.req('POST', '/api/terms', { number: 1, name: '第一届' })).json.term;
    const session = (await sb.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '第一次会议' })).json.session;
    const plenary = (await sa.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '第一次全体会议' })).json.plenary;
    // A first event (user.created), published through node B.
    assert.equal((await sb.req('POST', '/api/users', { username: 'observer', display_name: '观察员',
      password: 'password123', roles: ['auditor'] })).status, 201);
    await evA.waitFor(() => evA.events.length > 0, 'a first event on A');
    const mark = evA.events[0].id;
    const evB = stream(B.url, sa.cookie, mark);
    streams.push(evB);
    await evB.ready;

    // Delegates with accounts, made through both nodes; each logs in on
    // "its" node (even: A, odd: B) and checks in there.
    const delegates = [];
    for (let i = 0; i < N; i++) {
      const staff = i % 2 ? sb : sa;
      const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `代表${i}`, gender: i % 3 ? '男' : '女' })).json.delegate;
      const r = await staff.req('POST', `/api/delegates/${d.id}/account`, { username: `node${i}`, password: 'password1' });
      assert.equal(r.status, 201, r.text);
      delegates.push({ id: d.id, i, node: i % 2 ? B : A, choice: ['yes', 'yes', 'no', 'abstain'][i % 4] });
    }
    await Promise.all(delegates.map(async (d) => {
      d.c = new Client(d.node.url);
      let r = await d.c.login(`node${d.i}`, 'password1');
      assert.equal(r.status, 200, r.text);
      r = await d.c.req('POST', `/api/plenaries/${plenary.id}/checkin`);
      assert.equal(r.status, 200, r.text);
    }));
    assert.equal((await sb.req('POST', `/api/plenaries/${plenary.id}/open`)).status, 200);
    const poll = (await sa.req('POST', `/api/plenaries/${plenary.id}/polls`, { title: '关于两个节点的决议（草案）' })).json.poll;

    // A third stream starts on A and will move to B in the middle of the vote.
    const evC1 = stream(A.url, sa.cookie, mark);
    streams.push(evC1);
    await evC1.ready;
    const opened = await sb.req('POST', `/api/polls/${poll.id}/open`);
    assert.equal(opened.status, 200, opened.text);
    await evA.waitFor(() => pollState(evA, poll.id, 'open'), 'the poll open on A');
    await evB.waitFor(() => pollState(evB, poll.id, 'open'), 'the poll open on B');

    // Everyone votes at once, on their own node; every fourth delegate also
    // presses on a second device connected to the other node (a double
    // submission across nodes). Every acknowledged vote must count once.
    const acked = new Map();
    let moved = null;
    const vote = async (d, c) => {
      const r = await c.req('POST', `/api/polls/${poll.id}/vote`, { choice: d.choice });
      if (r.status === 200) acked.set(d.id, d.choice);
      else assert.equal(r.status, 409, r.text); // "already voted" is the only other answer
      // Halfway: the third stream drops off A, and reconnects to B only
      // once something has happened while it was away.
      if (acked.size >= N / 2 && !moved) {
        const last = evC1.events.at(-1)?.id || mark;
        evC1.close();
        moved = (async () => {
          await evA.waitFor(() => after(evA, last).length > 0, 'an event while the stream is away');
          const s = stream(B.url, sa.cookie, last);
          streams.push(s);
          return s;
        })();
      }
    };
    await Promise.all(delegates.flatMap((d) => {
      const tasks = [vote(d, d.c)];
      if (d.i % 4 === 0) {
        const other = new Client((d.node === A ? B : A).url);
        other.cookie = d.c.cookie;
        other.csrf = d.c.csrf;
        tasks.push(vote(d, other));
      }
      return tasks;
    }));
    assert.equal(acked.size, N, 'every delegate has an acknowledged vote');
    assert.ok(moved, 'the third stream moved');
    moved = await moved;
    await moved.ready;

    // Both streams end at the exact count (after the last vote, every
    // node's last progress event reads N).
    for (const [s, name] of [[evA, 'A'], [evB, 'B'], [moved, 'the moved stream']]) {
      await s.waitFor(() => progressOf(s, poll.id).at(-1) === N, `${N} voted on ${name}`);
    }
    assert.equal((await sa.req('POST', `/api/polls/${poll.id}/close`)).status, 200);
    assert.equal((await sb.req('POST', `/api/polls/${poll.id}/release`)).status, 200);
    for (const s of [evA, evB, moved]) await s.waitFor(() => pollState(s, poll.id, 'released'), 'the release');
    // Give a straggling progress event (there must be none) time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(progressOf(evA, poll.id).at(-1), N, 'the last progress on A');
    assert.equal(progressOf(evB, poll.id).at(-1), N, 'the last progress on B');

    // The big screens of both nodes: the same exact tally.
    const want = { yes: 0, no: 0, abstain: 0 };
    for (const c of acked.values()) want[c]++;
    const screens = [];
    for (const c of [sa, sb]) {
      const s = (await c.req('GET', `/api/plenaries/${plenary.id}/screen`)).json;
      assert.equal(s.poll.id, poll.id);
      const { yes, no, abstain } = s.poll.result;
      assert.deepEqual({ yes, no, abstain }, want);
      assert.equal(yes + no + abstain, N, 'every acknowledged vote exactly once');
      screens.push(s.poll.result);
    }
    assert.deepEqual(screens[0], screens[1], 'both screens alike');
    const votes = (await sb.req('GET', `/api/polls/${poll.id}/votes`)).json.votes;
    assert.equal(votes.length, N);
    for (const v of votes) assert.equal(v.choice, acked.get(v.delegate_id));

    // One order: the streams on A and B list the same events after the mark.
    await evA.waitFor(() => after(evA, mark).length >= after(evB, mark).length, 'A to catch up with B');
    await evB.waitFor(() => after(evB, mark).length >= after(evA, mark).length, 'B to catch up with A');
    const la = after(evA, mark);
    const lb = after(evB, mark);
    assert.ok(la.length > 10, `${la.length} events`);
    assert.deepEqual(lb, la, 'the same events, ids and order on both nodes');
    // The moved stream: its part on A and its part on B together are exactly
    // that list — nothing missed, nothing twice.
    const lc = [...after(evC1, mark), ...after(moved, evC1.events.at(-1)?.id || mark)];
    const firstC = la.findIndex((e) => e[0] === lc[0][0]);
    assert.ok(firstC >= 0);
    assert.deepEqual(lc, la.slice(firstC, firstC + lc.length));
    assert.equal(firstC + lc.length, la.length, 'the moved stream saw everything up to the end');
    assert.ok(!moved.events.some((e) => e.event === 'reset'), 'no reset after the move');
    t.diagnostic(`${la.length} events on both nodes; ${N} votes; moved stream ${after(evC1, mark).length} on A + ${after(moved, evC1.events.at(-1)?.id || mark).length} on B`);

    // nginx with the repository's config in front of both nodes.
    if (skipNginx) {
      t.diagnostic(`nginx part skipped: ${skipNginx}`);
      return;
    }
    const [https443, http80] = [await freePort(), await freePort()];
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(ssl.status, 0, ssl.stderr);
    const site = readFileSync(join(root, 'deploy', 'nginx-renda.conf'), 'utf8')
      .replace('server 127.0.0.1:8081 ', `server ${new URL(A.url).host} `)
      .replace('server 127.0.0.1:8082 ', `server ${new URL(B.url).host} `)
      .replace(/^\s*listen \[::\]:.*$/gm, '')
      .replace(/listen 80;/, `listen 127.0.0.1:${http80};`)
      .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${https443} ssl http2;`)
      .replace('/etc/ssl/renda/fullchain.pem', join(work, 'cert.pem'))
      .replace('/etc/ssl/renda/privkey.pem', join(work, 'key.pem'));
    assert.ok(site.includes(new URL(A.url).host) && site.includes(`${https443} ssl`), 'the config was rewritten');
    writeFileSync(join(work, 'site.conf'), site);
    writeFileSync(join(work, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 1024; }
http {
  access_log ${work}/access.log;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  include ${work}/site.conf;
}
`);
    const check = spawnSync('nginx', ['-t', '-c', join(work, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
    nginx = spawn('nginx', ['-c', join(work, 'nginx.conf')], { stdio: 'ignore' });
    const base = `https://127.0.0.1:${https443}`;
    const front = new TlsClient(base);
    for (let i = 0; i < 50; i++) {
      try { if ((await front.req('GET', '/api/health')).status === 200) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Port 80 sends browsers to https.
    const redirect = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port: http80, path: '/x' }, (res) => { res.resume(); resolve(res); });
    });
    assert.equal(redirect.statusCode, 301);
    assert.match(redirect.headers.location, /^https:\/\//);
    // Behind the proxy with --trust-proxy: the cookie is Secure (X-Forwarded-Proto: https).
    const officer = new TlsClient(base);
    const li = await officer.login('admin');
    assert.equal(li.status, 200);
    assert.match(li.setCookie, /Secure/i);
    const poll2 = (await officer.req('POST', `/api/plenaries/${plenary.id}/polls`, { title: '经由nginx的表决' })).json.poll;
    const evN = stream(base, officer.cookie, null, officer.agent);
    streams.push(evN);
    await evN.ready;
    assert.equal((await officer.req('POST', `/api/polls/${poll2.id}/open`)).status, 200);
    await evN.waitFor(() => pollState(evN, poll2.id, 'open'), 'the poll open, through nginx');
    const M = 12;
    await Promise.all(delegates.slice(0, M).map(async (d) => {
      const c = new TlsClient(base);
      assert.equal((await c.login(`node${d.i}`, 'password1')).status, 200);
      const r = await c.req('POST', `/api/polls/${poll2.id}/vote`, { choice: 'yes' });
      assert.equal(r.status, 200, r.text);
    }));
    await evN.waitFor(() => progressOf(evN, poll2.id).at(-1) === M, `${M} voted, through nginx`);
    assert.equal((await officer.req('POST', `/api/polls/${poll2.id}/close`)).status, 200);
    const shown = (await officer.req('GET', `/api/plenaries/${plenary.id}/screen`)).json;
    assert.equal(shown.poll.id, poll2.id);
    const direct = (await sa.req('GET', `/api/polls/${poll2.id}`)).json.poll.result;
    assert.equal(direct.yes, M);
    // nginx spread the votes over both nodes (round robin).
    const served = [dirA, dirB].map((d) => readFileSync(join(d, 'access.log'), 'utf8')
      .split('\n').filter((l) => l.includes(` POST /api/polls/${poll2.id}/vote 200 `)).length);
    assert.equal(served[0] + served[1], M);
    assert.ok(served[0] > 0 && served[1] > 0, `votes per node through nginx: ${served}`);
    t.diagnostic(`through nginx: ${M} votes (${served.join(' on A, ')} on B), stream and screen agree`);
  } finally {
    for (const s of streams) s.close();
    if (nginx) {
      const done = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGQUIT');
      await done;
    }
    for (const n of nodes) {
      const code = await n.stop();
      // PG_NODES_VERBOSE=1 shows the nodes' logs even when all went well.
      if (code !== 0 || process.env.PG_NODES_VERBOSE) console.log(`# node ${n.name} exited ${code}: ${n.stderr().slice(-3000)}`);
    }
    psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    for (const d of [dirA, dirB, work]) rmSync(d, { recursive: true, force: true });
  }
});
