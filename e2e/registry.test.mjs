// Staff at the 交通路 counter find 李桂英 by pinyin initials, open her page,
// correct a detail and see it on her history; then the community's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

test('staff find a resident by pinyin, correct her record and see the history', async () => {
  const { context, page } = await signIn(ctx, 'liu.yuanyuan', '/people');
  await page.fill('#q', 'lgy');
  await page.click('form.search button');
  const names = await page.$$eval('#results strong', (s) => s.map((e) => e.textContent));
  assert.ok(names.includes('李桂英'), `李桂英 among ${names}`);
  await page.screenshot({ path: join(shots, 'people-search.png'), fullPage: true });

  await page.click('#results a:has-text("李桂英")');
  assert.match(await page.textContent('h1'), /李桂英.*在住/s);
  assert.match(await page.textContent('#facts'), /138\*{4}0101/, 'phone masked');
  assert.match(await page.textContent('#history-none'), /没有变更/);
  await page.click('#edit summary');
  await page.fill('#employment', '社区志愿者');
  await page.click('#save');
  assert.match(await page.textContent('#message'), /已保存/);
  assert.match(await page.textContent('#history'), /工作单位：退休 → 社区志愿者/);
  assert.match(await page.textContent('#facts'), /138\*{4}0101/, 'the phone was kept');
  await page.screenshot({ path: join(shots, 'person.png'), fullPage: true });
  await context.close();
});

test('a street admin sees the statistics of a community in their street', async () => {
  const { context, page } = await signIn(ctx, 'fengshan', '/stats');
  await page.selectOption('#region', '141102002006');
  await page.click('form.search button');
  assert.match(await page.textContent('h1'), /生态园社区/);
  assert.equal(await page.textContent('#grids'), '31');
  assert.ok(Number(await page.textContent('#people-n')) > 6000);
  await page.screenshot({ path: join(shots, 'stats.png'), fullPage: true });
  await context.close();
});

test('a grid worker on a phone walks from her grid to a building and its households', async () => {
  const { context, page } = await signIn(ctx, 'wang.mengxia', '/registry/141102001002001');
  assert.match(await page.textContent('h1'), /交通路第一网格/);
  assert.match(await page.textContent('#team'), /网格长/, 'the grid team is listed');
  assert.match(await page.textContent('#tagged'), /独居老人|空巢老人|党员/, 'special groups of her grid');
  assert.equal(await page.$('#org-add'), null, 'a grid worker changes nothing here');
  await page.screenshot({ path: join(shots, 'grid-worker-grid.png'), fullPage: false });
  await page.click('#buildings a >> nth=0');
  assert.match(await page.textContent('h1'), /号楼/);
  const households = await page.$$eval('#houses a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(households.length > 5, `households in the building: ${households.length}`);
  await page.screenshot({ path: join(shots, 'grid-worker-building.png'), fullPage: false });
  await page.click('#houses a >> nth=0');
  assert.match(page.url(), /\/households\//);
  assert.match(await page.textContent('#people'), /\*{8}/, 'masked ID numbers');
  await context.close();
});
