// 王丽娥's story of the source document, at the kiosk (智慧货架): she has
// come to pay her property fee and forgot her ID card. She is identified by
// her phone and a texted code, pays, and sees her receipt; the same bill
// cannot be paid again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

test('王丽娥 pays her property fee at the kiosk without her ID card', async () => {
  const token = ctx.demo.banner().match(/token: (linli_\S+)\)/)[1];
  const screen = await ctx.browser.newContext({ viewport: { width: 1080, height: 1400 }, locale: 'zh-CN' });
  const kiosk = await screen.newPage();
  await kiosk.goto(ctx.demo.base + '/kiosk/pair');
  await kiosk.fill('#token', token);
  await kiosk.click('#pair');
  await kiosk.waitForURL(ctx.demo.base + '/kiosk');
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
  await kiosk.waitForURL(/\/pay-sim\/P/);
  await kiosk.click('#sim-confirm');
  await kiosk.waitForURL(/\/kiosk\/s\/.+\/receipts\//);
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
