// Browser test of the public channel (社情民意, issue 7), every step in the UI:
// a citizen on a phone, without an account, raises an issue at /public/submit
// with a contact phone and a photo (shrunk in the browser, uploaded after the
// submission) and gets a tracking code; staff (signed in elsewhere) find it
// with the search box on /opinions, see the contact, and pass it on to a
// delegate (daibiao01); the delegate, on a phone, takes it up (and only then
// sees the contact), records a visit and answers it; the citizen opens /public/track/<code> and sees
// 已办结 and the answer. The citizen's pages (status, open data) never show
// the contact phone, nor does the public API. Also: a delegate's page with
// the delegate's code (代表码) leads to a form addressed to them (致 … 代表),
// and such an issue is passed on to that delegate at once; the open data
// counts the issues. Screenshots go to build/check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { useBrowser, newPage, signedIn, openMenu, pathOf, waitText, SHOTS } from './browser.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PHONE_NUMBER = '13912345678';

/** Picks an option of an Element Plus select by its text and waits for the list to close. */
async function choose(page, select, text) {
  await page.locator(`[data-test=${select}]`).click();
  await page.locator('.el-select__popper:visible .el-select-dropdown__item').filter({ hasText: text }).first().click();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await page.locator('.el-select__popper:visible').count()) > 0) await sleep(50);
}

/** Opens the menu on a phone, then an entry. */
async function phoneMenu(page, label, path) {
  await page.getByRole('button', { name: '展开菜单' }).click();
  await openMenu(page, label, path);
}

