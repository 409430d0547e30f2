// The production build these tests serve: dist/, as `npm test` builds it before the browser tests (built here
// when missing, so that one spec can run alone; after a code change run `npm run build` first).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = `${ROOT}dist`;
export const SITE = `${ROOT}tests/e2e/fixtures/site`;

export function builtDist(): string {
  if (!existsSync(`${DIST}/.vite/manifest.json`)) execFileSync('npx', ['vite', 'build'], { cwd: ROOT });
  return DIST;
}

/** Console errors and failed requests of a page (and its frames), collected for an "all quiet" check. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** The rows of the terminal inside `scope` as text. */
export async function rowsOf(scope: ReturnType<Page['locator']>): Promise<string> {
  return scope
    .locator('.xterm-rows')
    .evaluate((el) =>
      Array.from(el.children, (r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'),
    );
}

/**
 * In a lesson widget (script tag) that starts with "connect": type the connection into its terminal; the
 * greeting completes step 1, so the current-step card (the compact widget folds the step list) shows step 2.
 */
export async function connectInWidget(page: Page, widget: Locator): Promise<void> {
  const terminal = widget.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await terminal.click();
  await page.keyboard.type('telnet mail.example.test 25');
  await page.keyboard.press('Enter');
  await expect
    .poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT })
    .toMatch(/^220 mail\.example\.test /m);
  await expect(widget.getByTestId('current-step')).toContainText('Step 2 of');
}

/** In an iframe embed of the EHLO lesson (it starts connected): the greeting is there, EHLO gets its list. */
export async function ehloInFrame(page: Page, frame: FrameLocator): Promise<void> {
  const terminal = frame.locator('.xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await terminal.click();
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^220 /m);
  await page.keyboard.type('EHLO laptop.client.test');
  await page.keyboard.press('Enter');
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^250 CHUNKING$/m);
}

export { expect };
