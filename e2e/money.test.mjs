// Money and the counter, as staff meet them: 刘媛媛 takes a property fee at
// the counter and prints the receipt on the 80 mm slip printer or on A4; the
// resident (or anyone) checks it by its QR code. Then the arrears: a grid's
// list, filtered, and the reminders confirmed before they go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

test('a counter receipt says whose it is, prints on 80 mm or A4, and its QR code checks it', async () => {
  const { context, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/account');
  await staff.setViewportSize({ width: 1280, height: 900 });
  await staff.goto(ctx.demo.base + '/counter?q=' + encodeURIComponent('1号楼 101'));
  await staff.locator('a[href^="/counter?household="]').first().click();
  await staff.waitForURL(/\/counter\?household=/);
  // The first bill still owed: take the whole of it in cash.
  const pay = staff.locator('form[action^="/counter/bills/"]').first();
  await pay.locator('button[type="submit"]').click();
  await staff.waitForURL(/\/receipts\//);
  assert.equal(await staff.textContent('#receipt-office'), '交通路社区服务中心');
  assert.equal(await staff.textContent('#receipt-cashier'), '刘媛媛', 'the cashier by name, not the login');
  assert.match(await staff.textContent('#receipt-address'), /号楼 \d+-\d+/);
  assert.notEqual((await staff.textContent('#receipt-payer')).trim(), '');
  assert.ok(await staff.locator('#print-button').isVisible(), 'the print button shows where scripts run');
  assert.ok(await staff.locator('#receipt-qr svg').isVisible());
  const url = staff.url().split('?')[0];

  // A4, then the 80 mm slip, each as the printer gets it.
  await staff.emulateMedia({ media: 'print' });
  await staff.screenshot({ path: join(shots, 'receipt-a4-print.png'), fullPage: true });
  assert.equal(await staff.locator('#print-button').isVisible(), false, 'no buttons on paper');
  assert.equal(await staff.locator('nav.desk-nav').isVisible(), false, 'no staff navigation on paper');
  await staff.emulateMedia({ media: 'screen' });
  await staff.click('#paper-80mm');
  await staff.waitForURL(/paper=80mm/);
  assert.equal(await staff.getAttribute('#receipt', 'data-paper'), '80mm');
  const width = await staff.locator('#receipt').evaluate((e) => e.getBoundingClientRect().width);
  assert.ok(width > 280 && width < 320, `an 80 mm slip is about 302 px wide, not ${width}`);
  await staff.screenshot({ path: join(shots, 'receipt-80mm-screen.png'), fullPage: true });
  await staff.emulateMedia({ media: 'print' });
  await staff.screenshot({ path: join(shots, 'receipt-80mm-print.png'), fullPage: true });
  await staff.emulateMedia({ media: 'screen' });

  // The QR code's page, opened by someone not signed in.
  const check = (await staff.getAttribute('#receipt-qr', 'data-check-url')).replace(/^https?:\/\/[^/]+/, '');
  const amount = (await staff.textContent('#receipt-amount strong')).trim();
  const number = (await staff.textContent('#receipt-no')).trim();
  await context.close();
  const phone = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const visitor = await phone.newPage();
  await visitor.goto(ctx.demo.base + check);
  assert.equal(await visitor.getAttribute('#check-result', 'data-real'), 'yes');
  assert.equal((await visitor.textContent('#check-amount')).trim(), amount);
  assert.equal((await visitor.textContent('#check-no')).trim(), number);
  await visitor.screenshot({ path: join(shots, 'receipt-check.png'), fullPage: true });
  // A wrong code, typed: not found, said in words.
  await visitor.fill('#code', 'AAAA-BBBB-CCCC');
  await visitor.click('#check');
  assert.equal(await visitor.getAttribute('#check-result', 'data-real'), 'no');
  assert.match(await visitor.textContent('#check-result'), /没有找到这张收据/);
  await phone.close();
  assert.ok(url.includes('/receipts/141102001002-'));
});

test('arrears are filtered and paged, and reminders go only once confirmed and within the day\'s limit', async () => {
  const { context, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/account');
  await staff.setViewportSize({ width: 1280, height: 900 });
  await staff.goto(ctx.demo.base + '/arrears');
  const houses = Number((await staff.textContent('#arrears-summary strong')).trim());
  assert.ok(houses > 500, `the demo's community owes in ${houses} houses`);
  assert.match(await staff.textContent('#page-of'), /第 1 页/);
  assert.equal(await staff.locator('#arrears > li').count(), 50, 'a page, not the whole list');
  assert.match(await staff.textContent('#arrears .grid-name'), /网格/, 'grids by name');
  await staff.screenshot({ path: join(shots, 'arrears-page.png'), fullPage: true });

  // The whole community at once is more than a day allows: said before sending.
  await staff.click('#remind');
  await staff.waitForURL(/\/arrears\/remind/);
  assert.match(await staff.textContent('#over-limit'), /今天还能发送 500 条/);
  assert.equal(await staff.locator('#confirm').count(), 0);
  await staff.screenshot({ path: join(shots, 'arrears-over-limit.png'), fullPage: true });

  // One grid, one building, owing two months or more.
  await staff.click('#back');
  await staff.selectOption('#f-grid', { index: 1 });
  await staff.click('#filter');
  await staff.waitForURL(/grid=\d+/);
  await staff.selectOption('#f-building', { index: 1 });
  await staff.fill('#f-months', '1');
  await staff.fill('#f-min-owed', '10');
  await staff.click('#filter');
  await staff.waitForURL(/building=/);
  const chosen = Number((await staff.textContent('#arrears-summary strong')).trim());
  assert.ok(chosen > 0 && chosen < houses, `${chosen} of ${houses}`);
  assert.equal(await staff.inputValue('#f-min-owed'), '10', 'the filters stay as typed');
  await staff.click('#remind');
  await staff.waitForURL(/\/arrears\/remind/);
  const n = Number(await staff.getAttribute('#will-send', 'data-messages'));
  assert.ok(n > 0 && n <= chosen, `${n} messages for ${chosen} houses`);
  assert.match(await staff.textContent('#will-send'), new RegExp(`将向 ${n} 户发送 ${n} 条短信`));
  const text = (await staff.textContent('#sms-text')).trim();
  assert.match(text, /您好：.+起有 \d+ 笔费用未缴，共 ¥/);
  await staff.screenshot({ path: join(shots, 'arrears-confirm.png'), fullPage: true });
  await staff.click('#confirm');
  await staff.waitForURL(/\/arrears\/remind$/);
  assert.match(await staff.textContent('#message'), new RegExp(`已发送催缴短信 ${n}`));

  // What was shown is what went: the outbox holds that text.
  const outbox = await (await staff.request.get(ctx.demo.base + '/api/v1/outbox')).json();
  const sent = outbox.filter((m) => m.subject === '缴费提醒');
  assert.equal(sent.length, n);
  assert.ok(sent.some((m) => m.body === text));
  await context.close();
});
