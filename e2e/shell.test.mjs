// The page shell as a resident meets it: Chinese first, a one-tap language
// switch, and large-text mode that stays on from page to page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots } from './harness.mjs';

const ctx = useDemo();

/** A fresh phone-sized page that records every request and console error. */
async function phone() {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, requests, problems };
}

test('the banner prints the address and the demo communities', () => {
  assert.match(ctx.demo.banner(), /演示社区已就绪/);
  assert.match(ctx.demo.banner(), /生态园社区/);
});

test('home page renders in Chinese, from this host only', async () => {
  const { context, page, requests, problems } = await phone();
  const res = await page.goto(ctx.demo.base + '/');
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /邻里/);
  for (const name of ['交通路社区', '生态园社区', '丽景街社区']) {
    assert.ok(await page.getByRole('link', { name: new RegExp(name) }).count() > 0, name);
  }
  // The stylesheet applied: the header has the accent background.
  const bg = await page.$eval('header.top', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(179, 38, 30)');
  await page.screenshot({ path: join(shots, 'home-zh.png'), fullPage: true });
  assert.ok(requests.every((u) => u.startsWith(ctx.demo.base)), `only local requests: ${requests}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch turns the page English and back', async () => {
  const { context, page, problems } = await phone();
  await page.goto(ctx.demo.base + '/regions/141102002006');
  await page.click('#switch-lang');
  await page.waitForURL(ctx.demo.base + '/regions/141102002006');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('.tagline'), /Smart community services/);
  await page.screenshot({ path: join(shots, 'region-en.png'), fullPage: true });
  await page.click('a[href="/"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'English stays on the next page');
  await page.click('#switch-lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('large-text mode is one tap and persists across pages', async () => {
  const { context, page, problems } = await phone();
  await page.goto(ctx.demo.base + '/');
  const normal = await page.$eval('body', (el) => parseFloat(getComputedStyle(el).fontSize));
  await page.click('#switch-text');
  await page.waitForSelector('html.large');
  const large = await page.$eval('body', (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(large >= normal * 1.25, `text grows: ${normal} → ${large}`);
  await page.screenshot({ path: join(shots, 'home-large.png'), fullPage: true });
  await page.getByRole('link', { name: /生态园社区/ }).first().click();
  await page.waitForURL(/\/regions\/141102002006$/);
  assert.equal(await page.getAttribute('html', 'class'), 'large', 'still large on the community page');
  await page.screenshot({ path: join(shots, 'community-large.png'), fullPage: true });
  await page.goto(ctx.demo.base + '/api/docs');
  assert.equal(await page.getAttribute('html', 'class'), 'large', 'still large after typing an address');
  await page.click('#switch-text');
  assert.equal(await page.getAttribute('html', 'class'), null, 'and off again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown page explains in Chinese what to do next', async () => {
  const { context, page } = await phone();
  const res = await page.goto(ctx.demo.base + '/no/such/page');
  assert.equal(res.status(), 404);
  assert.match(await page.textContent('main'), /找不到这个页面/);
  assert.match(await page.textContent('main'), /返回首页/);
  await page.screenshot({ path: join(shots, 'not-found.png'), fullPage: true });
  await context.close();
});

test('the API docs page works offline', async () => {
  const { context, page, requests } = await phone();
  await page.goto(ctx.demo.base + '/api/docs');
  assert.match(await page.textContent('main'), /\/api\/v1\/regions\/\{code\}/);
  await page.screenshot({ path: join(shots, 'api-docs.png'), fullPage: true });
  assert.ok(requests.every((u) => u.startsWith(ctx.demo.base)));
  await context.close();
});
