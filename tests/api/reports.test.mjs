// The handling report (DL art. 51(3)): exact numbers for a constructed set of
// suggestions — on time and late replies (lateness made with sqlite3 by
// moving due_on into the past, since the server runs on the real clock),
// overdue items, final-round ratings, result categories; the XLSX; and the
// public report, which holds unit names and numbers only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, d1, d2, lead1, lead2;
const units = {};
const PAST = '2020-01-06';

const sql = (q) => {
  const r = spawnSync('sqlite3', [join(server.dataDir, 'renda.db'), q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.json; };

async function unitWithAccount(name, username) {
  const u = ok(await staff.req('POST', '/api/units', { name, username, password: 'password1', email: `${username}@county.gov.cn` }), 201).unit;
  const c = new Client(server.url);
  await c.login(username, 'password1');
  return [u.id, c];
}

async function submit(title, { cosign = false } = {}) {
  const s = ok(await d1.req('POST', '/api/suggestions', { title, content: `${title}：具体内容，含代表个人意见。`, category: '城建' }), 201).suggestion;
  if (cosign) ok(await d2.req('POST', `/api/suggestions/${s.id}/cosign`));
  return s.id;
}
const assign = async (id, unit) => ok(await staff.req('POST', `/api/suggestions/${id}/assign`, { lead_unit_id: unit }));
const reply = async (c, id, category) => ok(await c.req('POST', `/api/suggestions/${id}/reply`, { category, content: `答复内容${id}`, signed_by: '张局长' }));
const rate = async (d, id, rating) => ok(await d.req('POST', `/api/suggestions/${id}/rate`, rating === 'dissatisfied' ? { rating, reason: '未解决实际问题' } : { rating }));
const dueInPast = (id) => sql(`UPDATE suggestions SET due_on = '${PAST}' WHERE id = ${id}`);

test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  d1 = new Client(server.url);
  await d1.login('daibiao01');
  d2 = new Client(server.url);
  await d2.login('daibiao02');
  [units.r1, lead1] = await unitWithAccount('县交通运输局', 'jtj');
  [units.r2, lead2] = await unitWithAccount('县财政局', 'czj');
  units.r3 = ok(await staff.req('POST', '/api/units', { name: '县民政局' }), 201).unit.id;

  // Unit 1: a replied on time (satisfied), b replied late (basically
  // satisfied), c overdue now.
  const a = await submit('关于村道硬化的建议');
  await assign(a, units.r1);
  await reply(lead1, a, 'solved');
  await rate(d1, a, 'satisfied');
  const b = await submit('关于公交线路延伸的建议');
  await assign(b, units.r1);
  dueInPast(b);
  await reply(lead1, b, 'planned');
  await rate(d1, b, 'basically_satisfied');
  const c = await submit('关于桥梁维修的建议');
  await assign(c, units.r1);
  dueInPast(c);

  // Unit 2: d dissatisfied in round 1, answered again on time and satisfied
  // (only round 2 counts); e co-signed, replied on time, one satisfied and
  // one dissatisfied, now in rehandling and overdue.
  const d = await submit('关于财政补贴发放的建议');
  await assign(d, units.r2);
  await reply(lead2, d, 'not_possible');
  await rate(d1, d, 'dissatisfied');
  await reply(lead2, d, 'explained');
  await rate(d1, d, 'satisfied');
  const e = await submit('关于专项资金使用公开的建议', { cosign: true });
  await assign(e, units.r2);
  await reply(lead2, e, 'solved');
  await rate(d1, e, 'satisfied');
  await rate(d2, e, 'dissatisfied');
  dueInPast(e);

  // Neither assigned nor counted.
  await submit('关于尚未交办事项的建议');
});
test.after(async () => { await server?.stop(); server?.cleanup(); });

const rate_ = (numerator, denominator, per_mille) => ({ numerator, denominator, per_mille });

