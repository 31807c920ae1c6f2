// Suggestions from submission to a rated answer: every step of the table,
// deadlines from the rules, and every refusal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, d1, d2, d3, lead, other;

// today in Asia/Shanghai, plus n months clamped to the month's end (RULES §5)
function shanghaiToday() {
  const t = new Date(Date.now() + 8 * 3600 * 1000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function plusMonths({ y, m, d }, n) {
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12), nm = total % 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  const pad = (x) => String(x).padStart(2, '0');
  return `${ny}-${pad(nm)}-${pad(Math.min(d, last))}`;
}

test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  for (const [name, username] of [['县交通运输局', 'jtj'], ['县财政局', 'czj']]) {
    const r = await staff.req('POST', '/api/units', { name, username, password: 'password1' });
    assert.equal(r.status, 201, r.text);
  }
  lead = new Client(server.url);
  await lead.login('jtj', 'password1');
  other = new Client(server.url);
  await other.login('czj', 'password1');
  d1 = new Client(server.url);
  await d1.login('daibiao01');
  d2 = new Client(server.url);
  await d2.login('daibiao02');
  d3 = new Client(server.url);
  await d3.login('daibiao03');
});
test.after(async () => { await server.stop(); server.cleanup(); });

async function units() {
  return Object.fromEntries((await staff.req('GET', '/api/units')).json.units.map((u) => [u.name, u.id]));
}

async function submit(title = '关于改善乡村道路的建议') {
  const r = await d1.req('POST', '/api/suggestions', { title, content: '建议对城关镇至河口镇道路进行维修。', category: '交通' });
  assert.equal(r.status, 201, r.text);
  return r.json.suggestion;
}

