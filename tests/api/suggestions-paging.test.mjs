// The suggestions list a page at a time (GET /api/suggestions): page and
// per_page (50 by default, at most 200), the total, a page past the end,
// the bounds refused naming the field; the order of each view kept across
// pages (the office and a delegate newest first, a unit's inbox by due date
// with the closed ones last); the state and overdue filters with their
// totals; the per-state counts (by_state); and every role seeing only what
// it may on every page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let server, staff, d1, d2, d3, unitA, unitB;
const ids = { d1: [], d2: [], a: [], b: [], aAssisting: [] };

test.before(async () => {
  server = await startServer();
  staff = new Client(server.url);
  await staff.login('staff');
  const unitId = {};
  for (const [key, name, username] of [['a', '县住房和城乡建设局', 'zjj'], ['b', '县水利局', 'slj']]) {
    const r = await staff.req('POST', '/api/units', { name, username, password: 'password1' });
    assert.equal(r.status, 201, r.text);
    unitId[key] = r.json.unit.id;
  }
  unitA = new Client(server.url);
  await unitA.login('zjj', 'password1');
  unitB = new Client(server.url);
  await unitB.login('slj', 'password1');
  d1 = new Client(server.url);
  await d1.login('daibiao01');
  d2 = new Client(server.url);
  await d2.login('daibiao02');
  d3 = new Client(server.url);
  await d3.login('daibiao03');

  // d1 proposes 112 and d2 8; unit A leads 60 of d1's (6 of them with B
  // assisting), unit B leads 30 of d1's and all of d2's; the rest stay
  // submitted.
  for (let i = 0; i < 120; i++) {
    const who = i < 112 ? d1 : d2;
    const r = await who.req('POST', '/api/suggestions', { title: `关于第${i + 1}号事项的建议`, content: `第${i + 1}号建议的内容。`, category: '城建' });
    assert.equal(r.status, 201, r.text);
    (i < 112 ? ids.d1 : ids.d2).push(r.json.suggestion.id);
  }
  const assign = async (id, lead, assisting = []) => {
    const r = await staff.req('POST', `/api/suggestions/${id}/assign`, { lead_unit_id: lead, assisting_unit_ids: assisting });
    assert.equal(r.status, 200, r.text);
  };
  for (const [i, id] of ids.d1.entries()) {
    if (i < 60) {
      await assign(id, unitId.a, i % 10 === 0 ? [unitId.b] : []);
      ids.a.push(id);
      if (i % 10 === 0) ids.b.push(id);
    } else if (i < 90) {
      await assign(id, unitId.b);
      ids.b.push(id);
    }
  }
  for (const id of ids.d2) {
    await assign(id, unitId.b);
    ids.b.push(id);
  }
  // A few of unit B's become different: two replied (no reply due), one of
  // them rated and so closed; one with an extension (due 3 months later).
  const [replied, closed, extended] = ids.d1.slice(60, 63);
  for (const id of [replied, closed]) {
    const r = await unitB.req('POST', `/api/suggestions/${id}/reply`, { category: 'solved', content: '已解决。', signed_by: '某某' });
    assert.equal(r.status, 200, r.text);
  }
  let r = await d1.req('POST', `/api/suggestions/${closed}/rate`, { rating: 'satisfied' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.suggestion.state, 'closed');
  r = await unitB.req('POST', `/api/suggestions/${extended}/extension`, { reason: '涉及多个部门' });
  assert.equal(r.status, 200, r.text);
  r = await staff.req('POST', `/api/suggestions/${extended}/extension-decision`, { approve: true });
  assert.equal(r.status, 200, r.text);
  Object.assign(ids, { replied, closed, extended });
});
test.after(async () => { await server.stop(); server.cleanup(); });

async function list(client, query = '') {
  const r = await client.req('GET', `/api/suggestions${query ? `?${query}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** Every page of a list, per_page at a time: the ids in order and the totals seen. */
async function walk(client, perPage, extra = '') {
  const out = [];
  const totals = new Set();
  for (let page = 1; ; page++) {
    const j = await list(client, `page=${page}&per_page=${perPage}${extra}`);
    assert.equal(j.page, page);
    assert.equal(j.per_page, perPage);
    totals.add(j.total);
    out.push(...j.suggestions.map((s) => s.id));
    if (j.suggestions.length < perPage) break;
  }
  assert.equal(totals.size, 1, 'the same total on every page');
  const [total] = totals;
  assert.equal(out.length, total, 'the pages hold the total');
  assert.equal(new Set(out).size, out.length, 'no item on two pages');
  return out;
}

const sorted = (xs, by) => xs.slice().sort(by);
const desc = (a, b) => b - a;

test('the default page: 50 items, page 1, and the total of all', async () => {
  const j = await list(staff);
  assert.equal(j.page, 1);
  assert.equal(j.per_page, 50);
  assert.equal(j.suggestions.length, 50);
  assert.ok(j.total >= 120, `total ${j.total}`);
  const ids50 = j.suggestions.map((s) => s.id);
  assert.deepEqual(ids50, sorted(ids50, desc), 'newest first');
  assert.equal(ids50[0], ids.d2.at(-1), 'the newest first');
  for (const k of ['title', 'state', 'due_on', 'lead_unit_id']) assert.ok(k in j.suggestions[0], k);
});

test('page 2 follows page 1; the last page is partial; a page past the end is empty with the same total', async () => {
  const p1 = await list(staff, 'per_page=50');
  const p2 = await list(staff, 'page=2&per_page=50');
  assert.equal(p2.page, 2);
  assert.equal(p2.total, p1.total);
  assert.equal(p2.suggestions.length, 50);
  const both = [...p1.suggestions, ...p2.suggestions].map((s) => s.id);
  assert.deepEqual(both, sorted(both, desc), 'page 2 goes on where page 1 stopped');
  assert.equal(new Set(both).size, 100);

  const last = Math.ceil(p1.total / 50);
  const pl = await list(staff, `page=${last}&per_page=50`);
  assert.equal(pl.suggestions.length, p1.total - 50 * (last - 1));
  assert.ok(pl.suggestions.length < 50, 'partial');
  assert.equal(pl.total, p1.total);

  for (const page of [last + 1, 1000]) {
    const past = await list(staff, `page=${page}&per_page=50`);
    assert.deepEqual(past.suggestions, []);
    assert.equal(past.total, p1.total);
    assert.equal(past.page, page);
  }
  const all = await list(staff, 'per_page=200');
  assert.equal(all.suggestions.length, Math.min(200, p1.total));
  assert.equal(all.total, p1.total);
});

test('page and per_page out of bounds, or not numbers, are refused naming the field', async () => {
  for (const [q, field] of [
    ['per_page=0', 'per_page'], ['per_page=201', 'per_page'], ['per_page=-5', 'per_page'],
    ['per_page=abc', 'per_page'], ['per_page=', 'per_page'], ['per_page=1.5', 'per_page'],
    ['page=0', 'page'], ['page=x', 'page'], ['page=1000001', 'page'],
    ['state=lost', 'state'], ['overdue=yes', 'overdue'], ['today=2026-13-01', 'today'],
    ['today=yesterday', 'today'], ['sort=id', 'sort'],
  ]) {
    for (const who of [staff, d1, unitA]) {
      const r = await who.req('GET', `/api/suggestions?${q}`);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
      assert.equal(r.json.error.field, field, `${q}: ${r.text}`);
      assert.equal(typeof r.json.error.message, 'string');
    }
  }
  assert.equal((await staff.req('GET', '/api/suggestions?per_page=1')).json.suggestions.length, 1);
  assert.equal((await staff.req('GET', '/api/suggestions?per_page=200')).status, 200);
});

test('each role, on every page, sees only what it may', async () => {
  const all = await walk(staff, 17);
  assert.deepEqual(all, sorted(all, desc), 'the office: newest first across pages');
  for (const id of [...ids.d1, ...ids.d2]) assert.ok(all.includes(id));

  const mine = await walk(d1, 25);
  assert.deepEqual(mine, sorted(ids.d1, desc), 'd1: exactly their own, newest first');
  assert.deepEqual(await walk(d2, 3), sorted(ids.d2, desc), 'd2: exactly their own');
  const none = await list(d3);
  assert.deepEqual(none.suggestions, []);
  assert.equal(none.total, 0);
  assert.deepEqual(none.by_state, {});

  const a = await walk(unitA, 7);
  assert.deepEqual(sorted(a, desc), sorted(ids.a, desc), 'unit A: its 60 and nothing of B\'s');
  const b = await walk(unitB, 9);
  assert.deepEqual(sorted(b, desc), sorted(ids.b, desc), 'unit B: the ones it leads and assists');
  assert.ok(!b.some((id) => ids.a.includes(id) && !ids.b.includes(id)), 'never one of A\'s alone');
  assert.equal((await list(unitA, 'page=2&per_page=50')).total, 60);
});

test('the inbox keeps its order across pages: by due date, then no reply due, then closed', async () => {
  const items = [];
  for (let page = 1; ; page++) {
    const j = await list(unitB, `page=${page}&per_page=10`);
    items.push(...j.suggestions);
    if (j.suggestions.length < 10) break;
  }
  const group = (s) => (s.state === 'closed' ? 2 : s.due_on ? 0 : 1);
  const want = items.slice().sort((x, y) => group(x) - group(y)
    || (group(x) === 0 ? (x.due_on < y.due_on ? -1 : x.due_on > y.due_on ? 1 : x.id - y.id) : y.id - x.id));
  assert.deepEqual(items.map((s) => s.id), want.map((s) => s.id));
  assert.equal(items.at(-1).id, ids.closed, 'the closed one last');
  assert.equal(items.at(-2).id, ids.replied, 'the replied one (no reply due) before it');
  assert.equal(items.at(-3).id, ids.extended, 'the extended one due last');
  assert.ok(items.slice(0, -3).every((s) => s.due_on && s.due_on < items.at(-3).due_on));
});

test('state and overdue filter the list, its total and pages; by_state counts the whole set', async () => {
  const j = await list(staff, 'state=submitted&per_page=5');
  assert.ok(j.suggestions.every((s) => s.state === 'submitted'));
  assert.equal(j.total, j.by_state.submitted.count);
  assert.ok(j.total >= 22, 'd1\'s 22 unassigned');
  const sub = await walk(staff, 5, '&state=submitted');
  assert.equal(sub.length, j.total);

  const b = await list(unitB);
  assert.deepEqual(Object.keys(b.by_state).sort(), ['assigned', 'closed', 'replied']);
  assert.equal(b.by_state.closed.count, 1);
  assert.equal(b.by_state.replied.count, 1);
  assert.equal(b.by_state.assigned.count, ids.b.length - 2);
  assert.equal(b.total, ids.b.length);
  assert.equal(b.by_state.assigned.overdue, 0, 'nothing overdue today');
  assert.equal(b.by_state.assigned.due_soon, 0, 'nothing due within 15 days of today');

  // The page's today may differ from the server's (the marks it draws use
  // its own): a day after the usual due date all but the extended one are
  // overdue, and the overdue filter gives exactly those; 15 days before
  // it they are all due soon.
  const items = [];
  for (let page = 1; ; page++) {
    const p = await list(unitB, `page=${page}&per_page=50`);
    items.push(...p.suggestions);
    if (p.suggestions.length < 50) break;
  }
  const due = items.find((s) => s.id !== ids.extended && s.due_on).due_on;
  const usual = items.filter((s) => s.due_on === due).map((s) => s.id);
  assert.equal(usual.length, ids.b.length - 3, 'assigned the same day');
  const day = (ymd, n) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
  const later = await list(unitB, `today=${day(due, 1)}`);
  assert.equal(later.by_state.assigned.overdue, usual.length);
  assert.equal(later.by_state.assigned.due_soon, 0);
  assert.equal(later.by_state.closed.overdue, 0);
  assert.equal(later.total, ids.b.length, 'today alone filters nothing');
  const late = await walk(unitB, 8, `&overdue=true&today=${day(due, 1)}`);
  assert.deepEqual(sorted(late, desc), sorted(usual, desc));
  assert.equal((await list(unitB, `overdue=false&today=${day(due, 1)}`)).total, ids.b.length);
  assert.equal((await list(unitB, `overdue=true&today=${due}`)).total, 0, 'due today is not overdue');
  for (const [n, soon] of [[-15, usual.length], [-16, 0], [0, usual.length]]) {
    const j = await list(unitB, `today=${day(due, n)}`);
    assert.equal(j.by_state.assigned.due_soon, soon, `${n} days from the due date`);
    assert.equal(j.by_state.assigned.overdue, 0);
  }
  // The office's overdue filter with a state.
  const office = await list(staff, `overdue=true&state=assigned&today=${day(due, 1)}&per_page=200`);
  assert.ok(office.suggestions.every((s) => s.state === 'assigned' && s.due_on && s.due_on <= due));
  assert.equal(office.total, office.by_state.assigned.overdue);
});
