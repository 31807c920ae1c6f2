// The crash campaign (issue 9): TRIALS times, start `renda serve` on a fresh
// copy of a prepared data folder, run one of four workloads in turn, SIGKILL
// the server at a random moment, restart it on the same folder and check that
// every acknowledged write is there exactly once, and that `renda verify`
// passes. One summary line per trial, a total at the end; exit 1 on any loss.
//
//   vote      N delegates vote concurrently on an open poll (POST /api/polls/{id}/vote)
//   election  N delegates cast electronic secret ballots in an open round
//             (POST /api/rounds/{id}/ballot)
//   opinions  N citizens submit public issues (POST /api/public/opinions;
//             the server runs with --public-rate 100000)
//   suggestions  N delegates submit suggestions (POST /api/suggestions)
//
// The kill point is random per trial (from CAMPAIGN_SEED): either after K
// acknowledged writes (K uniform in 1..N-1) or after a delay uniform in
// 0..D ms from the first request (D: the workload's full duration as measured
// in its previous trial; 200 ms before the first). After the restart:
//   vote      every acknowledged vote is counted with its acknowledged choice;
//             no delegate twice; every stored vote is one that was sent, with
//             the choice sent; the result at close adds up to the votes stored;
//   election  every acknowledged voter is in the register, every acknowledged
//             receipt among the receipts counted; ballots = register entries =
//             the returned count of the decision (never more ballots than
//             voters); no one in the register who did not send a ballot;
//   opinions  every acknowledged tracking code answers (public API) with its
//             title and is stored exactly once; nothing stored that was not sent;
//   suggestions  every acknowledged suggestion is there with its title (API),
//             stored once; nothing stored that was not sent;
// and always: the audit chain verifies (API and `renda verify`), the restarted
// server stops cleanly (exit 0, so no LeakSanitizer report under ASan), and
// neither server printed a sanitizer report.
//
// Environment:
//   TRIALS          trials (default 100)
//   CAMPAIGN_N      writers per trial: delegates, voters, citizens (default 48)
//   CAMPAIGN_LANES  requests in flight at once (default 16)
//   CAMPAIGN_SEED   seed of the kill points (default: random, printed)
//   CAMPAIGN_KEEP   keep the data folders of failed trials (default 1)
//   RENDA_BIN       the server (default build/asan/renda; see tests/lib/server.mjs)
//
// usage: node tests/campaign/crash-campaign.mjs   (or: make crash-campaign TRIALS=100)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, renda, RENDA_BIN, sqlText, copyStore } from '../lib/server.mjs';

// The same sanitizer settings as scripts/check.sh (harmless for a release build).
const root = new URL('../..', import.meta.url).pathname;
process.env.ASAN_OPTIONS ||= 'detect_leaks=1:abort_on_error=1';
process.env.LSAN_OPTIONS ||= `suppressions=${root}tests/lsan.supp`;
process.env.UBSAN_OPTIONS ||= 'print_stacktrace=1:halt_on_error=1';

const TRIALS = Number(process.env.TRIALS || 100);
const N = Number(process.env.CAMPAIGN_N || 48);
const LANES = Number(process.env.CAMPAIGN_LANES || 16);
const SEED = Number(process.env.CAMPAIGN_SEED || Math.floor(Math.random() * 2 ** 31));
const KEEP = (process.env.CAMPAIGN_KEEP ?? '1') !== '0';
const WORKLOADS = ['vote', 'election', 'opinions', 'suggestions'];
const SERVE_ARGS = ['--public-rate', '100000'];
if (!(TRIALS >= 1) || !(N >= 3) || !(LANES >= 1)) throw new Error('TRIALS >= 1, CAMPAIGN_N >= 3, CAMPAIGN_LANES >= 1');

// mulberry32: a small seeded generator, so a failing trial can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive

const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

function check(cond, msg) { if (!cond) throw new Error(msg); }

