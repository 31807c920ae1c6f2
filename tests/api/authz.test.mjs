// Issue 9: the authorization matrix. Every route of docs/api/openapi.yaml is
// called as every caller listed in tests/authz.json — the five roles, nobody,
// a forged cookie, an expired session, a cross-site cookie write without the
// CSRF token, a bearer token — and each answer is checked against the table:
// a refused caller gets 401 (no valid session) or 403 (role, CSRF) with the
// error shape and changes nothing (the audit chain does not grow); an allowed
// caller gets neither 401 nor 403 (400/404/409 for the dummy input is fine).
// AUTHZ_VERBOSE=1 prints every allowed answer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, Client, DEMO_PASSWORD, sqlOn } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROLES = ['staff', 'presidium', 'delegate', 'handling_unit', 'auditor'];
const CALLERS = [...ROLES, 'nobody', 'forged', 'expired', 'cross_site', 'bearer'];
const ACCOUNTS = { staff: 'staff', presidium: 'authz-presidium', delegate: 'daibiao01', handling_unit: 'danwei', auditor: 'shenji' };
const PRESIDIUM_PASSWORD = 'authz-presidium-pw';
const REQUEST_TIMEOUT_MS = 15000;

// The operations of the OpenAPI document: its paths sit at two spaces, the
// methods at four, x-roles at six (the same reading as routes.test.mjs).
function operations() {
  const doc = readFileSync(join(root, 'docs/api/openapi.yaml'), 'utf8').split('\n');
  const out = [];
  let path = null;
  let method = null;
  for (const line of doc) {
    let m;
    if ((m = line.match(/^  (\/api\/\S+):\s*$/))) path = m[1];
    else if (path && (m = line.match(/^    (get|post|put|delete|patch):\s*$/))) method = m[1];
    else if (path && method && (m = line.match(/^      x-roles: \[(.*)\]/))) {
      out.push({ route: `${method.toUpperCase()} ${path}`, roles: m[1].split(',').map((s) => s.trim()) });
      method = null;
    }
  }
  return out;
}

const table = JSON.parse(readFileSync(join(root, 'tests/authz.json'), 'utf8'));
const ops = operations();

test('tests/authz.json covers every route of the OpenAPI document, and nothing else', () => {
  assert.ok(ops.length >= 10, 'the OpenAPI document was read');
  const inDoc = new Set(ops.map((o) => o.route));
  const inTable = table.routes.map((e) => e.route);
  const missing = [...inDoc].filter((r) => !inTable.includes(r));
  const extra = inTable.filter((r) => !inDoc.has(r));
  const dup = inTable.filter((r, i) => inTable.indexOf(r) !== i);
  assert.deepEqual(missing, [], 'routes in docs/api/openapi.yaml missing from tests/authz.json');
  assert.deepEqual(extra, [], 'routes in tests/authz.json that docs/api/openapi.yaml does not have');
  assert.deepEqual(dup, [], 'routes listed twice in tests/authz.json');
});

test('tests/authz.json agrees with the x-roles of the OpenAPI document', () => {
  for (const e of table.routes) {
    const op = ops.find((o) => o.route === e.route);
    if (!op) continue; // reported by the test above
    for (const c of e.allow) assert.ok(CALLERS.includes(c), `${e.route}: unknown caller ${c}`);
    for (const c of e.object_refused || []) assert.ok(e.allow.includes(c), `${e.route}: object_refused ${c} must be allowed by the route`);
    const pub = op.roles.includes('public');
    const any = pub || op.roles.includes('any_user');
    const write = !e.route.startsWith('GET ');
    const want = CALLERS.filter((c) => (ROLES.includes(c) ? any || op.roles.includes(c)
      : c === 'cross_site' ? !write
        : c === 'bearer' ? true
          : pub));
    assert.deepEqual([...e.allow].sort(), want.sort(), `${e.route} (x-roles: ${op.roles.join(', ')})`);
  }
});

