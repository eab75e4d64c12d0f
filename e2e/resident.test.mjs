// A resident's way in, and every form that refuses keeps what was typed:
// she registers, staff verify her under 待核实的居民注册, and she sees her
// household and bills and books a home visit; each form (registration,
// report, visit, 迁入登记, application, appointment) given a wrong entry
// comes back as typed with the message by the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signIn } from './harness.mjs';

const ctx = useDemo();
const NEW_PASSWORD = 'Lvliang-2026-grid';

async function phonePage(width = 390, height = 844) {
  const context = await ctx.browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

/** A small real JPEG: a screenshot of a page. */
async function jpeg(page) {
  return { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await page.screenshot({ type: 'jpeg', quality: 50, clip: { x: 0, y: 0, width: 64, height: 48 } }) };
}

/** The first household of 高建国 as the counter finds it; its page. */
async function fengsHousehold(staff) {
  await staff.goto(ctx.demo.base + '/counter');
  await staff.fill('#q', '高建国');
  await staff.click('#counter-search');
  await staff.locator('#results a').first().click();
  await staff.waitForURL(/\/counter\?household=/);
  return new URL(staff.url()).searchParams.get('household');
}

test('a registered resident, once verified, sees her household and bills and books a visit', async () => {
  // Staff look up the full ID number of 高建国's wife (she has no phone on file).
  const { context: office, page: staff } = await signIn(ctx, 'liu.yuanyuan', '/account');
  const household = await fengsHousehold(staff);
  await staff.goto(ctx.demo.base + `/households/${household}`);
  const wife = staff.locator('#people li', { hasText: '配偶' }).first();
  const wifeName = (await wife.locator('strong').textContent()).trim();
  await wife.locator('summary').click();
  await wife.locator('input[name="reason"]').fill('居民注册核对');
  await wife.locator('button[type="submit"]').click();
  const id = (await staff.locator('#people li', { hasText: '配偶' }).first().locator('code.id').textContent()).trim();
  assert.match(id, /^\d{17}[\dX]$/);

  // She registers on her phone; a typo in the ID number keeps what she typed.
  const { context: pocket, page: me } = await phonePage();
  await me.goto(ctx.demo.base + '/register');
  assert.match(await me.textContent('main'), /姓名、身份证号和手机号都一致.*个工作日/s, 'says when it is at once and how long otherwise');
  await me.fill('#name', wifeName);
  await me.fill('#phone', '13655550123');
  const typo = id.slice(0, 16) + ((Number(id[16]) + 1) % 10) + id[17];
  await me.fill('#id_number', typo);
  await me.selectOption('#community', '141102001002');
  await me.fill('#password', NEW_PASSWORD);
  await me.fill('#confirm', NEW_PASSWORD);
  await me.click('#register-submit');
  assert.match(await me.textContent('#id_number-error'), /身份证号/);
  assert.equal(await me.inputValue('#id_number'), typo, 'the ID number stays');
  assert.equal(await me.inputValue('#name'), wifeName);
  assert.equal(await me.inputValue('#phone'), '13655550123');
  await me.screenshot({ path: join(shots, 'register-refused.png'), fullPage: true });
  await me.fill('#id_number', id);
  await me.fill('#password', NEW_PASSWORD);
  await me.fill('#confirm', NEW_PASSWORD);
  await me.click('#register-submit');
  assert.match(await me.textContent('#register-done'), /个工作日/);
  await me.screenshot({ path: join(shots, 'register-done.png'), fullPage: true });

  // Before verification, sign-in says it waits, not 账号或密码错误.
  await me.goto(ctx.demo.base + '/signin');
  await me.fill('#login', '13655550123');
  await me.fill('#password', NEW_PASSWORD);
  await me.click('#signin-submit');
  const waiting = await me.textContent('#signin-notice');
  assert.equal(await me.locator('#signin-error').count(), 0);
  assert.match(waiting, /等待社区工作人员核实/);
  assert.doesNotMatch(waiting, /账号或密码错误/);
  await me.screenshot({ path: join(shots, 'signin-waiting.png'), fullPage: true });

  // Staff verify: the queue says whom the ID number names.
  await staff.goto(ctx.demo.base + '/admin/registrations');
  const entry = staff.locator('#registrations li', { hasText: '136****0123' });
  assert.match(await entry.textContent(), new RegExp(`人口登记：${wifeName}`));
  await staff.screenshot({ path: join(shots, 'registrations-queue.png'), fullPage: true });
  await entry.locator('button[value="approve"]').click();
  await staff.waitForURL(ctx.demo.base + '/admin/registrations');
  await office.close();

  // She signs in: her household, its bills, and a home visit.
  await me.goto(ctx.demo.base + '/signin?next=' + encodeURIComponent('/my/household'));
  await me.fill('#login', '13655550123');
  await me.fill('#password', NEW_PASSWORD);
  await me.click('#signin-submit');
  await me.waitForURL(ctx.demo.base + '/my/household');
  const mine = await me.textContent('main');
  assert.match(mine, /高建国/);
  assert.match(mine, new RegExp(wifeName));
  await me.screenshot({ path: join(shots, 'my-household.png'), fullPage: true });
  await me.goto(ctx.demo.base + '/my/bills');
  assert.match(await me.textContent('main'), /物业费/);
  await me.screenshot({ path: join(shots, 'my-bills.png'), fullPage: true });

  await me.goto(ctx.demo.base + '/my/appointments');
  await me.fill('#wish', '周三上午');
  await me.fill('#note', '帮');
  await me.click('#appointment-send');
  assert.ok(await me.locator('#note-error').count(), 'the message is by the field');
  assert.equal(await me.inputValue('#wish'), '周三上午', 'what was typed stays');
  assert.equal(await me.inputValue('#note'), '帮');
  await me.screenshot({ path: join(shots, 'appointment-refused.png'), fullPage: true });
  await me.fill('#note', '帮我办理高龄津贴');
  await me.click('#appointment-send');
  await me.waitForURL(/\/my\/appointments\?sent=1$/);
  assert.match(await me.textContent('#message'), /预约已提交/);
  assert.match(await me.textContent('#my-appointments'), /帮我办理高龄津贴/);
  await pocket.close();
});

test('the report form keeps what was typed and the photo already sent', async () => {
  const { context, page } = await phonePage();
  await page.goto(ctx.demo.base + '/report');
  const category = await page.locator('#category option').nth(2).getAttribute('value');
  await page.selectOption('#category', category);
  await page.fill('#text', '2号楼楼道灯坏了一个星期');
  await page.fill('#name', '王阿姨');
  await page.fill('#phone', '12345');
  await page.setInputFiles('#photo', await jpeg(page));
  await page.click('#report-submit');
  assert.match(await page.textContent('#phone-error'), /11 位/);
  assert.equal(await page.inputValue('#text'), '2号楼楼道灯坏了一个星期');
  assert.equal(await page.inputValue('#name'), '王阿姨');
  assert.equal(await page.inputValue('#phone'), '12345');
  assert.equal(await page.inputValue('#category'), category);
  assert.match(await page.textContent('#photos-kept'), /1 张照片已保留/);
  assert.doesNotMatch(page.url(), /_csrf/, 'no form token in the address bar');
  await page.screenshot({ path: join(shots, 'report-refused.png'), fullPage: true });
  await page.fill('#phone', '13912345678');
  await page.click('#report-submit');
  await page.waitForURL(/\/track\/[A-Z0-9]+$/);
  assert.equal(await page.locator('#steps img').count(), 1, 'the kept photo went with the report');
  // A tracking code nobody has: a sentence on the tracking page.
  await page.goto(ctx.demo.base + '/track');
  await page.fill('#code-input', 'NOSUCH123');
  await page.locator('form.search button').click();
  assert.match(await page.textContent('#track-unknown'), /没有找到查询码/);
  assert.equal(await page.inputValue('#code-input'), 'NOSUCH123');
  await page.screenshot({ path: join(shots, 'track-unknown.png'), fullPage: true });
  await context.close();
});

test('the visit form and 迁入登记 keep what was typed', async () => {
  const { context, page } = await signIn(ctx, 'wang.mengxia', '/households');
  const first = await page.locator('a[href^="/households/"]').first().getAttribute('href');
  await page.goto(ctx.demo.base + first + '/visits');
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 16);
  await page.fill('#at', tomorrow);
  await page.fill('#met', '户主本人');
  await page.fill('#situation', '身体不错，想了解养老补贴');
  await page.fill('#needs', '养老补贴');
  await page.setInputFiles('#photo', await jpeg(page));
  await page.click('#visit-save');
  assert.ok(await page.locator('#at-error').count(), 'the message is by the time');
  assert.equal(await page.inputValue('#met'), '户主本人');
  assert.equal(await page.inputValue('#situation'), '身体不错，想了解养老补贴');
  assert.equal(await page.inputValue('#needs'), '养老补贴');
  assert.equal(await page.inputValue('#at'), tomorrow);
  assert.ok(await page.locator('#photos-kept').count(), 'the photo is kept');
  await page.screenshot({ path: join(shots, 'visit-refused.png'), fullPage: true });
  await page.fill('#at', '');
  await page.click('#visit-save');
  await page.waitForURL(/\/visits\?saved=1$/);
  const history = await page.textContent('#visits');
  assert.match(history, /需求：养老补贴/);
  assert.doesNotMatch(history, /可不填/);
  assert.ok(await page.locator('#visits img').count() >= 1, 'the kept photo is on the visit');

  await page.goto(ctx.demo.base + first);
  await page.locator('#person-add summary').click();
  await page.fill('#in-name', '新来的');
  await page.fill('#in-id', '141102199001011230');
  await page.fill('#in-phone', '13800001111');
  await page.fill('#in-relation', '子女');
  await page.click('#person-save');
  assert.ok(await page.locator('#in-id-error').count(), 'the message is by the ID number');
  assert.equal(await page.locator('#person-add').getAttribute('open'), '', 'the form stays open');
  assert.equal(await page.inputValue('#in-name'), '新来的');
  assert.equal(await page.inputValue('#in-id'), '141102199001011230');
  assert.equal(await page.inputValue('#in-phone'), '13800001111');
  assert.equal(await page.inputValue('#in-relation'), '子女');
  await page.screenshot({ path: join(shots, 'move-in-refused.png'), fullPage: true });
  await context.close();
});

