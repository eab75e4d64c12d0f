// The help wall (爱心回音壁) as its users meet it, on phones, by the
// navigation alone: 居民一 posts a wish; the volunteer claims it and sees
// no contact until he accepts; he accepts, she marks it done with the time
// it took; he thanks; her hours and points grow and she exchanges points
// for rice — the shop's stock and her points agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink as signInAs, go } from './harness.mjs';

const ctx = useDemo();
const phone = { width: 390, height: 844 };
const signIn = (login, viewport) => signInAs(ctx, login, viewport);

const number = async (page, selector) => Number((await page.textContent(selector)).trim());

test('a wish is posted, claimed, done and thanked; the volunteer spends her points', async () => {
  const yi = await signIn('jumin.yi', phone);
  await go(yi.page, 'wall');
  await yi.page.screenshot({ path: join(shots, 'wall-phone.png'), fullPage: true });
  await yi.page.click('#wish-new');
  // Without words the form refuses, keeping what was typed.
  await yi.page.fill('#body', '米在楼下超市买，送到 3 楼');
  await yi.page.click('#wish-post');
  await yi.page.waitForLoadState();
  assert.equal(await yi.page.inputValue('#body'), '米在楼下超市买，送到 3 楼');
  await yi.page.fill('#title', '帮我搬两袋米上楼');
  await yi.page.selectOption('#category', 'errand');
  await yi.page.click('#wish-post');
  await yi.page.waitForURL(/\/wall\/[0-9a-f-]+$/);
  const wish = yi.page.url();
  assert.match(await yi.page.textContent('#wish-state'), /等待认领/);

  // The volunteer finds it on the wall and claims it: no contact yet.
  const v = await signIn('zhiyuan.jtl', phone);
  await go(v.page, 'points');
  const before = await number(v.page, '#balance');
  await go(v.page, 'wall');
  await v.page.locator('#wishes a', { hasText: '帮我搬两袋米上楼' }).click();
  await v.page.waitForLoadState();
  await v.page.click('#step-claim');
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#wish-state'), /待确认/);
  assert.equal(await v.page.locator('#contact').count(), 0, 'no contact before he accepts');

  // He accepts (his workbench counts what waits for him).
  await go(yi.page, 'workbench');
  await yi.page.goto(wish);
  await yi.page.click('#step-accept');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#wish-state'), /已认领/);

  // Now she sees how to reach him, and marks it done with the time it took.
  await v.page.reload();
  assert.ok(await v.page.locator('#contact').isVisible(), 'contact once accepted');
  assert.notEqual((await v.page.textContent('#contact-address')).trim(), '');
  await v.page.screenshot({ path: join(shots, 'wish-contact.png'), fullPage: true });
  await v.page.fill('#note', '两袋米已送到家');
  await v.page.fill('#minutes', '30 小时');
  await v.page.click('#step-finish');
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#minutes-error'), /整数|数字|分钟|24/);
  assert.equal(await v.page.inputValue('#note'), '两袋米已送到家', 'the note stays');
  await v.page.fill('#minutes', '60');
  // A photo of the work, taken on the phone (drawn here on a canvas).
  const png = await v.page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 64; c.height = 48;
    const g = c.getContext('2d');
    g.fillStyle = '#c33'; g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#fff'; g.fillRect(8, 8, 24, 24);
    return c.toDataURL('image/png').split(',')[1];
  });
  await v.page.setInputFiles('#photo', { name: 'done.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
  await v.page.click('#step-finish');
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#wish-state'), /已完成/);
  assert.equal(await v.page.locator('#wish-photos img').count(), 1, 'the photo of the work');

  // He thanks: the thanks show on the wall, the hour counts.
  await yi.page.goto(wish);
  await yi.page.fill('#note', '谢谢志愿者，米都搬上来了！');
  await yi.page.click('#step-thank');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#thanks'), /谢谢志愿者/);
  assert.ok(await yi.page.locator('#wish-photos img').isVisible(), 'he sees the photo of the work');
  assert.ok(await yi.page.locator('#wish-photos img').evaluate((img) => img.complete && img.naturalWidth > 0), 'it loads');
  await go(yi.page, 'wall');
  await yi.page.click('#tab-thanked');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#wishes'), /谢谢志愿者，米都搬上来了！/);

  await go(v.page, 'volunteers');
  await v.page.locator('#my-volunteering a').first().click();
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#hours'), /帮我搬两袋米上楼/);
  await go(v.page, 'points');
  const after = await number(v.page, '#balance');
  assert.equal(after, before + 10, 'an hour earns 10 points');

  // She exchanges 30 points for rice; the shop's stock and her points agree.
  await v.page.click('#to-shop');
  await v.page.waitForLoadState();
  const rice = v.page.locator('.shop-item', { hasText: '大米' });
  const stock = Number((await rice.locator('.stock').textContent()).trim());
  await rice.locator('.exchange-form button').click();
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#exchanged'), /领取码 \d{6}/);
  assert.equal(await number(v.page, '#balance'), after - 30);
  await v.page.screenshot({ path: join(shots, 'points-after-exchange.png'), fullPage: true });
  await v.page.click('#to-shop');
  await v.page.waitForLoadState();
  const left = Number((await v.page.locator('.shop-item', { hasText: '大米' }).locator('.stock').textContent()).trim());
  assert.equal(left, stock - 1);
  await v.context.close();
  await yi.context.close();
});

test('a party lesson is heard to the end before its points can be asked for', async () => {
  const yi = await signIn('jumin.yi', phone);
  await go(yi.page, 'points');
  await yi.page.click('#to-study');
  await yi.page.waitForLoadState();
  await yi.page.locator('#study-items a', { hasText: '有声党建' }).click();
  await yi.page.waitForLoadState();
  const button = yi.page.locator('#study-finish');
  assert.ok(await button.isDisabled(), 'the button waits for the end of the recording');
  // The player plays the recording the page serves: skipped to its last second, it ends.
  const duration = await yi.page.locator('#study-audio').evaluate(async (a) => {
    a.muted = true;
    if (!(a.duration > 0)) await new Promise((ok) => a.addEventListener('loadedmetadata', ok, { once: true }));
    a.currentTime = Math.max(0, a.duration - 1);
    await a.play();
    return a.duration;
  });
  assert.ok(duration > 40 && duration < 50, `the demo's recording is 45 s, the player says ${duration}`);
  await button.waitFor({ state: 'visible' });
  await yi.page.waitForFunction(() => !document.getElementById('study-finish').disabled, null, { timeout: 10000 });
  await yi.page.screenshot({ path: join(shots, 'study-audio-phone.png'), fullPage: true });
  // Skipping ahead is not listening: asked for too soon, the server says to listen first.
  await button.click();
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#problem'), /听完录音/);
  await yi.context.close();
});