// One request, never hanging: an event stream is dropped once its headers
// arrived; anything else is read whole.
async function send(base, method, url, { cookie, csrf, bearer, body, raw, origin } = {}) {
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (origin) headers.origin = origin;
  let payload;
  if (raw) { payload = raw.data; headers['content-type'] = raw.type; } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetch(base + url, { method, headers, body: payload, signal: ac.signal });
    const ctype = res.headers.get('content-type') || '';
    if (ctype.startsWith('text/event-stream')) {
      ac.abort();
      return { status: res.status, ctype, json: null };
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, ctype, json, text };
  } finally { clearTimeout(timer); }
}

let server;
const sessions = {}; // role -> { cookie, csrf }
const bearers = {}; // role -> token
let expiredCookie;
const forgedCookie = `renda_session=${randomBytes(32).toString('base64url')}`;

async function cookieLogin(role) {
  const c = new Client(server.url);
  const r = await c.login(ACCOUNTS[role], role === 'presidium' ? PRESIDIUM_PASSWORD : DEMO_PASSWORD);
  assert.equal(r.status, 200, `log in as ${ACCOUNTS[role]}: ${r.text}`);
  return { cookie: c.cookie, csrf: c.csrf };
}

async function bearerLogin(role) {
  const c = new Client(server.url);
  const r = await c.req('POST', '/api/auth/login', {
    username: ACCOUNTS[role], password: role === 'presidium' ? PRESIDIUM_PASSWORD : DEMO_PASSWORD, mode: 'bearer',
  });
  assert.equal(r.status, 200, `bearer log in as ${ACCOUNTS[role]}: ${r.text}`);
  assert.ok(r.json.token);
  return r.json.token;
}

test.before(async () => {
  server = await startServer();
  sessions.staff = await cookieLogin('staff');
  const staff = new Client(server.url);
  Object.assign(staff, sessions.staff);
  const made = await staff.req('POST', '/api/users', {
    username: ACCOUNTS.presidium, display_name: '主席团测试', password: PRESIDIUM_PASSWORD, roles: ['presidium'],
  });
  assert.equal(made.status, 201, `create the presidium-only account: ${made.text}`);
  for (const role of ROLES) {
    if (!sessions[role]) sessions[role] = await cookieLogin(role);
    bearers[role] = await bearerLogin(role);
  }
  // An expired session: a real staff login whose expires_at is then moved
  // into the past in the database (logins are read per request).
  const exp = await cookieLogin('staff');
  const r = sqlOn(server.dataDir, 'UPDATE logins SET expires_at = 1 WHERE id = (SELECT max(id) FROM logins);');
  assert.equal(r.status, 0, `sql: ${r.stderr}${r.error || ''}`);
  expiredCookie = exp.cookie;
  const probe = await send(server.url, 'GET', '/api/auth/me', { cookie: expiredCookie });
  assert.equal(probe.status, 401, 'the expired session is refused');
  const live = await send(server.url, 'GET', '/api/auth/me', { cookie: sessions.staff.cookie });
  assert.equal(live.status, 200, 'the staff session still works');
});

test.after(async () => {
  if (!server) return;
  await server.stop();
  server.cleanup();
});

// The role a cross-site or bearer caller acts as: the last the route allows.
function actingRole(entry) {
  const allowed = ROLES.filter((r) => entry.allow.includes(r));
  return allowed.length ? allowed[allowed.length - 1] : 'staff';
}

// The credentials caller sends to entry's route, fresh ones when the entry
// asks (logging in is itself audited, so this happens before counting).
async function credentials(caller, entry) {
  const opt = { body: entry.body, raw: entry.raw };
  const fresh = entry.fresh_session;
  if (ROLES.includes(caller)) {
    Object.assign(opt, fresh ? await cookieLogin(caller) : sessions[caller]);
  } else if (caller === 'forged') {
    opt.cookie = forgedCookie;
  } else if (caller === 'expired') {
    opt.cookie = expiredCookie;
  } else if (caller === 'cross_site') {
    const role = actingRole(entry);
    opt.cookie = (fresh ? await cookieLogin(role) : sessions[role]).cookie;
    opt.origin = 'https://evil.example';
  } else if (caller === 'bearer') {
    const role = actingRole(entry);
    opt.bearer = fresh ? await bearerLogin(role) : bearers[role];
  }
  return opt;
}

