// Staff find their way: each role signs in, lands on its workbench and
// walks its main story by the navigation alone (no typed addresses), on a
// desktop and on a 390-pixel phone; the workbenches are photographed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink as signInAs, go } from './harness.mjs';

const ctx = useDemo();

/** Signs in from the home page by its link; lands on the workbench. */
const signInByLink = (login, viewport) => signInAs(ctx, login, viewport);

async function shoot(login, name) {
  for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const { context, page } = await signInByLink(login, viewport);
    await page.screenshot({ path: join(shots, `workbench-${name}-${size}.png`), fullPage: true });
    if (size === 'phone') {
      assert.ok(await page.locator('#menu-button').isVisible(), 'a compact menu on a phone');
      assert.ok(!(await page.locator('#desk-nav').isVisible()), 'the menu is closed until asked for');
      await page.click('#menu-button');
      assert.ok(await page.locator('#desk-nav').isVisible());
      await page.screenshot({ path: join(shots, `workbench-${name}-phone-menu.png`), fullPage: true });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `nothing overflows sideways (${wide}px)`);
    }
    await context.close();
  }
}

test('community staff: workbench → to accept → accept → to dispatch → dispatch with a note on the timeline', async () => {
  // A resident reports something first (from the home page, as residents do).
  const resident = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const phone = await resident.newPage();
  await phone.goto(ctx.demo.base + '/');
  await phone.click('#home-report');
  await phone.selectOption('#category', '0205');
  await phone.fill('#text', '5号楼楼道灯不亮，晚上很黑');
  await phone.selectOption('#community', '141102001002');
  await phone.fill('#name', '王阿姨');
  await phone.fill('#phone', '13900001234');
  await phone.click('#report-submit');
  await phone.waitForURL(/\/track\/E/);
  const code = await phone.textContent('#code');
  await resident.close();

  await shoot('liu.yuanyuan', 'staff');
  const { context, page } = await signInByLink('liu.yuanyuan');
  assert.equal(await page.locator('#nav-audit').count(), 0, 'no admin pages for staff');
  await page.click('#todo-to_accept');
  await page.click(`#events a:has-text("${code}")`);
  assert.match(await page.textContent('#reporter'), /王阿姨 · 139\*\*\*\*1234/);
  assert.deepEqual(await page.$$eval('#action option', (o) => o.map((x) => x.value)), ['accept', 'reject', 'duplicate']);
  // A wrong duplicate code is refused by its field, and what was typed stays.
  await page.selectOption('#action', 'duplicate');
  await page.fill('#of', 'XXXX');
  await page.click('#act-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#field-message'), /本社区没有查询码为 XXXX 的诉求/);
  assert.equal(await page.inputValue('#of'), 'XXXX');
  assert.equal(await page.inputValue('#action'), 'duplicate');
  await page.click('#quick-accept');
  await page.waitForLoadState();
  await go(page, 'workbench');
  await page.click('#todo-to_dispatch');
  await page.click(`#events a:has-text("${code}")`);
  await page.selectOption('#action', 'dispatch');
  await page.fill('#hours', '9999');
  await page.fill('#reason', '请带梯子和灯管');
  await page.click('#act-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#field-message'), /时限应为 1–2160 小时/);
  assert.equal(await page.inputValue('#reason'), '请带梯子和灯管', 'the note stays');
  await page.fill('#hours', '24');
  await page.fill('#handler', '物业电工');
  await page.click('#act-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#state'), /已派遣/);
  assert.match(await page.textContent('#timeline'), /请带梯子和灯管/);
  await page.screenshot({ path: join(shots, 'event-dispatched.png'), fullPage: true });
  await context.close();
});

