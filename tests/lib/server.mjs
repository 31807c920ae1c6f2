// Starts a real renda server for a test: a fresh data folder (with demo data
// unless told otherwise), `renda serve` on a random loopback port, and a
// small fetch wrapper that keeps the session cookie and CSRF token.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDA_BIN = process.env.RENDA_BIN || join(root, 'build', 'asan', 'renda');
export const DEMO_PASSWORD = 'demo1234';

export function renda(args, opts = {}) {
  return spawnSync(RENDA_BIN, args, { encoding: 'utf8', ...opts });
}

export function makeDataDir({ demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'renda-test-'));
  const r = renda([demo ? 'demo' : 'init', '--data', dir], {
    env: { ...process.env, RENDA_ADMIN_PASSWORD: DEMO_PASSWORD },
  });
  if (r.status !== 0) throw new Error(`renda ${demo ? 'demo' : 'init'} failed: ${r.stderr}`);
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
    url, dataDir: dir, proc,
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
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
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
