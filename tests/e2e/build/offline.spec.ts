// Offline for classrooms: after one visit to the app, its service worker has precached the build, and with the
// network gone (server stopped, browser offline) the lessons and the sandbox still load and answer. A new
// deployment offers a reload. The widget on a blog registers no worker.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { builtDist, expect, rowsOf, SITE } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let copy = '';
const servers: StaticServer[] = [];

test.beforeAll(() => {
  // A copy of the build, so that a test can deploy a "new version" of it.
  copy = mkdtempSync(join(tmpdir(), 'smtp-lab-offline-'));
  cpSync(builtDist(), copy, { recursive: true });
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(copy, { recursive: true, force: true });
});

/** A new server (a new origin, so a new service worker registration) with the blog at / and the app under it. */
async function site(): Promise<StaticServer> {
  const server = await serveStatic({ '/': SITE, '/smtp-lab/': copy });
  servers.push(server);
  return server;
}

/** The first visit: the worker installs, precaches everything and says the app now works offline. */
async function firstVisit(page: Page, server: StaticServer): Promise<void> {
  await page.goto(`${server.url}/smtp-lab/`);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}

async function typeLine(page: Page, line: string, answer: RegExp): Promise<void> {
  const terminal = page.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await terminal.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(answer);
}

test('after one visit, lessons and the sandbox work with the network gone', async ({ page, context }) => {
  const server = await site();
  await firstVisit(page, server);
  await server.close();
  await context.setOffline(true);
  try {
    await page.reload();
    const lessons = page.getByRole('link', { name: 'Lessons', exact: true });
    await lessons.click();
    await expect(page.locator('a[href="#/lessons/connect"]').first()).toBeVisible();
    await page.locator('a[href="#/lessons/connect"]').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await typeLine(page, 'telnet mail.example.test 25', /^220 mail\.example\.test /m);
    await page.goto(`${server.url}/smtp-lab/#/sandbox`);
    await typeLine(page, 'echo still here', /^still here$/m);
    // The iframe page too (its address carries the lesson in the query).
    await page.goto(`${server.url}/smtp-lab/embed.html?lesson=ehlo`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('EHLO');
    await typeLine(page, 'EHLO laptop.client.test', /^250 CHUNKING$/m);
  } finally {
    await context.setOffline(false);
  }
});

test('the offline message is readable in both themes (its buttons drew white on light grey in projector mode)', async ({
  page,
}) => {
  const server = await site();
  await firstVisit(page, server);
  const toast = page.getByTestId('offline-ready');
  for (const theme of ['default', 'projector']) {
    if (theme === 'projector') await page.getByRole('button', { name: /projector/i }).click();
    const result = await new AxeBuilder({ page }).include('[data-testid="offline-ready"]').analyze();
    expect(
      result.violations.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`),
    ).toEqual([]);
    await expect(toast.getByRole('button')).toBeVisible();
  }
});

test('a new deployment shows a reload prompt, and reloading runs the new version', async ({ page }) => {
  const server = await site();
  await firstVisit(page, server);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  // Deploy: the worker's precache list changes (as a new build changes it).
  const sw = join(copy, 'sw.js');
  const original = readFileSync(sw, 'utf8');
  try {
    const next = original.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1new-version"');
    expect(next).not.toBe(original);
    writeFileSync(sw, next);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await expect(prompt).toContainText('new version');
    await Promise.all([
      page.waitForEvent('load'),
      prompt.getByRole('button', { name: 'Reload now' }).click(),
    ]);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    // The new worker is the one in charge: its precache holds index.html at the new revision.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const keys = await Promise.all(
            (await caches.keys()).map(async (name) =>
              (await (await caches.open(name)).keys()).map((r) => r.url),
            ),
          );
          return keys.flat().some((url) => url.includes('new-version'));
        }),
      )
      .toBe(true);
  } finally {
    writeFileSync(sw, original);
  }
});

test('the widget and the iframe embed register no service worker on the blog', async ({ page }) => {
  const server = await site();
  await page.goto(`${server.url}/post.html`);
  const widget = page.locator('smtp-lab#post-connect');
  await expect(widget.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await page.goto(`${server.url}/post-iframe.html`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  const registrations = () =>
    page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  expect(await registrations()).toBe(0);
  // The check can fail: the app page on the same origin does register one.
  await page.goto(`${server.url}/smtp-lab/`);
  await expect.poll(registrations, { timeout: 30_000 }).toBe(1);
});
