// The delegate's device learns of an open election round from /api/me/floor.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

test('me/floor names the open round and whether the delegate has voted', async () => {
  const server = await startServer();
  try {
    const staff = new Client(server.url);
    await staff.login('staff');
    const term = (await staff.req('POST', '/api/terms', { number: 40, name: '第40届' })).json.term;
    const session = (await staff.req('POST', '/api/sessions', { term_id: term.id, number: 1, name: '会议' })).json.session;
    const plenary = (await staff.req('POST', `/api/sessions/${session.id}/plenaries`, { number: 1, title: '选举' })).json.plenary;
    const d = (await staff.req('POST', `/api/terms/${term.id}/delegates`, { name: '代表', gender: '女' })).json.delegate;
    await staff.req('POST', `/api/delegates/${d.id}/account`, { username: 'dev40', password: 'password1' });
    const dev = new Client(server.url);
    await dev.login('dev40', 'password1');
    await staff.req('POST', `/api/plenaries/${plenary.id}/open`);
    await dev.req('POST', `/api/plenaries/${plenary.id}/checkin`);
    const e = (await staff.req('POST', `/api/sessions/${session.id}/elections`, { title: '县长', office: 'head', seats: 1 })).json.election;
    await staff.req('POST', `/api/elections/${e.id}/candidates`, { name: '赵一', nominated_by: 'presidium' });
    const round = (await staff.req('POST', `/api/elections/${e.id}/rounds`, { plenary_id: plenary.id })).json.round;
    assert.equal((await dev.req('GET', '/api/me/floor')).json.round, null, 'a draft round is not shown');
    await staff.req('POST', `/api/rounds/${round.id}/open`);
    let me = (await dev.req('GET', '/api/me/floor')).json;
    assert.deepEqual(me.round, { round_id: round.id, election_id: e.id, title: '县长', i_voted: false });
    assert.equal((await dev.req('POST', `/api/rounds/${round.id}/ballot`, { yes: ['赵一'] })).status, 200);
    me = (await dev.req('GET', '/api/me/floor')).json;
    assert.equal(me.round.i_voted, true);
  } finally { await server.stop(); server.cleanup(); }
});
