// The iframe embed sizes itself: embed.html posts its content height, and the few lines the README tells a host
// page to paste (read from the README itself, so the documented snippet is the tested one) resize the frame.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { builtDist, expect, ROOT, rowsOf } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

/** The indented <script> block that follows the README's "autosize snippet" marker. */
function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- autosize snippet[^\n]*\n((?: {4}.*\n)+)/.exec(readme);
  if (!m) throw new Error('README.md has no autosize snippet');
  return m[1];
}

let work = '';
let server: StaticServer;

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'smtp-lab-autosize-'));
  const page = (extra: string) => `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>A post</title><link rel="icon" href="data:," /></head>
<body style="max-width:720px"><h1>A post</h1>
<iframe src="/smtp-lab/embed.html?lesson=ehlo" title="SMTP Lab" style="width:100%;height:150px;border:0"></iframe>
<p>After the frame.</p>
${extra}</body></html>`;
  writeFileSync(join(work, 'with-snippet.html'), page(readmeSnippet()));
  writeFileSync(join(work, 'no-script.html'), page(''));
  server = await serveStatic({ '/': work, '/smtp-lab/': builtDist() });
});
test.afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const frameHeight = (page: Page) => page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
const contentHeight = (page: Page) =>
  page
    .frameLocator('iframe')
    .locator('smtp-lab')
    .evaluate((el) => Math.ceil(el.getBoundingClientRect().height));

test('with the README snippet, the frame takes its content height and grows with the transcript', async ({
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await page.goto(`${server.url}/with-snippet.html`);
  const frame = page.frameLocator('iframe');
  const terminal = frame.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect.poll(() => frameHeight(page)).toBeGreaterThan(400);
  await expect
    .poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight(page))))
    .toBeLessThan(2);
  // No scroll bar inside: the whole widget is in view of the page's own scrolling.
  const inner = await frame.locator('html').evaluate((html) => html.scrollHeight - html.clientHeight);
  expect(inner).toBeLessThanOrEqual(1);
  const before = await frameHeight(page);
  console.log(`ehlo lesson in a 720px column: ${before}px`);

  await terminal.click();
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^220 /m);
  await page.keyboard.type('EHLO laptop.client.test');
  await page.keyboard.press('Enter');
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^250 CHUNKING$/m);
  // The transcript and the outcome panel grew: so does the frame.
  await expect.poll(() => frameHeight(page)).toBeGreaterThan(before);
  await expect
    .poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight(page))))
    .toBeLessThan(2);
});

test('without a script on the host, the frame keeps the height it was given', async ({ page }) => {
  await page.goto(`${server.url}/no-script.html`);
  await expect(page.frameLocator('iframe').locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  expect(await frameHeight(page)).toBe(150);
});