// SIGKILL unless the process has already exited (tests/lib/server.mjs's kill()
// waits for an 'exit' that never comes again when the process died by a signal).
async function killIfRunning(server) {
  if (!server || server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  await server.kill();
}

function sql(dir, q) {
  return sqlText(dir, q).trim();
}

// A client with a session made in the template folder, against another server.
function clone(c, url) {
  const x = new Client(url);
  x.cookie = c.cookie;
  x.csrf = c.csrf;
  return x;
}

async function ok(p, status, what) {
  const r = await p;
  check(r.status === status, `${what}: ${r.status} ${r.text}`);
  return r.json;
}

/* ---- the template: demo data, a term with N delegates checked in ---------- */

async function makeTemplate() {
  const server = await startServer({ args: SERVE_ARGS });
  const staff = new Client(server.url);
  check((await staff.login('staff')).status === 200, 'staff login');
  const term = (await ok(staff.req('POST', '/api/terms', { number: 90, name: '崩溃试验届' }), 201, 'term')).term;
  const session = (await ok(staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '崩溃试验会议' }), 201, 'session')).session;
  const plenary = (await ok(staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '全体会议' }), 201, 'plenary')).plenary;
  // Accounts and logins cost an argon2id hash each: a few at a time.
  const delegates = new Array(N);
  let next = 0;
  const lane = async () => {
    while (next < N) {
      const i = next++;
      const d = (await ok(staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `试验代表${i + 1}`, gender: i % 2 ? '男' : '女' }), 201, 'delegate')).delegate;
      await ok(staff.req('POST', `/api/delegates/${d.id}/account`, { username: `crash${i + 1}`, password: 'password1' }), 201, 'account');
      const c = new Client(server.url);
      check((await c.login(`crash${i + 1}`, 'password1')).status === 200, 'delegate login');
      delegates[i] = { i, id: d.id, c };
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  await ok(staff.req('POST', `/api/plenaries/${plenary.id}/open`), 200, 'open plenary');
  for (const d of delegates) await ok(d.c.req('POST', `/api/plenaries/${plenary.id}/checkin`), 200, 'check-in');
  const code = await server.stop();
  check(code === 0, `template server stopped with ${code}: ${server.stderr().slice(-2000)}`);
  return { dir: server.dataDir, staff, delegates, session, plenary };
}

/* ---- the storm: writers in LANES lanes, killed at the chosen point -------- */

// send(k) performs writer k's request and resolves {acked, value} or throws
// when the server is gone. Returns {sent, acked: [{k, value}], killMs}.
async function storm(server, plan, send) {
  const sent = new Set();
  const acked = [];
  let killing = null;
  let next = 0;
  let lastAckMs = 0;
  const t0 = Date.now();
  const kill = () => {
    if (!killing) killing = server.kill().then(() => Date.now() - t0);
    return killing;
  };
  const timer = plan.mode === 'delay' ? setTimeout(kill, plan.delayMs) : null;
  const lane = async () => {
    while (next < N && !killing) {
      const k = next++;
      sent.add(k);
      let r;
      try {
        r = await send(k);
      } catch (e) {
        if (killing) return; // the server is gone: not acknowledged
        throw e;
      }
      if (r.acked) { acked.push({ k, value: r.value }); lastAckMs = Date.now() - t0; }
      else if (!killing) throw new Error(`writer ${k}: ${r.status} ${r.text}`);
      if (plan.mode === 'acks' && acked.length >= plan.k) kill();
    }
  };
  const results = await Promise.allSettled(Array.from({ length: LANES }, lane));
  clearTimeout(timer);
  const failed = results.find((x) => x.status === 'rejected');
  const allDone = !killing;
  const killMs = await kill();
  if (failed) throw failed.reason;
  // How long all N writes take, for the next delay: from the last
  // acknowledgement when all were acknowledged, else extrapolated.
  const fullMs = allDone ? lastAckMs : (killMs * N) / Math.max(1, acked.length);
  return { sent, acked, killMs, allDone, fullMs };
}

