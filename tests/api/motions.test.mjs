// Motions (议案, RULES §4, LOL art. 22): submission, co-signing on each
// delegate's own device, lodging at 10 sitting signers (9 is not enough),
// the deadline (late → handled as a suggestion), the presidium's decisions,
// attachments, withdrawal with consent — every path and every refusal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, zhuxi, outsider, suspended, sessionId, termId;
const d = []; // delegate clients of term 17: daibiao01..08, then extra accounts

const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

async function login(username, password) {
  const c = new Client(server.url);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `${username}: ${r.text}`);
  return c;
}

test.before(async () => {
  server = await startServer();
  staff = await login('staff');
  zhuxi = await login('zhuxi'); // presidium and a delegate
  const sessions = (await staff.req('GET', '/api/sessions')).json.sessions;
  sessionId = sessions[0].id;
  termId = sessions[0].term_id;
  for (let i = 1; i <= 8; i++) d.push(await login(`daibiao0${i}`));
  // The demo has 9 delegate accounts; the joint tests need more.
  const roll = (await staff.req('GET', `/api/terms/${termId}/delegates`)).json.delegates;
  const free = roll.filter((x) => x.status === 'sitting' && !x.has_account).slice(0, 8);
  for (const [k, x] of free.entries()) {
    const username = `extra${k + 10}`;
    const r = await staff.req('POST', `/api/delegates/${x.id}/account`, { username, password: 'password1' });
    assert.equal(r.status, 201, r.text);
    const c = await login(username, 'password1');
    c.delegateId = x.id;
    d.push(c);
  }
  const susp = roll.find((x) => x.status === 'suspended');
  assert.equal((await staff.req('POST', `/api/delegates/${susp.id}/account`, { username: 'tingzhi', password: 'password1' })).status, 201);
  suspended = await login('tingzhi', 'password1');
  // A delegate of another term: not a member of this one.
  const t = await staff.req('POST', '/api/terms', { number: 18, name: '示范县第十八届人民代表大会' });
  assert.equal(t.status, 201, t.text);
  const nd = await staff.req('POST', `/api/terms/${t.json.term.id}/delegates`, { name: '孙外届', gender: 'male' });
  assert.equal(nd.status, 201, nd.text);
  assert.equal((await staff.req('POST', `/api/delegates/${nd.json.delegate.id}/account`, { username: 'waijie', password: 'password1' })).status, 201);
  outsider = await login('waijie', 'password1');
  const r = await zhuxi.req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2099-12-31 17:00' });
  assert.equal(r.status, 200, r.text);
});
test.after(async () => { await server.stop(); server.cleanup(); });

const body = (over = {}) => ({
  session_id: sessionId,
  subject: '关于制定县城市容环境卫生管理办法的议案',
  grounds: '县城主要街道占道经营、乱堆乱放问题突出，现行规定分散，缺乏统一执法依据。',
  solution: '建议县人民政府起草市容环境卫生管理办法，提请县人大常委会审议。',
  category: '城乡建设',
  ...over,
});

async function submit(by = d[0], over = {}) {
  const r = await by.req('POST', '/api/motions', body(over));
  assert.equal(r.status, 201, r.text);
  return r.json.motion;
}

// Co-signers signers[0..n-1] sign motion m.
async function cosign(m, signers) {
  let r;
  for (const c of signers) {
    r = await c.req('POST', `/api/motions/${m.id}/cosign`);
    assert.equal(r.status, 200, r.text);
  }
  return r?.json.motion;
}

async function lodged(by = d[0]) {
  const m = await submit(by);
  await cosign(m, d.filter((c) => c !== by).slice(0, 9));
  const r = await by.req('POST', `/api/motions/${m.id}/lodge`);
  assert.equal(r.status, 200, r.text);
  return r.json.motion;
}

