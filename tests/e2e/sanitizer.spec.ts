// The mail sanitizer alone (DOMPurify with our hooks), in the real Chromium: the payloads that passed the old
// hand-written sanitizer, cleaned and shown in frames with no sandbox and no CSP, run nothing and fetch nothing;
// the same payloads uncleaned do both (so this test can fail). The app itself always adds the sandbox and the
// CSP on top (mailbox-security.spec.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { sanitizerPayloads } from './fixtures/sanitizer-payloads.ts';

let canary: Server;
let canaryUrl = '';
const hits: string[] = [];

test.beforeAll(async () => {
  canary = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => canary.close(() => resolve()));
});

test.beforeEach(() => {
  hits.length = 0;
});

async function open(page: Page, mode: 'clean' | 'raw'): Promise<void> {
  await page.goto(`/tests/e2e/fixtures/sanitizer.html?mode=${mode}&canary=${encodeURIComponent(canaryUrl)}`);
  await page.waitForFunction(
    () => (window as unknown as { __fixtureReady?: boolean }).__fixtureReady === true,
  );
  for (const frame of await page.locator('iframe').all()) {
    await (await frame.elementHandle())!.contentFrame().then((f) => f!.waitForLoadState('load'));
  }
  // Click the SVG link (the <set to> payload) the way a reader would.
  const svg = page.frameLocator('iframe[data-index="6"]').getByText('click me');
  await svg.click({ timeout: 2000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number[] }).__pwned);

test('cleaned, the seven payloads run nothing and fetch nothing, even without sandbox or CSP', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await open(page, 'clean');
  expect(await pwned(page)).toBeUndefined();
  expect(hits).toEqual([]);
  expect(dialogs).toEqual([]);
  const payloads = sanitizerPayloads(canaryUrl);
  for (const [i, payload] of payloads.entries()) {
    const frame = page.locator(`iframe[data-index="${i}"]`);
    const blocked = JSON.parse((await frame.getAttribute('data-blocked')) ?? '{}') as Record<string, number>;
    for (const key of payload.counts) expect(blocked[key], `${payload.name}: ${key}`).toBeGreaterThan(0);
  }
  console.log(`sanitizer: ${payloads.length} of ${payloads.length} payloads blocked and counted in Chromium`);
});

test('uncleaned, the same payloads do run and fetch (the control)', async ({ page }) => {
  await open(page, 'raw');
  // The mutation-XSS payloads ran their onerror handlers; the SVG <set to> link ran on its click.
  await expect.poll(async () => ((await pwned(page)) ?? []).sort()).toEqual([11, 12, 13, 17]);
  await expect.poll(() => hits.length).toBeGreaterThan(0);
  // Each fetching payload reached the canary: the escaped url(), the escaped @import, image-set().
  const paths = hits.map((h) => h.split(' ')[1]);
  for (const path of ['/esc-url.png', '/esc-import.css', '/image-set.png'])
    expect(paths, path).toContain(path);
});
