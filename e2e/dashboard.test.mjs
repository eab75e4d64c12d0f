// The 大脑中枢: the community head opens her dashboard from the navigation
// in the morning; each figure she follows opens a list holding exactly that
// many events. The district admin compares the streets and goes down to a
// community, then to one of its grids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink, go } from './harness.mjs';

const ctx = useDemo();

/** The events a list page shows, following its next pages. */
async function countList(page) {
  let n = 0;
  for (;;) {
    n += await page.locator('#events > li').count();
    const next = page.locator('#next-page');
    if (!(await next.count())) return n;
    await next.click();
    await page.waitForLoadState();
  }
}

test('the community head\'s figures equal the lists they open', async () => {
  const { context, page } = await signInByLink(ctx, 'luo.xinjuan');
  await go(page, 'dashboard');
  assert.match(await page.textContent('h1'), /生态园/);
  await page.screenshot({ path: join(shots, 'dashboard-community.png'), fullPage: true });
  assert.ok(await page.locator('#pyramid svg[role="img"]').count(), 'the age pyramid is drawn');
  assert.ok(await page.locator('#pyramid table tbody tr').count() === 10, 'its numbers beside it');
  for (const id of ['fig-open', 'fig-board', 'fig-today', 'fig-overdue']) {
    await page.goto(ctx.demo.base + '/dashboard');
    const shown = Number((await page.textContent(`#${id} .count`)).trim());
    await page.click(`#${id}`);
    await page.waitForLoadState();
    assert.equal(await countList(page), shown, `${id}: the list holds what the figure says`);
  }
  // The month's trend: its last row's count opens the same number of events.
  await page.goto(ctx.demo.base + '/dashboard');
  const last = page.locator('#months tbody tr').last();
  const reported = Number((await last.locator('td').first().textContent()).trim());
  await last.locator('a').click();
  await page.waitForLoadState();
  assert.equal(await countList(page), reported, 'this month\'s reports');
  // On a phone the charts fit the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(ctx.demo.base + '/dashboard');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `no sideways scrolling on a phone (${wide}px)`);
  await page.screenshot({ path: join(shots, 'dashboard-phone.png'), fullPage: true });
  await context.close();
});

test('the district compares its streets and goes down to a grid', async () => {
  const { context, page } = await signInByLink(ctx, 'lishi');
  await go(page, 'dashboard');
  assert.match(await page.textContent('#level'), /区/);
  const streets = page.locator('#children tbody tr');
  assert.ok(await streets.count() >= 3, 'the streets side by side');
  await page.screenshot({ path: join(shots, 'dashboard-district.png'), fullPage: true });
  await page.click('#children a:has-text("滨河")');
  await page.waitForLoadState();
  await page.click('#children a:has-text("交通路")');
  await page.waitForLoadState();
  assert.match(await page.textContent('h1'), /交通路/);
  await page.click('#children tbody tr a >> nth=0');
  await page.waitForLoadState();
  assert.match(await page.textContent('#level'), /网格/);
  assert.equal(await page.locator('#compare #children').count(), 0, 'nothing below a grid');
  // A grid's figure opens its list filtered to the grid.
  const shown = Number((await page.textContent('#fig-open .count')).trim());
  assert.match(await page.getAttribute('#fig-open', 'href'), /grid=\d{15}/);
  await page.click('#fig-open');
  await page.waitForLoadState();
  assert.equal(await countList(page), shown);
  await context.close();
});

test('the hall screen refreshes in place round after round, without errors or growth, and names no one', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // Every 2 s instead of every minute: 60 rounds stand for an hour of the hall.
  await page.goto(ctx.demo.base + '/regions/141102001002/screen?refresh=2&turn=2');
  await page.evaluate(() => { window.sameDocument = true; });
  const rounds = async () => Number((await page.getAttribute('body', 'data-refreshed')) || 0);
  const waitRounds = async (n) => { while ((await rounds()) < n) await page.waitForTimeout(500); };
  const cdp = await context.newCDPSession(page);
  const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return (await cdp.send('Runtime.getHeapUsage')).usedSize; };
  await waitRounds(5);
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const before = await heap();
  await page.screenshot({ path: join(shots, 'hall-screen.png') });

  // A new report reaches the screen at its next round, with no reload.
  const shown = Number(await page.textContent('#bs-reported'));
  const res = await fetch(ctx.demo.base + '/api/v1/events', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category: '0101', text: '3号楼门口垃圾没人清', community: '141102001002', phone: '13900007799', name: '韩梅梅' }),
  });
  assert.equal(res.status, 201, await res.text());
  const now = await rounds();
  await waitRounds(now + 2);
  assert.equal(Number(await page.textContent('#bs-reported')), shown + 1);
  assert.ok(await page.evaluate(() => window.sameDocument), 'refreshed in place, not reloaded');

  // The panels take turns.
  const visible = async () => page.evaluate(() => [...document.querySelectorAll('.bs-turn')].filter((p) => !p.hidden).map((p) => p.id));
  const first = await visible();
  await page.waitForTimeout(2500);
  assert.notDeepEqual(await visible(), first, 'another panel after its turn');
  assert.equal((await visible()).length, 1);

  await waitRounds(60);
  assert.deepEqual(errors, [], 'no errors in sixty rounds');
  const after = await heap();
  assert.ok(after < before * 1.5 + 1_000_000, `the heap holds steady: ${before} → ${after} bytes`);
  const nodesAfter = await page.evaluate(() => document.getElementsByTagName('*').length);
  assert.ok(nodesAfter <= nodes + 40, `fixed windows: ${nodes} → ${nodesAfter} elements`);
  // Nobody is named: no phone number, no reporter, nothing below the grid.
  const text = await page.textContent('body');
  assert.doesNotMatch(text, /1[3-9]\d{9}/);
  assert.ok(!text.includes('韩梅梅') && !text.includes('王丽娥'), 'no reporter on the screen');
  await context.close();
});
