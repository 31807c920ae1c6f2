// soak.mjs — the load tool of bench/soak (issue 9). Node 20, no dependencies.
//
// The coordinator (this file run normally) forks --workers processes (this
// file with --worker), each playing a slice of the N delegates' devices: one
// SSE stream (GET /api/events) and one keep-alive connection per device. The
// coordinator plays the presiding officer and samples the server.
//
//   1. every device opens its stream (100 connecting at a time) and checks in
//      (64 in flight); the officer opens the plenary;
//   2. until --seconds have passed, every --poll-every seconds: the officer
//      creates a poll and opens it; once every stream has seen it open, every
//      device votes (paced evenly over 5 s); once every stream has seen
//      floor.progress with voted = N (or after 15 s) the officer closes it,
//      and the result must count exactly N votes with the expected split;
//   3. every 10 s: the server's VmRSS, open descriptors and threads
//      (/proc/PID), and the errors so far.
//
// Errors: any answer that is not 2xx (a vote, a check-in, the officer's
// calls), a stream that ends or fails, events a stream missed (event ids are
// consecutive: a gap, or an "event: reset"), a stream that did not see a
// poll open or its final count, a wrong result at close.
//
// Verdict: no error, and after the warm-up (--warmup s) no sample's RSS above
// the warm-up's highest + --rss-slack MiB, and no sample's descriptors above
// the warm-up's highest + --fd-slack. Prints the series and the verdict;
// exits 1 if it fails.
//
// usage: node soak.mjs --renda URL --pid PID --tokens FILE --officer FILE
//        [--n 3000] [--workers 2] [--seconds 600] [--poll-every 20]
//        [--warmup 120] [--rss-slack 16] [--fd-slack 32] [--plenary 1]
import http from 'node:http';
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SAMPLE_MS = 10000;
const SPREAD_MS = 5000; // a poll's votes, evenly over 5 s
const FINAL_TIMEOUT_MS = 15000;

function parseArgs(argv) {
  const o = { n: 3000, workers: 2, seconds: 600, pollEvery: 20, warmup: 120, rssSlack: 16, fdSlack: 32, plenary: 1 };
  const num = { '--n': 'n', '--workers': 'workers', '--seconds': 'seconds', '--poll-every': 'pollEvery', '--warmup': 'warmup',
    '--rss-slack': 'rssSlack', '--fd-slack': 'fdSlack', '--plenary': 'plenary', '--pid': 'pid' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (num[a]) o[num[a]] = Number(argv[++i]);
    else if (a === '--renda') o.renda = argv[++i];
    else if (a === '--tokens') o.tokens = argv[++i];
    else if (a === '--officer') o.officer = argv[++i];
    else if (a === '--worker') o.worker = true;
    else throw new Error(`soak: unknown argument ${a}`);
  }
  return o;
}

const choiceOf = (i) => (i % 10 < 7 ? 'yes' : i % 10 < 9 ? 'no' : 'abstain');

async function pool(n, limit, fn) {
  let next = 0;
  const run = async () => { while (next < n) await fn(next++); };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, run));
}

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
      res.on('end', () => resolve({ status: res.statusCode, body: data, ms: now() - t0 }));
      res.on('error', (e) => resolve({ status: 0, body: String(e), ms: now() - t0 }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e), ms: now() - t0 }));
    req.setTimeout(30000, () => req.destroy(new Error('timeout after 30 s')));
    req.end(body);
  });
}

/* ------------------------------------------------------------------------
 * Worker: a slice of the devices.
 */
