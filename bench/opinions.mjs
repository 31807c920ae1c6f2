// The public channel over HTTP (bench/opinions runs this against a renda
// serving a seeded data folder): the issues' search as staff use it
// (GET /api/opinions?q=…, first page of 20, newest first), next to
// GET /api/health as the floor of a request through the router; and
// citizens' submissions (POST /api/public/opinions) from several
// concurrent clients. Node 20, no dependencies. Prints markdown rows.
//
// usage: node opinions.mjs --renda URL --user NAME --password PW
//          --queries FILE --rounds N --submit-seconds S --concurrency C
import { readFileSync } from 'node:fs';
import http from 'node:http';

const o = { rounds: 30, submitSeconds: 10, concurrency: 16 };
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i], process.argv[i + 1]];
  if (k === '--renda') o.renda = v;
  else if (k === '--user') o.user = v;
  else if (k === '--password') o.password = v;
  else if (k === '--queries') o.queries = v;
  else if (k === '--rounds') o.rounds = Number(v);
  else if (k === '--submit-seconds') o.submitSeconds = Number(v);
  else if (k === '--concurrency') o.concurrency = Number(v);
  else { console.error(`opinions.mjs: unknown option ${k}`); process.exit(2); }
}
const base = new URL(o.renda);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

// One request on a keep-alive connection: {status, body, ms}.
function request(method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const h = { ...headers };
    if (payload) { h['content-type'] = 'application/json'; h['content-length'] = payload.length; }
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const pct = (sorted, p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
const f2 = (x) => x.toFixed(2);
function row(name, what, hits, ms) {
  const s = [...ms].sort((a, b) => a - b);
  console.log(`| ${name} | ${what} | ${hits} | ${f2(pct(s, 0.5))} | ${f2(pct(s, 0.95))} | ${f2(pct(s, 0.99))} | ${f2(s[s.length - 1])} |`);
}

async function main() {
  const login = await request('POST', '/api/auth/login', { body: { username: o.user, password: o.password } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.body}`);
  const cookie = login.headers['set-cookie'][0].split(';')[0];

  console.log('| case | query | matches (total) | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|');
  const health = [];
  for (let r = 0; r < o.rounds * 10; r++) {
    const res = await request('GET', '/api/health');
    if (res.status !== 200) throw new Error(`health: ${res.status}`);
    health.push(res.ms);
  }
  row('reference: GET /api/health (the router, no store)', '-', '-', health);

  const all = [];
  const lines = readFileSync(o.queries, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const [name, q, category, place] = line.split('\t');
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (category) p.set('category', category);
    if (place) p.set('place', place);
    p.set('per_page', '20');
    const path = `/api/opinions?${p}`;
    let hits = '';
    const ms = [];
    for (let r = 0; r <= o.rounds; r++) {
      const res = await request('GET', path, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
      const j = JSON.parse(res.body);
      hits = `${j.total_capped ? '≥ ' : ''}${j.total}`;
      if (r > 0) ms.push(res.ms); // the first one warms the caches
    }
    all.push(...ms);
    const label = [q || '(none)', category && `+ category ${category}`, place && `+ place ${place}`].filter(Boolean).join(' ');
    row(name, label, hits, ms);
  }
  row('**all queries above**', 'GET /api/opinions?q=…&per_page=20', '', all);

  // Submissions: C clients, each its own device id, for S seconds.
  console.log();
  console.log('| case | concurrent clients | stored (201) | refused | submissions/s | p50 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const conc of [1, o.concurrency]) {
    let ok = 0, refused = 0, n = 0;
    const ms = [];
    const statuses = {};
    const t0 = Date.now();
    const until = t0 + o.submitSeconds * 1000;
    const worker = async (w) => {
      const device = `bench-${process.pid}-${conc}-${w}`;
      while (Date.now() < until) {
        const k = n++;
        const res = await request('POST', '/api/public/opinions', {
          headers: { 'x-device-id': device },
          body: {
            title: `城关镇幸福小区路灯不亮第${k}号`,
            content: `幸福小区${w}号楼门口的路灯坏了三个月，晚上老人孩子出行很不安全，希望尽快维修（${process.pid}-${conc}-${k}）。`,
            place: '城关镇',
            category: 'roads_transport',
            contact_name: '张女士',
            contact_phone: '13800000000',
          },
        });
        statuses[res.status] = (statuses[res.status] || 0) + 1;
        if (res.status === 201) { ok++; ms.push(res.ms); } else refused++;
      }
    };
    await Promise.all(Array.from({ length: conc }, (_, w) => worker(w)));
    const secs = (Date.now() - t0) / 1000;
    const s = ms.sort((a, b) => a - b);
    const why = refused ? ` (${Object.entries(statuses).filter(([k]) => k !== '201').map(([k, v]) => `${v}×${k}`).join(', ')})` : '';
    console.log(`| renda POST /api/public/opinions | ${conc} | ${ok} | ${refused}${why} | ${(ok / secs).toFixed(0)} | ${s.length ? f2(pct(s, 0.5)) : '-'} | ${s.length ? f2(pct(s, 0.99)) : '-'} |`);
  }
  agent.destroy();
}

main().catch((e) => { console.error(`opinions.mjs: ${e.message}`); process.exit(1); });