/* ---- workloads ------------------------------------------------------------ */

const CHOICES = ['yes', 'no', 'abstain'];
const NAMES = ['丁一', '王五', '李四'];

const workloads = {
  // Open a poll, N delegates vote.
  vote: {
    async prepare(t) {
      const poll = (await ok(t.staff.req('POST', `/api/plenaries/${t.plenary.id}/polls`, { title: `试验第${t.trial}次表决` }), 201, 'poll')).poll;
      await ok(t.staff.req('POST', `/api/polls/${poll.id}/open`), 200, 'open poll');
      t.pollId = poll.id;
      t.choice = (k) => CHOICES[(k + t.trial) % 3];
    },
    async send(t, k) {
      const r = await t.dev[k].req('POST', `/api/polls/${t.pollId}/vote`, { choice: t.choice(k) });
      return { acked: r.status === 200 && r.json?.already === false, value: t.choice(k), status: r.status, text: r.text };
    },
    async verify(t, s2, res) {
      const closed = await ok(s2.req('POST', `/api/polls/${t.pollId}/close`), 200, 'the poll still open after the crash: close');
      await ok(s2.req('POST', `/api/polls/${t.pollId}/release`), 200, 'release');
      const votes = (await ok(s2.req('GET', `/api/polls/${t.pollId}/votes`), 200, 'votes')).votes;
      const byId = new Map();
      for (const v of votes) {
        check(!byId.has(v.delegate_id), `delegate ${v.delegate_id} counted twice`);
        byId.set(v.delegate_id, v.choice);
      }
      const kOf = new Map(t.delegates.map((d) => [d.id, d.i]));
      for (const { k, value } of res.acked) {
        const got = byId.get(t.delegates[k].id);
        check(got !== undefined, `LOST: delegate ${k + 1}'s acknowledged vote`);
        check(got === value, `delegate ${k + 1}: acknowledged ${value}, stored ${got}`);
      }
      for (const [id, choice] of byId) {
        const k = kOf.get(id);
        check(k !== undefined && res.sent.has(k), `a vote from delegate id ${id}, who never voted`);
        check(choice === t.choice(k), `delegate ${k + 1}: sent ${t.choice(k)}, stored ${choice}`);
      }
      const r = closed.poll.result;
      check(r.yes + r.no + r.abstain === votes.length, `result ${JSON.stringify(r)} vs ${votes.length} votes`);
      check(r.present === N, `present ${r.present}, not ${N}`);
      return { stored: votes.length };
    },
  },

  // An election with three candidates for two seats; N delegates cast ballots.
  election: {
    async prepare(t) {
      const e = (await ok(t.staff.req('POST', `/api/sessions/${t.session.id}/elections`, { title: `试验第${t.trial}次选举`, office: 'vice', seats: 2 }), 201, 'election')).election;
      for (const [name, by] of [[NAMES[0], 'presidium'], [NAMES[1], 'presidium'], [NAMES[2], 'joint']]) {
        await ok(t.staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: by }), 201, 'candidate');
      }
      const round = (await ok(t.staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: t.plenary.id }), 201, 'round')).round;
      await ok(t.staff.req('POST', `/api/rounds/${round.id}/open`), 200, 'open round');
      t.roundId = round.id;
    },
    async send(t, k) {
      const yes = [NAMES[k % 3], NAMES[(k + 1 + t.trial) % 3]].filter((x, j, a) => a.indexOf(x) === j);
      const r = await t.dev[k].req('POST', `/api/rounds/${t.roundId}/ballot`, { yes });
      return { acked: r.status === 200 && typeof r.json?.receipt === 'string', value: r.json?.receipt, status: r.status, text: r.text };
    },
    async verify(t, s2, res) {
      const R = `/api/rounds/${t.roundId}`;
      const open = (await ok(s2.req('GET', R), 200, 'round')).round;
      check(open.state === 'open', `the round is ${open.state} after the crash`);
      const closed = (await ok(s2.req('POST', `${R}/close`), 200, 'close round')).round;
      const returned = closed.decision.ballots.returned;
      const receipts = (await ok(s2.req('GET', `${R}/receipts`), 200, 'receipts')).receipts;
      check(new Set(receipts).size === receipts.length, 'a receipt twice');
      const have = new Set(receipts);
      for (const { k, value } of res.acked) check(have.has(value), `LOST: delegate ${k + 1}'s acknowledged ballot (receipt ${value})`);
      check(receipts.length === returned, `${receipts.length} receipts, ${returned} ballots returned`);
      check(open.voted === returned, `voted ${open.voted} before close, ${returned} returned`);
      t.afterStop = () => {
        const nBallots = Number(sql(t.dir, `SELECT COUNT(*) FROM ballots WHERE round_id = ${t.roundId}`));
        const register = sql(t.dir, `SELECT delegate_id FROM ballot_register WHERE round_id = ${t.roundId}`)
          .split('\n').filter(Boolean).map(Number);
        check(new Set(register).size === register.length, 'a voter twice in the register');
        check(nBallots === register.length, `${nBallots} ballots in the box, ${register.length} voters in the register`);
        check(nBallots === returned, `${nBallots} ballots in the box, ${returned} returned at close`);
        const reg = new Set(register);
        for (const { k } of res.acked) check(reg.has(t.delegates[k].id), `LOST: delegate ${k + 1} not in the register`);
        const sentIds = new Set([...res.sent].map((k) => t.delegates[k].id));
        for (const id of register) check(sentIds.has(id), `delegate id ${id} in the register without a ballot sent`);
      };
      return { stored: returned };
    },
  },

  // N citizens submit public issues, each from its own device.
  opinions: {
    async prepare(t) {
      t.citizen = new Client(t.server.url);
      t.title = (k) => `试验${t.trial}第${k + 1}条`;
    },
    async send(t, k) {
      const r = await t.citizen.req('POST', '/api/public/opinions', {
        title: t.title(k),
        content: `崩溃试验第${t.trial}次第${k + 1}条：路灯损坏，夜间出行不便，请尽快维修。`,
        place: '城关镇',
        category: 'roads_transport',
        contact_name: '试验',
        contact_phone: '13900000000',
      }, { 'x-device-id': `campaign-${SEED}-${t.trial}-${k}` });
      return { acked: r.status === 201 && typeof r.json?.opinion?.code === 'string', value: r.json?.opinion?.code, status: r.status, text: r.text };
    },
    async verify(t, s2, res) {
      const c = new Client(s2.base);
      for (const { k, value } of res.acked) {
        const v = await c.req('GET', `/api/public/opinions/${value}`);
        check(v.status === 200, `LOST: citizen ${k + 1}'s acknowledged issue ${value}: ${v.status}`);
        check(v.json.opinion.title === t.title(k), `${value}: title ${v.json.opinion.title}`);
      }
      t.afterStop = () => {
        const rows = sql(t.dir, `SELECT code || '|' || title FROM opinions WHERE title LIKE '试验${t.trial}第%'`)
          .split('\n').filter(Boolean).map((l) => l.split('|'));
        const codes = rows.map((r) => r[0]);
        const titles = rows.map((r) => r[1]);
        check(new Set(titles).size === titles.length, 'an issue stored twice');
        for (const { k, value } of res.acked) {
          check(codes.filter((x) => x === value).length === 1, `${value} stored ${codes.filter((x) => x === value).length} times`);
          check(titles.includes(t.title(k)), `LOST: ${t.title(k)}`);
        }
        const sentTitles = new Set([...res.sent].map((k) => t.title(k)));
        for (const ti of titles) check(sentTitles.has(ti), `stored but never sent: ${ti}`);
        t.stored = rows.length;
      };
      return { stored: null };
    },
  },
  // N delegates submit suggestions (建议), each on their own device: the
  // suggestion, its proposer, its first timeline step and the audit entry
  // in one transaction.
  suggestions: {
    async prepare(t) {
      t.title = (k) => `试验${t.trial}建议${k + 1}`;
    },
    async send(t, k) {
      const r = await t.dev[k].req('POST', '/api/suggestions', {
        title: t.title(k),
        content: `崩溃试验第${t.trial}次：关于改善第${k + 1}条村道的建议。`,
        category: '交通',
      });
      return { acked: r.status === 201 && Number.isInteger(r.json?.suggestion?.id), value: r.json?.suggestion?.id, status: r.status, text: r.text };
    },
    async verify(t, s2, res) {
      for (const { k, value } of res.acked) {
        const v = await s2.req('GET', `/api/suggestions/${value}`);
        check(v.status === 200, `LOST: delegate ${k + 1}'s acknowledged suggestion ${value}: ${v.status}`);
        check(v.json.suggestion.title === t.title(k), `${value}: title ${v.json.suggestion.title}`);
      }
      t.afterStop = () => {
        const rows = sql(t.dir, `SELECT id || '|' || title FROM suggestions WHERE title LIKE '试验${t.trial}建议%'`)
          .split('\n').filter(Boolean).map((l) => l.split('|'));
        const titles = rows.map((r) => r[1]);
        check(new Set(titles).size === titles.length, 'a suggestion stored twice');
        for (const { k, value } of res.acked) {
          check(rows.some((r) => Number(r[0]) === value && r[1] === t.title(k)), `LOST: ${t.title(k)}`);
        }
        const sentTitles = new Set([...res.sent].map((k) => t.title(k)));
        for (const ti of titles) check(sentTitles.has(ti), `stored but never sent: ${ti}`);
        t.stored = rows.length;
      };
      return { stored: null };
    },
  },
};