test('bad input is refused with 400 naming the field and changes nothing', async () => {
  const before = (await staff.req('GET', '/api/motions')).json.motions.length;
  const cases = [
    [{ subject: '   ' }, 'subject'],
    [{ subject: '\u3000\u3000' }, 'subject'],
    [{ grounds: '' }, 'grounds'],
    [{ solution: 'x'.repeat(1001) }, 'solution'],
    [{ session_id: 9999 }, 'session_id'],
    [{ session_id: 'one' }, 'session_id'],
    [{ category: 'x'.repeat(17) }, 'category'],
    [{ extra: 1 }, 'extra'],
  ];
  for (const [over, field] of cases) {
    const r = await d[0].req('POST', '/api/motions', body(over));
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.json.error.field, field);
  }
  const nogrounds = body();
  delete nogrounds.grounds;
  const r = await d[0].req('POST', '/api/motions', nogrounds);
  assert.equal(r.json.error.field, 'grounds');
  assert.equal((await staff.req('POST', '/api/motions', body())).status, 403, 'staff do not submit motions');
  assert.equal((await outsider.req('POST', '/api/motions', body())).status, 403, 'a delegate of another term');
  assert.equal((await suspended.req('POST', '/api/motions', body())).status, 403, 'a suspended delegate');
  let dl = await zhuxi.req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2099-13-01 10:00' });
  assert.equal(dl.status, 400);
  assert.equal(dl.json.error.field, 'deadline');
  dl = await zhuxi.req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2099-12-01 24:00' });
  assert.equal(dl.json.error.field, 'deadline');
  assert.equal((await d[0].req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2099-12-01 10:00' })).status, 403);
  assert.equal((await staff.req('GET', '/api/motions')).json.motions.length, before);
  assert.equal((await d[0].req('GET', `/api/sessions/${sessionId}/motion-deadline`)).json.deadline_at, '2099-12-31T09:00:00.000Z');
});

test('9 signers are not enough, 10 are; signing is once, by sitting delegates of the term', async () => {
  const m = await submit();
  const M = `/api/motions/${m.id}`;
  assert.equal(m.state, 'collecting');
  assert.equal(m.signers, 1);
  assert.equal(m.required, 10);

  let r = await outsider.req('POST', `${M}/cosign`);
  assert.equal(r.status, 403, 'not a member of the term');
  assert.equal((await outsider.req('GET', M)).status, 403);
  r = await suspended.req('POST', `${M}/cosign`);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'status');
  assert.equal((await staff.req('POST', `${M}/cosign`)).status, 403, 'staff are not delegates');

  // A co-signer reads it on their own device first.
  const peek = (await d[1].req('GET', M)).json;
  assert.equal(peek.viewer.can_sign, true);
  assert.equal(peek.viewer.signer_role, null);

  let mm = await cosign(m, d.slice(1, 9)); // 8 co-signers: 9 in all
  assert.equal(mm.signers, 9);
  r = await d[1].req('POST', `${M}/cosign`);
  assert.equal(r.status, 409, 'signing twice');
  r = await d[0].req('POST', `${M}/lodge`);
  assert.equal(r.status, 409, '9 signers');
  assert.equal(r.json.error.field, 'signers');
  assert.match(r.json.error.message, /10/);
  assert.equal((await d[0].req('GET', M)).json.motion.state, 'collecting', 'nothing changed');

  mm = await cosign(m, [d[9]]);
  assert.equal(mm.signers, 10);
  r = await d[1].req('POST', `${M}/lodge`);
  assert.equal(r.status, 403, 'only the proposer lodges');
  r = await d[0].req('POST', `${M}/lodge`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'lodged');
  assert.equal(r.json.motion.late, false);
  assert.ok(r.json.motion.lodged_at);
  assert.equal((await d[10].req('POST', `${M}/cosign`)).status, 409, 'no signing once lodged');

  const view = (await d[0].req('GET', M)).json;
  assert.equal(view.viewer.proposer, true);
  assert.equal(view.signers.length, 10);
  assert.equal(view.signers[0].role, 'proposer');
  assert.deepEqual(view.timeline.map((e) => e.action), ['submit', ...Array(9).fill('cosign'), 'lodge']);
  assert.equal(view.timeline.at(-1).actor, 'daibiao01');
});

test('a signer who is no longer sitting does not count', async () => {
  const m = await submit(d[2]);
  const signers = d.filter((c) => c !== d[2]).slice(0, 9);
  await cosign(m, signers);
  const gone = signers.find((c) => c.delegateId);
  let r = await staff.req('PUT', `/api/delegates/${gone.delegateId}/status`, { status: 'suspended', date: '2026-03-01', reason: '暂停执行代表职务' });
  assert.equal(r.status, 200, r.text);
  r = await d[2].req('POST', `/api/motions/${m.id}/lodge`);
  assert.equal(r.status, 409, '9 sitting of 10 signers');
  assert.equal(r.json.error.field, 'signers');
  assert.equal((await staff.req('PUT', `/api/delegates/${gone.delegateId}/status`, { status: 'sitting', date: '2026-03-02', reason: '恢复' })).status, 200);
  r = await d[2].req('POST', `/api/motions/${m.id}/lodge`);
  assert.equal(r.status, 200, r.text);
});

