// The roll in and out of files, delegate cards and the vote record as PDFs.
// PDFs are checked by turning them back into text with pdftotext.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client } from '../lib/server.mjs';

let server, staff;
const work = mkdtempSync(join(tmpdir(), 'renda-io-'));
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); rmSync(work, { recursive: true, force: true }); });

async function newTerm(number) {
  return (await staff.req('POST', '/api/terms', { number, name: `第${number}届` })).json.term;
}

async function upload(path, body, type) {
  const r = await fetch(server.url + path, {
    method: 'POST', body,
    headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': type },
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function download(path) {
  const r = await fetch(server.url + path, { headers: { cookie: staff.cookie } });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

function pdfText(bytes) {
  const f = join(work, `x${Math.random()}.pdf`);
  writeFileSync(f, bytes);
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
}

const CSV = '\ufeff姓名,性别,民族,出生日期,代表团,座位号,工作单位及职务\r\n' +
  '张三,男,汉族,1970-01-31,城关镇代表团,1排1座,农民\r\n' +
  '"李,四",女,回族,,河口镇代表团,1排2座,"教师，县一中"\r\n' +
  '欧阳明,男,汉族,1980-12-01,城关镇代表团,1排3座,医生\r\n';

test('a CSV roll with BOM imports, creating its delegations', async () => {
  const term = await newTerm(60);
  const r = await upload(`/api/terms/${term.id}/delegates/import`, CSV, 'text/csv');
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual(r.json, { imported: 3, delegations_created: 2 });
  const roll = (await staff.req('GET', `/api/terms/${term.id}/delegates`)).json.delegates;
  assert.deepEqual(roll.map((d) => [d.name, d.gender, d.delegation, d.seat]), [
    ['张三', 'male', '城关镇代表团', '1排1座'], ['欧阳明', 'male', '城关镇代表团', '1排3座'], ['李,四', 'female', '河口镇代表团', '1排2座'],
  ]);
  assert.equal(roll.find((d) => d.name === '李,四').occupation, '教师，县一中');
});

test('a GB18030 CSV (Excel on Chinese Windows) imports the same', async () => {
  const term = await newTerm(61);
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: CSV.slice(1) });
  assert.notDeepEqual(gb, Buffer.from(CSV.slice(1)), 'really not UTF-8');
  const r = await upload(`/api/terms/${term.id}/delegates/import`, gb, 'text/csv');
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const names = (await staff.req('GET', `/api/terms/${term.id}/delegates`)).json.delegates.map((d) => d.name).sort();
  assert.deepEqual(names, ['张三', '李,四', '欧阳明'].sort());
});

test('every bad row is reported by line and field, and nothing is imported', async () => {
  const term = await newTerm(62);
  await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: '已有', gender: '男', seat: '9排9座' });
  const bad = '姓名,性别,出生日期,座位号\n' +
    '好人,男,1970-01-01,1排1座\n' +
    ',男,,1排2座\n' +                 // line 3: no name
    '某某,未知,,1排3座\n' +            // line 4: gender
    '某甲,女,1970-13-01,1排4座\n' +    // line 5: birth date
    '某乙,女,,1排1座\n' +              // line 6: seat twice in the file
    '某丙,男,,9排9座\n';               // line 7: seat taken in the roll
  const r = await upload(`/api/terms/${term.id}/delegates/import`, bad, 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'invalid');
  assert.equal(r.json.error.field, 'rows');
  assert.deepEqual(r.json.error.rows.map((e) => [e.line, e.field]), [
    [3, 'name'], [4, 'gender'], [5, 'birth_date'], [6, 'seat'], [7, 'seat'],
  ]);
  const roll = (await staff.req('GET', `/api/terms/${term.id}/delegates`)).json.delegates;
  assert.deepEqual(roll.map((d) => d.name), ['已有'], 'not even the good row');
  const noHeader = await upload(`/api/terms/${term.id}/delegates/import`, '张三,男\n', 'text/csv');
  assert.equal(noHeader.status, 400);
  assert.equal(noHeader.json.error.field, 'file');
  const junk = await upload(`/api/terms/${term.id}/delegates/import`, 'PK\x03\x04garbage', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(junk.status, 400);
  assert.equal(junk.json.error.field, 'file');
  const wrongType = await upload(`/api/terms/${term.id}/delegates/import`, CSV, 'application/json');
  assert.equal(wrongType.status, 400);
  assert.equal(wrongType.json.error.field, 'Content-Type');
});

test('export to XLSX and import it into another term: the same roll', async () => {
  const x = await download('/api/terms/1/delegates/export');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /filename\*=UTF-8''%E4%BB%A3/);
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK');
  const term = await newTerm(63);
  const r = await upload(`/api/terms/${term.id}/delegates/import`, x.bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.imported, 200);
  const a = (await staff.req('GET', '/api/terms/1/delegates')).json.delegates;
  const b = (await staff.req('GET', `/api/terms/${term.id}/delegates`)).json.delegates;
  const key = (d) => [d.name, d.gender, d.ethnicity, d.birth_date, d.party, d.occupation, d.delegation, d.seat].join('|');
  assert.deepEqual(b.map(key).sort(), a.map(key).sort());
});

