// The kiosk (智慧货架) as 王丽娥 met it in the source document, tried by a 交通路 resident (李桂英): she has
// come to pay her property fee and forgot her ID card. She is identified by
// her phone and a texted code, pays by scanning the kiosk's QR code with her
// phone, and sees her receipt; the same bill cannot be paid again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

/** A touch screen paired with the demo's kiosk token, at its start page. */
async function pairedKiosk() {
  const token = ctx.demo.banner().match(/token: (linli_\S+)\)/)[1];
  const screen = await ctx.browser.newContext({ viewport: { width: 1080, height: 1400 }, locale: 'zh-CN' });
  const kiosk = await screen.newPage();
  await kiosk.goto(ctx.demo.base + '/kiosk/pair');
  await kiosk.fill('#token', token);
  await kiosk.click('#pair');
  await kiosk.waitForURL(ctx.demo.base + '/kiosk');
  return { screen, kiosk };
}

test('李桂英 pays her property fee at the kiosk without her ID card', async () => {
  const { screen, kiosk } = await pairedKiosk();
  await kiosk.screenshot({ path: join(shots, 'kiosk-start.png') });
  await kiosk.click('#by-phone');
  await kiosk.fill('#number', '13835860101');
  await kiosk.click('#next');
  await kiosk.waitForURL(/\/kiosk\/s\/[0-9a-f-]+\/code$/);
  const session = kiosk.url().match(/\/kiosk\/s\/([0-9a-f-]+)\/code/)[1];

  // The SMS gateway would deliver the code; staff can read the outbox.
  const { context: office, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/account');
  const outbox = await (await staff.request.get(ctx.demo.base + '/api/v1/outbox')).json();
  const sms = outbox.find((n) => n.recipient === `kiosk:${session}`);
  const code = sms.body.match(/验证码 (\d{6})/)[1];
  await office.close();

  await kiosk.fill('#number', code);
  await kiosk.click('#next');
  await kiosk.waitForURL(ctx.demo.base + `/kiosk/s/${session}`);
  const fee = kiosk.locator('#bills li', { hasText: '物业费' }).first();
  assert.match(await fee.textContent(), /未缴/);
  await kiosk.screenshot({ path: join(shots, 'kiosk-bills.png') });
  await fee.locator('button').click();
  // The kiosk shows a QR code; she scans it with her phone and pays there.
  await kiosk.waitForURL(/\/kiosk\/s\/.+\/orders\/P/);
  await kiosk.screenshot({ path: join(shots, 'kiosk-qr.png') });
  const payUrl = await kiosk.getAttribute('#pay-qr', 'data-url');
  const pocket = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const phone = await pocket.newPage();
  await phone.goto(payUrl);
  await phone.click('#sim-confirm');
  assert.match(await phone.textContent('#message'), /支付成功/);
  await pocket.close();
  // The kiosk looks again by itself and shows the receipt.
  await kiosk.waitForURL(/\/kiosk\/s\/.+\/receipts\//, { timeout: 15_000 });
  assert.match(await kiosk.textContent('#message'), /缴费成功/);
  assert.match(await kiosk.textContent('#receipt-state'), /已缴清/);
  assert.match(await kiosk.textContent('#receipt-no'), /^141102001002-\d{4}-\d{6}$/);
  await kiosk.screenshot({ path: join(shots, 'kiosk-receipt.png') });

  // Back to her bills: the fee is paid, and cannot be paid again.
  await kiosk.click('#back-to-bills');
  const paid = kiosk.locator('#bills li', { hasText: '物业费' }).first();
  assert.match(await paid.textContent(), /已缴清/);
  assert.equal(await paid.locator('button').count(), 0);
  await screen.close();
});

// As the source document tells it: staff beside her at the screen identify
// her. 刘媛媛 finds the household at the counter on her phone and gets a
// one-time assist code; the resident types it on the kiosk and pays.
test('staff beside a resident open her bills on the kiosk with an assist code', async () => {
  const { screen, kiosk } = await pairedKiosk();

  const { context: office, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/counter');
  await staff.fill('#q', '高建国');
  await staff.click('#counter-search');
  await staff.locator('#results a').first().click();
  await staff.waitForURL(/\/counter\?household=/);
  await staff.click('#kiosk-assist');
  const message = await staff.textContent('#message');
  const code = message.match(/协助码 (\d{6})/)[1];
  await staff.screenshot({ path: join(shots, 'counter-assist.png'), fullPage: true });

  await kiosk.click('#by-staff');
  await kiosk.fill('#number', code);
  await kiosk.click('#next');
  await kiosk.waitForURL(/\/kiosk\/s\/[0-9a-f-]+$/);
  const owed = kiosk.locator('#bills li', { has: kiosk.locator('button') }).first();
  assert.equal(await owed.count(), 1, 'an unpaid bill to pay');
  await owed.locator('button').click();
  await kiosk.waitForURL(/\/kiosk\/s\/.+\/orders\/P/);
  // No phone at hand either: paid on the kiosk's own screen.
  await kiosk.click('#pay-here');
  await kiosk.waitForURL(/\/pay-sim\/P/);
  await kiosk.click('#sim-confirm');
  await kiosk.waitForURL(/\/kiosk\/s\/.+\/receipts\//);
  assert.match(await kiosk.textContent('#message'), /缴费成功/);
  await screen.close();

  // The day's reconciliation: the kiosk's payment among the channels, and
  // the demo's lost callback as a difference, applied from the statement.
  await staff.goto(ctx.demo.base + '/billing/reconciliation');
  assert.match(await staff.textContent('#channels'), /自助缴费/);
  const lost = staff.locator('#differences li[data-gap="not_applied"]');
  assert.equal(await lost.count(), 1);
  await staff.screenshot({ path: join(shots, 'reconciliation.png'), fullPage: true });
  await lost.locator('button').click();
  await staff.waitForURL(ctx.demo.base + '/billing/reconciliation');
  assert.match(await staff.textContent('#message'), /已按对账单入账/);
  assert.equal(await staff.locator('#differences li[data-gap="not_applied"]').count(), 0);

  // The water meter round and the arrears of the grid.
  await staff.goto(ctx.demo.base + '/readings');
  await staff.click('#round-show');
  await staff.waitForURL(/\/readings\?.*building=/);
  assert.ok((await staff.locator('#round li[data-read="1"]').count()) > 10);
  await staff.screenshot({ path: join(shots, 'readings.png'), fullPage: true });
  await staff.goto(ctx.demo.base + '/arrears');
  assert.match(await staff.textContent('#arrears-summary'), /户/);
  await staff.screenshot({ path: join(shots, 'arrears.png') });
  await office.close();
});

// The kiosk is a screen of its own: an unpaired one says what to do, a
// mistyped ID number is said to be wrong, and 返回首页 ends the resident's
// session on the server — the next person who reopens its address sees
// nothing of her.
test('the kiosk is its own full screen and 返回首页 ends the session', async () => {
  const bare = await ctx.browser.newContext({ viewport: { width: 1080, height: 1400 }, locale: 'zh-CN' });
  const unpaired = await bare.newPage();
  await unpaired.goto(ctx.demo.base + '/kiosk');
  assert.match(await unpaired.textContent('#unpaired'), /还没有登记/);
  assert.equal(await unpaired.locator('header.top, nav.main-nav, #nav-signin').count(), 0);
  await unpaired.screenshot({ path: join(shots, 'kiosk-unpaired.png') });
  await bare.close();

  const { screen, kiosk } = await pairedKiosk();
  assert.equal(await kiosk.locator('header.top, nav.main-nav, footer').count(), 0, 'no staff site header');
  assert.equal(await kiosk.getByText('接口文档').count(), 0);
  assert.equal(await kiosk.getByText('登录', { exact: true }).count(), 0);

  await kiosk.click('#by-id');
  await kiosk.fill('#number', '141102195603120241');
  await kiosk.click('#next');
  assert.match(await kiosk.textContent('#message'), /号码有误/);
  assert.equal(await kiosk.inputValue('#number'), '141102195603120241', 'kept to fix the digit');
  await kiosk.screenshot({ path: join(shots, 'kiosk-mistyped.png') });

  // Staff open a session for 高建国's household; the kiosk takes it over.
  const { context: office, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/counter');
  await staff.fill('#q', '高建国');
  await staff.click('#counter-search');
  await staff.locator('#results a').first().click();
  await staff.waitForURL(/\/counter\?household=/);
  await staff.click('#kiosk-assist');
  const code = (await staff.textContent('#message')).match(/协助码 (\d{6})/)[1];
  await office.close();
  await kiosk.click('#home');
  await kiosk.click('#by-staff');
  await kiosk.fill('#number', code);
  await kiosk.click('#next');
  await kiosk.waitForURL(/\/kiosk\/s\/[0-9a-f-]+$/);
  const sessionUrl = kiosk.url();
  assert.ok(await kiosk.locator('#place').count(), 'her household is shown');
  await kiosk.click('#home');
  await kiosk.waitForURL(ctx.demo.base + '/kiosk');
  // The next person opens the previous session's address: nothing of hers.
  const res = await kiosk.goto(sessionUrl);
  assert.equal(res.status(), 404);
  assert.match(await kiosk.textContent('#message'), /服务已结束/);
  assert.equal(await kiosk.locator('#place, #bills').count(), 0);
  assert.equal(await kiosk.locator('header.top, nav.main-nav').count(), 0);
  await kiosk.screenshot({ path: join(shots, 'kiosk-ended.png') });
  await screen.close();
});
