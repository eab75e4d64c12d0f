// The reading room (电子阅览) as its users meet it: staff find it in the
// navigation with the catalogue, the loans and the e-readers; a reader on
// her phone opens her list, continues the book where her e-reader left it,
// turns a page (the place is saved); on a laptop the same book opens on the
// same page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink, go } from './harness.mjs';

const ctx = useDemo();
const phone = { width: 390, height: 844 };

async function openReader(page) {
  await page.waitForSelector('#reader[data-ready=yes]', { timeout: 30000 });
  // The chapter's frame has its text.
  const frame = page.frameLocator('#reader-page iframe');
  await frame.locator('p').first().waitFor({ timeout: 30000 });
  return page.locator('#reader');
}

test('staff keep the room; a reader continues on another device at the same place', async () => {
  const staff = await signInByLink(ctx, 'luo.xinjuan');
  await go(staff.page, 'reading');
  assert.ok(await staff.page.locator('#books-table tr[data-book]').count() >= 8, 'the catalogue');
  assert.ok(await staff.page.locator('#loans-table .overdue').count() >= 1, 'overdue loans marked');
  assert.equal(await staff.page.locator('#devices-table tr[data-device]').count(), 20, 'twenty e-readers');
  await staff.page.screenshot({ path: join(shots, 'reading-staff.png'), fullPage: true });

  const mobile = await signInByLink(ctx, 'jiashu.wang', phone);
  await go(mobile.page, 'reading');
  const item = mobile.page.locator('#my-list li', { hasText: '社区居民读书会手册' });
  assert.match(await item.textContent(), /30%/, 'where her e-reader left it');
  await item.locator('a').click();
  await mobile.page.waitForLoadState();
  await mobile.page.screenshot({ path: join(shots, 'reading-book.png'), fullPage: true });
  await mobile.page.click('#read');
  const reader = await openReader(mobile.page);
  assert.equal(await reader.getAttribute('data-opened'), 'saved');
  assert.equal(await reader.getAttribute('data-href'), 'text/c2.xhtml', 'the chapter her e-reader was in');
  await mobile.page.click('#next');
  await mobile.page.waitForFunction(() => {
    const r = document.getElementById('reader');
    return r.dataset.savedCfi && r.dataset.savedCfi === r.dataset.cfi;
  }, null, { timeout: 15000 });
  const cfi = await reader.getAttribute('data-cfi');
  const href = await reader.getAttribute('data-href');
  await mobile.page.screenshot({ path: join(shots, 'reading-phone.png') });

  const laptop = await signInByLink(ctx, 'jiashu.wang');
  await laptop.page.goto(mobile.page.url());
  const again = await openReader(laptop.page);
  assert.equal(await again.getAttribute('data-href'), href, 'the same chapter');
  assert.equal(await again.getAttribute('data-opened'), 'saved');
  const landed = await again.getAttribute('data-cfi');
  // The same place: a wider page starts at or before the phone's place in that chapter.
  assert.ok(landed && landed.startsWith(cfi.split('!')[0]), `${landed} vs ${cfi}`);
  await laptop.page.screenshot({ path: join(shots, 'reading-laptop.png') });
  await laptop.context.close();
  await mobile.context.close();
  await staff.context.close();
});
