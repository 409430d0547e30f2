// The blog-post widget: two <smtp-lab> elements on a page whose CSS styles everything. Each renders in its own
// shadow root, untouched by that CSS and adding none to the page; each has its own terminal, server and progress.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

const widget = (page: Page, id: string) => page.locator(`smtp-lab#${id}`);

async function rows(terminal: Locator): Promise<string> {
  return terminal
    .locator('.xterm-rows')
    .evaluate((el) =>
      Array.from(el.children, (r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'),
    );
}

async function typeInto(page: Page, host: Locator, line: string, answer: RegExp): Promise<void> {
  const terminal = host.locator('.xterm');
  await terminal.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(() => rows(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(answer);
}

test('two widgets in a styled blog post: isolated from its CSS and from each other', async ({ page }) => {
  await page.goto('/tests/e2e/fixtures/blog-post.html');
  const lesson = widget(page, 'lesson-widget');
  const sandbox = widget(page, 'sandbox-widget');
  await expect(lesson.locator('.xterm-rows')).toBeVisible();
  await expect(sandbox.locator('.xterm-rows')).toBeVisible();

  // The page's CSS stops at the shadow boundary: its rules do not match inside, and what it sets on the
  // <smtp-lab> element itself is not inherited (letter-spacing would garble the terminal's grid).
  await expect(lesson.getByRole('button', { name: /^Hint\b/ })).toBeVisible();
  for (const element of [lesson.locator('.now-text'), lesson.locator('.xterm-rows')]) {
    const style = await element.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, font: s.fontFamily, spacing: s.letterSpacing };
    });
    expect(style.color).not.toBe('rgb(255, 0, 255)');
    expect(style.font).not.toMatch(/Comic Sans/);
    // "normal", or xterm's own sub-pixel correction on its rows; never the page's 3px.
    expect(Math.abs(parseFloat(style.spacing) || 0)).toBeLessThan(0.5);
  }
  // And the widgets add no CSS to the page: the only style sheet in the document is the post's own.
  expect(await page.evaluate(() => document.styleSheets.length)).toBe(1);

  // Each widget has its own server: the session typed into one does not reach the other.
  await typeInto(page, lesson, 'telnet mail.example.test 25', /^220 mail\.example\.test ESMTP Postfix/m);
  // The widget's steps list is folded (compact layout): its summary counts the steps done.
  await expect(lesson.getByRole('heading', { name: /^Steps \(1 of \d+ done\)$/ })).toBeVisible();
  await typeInto(page, sandbox, 'echo only here', /^only here$/m);
  expect(await rows(lesson.locator('.xterm'))).not.toContain('only here');
  expect(await rows(sandbox.locator('.xterm'))).not.toContain('220 mail.example.test');

  // The projector attribute applies to its own widget only.
  const fontOf = (host: Locator) =>
    host.locator('.xterm-rows').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await fontOf(sandbox)).toBeGreaterThan(await fontOf(lesson));

  // Progress is kept per widget, under its id.
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  expect(keys).toContain('smtp-lab:lesson-widget:progress');
  expect(keys.some((k) => k.startsWith('smtp-lab:sandbox-widget'))).toBe(false);

  // Previous / next switch the widget's own lesson; the blog's address stays as it was.
  await expect(lesson.getByRole('link', { name: 'All lessons' })).toHaveCount(0);
  await lesson.getByRole('link', { name: /^Next: / }).click();
  await expect(lesson.getByRole('heading', { level: 1 })).toContainText('HELO');
  await expect(lesson.getByRole('link', { name: /^← Previous: / })).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe('');

  const violations = (await new AxeBuilder({ page }).include('smtp-lab').setLegacyMode(true).analyze())
    .violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await page.screenshot({ path: screenshot('embed-blog-post'), fullPage: true });
});

test('the widget in an iframe (embed.html): set up from its address, typed into like the page itself', async ({
  page,
}) => {
  await page.goto('/tests/e2e/fixtures/blog-post-iframe.html');
  const frame = page.frameLocator('iframe[title^="SMTP Lab"]');
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('EHLO');
  const terminal = frame.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible();
  await terminal.click();
  // The EHLO lesson starts connected: the server's greeting is already on the screen.
  await expect.poll(() => rows(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^220 /m);
  await page.keyboard.type('EHLO laptop.client.test');
  await page.keyboard.press('Enter');
  await expect.poll(() => rows(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^250 CHUNKING$/m);
  await expect(frame.getByRole('heading', { name: /^Steps \(1 of \d+ done\)$/ })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage))).toContain('smtp-lab:post-ehlo:progress');
  await page.screenshot({ path: screenshot('embed-iframe'), fullPage: true });
});