test('the application form keeps what was typed; 代办 success is a notice', async () => {
  const { context, page } = await signIn(ctx, 'liu.yuanyuan', '/account');
  await page.goto(ctx.demo.base + '/services/CJ01/apply');
  await page.fill('#name', '李大爷');
  await page.fill('#phone', '12345');
  const fields = page.locator('input[name^="field:"]');
  const n = await fields.count();
  for (let i = 0; i < n; i++) await fields.nth(i).fill(`值${i}`);
  await page.fill('#consent', '本人当面同意');
  await page.click('#apply-submit');
  assert.ok(await page.locator('#phone-error').count(), 'the message is by the phone');
  assert.equal(await page.inputValue('#name'), '李大爷');
  assert.equal(await page.inputValue('#phone'), '12345');
  assert.equal(await page.inputValue('#consent'), '本人当面同意');
  for (let i = 0; i < n; i++) assert.equal(await fields.nth(i).inputValue(), `值${i}`);
  await page.screenshot({ path: join(shots, 'apply-refused.png'), fullPage: true });
  await page.fill('#phone', '13944445555');
  await page.click('#apply-submit');
  const done = page.locator('#message');
  assert.match(await done.textContent(), /已代办提交/);
  assert.equal(await done.getAttribute('class'), 'notice', 'success looks like success');
  await context.close();
});
