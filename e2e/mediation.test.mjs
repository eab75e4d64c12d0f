// Mediation (矛盾纠纷调解) as its users meet it: community staff make a case
// of a 邻里纠纷 event, hold a session, record the agreement and print the
// 人民调解协议书, follow it up and close the case; the grid worker of the
// parties' grid sees that a case exists and cannot open it; the 三零 page of
// 生态园 shows the month it was not zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink, go } from './harness.mjs';

const ctx = useDemo();

async function act(page, action, text) {
  const form = page.locator(`form.action[data-action=${action}]`);
  if (text) await form.locator('textarea[name=text]').fill(text);
  await form.locator('button').click();
  await page.waitForLoadState();
}

test('an event becomes a case, is mediated, agreed, printed, followed up and closed; the grid worker cannot open it', async () => {
  const staff = await signInByLink(ctx, 'liu.yuanyuan');
  const page = staff.page;
  await page.goto(ctx.demo.base + '/events');
  await page.locator('#events li', { hasText: '漏水到我家天花板' }).locator('a').first().click();
  await page.waitForLoadState();
  await page.click('#event-to-mediation');
  await page.waitForLoadState();
  assert.ok(await page.locator('#from-event').isVisible(), 'it says where it came from');
  assert.match(await page.locator('textarea[name=summary]').inputValue(), /漏水/, 'the matter copied in');
  // A dispute needs both sides: refused with the message by the parties, what was typed kept.
  await page.selectOption('select[name=grid]', '141102001002001');
  await page.fill('input[name=a1_name]', '李建国');
  await page.fill('input[name=a1_phone]', '13903581234');
  await page.click('#save-case');
  assert.ok(await page.locator('#parties-error').isVisible(), 'the parties refused');
  assert.equal(await page.locator('input[name=a1_name]').inputValue(), '李建国', 'typed kept');
  await page.fill('input[name=r1_name]', '王淑芬');
  await page.fill('input[name=r1_address]', '交通路苑 5 号楼 2 单元 501');
  await page.click('#save-case');
  await page.waitForURL(/\/mediation\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  assert.match(await page.locator('#state').textContent(), /已登记/);
  assert.match(await page.locator('#parties-table').textContent(), /139\*\*\*\*1234/, 'the phone masked');
  await act(page, 'accept');
  await act(page, 'mediate');
  await page.click('#session-form summary');
  await page.fill('input[name=place]', '交通路社区调解室');
  await page.fill('input[name=participants]', '双方当事人、调解员赵秀英');
  await page.fill('textarea[name=minutes]', '物业查明漏水点在楼上地漏，双方同意分担修复费用。');
  await page.click('#record-session');
  await page.waitForLoadState();
  assert.match(await page.locator('#session-list').textContent(), /交通路社区调解室/);
  // An agreement without terms is refused by the field.
  await act(page, 'agree', ' ');
  assert.ok(await page.locator('form.action[data-action=agree] .field-error, form.action[data-action=agree] .alert').count() >= 1);
  await act(page, 'agree', '楼上住户重做防水；楼下天花板修复费用双方各半。');
  assert.match(await page.locator('#state').textContent(), /达成协议/);
  assert.ok(await page.locator('#confirm-by').isVisible(), 'the 30 days to ask the court');
  await page.screenshot({ path: join(shots, 'mediation-case.png'), fullPage: true });
  await page.click('#print-agreement');
  await page.waitForLoadState();
  assert.doesNotMatch(await page.locator('#agreement-doc').textContent(), /13903581234/, 'masked until a reason is given');
  await page.fill('#reveal-form input[name=reason]', '打印供双方签字');
  await page.click('#reveal');
  await page.waitForLoadState();
  const doc = await page.locator('#agreement-doc').textContent();
  assert.match(doc, /人民调解协议书/);
  assert.match(doc, /李建国/);
  assert.match(doc, /13903581234/, 'the printed agreement carries the full phone for signing');
  assert.match(doc, /楼上住户重做防水/);
  await page.screenshot({ path: join(shots, 'mediation-agreement.png'), fullPage: true });
  await page.goto(caseUrl);
  await act(page, 'follow_up', '防水已重做，费用已付清。');
  await act(page, 'close', '协议已履行，结案。');
  assert.match(await page.locator('#state').textContent(), /已结案/);
  assert.equal(await page.locator('#actions').count(), 0, 'nothing more to do');

  const grid = await signInByLink(ctx, 'wang.mengxia');
  await go(grid.page, 'mediation');
  await grid.page.click('a[href="/mediation?all=true"]');
  const id = caseUrl.split('/').pop();
  assert.equal(await grid.page.locator(`tr[data-exists="${id}"]`).count(), 1, 'she knows a case exists');
  assert.equal(await grid.page.locator(`a[href="/mediation/${id}"]`).count(), 0, 'with no way in');
  const res = await grid.page.goto(caseUrl);
  assert.equal(res.status(), 404, 'and cannot open it');
  await grid.context.close();
  await staff.context.close();
});

test('the 三零 page for 生态园 shows the month it was not zero', async () => {
  const head = await signInByLink(ctx, 'luo.xinjuan');
  await go(head.page, 'mediation');
  await head.page.click('#zero-link');
  await head.page.waitForLoadState();
  const row = head.page.locator('#zero-table tr[data-community="141102002006"]');
  assert.ok(await row.locator('td.warn').count() >= 1, 'a month with an accident or a case');
  assert.ok(await row.locator('td.ok').count() >= 1, 'and months that were zero');
  assert.match(await row.locator('td.warn').first().textContent(), /事故|案件|信访/);
  // An event of 安全隐患 is recorded as an accident from its page.
  await head.page.goto(ctx.demo.base + '/events');
  await head.page.locator('#events li', { hasText: '电动车充电' }).locator('a').first().click();
  await head.page.waitForLoadState();
  await head.page.click('#event-to-accident');
  await head.page.waitForLoadState();
  assert.equal(await head.page.locator('#record-incident select[name=kind]').inputValue(), 'accident');
  await head.page.fill('#record-incident input[name=summary]', '楼道电动车充电起火，已扑灭');
  await head.page.click('#record');
  await head.page.waitForLoadState();
  assert.ok(await head.page.locator('#recorded').isVisible(), 'recorded');
  assert.match(await head.page.locator('#incident-list').textContent(), /楼道电动车充电起火/);
  await head.page.screenshot({ path: join(shots, 'mediation-zero.png'), fullPage: true });
  await head.context.close();
});