/* ---- one trial ------------------------------------------------------------ */

// The delay kills land within 0..estimateMs of the first write: the
// workload's full duration as measured by the trial before (200 ms at first).
const estimateMs = Object.fromEntries(WORKLOADS.map((w) => [w, 200]));

async function trial(tpl, n) {
  const kind = WORKLOADS[(n - 1) % WORKLOADS.length];
  const w = workloads[kind];
  const plan = rand() < 0.5
    ? { mode: 'acks', k: randInt(1, N - 1) }
    : { mode: 'delay', delayMs: Math.round(rand() * estimateMs[kind]) };
  const dir = mkdtempSync(join(tmpdir(), 'renda-campaign-'));
  cpSync(tpl.dir, dir, { recursive: true });
  copyStore(tpl.dir, dir);
  const t0 = Date.now();
  const t = { trial: n, dir, session: tpl.session, plenary: tpl.plenary, delegates: tpl.delegates };
  let first, again;
  try {
    first = await startServer({ dataDir: dir, args: SERVE_ARGS });
    t.server = first;
    t.staff = clone(tpl.staff, first.url);
    t.dev = tpl.delegates.map((d) => clone(d.c, first.url));
    await w.prepare(t);
    const res = await storm(first, plan, (k) => w.send(t, k));
    if (res.acked.length) estimateMs[kind] = Math.max(20, Math.round(res.fullMs));
    check(!SANITIZER.test(first.stderr()), `sanitizer report before the kill:\n${first.stderr().slice(-3000)}`);

    again = await startServer({ dataDir: dir, args: SERVE_ARGS });
    const s2 = clone(tpl.staff, again.url);
    const v = await w.verify(t, s2, res);
    const chain = await ok(s2.req('GET', '/api/audit/verify'), 200, 'audit verify');
    check(chain.ok === true, `the audit chain does not verify: ${JSON.stringify(chain)}`);
    const code = await again.stop();
    check(!SANITIZER.test(again.stderr()), `sanitizer report after the restart:\n${again.stderr().slice(-3000)}`);
    check(code === 0, `the restarted server stopped with ${code}: ${again.stderr().slice(-2000)}`);
    t.afterStop?.();
    const vr = renda(['verify', '--data', dir]);
    check(vr.status === 0, `renda verify: ${vr.stdout}${vr.stderr}`);
    const stored = v.stored ?? t.stored;
    const point = plan.mode === 'acks' ? `after ${plan.k} acks` : `after ${plan.delayMs} ms`;
    const line = `trial ${String(n).padStart(3)}/${TRIALS} ${kind.padEnd(8)} kill ${point.padEnd(14)}` +
      ` sent ${String(res.sent.size).padStart(2)} acked ${String(res.acked.length).padStart(2)} stored ${String(stored).padStart(2)}` +
      `${res.allDone ? ' (all acked before the kill)' : ''} | verify ok | ${((Date.now() - t0) / 1000).toFixed(1)} s | ok`;
    console.log(line);
    rmSync(dir, { recursive: true, force: true });
    return { kind, plan, ok: true, acked: res.acked.length, sent: res.sent.size, stored, allDone: res.allDone };
  } catch (e) {
    await killIfRunning(first).catch(() => {});
    await killIfRunning(again).catch(() => {});
    console.log(`trial ${String(n).padStart(3)}/${TRIALS} ${kind.padEnd(8)} ${JSON.stringify(plan)} FAILED: ${e.message}`);
    if (again) console.log(again.stderr().split('\n').slice(-20).join('\n'));
    if (KEEP) console.log(`  data folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    return { kind, plan, ok: false, acked: 0, sent: 0, stored: 0, error: e.message };
  }
}

/* ---- main ----------------------------------------------------------------- */

async function main() {
  const t0 = Date.now();
  console.log(`crash campaign: ${TRIALS} trials, ${N} writers each (${LANES} in flight), seed ${SEED}, server ${RENDA_BIN}`);
  const tpl = await makeTemplate();
  console.log(`template: ${N} delegates checked in, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const results = [];
  for (let n = 1; n <= TRIALS; n++) results.push(await trial(tpl, n));
  rmSync(tpl.dir, { recursive: true, force: true });

  const wall = (Date.now() - t0) / 1000;
  const failed = results.filter((r) => !r.ok);
  console.log('');
  console.log('| workload | trials | failed | kill after K acks | kill after a delay | all acked before the kill | writes sent | acknowledged (checked) | stored after restart |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const kind of WORKLOADS) {
    const rs = results.filter((r) => r.kind === kind);
    if (!rs.length) continue;
    const s = (f) => rs.reduce((a, r) => a + f(r), 0);
    const ks = rs.filter((r) => r.plan.mode === 'acks').map((r) => r.plan.k);
    const ds = rs.filter((r) => r.plan.mode === 'delay').map((r) => r.plan.delayMs);
    const range = (a, u) => (a.length ? `${a.length} (${Math.min(...a)}–${Math.max(...a)}${u})` : '0');
    console.log(`| ${kind} | ${rs.length} | ${rs.length - rs.filter((r) => r.ok).length} | ${range(ks, '')} | ${range(ds, ' ms')} | ${s((r) => (r.allDone ? 1 : 0))} | ${s((r) => r.sent)} | ${s((r) => r.acked)} | ${s((r) => r.stored || 0)} |`);
  }
  const acked = results.reduce((a, r) => a + r.acked, 0);
  console.log('');
  console.log(`total: ${TRIALS} trials, ${TRIALS - failed.length} passed, ${failed.length} failed; ` +
    `${acked} acknowledged writes checked; seed ${SEED}; wall ${wall.toFixed(0)} s`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
