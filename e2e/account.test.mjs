// Signing in as the demo's grid worker (王梦霞 of 交通路社区), in a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, launchBrowser, shots } from './harness.mjs';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

const password = () => demo.banner().match(/password: (\S+)\)/)[1];

test('a grid worker signs in, sees their role and area, and signs out', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(demo.base + '/account');
  assert.match(page.url(), /\/signin\?next=%2Faccount$/, 'the account page asks to sign in first');
  await page.fill('#login', 'wang.mengxia');
  await page.fill('#password', 'not-the-password');
  await page.click('#signin-submit');
  assert.match(await page.textContent('#signin-error'), /账号或密码错误/);
  assert.equal(await page.inputValue('#login'), 'wang.mengxia', 'the login is kept');
  await page.screenshot({ path: join(shots, 'signin-error.png'), fullPage: true });

  await page.fill('#password', password());
  await page.click('#signin-submit');
  await page.waitForURL(demo.base + '/account');
  assert.match(await page.textContent('h1'), /王梦霞/);
  assert.match(await page.textContent('#grants'), /网格员.*交通路社区/s);
  assert.match(await page.textContent('#nav-account'), /王梦霞/);
  await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });

  // Large text still works for a signed-in user, and the session survives it.
  await page.click('#switch-text');
  assert.equal(await page.getAttribute('html', 'class'), 'large');
  assert.match(await page.textContent('h1'), /王梦霞/);

  await page.click('#signout');
  await page.waitForURL(demo.base + '/');
  await page.goto(demo.base + '/account');
  assert.match(page.url(), /\/signin/, 'signed out');
  await context.close();
});

test('a form posted from another site is refused', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  // A page with no token cookie posting to linli, as a forged form would.
  const res = await page.request.post(demo.base + '/signin', {
    form: { login: 'wang.mengxia', password: password(), _csrf: 'forged' },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 403);
  assert.match(await res.text(), /页面已过期或来源不明/);
  await context.close();
});
