// Notices (通知公告) as their users meet them, by the navigation alone:
// staff write one to 交通路's first grid (a missing title keeps the rest),
// see whom it reaches and publish it; 居民 of that grid finds it on her
// workbench and reads it; a resident of the second grid never sees it; the
// grid worker opens who has not read it and marks a door told in person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink as signInAs, go } from './harness.mjs';

const ctx = useDemo();
const TITLE = '本周六电梯年检';

const signInByLink = (login, viewport) => signInAs(ctx, login, viewport);

test('a notice to one grid: written, previewed, read there only, and knocked on', async () => {
  const staff = await signInByLink('liu.yuanyuan');
  await go(staff.page, 'notices');
  await staff.page.click('#notice-new');
  await staff.page.locator('#grids label', { hasText: '第一网格' }).locator('input').check();
  await staff.page.fill('#body', '周六上午 9 点起各楼电梯年检，\n约两小时。\n\n- 请错峰出行\n- 行动不便的住户可联系网格员');
  await staff.page.click('#notice-publish');
  await staff.page.waitForLoadState();
  assert.match(await staff.page.textContent('#title-error'), /请填写标题/);
  assert.match(await staff.page.inputValue('#body'), /约两小时/, 'the text stays');
  assert.ok(await staff.page.locator('#grids label', { hasText: '第一网格' }).locator('input').isChecked(), 'the grid stays chosen');
  await staff.page.fill('#title', TITLE);
  await staff.page.click('#notice-preview');
  await staff.page.waitForLoadState();
  assert.match(await staff.page.textContent('#reach'), /将送达 \d+ 户、\d+ 人/);
  await staff.page.screenshot({ path: join(shots, 'notice-preview.png'), fullPage: true });
  await staff.page.click('#notice-publish');
  await staff.page.waitForLoadState();
  assert.match(await staff.page.textContent('#message'), /已发布，送达 \d+ 户/);
  assert.equal(await staff.page.locator('#notice-body li').count(), 2, 'the list is laid out');
  await staff.context.close();

  // 居民 of the first grid, on her phone: the workbench counts it.
  const yi = await signInByLink('jumin.yi', { width: 390, height: 844 });
  const unread = Number(await yi.page.textContent('#todo-notices_unread .count'));
  assert.ok(unread >= 1, `unread notices: ${unread}`);
  await yi.page.click('#todo-notices_unread');
  await yi.page.locator('#my-notices a', { hasText: TITLE }).click();
  await yi.page.waitForLoadState();
  assert.equal(await yi.page.textContent('#notice-title'), TITLE);
  assert.match(await yi.page.textContent('#receipt'), /已读/);
  await yi.page.screenshot({ path: join(shots, 'notice-resident.png'), fullPage: true });
  await go(yi.page, 'workbench');
  assert.equal(Number(await yi.page.textContent('#todo-notices_unread .count')), unread - 1);
  await yi.context.close();

  // A resident of the second grid never sees it.
  const er = await signInByLink('jumin.er', { width: 390, height: 844 });
  await go(er.page, 'my-notices');
  assert.equal(await er.page.locator('#my-notices a', { hasText: TITLE }).count(), 0);
  await er.context.close();

  // The grid worker: one household read it; she opens the others and marks one.
  const wang = await signInByLink('wang.mengxia', { width: 390, height: 844 });
  await go(wang.page, 'notices');
  await wang.page.locator('#notices a', { hasText: TITLE }).click();
  await wang.page.waitForLoadState();
  const row = wang.page.locator('#tally tbody tr').first();
  assert.equal((await row.locator('td').nth(1).textContent()).trim(), '1', 'one household has read it');
  await row.locator('a').click();
  await wang.page.waitForLoadState();
  const before = Number(await wang.page.textContent('#unread-total'));
  await wang.page.locator('#unread li button').first().click();
  await wang.page.waitForLoadState();
  assert.match(await wang.page.textContent('#message'), /已记为当面告知/);
  assert.equal(Number(await wang.page.textContent('#unread-total')), before - 1);
  await wang.page.screenshot({ path: join(shots, 'notice-unread.png'), fullPage: true });
  await wang.context.close();
});
