// A burst pipe reaches the water company by itself: a resident reports it,
// routing dispatches it, the company's handler finds it in their tasks and
// feeds back with a photo, staff pass it, and the resident rates the result
// through the link sent to her phone. The handler never sees another unit's event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

/** A resident's report from the home page on a phone; its tracking code. */
async function report(phone, category, text) {
  await phone.goto(ctx.demo.base + '/report');
  await phone.selectOption('#category', category);
  await phone.fill('#text', text);
  await phone.selectOption('#community', '141102001002');
  await phone.fill('#phone', '13900007788');
  await phone.click('#report-submit');
  await phone.waitForURL(/\/track\/E/);
  return (await phone.textContent('#code')).trim();
}

test('a burst pipe goes to the water company, comes back with a photo and is rated by its reporter', async () => {
  const resident = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const phone = await resident.newPage();
  const code = await report(phone, '0201', '8号楼单元门口水管爆裂，水流到路上');
  const other = await report(phone, '07', '北门口有人占道摆摊卖水果');
  assert.match(await phone.textContent('#state'), /已派遣/, 'routed at once');

  // The water company's handler signs in and finds it by the navigation.
  const handler = await signIn(ctx, 'gongshui', '/workbench');
  await handler.page.screenshot({ path: join(shots, 'unit-workbench.png'), fullPage: true });
  if (await handler.page.locator('#menu-button').isVisible()) await handler.page.click('#menu-button');
  await handler.page.click('#nav-tasks');
  await handler.page.click(`#events a:has-text("${code}")`);
  assert.match(await handler.page.textContent('#unit'), /供水公司/);
  assert.equal(await handler.page.locator('#reporter').count(), 0, 'the reporter is not the unit\'s to know');
  await handler.page.screenshot({ path: join(shots, 'unit-task.png'), fullPage: true });
  assert.equal(await handler.page.locator(`#events a:has-text("${other}")`).count(), 0);
  await handler.page.click('#quick-start');
  await handler.page.waitForLoadState();
  const photo = await phone.screenshot();
  await handler.page.selectOption('#action', 'feedback');
  await handler.page.fill('#reason', '已关闸更换爆裂管段，恢复供水');
  await handler.page.setInputFiles('#photo', { name: 'fixed.png', mimeType: 'image/png', buffer: photo });
  await handler.page.click('#act-submit');
  await handler.page.waitForLoadState();
  assert.match(await handler.page.textContent('#state'), /待核查/);
  assert.equal(await handler.page.locator('#act option[value="pass"]').count(), 0, 'checking is the community\'s');

  // Staff find it and pass it; the other unit's event stays out of the handler's reach.
  const staff = await signIn(ctx, 'liu.yuanyuan', '/events');
  const events = (await (await staff.page.request.get(ctx.demo.base + '/api/v1/events?limit=200')).json()).items;
  const id = (c) => events.find((e) => e.code === c).id;
  const res = await handler.page.goto(ctx.demo.base + '/events/' + id(other));
  assert.equal(res.status(), 404, 'another unit\'s event');
  await staff.page.goto(ctx.demo.base + '/events/' + id(code));
  await staff.page.click('#quick-pass');
  await staff.page.waitForLoadState();
  assert.match(await staff.page.textContent('#state'), /已结案/);

  // The resident gets the link by SMS (read here from the outbox) and rates it.
  const outbox = await (await staff.page.request.get(ctx.demo.base + '/api/v1/outbox')).json();
  const sms = outbox.find((n) => n.body.includes(`/track/${code}/rate?t=`));
  // The SMS carries a whole address a phone can open.
  const link = sms.body.slice(sms.body.indexOf('http'));
  assert.ok(link.startsWith(ctx.demo.base + '/track/'), link);
  await phone.goto(link);
  assert.match(await phone.textContent('#work-done'), /\S/, 'what was done, before rating it');
  await phone.check('#rate-satisfied');
  await phone.fill('#comment', '半天就修好了，谢谢');
  await phone.screenshot({ path: join(shots, 'rate.png'), fullPage: true });
  await phone.click('#rate-submit');
  await phone.waitForLoadState();
  assert.match(await phone.textContent('#rated'), /谢谢/);
  await phone.goto(ctx.demo.base + '/track/' + code);
  assert.match(await phone.textContent('#state'), /满意/);
  await phone.goto(link);
  assert.ok(await phone.locator('#rate-used').count(), 'the link works once');
  await staff.page.goto(ctx.demo.base + '/units');
  await staff.page.screenshot({ path: join(shots, 'units.png'), fullPage: true });
  await resident.close();
  await handler.context.close();
  await staff.context.close();
});

test('the street admin stops the mediation committee from its page and resumes it', async () => {
  const admin = await signIn(ctx, 'binhe', '/workbench');
  const page = admin.page;
  if (await page.locator('#menu-button').isVisible()) await page.click('#menu-button');
  await page.click('#nav-units');
  await page.getByRole('link', { name: '滨河街道人民调解委员会' }).click();
  assert.match(await page.textContent('#unit-state'), /在用/);
  assert.match(await page.textContent('#unit-region'), /滨河街道/, 'the region by its name');
  await page.click('#unit-stop');
  await page.waitForLoadState();
  assert.match(await page.textContent('#unit-state'), /已停用/);
  await page.screenshot({ path: join(shots, 'unit-stopped.png'), fullPage: true });
  await page.click('#unit-resume');
  await page.waitForLoadState();
  assert.match(await page.textContent('#unit-state'), /在用/);
  await admin.context.close();
});
