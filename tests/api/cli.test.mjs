// The command line: help, one-line errors with exit 2, init/demo, and
// `renda verify` catching an edit made behind renda's back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renda, makeDataDir, sqlOn, storeOfDir, makeDatabase, PG_ADMIN } from '../lib/server.mjs';

const tmp = () => mkdtempSync(join(tmpdir(), 'renda-cli-'));

test('--help lists the commands; help COMMAND shows its options', () => {
  const r = renda(['--help']);
  assert.equal(r.status, 0);
  for (const c of ['serve', 'init', 'demo', 'verify', 'tally']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  const h = renda(['help', 'serve']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /--listen ADDR:PORT/);
  assert.match(h.stdout, /--data DIR/);
  assert.equal(renda(['serve', '--help']).stdout, h.stdout);
});

test('bad usage prints one line and exits 2', () => {
  for (const args of [['frobnicate'], ['serve', '--bogus'], ['serve', '--listen'], ['serve', '--listen', 'nonsense'],
    ['serve', '--threads', '0'], ['verify', 'extra'], ['help', 'nothing'], []]) {
    const r = renda(args);
    assert.equal(r.status, 2, args.join(' '));
    if (args.length) assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
  const r = renda(['serve', '--bogus']);
  assert.match(r.stderr, /unknown option '--bogus'/);
});

test('serve on a folder without a database says how to make one', () => {
  const dir = tmp();
  const r = renda(['serve', '--data', join(dir, 'none'), '--listen', '127.0.0.1:0']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /renda init --data/);
  rmSync(dir, { recursive: true });
});

test('init makes the admin account; a second init refuses to clobber it', () => {
  const dir = join(tmp(), 'd');
  const env = { ...process.env, RENDA_ADMIN_PASSWORD: 'a-long-password' };
  const r = renda(['init', '--data', dir, '--name', '某县第十八届人民代表大会'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /admin/);
  const again = renda(['init', '--data', dir], { env });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has accounts/);
  const demo = renda(['demo', '--data', dir]);
  assert.equal(demo.status, 1);
  const made = renda(['init', '--data', join(dir, 'x')], { env: { ...process.env, RENDA_ADMIN_PASSWORD: '' } });
  assert.equal(made.status, 2, 'an empty or short admin password is refused');
  rmSync(dir, { recursive: true });
});

test('init without a password makes one up and prints it once', () => {
  const dir = join(tmp(), 'd');
  const env = { ...process.env };
  delete env.RENDA_ADMIN_PASSWORD;
  const r = renda(['init', '--data', dir], { env });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /password [A-Za-z0-9_-]{43}/);
  rmSync(dir, { recursive: true });
});

test('verify passes on a fresh folder and fails on an edited audit entry', () => {
  const dir = makeDataDir();
  const ok = renda(['verify', '--data', dir]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /intact: \d+ entries, head [0-9a-f]{64}/);

  // Someone with the file edits history: drops the guard trigger, changes a row.
  const edit = "UPDATE audit_log SET detail = '{\"username\":\"mallory\"}' WHERE id = 3;";
  const ed = sqlOn(dir, {
    sqlite: `DROP TRIGGER audit_log_no_update; ${edit}`,
    pg: `DROP TRIGGER audit_log_no_update ON audit_log; ${edit}`,
  });
  assert.equal(ed.status, 0, ed.stderr);
  const bad = renda(['verify', '--data', dir]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /BROKEN at entry 3/);
  rmSync(dir, { recursive: true });
});

test('the audit log refuses updates and deletes through SQL', () => {
  const dir = makeDataDir();
  for (const sql of ['UPDATE audit_log SET actor = \'x\' WHERE id = 1;', 'DELETE FROM audit_log WHERE id = 1;']) {
    const r = sqlOn(dir, sql);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /append-only/);
  }
  rmSync(dir, { recursive: true });
});

test('verify catches a deleted entry', () => {
  const dir = makeDataDir();
  const del = 'DELETE FROM audit_log WHERE id = 2;';
  const r = sqlOn(dir, {
    sqlite: `DROP TRIGGER audit_log_no_delete; ${del}`,
    pg: `DROP TRIGGER audit_log_no_delete ON audit_log; ${del}`,
  });
  assert.equal(r.status, 0, r.stderr);
  const bad = renda(['verify', '--data', dir]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /BROKEN at entry 3/);
  rmSync(dir, { recursive: true });
});

test('backup while votes and writes come in; the restored copy verifies and has every acknowledged write', async () => {
  const { startServer, Client } = await import('../lib/server.mjs');
  const { copyFileSync, mkdirSync } = await import('node:fs');
  const server = await startServer();
  try {
    const staff = new Client(server.url);
    await staff.login('staff');
    let stop = false;
    const acked = [];
    const writer = (async () => {
      for (let i = 0; !stop && i < 200; i++) {
        const r = await staff.req('POST', '/api/terms', { number: 100 + i, name: `第${100 + i}届` });
        if (r.status === 201) acked.push(100 + i);
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const out = join(server.dataDir, 'copy.db');
    // Writes acknowledged before the backup starts must be in the copy.
    const ackedBefore = acked.length;
    const b = renda(['backup', '--data', server.dataDir, '--out', out]);
    assert.equal(b.status, 0, b.stderr);
    stop = true;
    await writer;
    const restored = join(tmp(), 'restored');
    mkdirSync(restored);
    if (PG_ADMIN) {
      // PostgreSQL: the backup is pg_dump -Fc; restored with pg_restore into a new database.
      const db = makeDatabase();
      const pr = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', db, out], { encoding: 'utf8' });
      assert.equal(pr.status, 0, pr.stderr);
      writeFileSync(join(restored, 'renda.conf'), `store = ${db}\n`);
    } else {
      copyFileSync(out, join(restored, 'renda.db'));
    }
    const v = renda(['verify', '--data', restored]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const copy = await startServer({ dataDir: restored });
    try {
      const c = new Client(copy.url);
      await c.login('staff');
      const terms = (await c.req('GET', '/api/terms')).json.terms.map((t) => t.number);
      for (const n of acked.slice(0, ackedBefore)) assert.ok(terms.includes(n), `term ${n} acknowledged before the backup`);
      assert.equal((await c.req('GET', '/api/audit/verify')).json.ok, true);
    } finally { await copy.stop(); copy.cleanup(); }
  } finally { await server.stop(); server.cleanup(); }
});

test('backup without --out is a usage error', () => {
  const r = renda(['backup', '--data', '/nonexistent']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--out/);
});
