// The veteran's story of the source document (冯金保's, whose own is in the demo at 丽景街), told live with a 交通路 veteran: staff find 高建国 by phone at
// the counter, transfer his party membership on his behalf (代办) through its
// steps, and he follows it by query code without signing in. Then a grid
// worker's day: due visits under the rules, a visit recorded on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();

/** Takes one step on an application's page. */
async function step(page, action, expected) {
  await page.selectOption('#action', action);
  await page.click('#application-submit');
  await page.waitForLoadState();
  assert.match(await page.textContent('#state'), expected);
}

test('staff transfer 高建国\'s party membership for him and he follows it by query code', async () => {
  const { context, page } = await signIn(ctx, 'liu.yuanyuan', '/people');
  await page.fill('#q', '13835860202');
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/people\?q=/);
  const found = page.locator('#results li', { hasText: '高建国' });
  assert.equal(await found.count(), 1);
  await found.locator('a.proxy').click();
  await page.click('#proxy summary');
  await page.click('#proxy-DY01');
  await page.waitForURL(/\/services\/DY01\/apply\?person=/);
  assert.match(await page.textContent('#for-person'), /高建国/);
  await page.fill('#field-1', '某部队党委');
  await page.fill('#field-2', '交通路社区党委');
  await page.fill('#consent', '本人当面同意');
  await page.screenshot({ path: join(shots, 'proxy-apply.png'), fullPage: true });
  await page.click('#apply-submit');
  await page.waitForLoadState();
  const message = await page.textContent('#message');
  const code = message.match(/S[0-9A-F]{8}/)[0];
  assert.match(await page.textContent('#state'), /已提交/);
  await step(page, 'accept', /社区党委审核/);
  assert.match(await page.textContent('#time-left'), /工作日|今天到期/);
  await step(page, 'pass', /街道党工委审批/);
  // 街道党工委审批 is the street's step: not offered to the community's staff.
  assert.equal(await page.locator('#action option[value="approve"]').count(), 0);
  const appUrl = page.url();
  const street = await signIn(ctx, 'binhe', '/workbench');
  await street.page.click('#todo-applications_waiting');
  await street.page.click(`#applications a[href="${new URL(appUrl).pathname}"]`);
  await step(street.page, 'approve', /办结：准予/);
  await street.context.close();
  await page.goto(appUrl);
  await step(page, 'deliver', /已送达/);
  assert.equal(await page.locator('#application-act').count(), 0, 'nothing left to do');
  await page.screenshot({ path: join(shots, 'proxy-application.png'), fullPage: true });
  await context.close();

  // He follows it on his phone, without signing in.
  const his = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const phone = await his.newPage();
  await phone.goto(ctx.demo.base + '/services');
  await phone.goto(ctx.demo.base + '/services/track');
  await phone.fill('#code', code);
  await phone.fill('#phone', '13900000000');
  await phone.click('#service-track-submit');
  assert.match(await phone.textContent('#message'), /没有找到/);
  await phone.fill('#code', code.toLowerCase());
  await phone.fill('#phone', '13835860202');
  await phone.click('#service-track-submit');
  await phone.waitForLoadState();
  assert.match(await phone.textContent('#state'), /已送达/);
  const steps = await phone.locator('#steps li strong').allTextContents();
  assert.deepEqual(steps, ['工作人员代办提交', '受理', '社区党委审核通过', '办结：准予', '已送达/领取']);
  await phone.screenshot({ path: join(shots, 'proxy-track.png'), fullPage: true });
  await his.close();
});

test('a grid worker sees her due visits and records one on her phone', async () => {
  const { context, page } = await signIn(ctx, 'wang.mengxia', '/visits');
  const due = page.locator('#due li');
  // The day is paged: the total says how many are due in all.
  const before = Number(await page.textContent('#due-total'));
  assert.ok(before > 0, 'the demo has households due');
  assert.ok(await page.locator('#due li[data-standing="never"]').count() > 0);
  assert.ok(await page.locator('#suggestions li').count() > 0, 'proactive suggestions for her grid');
  await page.screenshot({ path: join(shots, 'visits.png'), fullPage: true });
  const first = due.first();
  const address = await first.locator('strong').first().textContent();
  await first.locator('a').first().click();
  await page.waitForURL(/\/households\/.+\/visits/);
  await page.fill('#met', '本人');
  await page.fill('#situation', '身体尚好，需要帮助申请高龄津贴');
  await page.click('#visit-save');
  await page.waitForLoadState();
  assert.match(await page.textContent('#message'), /走访已记录/);
  assert.match(await page.textContent('#visits'), /身体尚好/);
  await page.screenshot({ path: join(shots, 'visit.png'), fullPage: true });
  await page.goto(ctx.demo.base + '/visits');
  assert.equal(Number(await page.textContent('#due-total')), before - 1);
  assert.equal(await page.locator('#due li', { hasText: address }).count(), 0, `${address} is no longer due`);
  await context.close();
});