async function auditEntries() {
  const r = await send(server.url, 'GET', '/api/audit/verify', { cookie: sessions.staff.cookie });
  assert.equal(r.status, 200, `audit verify: ${r.text}`);
  assert.equal(r.json.ok, true, `the audit chain verifies: ${r.text}`);
  return r.json.entries;
}

function checkRefusal(caller, entry, r, objectLevel = false) {
  const where = `${entry.route} as ${caller}: got ${r.status} ${r.text ?? ''}`;
  const unauth = ['nobody', 'forged', 'expired'].includes(caller);
  assert.equal(r.status, unauth ? 401 : 403, where);
  assert.match(r.ctype, /^application\/json/, where);
  assert.ok(r.json && typeof r.json.error === 'object', `error body: ${where}`);
  assert.deepEqual(Object.keys(r.json.error).sort(), ['code', 'field', 'message'], `error shape: ${where}`);
  assert.equal(r.json.error.code, unauth ? 'unauthenticated' : 'forbidden', where);
  assert.equal(typeof r.json.error.message, 'string', where);
  assert.ok(r.json.error.message.length > 0, where);
  if (caller === 'cross_site' && !objectLevel) assert.equal(r.json.error.field, 'X-CSRF-Token', where);
}

const BATCH = 5;
async function inBatches(items, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += BATCH) {
    out.push(...await Promise.all(items.slice(i, i + BATCH).map((x, j) => fn(x, i + j))));
  }
  return out;
}

test('every route answers every caller as tests/authz.json says', async (t) => {
  const summary = { calls: 0, refused: 0, allowed: 0, object: 0 };
  for (const entry of table.routes) {
    const method = entry.route.split(' ')[0];
    await t.test(entry.route, async () => {
      const refused = CALLERS.filter((c) => !entry.allow.includes(c));
      const allowed = CALLERS.filter((c) => entry.allow.includes(c));
      // Refused callers first, all at once: the audit chain must not grow.
      const creds = await inBatches(refused, (c) => credentials(c, entry));
      const before = await auditEntries();
      const answers = await inBatches(refused, (c, i) => send(server.url, method, entry.url, creds[i]));
      const after = await auditEntries();
      const bad = [];
      refused.forEach((c, i) => { try { checkRefusal(c, entry, answers[i]); } catch (e) { bad.push(e.message.split('\n')[0]); } });
      assert.deepEqual(bad, [], `${entry.route}: refusals`);
      assert.equal(after, before, `${entry.route}: refused callers changed nothing (audit entries ${before} → ${after})`);
      // Then the allowed callers: neither 401 nor 403, and no server error —
      // unless the table says the handler refuses them this one object
      // (object_refused: the route admits the role, the row is not theirs).
      const okCreds = await inBatches(allowed, (c) => credentials(c, entry));
      const ok = await inBatches(allowed, (c, i) => send(server.url, method, entry.url, okCreds[i]));
      const wrong = [];
      allowed.forEach((c, i) => {
        const r = ok[i];
        const where = `${entry.route} as ${c}: got ${r.status} ${(r.text ?? '').slice(0, 160)}`;
        if (process.env.AUTHZ_VERBOSE) console.log(`allowed ${where}`);
        if ((entry.object_refused || []).includes(c)) {
          try { checkRefusal(c, entry, r, true); } catch (e) { wrong.push(`object refusal expected: ${e.message.split('\n')[0]}`); }
        } else if (r.status === 401 || r.status === 403) wrong.push(`allowed caller refused: ${where}`);
        else if (r.status >= 500) wrong.push(`server error: ${where}`);
      });
      assert.deepEqual(wrong, [], entry.route);
      summary.calls += refused.length + allowed.length;
      summary.refused += refused.length;
      summary.allowed += allowed.length;
      summary.object += (entry.object_refused || []).length;
    });
  }
  t.diagnostic(`${table.routes.length} routes x ${CALLERS.length} callers: ${summary.calls} calls, ${summary.refused} refused by the route, ${summary.allowed} admitted (of which ${summary.object} refused for the object)`);
});
