// vote-storm.mjs — the load tool of bench/vote-storm (issue 4): a 3,000-seat
// hall against a running renda, next to nginx serving a static file with the
// same request pattern. Node 20, no dependencies.
//
// The coordinator (this file run normally) forks --workers processes (this
// file with --worker); each worker plays a slice of the delegates' devices:
// one SSE stream and one keep-alive connection per device (an http.Agent
// with maxSockets 1 each, like a tablet on its seat). The coordinator plays
// the presiding officer and measures; it prints markdown (or JSON, --json).
//
// Streams: every device opens GET /api/events?skip=floor.progress, as the
// delegate's device page does (it does not show the running count of votes);
// --screens more streams (default 4, the big screen and the presiding
// officer's console, on the officer's login) take every event. --device-skip ''
// gives the measure of before commit 0bb0eaa: every device took floor.progress too.
//
// Phases against renda:
//   1. every device and screen opens GET /api/events (at most 100 connecting
//      at once); the server's VmRSS, VmHWM and open descriptors are read;
//   2. every device checks in (POST /api/plenaries/{id}/checkin, at most 64
//      in flight); this also opens each device's keep-alive connection;
//      we wait until every stream has seen floor.attendance with everyone
//      present;
//   3. the officer (a seeded bearer login of the admin) opens the plenary;
//      then two polls, each: open it, wait until every stream has seen
//      floor.poll state open, and every device votes (POST
//      /api/polls/{id}/vote) on its warm connection — poll P paced (device
//      i sends at i/N of one second), poll P+1 in a burst (all at once).
//      Measured: per request latency, votes/s = N / (last ack − first send),
//      errors, and the time from the last ack until the last screen (or,
//      with --device-skip '', the last of all streams) has received
//      floor.progress with voted = N. The officer closes the poll; its
//      result must count exactly N votes with the expected yes/no/abstain
//      split, else the run fails; measured: the time from the close's
//      acknowledgement until the last device and the last screen have seen
//      floor.poll state closed. Then the officer releases it: the same for
//      state released (what makes a device show the result).
// Against nginx (the reference, first): a warm-up GET per device (opens the
// connections), then N GETs paced over one second, then N in a burst.
//
// usage: node vote-storm.mjs --renda URL[,URL...] --tokens FILE --officer FILE
//        [--pid PID] [--nginx URL/file] [--n 3000] [--workers 2]
//        [--plenary 1] [--poll 1] [--timeout 120] [--store NAME] [--json]
//        [--screens 4] [--device-skip floor.progress] [--close-after MS]
// With several --renda URLs (nodes sharing one PostgreSQL) device i streams
// from and votes through node i mod n; the officer, the screens and the
// memory figures (--pid) are the first node's.
import http from 'node:http';
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';

const now = () => performance.timeOrigin + performance.now(); // ms, comparable across processes

function parseArgs(argv) {
  const o = { n: 3000, workers: 2, plenary: 1, poll: 1, timeout: 120, json: false, screens: 4, deviceSkip: 'floor.progress' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--renda') o.renda = v();
    else if (a === '--nginx') o.nginx = v();
    else if (a === '--tokens') o.tokens = v();
    else if (a === '--officer') o.officer = v();
    else if (a === '--pid') o.pid = Number(v());
    else if (a === '--n') o.n = Number(v());
    else if (a === '--workers') o.workers = Number(v());
    else if (a === '--plenary') o.plenary = Number(v());
    else if (a === '--poll') o.poll = Number(v());
    else if (a === '--timeout') o.timeout = Number(v());
    else if (a === '--store') o.store = v();
    else if (a === '--json') o.json = true;
    else if (a === '--screens') o.screens = Number(v());
    else if (a === '--device-skip') o.deviceSkip = v();
    else if (a === '--close-after') o.closeAfter = Number(v());
    else if (a === '--worker') o.worker = true;
    else throw new Error(`vote-storm: unknown argument ${a}`);
  }
  return o;
}

// The vote a device casts: 70 % yes, 20 % no, 10 % abstain, fixed by index.
const choiceOf = (i) => (i % 10 < 7 ? 'yes' : i % 10 < 9 ? 'no' : 'abstain');

// Runs fn(i) for i in [0, n) with at most `limit` in flight.
async function pool(n, limit, fn) {
  let next = 0;
  const run = async () => { while (next < n) await fn(next++); };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, run));
}

