// A resident scans a building's code, reports a broken lift on a phone
// without signing in, and follows it by tracking code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

test('a resident reports from the home page with a phone number and follows it', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/');
  await page.click('#home-report');
  await page.selectOption('#category', '0205');
  // Only the chosen category's own fields show.
  assert.equal(await page.isVisible('#fields-0205'), true);
  assert.equal(await page.isVisible('#fields-0201'), false);
  await page.fill('#text', '3号楼电梯停在5楼不动');
  await page.selectOption('#community', '141102001002');
  // Where: the community's buildings, then the building's houses.
  await page.waitForFunction(() => document.querySelectorAll('#building_id option').length > 1);
  await page.selectOption('#building_id', { index: 2 });
  const building = await page.$eval('#building_id', (s) => s.selectedOptions[0].textContent);
  await page.waitForFunction(() => document.querySelectorAll('#house option').length > 1);
  await page.selectOption('#house', { index: 3 });
  const house = await page.$eval('#house', (s) => s.selectedOptions[0].textContent);
  assert.match(house, /^\S+-\S+$/, 'unit-room');
  await page.fill('#phone', '13900001234');
  await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
  await page.click('#report-submit');
  await page.waitForURL(/\/track\/E/);
  assert.match(await page.textContent('#state'), /已上报/);
  const code = await page.textContent('#code');
  assert.match(code, /^E[0-9A-F]{10}$/);
  await page.screenshot({ path: join(shots, 'track.png'), fullPage: true });
  await context.close();

  // Staff see where it is, down to the house.
  const { context: office, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/account');
  const found = await (await staff.request.get(ctx.demo.base + '/api/v1/events?q=' + encodeURIComponent('5楼不动'))).json();
  const event = found.items.find((e) => e.code === code);
  assert.ok(event.address.endsWith(`${building} ${house}`), event.address);
  await office.close();
});



/** Takes one step on an event's page through its action form. */
async function act(page, action, fields = {}) {
  await page.selectOption('#action', action);
  for (const [id, value] of Object.entries(fields)) {
    if (id === 'photo') await page.setInputFiles('#photo', value);
    else if (id === 'satisfaction') await page.selectOption('#satisfaction', value);
    else if (id === 'unit') await page.selectOption('#unit', value);
    else if (id === 'assignee') await page.selectOption('#assignee', { label: value });
    else await page.fill('#' + id, value);
  }
  await page.click('#act-submit');
  await page.waitForLoadState();
  const message = await page.$('#message');
  assert.equal(message, null, message ? await message.textContent() : '');
}

test('an event goes from a building QR code to 回访 through a resident, a dispatcher and a grid worker', async () => {
  // Staff print the QR codes of 交通路; one hangs in a building of 王梦霞's grid.
  const staff = await signIn(ctx, 'liu.yuanyuan', '/regions/141102001002/qr');
  const url = await staff.page.$$eval('#qr-sheet li', (items) => {
    const mine = items.find((li) => li.textContent.includes('141102001002001'));
    return mine.querySelector('a').getAttribute('href');
  });

  // A resident scans it on a phone, without signing in, and sends a photo.
  const resident = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const phone = await resident.newPage();
  await phone.goto(url);
  const photo = await phone.screenshot();
  await phone.click('#report-here');
  await phone.selectOption('#category', '0206');
  await phone.fill('#text', '楼前路灯不亮，晚上看不见路');
  await phone.fill('#phone', '13900005678');
  await phone.setInputFiles('#photo', { name: 'lamp.png', mimeType: 'image/png', buffer: photo });
  await phone.click('#report-submit');
  await phone.waitForURL(/\/track\/E/);
  const code = await phone.textContent('#code');
  assert.equal(await phone.$$eval('#steps img', (imgs) => imgs.length), 1, 'the photo is on the report');

  // The dispatcher finds it on the board, accepts it and dispatches it.
  await staff.page.goto(ctx.demo.base + '/events?view=board');
  await staff.page.click(`#events a:has-text("${code}")`);
  assert.match(await staff.page.textContent('#text'), /路灯不亮/);
  await act(staff.page, 'accept');
  // Routing suggests the property company for 路灯; the dispatcher gives it to the grid worker.
  await act(staff.page, 'dispatch', { unit: '', assignee: '王梦霞', hours: '24' });
  assert.match(await staff.page.textContent('#state'), /已派遣/);

  // The grid worker sees it among her tasks, starts it and reports it done with a photo.
  const worker = await signIn(ctx, 'wang.mengxia', '/events?view=mine');
  await worker.page.click(`#events a:has-text("${code}")`);
  await act(worker.page, 'start');
  await act(worker.page, 'feedback', { reason: '已更换灯泡，当晚亮了', photo: { name: 'fixed.png', mimeType: 'image/png', buffer: photo } });
  assert.match(await worker.page.textContent('#state'), /待核查/);
  await worker.page.screenshot({ path: join(shots, 'event-worker.png'), fullPage: true });

  // The dispatcher checks it, closes it and calls the resident back.
  await staff.page.reload();
  await act(staff.page, 'pass');
  await act(staff.page, 'visit', { satisfaction: 'satisfied' });
  assert.match(await staff.page.textContent('#state'), /满意/);
  await staff.page.screenshot({ path: join(shots, 'event-staff.png'), fullPage: true });

  // The resident follows it to the end, with the feedback's photo.
  await phone.reload();
  assert.match(await phone.textContent('#state'), /已回访：满意/);
  assert.match(await phone.textContent('#steps'), /已更换灯泡/);
  assert.equal(await phone.$$eval('#steps img', (imgs) => imgs.length), 2);
  const thumb = await phone.$eval('#steps li:last-child img, #steps img', (img) => img.naturalWidth);
  assert.ok(thumb > 0, 'thumbnails load');
  await phone.screenshot({ path: join(shots, 'event-tracked.png'), fullPage: true });
  await resident.close();
  await worker.context.close();
  await staff.context.close();
});