function worker() {
  let url, devices = [], sseAgent, n;
  const err = { http: 0, dropped: 0, missed: 0, resets: 0, samples: [] };
  const polls = new Map(); // poll id -> {open, final, waiters}
  let events = 0;
  const note = (s) => { if (err.samples.length < 5) err.samples.push(s); };
  const pollOf = (id) => {
    if (!polls.has(id)) polls.set(id, { open: 0, final: 0, waiters: [] });
    return polls.get(id);
  };
  const wake = (p) => { for (const w of p.waiters.splice(0)) w(); };

  function onEvent(dev, id, type, data) {
    events++;
    if (id !== null) {
      if (dev.lastId !== null && id !== dev.lastId + 1) {
        err.missed += Math.max(1, id - dev.lastId - 1);
        note(`stream ${dev.index}: event ${id} after ${dev.lastId}`);
      }
      dev.lastId = id;
    }
    if (type === 'reset') { err.resets++; note(`stream ${dev.index}: reset`); return; }
    if (type !== 'floor.poll' && type !== 'floor.progress') return;
    let j;
    try { j = JSON.parse(data); } catch { return; }
    if (type === 'floor.poll' && j.state === 'open' && dev.open !== j.poll_id) {
      dev.open = j.poll_id;
      const p = pollOf(j.poll_id);
      p.open++;
      wake(p);
    } else if (type === 'floor.progress' && j.voted === n && dev.final !== j.poll_id) {
      dev.final = j.poll_id;
      const p = pollOf(j.poll_id);
      p.final++;
      wake(p);
    }
  }

  function openStream(dev) {
    return new Promise((resolve) => {
      const req = http.get({
        agent: sseAgent, host: url.hostname, port: url.port, path: '/api/events',
        headers: { authorization: `Bearer ${dev.token}`, accept: 'text/event-stream' },
      }, (res) => {
        if (res.statusCode !== 200) {
          err.http++;
          note(`stream ${dev.index}: status ${res.statusCode}`);
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
            let id = null, type = null, data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) id = Number(line.slice(4));
              else if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data = line.slice(6);
            }
            if (type) onEvent(dev, id, type, data);
          }
        });
        const drop = (why) => {
          if (dev.closing || dev.dropped) return;
          dev.dropped = true;
          err.dropped++;
          note(`stream ${dev.index}: ${why}`);
        };
        res.on('end', () => drop('ended'));
        res.on('error', (e) => drop(String(e)));
        res.on('close', () => drop('closed'));
      });
      req.on('error', (e) => {
        if (!dev.closing) { err.dropped++; note(`stream ${dev.index}: ${e}`); }
        resolve();
      });
      dev.sseReq = req;
    });
  }

  const handlers = {
    init(m) {
      url = new URL(m.url);
      n = m.n;
      sseAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      devices = m.tokens.map((token, k) => ({
        k, index: m.first + k, token, lastId: null, open: null, final: null,
        agent: new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
      }));
      return {};
    },
    async sse() {
      await pool(devices.length, 100, (k) => openStream(devices[k]));
      return {};
    },
    // Every device sends one request: with at most `limit` in flight, or
    // device i (global index) at `at` + i·spreadMs/total.
    async requests(m) {
      const lat = [];
      let bad = 0;
      const one = async (k) => {
        const d = devices[k];
        const body = m.vote ? JSON.stringify({ choice: choiceOf(d.index) }) : undefined;
        const r = await request(d.agent, url, 'POST', m.path, { authorization: `Bearer ${d.token}` }, body);
        lat.push(r.ms);
        if (r.status < 200 || r.status > 299 || (m.vote && !r.body.includes('"already":false'))) {
          bad++;
          err.http++;
          note(`POST ${m.path} (device ${d.index}): ${r.status} ${r.body.slice(0, 160)}`);
        }
      };
      if (m.limit) {
        await pool(devices.length, m.limit, one);
      } else {
        const sent = [];
        let k = 0;
        await new Promise((resolve) => {
          const tick = () => {
            const t = now();
            while (k < devices.length && m.at + (devices[k].index * m.spreadMs) / m.total <= t) sent.push(one(k++));
            if (k < devices.length) setTimeout(tick, 2);
            else resolve();
          };
          tick();
        });
        await Promise.all(sent);
      }
      return { lat, bad };
    },
    // Waits until every stream saw poll `poll` open (what = 'open') or its
    // final count ('final'), at most timeoutMs; returns how many did.
    async wait(m) {
      const p = pollOf(m.poll);
      const t0 = now();
      while (p[m.what] < devices.length && now() - t0 < m.timeoutMs) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, m.timeoutMs - (now() - t0)));
          p.waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      return { seen: p[m.what], ms: now() - t0 };
    },
    stats() {
      return { ...err, samples: err.samples.slice(), events, streams: devices.length - devices.filter((d) => d.dropped).length };
    },
    close() {
      for (const d of devices) { d.closing = true; d.sseReq?.destroy(); d.agent.destroy(); }
      sseAgent?.destroy();
      return {};
    },
  };

  process.on('message', async (m) => {
    try {
      process.send({ id: m.id, ok: true, r: await handlers[m.cmd](m) });
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
  all(cmd, extra = {}, perWorker = () => ({})) {
    return Promise.all(this.procs.map((p, i) => new Promise((resolve, reject) => {
      const id = ++this.seq;
      this.pending.set(id, { resolve, reject });
      p.send({ id, cmd, ...extra, ...perWorker(i) });
    })));
  }
  kill() { for (const p of this.procs) if (p.exitCode === null) p.kill('SIGKILL'); }
}

const slice = (n, w, i) => [Math.floor((n * i) / w), Math.floor((n * (i + 1)) / w)];
const sum = (a, f) => a.reduce((s, x) => s + f(x), 0);
function pct(arr, p) {
  const s = [...arr].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : NaN;
}

function proc(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1]);
  return {
    rssMiB: kb('VmRSS') / 1024,
    threads: Number((s.match(/^Threads:\s+(\d+)/m) || [])[1]),
    fds: readdirSync(`/proc/${pid}/fd`).length,
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.worker) return worker();
  if (!o.renda || !o.tokens || !o.officer || !o.pid) throw new Error('usage: soak.mjs --renda URL --pid PID --tokens FILE --officer FILE');
  const url = new URL(o.renda);
  const N = o.n;
  const tokens = readFileSync(o.tokens, 'utf8').split('\n').filter(Boolean).slice(0, N);
  if (tokens.length !== N) throw new Error(`${o.tokens} has ${tokens.length} tokens, not ${N}`);
  const officer = readFileSync(o.officer, 'utf8').trim();
  const W = new Workers(o.workers);
  const coord = { http: 0, wrong: 0, notOpen: 0, notFinal: 0, samples: [] };
  const note = (s) => { if (coord.samples.length < 5) coord.samples.push(s); };
  const api = async (method, path, body) => {
    const r = await request(undefined, url, method, path, { authorization: `Bearer ${officer}` },
      body === undefined ? undefined : JSON.stringify(body));
    if (r.status < 200 || r.status > 299) {
      coord.http++;
      note(`${method} ${path}: ${r.status} ${r.body.slice(0, 200)}`);
      return null;
    }
    return JSON.parse(r.body);
  };
  const series = [];
  const pollsRun = [];
  let votesOk = 0;
  let t0 = 0;
  const errorsNow = async () => {
    const st = await W.all('stats');
    return {
      http: coord.http + sum(st, (s) => s.http), dropped: sum(st, (s) => s.dropped), missed: sum(st, (s) => s.missed) + sum(st, (s) => s.resets),
      notSeen: coord.notOpen + coord.notFinal, wrong: coord.wrong, events: sum(st, (s) => s.events), streams: sum(st, (s) => s.streams),
      samples: [...coord.samples, ...st.flatMap((s) => s.samples)].slice(0, 8),
    };
  };
  const sample = async () => {
    const p = proc(o.pid);
    const e = await errorsNow();
    series.push({ t: (now() - t0) / 1000, ...p, polls: pollsRun.length, votes: votesOk, ...e });
  };
  const hardStop = setTimeout(() => { console.error('soak: no end after --seconds + 240 s, giving up'); W.kill(); process.exit(2); },
    (o.seconds + 240) * 1000);

  let failed = false;
  let sampler = null;
  try {
    const start = proc(o.pid);
    await W.all('init', { url: o.renda, n: N }, (i) => {
      const [a, b] = slice(N, W.procs.length, i);
      return { first: a, tokens: tokens.slice(a, b) };
    });
    const ts = now();
    await W.all('sse');
    const sseMs = now() - ts;
    const ci = await W.all('requests', { path: `/api/plenaries/${o.plenary}/checkin`, limit: 64 });
    if (sum(ci, (r) => r.bad)) throw new Error(`check-in: ${sum(ci, (r) => r.bad)} errors`);
    if (!(await api('POST', `/api/plenaries/${o.plenary}/open`))) throw new Error(`opening the plenary: ${coord.samples.join('; ')}`);
    console.log(`soak: ${N} streams open in ${(sseMs / 1000).toFixed(1)} s, ${N} checked in; server at start: ` +
      `${start.rssMiB.toFixed(1)} MiB, ${start.fds} fds; voting for ${o.seconds} s, a poll every ${o.pollEvery} s`);

    t0 = now();
    await sample();
    sampler = setInterval(() => { sample().catch((e) => note(`sample: ${e}`)); }, SAMPLE_MS);
    const want = { yes: 0, no: 0, abstain: 0 };
    for (let i = 0; i < N; i++) want[choiceOf(i)]++;
    for (let k = 0; now() - t0 < o.seconds * 1000; k++) {
      const cycle = t0 + k * o.pollEvery * 1000;
      if (cycle > now()) await sleep(cycle - now());
      if (now() - t0 >= o.seconds * 1000) break;
      const created = await api('POST', `/api/plenaries/${o.plenary}/polls`, { title: `持续负载测试第${k + 1}项决议（草案）` });
      if (!created) continue;
      const id = created.poll.id;
      const r = { id, t: (now() - t0) / 1000 };
      if (!(await api('POST', `/api/polls/${id}/open`))) continue;
      const open = sum(await W.all('wait', { poll: id, what: 'open', timeoutMs: 10000 }), (x) => x.seen);
      if (open !== N) { coord.notOpen += N - open; note(`poll ${id}: ${N - open} streams did not see it open`); }
      const votes = await W.all('requests', { path: `/api/polls/${id}/vote`, vote: true, at: now() + 50, spreadMs: SPREAD_MS, total: N });
      const lat = votes.flatMap((x) => x.lat);
      r.bad = sum(votes, (x) => x.bad);
      votesOk += lat.length - r.bad;
      r.p50 = pct(lat, 0.5);
      r.p99 = pct(lat, 0.99);
      const fin = await W.all('wait', { poll: id, what: 'final', timeoutMs: FINAL_TIMEOUT_MS });
      r.final = sum(fin, (x) => x.seen);
      r.finalMs = Math.max(...fin.map((x) => x.ms));
      if (r.final !== N) { coord.notFinal += N - r.final; note(`poll ${id}: ${N - r.final} streams missed voted=${N}`); }
      const closed = await api('POST', `/api/polls/${id}/close`);
      const res = closed?.poll?.result;
      r.ok = !!res && res.yes === want.yes && res.no === want.no && res.abstain === want.abstain && res.present === N;
      if (closed && !r.ok) { coord.wrong++; note(`poll ${id}: result ${JSON.stringify(res)}`); }
      pollsRun.push(r);
    }
    clearInterval(sampler);
    sampler = null;
    await sleep(1000);
    await sample();
  } catch (e) {
    failed = true;
    console.error(`soak: FAILED: ${e.message}`);
  } finally {
    if (sampler) clearInterval(sampler);
  }

  // The series and the verdict.
  console.log('');
  console.log('| t (s) | VmRSS (MiB) | fds | threads | polls | votes acknowledged | events received | streams open | errors: non-2xx / dropped / missed events / not seen / wrong result |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const s of series) {
    console.log(`| ${s.t.toFixed(0)} | ${s.rssMiB.toFixed(1)} | ${s.fds} | ${s.threads} | ${s.polls} | ${s.votes} | ${s.events} | ${s.streams} | ${s.http} / ${s.dropped} / ${s.missed} / ${s.notSeen} / ${s.wrong} |`);
  }
  console.log('');
  if (pollsRun.length) {
    const p99 = pollsRun.map((r) => r.p99);
    const fms = pollsRun.map((r) => r.finalMs);
    console.log(`polls: ${pollsRun.length}, each with ${N} votes over ${SPREAD_MS / 1000} s; exact results: ${pollsRun.filter((r) => r.ok).length}; ` +
      `vote p50 ${pct(pollsRun.map((r) => r.p50), 0.5).toFixed(1)} ms (median poll), p99 ${pct(p99, 0.5).toFixed(1)} ms (median poll), worst p99 ${Math.max(...p99).toFixed(1)} ms; ` +
      `last stream saw the final count ${pct(fms, 0.5).toFixed(0)} ms (median poll) / ${Math.max(...fms).toFixed(0)} ms (worst) after the wait began`);
  }
  const warm = series.filter((s) => s.t <= o.warmup);
  const after = series.filter((s) => s.t > o.warmup);
  const last = series.at(-1);
  if (last) {
    const errs = last.http + last.dropped + last.missed + last.notSeen + last.wrong;
    if (errs) {
      failed = true;
      console.log(`FAIL: ${errs} errors: ${last.samples.join('; ')}`);
    }
    if (warm.length && after.length) {
      const rssBase = Math.max(...warm.map((s) => s.rssMiB));
      const fdBase = Math.max(...warm.map((s) => s.fds));
      const rssMax = Math.max(...after.map((s) => s.rssMiB));
      const fdMax = Math.max(...after.map((s) => s.fds));
      const rssOk = rssMax <= rssBase + o.rssSlack;
      const fdOk = fdMax <= fdBase + o.fdSlack;
      console.log(`after the warm-up (${o.warmup} s): VmRSS at most ${rssMax.toFixed(1)} MiB (bound: warm-up's ${rssBase.toFixed(1)} + ${o.rssSlack} MiB) ${rssOk ? 'ok' : 'FAIL'}; ` +
        `fds at most ${fdMax} (bound: warm-up's ${fdBase} + ${o.fdSlack}) ${fdOk ? 'ok' : 'FAIL'}; ` +
        `from the end of the warm-up to the end: VmRSS ${warm.at(-1).rssMiB.toFixed(1)} → ${last.rssMiB.toFixed(1)} MiB, fds ${warm.at(-1).fds} → ${last.fds}`);
      if (!rssOk || !fdOk) failed = true;
    } else {
      console.log(`(no verdict on growth: the run is not longer than the warm-up of ${o.warmup} s)`);
    }
    console.log(`errors: ${last.http} non-2xx, ${last.dropped} dropped streams, ${last.missed} missed events, ${last.notSeen} poll states not seen, ${last.wrong} wrong results`);
  }
  console.log(failed ? 'soak: FAILED' : 'soak: passed');
  clearTimeout(hardStop);
  await W.all('close').catch(() => {});
  W.kill();
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