test('export to CSV starts with a UTF-8 BOM for Excel', async () => {
  const c = await download('/api/terms/1/delegates/export?format=csv');
  assert.equal(c.status, 200);
  assert.deepEqual([...c.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = c.bytes.toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(lines[0], '姓名,性别,民族,出生日期,党派,工作单位及职务,代表团,选区,座位号,状态');
  assert.equal(lines.length, 201);
  assert.equal((await download('/api/terms/1/delegates/export?format=pdf')).status, 400);
});

test('delegate cards: a PDF with each name and check-in code', async () => {
  const dg = (await staff.req('GET', '/api/terms/1/delegations')).json.delegations[0];
  const r = await download(`/api/terms/1/cards.pdf?delegation_id=${dg.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(r.bytes);
  assert.match(text, /代\s*表\s*证/);
  assert.match(text, /李建国/);
  assert.match(text, /DEMO0001/);
  assert.doesNotMatch(text, /张桂英/, 'another delegation');
  const d = new Client(server.url);
  await d.login('daibiao01');
  assert.equal((await d.req('GET', '/api/terms/1/cards.pdf')).status, 403);
});

test('the record of a vote: numbers and verdict as decided, for officers after close', async () => {
  const P = '/api/plenaries/1';
  await staff.req('POST', `${P}/open`);
  for (let i = 1; i <= 140; i++) {
    const r = await staff.req('POST', `${P}/checkin/desk`, { card_code: `DEMO${String(i).padStart(4, '0')}` });
    assert.equal(r.status, 200, r.text);
  }
  const poll = (await staff.req('POST', `${P}/polls`, { title: '关于测试的决议（草案）' })).json.poll;
  assert.equal((await download(`/api/polls/${poll.id}/record.pdf`)).status, 409, 'not closed yet');
  await staff.req('POST', `/api/polls/${poll.id}/open`);
  const zhuxi = new Client(server.url);
  await zhuxi.login('zhuxi');
  assert.equal((await zhuxi.req('POST', `/api/polls/${poll.id}/vote`, { choice: 'yes' })).status, 200);
  await staff.req('POST', `/api/polls/${poll.id}/close`);
  const d = new Client(server.url);
  await d.login('daibiao01');
  assert.equal((await d.req('GET', `/api/polls/${poll.id}/record.pdf`)).status, 409, 'delegates wait for the release');
  const r = await download(`/api/polls/${poll.id}/record.pdf`);
  assert.equal(r.status, 200);
  const text = pdfText(r.bytes);
  assert.match(text, /表\s*决\s*结\s*果/);
  assert.match(text, /关于测试的决议（草案）/);
  assert.match(text, /199/);
  assert.match(text, /140/);
  assert.match(text, /100/, 'votes needed: more than half of 199');
  assert.match(text, /未通过/);
  assert.match(text, /李建国/, 'named vote: the list');
});
