// Signing in as the demo's grid worker (王梦霞 of 交通路社区), in a ctx.browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn, demoPassword } from './harness.mjs';

const ctx = useDemo();

const password = () => demoPassword(ctx);

test('a grid worker signs in, sees their role and area, and signs out', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/account');
  assert.match(page.url(), /\/signin\?next=%2Faccount$/, 'the account page asks to sign in first');
  await page.fill('#login', 'wang.mengxia');
  await page.fill('#password', 'not-the-password');
  await page.click('#signin-submit');
  assert.match(await page.textContent('#signin-error'), /账号或密码错误/);
  assert.equal(await page.inputValue('#login'), 'wang.mengxia', 'the login is kept');
  await page.screenshot({ path: join(shots, 'signin-error.png'), fullPage: true });

  await page.fill('#password', password());
  await page.click('#signin-submit');
  await page.waitForURL(ctx.demo.base + '/account');
  assert.match(await page.textContent('h1'), /王梦霞/);
  assert.match(await page.textContent('#grants'), /网格员.*交通路第一网格/s);
  assert.match(await page.textContent('#nav-account'), /王梦霞/);
  await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });

  // Large text still works for a signed-in user, and the session survives it.
  await page.click('#switch-text');
  assert.equal(await page.getAttribute('html', 'class'), 'large');
  assert.match(await page.textContent('h1'), /王梦霞/);

  // Signing out is in the top bar on every page, not only on the account page.
  await page.goto(ctx.demo.base + '/workbench');
  await page.click('#nav-signout');
  await page.waitForURL(ctx.demo.base + '/');
  await page.goto(ctx.demo.base + '/account');
  assert.match(page.url(), /\/signin/, 'signed out');
  await context.close();
});

test('a form posted from another site is refused', async () => {
  const context = await ctx.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  // A page with no token cookie posting to linli, as a forged form would.
  const res = await page.request.post(ctx.demo.base + '/signin', {
    form: { login: 'wang.mengxia', password: password(), _csrf: 'forged' },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 403);
  assert.match(await res.text(), /页面已过期或来源不明/);
  await context.close();
});


test('a grid worker sees only their grid, masked; another grid worker cannot open it by URL', async () => {
  const wang = await signIn(ctx, 'wang.mengxia');
  const links = await wang.page.$$eval('#households a', (as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, 50, 'a page of the households of 交通路第一网格');
  assert.match(await wang.page.textContent('#total'), /511/, '3065 households over six grids');
  assert.ok(await wang.page.$('#next'), 'more pages follow');
  const ids = await wang.page.$$eval('#households code.id', (cs) => cs.map((c) => c.textContent));
  assert.ok(ids.length > 0 && ids.every((id) => /^\d{6}\*{12}$/.test(id)), `masked: ${ids}`);
  await wang.page.screenshot({ path: join(shots, 'households-grid-worker.png'), fullPage: true });

  await wang.page.click(`a[href="${links[0]}"]`);
  await wang.page.click('details.reveal summary');
  await wang.page.fill('details.reveal[open] input[name=reason]', '代办养老保险');
  await wang.page.click('details.reveal[open] button[type=submit]');
  const shown = await wang.page.$$eval('code.id', (cs) => cs.map((c) => c.textContent));
  assert.ok(shown.some((id) => /^\d{17}[\dX]$/.test(id)), 'one full ID, after giving a reason');
  await wang.page.screenshot({ path: join(shots, 'household-revealed.png'), fullPage: true });

  const zhao = await signIn(ctx, 'zhao.yifei');
  const res = await zhao.page.goto(ctx.demo.base + links[0]);
  assert.equal(res.status(), 404, "another grid's household is not found");
  assert.match(await zhao.page.textContent('main'), /找不到/);
  await wang.context.close();
  await zhao.context.close();
});

function withCheckDigit(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('staff upload a sheet: bad rows are named, the fixed sheet imports', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/signin?next=%2Fimport');
  await page.fill('#login', 'liu.yuanyuan');
  await page.fill('#password', password());
  await page.click('#signin-submit');
  await page.waitForURL(ctx.demo.base + '/import');
  const good = withCheckDigit('14110219600101015');
  const sheet = (id) => `\ufeff社区居民表,,,\r\n楼栋,房号,姓名,身份证号\r\n8号楼,101,温彩,${good}\r\n8号楼,102,赵一,${id}\r\n`;
  await page.fill('#grid', '141102001002001');
  await page.setInputFiles('#file', { name: '居民.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet('4.11102E+17')) });
  await page.click('#import-submit');
  const problems = await page.textContent('#import-problems');
  assert.match(problems, /第 4 行 · 身份证号：身份证号被表格软件当成了数字/);
  await page.screenshot({ path: join(shots, 'import-refused.png'), fullPage: true });

  await page.fill('#grid', '141102001002001');
  await page.uncheck('input[name=dry_run]');
  await page.setInputFiles('#file', { name: '居民.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet(withCheckDigit('14110219700505026'))) });
  await page.click('#import-submit');
  assert.match(await page.textContent('#import-done'), /新增人员 2/);
  await page.screenshot({ path: join(shots, 'import-done.png'), fullPage: true });
  await context.close();
});
