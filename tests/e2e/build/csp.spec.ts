// The Content-Security-Policy of index.html and embed.html (a meta tag: only the app's own scripts and styles,
// no connection to another host): every page of the production build runs with no violation reported, and the
// policy does stop an injected inline script and a request to another host.
import { test, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { builtDist, expect, rowsOf } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic({ '/': builtDist() });
});
test.afterAll(() => server.close());

/** CSP violations reported in the page and its frames (DOM events), plus the console's CSP messages. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  return async () => [
    ...console,
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
  ];
}

async function typeLine(page: Page, line: string, answer: RegExp): Promise<void> {
  const terminal = page.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await terminal.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(answer);
}

test('both pages carry the policy', async ({ page }) => {
  for (const path of ['/', '/embed.html']) {
    await page.goto(`${server.url}${path}`);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'self';/);
    // https reads: a teacher's lesson file by URL (#/lessons/url?src=, lesson-src); nothing else leaves.
    expect(policy).toMatch(/connect-src 'self' https:;/);
    expect(policy).not.toMatch(/unsafe-eval|\*/);
  }
});

test('no violation on any page: start, lessons, a lesson typed through, the sandbox with a mail read, the embed', async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${server.url}/#/lessons`);
  await expect(page.locator('a[href="#/lessons/connect"]').first()).toBeVisible();
  await page.goto(`${server.url}/#/lessons/first-message`);
  await typeLine(page, 'telnet mail.example.test 25', /^220 /m);
  expect(await violations()).toEqual([]);

  await page.goto(`${server.url}/#/sandbox`);
  await typeLine(page, 'telnet mail.example.test 25', /^220 /m);
  for (const line of ['HELO laptop', 'MAIL FROM:<me@laptop>', 'RCPT TO:<alice@example.test>', 'DATA'])
    await typeLine(page, line, /^(250|354) /m);
  await page.keyboard.type('Subject: hi');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('<b>hello</b>');
  await page.keyboard.press('Enter');
  await typeLine(page, '.', /^250 2\.0\.0 Ok: queued/m);
  // Open the mailbox: its chunk, postal-mime and the sandboxed message frame.
  const mailboxes = page.locator('details', { hasText: 'Mailboxes' }).first();
  await mailboxes.locator('summary').click();
  await expect(mailboxes.getByText('hi').first()).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await mailboxes.getByText('hi').first().click();
  expect(await violations()).toEqual([]);

  const frame = await watchCsp(page);
  await page.goto(`${server.url}/embed.html?lesson=ehlo`);
  await typeLine(page, 'EHLO laptop.client.test', /^250 CHUNKING$/m);
  expect(await frame()).toEqual([]);
});

test('the policy is enforced: an injected inline script does not run, another host is not reached', async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await page.goto(`${server.url}/#/sandbox`);
  await expect(page.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    const fetched = await fetch('http://127.0.0.2:9/').then(
      () => 'reached',
      () => 'blocked',
    );
    return { injected: (window as unknown as { __injected?: boolean }).__injected === true, fetched };
  });
  expect(ran).toEqual({ injected: false, fetched: 'blocked' });
  const reported = await violations();
  expect(reported.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(reported.some((v) => v.startsWith('connect-src'))).toBe(true);
});
