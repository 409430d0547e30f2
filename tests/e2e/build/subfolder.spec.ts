// The production build copied into a sub-folder (/smtp-lab/) of a blog that has its own /assets/: the full app,
// the script-tag widget and the iframe embed all load their chunks from beside themselves, never from the
// site's /assets/, and work.
import { test } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { builtDist, connectInWidget, ehloInFrame, expect, rowsOf, SITE, watchProblems } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveStatic({ '/': SITE, '/smtp-lab/': builtDist() });
});
test.afterAll(() => server.close());
test.beforeEach(() => {
  server.log.length = 0;
});

/** Every request went to the blog's own files or into /smtp-lab/, and none failed. */
function expectOnlyOwnFiles(blogFiles: string[]): void {
  const stray = server.log.filter((r) => !r.path.startsWith('/smtp-lab/') && !blogFiles.includes(r.path));
  expect(stray).toEqual([]);
  expect(server.log.filter((r) => r.status !== 200)).toEqual([]);
}

test('script-tag widget from /smtp-lab/ on a blog with its own /assets/', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${server.url}/post.html`);
  const widget = page.locator('smtp-lab#post-connect');
  await expect(widget.getByRole('heading', { level: 1 })).toBeVisible();
  await connectInWidget(page, widget);
  expect(await page.evaluate(() => document.documentElement.dataset.blogScript)).toBe('ran');
  expectOnlyOwnFiles(['/post.html', '/assets/site.css', '/assets/site.js']);
  expect(server.log.some((r) => r.path === '/smtp-lab/smtp-lab.js')).toBe(true);
  expect(problems).toEqual([]);
});

test('iframe embed from /smtp-lab/embed.html', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${server.url}/post-iframe.html`);
  const frame = page.frameLocator('iframe[title^="SMTP Lab"]');
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('EHLO');
  await ehloInFrame(page, frame);
  expectOnlyOwnFiles(['/post-iframe.html', '/assets/site.css', '/assets/site.js']);
  expect(problems).toEqual([]);
});

test('the full app from /smtp-lab/: start page, a lesson, the sandbox', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${server.url}/smtp-lab/#/lessons/connect`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await page.goto(`${server.url}/smtp-lab/#/sandbox`);
  const terminal = page.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await terminal.click();
  await page.keyboard.type('echo from a sub-folder');
  await page.keyboard.press('Enter');
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^from a sub-folder$/m);
  expectOnlyOwnFiles([]);
  expect(problems).toEqual([]);
});

test('text first: the lesson shows before xterm arrives, and keys typed meanwhile reach the terminal', async ({
  page,
}) => {
  // Hold the xterm chunk back, as a slow phone network would.
  let release = (): void => undefined;
  const held = new Promise<void>((done) => (release = done));
  await page.route('**/assets/xterm-runtime-*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.url}/post.html`);
  const widget = page.locator('smtp-lab#post-connect');
  await expect(widget.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(widget.getByTestId('current-step')).toBeVisible();
  expect(await widget.locator('.xterm').count()).toBe(0);
  // The learner clicks the terminal's place and types at once.
  await widget.getByTestId('terminal').click();
  await page.keyboard.type('telnet mail.example.test 25');
  await page.keyboard.press('Enter');
  release();
  const terminal = widget.locator('.xterm');
  await expect
    .poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT })
    .toMatch(/^220 mail\.example\.test /m);
  await expect(terminal.locator('textarea')).toBeFocused();
  // Step 1 done: the current-step card (the compact widget folds the step list) moves on to step 2.
  await expect(widget.getByTestId('current-step')).toContainText('Step 2 of');
});