test('exact numbers per unit and in total', async () => {
  const rep = ok(await staff.req('GET', '/api/suggestions/report'));
  const t = new Date(Date.now() + 8 * 3600 * 1000);
  assert.equal(rep.as_of, t.toISOString().slice(0, 10), 'today in Asia/Shanghai');
  assert.equal(rep.term_id, null);
  const by = Object.fromEntries(rep.units.map((u) => [u.unit_id, u]));
  const { unit_id: _1, name: n1, ...u1 } = by[units.r1];
  assert.equal(n1, '县交通运输局');
  assert.deepEqual(u1, {
    assigned: 3, replied: 2, replied_on_time: 1, overdue: 1,
    on_time_rate: rate_(1, 2, 500),
    ratings: { satisfied: 1, basically_satisfied: 1, dissatisfied: 0 },
    satisfaction_rate: rate_(2, 2, 1000),
    results: { solved: 1, planned: 1, not_possible: 0, explained: 0 },
  });
  const { unit_id: _2, name: _n2, ...u2 } = by[units.r2];
  assert.deepEqual(u2, {
    assigned: 2, replied: 2, replied_on_time: 2, overdue: 1,
    on_time_rate: rate_(2, 2, 1000),
    ratings: { satisfied: 2, basically_satisfied: 0, dissatisfied: 1 },
    satisfaction_rate: rate_(2, 3, 667), // 666.7‰ rounded half up, by integers
    results: { solved: 1, planned: 0, not_possible: 0, explained: 1 },
  });
  const { unit_id: _3, name: _n3, ...u3 } = by[units.r3];
  assert.deepEqual(u3, {
    assigned: 0, replied: 0, replied_on_time: 0, overdue: 0,
    on_time_rate: rate_(0, 0, null),
    ratings: { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 },
    satisfaction_rate: rate_(0, 0, null),
    results: { solved: 0, planned: 0, not_possible: 0, explained: 0 },
  }, 'no rate, not 0‰, where nothing was replied or rated');
  assert.deepEqual(rep.totals, {
    assigned: 5, replied: 4, replied_on_time: 3, overdue: 2,
    on_time_rate: rate_(3, 4, 750),
    ratings: { satisfied: 3, basically_satisfied: 1, dissatisfied: 1 },
    satisfaction_rate: rate_(4, 5, 800),
    results: { solved: 2, planned: 1, not_possible: 0, explained: 1 },
  });
  const term = sql('SELECT term_id FROM suggestions LIMIT 1');
  assert.deepEqual(ok(await staff.req('GET', `/api/suggestions/report?term_id=${term}`)).totals, rep.totals);
  assert.equal(ok(await staff.req('GET', '/api/suggestions/report?term_id=999999')).totals.assigned, 0);
  const bad = await staff.req('GET', '/api/suggestions/report?term_id=x');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'term_id');
});

test('the public report: the same numbers, without login, and nothing personal', async () => {
  const anon = new Client(server.url);
  const pub = await anon.req('GET', '/api/public/suggestions/report');
  assert.equal(pub.status, 200, pub.text);
  const staffRep = ok(await staff.req('GET', '/api/suggestions/report'));
  assert.deepEqual(pub.json.units, staffRep.units);
  assert.deepEqual(pub.json.totals, staffRep.totals);
  const names = sql('SELECT name FROM delegates').split('\n').filter(Boolean);
  assert.ok(names.length > 10);
  for (const n of names) assert.ok(!pub.text.includes(n), `no delegate name (${n})`);
  for (const word of ['关于', '内容', '答复内容', '张局长', '未解决', '@', 'czj', 'jtj', 'email', 'title', 'content', 'delegate'])
    assert.ok(!pub.text.includes(word), `nothing of the contents or accounts (${word})`);
  assert.equal((await anon.req('GET', '/api/suggestions/report')).status, 401, 'the staff report needs a login');
  const unit = new Client(server.url);
  await unit.login('jtj', 'password1');
  assert.equal((await unit.req('GET', '/api/suggestions/report')).status, 403);
});

test('the XLSX: a workbook with a row per unit and the total', async () => {
  const res = await fetch(`${server.url}/api/suggestions/report.xlsx`, { headers: { cookie: staff.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(decodeURIComponent(res.headers.get('content-disposition') || ''), /代表建议办理情况/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  // Read it back: every cell's text, row by row (Python's zipfile, XML by regex).
  const py = `
import sys, zipfile, re, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
names = z.namelist()
ss = []
if 'xl/sharedStrings.xml' in names:
    ss = [re.sub(r'<[^>]+>', '', s) for s in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
sheet = z.read('xl/worksheets/sheet1.xml').decode()
for row in re.findall(r'<row[^>]*>(.*?)</row>', sheet, re.S):
    cells = []
    for attrs, body in re.findall(r'<c([^>]*)>(.*?)</c>', row, re.S):
        v = re.search(r'<v>(.*?)</v>', body)
        t = re.search(r'<t[^>]*>(.*?)</t>', body, re.S)
        cells.append(ss[int(v.group(1))] if 't="s"' in attrs else (t.group(1) if t else (v.group(1) if v else '')))
    print('\\t'.join(cells))
`;
  const r = spawnSync('python3', ['-c', py], { input: bytes, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows[0].slice(0, 6), ['承办单位', '交办件数', '已答复', '按时答复', '按时答复率', '逾期未答复']);
  const row = (name) => rows.find((x) => x[0] === name);
  assert.deepEqual(row('县交通运输局'), ['县交通运输局', '3', '2', '1', '50.0%', '1', '1', '1', '0', '100.0%', '1', '1', '0', '0']);
  assert.deepEqual(row('县财政局'), ['县财政局', '2', '2', '2', '100.0%', '1', '2', '0', '1', '66.7%', '1', '0', '0', '1']);
  assert.deepEqual(row('县民政局').slice(0, 5), ['县民政局', '0', '0', '0', '—']);
  assert.deepEqual(row('合计'), ['合计', '5', '4', '3', '75.0%', '2', '3', '1', '1', '80.0%', '2', '1', '0', '1']);
});