test('grid worker: her tasks and her visits, on a phone, by the menu', async () => {
  await shoot('wang.mengxia', 'grid-worker');
  const { context, page } = await signInByLink('wang.mengxia', { width: 390, height: 844 });
  for (const absent of ['billing', 'counter', 'import', 'registrations', 'audit']) {
    assert.equal(await page.locator('#nav-' + absent).count(), 0, `no ${absent} for a grid worker`);
  }
  await page.click('#todo-my_tasks');
  assert.match(page.url(), /view=mine/);
  await go(page, 'visits');
  assert.match(page.url(), /\/visits$/);
  assert.equal(await page.locator('h1').count(), 1);
  await go(page, 'workbench');
  await page.click('#todo-visits_due');
  assert.match(page.url(), /\/visits$/);
  // Her day pages: the next page is another set of doors.
  const firstDoor = await page.locator('#due a').first().textContent();
  if (await page.locator('#next').count()) {
    await page.click('#next');
    assert.notEqual(await page.locator('#due a').first().textContent(), firstDoor);
    await page.click('#prev');
  }
  // She records a visit; a wrong time (tomorrow) is refused by its field
  // and everything typed stays.
  await page.locator('#due a').first().click();
  await page.waitForURL(/\/households\/[^/]+\/visits$/);
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 16);
  await page.fill('#at', tomorrow);
  await page.fill('#met', '老人本人');
  await page.fill('#situation', '身体尚好，冬季取暖正常');
  await page.click('#visit-save');
  await page.waitForLoadState();
  assert.ok(await page.locator('#at-error').count(), 'the message is by the time');
  assert.equal(await page.inputValue('#met'), '老人本人');
  assert.equal(await page.inputValue('#situation'), '身体尚好，冬季取暖正常');
  await page.fill('#at', '');
  await page.click('#visit-save');
  await page.waitForURL(/\/visits\?saved=1$/);
  assert.match(await page.textContent('#visits'), /冬季取暖正常/);
  assert.match(await page.textContent('#visits'), /王梦霞/, 'the visit names her, not her sign-in');
  await context.close();
});

test('community head: applications waiting for her → take her step', async () => {
  // Setting the scene (not the walk): a 居住证明 (one step, 社区审核) for a
  // resident of 生态园 is handed in at the counter on her behalf.
  const counter = await signInByLink('luo.xinjuan');
  await counter.page.goto(ctx.demo.base + '/services/JZ01/apply');
  if (await counter.page.locator('#community').count()) await counter.page.selectOption('#community', '141102002006');
  await counter.page.fill('#name', '李桂兰');
  await counter.page.fill('#phone', '13900005678');
  await counter.page.fill('#field-1', '子女入学');
  await counter.page.fill('#consent', '本人当面同意');
  await counter.page.click('#apply-submit');
  await counter.page.waitForLoadState();
  assert.match(await counter.page.textContent('#state'), /已提交/);
  await counter.context.close();

  await shoot('luo.xinjuan', 'head');
  const { context, page } = await signInByLink('luo.xinjuan');
  await page.click('#todo-applications_waiting');
  await page.click('#applications li a');
  // Sent back without saying what is missing: refused, the choice and the
  // reason typed stay.
  await page.selectOption('#action', 'return');
  await page.fill('#reason', '材料不全');
  await page.click('#application-submit');
  await page.waitForLoadState();
  assert.ok(await page.locator('#message').count(), 'the refusal is said');
  assert.equal(await page.inputValue('#action'), 'return');
  assert.equal(await page.inputValue('#reason'), '材料不全');
  await page.fill('#reason', '');
  await page.selectOption('#action', 'accept');
  await page.click('#application-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#state'), /社区审核/);
  await page.selectOption('#action', 'approve');
  await page.fill('#reason', '已核实居住情况');
  await page.click('#application-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#state'), /办结：准予/);
  assert.match(await page.textContent('#steps'), /已核实居住情况/);
  await context.close();
});

test('street admin: the street\'s events and what is overdue, in large text', async () => {
  await shoot('fengshan', 'street');
  const { context, page } = await signInByLink('fengshan');
  await page.click('#switch-text');
  await page.waitForLoadState();
  await page.screenshot({ path: join(shots, 'workbench-street-large.png'), fullPage: true });
  await page.click('#todo-overdue');
  assert.match(page.url(), /view=late/);
  await go(page, 'events');
  assert.match(page.url(), /\/events$/);
  assert.equal(await page.locator('#act').count(), 0);
  await go(page, 'applications');
  assert.match(page.url(), /\/applications$/);
  await context.close();
});