// One request; resolves {status, body, t0, t1}; never rejects.
function request(agent, url, method, path, headers, body) {
  return new Promise((resolve) => {
    const t0 = now();
    const h = { ...headers };
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      h['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path, headers: h }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: data, t0, t1: now() }));
      res.on('error', (e) => resolve({ status: 0, body: String(e), t0, t1: now() }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e), t0, t1: now() }));
    req.setTimeout(30000, () => req.destroy(new Error('timeout after 30 s')));
    req.end(body);
  });
}

/* ------------------------------------------------------------------------
 * Worker: a slice of the devices.
 */
function worker() {
  let cfg, url, devices = [], screens = [], sseAgent;
  const watches = new Map(); // name -> {type, contains, test, kinds, times: Map}

  const byType = {};
  function onEvent(dev, type, data) {
    dev.events++;
    byType[type] = (byType[type] || 0) + 1;
    for (const w of watches.values()) {
      if (type !== w.type || !w.kinds.includes(dev.kind) || w.times.has(dev)) continue;
      if (w.contains && !data.includes(w.contains)) continue;
      let j;
      try { j = JSON.parse(data); } catch { continue; }
      if (w.test(j)) { w.times.set(dev, now()); w.check(); }
    }
  }

  function openStream(dev) {
    return new Promise((resolve) => {
      const req = http.get({
        agent: sseAgent, host: (dev.url || url).hostname, port: (dev.url || url).port, path: dev.ssePath,
        headers: { authorization: `Bearer ${dev.token}`, accept: 'text/event-stream' },
      }, (res) => {
        if (res.statusCode !== 200) {
          dev.sseError = `status ${res.statusCode}`;
          res.resume();
          return resolve();
        }
        res.setEncoding('utf8');
        let buf = '';
        let opened = false;
        res.on('data', (chunk) => {
          if (!opened) { opened = true; resolve(); }
          buf += chunk;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let type = null, data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data = line.slice(6);
            }
            if (type) onEvent(dev, type, data);
          }
        });
        res.on('end', () => { dev.sseEnded = true; });
        res.on('error', () => { dev.sseEnded = true; });
      });
      req.on('error', (e) => { dev.sseError = String(e); resolve(); });
      dev.sseReq = req;
    });
  }

  const handlers = {
    init(m) {
      cfg = m;
      // Several nodes (a comma-separated list): device i uses node i mod n.
      const urls = m.url.split(',').map((u) => new URL(u));
      url = urls[0];
      sseAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      const devPath = m.deviceSkip ? `/api/events?skip=${encodeURIComponent(m.deviceSkip)}` : '/api/events';
      devices = m.tokens.map((token, k) => ({
        k, kind: 'device', index: m.first + k, token, events: 0, ssePath: devPath,
        url: urls[(m.first + k) % urls.length],
        agent: new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
      }));
      // The big screen and the console: every event, on the officer's login.
      screens = Array.from({ length: m.screens || 0 }, (_, k) => ({
        k, kind: 'screen', token: m.officer, events: 0, ssePath: '/api/events',
      }));
      return { devices: devices.length, screens: screens.length };
    },
    async sse() {
      const t0 = now();
      const all = [...screens, ...devices];
      await pool(all.length, 100, (k) => openStream(all[k]));
      const errors = all.filter((d) => d.sseError).map((d) => d.sseError);
      return { ms: now() - t0, open: all.length - errors.length, errors: errors.slice(0, 5), nerrors: errors.length };
    },
    watch(m) {
      const kinds = m.kinds || ['device', 'screen'];
      const size = (kinds.includes('device') ? devices.length : 0) + (kinds.includes('screen') ? screens.length : 0);
      const w = { type: m.type, contains: m.contains, kinds, times: new Map(), waiters: [] };
      // The tests are data, sent from the coordinator: field path and value.
      w.test = (j) => m.fields.every(([path, val]) => path.split('.').reduce((o, k) => o?.[k], j) === val);
      w.count = () => w.times.size;
      w.size = size;
      w.check = () => {
        if (w.count() === size) for (const r of w.waiters.splice(0)) r();
      };
      watches.set(m.name, w);
      return {};
    },
    async waitWatch(m) {
      const w = watches.get(m.name);
      if (w.count() < w.size) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, m.timeoutMs);
          w.waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      watches.delete(m.name);
      return { matched: w.count(), size: w.size, times: [...w.times.values()] };
    },
    // One request per device: with at most `limit` in flight (the warm-up);
    // or, from the time `at`, device i (global index) at at + i·spreadMs/total
    // (the paced storm: N requests evenly over spreadMs); or all at once
    // from `at` (the burst). Returns timings and errors.
    async requests(m) {
      const res = new Array(devices.length);
      const one = async (k) => {
        const d = devices[k];
        const body = m.vote ? JSON.stringify({ choice: choiceOf(d.index) }) : undefined;
        const headers = m.auth ? { authorization: `Bearer ${d.token}` } : {};
        res[k] = await request(d.agent, d.url, m.method, m.path, headers, body);
      };
      if (m.at) await new Promise((r) => setTimeout(r, Math.max(0, m.at - now())));
      const cpu0 = process.cpuUsage();
      const t0 = now();
      if (m.limit) {
        await pool(devices.length, m.limit, one);
      } else if (m.spreadMs) {
        const sent = [];
        let k = 0;
        await new Promise((resolve) => {
          const tick = () => {
            const t = now();
            while (k < devices.length && m.at + (devices[k].index * m.spreadMs) / m.total <= t) sent.push(one(k++));
            if (k < devices.length) setTimeout(tick, 1);
            else resolve();
          };
          tick();
        });
        await Promise.all(sent);
      } else {
        await Promise.all(devices.map((_, k) => one(k)));
      }
      const wall = now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const bad = res.filter((r) => r.status !== m.expect || (m.vote && !r.body.includes('"already":false')));
      return {
        lat: res.map((r) => r.t1 - r.t0),
        first: Math.min(...res.map((r) => r.t0)),
        last: Math.max(...res.map((r) => r.t1)),
        errors: bad.length,
        samples: bad.slice(0, 3).map((r) => `${r.status} ${r.body.slice(0, 200)}`),
        cpuPct: (100 * (cpu.user + cpu.system)) / 1000 / wall,
      };
    },
    stats() {
      return {
        events: devices.reduce((s, d) => s + d.events, 0),
        screenEvents: screens.reduce((s, d) => s + d.events, 0),
        byType,
        ended: [...devices, ...screens].filter((d) => d.sseEnded).length,
      };
    },
    close() {
      for (const d of devices) { d.sseReq?.destroy(); d.agent.destroy(); }
      for (const d of screens) d.sseReq?.destroy();
      sseAgent?.destroy();
      return {};
    },
  };

  process.on('message', async (m) => {
    try {
      const r = await handlers[m.cmd](m);
      process.send({ id: m.id, ok: true, r });
    } catch (e) {
      process.send({ id: m.id, ok: false, error: String(e?.stack || e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/* ------------------------------------------------------------------------
 * Coordinator.
 */
class Workers {
  constructor(n) {
    this.seq = 0;
    this.pending = new Map();
    this.procs = Array.from({ length: n }, () => {
      const p = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      p.on('message', (m) => {
        const cb = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (cb) m.ok ? cb.resolve(m.r) : cb.reject(new Error(`worker: ${m.error}`));
      });
      p.on('exit', (code) => {
        for (const cb of this.pending.values()) cb.reject(new Error(`a worker exited (${code})`));
        this.pending.clear();
      });
      return p;
    });
  }
  // Sends cmd to every worker (per-worker extra fields from perWorker(i)).
  all(cmd, extra = {}, perWorker = () => ({})) {
    return Promise.all(this.procs.map((p, i) => new Promise((resolve, reject) => {
      const id = ++this.seq;
      this.pending.set(id, { resolve, reject });
      p.send({ id, cmd, ...extra, ...perWorker(i) });
    })));
  }
  kill() { for (const p of this.procs) if (p.exitCode === null) p.kill('SIGKILL'); }
}

// Splits [0, n) into w contiguous slices.
const slice = (n, w, i) => [Math.floor((n * i) / w), Math.floor((n * (i + 1)) / w)];

function pct(arr, p) {
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
}

function merge(parts) {
  const lat = parts.flatMap((p) => p.lat);
  const first = Math.min(...parts.map((p) => p.first));
  const last = Math.max(...parts.map((p) => p.last));
  return {
    n: lat.length, first, last, wallMs: last - first,
    rps: lat.length / ((last - first) / 1000),
    p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: Math.max(...lat),
    errors: parts.reduce((s, p) => s + p.errors, 0),
    samples: parts.flatMap((p) => p.samples).slice(0, 3),
    clientCpuPct: parts.map((p) => Math.round(p.cpuPct)),
  };
}

function procStatus(pid) {
  if (!pid) return null;
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1]);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return {
    rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024,
    threads: Number((s.match(/^Threads:\s+(\d+)/m) || [])[1]),
    fds: readdirSync(`/proc/${pid}/fd`).length,
    cpuTicks: Number(stat[11]) + Number(stat[12]), // utime + stime, 1/100 s
  };
}

async function api(url, method, path, token, body) {
  const r = await request(undefined, url, method, path, { authorization: `Bearer ${token}` },
    body === undefined ? undefined : JSON.stringify(body));
  let json = null;
  try { json = JSON.parse(r.body); } catch { /* not JSON */ }
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
  return json;
}

const cores = availableParallelism();
const SPREAD_MS = 1000; // the paced storm: N votes evenly over one second

async function nginxReference(o, W) {
  const url = new URL(o.nginx);
  const get = { method: 'GET', path: url.pathname, expect: 200 };
  await W.all('init', { url: o.nginx }, (i) => {
    const [a, b] = slice(o.n, W.procs.length, i);
    return { first: a, tokens: Array.from({ length: b - a }, () => '') };
  });
  const warm = merge(await W.all('requests', { ...get, limit: 64 }));
  if (warm.errors) throw new Error(`nginx warm-up: ${warm.errors} errors: ${warm.samples.join('; ')}`);
  const paced = merge(await W.all('requests', { ...get, at: now() + 100, spreadMs: SPREAD_MS, total: o.n }));
  const burst = merge(await W.all('requests', { ...get, at: now() + 100 }));
  await W.all('close');
  for (const r of [paced, burst]) if (r.errors) throw new Error(`nginx: ${r.errors} errors: ${r.samples.join('; ')}`);
  return { paced, burst };
}

const sum = (parts, f) => parts.reduce((s, p) => s + f(p), 0);

// One poll: open it, N votes (paced or burst), the final progress on every
// stream, close it, check the result.
async function runPoll(o, W, url, officer, pollId, paced) {
  const N = o.n;
  const r = { pollId };
  await W.all('watch', { name: 'open', type: 'floor.poll', contains: '"open"', fields: [['poll_id', pollId], ['state', 'open']] });
  await api(url, 'POST', `/api/polls/${pollId}/open`, officer);
  const open = await W.all('waitWatch', { name: 'open', timeoutMs: 30000 });
  const nOpen = sum(open, (p) => p.matched), nAll = sum(open, (p) => p.size);
  if (nOpen !== nAll) throw new Error(`only ${nOpen} of ${nAll} streams saw poll ${pollId} open`);

  // Who shows the running count: the screens; before commit 0bb0eaa every stream.
  const finalKinds = o.deviceSkip ? ['screen'] : ['device', 'screen'];
  await W.all('watch', { name: 'final', type: 'floor.progress', contains: `"voted":${N}`, fields: [['poll_id', pollId], ['voted', N]], kinds: finalKinds });
  const cpu0 = procStatus(o.pid);
  const t0 = now();
  const spread = paced ? { spreadMs: SPREAD_MS, total: N } : {};
  r.votes = merge(await W.all('requests', {
    method: 'POST', path: `/api/polls/${pollId}/vote`, auth: true, vote: true, expect: 200, at: now() + 100, ...spread,
  }));
  const seen = await W.all('waitWatch', { name: 'final', timeoutMs: 10000 });
  const cpu1 = procStatus(o.pid);
  const times = seen.flatMap((p) => p.times);
  r.finalSeen = times.length;
  r.finalOf = sum(seen, (p) => p.size);
  if (times.length) {
    r.finalLastMs = Math.max(...times) - r.votes.last;
    r.finalFirstMs = Math.min(...times) - r.votes.last;
    r.finalP50Ms = pct(times, 0.5) - r.votes.last;
  }
  // ticks are 1/100 s: percent of one core over the votes and the fan-out
  if (cpu0 && cpu1) r.serverCpuPct = (cpu1.cpuTicks - cpu0.cpuTicks) / ((now() - t0) / 1000);
  r.serverMs = now() - t0;

  // Close and release: every device and every screen must see both.
  if (o.closeAfter) await new Promise((res) => setTimeout(res, o.closeAfter));
  const state = async (name, action) => {
    await W.all('watch', { name: `${name}-d`, type: 'floor.poll', contains: `"${name}"`, fields: [['poll_id', pollId], ['state', name]], kinds: ['device'] });
    await W.all('watch', { name: `${name}-s`, type: 'floor.poll', contains: `"${name}"`, fields: [['poll_id', pollId], ['state', name]], kinds: ['screen'] });
    const t = now();
    const body = await api(url, 'POST', `/api/polls/${pollId}/${action}`, officer);
    const ack = now();
    const out = { ackMs: ack - t };
    for (const k of ['d', 's']) {
      const w = await W.all('waitWatch', { name: `${name}-${k}`, timeoutMs: 10000 });
      const ts = w.flatMap((p) => p.times);
      out[k] = { seen: ts.length, of: sum(w, (p) => p.size), lastMs: ts.length ? Math.max(...ts) - ack : null, p50Ms: ts.length ? pct(ts, 0.5) - ack : null };
    }
    return { out, body };
  };
  const c = await state('closed', 'close');
  r.close = c.out;
  const closed = c.body;
  r.release = (await state('released', 'release')).out;
  const res = closed.poll.result;
  const want = { yes: 0, no: 0, abstain: 0 };
  for (let i = 0; i < N; i++) want[choiceOf(i)]++;
  r.result = res;
  r.resultOk = !!res && res.yes === want.yes && res.no === want.no && res.abstain === want.abstain &&
    res.yes + res.no + res.abstain === N && res.present === N && res.not_voted === 0;
  return r;
}

async function rendaStorm(o, W) {
  const url = new URL(o.renda.split(',')[0]); // the officer's node
  const N = o.n;
  const out = { n: N, workers: o.workers };
  const tokens = readFileSync(o.tokens, 'utf8').split('\n').filter(Boolean).slice(0, N);
  if (tokens.length !== N) throw new Error(`${o.tokens} has ${tokens.length} tokens, not ${N}`);
  const officer = readFileSync(o.officer, 'utf8').trim(); // the admin (staff), seeded
  out.memStart = procStatus(o.pid);

  await W.all('init', { url: o.renda, officer, deviceSkip: o.deviceSkip }, (i) => {
    const [a, b] = slice(N, W.procs.length, i);
    const [sa, sb] = slice(o.screens, W.procs.length, i);
    return { first: a, tokens: tokens.slice(a, b), screens: sb - sa };
  });

  // 1. N streams.
  const sse = await W.all('sse');
  const sseErrors = sum(sse, (r) => r.nerrors);
  if (sseErrors) throw new Error(`${sseErrors} streams failed: ${sse.flatMap((r) => r.errors).join('; ')}`);
  out.sseOpenMs = Math.max(...sse.map((r) => r.ms));
  await new Promise((r) => setTimeout(r, 500)); // let every stream reach its suspend
  out.memStreams = procStatus(o.pid);

  // 2. Check-in, with floor.attendance fanned out to every stream.
  await W.all('watch', { name: 'present', type: 'floor.attendance', contains: `"present":${N}`, fields: [['quorum.present', N]] });
  const checkin = merge(await W.all('requests', {
    method: 'POST', path: `/api/plenaries/${o.plenary}/checkin`, auth: true, expect: 200, limit: 64,
  }));
  if (checkin.errors) throw new Error(`check-in: ${checkin.errors} errors: ${checkin.samples.join('; ')}`);
  const seenPresent = await W.all('waitWatch', { name: 'present', timeoutMs: 60000 });
  out.checkin = checkin;
  out.checkinSettleMs = Math.max(...seenPresent.flatMap((r) => r.times)) - checkin.last;
  out.checkinSeen = sum(seenPresent, (r) => r.matched);
  const st = await W.all('stats');
  out.eventsAfterCheckin = sum(st, (r) => r.events + r.screenEvents);
  out.eventsByType = {};
  for (const r of st) for (const [k, v] of Object.entries(r.byType)) out.eventsByType[k] = (out.eventsByType[k] || 0) + v;

  // 3. The officer opens the plenary; two polls, paced then burst.
  await api(url, 'POST', `/api/plenaries/${o.plenary}/open`, officer);
  out.paced = await runPoll(o, W, url, officer, o.poll, true);
  out.burst = await runPoll(o, W, url, officer, o.poll + 1, false);
  out.memEnd = procStatus(o.pid);
  const st2 = await W.all('stats');
  out.streamsEnded = sum(st2, (r) => r.ended);
  out.deviceEvents = sum(st2, (r) => r.events);
  out.screenEvents = sum(st2, (r) => r.screenEvents);
  out.eventsByTypeEnd = {};
  for (const r of st2) for (const [k, v] of Object.entries(r.byType)) out.eventsByTypeEnd[k] = (out.eventsByTypeEnd[k] || 0) + v;
  await W.all('close');
  return out;
}

const f0 = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const f1 = (x) => (x === null || x === undefined ? '–' : x.toFixed(1));
const ms = (x) => `${f1(x)} ms`;

const clamp0 = (x) => (x === null || x === undefined ? x : Math.max(0, x));

function markdown(o, ref, r) {
  const L = [];
  const n = r.n;
  const row = (name, x) => `| ${name} | ${f0(x.rps)} | ${ms(x.p50)} | ${ms(x.p99)} | ${ms(x.max)} | ${x.errors} |`;
  const nodes = o.renda.split(',').length;
  L.push(`## Vote storm (${n} delegates, ${o.workers} client processes${o.store ? `, store ${o.store}` : ''}${nodes > 1 ? `, ${nodes} renda nodes` : ''}; client, server and nginx on the same ${cores} cores)`);
  L.push('');
  L.push(`Paced: the ${n} requests evenly over ${SPREAD_MS / 1000} s (the hall voting within a second). ` +
    `Burst: all ${n} at once. Every request on its device's own warm keep-alive connection. ` +
    (o.deviceSkip ? `Device streams: \`/api/events?skip=${o.deviceSkip}\`; ${o.screens} screen streams take every event.`
      : `Every one of the ${n} device streams takes every event (the measure before commit 0bb0eaa); ${o.screens} screen streams more.`));
  L.push('');
  L.push('| case | requests/s | p50 | p99 | max | errors |');
  L.push('|---|---|---|---|---|---|');
  if (ref) L.push(row(`nginx, static file, ${n} GETs paced (reference)`, ref.paced));
  L.push(row(`renda POST /api/polls/{id}/vote, ${n} paced, ${n} SSE streams open`, r.paced.votes));
  if (ref) L.push(row(`nginx, static file, ${n} GETs in a burst (reference)`, ref.burst));
  L.push(row(`renda POST /api/polls/{id}/vote, ${n} in a burst, ${n} SSE streams open`, r.burst.votes));
  L.push(row(`renda POST /api/plenaries/{id}/checkin, 64 in flight, new connections (setup)`, r.checkin));
  L.push('');
  L.push('| figure | paced | burst | target |');
  L.push('|---|---|---|---|');
  if (ref) L.push(`| vote throughput / nginx throughput | ${(r.paced.votes.rps / ref.paced.rps).toFixed(2)} | ${(r.burst.votes.rps / ref.burst.rps).toFixed(2)} | ≥ 0.5 |`);
  L.push(`| vote p99 | ${ms(r.paced.votes.p99)} | ${ms(r.burst.votes.p99)} | < 20 ms |`);
  const fin = (p) => `${ms(clamp0(p.finalLastMs))} (median ${ms(clamp0(p.finalP50Ms))}; ${p.finalSeen} of ${p.finalOf})`;
  const who = o.deviceSkip ? `the ${o.screens} screens` : `all ${n + o.screens} streams`;
  L.push(`| last vote acknowledged → floor.progress voted=${n}, the last of ${who} | ${fin(r.paced)} | ${fin(r.burst)} | < 100 ms, every screen |`);
  const st = (x) => `${ms(clamp0(x.lastMs))} (median ${ms(clamp0(x.p50Ms))}; ${x.seen} of ${x.of})`;
  for (const [name, k] of [['close', 'closed'], ['release', 'released']]) {
    L.push(`| ${name} acknowledged (in ${ms(r.paced[name].ackMs)} / ${ms(r.burst[name].ackMs)}) → floor.poll ${k}, the last device | ${st(r.paced[name].d)} | ${st(r.burst[name].d)} | < 100 ms |`);
    L.push(`| … the last screen | ${st(r.paced[name].s)} | ${st(r.burst[name].s)} | < 100 ms |`);
  }
  const res = (p) => `${p.result?.yes}/${p.result?.no}/${p.result?.abstain}, present ${p.result?.present}: ${p.resultOk ? 'exact' : '**WRONG**'}`;
  L.push(`| result at close (yes/no/abstain) | ${res(r.paced)} | ${res(r.burst)} | exactly ${n} votes |`);
  L.push(`| server CPU, votes + fan-out (% of one core) | ${f0(r.paced.serverCpuPct)} % over ${f0(r.paced.serverMs)} ms | ${f0(r.burst.serverCpuPct)} % over ${f0(r.burst.serverMs)} ms | |`);
  const cli = (x) => x.clientCpuPct.map((c) => `${c} %`).join(', ');
  L.push(`| client CPU per process during the votes (nginx) | ${cli(r.paced.votes)}${ref ? ` (${cli(ref.paced)})` : ''} | ${cli(r.burst.votes)}${ref ? ` (${cli(ref.burst)})` : ''} | |`);
  L.push('');
  L.push('| server | value | target |');
  L.push('|---|---|---|');
  L.push(`| VmRSS: started / ${n} streams open / at the end | ${f1(r.memStart?.rssMiB)} / ${f1(r.memStreams?.rssMiB)} / ${f1(r.memEnd?.rssMiB)} MiB | < 64 MB with ${n} streams |`);
  L.push(`| VmHWM (peak): after start (its one argon2id hash, 64 MiB) / at the end | ${f1(r.memStart?.hwmMiB)} / ${f1(r.memEnd?.hwmMiB)} MiB | |`);
  L.push(`| open descriptors: started / ${n} streams / at the end | ${r.memStart?.fds} / ${r.memStreams?.fds} / ${r.memEnd?.fds} | |`);
  L.push(`| threads | ${r.memStreams?.threads} | |`);
  L.push(`| opening ${n} SSE streams (100 connecting at a time) | ${ms(r.sseOpenMs)} | |`);
  L.push(`| check-in: last acknowledged → the last stream shows ${n} present | ${ms(clamp0(r.checkinSettleMs))} (${r.checkinSeen} streams; ${f0(r.eventsAfterCheckin)} events received in all: ${Object.entries(r.eventsByType).map(([k, v]) => `${k} ${f0(v)}`).join(', ')}) | |`);
  L.push(`| events received in all, devices / screens | ${f0(r.deviceEvents)} / ${f0(r.screenEvents)} (all streams: ${Object.entries(r.eventsByTypeEnd).map(([k, v]) => `${k} ${f0(v)}`).join(', ')}) | |`);
  return L.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.worker) return worker();
  if (!o.renda || !o.tokens || !o.officer) throw new Error('usage: vote-storm.mjs --renda URL --tokens FILE --officer FILE [--pid PID] [--nginx URL]');
  const W = new Workers(o.workers);
  const deadline = setTimeout(() => {
    console.error(`vote-storm: no result after ${o.timeout} s, giving up`);
    W.kill();
    process.exit(2);
  }, o.timeout * 1000);
  let failed = false;
  try {
    const ref = o.nginx ? await nginxReference(o, W) : null;
    const r = await rendaStorm(o, W);
    if (o.json) console.log(JSON.stringify({ ref, renda: r }, null, 1));
    else console.log(markdown(o, ref, r));
    for (const p of [r.paced, r.burst]) {
      const fail = (msg) => { failed = true; console.error(`vote-storm: FAILED: poll ${p.pollId}: ${msg}`); };
      if (p.votes.errors) fail(`${p.votes.errors} vote errors: ${p.votes.samples.join('; ')}`);
      if (!p.resultOk) fail(`the result does not count exactly ${o.n} votes: ${JSON.stringify(p.result)}`);
      if (p.finalSeen !== p.finalOf) fail(`only ${p.finalSeen} of ${p.finalOf} streams saw voted=${o.n}`);
      for (const k of ['close', 'release']) for (const x of [p[k].d, p[k].s])
        if (x.seen !== x.of) fail(`only ${x.seen} of ${x.of} streams saw the ${k}`);
    }
    if (r.streamsEnded) { failed = true; console.error(`vote-storm: FAILED: ${r.streamsEnded} streams ended early`); }
  } catch (e) {
    failed = true;
    console.error(`vote-storm: FAILED: ${e.message}`);
  } finally {
    clearTimeout(deadline);
    W.kill();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
