// Live events over SSE: delivery after a write, resume from Last-Event-ID,
// heartbeats, and many idle streams without a thread each.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, Client } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let server, staff;
test.before(async () => {
  server = await startServer({ args: ['--heartbeat-ms', '300', '--threads', '2'] });
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); });

// Opens a stream (query: e.g. '?skip=user.created'); returns {events, close, waitFor(pred)}.
function stream(headers = {}, query = '') {
  const url = new URL(server.url + '/api/events' + query);
  let buf = '';
  const events = [];
  let comments = 0;
  const waiters = [];
  const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search,
    headers: { cookie: staff.cookie, ...headers } });
  const ready = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) { reject(new Error(`status ${res.statusCode}`)); return; }
      assert.match(res.headers['content-type'], /text\/event-stream/);
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            const m = line.match(/^(id|event|data): (.*)$/);
            if (m) ev[m[1]] = m[2];
          }
          if (ev.event) events.push(ev);
        }
        for (const w of waiters.splice(0)) w();
      });
      resolve();
    });
    req.on('error', () => {});
  });
  const waitFor = async (pred, ms = 5000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out waiting for an event');
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
  };
  return { ready, events, comments: () => comments, waitFor, close: () => req.destroy() };
}

test('a write reaches an open stream as an event', async () => {
  const s = stream();
  await s.ready;
  const r = await staff.req('POST', '/api/users', { username: 'ev1', display_name: '事件', password: 'password123', roles: ['delegate'] });
  assert.equal(r.status, 201);
  await s.waitFor(() => s.events.some((e) => e.event === 'user.created'));
  const ev = s.events.find((e) => e.event === 'user.created');
  assert.deepEqual(JSON.parse(ev.data), { id: r.json.user.id });
  assert.match(ev.id, /^\d+$/);
  s.close();
});

test('a reconnect with Last-Event-ID gets what it missed, in order, once', async () => {
  const s1 = stream();
  await s1.ready;
  await staff.req('POST', '/api/users', { username: 'ev2', display_name: '甲', password: 'password123', roles: ['delegate'] });
  await s1.waitFor(() => s1.events.length >= 1);
  const lastId = s1.events.at(-1).id;
  s1.close();
  const ids = [];
  for (const u of ['ev3', 'ev4']) {
    const r = await staff.req('POST', '/api/users', { username: u, display_name: '乙', password: 'password123', roles: ['delegate'] });
    ids.push(r.json.user.id);
  }
  const s2 = stream({ 'last-event-id': lastId });
  await s2.ready;
  await s2.waitFor(() => s2.events.filter((e) => e.event === 'user.created').length >= 2);
  const got = s2.events.filter((e) => e.event === 'user.created').map((e) => JSON.parse(e.data).id);
  assert.deepEqual(got, ids);
  assert.ok(Number(s2.events[0].id) > Number(lastId));
  s2.close();
});

test('a quiet stream gets heartbeats', async () => {
  const s = stream();
  await s.ready;
  const start = s.comments();
  await s.waitFor(() => s.comments() >= start + 2, 5000);
  s.close();
});

