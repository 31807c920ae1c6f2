// `renda remind` against a real SMTP server on loopback (tests/lib/smtp-sink.mjs):
// one mail per handling unit per day listing its overdue and due-soon
// suggestions, in Chinese, properly encoded; nothing new on a second run;
// an unreachable server fails the command and records nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startServer, Client, RENDA_BIN, sqlOn } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

let server, sink, staff, d1, unitA;
const ids = {};

const pad = (x) => String(x).padStart(2, '0');
const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const plusDays = (s, n) => iso(new Date(Date.parse(`${s}T00:00:00Z`) + n * 86400000));
const sql = (q) => {
  const r = sqlOn(server.dataDir, q);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
// Asynchronous: the SMTP sink answers from this process's event loop.
function remind(args) {
  return new Promise((resolve) => {
    const p = spawn(RENDA_BIN, ['remind', '--data', server.dataDir, ...args]);
    let stdout = '', stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let due; // the 3-month due date of everything assigned today
let T;	 // the day of the sweep: five days after `due`

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function unit(name, email) {
  const r = await staff.req('POST', '/api/units', email === undefined ? { name } : { name, email });
  assert.equal(r.status, 201, r.text);
  return r.json.unit.id;
}

async function suggestion(title, lead) {
  let r = await d1.req('POST', '/api/suggestions', { title, content: `${title}的内容`, category: '城建' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.suggestion.id;
  r = await staff.req('POST', `/api/suggestions/${id}/assign`, { lead_unit_id: lead });
  assert.equal(r.status, 200, r.text);
  due = r.json.suggestion.due_on;
  return id;
}

test.before(async () => {
  server = await startServer();
  sink = await startSmtpSink();
  staff = new Client(server.url);
  await staff.login('staff');
  d1 = new Client(server.url);
  await d1.login('daibiao01');
  unitA = await unit('县交通运输局', 'jtj@county.gov.cn');
  const unitB = await unit('县住房和城乡建设局', 'zjj@county.gov.cn');
  const unitC = await unit('县水利局'); // no address
  const unitD = await unit('县教育局', 'jyj@county.gov.cn');
  ids.a1 = await suggestion('关于修缮城关镇老街路面的建议', unitA);
  ids.a2 = await suggestion('关于增设公交站台的建议', unitA);
  ids.a3 = await suggestion('关于已答复事项的建议', unitA);
  ids.b1 = await suggestion('关于老旧小区加装电梯的建议', unitB);
  ids.c1 = await suggestion('关于河道清淤的建议', unitC);
  ids.d1 = await suggestion('关于校车安全的建议', unitD);
  T = plusDays(due, 5);
  // a2 is due a week after the sweep, d1 long after it; a3 is answered.
  sql(`UPDATE suggestions SET due_on = '${plusDays(T, 7)}' WHERE id = ${ids.a2}`);
  sql(`UPDATE suggestions SET due_on = '${plusDays(T, 40)}' WHERE id = ${ids.d1}`);
  const lead = new Client(server.url);
  await staff.req('POST', '/api/users', { username: 'jtj', display_name: '县交通运输局', password: 'password1', roles: ['handling_unit'] });
  sql(`UPDATE handling_units SET user_id = (SELECT id FROM users WHERE username = 'jtj') WHERE id = ${unitA}`);
  await lead.login('jtj', 'password1');
  const r = await lead.req('POST', `/api/suggestions/${ids.a3}/reply`, { category: 'solved', content: '已办结。', signed_by: '李局长' });
  assert.equal(r.status, 200, r.text);
});
test.after(async () => {
  await sink?.close();
  await server?.stop();
  server?.cleanup();
});

test('units take an e-mail address; a bad one is refused naming the field', async () => {
  const list = (await staff.req('GET', '/api/units')).json.units;
  assert.equal(list.find((u) => u.id === unitA).email, 'jtj@county.gov.cn');
  for (const email of ['not-an-address', 'a@b.cn\r\nBcc: x@evil.cn', 'a b@c.cn', '<a@b.cn>', 'a@b.cn,c@d.cn', '@b.cn']) {
    const r = await staff.req('POST', '/api/units', { name: `坏地址${email.length}`, email });
    assert.equal(r.status, 400, email);
    assert.equal(r.json.error.field, 'email');
  }
});

test('one mail per unit with its overdue and due-soon items, in Chinese, encoded; a second run sends nothing', async () => {
  const r = await remind(['--smtp', sink.url, '--from', 'renda@rd.county.gov.cn', '--today', T]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /2 reminders sent \(3 suggestions\)/);
  assert.match(r.stdout, /no address\s+县水利局/);
  assert.equal(sink.messages.length, 2);
  const byTo = Object.fromEntries(sink.messages.map((m) => [m.to[0], m]));
  assert.deepEqual(Object.keys(byTo).sort(), ['jtj@county.gov.cn', 'zjj@county.gov.cn']);

  const a = byTo['jtj@county.gov.cn'];
  assert.equal(a.from, 'renda@rd.county.gov.cn');
  assert.match(a.raw, /^[\x00-\x7f]*$/, 'the message on the wire is ASCII: every UTF-8 byte encoded');
  assert.match(a.headers.subject, /^=\?UTF-8\?B\?/);
  assert.match(a.headers['content-type'], /text\/plain; charset=UTF-8/);
  assert.equal(a.subject, `【代表建议办理提醒】县交通运输局：1件已逾期，1件即将到期（${T}）`);
  assert.match(a.body, /^县交通运输局：/);
  const [y, m, d] = due.split('-').map(Number);
  assert.ok(a.body.includes(`第${ids.a1}号《关于修缮城关镇老街路面的建议》，应于${y}年${m}月${d}日前答复，已逾期5天。`), a.body);
  assert.ok(a.body.includes(`第${ids.a2}号《关于增设公交站台的建议》`) && a.body.includes('还有7天。'), a.body);
  assert.ok(a.body.indexOf('已逾期（1件）') < a.body.indexOf('即将到期（1件）'));
  assert.ok(!a.body.includes('关于已答复事项的建议'), 'a replied item is not reminded of');
  const b = byTo['zjj@county.gov.cn'];
  assert.ok(b.body.includes(`第${ids.b1}号《关于老旧小区加装电梯的建议》`));
  assert.ok(!b.body.includes('公交站台'), 'each unit sees only its own');

  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries.filter((e) => e.action === 'reminder.send');
  assert.equal(log.length, 2);
  assert.equal(log[0].actor, 'renda-remind');
  assert.equal(sql(`SELECT COUNT(*) FROM reminders WHERE sent_on = '${T}'`), '2');

  const again = await remind(['--smtp', sink.url, '--today', T]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /0 reminders sent .* 2 units reminded today already/);
  assert.equal(sink.messages.length, 2, 'nothing new the same day');
  assert.equal((await staff.req('GET', '/api/audit?limit=500')).json.entries.filter((e) => e.action === 'reminder.send').length, 2);
});

test('an unreachable mail server fails the command and records nothing; the next run sends', async () => {
  const day = plusDays(T, 1);
  const port = await freePort();
  const r = await remind(['--smtp', `smtp://127.0.0.1:${port}`, '--today', day]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /2 of 2 reminders could not be sent, none of them recorded/);
  assert.match(r.stderr, /connect/i, 'says what went wrong');
  assert.equal(sql(`SELECT COUNT(*) FROM reminders WHERE sent_on = '${day}'`), '0');
  assert.equal(sink.messages.length, 2);

  const ok = await remind(['--smtp', sink.url, '--today', day]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(sink.messages.length, 4, 'the next day is a new day');
  const a = sink.messages.find((m, i) => i >= 2 && m.to[0] === 'jtj@county.gov.cn');
  assert.ok(a.body.includes('已逾期6天'));
});

test('usage: --smtp is required, --today must be a date', async () => {
  assert.equal((await remind(['--today', T])).status, 2);
  assert.equal((await remind(['--smtp', sink.url, '--today', '2026-13-01'])).status, 2);
  assert.equal((await remind(['--smtp', 'http://example.cn', '--today', T])).status, 2);
});
