// A resident scans a building's code, reports a broken lift on a phone
// without signing in, and follows it by tracking code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots } from './harness.mjs';

const ctx = useDemo();

test('a resident reports from the home page with a phone number and follows it', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/');
  await page.click('#home-report');
  await page.selectOption('#category', '0205');
  await page.fill('#text', '3号楼电梯停在5楼不动');
  await page.selectOption('#community', '141102001002');
  await page.fill('#phone', '13900001234');
  await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
  await page.click('#report-submit');
  await page.waitForURL(/\/track\/E/);
  assert.match(await page.textContent('#state'), /已上报/);
  const code = await page.textContent('#code');
  assert.match(code, /^E[0-9A-F]{10}$/);
  await page.screenshot({ path: join(shots, 'track.png'), fullPage: true });
  await context.close();
});