test('bad Last-Event-ID is a 400 naming the header', async () => {
  const r = await staff.req('GET', '/api/events', undefined, { 'last-event-id': 'yesterday' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'Last-Event-ID');
});

// user.created, then user.roles: two event types a test can make.
async function createAndPromote(username) {
  const r = await staff.req('POST', '/api/users', { username, display_name: '跳过', password: 'password123', roles: ['delegate'] });
  assert.equal(r.status, 201);
  const p = await staff.req('PUT', `/api/users/${r.json.user.id}/roles`, { roles: ['delegate', 'staff'] });
  assert.equal(p.status, 200);
  return r.json.user.id;
}

test('?skip= leaves those event types out of the stream, and only from that stream', async () => {
  const skipping = stream({}, '?skip=user.created,floor.progress');
  const all = stream();
  await Promise.all([skipping.ready, all.ready]);
  const id = await createAndPromote('skip1');
  const roles = (e) => e.event === 'user.roles' && JSON.parse(e.data).id === id;
  await skipping.waitFor(() => skipping.events.some(roles));
  await all.waitFor(() => all.events.some(roles));
  assert.deepEqual(skipping.events.map((e) => e.event), ['user.roles']);
  assert.deepEqual(all.events.map((e) => e.event), ['user.created', 'user.roles']);
  // The same event, the same id, on both.
  assert.equal(skipping.events[0].id, all.events[1].id);
  skipping.close();
  all.close();
});

test('?skip= takes only event types the server knows: a 400 naming skip', async () => {
  for (const q of ['floor.nonsense', 'user.created,', ',user.created', 'user.created,,user.roles', 'reset', 'USER.CREATED', '']) {
    const r = await staff.req('GET', `/api/events?skip=${encodeURIComponent(q)}`);
    assert.equal(r.status, 400, `skip=${q}`);
    assert.equal(r.json.error.field, 'skip', `skip=${q}`);
  }
});

test('?skip= knows every event type the server publishes, and only those', () => {
  const api = join(root, 'src/api');
  const published = new Set();
  for (const f of readdirSync(api).filter((f) => f.endsWith('.c'))) {
    const text = readFileSync(join(api, f), 'utf8');
    for (const m of text.matchAll(/(?:api_publish|settle)\(\s*[\w>-]+,\s*"([^"]+)"/g)) published.add(m[1]);
  }
  const sse = readFileSync(join(root, 'src/http/sse.c'), 'utf8');
  const table = sse.match(/sse_event_types\[\] = \{([^}]*)\}/)[1];
  const known = [...table.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(published.size >= 10, 'the publish sites were read');
  assert.deepEqual(known.slice().sort(), [...published].sort());
  const doc = readFileSync(join(root, 'docs/api/openapi.yaml'), 'utf8');
  for (const t of known) assert.ok(doc.includes(t), `${t} is not in the skip parameter of openapi.yaml`);
});

test('a skipping stream resumes with Last-Event-ID: the missed events it wants, once, and no reset', async () => {
  const s1 = stream({}, '?skip=user.created');
  await s1.ready;
  const id1 = await createAndPromote('skip2');
  await s1.waitFor(() => s1.events.some((e) => e.event === 'user.roles' && JSON.parse(e.data).id === id1));
  const lastId = s1.events.at(-1).id;
  s1.close();
  // Missed while away: two user.created (skipped) and two user.roles.
  const ids = [await createAndPromote('skip3'), await createAndPromote('skip4')];
  const s2 = stream({ 'last-event-id': lastId }, '?skip=user.created');
  await s2.ready;
  await s2.waitFor(() => s2.events.length >= 2);
  await new Promise((r) => setTimeout(r, 200)); // nothing more may come
  assert.deepEqual(s2.events.map((e) => e.event), ['user.roles', 'user.roles']);
  assert.deepEqual(s2.events.map((e) => JSON.parse(e.data).id), ids);
  assert.ok(Number(s2.events[0].id) > Number(lastId) + 1, 'the skipped user.created ids are passed over');
  s2.close();
  // The same through ?last_event_id= (what the browser's reconnect sends).
  const s3 = stream({}, `?last_event_id=${lastId}&skip=user.created`);
  await s3.ready;
  await s3.waitFor(() => s3.events.length >= 2);
  assert.deepEqual(s3.events.map((e) => e.event), ['user.roles', 'user.roles']);
  s3.close();
});

test('300 idle streams on 2 worker threads, and the API still answers', async () => {
  const streams = Array.from({ length: 300 }, () => stream());
  await Promise.all(streams.map((s) => s.ready));
  const h = await staff.req('GET', '/api/health');
  assert.equal(h.status, 200);
  const r = await staff.req('POST', '/api/users', { username: 'ev-many', display_name: '多', password: 'password123', roles: ['delegate'] });
  assert.equal(r.status, 201);
  await Promise.all(streams.map((s) => s.waitFor(() => s.events.some((e) => e.event === 'user.created' && JSON.parse(e.data).id === r.json.user.id), 10000)));
  streams.forEach((s) => s.close());
});

test('the server stops promptly with streams open', async () => {
  const s2 = await startServer();
  const c = new Client(s2.url);
  await c.login('staff');
  const url = new URL(s2.url + '/api/events');
  const reqs = Array.from({ length: 20 }, () => http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { cookie: c.cookie } }).on('error', () => {}));
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  const code = await s2.stop();
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 5000, 'stop took too long');
  reqs.forEach((r) => r.destroy());
  s2.cleanup();
});
