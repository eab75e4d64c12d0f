// Day care (日间照料) as its users meet it: an elder's daughter signs in on
// her phone, finds 日间照料 in the navigation, books her mother's lunch three
// days ahead (before its cut-off) and sees it booked; the centre's staff open
// the central kitchen's order for that day and it counts one more plate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink, go } from './harness.mjs';

const ctx = useDemo();
const phone = { width: 390, height: 844 };

/** A local day (Asia/Shanghai, the demo's zone) `days` from today, YYYY-MM-DD. */
function dayAhead(days) {
  const t = new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000);
  return t.toISOString().slice(0, 10);
}

async function lunchPlates(page) {
  const cell = page.locator('#kitchen-meals tr[data-meal=lunch] .plates');
  return (await cell.count()) === 0 ? 0 : Number((await cell.textContent()).trim());
}

test('a daughter books her mother\'s lunch before the cut-off and the kitchen counts it', async () => {
  const day = dayAhead(3);
  const staff = await signInByLink(ctx, 'luo.xinjuan');
  await go(staff.page, 'daycare');
  await staff.page.click('#to-kitchen');
  await staff.page.waitForLoadState();
  const kitchen = staff.page.url().split('?')[0] + `?community=141102002006&day=${day}`;
  await staff.page.goto(kitchen);
  const before = await lunchPlates(staff.page);

  const family = await signInByLink(ctx, 'jiashu.wang', phone);
  await go(family.page, 'daycare');
  const grid = family.page.locator('.elder-grid').first();
  assert.match(await grid.locator('h3').textContent(), /今天/);
  const lunch = grid.locator(`form.booking[data-day="${day}"][data-meal=lunch]`);
  assert.equal(await lunch.locator('button.book').count(), 1, 'open and not booked yet');
  await lunch.locator('button.book').click();
  await family.page.waitForLoadState();
  const booked = family.page.locator(`.elder-grid form.booking[data-day="${day}"][data-meal=lunch]`).first();
  assert.match(await booked.textContent(), /已订/);
  assert.equal(await booked.locator('button.cancel').count(), 1, 'she may still cancel');
  await family.page.screenshot({ path: join(shots, 'daycare-family.png'), fullPage: true });

  await staff.page.reload();
  assert.equal(await lunchPlates(staff.page), before + 1);
  await staff.page.screenshot({ path: join(shots, 'daycare-kitchen.png'), fullPage: true });
  await family.context.close();
  await staff.context.close();
});