/** A PNG of w×h pixels in one colour: a phone photo stand-in, larger than the 1600 px the page shrinks to. */
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set([0x6a, 0x8c, 0x3b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The delegate record of a demo account, by its display name, over the API. */
async function delegateOf(username) {
  const terms = await env.staffApi.req('GET', '/api/terms');
  assert.equal(terms.status, 200, terms.text);
  const term = [...terms.json.terms].sort((a, b) => b.number - a.number)[0];
  const roll = await env.staffApi.req('GET', `/api/terms/${term.id}/delegates`);
  assert.equal(roll.status, 200, roll.text);
  const d = roll.json.delegates.find((x) => x.name === env.names[username]);
  assert.ok(d, `${username} (${env.names[username]}) is on the roll`);
  return d;
}

/** The page's whole visible text must not contain the contact phone. */
async function noPhone(page, where) {
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes(PHONE_NUMBER), `${where} shows the contact phone`);
  assert.ok(!(await page.content()).includes(PHONE_NUMBER), `${where} has the contact phone in its HTML`);
}

test('an issue from a citizen to 已办结: submit with a photo, search and route, take up, answer, follow by code', async (t) => {
  const base = env.server.url;
  const title = '东关村主干道路灯损坏';
  const content = '东关村主干道十余盏路灯损坏已两个多月，夜间出行很不安全，希望尽快修复。';
  const answer = '已联系镇政府和供电所，路灯已于本周全部修复，夜间照明恢复正常。';
  const delegateName = env.names.daibiao01;

  // The citizen, on a phone, without signing in: the portal, then the form.
  const citizen = await newPage(t, env.browser, PHONE);
  await citizen.goto(base + '/public');
  await citizen.locator('[data-test=page-public]').waitFor();
  await citizen.locator('[data-test=stations]').waitFor();
  await citizen.screenshot({ path: join(SHOTS, 'e2e-opinions-portal.png'), fullPage: true });
  await citizen.locator('[data-test=portal-submit]').click();
  await citizen.waitForURL((u) => u.pathname === '/public/submit');
  assert.match(await citizen.locator('[data-test=contact-note]').innerText(), /仅工作人员和承办代表可见/);
  // Nothing filled in: the form says what is missing and sends nothing.
  await citizen.locator('[data-test=submit-send]').click();
  await waitText(citizen.locator('.el-form-item__error').first(), '必填');
  await citizen.locator('[data-test=submit-title]').fill(title);
  await citizen.locator('[data-test=submit-content]').fill(content);
  await citizen.locator('[data-test=submit-place]').fill('城关镇东关村');
  await citizen.locator('[data-test=submit-category]').selectOption('roads_transport');
  await citizen.locator('[data-test=submit-contact-name]').fill('王先生');
  await citizen.locator('[data-test=submit-contact-phone]').fill(PHONE_NUMBER);
  // A 2400×1800 photo: shrunk to 1600 px on the long side before upload.
  await citizen.locator('[data-test=photo-input]').setInputFiles({ name: 'road.png', mimeType: 'image/png', buffer: png(2400, 1800) });
  await citizen.locator('[data-test=photos] img').waitFor();
  const shrunk = await citizen.locator('[data-test=photos] img').evaluate(
    (img) => new Promise((r) => (img.complete ? r([img.naturalWidth, img.naturalHeight]) : (img.onload = () => r([img.naturalWidth, img.naturalHeight])))),
  );
  assert.deepEqual(shrunk, [1600, 1200], 'the photo is shrunk to 1600 px');
  await citizen.screenshot({ path: join(SHOTS, 'e2e-opinions-form.png'), fullPage: true });
  await citizen.locator('[data-test=submit-send]').click();
  await citizen.locator('[data-test=submit-done]').waitFor();
  const code = (await citizen.locator('[data-test=done-code]').innerText()).trim();
  assert.match(code, /^[A-Z0-9][A-Z0-9-]{5,}$/, `a tracking code: ${code}`);
  await waitText(citizen.locator('[data-test=done-photos]'), /照片已上传（1 张）/);
  await citizen.screenshot({ path: join(SHOTS, 'e2e-opinions-submitted.png'), fullPage: true });

  // Its status page: 已提交, the photo, no contact.
  await citizen.locator('[data-test=done-track]').click();
  await citizen.waitForURL((u) => u.pathname === `/public/track/${code}`);
  await waitText(citizen.locator('[data-test=track-state]'), '已提交');
  await waitText(citizen.locator('[data-test=track-title]'), title);
  assert.equal(await citizen.locator('[data-test=photo-strip] img').count(), 1);
  await noPhone(citizen, 'the status page');
  // The portal remembers the code (我反映的问题).
  await citizen.goto(base + '/public');
  await citizen.locator(`[data-test="mine-${code}"]`).waitFor();

  // Staff: 社情民意, the search box (Chinese full text), the issue with its contact; 转交 to daibiao01.
  const staff = await newPage(t, env.browser);
  await signedIn(staff, base, 'staff');
  await openMenu(staff, '社情民意', '/opinions');
  await staff.locator('[data-test=page-opinions]').waitFor();
  await staff.locator('[data-test=opinions-search]').fill('路灯');
  await staff.locator('[data-test=opinions-search-go]').click();
  await staff.waitForURL((u) => u.searchParams.get('q') === '路灯');
  const row = staff.locator(`[data-code="${code}"]`);
  await waitText(row.locator('[data-test=opinion-title]'), title);
  await waitText(row.locator('[data-test=opinion-state]'), '已提交');
  // A search that matches nothing lists nothing.
  await staff.locator('[data-test=opinions-search]').fill('飞机场跑道');
  await staff.locator('[data-test=opinions-search-go]').click();
  await staff.locator('[data-test=opinions-none]').waitFor();
  await staff.goBack();
  await row.click();
  await staff.waitForURL((u) => /^\/opinions\/\d+$/.test(u.pathname));
  const id = Number(pathOf(staff).split('/').pop());
  const stateOf = (p) => p.locator('[data-test=page-opinion] .head [data-test=opinion-state]');
  await waitText(stateOf(staff), '已提交');
  await waitText(staff.locator('[data-test=detail-phone]'), PHONE_NUMBER);
  await staff.locator('[data-test=route-submit]').click();
  await waitText(staff.locator('[data-test=route-form] .el-form-item__error'), '请选择代表');
  await choose(staff, 'route-delegate', delegateName);
  await staff.locator('[data-test=route-submit]').click();
  await waitText(stateOf(staff), '已转交');
  await waitText(staff.locator('[data-test=detail-delegate]'), delegateName);
  await staff.screenshot({ path: join(SHOTS, 'e2e-opinions-staff.png'), fullPage: true });

  // The citizen sees it passed on, to whom, still without the phone.
  await citizen.goto(`${base}/public/track/${code}`);
  await waitText(citizen.locator('[data-test=track-state]'), '已转交');
  await waitText(citizen.locator('[data-test=track-handler]'), new RegExp(delegateName));

  // The delegate, on a phone: 社情民意 lists it; 受理, a visit, 答复并办结.
  const dele = await newPage(t, env.browser, PHONE);
  await signedIn(dele, base, 'daibiao01');
  await phoneMenu(dele, '社情民意', '/opinions');
  await dele.locator(`[data-test=opinion-${id}]`).click();
  await dele.waitForURL((u) => u.pathname === `/opinions/${id}`);
  await waitText(stateOf(dele), '已转交');
  // The contact is the handling delegate's once they take the issue up, not before.
  assert.equal(await dele.locator('[data-test=detail-phone]').count(), 0, 'no contact before taking it up');
  assert.equal(await dele.locator('[data-test=answer-submit]').count(), 0, 'no answer before taking it up');
  await dele.locator('[data-test=take]').click();
  await waitText(stateOf(dele), '已受理');
  await waitText(dele.locator('[data-test=detail-phone]'), PHONE_NUMBER);
  await dele.locator('[data-test=activity-kind]').click();
  await dele.locator('.el-select__popper:visible .el-select-dropdown__item').filter({ hasText: '走访' }).click();
  await dele.locator('[data-test=activity-note]').fill('到东关村实地查看，与村委会和供电所沟通。');
  await dele.locator('[data-test=activity-submit]').click();
  await dele.locator('[data-test=activity]').filter({ hasText: '到东关村实地查看' }).waitFor();
  await dele.locator('[data-test=answer-text]').fill(answer);
  await dele.locator('[data-test=answer-submit]').click();
  await waitText(stateOf(dele), '已办结');
  await waitText(dele.locator('[data-test=detail-answer]'), new RegExp(answer));
  await dele.screenshot({ path: join(SHOTS, 'e2e-opinions-delegate.png'), fullPage: true });

  // The citizen: 已办结 and the answer; never the phone.
  await citizen.goto(`${base}/public/track/${code}`);
  await waitText(citizen.locator('[data-test=track-state]'), '已办结');
  await waitText(citizen.locator('[data-test=track-answer]'), new RegExp(answer));
  await citizen.locator('[data-test=step-closed]').waitFor();
  await noPhone(citizen, 'the closed status page');
  await citizen.screenshot({ path: join(SHOTS, 'e2e-opinions-track.png'), fullPage: true });
  const pub = await (await fetch(`${base}/api/public/opinions/${code}`)).text();
  assert.ok(!pub.includes(PHONE_NUMBER), 'the public API never sends the contact phone');
  assert.ok(!pub.includes('王先生'), 'the public API never sends the contact name');

  // The open data counts it as closed; the page shows no contact either.
  await citizen.goto(base + '/public/dashboard');
  await waitText(citizen.locator('[data-test=stats-total]'), /^[1-9]\d*$/);
  assert.ok(Number((await citizen.locator('[data-test=stats-closed]').innerText()).trim()) >= 1);
  await citizen.locator('[data-test=stats-category]').getByText('交通出行').first().waitFor();
  await citizen.locator('[data-test=chart][data-ready=yes]').first().waitFor();
  await noPhone(citizen, 'the open data');
  await citizen.screenshot({ path: join(SHOTS, 'e2e-opinions-dashboard.png'), fullPage: true });
});

test("a delegate's code: the profile with the QR code leads to a form addressed to them, passed on at once", async (t) => {
  const base = env.server.url;
  const d = await delegateOf('daibiao02');
  const citizen = await newPage(t, env.browser, PHONE);
  await citizen.goto(`${base}/public/delegates/${d.id}`);
  await waitText(citizen.locator('[data-test=delegate-name]'), d.name);
  const qr = await citizen.locator('[data-test=delegate-qr]').evaluate(
    (img) => new Promise((r) => (img.complete ? r(img.naturalWidth) : (img.onload = () => r(img.naturalWidth)))),
  );
  assert.ok(qr > 0, 'the QR code image loads');
  await citizen.locator('[data-test=delegate-submit]').click();
  await citizen.waitForURL((u) => u.pathname === '/public/submit' && u.searchParams.get('delegate') === String(d.id));
  await waitText(citizen.locator('[data-test=submit-to]'), `致 ${d.name} 代表`);
  await citizen.locator('[data-test=submit-title]').fill('河口镇中学门口缺少交通信号灯');
  await citizen.locator('[data-test=submit-content]').fill('河口镇中学门口车流量大，学生上下学过马路很危险，建议设置信号灯和减速带。');
  await citizen.locator('[data-test=submit-place]').fill('河口镇');
  await citizen.locator('[data-test=submit-category]').selectOption('education');
  await citizen.locator('[data-test=submit-send]').click();
  const code = (await citizen.locator('[data-test=done-code]').innerText()).trim();
  await citizen.locator('[data-test=done-track]').click();
  await waitText(citizen.locator('[data-test=track-state]'), '已转交');
  await waitText(citizen.locator('[data-test=track-handler]'), new RegExp(d.name));
  // An unknown code: said plainly, with the box to try again.
  await citizen.goto(`${base}/public/track/ZZZZ-ZZZZ-ZZZZ`);
  await citizen.locator('[data-test=track-missing]').waitFor();
  await citizen.locator('[data-test=track-code]').fill(code.toLowerCase());
  await citizen.locator('[data-test=track-go]').click();
  await citizen.waitForURL((u) => u.pathname === `/public/track/${code}`);
  await waitText(citizen.locator('[data-test=track-state]'), '已转交');
});
