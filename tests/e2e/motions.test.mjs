// Browser test of a motion (议案, issue 6) in the UI: a delegate (daibiao01)
// submits it on the new-item page; nine other delegates co-sign it on their
// own devices (the first through the UI, the rest over the API, as they would
// on their phones); the proposer lodges it once ten have signed (9 is not
// enough: the lodge button answers with the rule); the presidium (zhuxi)
// decides to put it on the agenda, and the motion shows its new state and
// the timeline of every step. Extra delegate accounts are made over the API
// as in tests/api/motions.test.mjs (the demo has nine).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useBrowser, newPage, signedIn, waitText, SHOTS } from './browser.mjs';
import { Client } from '../lib/server.mjs';

const env = useBrowser();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a motion from submission to the presidium\'s decision, in the browser', async (t) => {
  const staff = env.staffApi;
  const sessions = (await staff.req('GET', '/api/sessions')).json.sessions;
  const session = sessions[0];
  const zhuxiApi = new Client(env.server.url);
  await zhuxiApi.login('zhuxi');
  const dl = await zhuxiApi.req('PUT', `/api/sessions/${session.id}/motion-deadline`, { deadline: '2099-12-31 17:00' });
  assert.equal(dl.status, 200, dl.text);
  // Co-signers: daibiao02..08 and accounts made for two more delegates.
  const cosigners = [];
  for (let i = 2; i <= 8; i++) {
    const c = new Client(env.server.url);
    assert.equal((await c.login(`daibiao0${i}`)).status, 200);
    cosigners.push(c);
  }
  const roll = (await staff.req('GET', `/api/terms/${session.term_id}/delegates`)).json.delegates;
  for (const [k, x] of roll.filter((d) => d.status === 'sitting' && !d.has_account).slice(0, 2).entries()) {
    const username = `yian${k}`;
    assert.equal((await staff.req('POST', `/api/delegates/${x.id}/account`, { username, password: 'password1' })).status, 201);
    const c = new Client(env.server.url);
    assert.equal((await c.login(username, 'password1')).status, 200);
    cosigners.push(c);
  }

  // The proposer submits on the new-item page.
  const page = await newPage(t, env.browser);
  await signedIn(page, env.server.url, 'daibiao01');
  await page.goto(env.server.url + '/motions/new');
  await page.locator('[data-test=page-motions-new]').waitFor();
  await page.locator('[data-test=new-session]').click();
  await page.locator('.el-select-dropdown__item', { hasText: session.name }).click();
  await page.locator('[data-test=new-subject]').fill('关于制定县城乡垃圾分类管理办法的议案');
  await page.locator('[data-test=new-grounds]').fill('县城和乡镇垃圾分类推进缓慢，缺乏统一的管理依据，群众反映强烈。');
  await page.locator('[data-test=new-solution]').fill('建议县人民政府起草城乡垃圾分类管理办法，提请县人大常委会审议。');
  await page.locator('[data-test=new-submit]').click();
  await page.waitForURL(/\/motions\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await waitText(page.locator('[data-test=motion-signers]'), /1/);

  // Lodging with one signer is refused with the rule's words.
  await page.locator('[data-test=motion-lodge]').click();
  await waitText(page.locator('[data-test=motion-error]'), /不足十人/);

  // The first co-signer signs in the browser, the others over the API.
  const second = await newPage(t, env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signedIn(second, env.server.url, 'daibiao02');
  await second.goto(`${env.server.url}/motions/${id}`);
  await second.locator('[data-test=motion-cosign]').click();
  await waitText(second.locator('[data-test=motion-signers]'), /2/);
  for (const c of cosigners.slice(1, 8)) {
    const r = await c.req('POST', `/api/motions/${id}/cosign`);
    assert.equal(r.status, 200, r.text);
  }
  // Nine signers: still not enough.
  await page.reload();
  await page.locator('[data-test=motion-lodge]').click();
  await waitText(page.locator('[data-test=motion-error]'), /不足十人/);
  const tenth = await cosigners[8].req('POST', `/api/motions/${id}/cosign`);
  assert.equal(tenth.status, 200, tenth.text);
  await page.reload();
  await page.locator('[data-test=motion-lodge]').click();
  await waitText(page.locator('[data-test=page-motion]'), /已提交|已成案|lodged|主席团/);
  const lodged = await zhuxiApi.req('GET', `/api/motions/${id}`);
  assert.equal(lodged.json.motion.state, 'lodged', lodged.text);

  // The presidium decides: on the agenda.
  const pres = await newPage(t, env.browser);
  await signedIn(pres, env.server.url, 'zhuxi');
  await pres.goto(`${env.server.url}/motions/${id}`);
  await pres.locator('[data-test=decision-reason]').fill('符合议案条件，列入大会议程');
  await pres.locator('[data-test=decision-submit]').click();
  const after = Date.now() + 15000;
  let state = null;
  while (Date.now() < after) {
    state = (await zhuxiApi.req('GET', `/api/motions/${id}`)).json.motion.state;
    if (state !== 'lodged') break;
    await sleep(100);
  }
  assert.equal(state, 'on_agenda');
  await pres.reload();
  await waitText(pres.locator('[data-test=page-motion]'), /议程/);
  await pres.screenshot({ path: join(SHOTS, 'e2e-motion-decided.png'), fullPage: true });
});
