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
// Phases against renda:
//   1. every device opens GET /api/events (at most 100 connecting at once);
//      the server's VmRSS, VmHWM and open descriptors are read;
//   2. every device checks in (POST /api/plenaries/{id}/checkin, at most 64
//      in flight); this also opens each device's keep-alive connection;
//      we wait until every stream has seen floor.attendance with everyone
//      present;
//   3. the officer opens the plenary and the poll; we wait until every
//      stream has seen floor.poll state open;
//   4. the storm: every device sends POST /api/polls/{id}/vote at once on its
//      warm connection; per request latency, votes/s = N / (last ack − first
//      send), errors; then the time from the last ack until the last stream
//      has received floor.progress with voted = N;
//   5. the officer closes the poll; its result must count exactly N votes
//      with the expected yes/no/abstain split, else the run fails.
// Against nginx (the reference), phases 2 and 4 only: a warm-up GET per
// device (opens the connections), then all N GETs at once.
//
// usage: node vote-storm.mjs --renda URL --tokens FILE --admin-password PW
//        [--pid PID] [--nginx URL/file] [--n 3000] [--workers 2]
//        [--plenary 1] [--poll 1] [--timeout 120] [--json]
import http from 'node:http';
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now(); // ms, comparable across processes

function parseArgs(argv) {
  const o = { n: 3000, workers: 2, plenary: 1, poll: 1, timeout: 120, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--renda') o.renda = v();
    else if (a === '--nginx') o.nginx = v();
    else if (a === '--tokens') o.tokens = v();
    else if (a === '--admin-password') o.adminPassword = v();
    else if (a === '--pid') o.pid = Number(v());
    else if (a === '--n') o.n = Number(v());
    else if (a === '--workers') o.workers = Number(v());
    else if (a === '--plenary') o.plenary = Number(v());
    else if (a === '--poll') o.poll = Number(v());
    else if (a === '--timeout') o.timeout = Number(v());
    else if (a === '--json') o.json = true;
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
  let cfg, url, devices = [], sseAgent;
  const watches = new Map(); // name -> {type, contains, test, times: Array}

  function onEvent(dev, type, data) {
    dev.events++;
    for (const w of watches.values()) {
      if (w.times[dev.k] !== undefined || type !== w.type) continue;
      if (w.contains && !data.includes(w.contains)) continue;
      let j;
      try { j = JSON.parse(data); } catch { continue; }
      if (w.test(j)) { w.times[dev.k] = now(); w.check(); }
    }
  }

  function openStream(dev) {
    return new Promise((resolve) => {
      const req = http.get({
        agent: sseAgent, host: url.hostname, port: url.port, path: '/api/events',
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
      url = new URL(m.url);
      sseAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      devices = m.tokens.map((token, k) => ({
        k, index: m.first + k, token, events: 0,
        agent: new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
      }));
      return { devices: devices.length };
    },
    async sse() {
      const t0 = now();
      await pool(devices.length, 100, (k) => openStream(devices[k]));
      const errors = devices.filter((d) => d.sseError).map((d) => d.sseError);
      return { ms: now() - t0, open: devices.length - errors.length, errors: errors.slice(0, 5), nerrors: errors.length };
    },
    watch(m) {
      const w = { type: m.type, contains: m.contains, times: new Array(devices.length), waiters: [] };
      // The tests are data, sent from the coordinator: field path and value.
      w.test = (j) => m.fields.every(([path, val]) => path.split('.').reduce((o, k) => o?.[k], j) === val);
      w.count = () => w.times.reduce((c, t) => c + (t !== undefined ? 1 : 0), 0);
      w.check = () => {
        if (w.count() === devices.length) for (const r of w.waiters.splice(0)) r();
      };
      watches.set(m.name, w);
      return {};
    },
    async waitWatch(m) {
      const w = watches.get(m.name);
      if (w.count() < devices.length) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, m.timeoutMs);
          w.waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      watches.delete(m.name);
      return { matched: w.count(), times: w.times.filter((t) => t !== undefined) };
    },
    // One request per device with at most `limit` in flight (the warm-up),
    // or all at once from `at` (the storm). Returns timings and errors.
    async requests(m) {
      const res = new Array(devices.length);
      const one = async (k) => {
        const d = devices[k];
        const body = m.vote ? JSON.stringify({ choice: choiceOf(d.index) }) : undefined;
        const headers = m.auth ? { authorization: `Bearer ${d.token}` } : {};
        res[k] = await request(d.agent, url, m.method, m.path, headers, body);
      };
      if (m.at) await new Promise((r) => setTimeout(r, Math.max(0, m.at - now())));
      const cpu0 = process.cpuUsage();
      const t0 = now();
      if (m.limit) await pool(devices.length, m.limit, one);
      else await Promise.all(devices.map((_, k) => one(k)));
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
        ended: devices.filter((d) => d.sseEnded).length,
      };
    },
    close() {
      for (const d of devices) { d.sseReq?.destroy(); d.agent.destroy(); }
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

async function nginxReference(o, W) {
  const url = new URL(o.nginx);
  await W.all('init', { url: o.nginx }, (i) => {
    const [a, b] = slice(o.n, W.procs.length, i);
    return { first: a, tokens: Array.from({ length: b - a }, () => '') };
  });
  const warm = merge(await W.all('requests', { method: 'GET', path: url.pathname, expect: 200, limit: 64 }));
  if (warm.errors) throw new Error(`nginx warm-up: ${warm.errors} errors: ${warm.samples.join('; ')}`);
  const storm = merge(await W.all('requests', { method: 'GET', path: url.pathname, expect: 200, at: now() + 100 }));
  await W.all('close');
  return storm;
}

async function rendaStorm(o, W) {
  const url = new URL(o.renda);
  const N = o.n;
  const out = { n: N, workers: o.workers };
  const tokens = readFileSync(o.tokens, 'utf8').split('\n').filter(Boolean).slice(0, N);
  if (tokens.length !== N) throw new Error(`${o.tokens} has ${tokens.length} tokens, not ${N}`);

  // The presiding officer (the admin, staff): one real login.
  const login = await api(url, 'POST', '/api/auth/login', undefined,
    { username: 'admin', password: o.adminPassword, mode: 'bearer' });
  const officer = login.token;
  out.memStart = procStatus(o.pid);

  await W.all('init', { url: o.renda }, (i) => {
    const [a, b] = slice(N, W.procs.length, i);
    return { first: a, tokens: tokens.slice(a, b) };
  });

  // 1. 3,000 streams.
  const sse = await W.all('sse');
  const sseErrors = sse.reduce((s, r) => s + r.nerrors, 0);
  if (sseErrors) throw new Error(`${sseErrors} streams failed: ${sse.flatMap((r) => r.errors).join('; ')}`);
  out.sseOpenMs = Math.max(...sse.map((r) => r.ms));
  await new Promise((r) => setTimeout(r, 500)); // let every stream reach its suspend
  out.memStreams = procStatus(o.pid);

  // 2. Check-in, with floor.attendance fanned out to every stream.
  const present = { type: 'floor.attendance', contains: `"present":${N}`, fields: [['quorum.present', N]] };
  await W.all('watch', { name: 'present', ...present });
  const checkin = merge(await W.all('requests', {
    method: 'POST', path: `/api/plenaries/${o.plenary}/checkin`, auth: true, expect: 200, limit: 64,
  }));
  if (checkin.errors) throw new Error(`check-in: ${checkin.errors} errors: ${checkin.samples.join('; ')}`);
  const seenPresent = await W.all('waitWatch', { name: 'present', timeoutMs: 60000 });
  out.checkin = checkin;
  out.checkinSettleMs = Math.max(...seenPresent.flatMap((r) => r.times)) - checkin.last;
  out.checkinSeen = seenPresent.reduce((s, r) => s + r.matched, 0);
  const ev1 = await W.all('stats');
  out.eventsAfterCheckin = ev1.reduce((s, r) => s + r.events, 0);

  // 3. The officer opens the plenary and the poll.
  await api(url, 'POST', `/api/plenaries/${o.plenary}/open`, officer);
  await W.all('watch', { name: 'open', type: 'floor.poll', contains: '"open"', fields: [['poll_id', o.poll], ['state', 'open']] });
  await api(url, 'POST', `/api/polls/${o.poll}/open`, officer);
  const seenOpen = await W.all('waitWatch', { name: 'open', timeoutMs: 30000 });
  const nOpen = seenOpen.reduce((s, r) => s + r.matched, 0);
  if (nOpen !== N) throw new Error(`only ${nOpen} of ${N} streams saw the poll open`);

  // 4. The storm.
  await W.all('watch', { name: 'final', type: 'floor.progress', contains: `"voted":${N}`, fields: [['poll_id', o.poll], ['voted', N]] });
  const cpu0 = procStatus(o.pid);
  const t0 = now();
  const votes = merge(await W.all('requests', {
    method: 'POST', path: `/api/polls/${o.poll}/vote`, auth: true, vote: true, expect: 200, at: now() + 100,
  }));
  const seenFinal = await W.all('waitWatch', { name: 'final', timeoutMs: 10000 });
  const cpu1 = procStatus(o.pid);
  const finalTimes = seenFinal.flatMap((r) => r.times);
  out.votes = votes;
  out.finalSeen = finalTimes.length;
  out.finalLastMs = finalTimes.length ? Math.max(...finalTimes) - votes.last : null;
  out.finalFirstMs = finalTimes.length ? Math.min(...finalTimes) - votes.last : null;
  out.finalP50Ms = finalTimes.length ? pct(finalTimes, 0.5) - votes.last : null;
  if (cpu0 && cpu1) out.serverCpuPct = (100 * ((cpu1.cpuTicks - cpu0.cpuTicks) / 100)) / ((now() - t0) / 1000);
  out.memAfterVote = procStatus(o.pid);

  // 5. Close; the result must count every vote.
  const closed = await api(url, 'POST', `/api/polls/${o.poll}/close`, officer);
  const res = closed.poll.result;
  const want = { yes: 0, no: 0, abstain: 0 };
  for (let i = 0; i < N; i++) want[choiceOf(i)]++;
  out.result = res;
  out.resultOk = res && res.yes === want.yes && res.no === want.no && res.abstain === want.abstain &&
    res.yes + res.no + res.abstain === N && res.present === N && res.not_voted === 0;
  const ended = (await W.all('stats')).reduce((s, r) => s + r.ended, 0);
  out.streamsEnded = ended;
  await W.all('close');
  return out;
}

const f0 = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const f1 = (x) => (x === null || x === undefined ? '–' : x.toFixed(1));
const ms = (x) => `${f1(x)} ms`;

function markdown(o, ref, r) {
  const L = [];
  L.push(`### Vote storm: ${r.n} delegates, ${o.workers} client worker processes, client and server on the same 2 cores`);
  L.push('');
  L.push('| case | requests | requests/s | p50 | p99 | max | errors |');
  L.push('|---|---|---|---|---|---|---|');
  if (ref) L.push(`| nginx, static file, ${ref.n} GETs at once on warm keep-alive connections (reference) | ${ref.n} | ${f0(ref.rps)} | ${ms(ref.p50)} | ${ms(ref.p99)} | ${ms(ref.max)} | ${ref.errors} |`);
  const v = r.votes;
  L.push(`| renda POST /api/polls/{id}/vote, ${v.n} at once on warm keep-alive connections, ${r.n} SSE streams open | ${v.n} | ${f0(v.rps)} | ${ms(v.p50)} | ${ms(v.p99)} | ${ms(v.max)} | ${v.errors} |`);
  const c = r.checkin;
  L.push(`| renda POST /api/plenaries/{id}/checkin, 64 in flight, new connections (setup) | ${c.n} | ${f0(c.rps)} | ${ms(c.p50)} | ${ms(c.p99)} | ${ms(c.max)} | ${c.errors} |`);
  L.push('');
  L.push('| figure | value | target |');
  L.push('|---|---|---|');
  if (ref) L.push(`| vote throughput / nginx throughput | ${(v.rps / ref.rps).toFixed(2)} | ≥ 0.5 |`);
  L.push(`| vote p99 | ${ms(v.p99)} | < 20 ms |`);
  L.push(`| last vote acknowledged → floor.progress voted=${r.n} on the last of ${r.n} streams | ${ms(r.finalLastMs)} (first stream ${ms(r.finalFirstMs)}, median ${ms(r.finalP50Ms)}; ${r.finalSeen} of ${r.n} streams) | < 100 ms, all streams |`);
  L.push(`| server VmRSS with ${r.n} streams open (idle / after the vote) | ${f1(r.memStreams?.rssMiB)} MiB / ${f1(r.memAfterVote?.rssMiB)} MiB | < 64 MB |`);
  L.push(`| server VmHWM (peak) at the end | ${f1(r.memAfterVote?.hwmMiB)} MiB | |`);
  L.push(`| server open descriptors with ${r.n} streams (at start) | ${r.memStreams?.fds} (${r.memStart?.fds}) | |`);
  L.push(`| server threads | ${r.memStreams?.threads} | |`);
  L.push(`| poll result at close | yes ${r.result?.yes}, no ${r.result?.no}, abstain ${r.result?.abstain}, present ${r.result?.present}, not voted ${r.result?.not_voted} — ${r.resultOk ? 'exact' : '**WRONG**'} | exactly ${r.n} votes |`);
  L.push(`| server CPU during the storm (vote burst + fan-out) | ${f0(r.serverCpuPct)} % of one core | |`);
  L.push(`| client CPU per worker during the vote burst | ${v.clientCpuPct.map((x) => `${x} %`).join(', ')}${ref ? ` (nginx: ${ref.clientCpuPct.map((x) => `${x} %`).join(', ')})` : ''} | |`);
  L.push(`| opening ${r.n} SSE streams | ${ms(r.sseOpenMs)} | |`);
  L.push(`| check-in: last acknowledged → last stream shows ${r.n} present | ${ms(r.checkinSettleMs)} (${r.checkinSeen} of ${r.n} streams; ${f0(r.eventsAfterCheckin)} events delivered in all) | |`);
  return L.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.worker) return worker();
  if (!o.renda || !o.tokens) throw new Error('usage: vote-storm.mjs --renda URL --tokens FILE --admin-password PW [--pid PID] [--nginx URL]');
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
    if (r.votes.errors) { failed = true; console.error(`vote-storm: FAILED: ${r.votes.errors} vote errors: ${r.votes.samples.join('; ')}`); }
    if (!r.resultOk) { failed = true; console.error(`vote-storm: FAILED: the result does not count exactly ${o.n} votes: ${JSON.stringify(r.result)}`); }
    if (r.finalSeen !== o.n) { failed = true; console.error(`vote-storm: FAILED: only ${r.finalSeen} of ${o.n} streams saw voted=${o.n}`); }
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
