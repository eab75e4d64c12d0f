// Activities, associations and rooms as their users meet them, by the
// navigation alone: 居民 finds the winter lecture full, joins the waitlist
// and moves up when her neighbour cancels; staff put on a meeting about to
// start, show its QR code at the door and she checks in with her phone;
// the square dance association's leader books its room every Saturday, and
// a neighbour's booking over its Tuesday practice is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDemo, shots, signInByLink as signInAs, go } from './harness.mjs';

const ctx = useDemo();
const phone = { width: 390, height: 844 };
const signIn = (login, viewport) => signInAs(ctx, login, viewport);

/** The deployment's local time (Asia/Shanghai), `minutes` from now. */
function local(minutes = 0) {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3600_000);
}
const ymd = (d) => d.toISOString().slice(0, 10);
const hm = (d) => d.toISOString().slice(11, 16);

test('the waitlist moves up when a place comes free, and the door checks people in', async () => {
  const yi = await signIn('jumin.yi', phone);
  await go(yi.page, 'activities');
  await yi.page.locator('#activities a', { hasText: '健康讲座' }).click();
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#places'), /已报 1\/1/);
  assert.match(await yi.page.textContent('#register'), /候补/);
  const lecture = yi.page.url();
  await yi.page.click('#register');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#message'), /候补名单/);
  assert.match(await yi.page.textContent('#waiting-place'), /排在第 1 位/);
  await yi.page.screenshot({ path: join(shots, 'activity-waitlisted.png'), fullPage: true });

  // Her neighbour, registered first, cannot come after all.
  const er = await signIn('jumin.er', phone);
  await go(er.page, 'activities');
  await er.page.locator('#my-activities a', { hasText: '健康讲座' }).click();
  await er.page.waitForLoadState();
  await er.page.click('#cancel-registration');
  await er.page.waitForLoadState();
  assert.match(await er.page.textContent('#message'), /已取消报名/);
  await er.context.close();

  await yi.page.goto(lecture);
  assert.equal(await yi.page.textContent('#standing'), '报名成功');
  await go(yi.page, 'inbox');
  assert.match(await yi.page.textContent('main'), /候补转为报名成功/);

  // Staff put on a meeting about to start, in the navigation's 社区活动.
  const staff = await signIn('liu.yuanyuan');
  await go(staff.page, 'activities');
  await staff.page.click('#activity-new');
  const start = local(5);
  const end = local(65).getUTCDate() === start.getUTCDate() ? local(65) : new Date(start.getTime() + (23 * 60 + 59 - start.getUTCHours() * 60 - start.getUTCMinutes()) * 60_000);
  await staff.page.fill('#title', '楼道议事会');
  await staff.page.fill('#place', '3号楼下');
  await staff.page.fill('#day', ymd(start));
  await staff.page.fill('#start', hm(start));
  await staff.page.fill('#end', hm(end));
  await staff.page.fill('#capacity', '0');
  await staff.page.click('#activity-save');
  await staff.page.waitForLoadState();
  assert.match(await staff.page.textContent('#capacity-error'), /名额应在 1 到 2000 之间/);
  assert.equal(await staff.page.inputValue('#title'), '楼道议事会', 'what was typed stays');
  await staff.page.fill('#capacity', '20');
  await staff.page.click('#activity-save');
  await staff.page.waitForURL(/\/activities\/[0-9a-f-]+$/);
  const meeting = staff.page.url();

  await yi.page.goto(meeting);
  await yi.page.click('#register');
  await yi.page.waitForLoadState();
  assert.equal(await yi.page.textContent('#standing'), '报名成功');

  await staff.page.reload();
  await staff.page.click('#door');
  await staff.page.waitForLoadState();
  await staff.page.screenshot({ path: join(shots, 'activity-door.png'), fullPage: true });
  const url = (await staff.page.textContent('#door small')).trim();
  assert.match(url, /\/checkin\?k=/);

  // She scans it with her phone.
  await yi.page.goto(url);
  await yi.page.click('#check-in');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#checked-in'), /签到成功/);
  await yi.page.screenshot({ path: join(shots, 'activity-checked-in.png'), fullPage: true });

  await staff.page.goto(meeting);
  assert.equal(await staff.page.locator('#registrations tbody tr td:nth-child(4)', { hasText: /\d{2}:\d{2}/ }).count(), 1, 'one checked in');
  await staff.context.close();
  await yi.context.close();
});

test('an association books its room every week and a conflicting booking is refused', async () => {
  const yi = await signIn('jumin.yi');
  await go(yi.page, 'activities');
  await yi.page.click('#to-associations');
  await yi.page.locator('#associations a', { hasText: '广场舞协会' }).click();
  await yi.page.waitForLoadState();
  await yi.page.click('#lead-book');
  await yi.page.waitForLoadState();
  const saturday = local(24 * 60);
  while (saturday.getUTCDay() !== 6) saturday.setUTCDate(saturday.getUTCDate() + 1);
  const until = new Date(saturday.getTime() + 21 * 24 * 3600_000);
  await yi.page.fill('#day', ymd(saturday));
  await yi.page.fill('#start', '09:00');
  await yi.page.fill('#end', '10:30');
  await yi.page.fill('#purpose', '广场舞教学');
  await yi.page.selectOption('#association', { label: '广场舞协会' });
  await yi.page.check('#repeat');
  for (const d of ['1', '2', '3', '4', '5', '7']) await yi.page.uncheck(`#repeat-set input[name=weekday][value="${d}"]`);
  await yi.page.check('#repeat-set input[name=weekday][value="6"]');
  await yi.page.fill('#until', ymd(until));
  await yi.page.click('#book-submit');
  await yi.page.waitForLoadState();
  assert.match(await yi.page.textContent('#booked'), /已预约 \d+ 次/);
  await yi.page.screenshot({ path: join(shots, 'room-weekly.png'), fullPage: true });
  await yi.context.close();

  // A neighbour wants the room over Tuesday's practice.
  const er = await signIn('jumin.er', phone);
  await go(er.page, 'rooms');
  await er.page.locator('#rooms a', { hasText: '文体活动室' }).click();
  await er.page.waitForLoadState();
  const tuesday = local(24 * 60);
  while (tuesday.getUTCDay() !== 2) tuesday.setUTCDate(tuesday.getUTCDate() + 1);
  await er.page.fill('#day', ymd(tuesday));
  await er.page.fill('#start', '19:30');
  await er.page.fill('#end', '20:00');
  await er.page.fill('#purpose', '生日聚会');
  await er.page.click('#book-submit');
  await er.page.waitForLoadState();
  assert.match(await er.page.textContent('#start-error'), /已被预约/);
  assert.equal(await er.page.inputValue('#purpose'), '生日聚会', 'what was typed stays');
  await er.page.screenshot({ path: join(shots, 'room-conflict.png'), fullPage: true });
  await er.context.close();
});
