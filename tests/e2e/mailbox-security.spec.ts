// Untrusted mail HTML in the real Chromium: hostile payloads delivered through the SMTP core must not run
// script, reach the network, open dialogs or move the page, in the Mailbox and behind the bare sandbox alike.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { sharedQuery } from '../../src/ui/shared-session.ts';
import { DEAD, FRAME_TITLE, hostileMessage, XSS_SUBJECT } from './fixtures/mailbox-payloads.ts';
import { expectScreen } from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixturePath = '/tests/e2e/fixtures/mailbox-security.html';
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

// The project's web server serves the production build, which has no test pages: this spec serves its
// fixture itself with a Vite dev server (no HMR, so nothing can reload the page behind the test's back).
let vite: ViteDevServer;
let fixtureOrigin = '';
// A real HTTP server on a free port: any request that escapes the browser's walls is counted here.
let canary: Server;
let canaryUrl = '';
const canaryHits: string[] = [];

test.beforeAll(async () => {
  canary = createHttpServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.end('');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;

  vite = await createViteServer({
    root,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', hmr: false, ws: false },
    optimizeDeps: { entries: [fixturePath.slice(1)] },
  });
  await vite.listen();
  fixtureOrigin = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
});

test.afterAll(async () => {
  await vite?.close();
  await new Promise<void>((resolve) => (canary ? canary.close(() => resolve()) : resolve()));
});

test.beforeEach(() => {
  canaryHits.length = 0;
});

interface Watch {
  requests: string[];
  failures: Array<{ url: string; error: string }>;
  dialogs: string[];
  popups: number;
  topNavigations: string[];
}

/** Record everything the page does that the payloads try to cause. */
function watch(page: Page): Watch {
  const w: Watch = { requests: [], failures: [], dialogs: [], popups: 0, topNavigations: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('requestfailed', (r) => w.failures.push({ url: r.url(), error: r.failure()?.errorText ?? '' }));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('popup', () => w.popups++);
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) w.topNavigations.push(f.url());
  });
  return w;
}

const outside = (url: string) => url.startsWith(DEAD) || url.startsWith(canaryUrl);

async function openFixture(page: Page, mode: 'mailbox' | 'bare'): Promise<string> {
  const url = `${fixtureOrigin}${fixturePath}?mode=${mode}&canary=${encodeURIComponent(canaryUrl)}`;
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __fixtureReady?: boolean }).__fixtureReady === true,
  );
  return url;
}

