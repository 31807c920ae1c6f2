// election-round.mjs — the load tool of bench/election-round (issue 5): a
// 3,000-delegate electronic secret round against a running renda seeded by
// bench/seed.py. Node 20, no dependencies; prints markdown (or --json).
//
// The officer (the seeded admin bearer login) sets up an election (member,
// 3 seats, 4 candidates), opens the plenary; every device checks in (at most
// 64 in flight); the officer prepares and opens the round; then every device
// casts its ballot at once (POST /api/rounds/{id}/ballot, keep-alive, at most
// --inflight in flight). Measured: ballots/s = N / (last ack − first send),
// per-ballot latency p50/p99, errors; then the time from the officer's close
// to the announcement being available: POST close (count + decision + WAL
// truncation), POST announce (signing), and the first GET of the public
// announcement JSON and PDF. The decision must count exactly N ballots.
//
// usage: node election-round.mjs --renda URL --tokens FILE --officer FILE [--n 3000]
//        [--inflight 512] [--json]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const o = { n: 3000, inflight: 512, json: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  if (a === '--renda') o.renda = v();
  else if (a === '--tokens') o.tokens = v();
  else if (a === '--officer') o.officer = v();
  else if (a === '--n') o.n = Number(v());
  else if (a === '--inflight') o.inflight = Number(v());
  else if (a === '--json') o.json = true;
  else throw new Error(`election-round: unknown argument ${a}`);
}
const tokens = readFileSync(o.tokens, 'utf8').trim().split('\n').slice(0, o.n);
const officer = readFileSync(o.officer, 'utf8').trim();
const agent = new http.Agent({ keepAlive: true, maxSockets: o.inflight });
const base = new URL(o.renda);

function req(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const r = http.request({ host: base.hostname, port: base.port, method, path, agent,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) } },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    if (payload) r.write(payload);
    r.end();
  });
}
const json = (r) => JSON.parse(r.body.toString());
async function must(method, path, body, status = 200) {
  const r = await req(method, path, officer, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
  return r;
}

async function pool(n, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) await fn(next++);
  });
  await Promise.all(workers);
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

const e = json(await must('POST', '/api/sessions/1/elections', { title: '常务委员会委员', office: 'member', seats: 3 }, 201)).election;
const names = ['丁一', '王二', '李三', '张四'];
for (const [i, name] of names.entries())
  await must('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: i < 3 ? 'presidium' : 'joint' }, 201);
await must('POST', '/api/plenaries/1/open');
let errors = 0;
await pool(tokens.length, 64, async (i) => {
  const r = await req('POST', '/api/plenaries/1/checkin', tokens[i]);
  if (r.status !== 200) errors++;
});
if (errors) throw new Error(`election-round: ${errors} check-ins failed`);
const round = json(await must('POST', `/api/elections/${e.id}/rounds`, { plenary_id: 1 }, 201)).round;
await must('POST', `/api/rounds/${round.id}/open`);

// Every device casts at once: ballots vary (two of the four marked yes).
const lat = [];
let first = Infinity, last = 0;
await pool(tokens.length, o.inflight, async (i) => {
  const yes = [names[i % 4], names[(i + 1) % 4]];
  const t0 = performance.now();
  first = Math.min(first, t0);
  const r = await req('POST', `/api/rounds/${round.id}/ballot`, tokens[i], { yes, no: [names[(i + 2) % 4]] });
  const t1 = performance.now();
  last = Math.max(last, t1);
  lat.push(t1 - t0);
  if (r.status !== 200) errors++;
});
const castS = (last - first) / 1000;

const t0 = performance.now();
const closed = json(await must('POST', `/api/rounds/${round.id}/close`)).round;
const t1 = performance.now();
await must('POST', `/api/rounds/${round.id}/announce`);
const t2 = performance.now();
const ann = await req('GET', `/api/rounds/${round.id}/announcement`, officer);
const t3 = performance.now();
const pdf = await req('GET', `/api/rounds/${round.id}/announcement.pdf`, officer);
const t4 = performance.now();
const d = closed.decision;
const ok = errors === 0 && d && d.ballots.returned === tokens.length && ann.status === 200 && pdf.status === 200;
const out = {
  n: tokens.length, errors, ballots_per_s: Math.round(tokens.length / castS), cast_s: castS,
  p50_ms: pct(lat, 50), p99_ms: pct(lat, 99), close_ms: t1 - t0, announce_ms: t2 - t1,
  json_ms: t3 - t2, pdf_ms: t4 - t3, close_to_json_ms: t3 - t0, close_to_pdf_ms: t4 - t0,
  returned: d && d.ballots.returned, elected: d && d.elected,
};
if (o.json) console.log(JSON.stringify(out));
else {
  const f = (x) => x.toFixed(1);
  console.log(`## Election round (${out.n} delegates, one secret electronic ballot each, member office, 4 candidates for 3 seats)`);
  console.log('');
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| ballots cast, all at once (${o.inflight} in flight) | ${out.ballots_per_s} ballots/s (${f(out.cast_s)} s for ${out.n}) |`);
  console.log(`| ballot latency p50 / p99 | ${f(out.p50_ms)} ms / ${f(out.p99_ms)} ms |`);
  console.log(`| close (count ${out.returned} ballots, decide, truncate the WAL) | ${f(out.close_ms)} ms |`);
  console.log(`| announce (sign) | ${f(out.announce_ms)} ms |`);
  console.log(`| first GET of the announcement JSON / PDF | ${f(out.json_ms)} ms / ${f(out.pdf_ms)} ms |`);
  console.log(`| close → announcement available (JSON / PDF) | ${f(out.close_to_json_ms)} ms / ${f(out.close_to_pdf_ms)} ms |`);
  console.log(`| errors | ${out.errors} |`);
}
agent.destroy();
process.exit(ok ? 0 : 1);
