// Bad input from the network: a clear 4xx naming the field, and nothing changed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); });

const good = { username: 'newuser', display_name: '新用户', password: 'password123', roles: ['delegate'] };

async function usersAndAudit() {
  const u = await staff.req('GET', '/api/users');
  const a = await staff.req('GET', '/api/audit?limit=500');
  return { users: u.json.users.length, audit: a.json.entries.length };
}

const cases = [
  ['malformed JSON', '{"username": "x",', 'body'],
  ['not an object', '[1,2,3]', 'body'],
  ['unknown field', { ...good, is_admin: true }, 'is_admin'],
  ['missing field', { username: 'x1', password: 'password123', roles: ['delegate'] }, 'display_name'],
  ['wrong type', { ...good, display_name: 42 }, 'display_name'],
  ['password too short', { ...good, password: 'short' }, 'password'],
  ['display name too long', { ...good, display_name: '人'.repeat(65) }, 'display_name'],
  ['bad username', { ...good, username: 'Bad Name' }, 'username'],
  ['unknown role', { ...good, roles: ['king'] }, 'roles'],
  ['role twice', { ...good, roles: ['delegate', 'delegate'] }, 'roles'],
  ['empty roles', { ...good, roles: [] }, 'roles'],
  ['duplicate key', '{"username":"a1","username":"a2","display_name":"x","password":"password123","roles":["delegate"]}', 'body'],
  ['NUL in a string', { ...good, display_name: 'a\u0000b' }, 'display_name'],
];

for (const [name, body, field] of cases) {
  test(`400 for ${name}, naming ${field}`, async () => {
    const before = await usersAndAudit();
    const r = await staff.req('POST', '/api/users', body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid');
    assert.equal(r.json.error.field, field);
    assert.ok(r.json.error.message.length > 0);
    assert.deepEqual(await usersAndAudit(), before);
  });
}

test('a 64-character Chinese display name is accepted (limits count characters, not bytes)', async () => {
  const r = await staff.req('POST', '/api/users', { ...good, username: 'longname', display_name: '人'.repeat(64) });
  assert.equal(r.status, 201, r.text);
});

test('oversized body: 413, nothing changed', async () => {
  const before = await usersAndAudit();
  const r = await staff.req('POST', '/api/users', { ...good, display_name: 'x'.repeat(2 << 20) });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'too_large');
  assert.equal(r.json.error.field, 'body');
  assert.deepEqual(await usersAndAudit(), before);
});

test('a body must be sent as JSON', async () => {
  const r = await staff.req('POST', '/api/users', JSON.stringify(good), { 'content-type': 'text/plain' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'Content-Type');
});

test('a body on an endpoint that takes none is refused', async () => {
  const c = new Client(server.url);
  await c.login('daibiao03');
  const r = await c.req('POST', '/api/auth/logout', { everything: true });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'body');
  assert.equal((await c.req('GET', '/api/auth/me')).status, 200, 'still logged in');
});

test('query parameters are declared: unknown, repeated or out of range are 400', async () => {
  for (const [q, field] of [['?foo=1', 'foo'], ['?limit=1&limit=2', 'limit'], ['?limit=0', 'limit'],
    ['?limit=501', 'limit'], ['?limit=ten', 'limit'], ['?after=%ZZ', 'query']]) {
    const r = await staff.req('GET', '/api/audit' + q);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.field, field, q);
  }
  const ok = await staff.req('GET', '/api/audit?limit=2&after=1');
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json.entries.map((e) => e.id), [2, 3]);
});

test('unknown endpoint 404, wrong method 405, bad id 404', async () => {
  assert.equal((await staff.req('GET', '/api/nothing')).status, 404);
  const m = await staff.req('DELETE', '/api/users');
  assert.equal(m.status, 405);
  assert.equal(m.json.error.field, 'method');
  for (const id of ['0', '-1', '01', 'abc', '9007199254740993']) {
    assert.equal((await staff.req('PUT', `/api/users/${id}/roles`, { roles: [] })).status, 404, id);
  }
});

test('oversized headers are refused without crashing the server', async () => {
  const r = await fetch(server.url + '/api/health', { headers: { 'x-big': 'a'.repeat(64 * 1024) } }).catch((e) => e);
  if (!(r instanceof Error)) assert.ok(r.status >= 400, `status ${r.status}`);
  assert.equal((await staff.req('GET', '/api/health')).status, 200);
});

test('static pages: the UI shell for app paths, no traversal', async () => {
  const page = await fetch(server.url + '/floor/anything');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.headers.get('content-security-policy') || '', /default-src 'self'/);
  for (const p of ['/../renda.db', '/%2e%2e/renda.db', '/.env', '/assets/missing.js']) {
    const r = await fetch(server.url + p);
    const text = await r.text();
    assert.ok(!text.includes('SQLite format'), p);
    if (p.startsWith('/assets/')) assert.equal(r.status, 404);
  }
  assert.equal((await fetch(server.url + '/api/health', { method: 'POST' })).status, 405);
});

test('built assets are served precompressed to clients that take gzip, and cached for good', async () => {
  const html = await (await fetch(server.url + '/')).text();
  const m = html.match(/\/assets\/[^"]+\.js/);
  assert.ok(m, 'index.html names a script');
  const { get } = await import('node:http');
  const headers = (enc) => new Promise((resolve, reject) => {
    get(server.url + m[0], { headers: enc ? { 'accept-encoding': enc } : {} }, (res) => {
      res.resume();
      resolve(res.headers);
    }).on('error', reject);
  });
  const gz = await headers('gzip, deflate');
  assert.equal(gz['content-encoding'], 'gzip');
  assert.match(gz['cache-control'], /immutable/);
  const plain = await headers(null);
  assert.equal(plain['content-encoding'], undefined);
  assert.match(plain['content-type'], /javascript/);
});
