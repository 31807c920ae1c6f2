// The two printed documents of an election round (issue 5): the ballot
// (选票) and the announcement (公告). PDFs are read back with pdftotext and
// pdfinfo; each PDF and a PNG of its page 1 are also left in build/check/
// for a person to look at.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, Client } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'renda-epdf-'));
let server, staff;
test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
});
test.after(async () => { await server.stop(); server.cleanup(); rmSync(work, { recursive: true, force: true }); });

async function get(path, client) {
  const headers = client && client.cookie ? { cookie: client.cookie } : {};
  const r = await fetch(server.url + path, { headers });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

function save(bytes, name) {
  const f = join(work, name);
  writeFileSync(f, bytes);
  return f;
}
const pdfText = (f) => execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
const flat = (s) => s.replace(/\s+/g, '');
const pages = (f) => Number(execFileSync('pdfinfo', [f], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1]);

// Page 1 as a PNG in build/check/ for a person to look at.
function shoot(f, name) {
  const dir = join(root, 'build', 'check');
  try {
    mkdirSync(dir, { recursive: true });
    copyFileSync(f, join(dir, `${name}.pdf`));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', f, join(dir, name)]);
  } catch { /* only an aid for the eye */ }
}

async function congress(n, termNumber) {
  const term = (await staff.req('POST', '/api/terms', { number: termNumber, name: `第${termNumber}届` })).json.term;
  const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 2, name: '第二次会议' })).json.session;
  const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举大会' })).json.plenary;
  const delegates = [];
  for (let i = 0; i < n; i++) {
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: `代表${i + 1}`, gender: '男' })).json.delegate;
    const username = `p${termNumber}v${i + 1}`;
    assert.equal((await staff.req('POST', `/api/delegates/${d.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(server.url);
    await c.login(username, 'password1');
    delegates.push({ ...d, c });
  }
  await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
  for (const d of delegates) assert.equal((await d.c.req('POST', `/api/plenaries/${plenary.id}/checkin`)).status, 200);
  return { term, session, plenary, delegates };
}

const RULES = [
  '对候选人赞成的，在其姓名下方空格内画“○”；反对的，画“×”；弃权的，不画任何符号。',
  '如另选他人，在“另选他人”栏内写上其姓名，并在其下方空格内画“○”。',
  '多于应选名额的作废。',
  '书写模糊无法辨认的，该部分无效。',
];

test('the ballot and the announcement of a round, as PDFs', async () => {
  const f = await congress(6, 80);
  let r = await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '副县长', office: 'vice', seats: 2 });
  assert.equal(r.status, 201, r.text);
  const election = r.json.election;
  for (const [name, by] of [['王五', 'presidium'], ['丁一', 'presidium'], ['欧阳明华', 'joint']]) {
    assert.equal((await staff.req('POST', `/api/elections/${election.id}/candidates`, { name, nominated_by: by })).status, 201);
  }
  const round = (await staff.req('POST', `/api/elections/${election.id}/rounds`, { plenary_id: f.plenary.id })).json.round;
  const R = `/api/rounds/${round.id}`;

  // The ballot: staff and presidium, in any state (here a draft).
  let b = await get(`${R}/ballot.pdf`, staff);
  assert.equal(b.status, 200);
  assert.match(b.type, /application\/pdf/);
  assert.equal(b.bytes.subarray(0, 4).toString(), '%PDF');
  const ballotFile = save(b.bytes, 'ballot.pdf');
  assert.equal(pages(ballotFile), 1, 'a 3-candidate ballot is one page');
  const bt = pdfText(ballotFile);
  const btf = flat(bt);
  assert.ok(btf.includes('示范县第十七届人民代表大会第二次会议'), 'the congress and session: ' + bt);
  assert.ok(btf.includes('副县长选票'), 'the title');
  for (const rule of RULES) assert.ok(btf.includes(flat(rule)), `the rule ${rule}`);
  assert.ok(btf.includes('应选名额2名'), 'rule 3 with the seats');
  assert.ok(btf.includes('应选2名'), '应选 N 名');
  // The names in the round's ballot order (surname strokes), on one line.
  const line = bt.split('\n').find((l) => l.includes('丁一'));
  assert.ok(line, 'a line of names');
  const order = round.names.map((n) => line.indexOf(n));
  assert.ok(order.every((i) => i >= 0), 'every candidate on the line: ' + line);
  assert.deepEqual([...order].sort((x, y) => x - y), order, 'in ballot order: ' + round.names.join(' '));
  assert.equal((bt.match(/另选他人/g) || []).length, 2 + 3, 'two 另选他人 columns (seats 2); the rules name it three times');
  shoot(ballotFile, 'ballot');

  // Refused to a delegate; the announcement is not out yet.
  assert.equal((await get(`${R}/ballot.pdf`, f.delegates[0].c)).status, 403);
  assert.equal((await get(`${R}/ballot.pdf`)).status, 401);
  assert.equal((await get(`/api/rounds/999999/ballot.pdf`, staff)).status, 404);
  assert.equal((await get(`${R}/announcement.pdf`)).status, 404, 'not announced yet');

  // Vote: 丁一 5, 王五 4, 欧阳明华 2, a write-in 赵六 1; one void (3 for 2).
  await staff.req('POST', `${R}/open`);
  const plan = [
    { yes: ['丁一', '王五'] }, { yes: ['丁一', '王五'] }, { yes: ['丁一', '王五'] },
    { yes: ['丁一', '欧阳明华'] }, { yes: ['丁一'], no: ['王五'], write_in: ['赵六'] },
    { yes: ['王五', '欧阳明华', '丁一'] },
  ];
  for (let i = 0; i < 6; i++) assert.equal((await f.delegates[i].c.req('POST', `${R}/ballot`, plan[i])).status, 200);
  const d = (await staff.req('POST', `${R}/close`)).json.round.decision;
  assert.deepEqual(d.ballots, { issued: 6, returned: 6, valid: 5, void: 1 });
  assert.equal(d.threshold, 4);
  assert.deepEqual(d.elected, ['丁一']);
  assert.equal(d.unfilled, 1, '王五 3 falls short of 4');
  assert.equal((await get(`${R}/announcement.pdf`, staff)).status, 404, 'closed is not announced');
  assert.equal((await staff.req('POST', `${R}/announce`)).status, 200);

  // The announcement: public.
  const a = await get(`${R}/announcement.pdf`);
  assert.equal(a.status, 200);
  assert.equal(a.bytes.subarray(0, 4).toString(), '%PDF');
  const annFile = save(a.bytes, 'announcement.pdf');
  assert.equal(pages(annFile), 1);
  const at = pdfText(annFile);
  const atf = flat(at);
  assert.ok(atf.includes('示范县第十七届人民代表大会第二次会议'), at);
  assert.ok(atf.includes('选举结果公告'));
  assert.ok(atf.includes('副县长'));
  assert.ok(atf.includes('发出选票6张，收回选票6张，其中有效票5张，无效票1张'), 'the ballot numbers');
  assert.ok(atf.includes('得票数超过全体代表的半数方能当选，即不少于4票'), 'the stored threshold');
  for (const row of d.results) {
    const l = at.split('\n').find((x) => x.includes(row.name));
    assert.ok(l, `${row.name} listed`);
    assert.match(l, new RegExp(`${row.name}${row.write_in ? '（另选）' : ''}\\s+${row.votes}\\s`), `${row.name} with ${row.votes} votes: ${l}`);
  }
  assert.ok(at.split('\n').find((x) => x.includes('赵六')).includes('另选'), 'the write-in is marked');
  assert.match(at.split('\n').find((x) => x.includes('丁一') && /\d/.test(x)), /当选/);
  assert.ok(atf.includes('丁一当选为副县长'));
  assert.ok(atf.includes('另行选举1名'), 'the unfilled seat');
  assert.ok(atf.includes('大会主席团') || atf.includes('第二次会议主席团'), 'the presidium');
  assert.match(atf, /\d{4}年\d{1,2}月\d{1,2}日/, 'the date');
  const signed = await fetch(`${server.url}${R}/announcement`).then((x) => x.json());
  assert.ok(atf.includes(signed.signature), 'the signature hex');
  assert.ok(atf.includes(JSON.parse(signed.announcement).public_key), 'the public key hex');
  assert.ok(at.includes('renda verify'));
  shoot(annFile, 'announcement');
});

test('a tie at the cut-off is announced as 需再次投票; twenty candidates still fit one ballot page', async () => {
  const f = await congress(6, 81);
  const e = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '常务委员会委员', office: 'member', seats: 2, margin_min_extra: 1, margin_max_extra: 1 })).json.election;
  for (const name of ['甲', '乙', '丙']) await staff.req('POST', `/api/elections/${e.id}/candidates`, { name, nominated_by: 'joint' });
  const round = (await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: f.plenary.id })).json.round;
  const R = `/api/rounds/${round.id}`;
  await staff.req('POST', `${R}/open`);
  const plan = [['甲', '乙'], ['甲', '乙'], ['甲', '丙'], ['甲', '丙'], ['乙', '丙'], ['乙', '丙']];
  for (let i = 0; i < 6; i++) await f.delegates[i].c.req('POST', `${R}/ballot`, { yes: plan[i] });
  await staff.req('POST', `${R}/close`);
  await staff.req('POST', `${R}/announce`);
  const a = await get(`${R}/announcement.pdf`);
  assert.equal(a.status, 200);
  const at = flat(pdfText(save(a.bytes, 'tie.pdf')));
  assert.ok(at.includes('需再次投票'), at);
  assert.ok(at.includes('乙、丙、甲得票相等'), at);

  // The presidium prints the tie vote's ballot.
  const tie = (await staff.req('POST', `${R}/next`, { kind: 'tie_vote' })).json.round;
  const pres = new Client(server.url);
  await staff.req('POST', '/api/users', { username: 'epdf-presidium', display_name: '主席团', password: 'presidium-pw-1', roles: ['presidium'] });
  await pres.login('epdf-presidium', 'presidium-pw-1');
  const tb = await get(`/api/rounds/${tie.id}/ballot.pdf`, pres);
  assert.equal(tb.status, 200);
  assert.ok(flat(pdfText(save(tb.bytes, 'tieballot.pdf'))).includes('（再次投票）'));

  // Twenty candidates, 3 seats: one page.
  const big = (await staff.req('POST', `/api/sessions/${f.session.id}/elections`, { title: '县人民代表大会专门委员会委员', office: 'other', seats: 3, margin_min_extra: 17, margin_max_extra: 17 })).json.election;
  const surnames = '丁王方石白冯任刘孙李杨吴张陈罗周郑赵胡徐';
  for (const s of surnames) {
    const r = await staff.req('POST', `/api/elections/${big.id}/candidates`, { name: `${s}建国`, nominated_by: 'joint' });
    assert.equal(r.status, 201, r.text);
  }
  const plenary2 = (await staff.req('POST', `/api/sessions/${f.session.id}/plenaries`, { number: 2, title: '第二次全体会议' })).json.plenary;
  const r = await staff.req('POST', `/api/elections/${big.id}/rounds`, { plenary_id: plenary2.id, mode: 'paper' });
  assert.equal(r.status, 201, r.text);
  const bb = await get(`/api/rounds/${r.json.round.id}/ballot.pdf`, staff);
  assert.equal(bb.status, 200);
  const bigFile = save(bb.bytes, 'big.pdf');
  const text = flat(pdfText(bigFile));
  for (const s of surnames) assert.ok(text.includes(`${s}建国`), `${s}建国 on the ballot`);
  assert.equal((text.match(/另选他人/g) || []).length, 3 + 3);
  assert.equal(pages(bigFile), 1, 'twenty candidates and three seats on one page');
  shoot(bigFile, 'ballot-big');
});