test('the whole life: assign, extension, reply, a dissatisfied rating, rehandling, closed', async () => {
  const u = await units();
  const s = await submit();
  const S = `/api/suggestions/${s.id}`;
  assert.equal(s.state, 'submitted');
  assert.equal((await d2.req('POST', `${S}/cosign`)).status, 200);
  assert.equal((await d2.req('POST', `${S}/cosign`)).status, 409, 'co-signs once');
  assert.equal((await lead.req('GET', S)).status, 403, 'not the unit\'s before assignment');
  const peek = await d3.req('GET', S);
  assert.equal(peek.status, 200, 'a delegate of the congress may read a submitted item to co-sign it');
  assert.equal(peek.json.viewer.reader, true);
  assert.equal(peek.json.viewer.delegate_id, null);

  let r = await staff.req('POST', `${S}/assign`, { lead_unit_id: u['县交通运输局'], assisting_unit_ids: [u['县财政局']] });
  assert.equal(r.status, 200, r.text);
  const today = shanghaiToday();
  assert.equal(r.json.suggestion.state, 'assigned');
  assert.equal(r.json.suggestion.due_on, plusMonths(today, 3), 'DL 51(2): 3 months');
  assert.equal((await d3.req('GET', S)).status, 403, 'not another delegate\'s once assigned');
  assert.equal((await other.req('POST', `${S}/reply`, { category: 'solved', content: 'x', signed_by: '某' })).status, 403, 'only the lead unit replies');
  r = await lead.req('POST', `${S}/extension`, { reason: '涉及多个部门，需统筹' });
  assert.equal(r.status, 200);
  assert.equal(r.json.suggestion.extension_requested, true);
  assert.equal((await lead.req('POST', `${S}/extension-decision`, { approve: true })).status, 403, 'the office decides');
  r = await staff.req('POST', `${S}/extension-decision`, { approve: true });
  assert.equal(r.status, 200);
  assert.equal(r.json.suggestion.due_on, plusMonths(today, 6), 'up to 6 months when approved');

  r = await lead.req('POST', `${S}/reply`, { category: 'someday', content: '已列入计划', signed_by: '王局长' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'category');
  r = await lead.req('POST', `${S}/reply`, { category: 'planned', content: '已列入明年道路维修计划，预计2027年6月完成。', signed_by: '王局长' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.suggestion.state, 'replied');
  assert.equal(r.json.suggestion.round, 1);

  assert.equal((await lead.req('POST', `${S}/rate`, { rating: 'satisfied' })).status, 403, 'units do not rate');
  assert.equal((await d1.req('GET', S)).json.viewer.rated_this_round, false);
  r = await d1.req('POST', `${S}/rate`, { rating: 'satisfied' });
  assert.equal(r.json.suggestion.state, 'replied', 'waits for the co-signer');
  const v = (await d1.req('GET', S)).json.viewer;
  assert.deepEqual([v.rated_this_round, v.signer_role], [true, 'proposer']);
  assert.deepEqual((await lead.req('GET', S)).json.viewer.unit_role, 'lead');
  assert.equal((await d1.req('POST', `${S}/rate`, { rating: 'satisfied' })).status, 409, 'rates once');
  r = await d2.req('POST', `${S}/rate`, { rating: 'dissatisfied' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await d2.req('POST', `${S}/rate`, { rating: 'dissatisfied', reason: '时间太晚' });
  assert.equal(r.json.suggestion.state, 'rehandling');
  assert.equal(r.json.suggestion.due_on, plusMonths(today, 1), 'a new reply within a month');

  r = await lead.req('POST', `${S}/reply`, { category: 'solved', content: '已提前至今年完成。', signed_by: '王局长' });
  assert.equal(r.json.suggestion.round, 2);
  await d1.req('POST', `${S}/rate`, { rating: 'basically_satisfied' });
  r = await d2.req('POST', `${S}/rate`, { rating: 'satisfied' });
  assert.equal(r.json.suggestion.state, 'closed');
  assert.equal((await lead.req('POST', `${S}/reply`, { category: 'solved', content: 'x', signed_by: 'x' })).status, 409, 'closed is final');
  assert.equal((await staff.req('POST', `${S}/assign`, { lead_unit_id: u['县交通运输局'] })).status, 409);

  const view = (await d1.req('GET', S)).json;
  assert.deepEqual(view.timeline.map((e) => e.action), [
    'submit', 'cosign', 'assign', 'request_extension', 'approve_extension', 'reply', 'rate', 'rate_dissatisfied', 'reply', 'rate', 'rate_ok',
  ]);
  assert.deepEqual(view.replies.map((x) => [x.round, x.category, x.unit]), [[1, 'planned', '县交通运输局'], [2, 'solved', '县交通运输局']]);
  assert.equal(view.ratings.length, 4);
  assert.deepEqual(view.units.map((x) => [x.name, x.role]), [['县交通运输局', 'lead'], ['县财政局', 'assisting']]);
  const log = (await staff.req('GET', '/api/audit?limit=500')).json.entries;
  assert.ok(log.filter((e) => e.action === 'suggestion.step' && e.subject === `suggestion:${s.id}`).length >= 9);
});

test('a mis-assigned item goes back and is assigned again; inadmissible items are returned with a reason', async () => {
  const u = await units();
  const s = await submit('关于河道治理的建议');
  const S = `/api/suggestions/${s.id}`;
  await staff.req('POST', `${S}/assign`, { lead_unit_id: u['县交通运输局'] });
  let r = await lead.req('POST', `${S}/return`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await lead.req('POST', `${S}/return`, { reason: '河道治理属水利局职责' });
  assert.equal(r.json.suggestion.state, 'return_requested');
  assert.equal((await lead.req('POST', `${S}/reply`, { category: 'solved', content: 'x', signed_by: 'x' })).status, 409);
  r = await staff.req('POST', `${S}/return-decision`, { approve: true });
  assert.equal(r.json.suggestion.state, 'submitted');
  assert.equal(r.json.suggestion.lead_unit_id, null);
  assert.equal((await lead.req('GET', S)).status, 403, 'no longer the unit\'s');
  r = await staff.req('POST', `${S}/assign`, { lead_unit_id: u['县财政局'], assisting_unit_ids: [u['县财政局']] });
  assert.equal(r.status, 400, 'the lead cannot also assist');
  assert.equal((await staff.req('POST', `${S}/assign`, { lead_unit_id: u['县财政局'] })).status, 200);

  const bad = await submit('关于个人待遇问题');
  r = await staff.req('POST', `/api/suggestions/${bad.id}/reject`, {});
  assert.equal(r.status, 400);
  r = await staff.req('POST', `/api/suggestions/${bad.id}/reject`, { reason: '属个人事务，不作为代表建议办理' });
  assert.equal(r.json.suggestion.state, 'rejected');
  assert.equal((await staff.req('POST', `/api/suggestions/${bad.id}/assign`, { lead_unit_id: u['县财政局'] })).status, 409);
  assert.equal((await d1.req('POST', '/api/suggestions', { title: '', content: 'x' })).status, 400);
  assert.equal((await staff.req('POST', '/api/suggestions', { title: 't', content: 'c' })).status, 403, 'staff are not delegates');
});

test('lists by caller: the office sees all, a delegate their own, a unit its assigned', async () => {
  const all = (await staff.req('GET', '/api/suggestions')).json.suggestions.length;
  const mine = (await d1.req('GET', '/api/suggestions')).json.suggestions.length;
  const other3 = (await d3.req('GET', '/api/suggestions')).json.suggestions.length;
  const unit = (await lead.req('GET', '/api/suggestions')).json.suggestions.length;
  assert.ok(all >= 3);
  assert.equal(mine, all, 'd1 submitted them all');
  assert.equal(other3, 0);
  assert.equal(unit, 1, 'the traffic bureau keeps only the first');
});
