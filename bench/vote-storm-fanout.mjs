// vote-storm-fanout.mjs — the load tool of bench/vote-storm-fanout. Node 20.
// usage: node vote-storm-fanout.mjs PORT TOKENS OFFICER N SKIP PID K R
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [port, tokensFile, officerFile, n, skip, pid, K, R] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).slice(0, Number(n));
const officer = readFileSync(officerFile, 'utf8').trim();
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const path = '/api/events' + (skip ? `?skip=${encodeURIComponent(skip)}` : '');
let got = 0;
let lastAt = 0;

const open = (token) => new Promise((resolve) => {
  const req = http.get({ agent, host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
    res.setEncoding('utf8');
    res.on('data', (c) => {
      const k = (c.match(/event: user\.roles/g) || []).length;
      if (k) { got += k; lastAt = Date.now(); }
    });
    resolve();
  });
  req.on('error', (e) => { throw e; });
});
let next = 0;
await Promise.all(Array.from({ length: 100 }, async () => { while (next < tokens.length) await open(tokens[next++]); }));
await new Promise((r) => setTimeout(r, 1000));

const cpuMs = () => {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(st[11]) + Number(st[12])) * 10; // utime + stime, in 1/100 s
};
const put = (roles) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ roles });
  const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/api/users/${1000 + tokens.length}/roles`,
    headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT roles: ${res.statusCode}`))));
  });
  req.on('error', reject);
  req.end(body);
});

const taking = !skip.split(',').includes('user.roles');
const lat = [];
const c0 = cpuMs();
const t0 = Date.now();
for (let k = 0; k < Number(K); k++) {
  await put(k % 2 ? ['delegate'] : ['delegate', 'staff']);
  const ack = Date.now();
  const want = (k + 1) * tokens.length;
  // Until every stream has it (at most 2 s), then the rest of the interval.
  while (taking && got < want && Date.now() - ack < 2000) await new Promise((r) => setTimeout(r, 1));
  if (taking) lat.push(got >= want ? lastAt - ack : Infinity);
  await new Promise((r) => setTimeout(r, Math.max(0, 1000 / Number(R) - (Date.now() - ack))));
}
await new Promise((r) => setTimeout(r, 500));
const cpu = cpuMs() - c0;
console.log(`${tokens.length} streams, skip=${skip || '(none)'}: server CPU ${cpu} ms over ${Date.now() - t0} ms ` +
  `for ${K} events, ${(cpu / Number(K)).toFixed(2)} ms an event; user.roles received ${got}`);
if (taking) {
  lat.sort((a, b) => a - b);
  console.log(`acknowledged → the last stream: median ${lat[lat.length >> 1]} ms, worst ${lat.at(-1)} ms`);
}
process.exit(0);