/** The frame of an iframe element, once its document has loaded. */
async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame for ${selector}`);
  await frame.waitForLoadState('load');
  return frame;
}

/** Click things inside the frame the way a curious reader would: the script link, the top link, Send. */
async function clickEverything(page: Page, frameSelector: string): Promise<void> {
  const inside = page.frameLocator(frameSelector);
  for (const id of ['#js-link', '#top-link', '#send']) await inside.locator(id).click();
  // Let anything those clicks could start (a navigation, a submission) begin before the checks read the page.
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)));
}

async function expectUnharmed(
  page: Page,
  frame: Frame,
  w: Watch,
  url: string,
  title = 'Mailbox security fixture',
): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(w.dialogs).toEqual([]);
  expect(w.popups).toBe(0);
  expect(page.url()).toBe(url);
  expect(w.topNavigations).toEqual([]);
  expect(await page.title()).toBe(title);
  // No script ran inside the frame either: its title and globals are as the HTML wrote them.
  expect(await frame.evaluate(() => document.title)).toBe(FRAME_TITLE);
  expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(frame.url()).toBe('about:srcdoc');
  expect(canaryHits).toEqual([]);
}

test('the Mailbox shows hostile HTML without running it or reaching the network', async ({ page }) => {
  const w = watch(page);
  const url = await openFixture(page, 'mailbox');
  w.topNavigations.length = 0;

  // Keyboard only: choose the message, then arrow to the Rendered tab.
  await page.getByRole('button', { name: new RegExp(XSS_SUBJECT) }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Envelope vs headers' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Rendered' })).toHaveAttribute('aria-selected', 'true');

  const selector = 'iframe[title^="HTML part"]';
  const iframe = page.locator(selector);
  await expect(iframe).toHaveAttribute('sandbox', '');
  expect(await iframe.getAttribute('sandbox')).not.toContain('allow-');
  const frame = await frameOf(page, selector);
  await expectUnharmed(page, frame, w, url);
  // A positive control: the message did render, so the checks are not passing on an empty frame.
  await expect(page.frameLocator(selector).locator('#visible')).toHaveText(
    'Visible text of the hostile message.',
  );
  // The tracking pixel pointed at the canary: it must not have loaded.
  expect(await frame.locator('#remote-img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);

  await clickEverything(page, selector);
  await expectUnharmed(page, frame, w, url);
  // The clean-up removed every outside URL, so the browser never even tried one.
  expect(w.requests.filter(outside)).toEqual([]);
  await expect(page.getByRole('tabpanel', { name: 'Rendered' })).toContainText(
    'Removed from the HTML for your safety',
  );

  // Legacy mode runs axe frame by frame: the sandboxed frame refuses scripts, and the default mode would then
  // open a helper page of its own, which fails in this context.
  const violations = (await new AxeBuilder({ page }).include('.mailbox').setLegacyMode(true).analyze())
    .violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: `${screenshots}mailbox.png`, fullPage: true });
});

test('the sandbox and the CSP alone hold when the HTML is not cleaned', async ({ page }) => {
  const w = watch(page);
  const url = await openFixture(page, 'bare');
  w.topNavigations.length = 0;

  const selector = 'iframe[title="Uncleaned hostile HTML"]';
  await expect(page.locator(selector)).toHaveAttribute('sandbox', '');
  const frame = await frameOf(page, selector);
  await expectUnharmed(page, frame, w, url);
  await expect(page.frameLocator(selector).locator('#visible')).toBeVisible();
  expect(await frame.locator('#remote-img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);

  await clickEverything(page, selector);
  await expectUnharmed(page, frame, w, url);
  // Chromium may announce a fetch that the CSP then blocks; none may have left for any other reason.
  const failedOutside = w.failures.filter((f) => outside(f.url));
  expect(failedOutside.filter((f) => f.error !== 'csp')).toEqual([]);
  expect(w.requests.filter(outside).length).toBe(failedOutside.length);
});

test('the seed-003 cat picture shows from its cid: part, and the envelope view flags the forgery', async ({
  page,
}) => {
  await openFixture(page, 'mailbox');
  const alice = page.getByRole('list', { name: /alice@example\.test/ });
  await alice.getByRole('button', { name: /I want this cat!/ }).click();
  await page.getByRole('tab', { name: 'Rendered' }).click();
  const selector = 'iframe[title^="HTML part"]';
  const frame = await frameOf(page, selector);
  // A data: URL passes the frame's CSP (img-src data:), so the image decodes to its real 1x1 size.
  await expect
    .poll(() => frame.locator('img[alt="cat"]').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(1);

  await page.screenshot({ path: `${screenshots}mailbox-rendered.png`, fullPage: true });

  await alice.getByRole('button', { name: new RegExp(XSS_SUBJECT) }).click();
  await page.getByRole('tab', { name: 'Envelope vs headers' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Envelope vs headers' });
  await expect(panel).toContainText('is not the envelope sender');
  await expect(panel).toContainText('looks like an address');
  await page.screenshot({ path: `${screenshots}mailbox-envelope.png`, fullPage: true });
  await page.getByRole('tab', { name: 'As stored' }).click();
  await expect(page.getByRole('tabpanel', { name: 'As stored' })).toContainText('added by the server');
  await page.screenshot({ path: `${screenshots}mailbox-stored.png`, fullPage: true });
  // The blog-widget size: the list stacks above the message.
  await page.setViewportSize({ width: 420, height: 900 });
  await page.screenshot({ path: `${screenshots}mailbox-narrow.png` });
});

test('a shared link carrying hostile HTML: replayed line by line, the message shows without running anything', async ({
  page,
}) => {
  const w = watch(page);
  const message = hostileMessage(canaryUrl)
    .split('\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line));
  const lines = [
    'telnet mail.example.test 25',
    'EHLO attacker.test',
    'MAIL FROM:<attacker@evil.test>',
    'RCPT TO:<alice@example.test>',
    'DATA',
    ...message,
    '.',
    'QUIT',
  ];
  // A link as anyone could make one: the app's own share format, pointing at the sandbox.
  const query = sharedQuery({ profile: 'postfix', world: 'default', lines });
  expect(query).not.toBeNull();
  const url = `${fixtureOrigin}/#/sandbox?${query}`;
  await page.goto(url);
  w.topNavigations.length = 0;
  const replay = page.getByTestId('replay');
  await expect(replay).toContainText(`line 1 of ${lines.length}`);
  await expect(replay).toContainText('telnet mail.example.test 25');
  // One line per press, for a class to follow; then the rest at once.
  await replay.getByRole('button', { name: 'Type the next line' }).click();
  await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix$/m);
  await expect(replay).toContainText(`line 2 of ${lines.length}`);
  await replay.getByRole('button', { name: 'Type the rest' }).click();
  await expectScreen(page, /^221 2\.0\.0 Bye$/m);
  await expect(replay).toContainText(`all ${lines.length} lines typed`);

  await page.locator('summary', { hasText: 'Mailboxes' }).click();
  await page.getByRole('button', { name: new RegExp(XSS_SUBJECT) }).click();
  await page.getByRole('tab', { name: 'Rendered' }).click();
  const selector = 'iframe[title^="HTML part"]';
  await expect(page.locator(selector)).toHaveAttribute('sandbox', '');
  const frame = await frameOf(page, selector);
  await expect(page.frameLocator(selector).locator('#visible')).toHaveText(
    'Visible text of the hostile message.',
  );
  await clickEverything(page, selector);
  await expectUnharmed(page, frame, w, url, 'SMTP Lab');
  expect(w.requests.filter(outside)).toEqual([]);
  await page.screenshot({ path: `${screenshots}shared-link-replayed.png`, fullPage: true });
});

test('a damaged share link: a clear notice, and the sandbox works', async ({ page }) => {
  await page.goto(`${fixtureOrigin}/#/sandbox?profile=postfix&world=default&lines=%E2%9C%93not-base64`);
  await expect(page.getByRole('alert')).toContainText('This link is damaged');
  await expect(page.getByTestId('replay')).toHaveCount(0);
  await page.locator('.xterm').click();
  await page.keyboard.type('echo fine');
  await page.keyboard.press('Enter');
  await expectScreen(page, /^fine$/m);
});
