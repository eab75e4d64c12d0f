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
  await v.page.click('#step-finish');
  await v.page.waitForLoadState();
  assert.match(await v.page.textContent('#wish-state'), /已完成/);

  // He thanks: the thanks show on the wall, the hour counts.
  await yi.page.goto(wish);
  await yi.page.fill('#note', '谢谢志愿者，米都搬上来了！');
  await yi.page.click('#step-thank');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#thanks'), /谢谢志愿者/);
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