test('attachments: a PDF from the proposer, before the decision', async () => {
  const m = await lodged();
  const A = `/api/motions/${m.id}/attachments?title=${encodeURIComponent('调研报告')}`;
  let r = await d[1].req('POST', A, PDF, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 403, 'a co-signer does not attach');
  r = await d[0].req('POST', A, 'not a pdf', { 'content-type': 'application/pdf' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'body');
  r = await d[0].req('POST', `/api/motions/${m.id}/attachments`, PDF, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 400, 'title is required');
  r = await d[0].req('POST', A, PDF, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  const doc = r.json.document;
  const got = await d[5].req('GET', `/api/documents/${doc.id}`);
  assert.equal(got.status, 200);
  assert.ok(got.text.startsWith('%PDF-'));
  const view = (await d[3].req('GET', `/api/motions/${m.id}`)).json;
  assert.deepEqual(view.attachments.map((a) => a.title), ['调研报告']);
  await staff.req('POST', `/api/motions/${m.id}/decision`, { decision: 'agenda' });
  r = await d[0].req('POST', A, PDF, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 409, 'not after the decision');
});

test('the presidium refers, then puts on the agenda; withdrawal needs its consent; the vote', async () => {
  const m = await lodged();
  const M = `/api/motions/${m.id}`;
  let r = await d[0].req('POST', `${M}/decision`, { decision: 'agenda' });
  assert.equal(r.status, 403, 'delegates do not decide');
  r = await staff.req('POST', `${M}/decision`, { decision: 'later' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'decision');
  r = await staff.req('POST', `${M}/decision`, { decision: 'refer' });
  assert.equal(r.json.error.field, 'committee');
  r = await staff.req('POST', `${M}/decision`, { decision: 'agenda', committee: '法制委员会' });
  assert.equal(r.json.error.field, 'committee');
  r = await zhuxi.req('POST', `${M}/decision`, { decision: 'refer', committee: '法制委员会', reason: '先审议是否列入议程' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'referred');
  assert.equal(r.json.motion.committee, '法制委员会');
  assert.equal((await zhuxi.req('POST', `${M}/decision`, { decision: 'refer', committee: '财经委员会' })).status, 409, 'referred once');
  r = await zhuxi.req('POST', `${M}/decision`, { decision: 'agenda', reason: '法制委员会建议列入' });
  assert.equal(r.json.motion.state, 'on_agenda');

  // Withdrawal: asked by the proposer only, with a reason; it does not withdraw by itself.
  assert.equal((await d[1].req('POST', `${M}/withdraw`, { reason: '撤回' })).status, 403, 'a co-signer cannot');
  r = await d[0].req('POST', `${M}/withdraw`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await d[0].req('POST', `${M}/withdraw`, { reason: '有关问题已由县政府规章解决' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'on_agenda', 'without consent it is not withdrawn');
  assert.equal(r.json.motion.withdrawal_requested, true);
  assert.equal((await d[0].req('POST', `${M}/withdraw`, { reason: '再次' })).status, 409, 'asked once');
  assert.equal((await d[0].req('POST', `${M}/withdrawal-decision`, { approve: true })).status, 403, 'the proposer cannot consent');
  assert.equal((await zhuxi.req('POST', `${M}/put-to-vote`, {})).status, 409, 'decide the request first');
  r = await zhuxi.req('POST', `${M}/withdrawal-decision`, { approve: false, reason: '议案已列入议程，宜交付表决' });
  assert.equal(r.json.motion.state, 'on_agenda');
  assert.equal(r.json.motion.withdrawal_requested, false);
  assert.equal((await zhuxi.req('POST', `${M}/withdrawal-decision`, { approve: true })).status, 409, 'nothing asked');

  r = await zhuxi.req('POST', `${M}/put-to-vote`, { poll_id: 99999 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'poll_id');
  r = await zhuxi.req('POST', `${M}/put-to-vote`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'put_to_vote');
  r = await d[0].req('POST', `${M}/withdraw`, { reason: '表决前撤回' });
  assert.equal(r.status, 409, 'not after it was put to the vote');
  assert.equal(r.json.error.field, 'state');

  const view = (await d[0].req('GET', M)).json;
  assert.deepEqual(view.timeline.slice(-6).map((e) => e.action),
    ['lodge', 'refer', 'agenda', 'request_withdrawal', 'refuse_withdrawal', 'put_to_vote']);
  assert.equal(view.timeline.at(-3).note, '有关问题已由县政府规章解决');
  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries;
  const steps = log.filter((e) => e.action === 'motion.step' && e.subject === `motion:${m.id}`);
  assert.equal(steps.length, 9 + 1 + 5, 'every step audited');
  assert.ok(log.some((e) => e.action === 'motion.submit' && e.subject === `motion:${m.id}`));
});

test('withdrawal with consent, and a proposer dropping an unlodged motion', async () => {
  const m = await lodged(d[3]);
  let r = await d[3].req('POST', `/api/motions/${m.id}/withdraw`, { reason: '情况已变化' });
  assert.equal(r.json.motion.state, 'lodged');
  r = await staff.req('POST', `/api/motions/${m.id}/withdrawal-decision`, { approve: true, reason: '同意撤回' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'withdrawn');
  assert.equal((await staff.req('POST', `/api/motions/${m.id}/decision`, { decision: 'agenda' })).status, 409);

  const c = await submit(d[4]);
  assert.equal((await d[5].req('POST', `/api/motions/${c.id}/withdraw`, { reason: 'x' })).status, 403);
  r = await d[4].req('POST', `/api/motions/${c.id}/withdraw`, { reason: '联名人数不足，改提建议' });
  assert.equal(r.json.motion.state, 'withdrawn');
  assert.equal((await d[5].req('POST', `/api/motions/${c.id}/cosign`)).status, 409);
});

test('not on the agenda: handled as a suggestion, with its signers', async () => {
  const m = await lodged(d[1]);
  const M = `/api/motions/${m.id}`;
  let r = await zhuxi.req('POST', `${M}/decision`, { decision: 'suggestion' });
  assert.equal(r.status, 400, 'the reason is required');
  assert.equal(r.json.error.field, 'reason');
  r = await zhuxi.req('POST', `${M}/decision`, { decision: 'suggestion', reason: '不属于县人民代表大会职权范围' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'as_suggestion');
  const sid = r.json.motion.suggestion_id;
  assert.ok(sid);
  const s = (await staff.req('GET', `/api/suggestions/${sid}`)).json;
  assert.equal(s.suggestion.state, 'submitted');
  assert.equal(s.suggestion.title, m.subject);
  assert.match(s.suggestion.content, /案据：.*\n\n方案：/s);
  assert.equal(s.signers.length, 10);
  assert.equal(s.signers.filter((x) => x.role === 'proposer').length, 1);
  assert.match(s.timeline[0].note, new RegExp(`议案第${m.id}号`));
  // The proposer finds it among their suggestions.
  assert.ok((await d[1].req('GET', '/api/suggestions')).json.suggestions.some((x) => x.id === sid));
  assert.equal((await zhuxi.req('POST', `${M}/decision`, { decision: 'agenda' })).status, 409, 'final');
});

test('filed after the presidium\'s deadline: handled as a suggestion', async () => {
  const m = await submit(d[6]);
  await cosign(m, d.filter((c) => c !== d[6]).slice(0, 9));
  let r = await zhuxi.req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2020-03-05 12:00' });
  assert.equal(r.status, 200);
  assert.equal(r.json.past, true);
  r = await d[6].req('POST', `/api/motions/${m.id}/lodge`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.motion.state, 'as_suggestion');
  assert.equal(r.json.motion.late, true);
  assert.ok(r.json.motion.suggestion_id);
  const view = (await d[6].req('GET', `/api/motions/${m.id}`)).json;
  assert.equal(view.timeline.at(-1).action, 'lodge_late');
  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries;
  assert.ok(log.some((e) => e.action === 'motion.deadline'));
  assert.ok(log.some((e) => e.action === 'suggestion.submit' && e.subject === `suggestion:${r.json.motion.suggestion_id}`));
  await zhuxi.req('PUT', `/api/sessions/${sessionId}/motion-deadline`, { deadline: '2099-12-31 17:00' });
});

test('lists: officers see all; a delegate sees their own and those open to sign', async () => {
  const mine = await submit(d[7]);
  const all = (await staff.req('GET', `/api/motions?session_id=${sessionId}`)).json.motions;
  assert.ok(all.length >= 8);
  const theirs = (await d[8].req('GET', '/api/motions')).json.motions;
  assert.ok(theirs.some((x) => x.id === mine.id), 'collecting: open to sign');
  assert.ok(theirs.every((x) => x.state === 'collecting' || x.signers >= 1));
  assert.equal((await outsider.req('GET', '/api/motions')).json.motions.length, 0);
  const r = await staff.req('GET', '/api/motions?session_id=x');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'session_id');
});
