// The handling report (DL art. 51(3)): exact numbers for a constructed set of
// suggestions — on time and late replies (lateness made with sqlite3 by
// moving due_on into the past, since the server runs on the real clock),
// overdue items, final-round ratings, result categories; the same numbers per
// category of suggestion (boundaries: a category with nothing replied, the
// due date today and yesterday, a dissatisfied final round, no category); the
// XLSX and the PDF (read back with pdftotext); the public report, which holds
// unit names, categories and numbers only; and editing a unit (PUT
// /api/units/{id}: its name and reminder address, refusals by field, audited).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, Client, sqlOn } from '../lib/server.mjs';

let server, staff, d1, d2, lead1, lead2;
const units = {};
const PAST = '2020-01-06';

const sql = (q) => {
  const r = sqlOn(server.dataDir, q);
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

async function submit(title, { cosign = false, category = '城建' } = {}) {
  const body = { title, content: `${title}：具体内容，含代表个人意见。` };
  if (category) body.category = category;
  const s = ok(await d1.req('POST', '/api/suggestions', body), 201).suggestion;
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
  const a = await submit('关于村道硬化的建议', { category: '交通' });
  await assign(a, units.r1);
  await reply(lead1, a, 'solved');
  await rate(d1, a, 'satisfied');
  const b = await submit('关于公交线路延伸的建议', { category: '交通' });
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
  const d = await submit('关于财政补贴发放的建议', { category: '财政' });
  await assign(d, units.r2);
  await reply(lead2, d, 'not_possible');
  await rate(d1, d, 'dissatisfied');
  await reply(lead2, d, 'explained');
  await rate(d1, d, 'satisfied');
  const e = await submit('关于专项资金使用公开的建议', { cosign: true, category: '财政' });
  await assign(e, units.r2);
  await reply(lead2, e, 'solved');
  await rate(d1, e, 'satisfied');
  await rate(d2, e, 'dissatisfied');
  dueInPast(e);

  // Neither assigned nor counted.
  await submit('关于尚未交办事项的建议', { category: '教育' });
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

// ---- per category, PDF, editing a unit -------------------------------------

const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400000).toISOString().slice(0, 10);
const ZERO_RATINGS = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
const ZERO_RESULTS = { solved: 0, planned: 0, not_possible: 0, explained: 0 };
const sum = (rows) => {
  const t = { assigned: 0, replied: 0, replied_on_time: 0, overdue: 0, ratings: { ...ZERO_RATINGS }, results: { ...ZERO_RESULTS } };
  for (const r of rows) {
    for (const k of ['assigned', 'replied', 'replied_on_time', 'overdue']) t[k] += r[k];
    for (const k in t.ratings) t.ratings[k] += r.ratings[k];
    for (const k in t.results) t.results[k] += r.results[k];
  }
  return t;
};
const counts = ({ on_time_rate: _a, satisfaction_rate: _b, ...rest }) => rest;

test('per category: the same numbers, by the delegate\'s category; unassigned ones not counted', async () => {
  const rep = ok(await staff.req('GET', '/api/suggestions/report'));
  assert.deepEqual(rep.categories.map((c) => c.category), ['交通', '城建', '财政'], 'by category text; 教育 has nothing assigned');
  const by = Object.fromEntries(rep.categories.map(({ category, ...c }) => [category, c]));
  assert.deepEqual(by['交通'], {
    assigned: 2, replied: 2, replied_on_time: 1, overdue: 0,
    on_time_rate: rate_(1, 2, 500),
    ratings: { satisfied: 1, basically_satisfied: 1, dissatisfied: 0 },
    satisfaction_rate: rate_(2, 2, 1000),
    results: { solved: 1, planned: 1, not_possible: 0, explained: 0 },
  });
  assert.deepEqual(by['城建'], {
    assigned: 1, replied: 0, replied_on_time: 0, overdue: 1,
    on_time_rate: rate_(0, 0, null), ratings: ZERO_RATINGS,
    satisfaction_rate: rate_(0, 0, null), results: ZERO_RESULTS,
  }, 'nothing replied: no rate, not 0‰');
  assert.deepEqual(by['财政'], {
    assigned: 2, replied: 2, replied_on_time: 2, overdue: 1,
    on_time_rate: rate_(2, 2, 1000),
    ratings: { satisfied: 2, basically_satisfied: 0, dissatisfied: 1 },
    satisfaction_rate: rate_(2, 3, 667),
    results: { solved: 1, planned: 0, not_possible: 0, explained: 1 },
  });
  assert.deepEqual(sum(rep.categories), counts(rep.totals), 'the categories add up to the totals');
  const pub = ok(await new Client(server.url).req('GET', '/api/public/suggestions/report'));
  assert.deepEqual(pub.categories, rep.categories, 'published per category too');
  const term = sql('SELECT term_id FROM suggestions LIMIT 1');
  assert.deepEqual(ok(await staff.req('GET', `/api/suggestions/report?term_id=${term}`)).categories, rep.categories);
  assert.deepEqual(ok(await staff.req('GET', '/api/suggestions/report?term_id=999999')).categories, [], 'another term: no categories');
});

test('per category at the boundaries: due today is not overdue, due yesterday is; no category; a dissatisfied final round is 0‰', async () => {
  // All led by 县民政局 (units.r3), so the units counted above keep their numbers.
  const f = await submit('关于社区养老服务的建议', { category: '' });
  await assign(f, units.r3);
  sql(`UPDATE suggestions SET due_on = '${shanghaiDay(0)}' WHERE id = ${f}`);
  const g = await submit('关于低保审核公开的建议', { category: '' });
  await assign(g, units.r3);
  sql(`UPDATE suggestions SET due_on = '${shanghaiDay(-1)}' WHERE id = ${g}`);
  const mz = new Client(server.url);
  const acct = await staff.req('POST', '/api/units', { name: '县教育局', username: 'jyj', password: 'password1' });
  const jyj = ok(acct, 201).unit.id;
  await mz.login('jyj', 'password1');
  const h = await submit('关于乡村学校校车的建议', { category: '教育' });
  await assign(h, jyj);
  await reply(mz, h, 'not_possible');
  await rate(d1, h, 'dissatisfied'); // now rehandling, due in a month: not overdue

  const rep = ok(await staff.req('GET', '/api/suggestions/report'));
  assert.deepEqual(rep.categories.map((c) => c.category), ['', '交通', '城建', '教育', '财政'], 'no category ("") first');
  const by = Object.fromEntries(rep.categories.map(({ category, ...c }) => [category, c]));
  assert.deepEqual(by[''], {
    assigned: 2, replied: 0, replied_on_time: 0, overdue: 1,
    on_time_rate: rate_(0, 0, null), ratings: ZERO_RATINGS,
    satisfaction_rate: rate_(0, 0, null), results: ZERO_RESULTS,
  }, 'due today is on time still; due yesterday is overdue');
  assert.deepEqual(by['教育'], {
    assigned: 1, replied: 1, replied_on_time: 1, overdue: 0,
    on_time_rate: rate_(1, 1, 1000),
    ratings: { satisfied: 0, basically_satisfied: 0, dissatisfied: 1 },
    satisfaction_rate: rate_(0, 1, 0),
    results: { solved: 0, planned: 0, not_possible: 1, explained: 0 },
  }, 'only the assigned 教育 item counts; all dissatisfied is 0‰, not null');
  assert.deepEqual(sum(rep.categories), counts(rep.totals));
  assert.deepEqual(sum(rep.units), counts(rep.totals));
  assert.equal(rep.totals.assigned, 8);
  assert.equal(rep.totals.overdue, 3);
});

async function pdfText(path) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: staff.cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(decodeURIComponent(res.headers.get('content-disposition') || ''), /代表建议办理情况-\d{4}-\d\d-\d\d\.pdf/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('the PDF: per unit and per category, with the numbers, readable by pdftotext', async () => {
  const text = await pdfText('/api/suggestions/report.pdf');
  assert.match(text, /代表建议、批评和意见办理情况/);
  assert.match(text, /按承办单位统计/);
  assert.match(text, /按建议类别统计/);
  const [y, m, d] = shanghaiDay(0).split('-').map(Number);
  assert.match(text, new RegExp(`统计截至 ${y}年${m}月${d}日`));
  // 县交通运输局: 3 assigned, 2 replied, 1 on time, 50.0%, 1 overdue, ...
  assert.match(text, /县交通运输局\s+3\s+2\s+1\s+50\.0%\s+1\s+1\s+1\s+0\s+100\.0%\s+1\s+1\s+0\s+0/);
  assert.match(text, /县财政局\s+2\s+2\s+2\s+100\.0%\s+1\s+2\s+0\s+1\s+66\.7%/);
  assert.match(text, /财政\s+2\s+2\s+2\s+100\.0%\s+1/, 'the category row');
  assert.match(text, /未分类\s+2\s+0\s+0\s+—\s+1/, 'no category is printed 未分类');
  assert.match(text, /合计\s+8\s+/);
  assert.match(text, /第 ?1 ?页/);
  const term = sql('SELECT term_id FROM suggestions LIMIT 1');
  assert.match(await pdfText(`/api/suggestions/report.pdf?term_id=${term}`), /县交通运输局\s+3\s+2/);
  assert.equal((await new Client(server.url).req('GET', '/api/suggestions/report.pdf')).status, 401);
  assert.equal((await lead1.req('GET', '/api/suggestions/report.pdf')).status, 403);
  assert.equal((await staff.req('GET', '/api/suggestions/report.pdf?term_id=0')).json.error.field, 'term_id');
});

test('PUT /api/units/{id}: rename and reminder address; refusals named by field; audited', async () => {
  const put = (c, id, body) => c.req('PUT', `/api/units/${id}`, body);
  const refused = async (r, status, field) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.error.field, field, r.text);
  };
  const r = ok(await put(staff, units.r3, { name: '县民政局（县老龄办）', email: 'mzj@county.gov.cn' }));
  assert.deepEqual(r.unit, { id: units.r3, name: '县民政局（县老龄办）', email: 'mzj@county.gov.cn', has_account: false });
  const list = ok(await staff.req('GET', '/api/units')).units;
  assert.deepEqual(list.find((u) => u.id === units.r3), r.unit);
  const rep = ok(await staff.req('GET', '/api/suggestions/report'));
  assert.equal(rep.units.find((u) => u.unit_id === units.r3).name, '县民政局（县老龄办）', 'the report follows the new name');
  // Same name again, address cleared: allowed.
  assert.equal(ok(await put(staff, units.r3, { name: '县民政局（县老龄办）', email: '' })).unit.email, '');

  await refused(await put(staff, units.r3, { name: '', email: '' }), 400, 'name');
  await refused(await put(staff, units.r3, { name: '   ', email: '' }), 400, 'name');
  await refused(await put(staff, units.r3, { name: '县'.repeat(65), email: '' }), 400, 'name');
  await refused(await put(staff, units.r3, { email: '' }), 400, 'name');
  await refused(await put(staff, units.r3, { name: '县财政局', email: '' }), 409, 'name');
  await refused(await put(staff, units.r3, { name: '县民政局' }), 400, 'email');
  await refused(await put(staff, units.r3, { name: '县民政局', email: 'not an address' }), 400, 'email');
  await refused(await put(staff, units.r3, { name: '县民政局', email: 'a@b.cn\r\nBcc: x@y.cn' }), 400, 'email');
  await refused(await put(staff, units.r3, { name: '县民政局', email: 'a@b.cn', user_id: 3 }), 400, 'user_id');
  await refused(await put(staff, units.r3, { name: '县民政局', email: 7 }), 400, 'email');
  const missing = await put(staff, 999999, { name: '县水利局', email: '' });
  assert.equal(missing.status, 404, missing.text);
  assert.equal((await put(new Client(server.url), units.r3, { name: 'x', email: '' })).status, 401);
  assert.equal((await put(lead1, units.r1, { name: '县交通局', email: '' })).status, 403, 'a unit cannot rename itself');
  assert.equal(ok(await staff.req('GET', '/api/units')).units.find((u) => u.id === units.r3).name, '县民政局（县老龄办）', 'refusals changed nothing');

  const log = ok(await staff.req('GET', '/api/audit?limit=500')).entries.filter((e) => e.action === 'unit.update');
  assert.equal(log.length, 2, 'one entry per change, none for a refusal');
  const first = log.find((e) => e.detail.email === 'mzj@county.gov.cn');
  assert.equal(first.subject, `unit:${units.r3}`);
  assert.deepEqual(first.detail, { name: '县民政局（县老龄办）', email: 'mzj@county.gov.cn', name_before: '县民政局', email_before: '' });
});
