// The produce counter (助农展销) as its users meet it: a visitor opens the
// community's page on a phone, finds the counter, orders two products for
// pickup without signing in, pays on the local provider and gets a pickup
// code; the centre's staff find the order at the counter by that code and
// hand it over; the stock went down by what was bought.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink, go } from './harness.mjs';

const ctx = useDemo();
const phone = { width: 390, height: 844 };
const JTL = '141102001002';

async function stockOf(name) {
  const res = await fetch(`${ctx.demo.base}/api/v1/regions/${JTL}/produce`);
  const shelf = await res.json();
  return shelf.products.find((p) => p.name === name).stock;
}

test('a visitor orders for pickup, pays, and collects at the counter with the code', async () => {
  const flour = '隆泰石磨面粉 5 斤';
  const vinegar = '新山湾老陈醋 2.5 斤';
  const before = [await stockOf(flour), await stockOf(vinegar)];

  const context = await ctx.browser.newContext({ viewport: phone, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${ctx.demo.base}/regions/${JTL}`);
  await page.click('#to-produce');
  await page.waitForLoadState();
  await page.screenshot({ path: join(shots, 'produce-shelf.png') });
  const row = (name) => page.locator('.product-row', { hasText: name });
  await row(flour).locator('input').fill('2');
  await row(vinegar).locator('input').fill('1');
  // Without a phone the form refuses and keeps what was typed.
  await page.fill('#name', '赵阿姨');
  await page.click('#place-order');
  await page.waitForLoadState();
  assert.match(await page.textContent('#phone-error'), /手机号/);
  assert.equal(await page.inputValue('#name'), '赵阿姨');
  assert.equal(await row(flour).locator('input').inputValue(), '2');
  await page.fill('#phone', '13812345678');
  await page.click('#place-order');
  await page.waitForURL(/\/produce\/orders\/[0-9a-f]{32}$/);
  const orderUrl = page.url();
  assert.match(await page.textContent('#order-state'), /待付款/);
  assert.equal((await page.textContent('#total')).trim(), '95.00');
  assert.deepEqual([await stockOf(flour), await stockOf(vinegar)], [before[0] - 2, before[1] - 1], 'reserved');

  // Pays on the provider's page; back on the order, the pickup code.
  await page.click('#pay-online');
  await page.waitForLoadState();
  await page.click('#sim-confirm');
  await page.waitForURL(orderUrl);
  assert.match(await page.textContent('#order-state'), /待取货/);
  const code = (await page.textContent('#pickup-code')).trim();
  assert.match(code, /^\d{6}$/);
  await page.screenshot({ path: join(shots, 'produce-order-paid.png'), fullPage: true });

  // The centre's counter, reached from the navigation: found by the code, handed over.
  const staff = await signInByLink(ctx, 'liu.yuanyuan');
  await go(staff.page, 'produce');
  await staff.page.click('#to-counter');
  await staff.page.fill('#code-search input[name=code]', code);
  await staff.page.click('#code-search button');
  await staff.page.waitForLoadState();
  const rows = staff.page.locator('#counter-orders tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /赵阿姨/);
  await staff.page.screenshot({ path: join(shots, 'produce-counter.png'), fullPage: true });
  await rows.first().locator('.collect-form input[name=code]').fill(code);
  await rows.first().locator('.collect-form button').click();
  await staff.page.waitForLoadState();
  await page.reload();
  assert.match(await page.textContent('#order-state'), /已取货/);
  assert.deepEqual([await stockOf(flour), await stockOf(vinegar)], [before[0] - 2, before[1] - 1], 'sold once');
  await context.close();
  await staff.context.close();
});
