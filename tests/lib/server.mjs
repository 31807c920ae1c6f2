// Starts a real renda server for a test: a fresh data folder (with demo data
// unless told otherwise), `renda serve` on a random loopback port, and a
// small fetch wrapper that keeps the session cookie and CSRF token.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDA_BIN = process.env.RENDA_BIN || join(root, 'build', 'asan', 'renda');
export const DEMO_PASSWORD = 'demo1234';

export function renda(args, opts = {}) {
  return spawnSync(RENDA_BIN, args, { encoding: 'utf8', ...opts });
}

// RENDA_STORE: the admin URI of a PostgreSQL cluster (scripts/pg-test-cluster.sh).
// When set, every data folder made here gets a fresh database of its own
// (recorded in DIR/renda.conf by `renda demo|init --store`), so tests stay
// isolated; without it everything runs on SQLite as before.
export const PG_ADMIN = process.env.RENDA_STORE || null;
let pgCount = 0;
const stores = new Map(); // data folder -> its database URI

// A new empty database on the cluster; its URI.
export function makeDatabase() {
  const name = `renda_test_${process.pid}_${++pgCount}`;
  const r = spawnSync('psql', [PG_ADMIN, '-qAt', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${r.stderr}`);
  const u = new URL(PG_ADMIN);
  u.pathname = '/' + name;
  return u.toString();
}

export function dropDatabase(uri) {
  const name = new URL(uri).pathname.slice(1);
  spawnSync('psql', [PG_ADMIN, '-qAt', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}

// The database of a data folder made by makeDataDir (null on SQLite).
export function storeOf(dir) {
  return stores.get(dir) || null;
}

// The database URI of any data folder on PostgreSQL (its renda.conf), or null.
export function storeOfDir(dir) {
  if (storeOf(dir)) return storeOf(dir);
  try {
    const m = readFileSync(join(dir, 'renda.conf'), 'utf8').match(/^store = (.*)$/m);
    return m ? m[1] : null;
  } catch { return null; }
}

// Runs SQL on a data folder's database with its backend's own client:
// sqlite3 on renda.db, or psql on the folder's PostgreSQL database. q is
// one string, or { sqlite, pg } where the dialects differ. Returns what
// spawnSync returns (status, stdout with rows as a|b lines, stderr).
export function sqlOn(dir, q) {
  const store = storeOfDir(dir);
  const text = typeof q === 'string' ? q : (store ? q.pg : q.sqlite);
  if (store) {
    return spawnSync('psql', [store, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8' });
  }
  return spawnSync('sqlite3', ['-cmd', '.timeout 10000', join(dir, 'renda.db'), text], { encoding: 'utf8' });
}

// The same, returning standard output; throws when the client fails.
export function sqlText(dir, q) {
  const r = sqlOn(dir, q);
  if (r.status !== 0) throw new Error(`SQL failed: ${r.stderr}${r.error || ''}`);
  return r.stdout;
}

// A table's column names in order, on either backend.
export function columnsOf(dir, table) {
  return sqlText(dir, {
    sqlite: `SELECT name FROM pragma_table_info('${table}')`,
    pg: `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position`,
  }).trim().split('\n');
}

// After copying a data folder (cpSync) on PostgreSQL, gives the copy a
// database of its own copied from the original's (no server may be using
// it: CREATE DATABASE ... TEMPLATE needs it idle). Nothing to do on SQLite.
export function copyStore(fromDir, toDir) {
  const from = storeOfDir(fromDir);
  if (!from) return;
  const name = `renda_test_${process.pid}_${++pgCount}`;
  const tpl = new URL(from).pathname.slice(1);
  const r = spawnSync('psql', [PG_ADMIN, '-qAt', '-c', `CREATE DATABASE ${name} TEMPLATE ${tpl}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${r.stderr}`);
  const u = new URL(from);
  u.pathname = '/' + name;
  stores.set(toDir, u.toString());
  writeFileSync(join(toDir, 'renda.conf'), `store = ${u}\n`, { mode: 0o600 });
}

export function makeDataDir({ demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'renda-test-'));
  const store = PG_ADMIN ? makeDatabase() : null;
  const r = renda([demo ? 'demo' : 'init', '--data', dir, ...(store ? ['--store', store] : [])], {
    env: { ...process.env, RENDA_ADMIN_PASSWORD: DEMO_PASSWORD },
  });
  if (r.status !== 0) throw new Error(`renda ${demo ? 'demo' : 'init'} failed: ${r.stderr}`);
  if (store) stores.set(dir, store);
  return dir;
}

// Starts `renda serve` on dataDir (made fresh when not given). Resolves once
// the server prints its address.
export async function startServer({ dataDir, demo = true, args = [] } = {}) {
  const dir = dataDir || makeDataDir({ demo });
  const proc = spawn(RENDA_BIN, ['serve', '--data', dir, '--listen', '127.0.0.1:0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  // RENDA_TEST_SERVER_LOG: every server's standard error appended to one file, for debugging.
  if (process.env.RENDA_TEST_SERVER_LOG) {
    proc.stderr.on('data', (d) => appendFileSync(process.env.RENDA_TEST_SERVER_LOG, d));
  }
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const server = {
    url, dataDir: dir, proc, store: storeOf(dir),
    stderr: () => stderr,
    // Graceful stop: SIGTERM, wait for exit; returns the exit code.
    async stop() {
      // exitCode stays null after a signal: check both, or a second call hangs.
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode ?? proc.signalCode;
      const done = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
      proc.kill('SIGTERM');
      return done;
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await done;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      const store = storeOf(dir);
      if (store) { stores.delete(dir); dropDatabase(store); }
    },
  };
  return server;
}

// A client that logs in with a cookie and sends the CSRF token on writes.
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.bearer = null; }

  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] = h['content-type'] || 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    const setCookie = res.headers.get('set-cookie');
    return { status: res.status, json, text, headers: res.headers, setCookie };
  }

  async login(username, password = DEMO_PASSWORD) {
    const r = await this.req('POST', '/api/auth/login', { username, password });
    if (r.status === 200) {
      this.cookie = r.setCookie.split(';')[0];
      this.csrf = r.json.csrf_token;
    }
    return r;
  }
}
