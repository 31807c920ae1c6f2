// Accounts, sessions, CSRF and roles against a real server.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD, PG_ADMIN } from '../lib/server.mjs';

let server;
test.before(async () => { server = await startServer(); });
test.after(async () => { await server.stop(); server.cleanup(); });

async function auditCount(client) {
  const r = await client.req('GET', '/api/audit?limit=500');
  assert.equal(r.status, 200);
  return r.json.entries.length;
}

test('health answers without login', async () => {
  const c = new Client(server.url);
  const r = await c.req('GET', '/api/health');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.store, PG_ADMIN ? 'postgresql' : 'sqlite');
  assert.match(r.json.version, /^\d+\.\d+\.\d+$/);
  assert.ok(r.headers.get('x-request-id'));
});

test('wrong password: 401, no session cookie, and the failure is audited', async () => {
  const c = new Client(server.url);
  const r = await c.req('POST', '/api/auth/login', { username: 'staff', password: 'wrong-password' });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthenticated');
  assert.equal(r.json.error.field, 'password');
  assert.equal(r.setCookie, null);
  const unknown = await c.req('POST', '/api/auth/login', { username: 'nobody', password: 'x' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.error.message, r.json.error.message, 'same answer for unknown users');
  const staff = new Client(server.url);
  assert.equal((await staff.login('staff')).status, 200);
  const log = await staff.req('GET', '/api/audit?limit=500');
  assert.ok(log.json.entries.some((e) => e.action === 'auth.login_failed' && e.detail.username === 'staff'));
});

test('login sets an HttpOnly SameSite=Strict cookie and me returns the user', async () => {
  const c = new Client(server.url);
  const r = await c.login('zhuxi');
  assert.equal(r.status, 200);
  assert.match(r.setCookie, /renda_session=[A-Za-z0-9_-]{43}/);
  assert.match(r.setCookie, /HttpOnly/);
  assert.match(r.setCookie, /SameSite=Strict/);
  assert.doesNotMatch(r.setCookie, /Secure/, 'plain http on loopback');
  assert.deepEqual(r.json.user.roles, ['presidium', 'delegate']);
  const me = await c.req('GET', '/api/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.username, 'zhuxi');
  assert.equal(me.json.csrf_token, c.csrf);
});

test('behind a TLS proxy the cookie is Secure', async () => {
  const s = await startServer({ args: ['--trust-proxy'] });
  try {
    const r = await fetch(s.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('set-cookie'), /; Secure/);
  } finally { await s.stop(); s.cleanup(); }
});

test('no session: 401 on protected endpoints', async () => {
  const c = new Client(server.url);
  for (const [m, p] of [['GET', '/api/auth/me'], ['GET', '/api/users'], ['GET', '/api/audit'], ['POST', '/api/auth/logout']]) {
    const r = await c.req(m, p);
    assert.equal(r.status, 401, `${m} ${p}`);
    assert.equal(r.json.error.code, 'unauthenticated');
  }
  c.cookie = 'renda_session=forged-token-forged-token-forged-token-forged';
  assert.equal((await c.req('GET', '/api/auth/me')).status, 401);
});

test('a role calling a forbidden endpoint: 403 and nothing changed', async () => {
  const staff = new Client(server.url);
  await staff.login('staff');
  const before = await staff.req('GET', '/api/users');
  const nAudit = await auditCount(staff);

  const delegate = new Client(server.url);
  await delegate.login('daibiao01');
  const r = await delegate.req('POST', '/api/users', {
    username: 'intruder', display_name: '入侵者', password: 'password123', roles: ['staff'],
  });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
  const roles = await delegate.req('PUT', '/api/users/2/roles', { roles: ['staff'] });
  assert.equal(roles.status, 403);
  assert.equal((await delegate.req('GET', '/api/audit')).status, 403);

  const after = await staff.req('GET', '/api/users');
  assert.deepEqual(after.json, before.json);
  // Only the delegate's own login was audited in between.
  const entries = (await staff.req('GET', '/api/audit?limit=500')).json.entries.slice(nAudit);
  assert.deepEqual(entries.map((e) => e.action), ['auth.login']);
});

test('CSRF: a cookie session write without the token is refused and changes nothing', async () => {
  const staff = new Client(server.url);
  await staff.login('staff');
  const token = staff.csrf;
  staff.csrf = null;
  const r = await staff.req('POST', '/api/users', {
    username: 'csrf-victim', display_name: '跨站', password: 'password123', roles: ['delegate'],
  });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'X-CSRF-Token');
  staff.csrf = 'A'.repeat(43);
  assert.equal((await staff.req('POST', '/api/auth/logout')).status, 403);
  staff.csrf = token;
  const users = await staff.req('GET', '/api/users');
  assert.ok(!users.json.users.some((u) => u.username === 'csrf-victim'));
  assert.equal((await staff.req('GET', '/api/auth/me')).status, 200, 'still logged in');
});

test('bearer tokens work without CSRF and can be revoked by logout', async () => {
  const r = await fetch(server.url + '/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'shenji', password: DEMO_PASSWORD, mode: 'bearer' }),
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('set-cookie'), null);
  const body = await r.json();
  assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
  const c = new Client(server.url);
  c.bearer = body.token;
  assert.equal((await c.req('GET', '/api/audit/verify')).status, 200);
  assert.equal((await c.req('POST', '/api/auth/logout')).status, 200);
  assert.equal((await c.req('GET', '/api/auth/me')).status, 401);
});

test('logout ends the session and clears the cookie', async () => {
  const c = new Client(server.url);
  await c.login('daibiao02');
  const r = await c.req('POST', '/api/auth/logout');
  assert.equal(r.status, 200);
  assert.match(r.setCookie, /Max-Age=0/);
  assert.equal((await c.req('GET', '/api/auth/me')).status, 401);
});

test('staff create users and change roles; both are audited', async () => {
  const staff = new Client(server.url);
  await staff.login('staff');
  const r = await staff.req('POST', '/api/users', {
    username: 'daibiao99', display_name: '欧阳明', password: 'password123', roles: ['delegate'],
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.user.display_name, '欧阳明');
  const id = r.json.user.id;
  const dup = await staff.req('POST', '/api/users', {
    username: 'daibiao99', display_name: '重复', password: 'password123', roles: ['delegate'],
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.field, 'username');
  const roles = await staff.req('PUT', `/api/users/${id}/roles`, { roles: ['delegate', 'presidium'] });
  assert.equal(roles.status, 200);
  assert.deepEqual(roles.json.user.roles, ['presidium', 'delegate']);
  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries;
  const change = log.find((e) => e.action === 'user.roles' && e.subject === `user:${id}`);
  assert.deepEqual(change.detail, { before: ['delegate'], after: ['presidium', 'delegate'] });
  assert.equal(change.actor, 'staff');
  const fresh = new Client(server.url);
  assert.equal((await fresh.login('daibiao99', 'password123')).status, 200);
  assert.equal((await staff.req('PUT', '/api/users/999999/roles', { roles: [] })).status, 404);
  const self = await staff.req('PUT', '/api/users/1/roles', { roles: ['auditor'] });
  assert.equal(self.status, 409, 'staff cannot drop their own staff role');
});

test('login attempts are rate-limited per account', async () => {
  const s = await startServer();
  try {
    const c = new Client(s.url);
    let last;
    for (let i = 0; i < 11; i++) last = await c.req('POST', '/api/auth/login', { username: 'danwei', password: 'guess' + i });
    assert.equal(last.status, 429);
    assert.equal(last.json.error.code, 'rate_limited');
    // Even the right password is refused while the account is locked.
    assert.equal((await c.login('danwei')).status, 429);
    assert.equal((await c.login('staff')).status, 200, 'other accounts unaffected');
  } finally { await s.stop(); s.cleanup(); }
});
