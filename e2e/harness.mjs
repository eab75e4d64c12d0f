// Starts `linli demo` on a free port with a fresh data folder, and a Debian
// chromium driven by playwright-core. Nothing here downloads a browser.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

const binary = process.env.LINLI_BIN || join(here, '..', 'target', 'debug', 'linli');

/** Starts the demo and resolves to { base, stop }. */
export async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
  const child = spawn(binary, ['demo', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, LINLI_LOG: 'warn' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`linli demo did not start:\n${out}\n${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`linli demo exited ${code}:\n${err}`)); });
  });
  return {
    base,
    banner: () => out,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's chromium headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

/** Starts the demo and a browser before a file's tests, stops both after. */
export function useDemo() {
  const ctx = {};
  before(async () => {
    ctx.demo = await startDemo();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.demo?.stop();
  });
  return ctx;
}

/** The demo's password, from its banner. */
export function demoPassword(ctx) {
  return ctx.demo.banner().match(/password: (\S+)\)/)[1];
}

/** Signs a demo account in on a phone-sized page; lands on `next`. */
export async function signIn(ctx, login, next = '/households') {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/signin?next=' + encodeURIComponent(next));
  await page.fill('#login', login);
  await page.fill('#password', demoPassword(ctx));
  await page.click('#signin-submit');
  await page.waitForURL(ctx.demo.base + next);
  return { context, page };
}

/** Signs in from the home page by its link, as a new user would; lands on the workbench. */
export async function signInByLink(ctx, login, viewport = { width: 1280, height: 900 }) {
  const context = await ctx.browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(ctx.demo.base + '/');
  await page.click('#nav-signin');
  await page.fill('#login', login);
  await page.fill('#password', demoPassword(ctx));
  await page.click('#signin-submit');
  await page.waitForURL(ctx.demo.base + '/workbench');
  return { context, page };
}

/** Opens a place of the navigation; on a phone, through the menu. */
export async function go(page, key) {
  if (await page.locator('#menu-button').isVisible()) await page.click('#menu-button');
  await page.click('#nav-' + key);
  await page.waitForLoadState();
}
